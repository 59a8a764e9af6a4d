package handlers

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/policy"
)

type hazardOut struct {
	ID                uuid.UUID  `json:"id"`
	CompanyID         uuid.UUID  `json:"company_id"`
	StreetID          uuid.UUID  `json:"street_id"`
	CommunityID       *uuid.UUID `json:"community_id"`
	Address           string     `json:"address"`
	Lat               *float64   `json:"lat"`
	Lng               *float64   `json:"lng"`
	Category          string     `json:"category"`
	Level             string     `json:"level"`
	Source            string     `json:"source"`
	FoundOn           string     `json:"found_on"`
	Description       string     `json:"description"`
	Measure           string     `json:"measure"`
	ResponsiblePerson string     `json:"responsible_person"`
	ResponsiblePhone  string     `json:"responsible_phone"`
	Deadline          string     `json:"deadline"`
	OriginalDeadline  string     `json:"original_deadline"`
	Status            string     `json:"status"`
	Overdue           bool       `json:"overdue"`
	RectificationNote string     `json:"rectification_note"`
	VerifiedBy        *uuid.UUID `json:"verified_by"`
	VerifiedByName    string     `json:"verified_by_name"`
	VerifiedOn        *string    `json:"verified_on"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func toHazard(h *ent.Hazard, today string) hazardOut {
	return hazardOut{ID: h.ID, CompanyID: h.CompanyID, StreetID: h.StreetID, CommunityID: h.CommunityID,
		Address: h.Address, Lat: h.Lat, Lng: h.Lng, Category: string(h.Category), Level: string(h.Level),
		Source: string(h.Source), FoundOn: h.FoundOn, Description: h.Description, Measure: h.Measure,
		ResponsiblePerson: h.ResponsiblePerson, ResponsiblePhone: h.ResponsiblePhone, Deadline: h.Deadline,
		OriginalDeadline: h.OriginalDeadline, Status: string(h.Status),
		Overdue:           h.Status != hazard.StatusVerified && h.Deadline < today,
		RectificationNote: h.RectificationNote, VerifiedBy: h.VerifiedBy, VerifiedByName: h.VerifiedByName,
		VerifiedOn: h.VerifiedOn, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}

// today is the date in the viewer's district zone, on the API's clock.
func (a *api) today(v *policy.Viewer) string {
	loc, err := time.LoadLocation(v.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return a.Now().In(loc).Format(time.DateOnly)
}

type hazardCreateIn struct {
	CompanyID         *uuid.UUID `json:"company_id"`
	StreetID          uuid.UUID  `json:"street_id" validate:"required"`
	CommunityID       *uuid.UUID `json:"community_id"`
	Address           string     `json:"address" validate:"required,max=200"`
	Lat               *float64   `json:"lat" validate:"omitnil,latitude"`
	Lng               *float64   `json:"lng" validate:"omitnil,longitude"`
	Category          string     `json:"category" validate:"required,oneof=pipeline_occupation aging_pipeline leak alarm_missing illegal_use equipment_defect heating_network_defect other"`
	Level             string     `json:"level" validate:"required,oneof=general major"`
	Source            string     `json:"source" validate:"required,oneof=self_inspection bureau_inspection street_inspection complaint hotline"`
	FoundOn           string     `json:"found_on" validate:"required,date"`
	Description       string     `json:"description" validate:"required,max=2000"`
	Measure           string     `json:"measure" validate:"max=2000"`
	ResponsiblePerson string     `json:"responsible_person" validate:"max=50"`
	ResponsiblePhone  string     `json:"responsible_phone" validate:"omitempty,max=30,phone"`
	Deadline          string     `json:"deadline" validate:"required,date"`
}

// hazardPlace is where a new or moved hazard lies, checked against the
// district and the viewer's scope.
type hazardPlace struct {
	Company, Street uuid.UUID
	Community       *uuid.UUID
}

// checkHazard holds a hazard to the rules a form cannot: whose company, which
// street and community, the order of dates. It reports every problem at once,
// so the Excel import can list them per row.
func (a *api) checkHazard(ctx context.Context, v *policy.Viewer, in *hazardCreateIn, today string) (hazardPlace, []FieldError) {
	var bad []FieldError
	fail := func(f, m string) { bad = append(bad, FieldError{Field: f, Message: m}) }
	p := hazardPlace{Street: in.StreetID, Community: in.CommunityID}
	switch {
	case v.Scope() == policy.ScopeCompany:
		if in.CompanyID != nil && *in.CompanyID != v.OrgID {
			fail("company_id", "a company records its own hazards; leave company_id out")
		}
		p.Company = v.OrgID
	case in.CompanyID == nil:
		fail("company_id", "is required: name the gas or heating company")
	default:
		o, err := a.Client.Org.Get(ctx, *in.CompanyID)
		if err != nil || (o.Kind != org.KindGasCompany && o.Kind != org.KindHeatingCompany) {
			fail("company_id", "must be a gas or heating company of this district")
		} else if o.Disabled {
			fail("company_id", "this company is disabled")
		}
		p.Company = *in.CompanyID
	}
	if s, err := a.Client.Org.Get(ctx, in.StreetID); err != nil || s.Kind != org.KindStreet {
		if v.Scope() == policy.ScopeStreet {
			fail("street_id", "must be your street")
		} else {
			fail("street_id", "must be a street of this district")
		}
	} else if in.CommunityID != nil {
		c, err := a.Client.Org.Get(ctx, *in.CommunityID)
		if err != nil || c.Kind != org.KindCommunity || c.ParentID == nil || *c.ParentID != in.StreetID {
			fail("community_id", "must be a community of that street")
		}
	}
	if validDate(in.FoundOn) && in.FoundOn > today {
		fail("found_on", "cannot be in the future")
	}
	if validDate(in.FoundOn) && validDate(in.Deadline) && in.Deadline < in.FoundOn {
		fail("deadline", "must be on or after found_on")
	}
	return p, bad
}

// createHazard handles POST /api/v1/hazards.
func (a *api) createHazard(c *fiber.Ctx) error {
	in, err := decode[hazardCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx, v := c.UserContext(), viewer(c)
	today := a.today(v)
	place, bad := a.checkHazard(ctx, v, in, today)
	if len(bad) > 0 {
		return invalid(bad...)
	}
	pl, err := a.planner(ctx, v)
	if err != nil {
		return err
	}
	var h *ent.Hazard
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		if h, err = addHazard(ctx, tx, v, in, place); err != nil {
			return err
		}
		return pl.plan(ctx, tx, h)
	})
	if err != nil {
		return err
	}
	a.Reminders.Kick()
	c.Set(fiber.HeaderETag, etag(h.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/hazards/"+h.ID.String())
	return c.Status(http.StatusCreated).JSON(toHazard(h, today))
}

// addHazard writes a checked hazard and its first history event in tx.
func addHazard(ctx context.Context, tx *ent.Tx, v *policy.Viewer, in *hazardCreateIn, p hazardPlace) (*ent.Hazard, error) {
	h, err := tx.Hazard.Create().SetCompanyID(p.Company).SetStreetID(p.Street).SetNillableCommunityID(p.Community).
		SetAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
		SetCategory(hazard.Category(in.Category)).SetLevel(hazard.Level(in.Level)).SetSource(hazard.Source(in.Source)).
		SetFoundOn(in.FoundOn).SetDescription(in.Description).SetMeasure(in.Measure).
		SetResponsiblePerson(in.ResponsiblePerson).SetResponsiblePhone(in.ResponsiblePhone).
		SetDeadline(in.Deadline).SetOriginalDeadline(in.Deadline).SetCreatedBy(v.UserID).Save(ctx)
	if err != nil {
		return nil, err
	}
	return h, addEvent(ctx, tx, v, h, "create", "", string(h.Status), "", nil)
}

// addEvent appends one step to a hazard's history.
func addEvent(ctx context.Context, tx *ent.Tx, v *policy.Viewer, h *ent.Hazard, action, from, to, note string, details map[string]any) error {
	uid := v.UserID
	return tx.HazardEvent.Create().SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
		SetAction(action).SetFromStatus(from).SetToStatus(to).SetNote(note).SetDetails(details).
		SetActorID(uid).SetActor(v.Username).Exec(ctx)
}

// listHazards handles GET /api/v1/hazards.
func (a *api) listHazards(c *fiber.Ctx) error {
	q, err := parseHazardQuery(queryValues(c))
	if err != nil {
		return err
	}
	today := a.today(viewer(c))
	rows, err := q.page(a.Client.Hazard.Query().Where(q.where(today)...)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[hazardOut]{Items: make([]hazardOut, 0, min(len(rows), q.Limit))}
	for i, h := range rows {
		if i == q.Limit {
			out.NextCursor = q.cursor(rows[i-1])
			break
		}
		out.Items = append(out.Items, toHazard(h, today))
	}
	return c.JSON(out)
}

// queryValues copies the query string out of fiber's buffers.
func queryValues(c *fiber.Ctx) url.Values {
	vals, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	return vals
}

// getHazard handles GET /api/v1/hazards/{id}.
func (a *api) getHazard(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(h.Version))
	return c.JSON(toHazard(h, a.today(viewer(c))))
}

// hazardOf loads the hazard of the route's :id within the viewer's scope.
func (a *api) hazardOf(c *fiber.Ctx) (*ent.Hazard, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.Hazard.Get(c.UserContext(), id)
}

type hazardPatchIn struct {
	StreetID          *uuid.UUID `json:"street_id"`
	CommunityID       *uuid.UUID `json:"community_id"`
	Address           *string    `json:"address" validate:"omitnil,min=1,max=200"`
	Lat               *float64   `json:"lat" validate:"omitnil,latitude"`
	Lng               *float64   `json:"lng" validate:"omitnil,longitude"`
	Category          *string    `json:"category" validate:"omitnil,oneof=pipeline_occupation aging_pipeline leak alarm_missing illegal_use equipment_defect heating_network_defect other"`
	Level             *string    `json:"level" validate:"omitnil,oneof=general major"`
	Source            *string    `json:"source" validate:"omitnil,oneof=self_inspection bureau_inspection street_inspection complaint hotline"`
	FoundOn           *string    `json:"found_on" validate:"omitnil,date"`
	Description       *string    `json:"description" validate:"omitnil,min=1,max=2000"`
	Measure           *string    `json:"measure" validate:"omitnil,max=2000"`
	ResponsiblePerson *string    `json:"responsible_person" validate:"omitnil,max=50"`
	ResponsiblePhone  *string    `json:"responsible_phone" validate:"omitnil,max=30"`
}

// patchHazard handles PATCH /api/v1/hazards/{id}: fields only; the status
// moves by its actions and the deadline by extensions. A company's hazard is
// closed to it once verified.
func (a *api) patchHazard(c *fiber.Ctx) error {
	cur, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[hazardPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx, v := c.UserContext(), viewer(c)
	if cur.Status == hazard.StatusVerified && v.Scope() != policy.ScopeDistrict {
		return transitionError(cur, "verified hazards are closed; only the bureau corrects them")
	}
	// Check the result as a whole, as a create would be.
	merged := hazardCreateIn{CompanyID: &cur.CompanyID, StreetID: cur.StreetID, CommunityID: cur.CommunityID,
		FoundOn: cur.FoundOn, Deadline: cur.Deadline}
	if in.StreetID != nil {
		merged.StreetID, merged.CommunityID = *in.StreetID, nil
	}
	if in.CommunityID != nil {
		merged.CommunityID = in.CommunityID
	}
	if in.FoundOn != nil {
		merged.FoundOn = *in.FoundOn
	}
	today := a.today(v)
	if _, bad := a.checkHazard(ctx, v, &merged, today); len(bad) > 0 {
		return invalid(bad...)
	}
	if cur.Version != ver {
		return errStale
	}
	var h *ent.Hazard
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		u := tx.Hazard.UpdateOneID(cur.ID).Where(hazard.Version(ver)).AddVersion(1).
			SetStreetID(merged.StreetID).SetNillableCommunityID(merged.CommunityID).
			SetNillableAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
			SetNillableFoundOn(in.FoundOn).SetNillableDescription(in.Description).SetNillableMeasure(in.Measure).
			SetNillableResponsiblePerson(in.ResponsiblePerson).SetNillableResponsiblePhone(in.ResponsiblePhone)
		if merged.CommunityID == nil {
			u.ClearCommunityID()
		}
		if in.Category != nil {
			u.SetCategory(hazard.Category(*in.Category))
		}
		if in.Level != nil {
			u.SetLevel(hazard.Level(*in.Level))
		}
		if in.Source != nil {
			u.SetSource(hazard.Source(*in.Source))
		}
		if h, err = u.Save(ctx); ent.IsNotFound(err) {
			return errStale
		} else if err != nil {
			return err
		}
		if h.StreetID != cur.StreetID {
			if err := moveRecords(ctx, tx, h); err != nil {
				return err
			}
		}
		return addEvent(ctx, tx, v, h, "edit", "", "", "", nil)
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(h.Version))
	return c.JSON(toHazard(h, today))
}

// moveRecords puts a moved hazard's history, extension requests and evidence
// in its new street: the scope rule reads each record's own street_id, so
// left behind they would stay visible to the old street office and hidden
// from the new one. Extensions and evidence are audited, so one at a time.
func moveRecords(ctx context.Context, tx *ent.Tx, h *ent.Hazard) error {
	if err := tx.HazardEvent.Update().Where(hazardevent.HazardID(h.ID)).SetStreetID(h.StreetID).Exec(ctx); err != nil {
		return err
	}
	if err := tx.Reminder.Update().Where(reminder.HazardID(h.ID)).SetStreetID(h.StreetID).Exec(ctx); err != nil {
		return err
	}
	exts, err := tx.Extension.Query().Where(extension.HazardID(h.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, e := range exts {
		if err := tx.Extension.UpdateOne(e).AddVersion(1).SetStreetID(h.StreetID).Exec(ctx); err != nil {
			return err
		}
	}
	atts, err := tx.Attachment.Query().Where(attachment.HazardID(h.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, x := range atts {
		if err := tx.Attachment.UpdateOne(x).SetStreetID(h.StreetID).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

type noteIn struct {
	Note string `json:"note" validate:"max=2000"`
}

// transition is one lifecycle step: from which status to which.
type transition struct {
	action   string
	from, to hazard.Status
	needNote bool
}

var (
	stepStart  = transition{action: "start", from: hazard.StatusReported, to: hazard.StatusRectifying}
	stepSubmit = transition{action: "submit", from: hazard.StatusRectifying, to: hazard.StatusRectified, needNote: true}
	stepVerify = transition{action: "verify", from: hazard.StatusRectified, to: hazard.StatusVerified}
	stepReject = transition{action: "reject", from: hazard.StatusRectified, to: hazard.StatusRectifying, needNote: true}
)

func transitionError(h *ent.Hazard, msg string) *Error {
	return &Error{Status: http.StatusConflict, Code: "invalid_transition", Message: msg,
		Extra: map[string]any{"current_status": string(h.Status)}}
}

// step handles POST /api/v1/hazards/{id}/start|submit|verify|reject. The
// update names the status it leaves, so of two racing steps one wins and the
// other answers 409 with the status it found.
func (a *api) step(t transition) fiber.Handler {
	return func(c *fiber.Ctx) error {
		cur, err := a.hazardOf(c)
		if err != nil {
			return err
		}
		in := &noteIn{}
		if len(c.Body()) > 0 {
			if in, err = decode[noteIn](c, a.BodyLimit); err != nil {
				return err
			}
		}
		if t.needNote && in.Note == "" {
			return invalid(FieldError{Field: "note", Message: "is required for " + t.action})
		}
		if cur.Status != t.from {
			return transitionError(cur, t.action+" is not allowed from "+string(cur.Status))
		}
		ctx, v := c.UserContext(), viewer(c)
		if t == stepSubmit {
			n, err := cur.QueryAttachments().Count(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return &Error{Status: http.StatusUnprocessableEntity, Code: "evidence_required",
					Message: "attach at least one photo or PDF of the rectification before submitting"}
			}
		}
		today := a.today(v)
		var pl *planner
		if t == stepVerify { // the one step that changes what is sent
			if pl, err = a.planner(ctx, v); err != nil {
				return err
			}
		}
		var h *ent.Hazard
		err = a.withTx(ctx, func(tx *ent.Tx) error {
			u := tx.Hazard.UpdateOneID(cur.ID).Where(hazard.StatusEQ(t.from)).AddVersion(1).SetStatus(t.to)
			switch t {
			case stepSubmit:
				u.SetRectificationNote(in.Note)
			case stepVerify:
				u.SetVerifiedBy(v.UserID).SetVerifiedByName(v.Username).SetVerifiedOn(today)
			}
			if h, err = u.Save(ctx); ent.IsNotFound(err) {
				return errLostRace
			} else if err != nil {
				return err
			}
			if pl != nil {
				if err := pl.plan(ctx, tx, h); err != nil { // nothing more is sent
					return err
				}
			}
			return addEvent(ctx, tx, v, h, t.action, string(t.from), string(t.to), in.Note, nil)
		})
		if err == errLostRace {
			if now, err := a.Client.Hazard.Get(ctx, cur.ID); err == nil {
				return transitionError(now, t.action+" is not allowed from "+string(now.Status))
			}
		}
		if err != nil {
			return err
		}
		a.Reminders.Kick()
		c.Set(fiber.HeaderETag, etag(h.Version))
		return c.JSON(toHazard(h, today))
	}
}

var errLostRace = errorf(http.StatusConflict, "invalid_transition", "the hazard changed while this step ran")

type eventOut struct {
	ID         uuid.UUID      `json:"id"`
	Action     string         `json:"action"`
	FromStatus string         `json:"from_status"`
	ToStatus   string         `json:"to_status"`
	Note       string         `json:"note"`
	Details    map[string]any `json:"details,omitempty"`
	ActorID    *uuid.UUID     `json:"actor_id"`
	Actor      string         `json:"actor"`
	At         time.Time      `json:"at"`
}

// hazardHistory handles GET /api/v1/hazards/{id}/history: every step, oldest
// first, with who, when and why.
func (a *api) hazardHistory(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	evs, err := a.Client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID)).
		Order(ent.Asc(hazardevent.FieldAt), ent.Asc(hazardevent.FieldID)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[eventOut]{Items: make([]eventOut, len(evs))}
	for i, e := range evs {
		out.Items[i] = eventOut{ID: e.ID, Action: e.Action, FromStatus: e.FromStatus, ToStatus: e.ToStatus,
			Note: e.Note, Details: e.Details, ActorID: e.ActorID, Actor: e.Actor, At: e.At}
	}
	return c.JSON(out)
}

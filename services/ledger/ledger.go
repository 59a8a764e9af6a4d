// Package ledger is the hazard ledger (隐患台账): a company records what it
// finds, rectifies it with evidence and submits it; the street office where it
// lies verifies it (验收销号) or sends it back; the bureau follows the whole
// ledger and decides on deadline extensions. Every rule of the ledger lives
// here, with no HTTP in sight: handlers decode a request, call a method and
// encode its answer; the CLI and the seeds call the same methods.
//
// It is the template every later module copies: a Service holding its
// dependencies; methods that take the viewer from ctx, typed inputs checked
// with services.Check and the module's own rules, one transaction
// (services.InTx) holding the change, its history, its audit entries (ent
// hooks) and its reminders (the engine's Planner), and a kick to the
// reminder relay after the commit.
package ledger

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/storage"
)

// Service is the hazard ledger's rules over a database.
type Service struct {
	client  *ent.Client
	engine  *reminders.Engine
	storage storage.Store
	now     func() time.Time
}

// New is the ledger over client; engine plans reminders (nil: none),
// store keeps evidence, now is the clock (time.Now when nil).
func New(client *ent.Client, engine *reminders.Engine, store storage.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, storage: store, now: now}
}

// Today is the date in the district of the viewer in ctx.
func (s *Service) Today(ctx context.Context) string {
	return TodayOf(policy.FromContext(ctx), s.now())
}

// TodayOf is the date at now in v's district.
func TodayOf(v *policy.Viewer, now time.Time) string {
	tz := ""
	if v != nil {
		tz = v.Timezone
	}
	return calendar.Today(calendar.Location(tz), now)
}

// Overdue tells whether h is past its deadline on today and not verified.
func Overdue(h *ent.Hazard, today string) bool {
	return h.Status != enum.StatusVerified && h.Deadline < today
}

// CreateInput is a new hazard, as POST /hazards and each import row give it.
type CreateInput struct {
	CompanyID         *uuid.UUID          `json:"company_id"`
	StreetID          uuid.UUID           `json:"street_id" validate:"required"`
	CommunityID       *uuid.UUID          `json:"community_id"`
	Address           string              `json:"address" validate:"required,max=200"`
	Lat               *float64            `json:"lat" validate:"omitnil,latitude"`
	Lng               *float64            `json:"lng" validate:"omitnil,longitude"`
	Category          enum.HazardCategory `json:"category" validate:"required,enum"`
	Level             enum.HazardLevel    `json:"level" validate:"required,enum"`
	Source            enum.HazardSource   `json:"source" validate:"required,enum"`
	FoundOn           string              `json:"found_on" validate:"required,date"`
	Description       string              `json:"description" validate:"required,max=2000"`
	Measure           string              `json:"measure" validate:"max=2000"`
	ResponsiblePerson string              `json:"responsible_person" validate:"max=50"`
	ResponsiblePhone  string              `json:"responsible_phone" validate:"omitempty,max=30,phone"`
	Deadline          string              `json:"deadline" validate:"required,date"`

	companyKept bool // an edit: the company is the hazard's own and stays
}

// check holds a create to the rules a form cannot: whose company, which
// street and community, the order of dates. It reports every problem at
// once, so an import can list them per row.
func check(ctx context.Context, places *accounts.Places, in *CreateInput, today string) (accounts.Place, []services.FieldError, error) {
	var (
		p   accounts.Place
		bad []services.FieldError
		err error
	)
	if in.companyKept {
		p, bad, err = places.CheckMove(ctx, *in.CompanyID, in.StreetID, in.CommunityID)
	} else {
		p, bad, err = places.Check(ctx, accounts.PlaceInput{CompanyID: in.CompanyID, StreetID: in.StreetID, CommunityID: in.CommunityID})
	}
	if err != nil {
		return p, nil, err
	}
	if services.ValidDate(in.FoundOn) && in.FoundOn > today {
		bad = append(bad, services.Field("found_on", "cannot be in the future"))
	}
	if services.ValidDate(in.FoundOn) && services.ValidDate(in.Deadline) && in.Deadline < in.FoundOn {
		bad = append(bad, services.Field("deadline", "must be on or after found_on"))
	}
	return p, bad, nil
}

// Create records a hazard for the viewer in ctx: a company's own, or, for
// the bureau and street offices, the company they name.
func (s *Service) Create(ctx context.Context, in CreateInput) (*ent.Hazard, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	place, bad, err := check(ctx, accounts.NewPlaces(s.client), &in, s.Today(ctx))
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	pl, err := s.planner(ctx, v)
	if err != nil {
		return nil, err
	}
	year := yearOf(s.Today(ctx))
	var h *ent.Hazard
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if h, err = create(ctx, tx, v, &in, place, year); err != nil {
			return err
		}
		services.Made(ctx, h.ID)
		if err := addEvent(ctx, tx, v, h, "create", "", string(h.Status), "", nil); err != nil {
			return err
		}
		return pl.plan(ctx, tx, ReminderDue(h, true))
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return h, nil
}

// Link names what of the heating register a hazard is about: the site and
// the unit a failing inspection found it on.
type Link struct {
	SiteID, EquipmentID *uuid.UUID
}

// CodeSeries is the district counter series of hazard numbers, and Code
// the number: YH-<year recorded>-<sequence in the district and year>.
const CodeSeries = "hazard"

// Code is the hazard number n of year.
func Code(year int, n int64) string { return services.Number("YH", year, n) }

// yearOf is the year of a YYYY-MM-DD date.
func yearOf(date string) int {
	y, _ := strconv.Atoi(date[:4])
	return y
}

// createOf builds a checked hazard's insert under its number.
func createOf(tx *ent.Tx, v *policy.Viewer, in *CreateInput, p accounts.Place, code string) *ent.HazardCreate {
	return tx.Hazard.Create().SetCode(code).SetCompanyID(p.Company).SetStreetID(p.Street).SetNillableCommunityID(p.Community).
		SetAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
		SetCategory(in.Category).SetLevel(in.Level).SetSource(in.Source).
		SetFoundOn(in.FoundOn).SetDescription(in.Description).SetMeasure(in.Measure).
		SetResponsiblePerson(in.ResponsiblePerson).SetResponsiblePhone(in.ResponsiblePhone).
		SetDeadline(in.Deadline).SetOriginalDeadline(in.Deadline).SetNillableCreatedBy(actorID(v))
}

func create(ctx context.Context, tx *ent.Tx, v *policy.Viewer, in *CreateInput, p accounts.Place, year int) (*ent.Hazard, error) {
	n, err := services.Reserve(ctx, tx, CodeSeries, year, 1)
	if err != nil {
		return nil, err
	}
	return createOf(tx, v, in, p, Code(year, n)).Save(ctx)
}

// eventOf is one step of a hazard's history.
func eventOf(tx *ent.Tx, v *policy.Viewer, h *ent.Hazard, action, from, to, note string, details map[string]any) *ent.HazardEventCreate {
	return tx.HazardEvent.Create().SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
		SetAction(action).SetFromStatus(from).SetToStatus(to).SetNote(note).SetDetails(details).
		SetNillableActorID(actorID(v)).SetActor(actorName(v))
}

// personName is how the viewer is named where a record keeps who acted
// (验收人, who asked for an extension, who uploaded evidence): the person's
// display name, or the username of one who has none.
func personName(v *policy.Viewer) string {
	if n := strings.TrimSpace(v.DisplayName); n != "" {
		return n
	}
	return v.Username
}

// addEvent appends one step to a hazard's history.
func addEvent(ctx context.Context, tx *ent.Tx, v *policy.Viewer, h *ent.Hazard, action, from, to, note string, details map[string]any) error {
	return eventOf(tx, v, h, action, from, to, note, details).Exec(ctx)
}

// planner is the reminder engine's planner for the viewer's district, or
// one that plans nothing when the ledger runs without an engine.
type planner struct{ p *reminders.Planner }

func (s *Service) planner(ctx context.Context, v *policy.Viewer) (planner, error) {
	if s.engine == nil {
		return planner{}, nil
	}
	p, err := s.engine.Planner(ctx, v.TenantID)
	return planner{p}, err
}

func (p planner) plan(ctx context.Context, tx *ent.Tx, dues ...reminders.Due) error {
	if p.p == nil {
		return nil
	}
	return p.p.Plan(ctx, tx, dues...)
}

// PatchInput changes a hazard's fields; nil leaves one as it is. The status
// moves by the lifecycle's steps and the deadline by extensions.
type PatchInput struct {
	StreetID          *uuid.UUID           `json:"street_id"`
	CommunityID       *uuid.UUID           `json:"community_id"`
	Address           *string              `json:"address" validate:"omitnil,min=1,max=200"`
	Lat               *float64             `json:"lat" validate:"omitnil,latitude"`
	Lng               *float64             `json:"lng" validate:"omitnil,longitude"`
	Category          *enum.HazardCategory `json:"category" validate:"omitnil,enum"`
	Level             *enum.HazardLevel    `json:"level" validate:"omitnil,enum"`
	Source            *enum.HazardSource   `json:"source" validate:"omitnil,enum"`
	FoundOn           *string              `json:"found_on" validate:"omitnil,date"`
	Description       *string              `json:"description" validate:"omitnil,min=1,max=2000"`
	Measure           *string              `json:"measure" validate:"omitnil,max=2000"`
	ResponsiblePerson *string              `json:"responsible_person" validate:"omitnil,max=50"`
	ResponsiblePhone  *string              `json:"responsible_phone" validate:"omitnil,max=30,phone"`
}

// Get reads a hazard in the viewer's scope (absent and out of scope alike
// are not found).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*ent.Hazard, error) {
	return s.client.Hazard.Get(ctx, id)
}

// Edit changes the fields of the hazard id at version (the ETag the caller
// read). Nobody edits or moves a hazard awaiting verification (rectified):
// it is rejected back to rectifying first. A company's hazard is closed to
// it once verified; a move to
// another street takes the hazard's history, extensions, evidence and
// reminders along.
func (s *Service) Edit(ctx context.Context, id uuid.UUID, version int64, in PatchInput) (*ent.Hazard, error) {
	cur, err := s.client.Hazard.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	if cur.Status == enum.StatusRectified {
		return nil, errAwaiting(cur)
	}
	if cur.Status == enum.StatusVerified && v.Scope() != policy.ScopeDistrict {
		return nil, transitionError(cur, "verified hazards are closed; only the bureau corrects them")
	}
	// Check the result as a whole, as a create would be.
	merged := CreateInput{CompanyID: &cur.CompanyID, StreetID: cur.StreetID, CommunityID: cur.CommunityID,
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
	// The company cannot change by an edit, so it is not checked again: a
	// hazard of a company disabled since stays editable.
	merged.companyKept = true
	if _, bad, err := check(ctx, accounts.NewPlaces(s.client), &merged, s.Today(ctx)); err != nil {
		return nil, err
	} else if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var h *ent.Hazard
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		// The status is named too: a submit bumps the version, so a racing
		// one makes this edit stale rather than change a hazard under review.
		u := tx.Hazard.UpdateOneID(cur.ID).Where(hazard.Version(version), hazard.StatusNEQ(enum.StatusRectified)).AddVersion(1).
			SetStreetID(merged.StreetID).SetNillableCommunityID(merged.CommunityID).
			SetNillableAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
			SetNillableFoundOn(in.FoundOn).SetNillableDescription(in.Description).SetNillableMeasure(in.Measure).
			SetNillableResponsiblePerson(in.ResponsiblePerson).SetNillableResponsiblePhone(in.ResponsiblePhone).
			SetNillableCategory(in.Category).SetNillableLevel(in.Level).SetNillableSource(in.Source)
		if merged.CommunityID == nil {
			u.ClearCommunityID()
		}
		if h, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if h.StreetID != cur.StreetID {
			if err := moveRecords(ctx, tx, h); err != nil {
				return err
			}
			if err := s.changed(ctx, tx, h); err != nil {
				return err
			}
		}
		return addEvent(ctx, tx, v, h, "edit", "", "", "", nil)
	})
	return h, err
}

// errAwaiting refuses an edit or a move of a hazard awaiting verification:
// the street office judges it as submitted; rejected back to rectifying, it
// may change again.
func errAwaiting(h *ent.Hazard) *services.Error {
	return &services.Error{Kind: services.KindConflict, Code: "awaiting_verification",
		Message: "这条隐患已整改待验收，验收或退回整改前不能修改或移交 (the hazard awaits verification: it cannot be edited or moved until it is verified, or rejected back to rectifying)",
		Extra:   map[string]any{"current_status": string(h.Status)}}
}

// lockHazard holds the hazard's row until the transaction ends, so a rule
// checked after it (one pending extension, the evidence cap, an open
// hazard) holds against concurrent requests.
func lockHazard(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Hazard, error) {
	return services.Locked(func(forUpdate bool) (*ent.Hazard, error) {
		q := tx.Hazard.Query().Where(hazard.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

package handlers

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

type hazardOut struct {
	ID                uuid.UUID  `json:"id"`
	Code              string     `json:"code"`
	CompanyID         uuid.UUID  `json:"company_id"`
	StreetID          uuid.UUID  `json:"street_id"`
	CommunityID       *uuid.UUID `json:"community_id"`
	Address           string     `json:"address"`
	Lat               *float64   `json:"lat"`
	Lng               *float64   `json:"lng"`
	Category          string     `json:"category" enum:"HazardCategory"`
	Level             string     `json:"level" enum:"HazardLevel"`
	Source            string     `json:"source" enum:"HazardSource"`
	FoundOn           string     `json:"found_on" format:"date"`
	Description       string     `json:"description"`
	Measure           string     `json:"measure"`
	ResponsiblePerson string     `json:"responsible_person"`
	ResponsiblePhone  string     `json:"responsible_phone"`
	Deadline          string     `json:"deadline" format:"date"`
	OriginalDeadline  string     `json:"original_deadline" format:"date"`
	Status            string     `json:"status" enum:"HazardStatus"`
	Overdue           bool       `json:"overdue"`
	RectificationNote string     `json:"rectification_note"`
	VerifiedBy        *uuid.UUID `json:"verified_by"`
	VerifiedByName    string     `json:"verified_by_name"`
	VerifiedOn        *string    `json:"verified_on" format:"date"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func toHazard(h *ent.Hazard, today string) hazardOut {
	return hazardOut{ID: h.ID, Code: h.Code, CompanyID: h.CompanyID, StreetID: h.StreetID, CommunityID: h.CommunityID,
		Address: h.Address, Lat: h.Lat, Lng: h.Lng, Category: string(h.Category), Level: string(h.Level),
		Source: string(h.Source), FoundOn: h.FoundOn, Description: h.Description, Measure: h.Measure,
		ResponsiblePerson: h.ResponsiblePerson, ResponsiblePhone: h.ResponsiblePhone, Deadline: h.Deadline,
		OriginalDeadline: h.OriginalDeadline, Status: string(h.Status),
		Overdue:           ledger.Overdue(h, today),
		RectificationNote: h.RectificationNote, VerifiedBy: h.VerifiedBy, VerifiedByName: h.VerifiedByName,
		VerifiedOn: h.VerifiedOn, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}

// today is the date in the viewer's district, on the API's clock.
func (a *api) today(v *policy.Viewer) string { return ledger.TodayOf(v, a.Now()) }

// createHazard handles POST /api/v1/hazards.
func (a *api) createHazard(c *fiber.Ctx) error {
	in, err := decode[ledger.CreateInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	// Where the hazard will be is kept with what the create commits: a retry
	// whose answer was lost is told (409 request_committed).
	h, err := a.Ledger.Create(services.WithLocation(c.UserContext(), "/api/v1/hazards/"), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(h.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/hazards/"+h.ID.String())
	return c.Status(http.StatusCreated).JSON(toHazard(h, a.today(viewer(c))))
}

// listHazards handles GET /api/v1/hazards.
func (a *api) listHazards(c *fiber.Ctx) error {
	q, err := ledger.ParseQuery(queryValues(c))
	if err != nil {
		return err
	}
	today := a.today(viewer(c))
	rows, err := q.Page(a.Client.Hazard.Query().Where(q.Where(today)...)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[hazardOut]{Items: make([]hazardOut, 0, min(len(rows), q.Limit))}
	for i, h := range rows {
		if i == q.Limit {
			out.NextCursor = q.Cursor(rows[i-1])
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

// patchHazard handles PATCH /api/v1/hazards/{id}: fields only; the status
// moves by its actions and the deadline by extensions.
func (a *api) patchHazard(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.Client.Hazard.Get(c.UserContext(), id); err != nil {
		return err // out of scope answers 404 before anything else
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[ledger.PatchInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	h, err := a.Ledger.Edit(c.UserContext(), id, ver, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(h.Version))
	return c.JSON(toHazard(h, a.today(viewer(c))))
}

type noteIn struct {
	Note string `json:"note" validate:"max=2000"`
}

// step handles POST /api/v1/hazards/{id}/start|submit|verify|reject.
func (a *api) step(t ledger.Step) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if _, err := a.Client.Hazard.Get(c.UserContext(), id); err != nil {
			return err
		}
		in := &noteIn{}
		if len(c.Body()) > 0 {
			if in, err = decode[noteIn](c, a.BodyLimit); err != nil {
				return err
			}
		}
		h, err := a.Ledger.Take(c.UserContext(), id, t, in.Note)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, etag(h.Version))
		return c.JSON(toHazard(h, a.today(viewer(c))))
	}
}

type eventOut struct {
	ID         uuid.UUID      `json:"id"`
	Action     string         `json:"action"`
	FromStatus string         `json:"from_status" enum:"HazardStatus,empty"`
	ToStatus   string         `json:"to_status" enum:"HazardStatus,empty"`
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

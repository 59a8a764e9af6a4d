package handlers

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

type extensionOut struct {
	ID                uuid.UUID  `json:"id"`
	HazardID          uuid.UUID  `json:"hazard_id"`
	RequestedDeadline string     `json:"requested_deadline" format:"date"`
	PreviousDeadline  string     `json:"previous_deadline" format:"date"`
	Note              string     `json:"note"`
	Status            string     `json:"status" enum:"ExtensionStatus"`
	RequestedBy       uuid.UUID  `json:"requested_by"`
	RequestedByName   string     `json:"requested_by_name"`
	DecidedBy         *uuid.UUID `json:"decided_by"`
	DecidedByName     string     `json:"decided_by_name"`
	DecidedAt         *time.Time `json:"decided_at"`
	DecisionNote      string     `json:"decision_note"`
	CreatedAt         time.Time  `json:"created_at"`
}

func toExtension(e *ent.Extension) extensionOut {
	return extensionOut{ID: e.ID, HazardID: e.HazardID, RequestedDeadline: e.RequestedDeadline,
		PreviousDeadline: e.PreviousDeadline, Note: e.Note, Status: string(e.Status), RequestedBy: e.RequestedBy,
		RequestedByName: e.RequestedByName, DecidedBy: e.DecidedBy, DecidedByName: e.DecidedByName,
		DecidedAt: e.DecidedAt, DecisionNote: e.DecisionNote, CreatedAt: e.CreatedAt}
}

// requestExtension handles POST /api/v1/hazards/{id}/extensions: a company
// asks for a later deadline, with a reason. One request is open at a time.
func (a *api) requestExtension(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	in, err := decode[ledger.ExtensionInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	e, err := a.Ledger.RequestExtension(c.UserContext(), h.ID, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, "/api/v1/hazards/"+h.ID.String()+"/extensions/"+e.ID.String())
	return c.Status(http.StatusCreated).JSON(toExtension(e))
}

// listExtensions handles GET /api/v1/hazards/{id}/extensions.
func (a *api) listExtensions(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	rows, err := a.Client.Extension.Query().Where(extension.HazardID(h.ID)).
		Order(ent.Asc(extension.FieldID)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[extensionOut]{Items: make([]extensionOut, len(rows))}
	for i, e := range rows {
		out.Items[i] = toExtension(e)
	}
	return c.JSON(out)
}

// decideExtension handles POST /api/v1/hazards/{id}/extensions/{eid}/approve
// and /refuse. Approval moves the hazard's deadline; the original deadline
// stays as it was.
func (a *api) decideExtension(approve bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		h, err := a.hazardOf(c)
		if err != nil {
			return err
		}
		eid, err := idParam(c, "eid")
		if err != nil {
			return err
		}
		in := &noteIn{}
		if len(c.Body()) > 0 {
			if in, err = decode[noteIn](c, a.BodyLimit); err != nil {
				return err
			}
		}
		e, err := a.Ledger.DecideExtension(c.UserContext(), h.ID, eid, approve, in.Note)
		if err != nil {
			return err
		}
		return c.JSON(toExtension(e))
	}
}

// extensionQueueOut is one extension request with what the bureau needs to
// decide it without opening the hazard: its number, place and deadline.
type extensionQueueOut struct {
	extensionOut
	HazardCode        string    `json:"hazard_code"`
	HazardDescription string    `json:"hazard_description"`
	HazardAddress     string    `json:"hazard_address"`
	HazardLevel       string    `json:"hazard_level" enum:"HazardLevel"`
	HazardStatus      string    `json:"hazard_status" enum:"HazardStatus"`
	HazardDeadline    string    `json:"hazard_deadline" format:"date"`
	CompanyID         uuid.UUID `json:"company_id"`
	CompanyName       string    `json:"company_name"`
	StreetID          uuid.UUID `json:"street_id"`
	StreetName        string    `json:"street_name"`
}

// listDistrictExtensions handles GET /api/v1/extensions: the extension
// requests in scope (the bureau: its district's; a company: its own; a
// street: those in its streets), oldest first, so a queue is worked from
// the top.
func (a *api) listDistrictExtensions(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Extension.Query().WithHazard()
	if s := c.Query("status"); s != "" {
		st := enum.ExtensionStatus(s)
		if !st.Valid() {
			return services.Invalid(services.Field("status", "must be one of: "+strings.Join(st.Values(), ", ")))
		}
		q.Where(extension.StatusEQ(st))
	}
	if p.After != nil {
		q.Where(extension.IDGT(*p.After))
	}
	ctx := c.UserContext()
	rows, err := q.Order(ent.Asc(extension.FieldID)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	ids := map[uuid.UUID]bool{}
	for _, e := range rows {
		ids[e.CompanyID], ids[e.StreetID] = true, true
	}
	names, err := a.orgNames(ctx, viewer(c).TenantID, ids)
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(e *ent.Extension) uuid.UUID { return e.ID }, func(e *ent.Extension) extensionQueueOut {
		h := e.Edges.Hazard
		return extensionQueueOut{extensionOut: toExtension(e), HazardCode: h.Code, HazardDescription: h.Description,
			HazardAddress: h.Address, HazardLevel: string(h.Level), HazardStatus: string(h.Status), HazardDeadline: h.Deadline,
			CompanyID: e.CompanyID, CompanyName: names[e.CompanyID], StreetID: e.StreetID, StreetName: names[e.StreetID]}
	}))
}

// orgNames are the names of the organisations ids, read in one query. An
// organisation the viewer may not read (a company's view of a street it
// does not serve) reads by name all the same: names are not secrets inside
// a district, ids are what the viewer already holds.
func (a *api) orgNames(ctx context.Context, tenant uuid.UUID, ids map[uuid.UUID]bool) (map[uuid.UUID]string, error) {
	names := map[uuid.UUID]string{}
	if len(ids) == 0 {
		return names, nil
	}
	orgs, err := a.Client.Org.Query().Where(org.IDIn(slices.Collect(maps.Keys(ids))...), org.TenantID(tenant)).
		Select(org.FieldID, org.FieldName).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, nil
}

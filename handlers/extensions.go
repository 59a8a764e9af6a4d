package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
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

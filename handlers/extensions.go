package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
)

type extensionOut struct {
	ID                uuid.UUID  `json:"id"`
	HazardID          uuid.UUID  `json:"hazard_id"`
	RequestedDeadline string     `json:"requested_deadline"`
	PreviousDeadline  string     `json:"previous_deadline"`
	Note              string     `json:"note"`
	Status            string     `json:"status"`
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

type extensionIn struct {
	Deadline string `json:"deadline" validate:"required,date"`
	Note     string `json:"note" validate:"required,max=2000"`
}

// requestExtension handles POST /api/v1/hazards/{id}/extensions: a company
// asks for a later deadline, with a reason. One request is open at a time.
func (a *api) requestExtension(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	in, err := decode[extensionIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	if h.Status == hazard.StatusVerified {
		return transitionError(h, "a verified hazard needs no new deadline")
	}
	if in.Deadline <= h.Deadline {
		return invalid(FieldError{Field: "deadline", Message: "must be later than the current deadline " + h.Deadline})
	}
	ctx, v := c.UserContext(), viewer(c)
	var e *ent.Extension
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		open, err := tx.Extension.Query().Where(extension.HazardID(h.ID), extension.StatusEQ(extension.StatusPending)).Exist(ctx)
		if err != nil {
			return err
		}
		if open {
			return errorf(http.StatusConflict, "extension_pending", "this hazard has an extension request awaiting a decision")
		}
		e, err = tx.Extension.Create().SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
			SetRequestedDeadline(in.Deadline).SetPreviousDeadline(h.Deadline).SetNote(in.Note).
			SetRequestedBy(v.UserID).SetRequestedByName(v.Username).Save(ctx)
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, v, h, "extension_requested", "", "", in.Note,
			map[string]any{"extension_id": e.ID, "requested_deadline": in.Deadline})
	})
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
		ctx, v := c.UserContext(), viewer(c)
		e, err := a.Client.Extension.Query().Where(extension.ID(eid), extension.HazardID(h.ID)).Only(ctx)
		if err != nil {
			return err
		}
		status, action := extension.StatusRefused, "extension_refused"
		if approve {
			status, action = extension.StatusApproved, "extension_approved"
		}
		pl, err := a.planner(ctx, v)
		if err != nil {
			return err
		}
		err = a.withTx(ctx, func(tx *ent.Tx) error {
			e, err = tx.Extension.UpdateOneID(e.ID).Where(extension.StatusEQ(extension.StatusPending)).
				AddVersion(1).SetStatus(status).SetDecidedBy(v.UserID).SetDecidedByName(v.Username).
				SetDecidedAt(a.Now().UTC()).SetDecisionNote(in.Note).Save(ctx)
			if ent.IsNotFound(err) {
				return errorf(http.StatusConflict, "extension_decided", "this request was decided already")
			} else if err != nil {
				return err
			}
			if approve {
				if h, err = tx.Hazard.UpdateOneID(h.ID).AddVersion(1).SetDeadline(e.RequestedDeadline).Save(ctx); err != nil {
					return err
				}
				if err := pl.plan(ctx, tx, h); err != nil { // the ladder moves with the deadline
					return err
				}
			}
			return addEvent(ctx, tx, v, h, action, "", "", in.Note,
				map[string]any{"extension_id": e.ID, "requested_deadline": e.RequestedDeadline, "previous_deadline": e.PreviousDeadline})
		})
		if err != nil {
			return err
		}
		a.Reminders.Kick()
		return c.JSON(toExtension(e))
	}
}

package readiness

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	entequipment "github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/documents"
	"github.com/hearthsafety/hearth/services/ledger"
)

// DocumentOwner names readiness items as the owner of their documents.
const DocumentOwner = "readiness_item"

// ItemInput is a new item of a plan. It lies at its site (or its unit's),
// else in the street named, else in the street of the company's first site.
type ItemInput struct {
	Category          enum.ItemCategory `json:"category" validate:"required,enum"`
	SiteID            *uuid.UUID        `json:"site_id"`
	EquipmentID       *uuid.UUID        `json:"equipment_id"`
	StreetID          *uuid.UUID        `json:"street_id"`
	Title             string            `json:"title" validate:"required,max=200"`
	Description       string            `json:"description" validate:"max=2000"`
	QtyPlanned        float64           `json:"qty_planned" validate:"min=0,max=1000000000"`
	Unit              string            `json:"unit" validate:"max=10"`
	DueOn             string            `json:"due_on" validate:"required,date"`
	ResponsiblePerson string            `json:"responsible_person" validate:"max=50"`
	ResponsiblePhone  string            `json:"responsible_phone" validate:"omitempty,max=30,phone"`
}

// ItemPatch changes an item's fields; nil leaves one as it is. Its status
// moves by the steps.
type ItemPatch struct {
	Title             *string  `json:"title" validate:"omitnil,min=1,max=200"`
	Description       *string  `json:"description" validate:"omitnil,max=2000"`
	QtyPlanned        *float64 `json:"qty_planned" validate:"omitnil,min=0,max=1000000000"`
	QtyDone           *float64 `json:"qty_done" validate:"omitnil,min=0,max=1000000000"`
	Unit              *string  `json:"unit" validate:"omitnil,max=10"`
	DueOn             *string  `json:"due_on" validate:"omitnil,date"`
	ResponsiblePerson *string  `json:"responsible_person" validate:"omitnil,max=50"`
	ResponsiblePhone  *string  `json:"responsible_phone" validate:"omitnil,max=30,phone"`
}

// openForItems tells whether a plan takes new items and edits: not while
// it is declared and awaiting acceptance, nor once accepted outright.
func openForItems(p *ent.ReadinessPlan) bool {
	return p.Status != enum.PlanDeclared && p.Status != enum.PlanAccepted
}

// place is where an item lies.
type place struct {
	site, equipment *uuid.UUID
	street          uuid.UUID
}

// placeOf finds where an item of the company lies: at the unit's site, the
// site, the street named, or the street of the company's first site.
func placeOf(ctx context.Context, c *ent.Client, company uuid.UUID, siteID, equipmentID, streetID *uuid.UUID) (place, []services.FieldError, error) {
	var pl place
	if equipmentID != nil {
		e, err := c.Equipment.Query().Where(entequipment.ID(*equipmentID), entequipment.CompanyID(company)).Only(ctx)
		if ent.IsNotFound(err) {
			return pl, []services.FieldError{services.Field("equipment_id", "no such unit in the company's register")}, nil
		} else if err != nil {
			return pl, nil, err
		}
		if siteID != nil && *siteID != e.SiteID {
			return pl, []services.FieldError{services.Field("site_id", "is not the unit's site")}, nil
		}
		pl.equipment, pl.site, pl.street = &e.ID, &e.SiteID, e.StreetID
		return pl, nil, nil
	}
	if siteID != nil {
		st, err := c.Site.Query().Where(site.ID(*siteID), site.CompanyID(company)).Only(ctx)
		if ent.IsNotFound(err) {
			return pl, []services.FieldError{services.Field("site_id", "no such site of the company")}, nil
		} else if err != nil {
			return pl, nil, err
		}
		pl.site, pl.street = &st.ID, st.StreetID
		return pl, nil, nil
	}
	if streetID != nil {
		// Read across scopes (a company sees no street), but within the
		// viewer's district.
		n, err := c.Org.Query().Where(org.ID(*streetID), org.TenantID(policy.FromContext(ctx).TenantID),
			org.KindEQ(enum.OrgStreet)).Count(policy.System(ctx))
		if err != nil {
			return pl, nil, err
		}
		if n == 0 {
			return pl, []services.FieldError{services.Field("street_id", "must be a street of the district")}, nil
		}
		pl.street = *streetID
		return pl, nil, nil
	}
	st, err := c.Site.Query().Where(site.CompanyID(company)).Order(ent.Asc(site.FieldID)).First(policy.System(ctx))
	if ent.IsNotFound(err) {
		return pl, []services.FieldError{services.Field("street_id", "is required while the company has no site")}, nil
	} else if err != nil {
		return pl, nil, err
	}
	pl.street = st.StreetID
	return pl, nil, nil
}

// AddItem adds a manual item to the plan id; its due date is the readiness
// deadline at the latest.
func (s *Service) AddItem(ctx context.Context, planID uuid.UUID, in ItemInput) (*ent.ReadinessItem, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	p, err := s.client.ReadinessPlan.Get(ctx, planID)
	if err != nil {
		return nil, err
	}
	if !openForItems(p) {
		return nil, planError(p, "任务清单已申报或已验收通过，不能再添加任务")
	}
	se, err := s.client.Season.Get(ctx, p.SeasonID)
	if err != nil {
		return nil, err
	}
	pl, bad, err := placeOf(ctx, s.client, p.CompanyID, in.SiteID, in.EquipmentID, in.StreetID)
	if err != nil {
		return nil, err
	}
	if in.DueOn > se.ReadinessDeadline {
		bad = append(bad, services.Field("due_on", "must be on or before the readiness deadline "+se.ReadinessDeadline))
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	v := policy.FromContext(ctx)
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var it *ent.ReadinessItem
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		it, err = tx.ReadinessItem.Create().SetPlanID(p.ID).SetSeasonID(p.SeasonID).SetCompanyID(p.CompanyID).
			SetStreetID(pl.street).SetNillableSiteID(pl.site).SetNillableEquipmentID(pl.equipment).
			SetCategory(in.Category).SetTitle(in.Title).SetDescription(in.Description).SetQtyPlanned(in.QtyPlanned).
			SetUnit(in.Unit).SetDueOn(in.DueOn).SetResponsiblePerson(in.ResponsiblePerson).
			SetResponsiblePhone(in.ResponsiblePhone).Save(ctx)
		if err != nil {
			return err
		}
		if err := event(tx, v, p, it, "item_added", "", string(it.Status), "", map[string]any{"title": it.Title}).Exec(ctx); err != nil {
			return err
		}
		if err := s.refresh(ctx, tx, it); err != nil {
			return err
		}
		return rp.plan(ctx, tx, ItemDue(it, true))
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return it, nil
}

// Item reads an item of the plan planID in the viewer's scope.
func (s *Service) Item(ctx context.Context, planID, id uuid.UUID) (*ent.ReadinessItem, error) {
	return s.client.ReadinessItem.Query().Where(readinessitem.ID(id), readinessitem.PlanID(planID)).Only(ctx)
}

// EditItem changes an item's fields at version. A finished item (verified,
// waived) is closed; the due date stays within the readiness deadline
// unless the item is an acceptance's condition.
func (s *Service) EditItem(ctx context.Context, planID, id uuid.UUID, version int64, in ItemPatch) (*ent.ReadinessItem, error) {
	cur, err := s.Item(ctx, planID, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if cur.Status == enum.ItemVerified || cur.Status == enum.ItemWaived {
		return nil, itemError(cur, "任务已复核通过或已免于执行，不能再修改")
	}
	p, err := s.client.ReadinessPlan.Get(ctx, planID)
	if err != nil {
		return nil, err
	}
	if !openForItems(p) {
		return nil, planError(p, "任务清单已申报或已验收通过，不能修改任务")
	}
	if in.DueOn != nil && cur.Source != enum.FromCondition {
		se, err := s.client.Season.Get(ctx, p.SeasonID)
		if err != nil {
			return nil, err
		}
		if *in.DueOn > se.ReadinessDeadline {
			return nil, services.Invalid(services.Field("due_on", "must be on or before the readiness deadline "+se.ReadinessDeadline))
		}
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	v := policy.FromContext(ctx)
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var it *ent.ReadinessItem
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		it, err = tx.ReadinessItem.UpdateOneID(id).Where(readinessitem.Version(version)).AddVersion(1).
			SetNillableTitle(in.Title).SetNillableDescription(in.Description).SetNillableQtyPlanned(in.QtyPlanned).
			SetNillableQtyDone(in.QtyDone).SetNillableUnit(in.Unit).SetNillableDueOn(in.DueOn).
			SetNillableResponsiblePerson(in.ResponsiblePerson).SetNillableResponsiblePhone(in.ResponsiblePhone).Save(ctx)
		if ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if err := event(tx, v, p, it, "item_edited", "", "", "", nil).Exec(ctx); err != nil {
			return err
		}
		return rp.plan(ctx, tx, ItemDue(it, false))
	})
	return it, err
}

// Step is one move of an item: from which statuses to which.
type Step struct {
	Action   string
	From     []enum.ItemStatus
	To       enum.ItemStatus
	NeedNote bool
}

// An item's steps: todo → start → in progress → done (evidence) → verify →
// verified, or reject (a reason) → rejected, which is back at work (start
// or done again); waive (bureau, a reason) from any unfinished status.
var (
	Start  = Step{Action: "start", From: []enum.ItemStatus{enum.ItemTodo, enum.ItemRejected}, To: enum.ItemInProgress}
	Done   = Step{Action: "done", From: []enum.ItemStatus{enum.ItemTodo, enum.ItemInProgress, enum.ItemRejected}, To: enum.ItemDone}
	Verify = Step{Action: "verify", From: []enum.ItemStatus{enum.ItemDone}, To: enum.ItemVerified}
	Reject = Step{Action: "reject", From: []enum.ItemStatus{enum.ItemDone}, To: enum.ItemRejected, NeedNote: true}
	Waive  = Step{Action: "waive", From: []enum.ItemStatus{enum.ItemTodo, enum.ItemInProgress, enum.ItemDone, enum.ItemRejected},
		To: enum.ItemWaived, NeedNote: true}
)

// StepInput is a step's note (its reason, or the evidence in words) and,
// when finishing, the quantity done.
type StepInput struct {
	Note    string   `json:"note" validate:"max=2000"`
	QtyDone *float64 `json:"qty_done" validate:"omitnil,min=0,max=1000000000"`
}

// itemError is a step the item's status does not allow.
func itemError(it *ent.ReadinessItem, msg string) *services.Error {
	return &services.Error{Kind: services.KindConflict, Code: "invalid_transition", Message: msg,
		Extra: map[string]any{"current_status": string(it.Status)}}
}

// Take takes step on the item id of the plan planID. Done needs evidence
// (a document or a note) and, for an item with a planned quantity, the
// quantity done. The update names the statuses it leaves, so of two racing
// steps one wins.
func (s *Service) Take(ctx context.Context, planID, id uuid.UUID, step Step, in StepInput) (*ent.ReadinessItem, error) {
	cur, err := s.Item(ctx, planID, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if step.NeedNote && in.Note == "" {
		return nil, services.Invalid(services.Field("note", "is required for "+step.Action))
	}
	if !slices.Contains(step.From, cur.Status) {
		return nil, itemError(cur, fmt.Sprintf("任务当前为%s，不能%s", cur.Status.Label(), stepLabel[step.Action]))
	}
	qty := cur.QtyDone
	if in.QtyDone != nil {
		qty = *in.QtyDone
	}
	if step.Action == Done.Action {
		var bad []services.FieldError
		n, err := s.client.Document.Query().Where(document.Owner(DocumentOwner), document.OwnerID(cur.ID)).Count(ctx)
		if err != nil {
			return nil, err
		}
		if n == 0 && in.Note == "" {
			return nil, &services.Error{Kind: services.KindInvalid, Code: "evidence_required",
				Message: "完成任务须上传照片或文件，或写明完成情况", Fields: []services.FieldError{services.Field("note", "is required without a document")}}
		}
		if cur.QtyPlanned > 0 && qty <= 0 {
			bad = append(bad, services.Field("qty_done", "is required: the quantity done"))
		}
		if len(bad) > 0 {
			return nil, services.Invalid(bad...)
		}
	}
	p, err := s.client.ReadinessPlan.Get(ctx, planID)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	today := s.Today(ctx)
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var it *ent.ReadinessItem
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.ReadinessItem.UpdateOneID(cur.ID).Where(readinessitem.StatusIn(step.From...)).AddVersion(1).SetStatus(step.To)
		switch step.Action {
		case Done.Action:
			u.SetDoneOn(today).SetQtyDone(qty)
			if in.Note != "" {
				u.SetNote(in.Note)
			}
		case Verify.Action:
			u.SetVerifiedByName(personName(v))
		case Reject.Action:
			u.ClearDoneOn()
		}
		if it, err = u.Save(ctx); ent.IsNotFound(err) {
			return errLostRace
		} else if err != nil {
			return err
		}
		if err := event(tx, v, p, it, step.Action, string(cur.Status), string(it.Status), in.Note, nil).Exec(ctx); err != nil {
			return err
		}
		if err := s.refresh(ctx, tx, it); err != nil {
			return err
		}
		return rp.plan(ctx, tx, ItemDue(it, false))
	})
	if err == errLostRace {
		if now, err := s.Item(ctx, planID, id); err == nil {
			return nil, itemError(now, "任务在此期间已被他人处理，请刷新后再试")
		}
	}
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return it, nil
}

var errLostRace = services.Errorf(services.KindConflict, "invalid_transition", "the item changed while this step ran")

var stepLabel = map[string]string{"start": "开始", "done": "完成", "verify": "复核通过", "reject": "退回", "waive": "免于执行"}

// refresh tells the register that the overhaul item of a unit changed (its
// condition counts it).
func (s *Service) refresh(ctx context.Context, tx *ent.Tx, it *ent.ReadinessItem) error {
	if s.Refresh == nil || it.EquipmentID == nil || it.Category == enum.ItemCalibration {
		return nil
	}
	return s.Refresh(ctx, tx, *it.EquipmentID)
}

// Document is a file of evidence for an item.
type Document struct {
	Filename string
	Data     []byte
}

// MaxDocuments caps the documents of one item.
const MaxDocuments = ledger.MaxAttachments

// AttachReady tells whether the item takes one more document: an item of
// the plan in the viewer's scope, not closed (verified, waived), not full.
func (s *Service) AttachReady(ctx context.Context, planID, id uuid.UUID) (*ent.ReadinessItem, error) {
	it, err := s.Item(ctx, planID, id)
	if err != nil {
		return nil, err
	}
	if it.Status == enum.ItemVerified || it.Status == enum.ItemWaived {
		return nil, itemError(it, "任务已复核通过或已免于执行，不能再上传文件")
	}
	return it, documents.Ready(ctx, s.client, docsOf(it))
}

var errFull = services.Errorf(services.KindConflict, "too_many_documents", "a readiness item keeps at most %d documents", MaxDocuments)

// docsOf is the item as documents hang on it.
func docsOf(it *ent.ReadinessItem) documents.Of {
	return documents.Of{Owner: DocumentOwner, ID: it.ID, TenantID: it.TenantID, CompanyID: it.CompanyID,
		StreetID: it.StreetID, Dir: "readiness", Max: MaxDocuments, Full: errFull}
}

// Attach stores a document for the item id (a photo or a PDF), counted
// under the plan's lock, with its step in the plan's history.
func (s *Service) Attach(ctx context.Context, planID, id uuid.UUID, in Document) (*ent.Document, error) {
	it, err := s.AttachReady(ctx, planID, id)
	if err != nil {
		return nil, err
	}
	p, err := s.client.ReadinessPlan.Get(ctx, planID)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	return documents.Attach(ctx, s.client, s.storage, docsOf(it), in.Filename, in.Data, func(tx *ent.Tx) (uuid.UUID, error) {
		// An item stays in the street it was made in.
		_, err := lockPlan(ctx, tx, planID)
		return it.StreetID, err
	}, func(tx *ent.Tx, d *ent.Document) error {
		return event(tx, v, p, it, "document_added", "", "", "", map[string]any{"document_id": d.ID, "filename": d.Filename}).Exec(ctx)
	})
}

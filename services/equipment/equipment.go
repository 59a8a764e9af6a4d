package equipment

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// EquipmentInput is a new unit, as POST /equipment and each import row give
// it. Its company and street are its site's.
type EquipmentInput struct {
	SiteID          uuid.UUID             `json:"site_id" validate:"required"`
	ParentID        *uuid.UUID            `json:"parent_id"`
	Kind            enum.EquipmentKind    `json:"kind" validate:"required,enum"`
	Name            string                `json:"name" validate:"required,max=100"`
	Special         bool                  `json:"special"`
	EquipmentCode   string                `json:"equipment_code" validate:"max=40"`
	RegistrationNo  string                `json:"registration_no" validate:"max=40"`
	SerialNo        string                `json:"serial_no" validate:"max=60"`
	Model           string                `json:"model" validate:"max=60"`
	Manufacturer    string                `json:"manufacturer" validate:"max=100"`
	Rated           map[string]string     `json:"rated" validate:"max=20,dive,keys,max=20,endkeys,max=60"`
	CommissionedOn  *string               `json:"commissioned_on" validate:"omitnil,date"`
	Status          *enum.EquipmentStatus `json:"status" validate:"omitnil,enum"`
	InternalBlocked bool                  `json:"internal_blocked"`
	Note            string                `json:"note" validate:"max=500"`
}

// EquipmentPatch changes a unit's fields; nil leaves one as it is. A new
// site_id moves it (of the same company); its clocks follow.
type EquipmentPatch struct {
	SiteID          *uuid.UUID            `json:"site_id"`
	ParentID        *uuid.UUID            `json:"parent_id"`
	ClearParent     bool                  `json:"clear_parent"`
	Kind            *enum.EquipmentKind   `json:"kind" validate:"omitnil,enum"`
	Name            *string               `json:"name" validate:"omitnil,min=1,max=100"`
	Special         *bool                 `json:"special"`
	EquipmentCode   *string               `json:"equipment_code" validate:"omitnil,max=40"`
	RegistrationNo  *string               `json:"registration_no" validate:"omitnil,max=40"`
	SerialNo        *string               `json:"serial_no" validate:"omitnil,max=60"`
	Model           *string               `json:"model" validate:"omitnil,max=60"`
	Manufacturer    *string               `json:"manufacturer" validate:"omitnil,max=100"`
	Rated           map[string]string     `json:"rated" validate:"omitempty,max=20,dive,keys,max=20,endkeys,max=60"`
	CommissionedOn  *string               `json:"commissioned_on" validate:"omitnil,date"`
	Status          *enum.EquipmentStatus `json:"status" validate:"omitnil,enum"`
	InternalBlocked *bool                 `json:"internal_blocked"`
	Note            *string               `json:"note" validate:"omitnil,max=500"`
}

// hostKinds are the kinds an accessory may hang off.
func hostKind(k enum.EquipmentKind) bool {
	return k == enum.EquipBoiler || k == enum.EquipPressureVessel
}

// checkParent holds an accessory's parent to the rule: a boiler or a
// pressure vessel on the same site, not the unit itself.
func checkParent(ctx context.Context, c *ent.Client, self *uuid.UUID, siteID uuid.UUID, parent *uuid.UUID) ([]services.FieldError, error) {
	if parent == nil {
		return nil, nil
	}
	if self != nil && *parent == *self {
		return []services.FieldError{services.Field("parent_id", "cannot be the equipment itself")}, nil
	}
	p, err := c.Equipment.Get(ctx, *parent)
	if ent.IsNotFound(err) {
		return []services.FieldError{services.Field("parent_id", "must be equipment of your register")}, nil
	}
	if err != nil {
		return nil, err
	}
	if !hostKind(p.Kind) {
		return []services.FieldError{services.Field("parent_id", "must be a boiler or a pressure vessel")}, nil
	}
	if p.SiteID != siteID {
		return []services.FieldError{services.Field("parent_id", "must be on the same site")}, nil
	}
	return nil, nil
}

// siteOf reads the site a unit goes on, as the viewer sees it; one out of
// reach is a field at fault.
func siteOf(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Site, []services.FieldError, error) {
	st, err := c.Site.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, []services.FieldError{services.Field("site_id", "must be a site of your company")}, nil
	}
	return st, nil, err
}

// CreateEquipment records a unit on a site of the viewer's company and
// lays its clocks.
func (s *Service) CreateEquipment(ctx context.Context, in EquipmentInput) (*ent.Equipment, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	st, bad, err := siteOf(ctx, s.client, in.SiteID)
	if err != nil {
		return nil, err
	}
	ub, err := checkUnit(ctx, s.client, st, &in, s.Today(ctx))
	if err != nil {
		return nil, err
	}
	if bad = append(bad, ub...); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	r, err := s.reconciler(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var out *ent.Equipment
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if out, err = createOf(tx, st, &in).Save(ctx); err != nil {
			return err
		}
		return r.run(ctx, tx, []*ent.Equipment{out})
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return s.client.Equipment.Get(ctx, out.ID)
}

// checkUnit holds a checked input on the site st (nil: not found, a
// problem already) to the rules a form cannot: an accessory's host, the
// commissioning date not in the future (CreateEquipment, the import).
func checkUnit(ctx context.Context, c *ent.Client, st *ent.Site, in *EquipmentInput, today string) ([]services.FieldError, error) {
	var bad []services.FieldError
	if st != nil {
		pb, err := checkParent(ctx, c, nil, st.ID, in.ParentID)
		if err != nil {
			return nil, err
		}
		bad = append(bad, pb...)
	}
	return notFuture(bad, "commissioned_on", in.CommissionedOn, today), nil
}

func createOf(tx *ent.Tx, st *ent.Site, in *EquipmentInput) *ent.EquipmentCreate {
	status := enum.EquipInService
	if in.Status != nil {
		status = *in.Status
	}
	c := tx.Equipment.Create().SetSiteID(st.ID).SetCompanyID(st.CompanyID).SetStreetID(st.StreetID).
		SetNillableParentID(in.ParentID).SetKind(in.Kind).SetName(in.Name).SetSpecial(in.Special).
		SetEquipmentCode(in.EquipmentCode).SetRegistrationNo(in.RegistrationNo).SetSerialNo(in.SerialNo).
		SetModel(in.Model).SetManufacturer(in.Manufacturer).SetNillableCommissionedOn(in.CommissionedOn).
		SetStatus(status).SetInternalBlocked(in.InternalBlocked).SetNote(in.Note)
	if len(in.Rated) > 0 {
		c.SetRated(in.Rated)
	}
	return c
}

// GetEquipment reads a unit in the viewer's scope.
func (s *Service) GetEquipment(ctx context.Context, id uuid.UUID) (*ent.Equipment, error) {
	return s.client.Equipment.Get(ctx, id)
}

// EditEquipment changes the unit id at version and lays its clocks again.
func (s *Service) EditEquipment(ctx context.Context, id uuid.UUID, version int64, in EquipmentPatch) (*ent.Equipment, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	cur, err := s.client.Equipment.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	var bad []services.FieldError
	st := (*ent.Site)(nil)
	siteID := cur.SiteID
	if in.SiteID != nil && *in.SiteID != cur.SiteID {
		if st, bad, err = siteOf(ctx, s.client, *in.SiteID); err != nil {
			return nil, err
		}
		siteID = *in.SiteID
	}
	parent := cur.ParentID
	switch {
	case in.ClearParent:
		parent = nil
	case in.ParentID != nil:
		parent = in.ParentID
	case siteID != cur.SiteID:
		parent = nil // an accessory moved to another site leaves its host
	}
	if len(bad) == 0 {
		pb, err := checkParent(ctx, s.client, &cur.ID, siteID, parent)
		if err != nil {
			return nil, err
		}
		bad = append(bad, pb...)
	}
	kind := cur.Kind
	if in.Kind != nil {
		kind = *in.Kind
	}
	if kind != cur.Kind && !hostKind(kind) {
		if n, err := s.client.Equipment.Query().Where(equipment.ParentID(cur.ID)).Count(ctx); err != nil {
			return nil, err
		} else if n > 0 {
			bad = append(bad, services.Field("kind", "accessories hang off this unit; it must stay a boiler or a pressure vessel"))
		}
	}
	bad = notFuture(bad, "commissioned_on", in.CommissionedOn, s.Today(ctx))
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	r, err := s.reconciler(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var out *ent.Equipment
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.Equipment.UpdateOneID(id).Where(equipment.Version(version)).AddVersion(1).
			SetNillableKind(in.Kind).SetNillableName(in.Name).SetNillableSpecial(in.Special).
			SetNillableEquipmentCode(in.EquipmentCode).SetNillableRegistrationNo(in.RegistrationNo).
			SetNillableSerialNo(in.SerialNo).SetNillableModel(in.Model).SetNillableManufacturer(in.Manufacturer).
			SetNillableCommissionedOn(in.CommissionedOn).SetNillableStatus(in.Status).
			SetNillableInternalBlocked(in.InternalBlocked).SetNillableNote(in.Note)
		if in.Rated != nil {
			u.SetRated(in.Rated)
		}
		if st != nil {
			u.SetSiteID(st.ID).SetStreetID(st.StreetID)
		}
		if parent == nil {
			u.ClearParentID()
		} else {
			u.SetParentID(*parent)
		}
		if out, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if st != nil && st.StreetID != cur.StreetID {
			if err := moveUnits(ctx, tx, []uuid.UUID{out.ID}, st.StreetID); err != nil {
				return err
			}
		}
		return r.run(ctx, tx, []*ent.Equipment{out})
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return s.client.Equipment.Get(ctx, out.ID)
}

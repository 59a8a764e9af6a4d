package alarms

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmdevice"

	"github.com/hearthsafety/hearth/ent/installvisit"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/documents"
)

// PremiseInput is a new premise, as POST /premises and an import row give
// it. Its company is the viewer's gas company. Address may be left out
// when the parts name it (小区, 楼栋, 单元, 房号 or the shop).
type PremiseInput struct {
	StreetID     uuid.UUID           `json:"street_id" validate:"required"`
	CommunityID  *uuid.UUID          `json:"community_id"`
	UserType     enum.UserType       `json:"user_type" validate:"required,enum"`
	Tags         []enum.PremiseTag   `json:"tags" validate:"max=7,dive,enum"`
	GasAccountNo *string             `json:"gas_account_no" validate:"omitnil,max=40"`
	Estate       string              `json:"estate" validate:"max=100"`
	Building     string              `json:"building" validate:"max=20"`
	Unit         string              `json:"unit" validate:"max=20"`
	Floor        string              `json:"floor" validate:"max=20"`
	Room         string              `json:"room" validate:"max=40"`
	ShopName     string              `json:"shop_name" validate:"max=100"`
	Address      string              `json:"address" validate:"max=200"`
	GasKind      *enum.GasKind       `json:"gas_kind" validate:"omitnil,enum"`
	Status       *enum.PremiseStatus `json:"status" validate:"omitnil,enum"`
	ContactName  string              `json:"contact_name" validate:"max=50"`
	Phone        string              `json:"phone" validate:"omitempty,max=30,phone"`
	Note         string              `json:"note" validate:"max=500"`
}

// PremisePatch changes a premise's fields; nil leaves one as it is. Tags,
// when given, replace the premise's.
type PremisePatch struct {
	StreetID     *uuid.UUID          `json:"street_id"`
	CommunityID  *uuid.UUID          `json:"community_id"`
	UserType     *enum.UserType      `json:"user_type" validate:"omitnil,enum"`
	Tags         []enum.PremiseTag   `json:"tags" validate:"omitempty,max=7,dive,enum"`
	ClearTags    bool                `json:"clear_tags"`
	GasAccountNo *string             `json:"gas_account_no" validate:"omitnil,max=40"`
	Estate       *string             `json:"estate" validate:"omitnil,max=100"`
	Building     *string             `json:"building" validate:"omitnil,max=20"`
	Unit         *string             `json:"unit" validate:"omitnil,max=20"`
	Floor        *string             `json:"floor" validate:"omitnil,max=20"`
	Room         *string             `json:"room" validate:"omitnil,max=40"`
	ShopName     *string             `json:"shop_name" validate:"omitnil,max=100"`
	Address      *string             `json:"address" validate:"omitnil,max=200"`
	GasKind      *enum.GasKind       `json:"gas_kind" validate:"omitnil,enum"`
	Status       *enum.PremiseStatus `json:"status" validate:"omitnil,enum"`
	ContactName  *string             `json:"contact_name" validate:"omitnil,max=50"`
	Phone        *string             `json:"phone" validate:"omitnil,max=30"`
	Note         *string             `json:"note" validate:"omitnil,max=500"`
}

// keyOf is the premise's address and address key from its input.
func keyOf(in *PremiseInput) (address, key string, bad []services.FieldError) {
	address = in.Address
	if address == "" {
		address = AddressOf(in.Estate, in.Building, in.Unit, in.Room, in.ShopName)
	}
	key = AddressKey(in.Estate, in.Building, in.Unit, in.Room, in.ShopName, address)
	if key == "" {
		bad = append(bad, services.Field("address", "is required: give the address, or the estate with building, unit and room (or the shop's name)"))
	}
	if len([]rune(address)) > 200 {
		bad = append(bad, services.Field("address", "must be at most 200 long"))
	}
	return address, key, bad
}

// duplicate is the 409 of a premise whose gas account number or address
// is recorded already, naming the one recorded.
func duplicate(p *ent.Premise, byAccount bool, own uuid.UUID) *services.Error {
	what := "地址"
	if byAccount {
		what = "燃气户号 " + deref(p.GasAccountNo)
	}
	whose := ""
	if p.CompanyID != own {
		whose = "（由其他燃气企业登记）"
	}
	e := services.Errorf(services.KindConflict, "premise_exists", "%s已登记为用户「%s」%s，请勿重复登记", what, p.Address, whose)
	e.Extra = map[string]any{"existing_id": p.ID.String()}
	return e
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// existing is the district's premise of the gas account number or the
// address key, whoever serves it (the keys are the district's), or nil.
func existing(ctx context.Context, c *ent.Client, tenant uuid.UUID, account *string, key string, except *uuid.UUID) (*ent.Premise, bool, error) {
	sys := policy.System(ctx)
	if account != nil && *account != "" {
		q := c.Premise.Query().Where(premise.TenantID(tenant), premise.GasAccountNo(*account))
		if except != nil {
			q.Where(premise.IDNEQ(*except))
		}
		p, err := q.First(sys)
		if err == nil {
			return p, true, nil
		} else if !ent.IsNotFound(err) {
			return nil, false, err
		}
	}
	q := c.Premise.Query().Where(premise.TenantID(tenant), premise.AddressKey(key))
	if except != nil {
		q.Where(premise.IDNEQ(*except))
	}
	p, err := q.First(sys)
	if ent.IsNotFound(err) {
		return nil, false, nil
	}
	return p, false, err
}

// planner is the district's reminder planner for the hazards a change
// opens or closes, read before the transaction (nil without an engine).
func (s *Service) planner(ctx context.Context, tenant uuid.UUID) (*reminders.Planner, error) {
	if s.engine == nil {
		return nil, nil
	}
	return s.engine.Planner(ctx, tenant)
}

// CreatePremise records a premise of the viewer's gas company. A restaurant
// recorded without a valid device opens its alarm_missing hazard in the
// same transaction.
func (s *Service) CreatePremise(ctx context.Context, in PremiseInput) (*ent.Premise, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.GasAccountNo != nil && *in.GasAccountNo == "" {
		in.GasAccountNo = nil
	}
	pl, bad, err := accounts.NewPlaces(s.client).Check(ctx, accounts.PlaceInput{StreetID: in.StreetID, CommunityID: in.CommunityID})
	if err != nil {
		return nil, err
	}
	address, key, kb := keyOf(&in)
	if bad = append(bad, kb...); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	var out *ent.Premise
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if p, byAccount, err := existing(ctx, tx.Client(), v.TenantID, in.GasAccountNo, key, nil); err != nil {
			return err
		} else if p != nil {
			return duplicate(p, byAccount, v.OrgID)
		}
		if out, err = premiseCreate(tx, pl, &in, address, key).Save(ctx); err != nil {
			return err
		}
		out, err = s.syncHazard(ctx, tx, rp, out, today, "")
		return err
	})
	if err != nil {
		return nil, dupOr(err)
	}
	s.engine.Kick()
	return out, nil
}

// dupOr turns a key taken by a concurrent create into the 409 a read
// would have given.
func dupOr(err error) error {
	if ent.IsConstraintError(err) {
		return services.Errorf(services.KindConflict, "premise_exists", "燃气户号或地址已登记，请勿重复登记")
	}
	return err
}

func premiseCreate(tx *ent.Tx, pl accounts.Place, in *PremiseInput, address, key string) *ent.PremiseCreate {
	return tx.Premise.Create().SetCompanyID(pl.Company).SetStreetID(pl.Street).SetNillableCommunityID(pl.Community).
		SetUserType(in.UserType).SetTags(TagsString(in.Tags)).SetSpecial(IsSpecial(in.Tags)).
		SetNillableGasAccountNo(in.GasAccountNo).SetAddressKey(key).SetEstate(in.Estate).SetBuilding(in.Building).
		SetUnit(in.Unit).SetFloor(in.Floor).SetRoom(in.Room).SetShopName(in.ShopName).SetAddress(address).
		SetNillableGasKind(in.GasKind).SetNillableStatus(in.Status).SetContactName(in.ContactName).
		SetPhone(in.Phone).SetNote(in.Note)
}

// GetPremise reads a premise in the viewer's scope.
func (s *Service) GetPremise(ctx context.Context, id uuid.UUID) (*ent.Premise, error) {
	return s.client.Premise.Get(ctx, id)
}

// lockPremise holds the premise's row until the transaction ends: its
// visits and devices change it one at a time.
func lockPremise(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Premise, error) {
	return services.Locked(func(forUpdate bool) (*ent.Premise, error) {
		q := tx.Premise.Query().Where(premise.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

// EditPremise changes the premise id at version. A move to another street
// takes its visits, devices and their photos along; its alarm_missing
// hazard opens or closes as its tags and status now say.
func (s *Service) EditPremise(ctx context.Context, id uuid.UUID, version int64, in PremisePatch) (*ent.Premise, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	cur, err := s.client.Premise.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	street, community := cur.StreetID, cur.CommunityID
	if in.StreetID != nil {
		street, community = *in.StreetID, nil
	}
	if in.CommunityID != nil {
		community = in.CommunityID
	}
	_, bad, err := accounts.NewPlaces(s.client).CheckMove(ctx, cur.CompanyID, street, community)
	if err != nil {
		return nil, err
	}
	// The premise as it will be, for its address key.
	next := PremiseInput{Estate: pick(in.Estate, cur.Estate), Building: pick(in.Building, cur.Building),
		Unit: pick(in.Unit, cur.Unit), Room: pick(in.Room, cur.Room), ShopName: pick(in.ShopName, cur.ShopName),
		Address: pick(in.Address, cur.Address)}
	if in.Address == nil && (in.Estate != nil || in.Building != nil || in.Unit != nil || in.Room != nil || in.ShopName != nil) {
		next.Address = "" // the parts changed: the address follows them
	}
	address, key, kb := keyOf(&next)
	if bad = append(bad, kb...); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	account := cur.GasAccountNo
	if in.GasAccountNo != nil {
		account = in.GasAccountNo
		if *account == "" {
			account = nil
		}
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	var out *ent.Premise
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if p, byAccount, err := existing(ctx, tx.Client(), v.TenantID, account, key, &cur.ID); err != nil {
			return err
		} else if p != nil {
			return duplicate(p, byAccount, v.OrgID)
		}
		u := tx.Premise.UpdateOneID(id).Where(premise.Version(version)).AddVersion(1).
			SetStreetID(street).SetNillableCommunityID(community).SetNillableUserType(in.UserType).
			SetAddressKey(key).SetAddress(address).SetNillableEstate(in.Estate).SetNillableBuilding(in.Building).
			SetNillableUnit(in.Unit).SetNillableFloor(in.Floor).SetNillableRoom(in.Room).
			SetNillableShopName(in.ShopName).SetNillableGasKind(in.GasKind).SetNillableStatus(in.Status).
			SetNillableContactName(in.ContactName).SetNillablePhone(in.Phone).SetNillableNote(in.Note)
		if community == nil {
			u.ClearCommunityID()
		}
		if account == nil {
			u.ClearGasAccountNo()
		} else {
			u.SetGasAccountNo(*account)
		}
		switch {
		case in.ClearTags:
			u.SetTags("").SetSpecial(false)
		case in.Tags != nil:
			u.SetTags(TagsString(in.Tags)).SetSpecial(IsSpecial(in.Tags))
		}
		if out, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if out.StreetID != cur.StreetID {
			if err := movePremise(ctx, tx, out); err != nil {
				return err
			}
		}
		out, err = s.syncHazard(ctx, tx, rp, out, today, "")
		return err
	})
	if err != nil {
		return nil, dupOr(err)
	}
	s.engine.Kick()
	return out, nil
}

func pick(p *string, cur string) string {
	if p != nil {
		return *p
	}
	return cur
}

// movePremise makes the visits, devices and device photos of a premise
// lie in its street. Its hazard stays where it was recorded: a hazard
// moves by its own edit (the ledger's rule).
func movePremise(ctx context.Context, tx *ent.Tx, p *ent.Premise) error {
	sys := policy.System(ctx) // what a premise carries moves with it, in the viewer's checked change
	// One update a record, as the audit trail takes them.
	visits, err := tx.InstallVisit.Query().Where(installvisit.PremiseID(p.ID), installvisit.StreetIDNEQ(p.StreetID)).IDs(sys)
	if err != nil {
		return err
	}
	for _, id := range visits {
		if err := tx.InstallVisit.UpdateOneID(id).SetStreetID(p.StreetID).Exec(sys); err != nil {
			return err
		}
	}
	devs, err := tx.AlarmDevice.Query().Where(alarmdevice.PremiseID(p.ID)).All(sys)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(devs))
	for i, d := range devs {
		ids[i] = d.ID
		if err := tx.AlarmDevice.UpdateOneID(d.ID).SetStreetID(p.StreetID).AddVersion(1).Exec(sys); err != nil {
			return err
		}
	}
	return documents.Move(sys, tx, DocumentOwner, ids, p.StreetID)
}

// VisitInput is one call at a premise, as POST /premises/{id}/visits gives
// it.
type VisitInput struct {
	VisitedOn   string            `json:"visited_on" validate:"required,date"`
	Outcome     enum.VisitOutcome `json:"outcome" validate:"required,enum"`
	CampaignID  *uuid.UUID        `json:"campaign_id"`
	DeviceID    *uuid.UUID        `json:"device_id"`
	VisitorName string            `json:"visitor_name" validate:"max=50"`
	Note        string            `json:"note" validate:"max=500"`
}

// AddVisit appends a visit to the premise id and, when it is the latest,
// moves the premise's last outcome and visit day, under the premise's row
// lock. A vacant outcome marks the premise vacant (it leaves the targets'
// count); a later installed or has-valid-device visit marks it active again.
func (s *Service) AddVisit(ctx context.Context, id uuid.UUID, in VisitInput) (*ent.InstallVisit, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	if _, err := s.client.Premise.Get(ctx, id); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	var bad []services.FieldError
	today := s.Today(ctx)
	if services.ValidDate(in.VisitedOn) && in.VisitedOn > today {
		bad = append(bad, services.Field("visited_on", "cannot be in the future"))
	}
	if in.CampaignID != nil {
		if _, err := s.client.AlarmCampaign.Get(ctx, *in.CampaignID); ent.IsNotFound(err) {
			bad = append(bad, services.Field("campaign_id", "must be a campaign of this district"))
		} else if err != nil {
			return nil, err
		}
	}
	if in.DeviceID != nil {
		if ok, err := s.client.AlarmDevice.Query().Where(alarmdevice.ID(*in.DeviceID), alarmdevice.PremiseID(id)).Exist(ctx); err != nil {
			return nil, err
		} else if !ok {
			bad = append(bad, services.Field("device_id", "must be a device of this premise"))
		}
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if in.VisitorName == "" {
		in.VisitorName = personName(v)
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var out *ent.InstallVisit
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err := lockPremise(ctx, tx, id)
		if err != nil {
			return err
		}
		if out, err = tx.InstallVisit.Create().SetPremiseID(p.ID).SetCompanyID(p.CompanyID).SetStreetID(p.StreetID).
			SetNillableCampaignID(in.CampaignID).SetVisitedOn(in.VisitedOn).SetOutcome(in.Outcome).
			SetNillableDeviceID(in.DeviceID).SetVisitorName(in.VisitorName).SetNote(in.Note).Save(ctx); err != nil {
			return err
		}
		if p.LastVisitOn != nil && in.VisitedOn < *p.LastVisitOn {
			return nil // history entered late: the latest stays the latest
		}
		u := tx.Premise.UpdateOneID(p.ID).AddVersion(1).SetLastOutcome(in.Outcome).SetLastVisitOn(in.VisitedOn)
		switch {
		case in.Outcome == enum.VisitVacant && p.Status == enum.PremiseActive:
			u.SetStatus(enum.PremiseVacant)
		case (in.Outcome == enum.VisitInstalled || in.Outcome == enum.VisitHasValidDevice) && p.Status == enum.PremiseVacant:
			u.SetStatus(enum.PremiseActive)
		}
		np, err := u.Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.syncHazard(ctx, tx, rp, np, today, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return out, nil
}

// premiseValid tells whether p's current device is valid on day.
func premiseValid(p *ent.Premise, day string) bool {
	return p.DeviceStatus != nil && p.DeviceReplaceOn != nil && Valid(*p.DeviceStatus, *p.DeviceReplaceOn, day)
}

// hazardDays is the term an alarm_missing hazard sets [D]: 安全生产法 第九十九条
// orders rectification "限期改正" without a number; 30 days keeps it within
// the month and before the street office.
const hazardDays = 30

// syncHazard keeps the premise's alarm_missing hazard in line with it on
// today, in tx: a restaurant in use without a valid device has one open
// hazard (opened through the ledger, premise.hazard_id pointing to it);
// once it has a valid device again (serial names it) or no longer needs
// one, the system verifies the hazard with an event saying why.
func (s *Service) syncHazard(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, p *ent.Premise, today, serial string) (*ent.Premise, error) {
	need := NeedsAlarm(p.UserType, TagsOf(p.Tags), p.Status)
	valid := premiseValid(p, today)
	switch {
	case need && !valid && p.HazardID == nil:
		h, err := s.ledger.CreateIn(ctx, tx, pl, missingHazard(p, today), ledgerLink())
		if err != nil {
			return nil, err
		}
		return tx.Premise.UpdateOneID(p.ID).SetHazardID(h.ID).AddVersion(1).Save(ctx)
	case (!need || valid) && p.HazardID != nil:
		note := "用户已不属于须安装可燃气体报警装置的在用餐饮用户，系统销号"
		details := map[string]any{"premise_id": p.ID.String()}
		if valid {
			note = "已安装有效的可燃气体报警器"
			if serial == "" && p.DeviceID != nil {
				if d, err := tx.AlarmDevice.Get(ctx, *p.DeviceID); err == nil {
					serial = d.SerialNo
				}
			}
			if serial != "" {
				note += "（编号 " + serial + "）"
				details["device_serial"] = serial
			}
			note += "，系统销号"
		}
		if _, err := s.ledger.CloseIn(ctx, tx, pl, *p.HazardID, note, details); err != nil {
			return nil, err
		}
		return tx.Premise.UpdateOneID(p.ID).ClearHazardID().AddVersion(1).Save(ctx)
	}
	return p, nil
}

// missingHazard is the hazard of a restaurant without a valid alarm.
func missingHazard(p *ent.Premise, today string) ledgerInput {
	name := p.ShopName
	if name == "" {
		name = p.Address
	}
	why := "未安装可燃气体报警装置"
	if p.DeviceStatus != nil {
		switch {
		case *p.DeviceStatus == enum.DeviceFaulty:
			why = "可燃气体报警装置故障"
		case *p.DeviceStatus == enum.DeviceRemoved || *p.DeviceStatus == enum.DeviceReplaced:
			why = "可燃气体报警装置已拆除"
		case p.DeviceReplaceOn != nil && today > *p.DeviceReplaceOn:
			why = fmt.Sprintf("可燃气体报警装置已超过使用年限（应于 %s 前更换）", *p.DeviceReplaceOn)
		}
	}
	return ledgerInput{CompanyID: &p.CompanyID, StreetID: p.StreetID, CommunityID: p.CommunityID, Address: p.Address,
		Category: enum.CategoryAlarmMissing, Level: enum.LevelGeneral, Source: enum.SourceSelfInspection,
		FoundOn: today,
		Description: fmt.Sprintf("餐饮用户「%s」%s，不符合《中华人民共和国安全生产法》第三十六条“餐饮等行业的生产经营单位使用燃气的，应当安装可燃气体报警装置，并保障其正常使用”的规定（罚则见第九十九条）。",
			name, why),
		Measure:  "安装符合 GB 15322、GB/T 34004 的可燃气体报警器（宜联网并与紧急切断阀联动），并保障其正常使用",
		Deadline: AddDays(today, hazardDays)}
}

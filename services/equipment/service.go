package equipment

// The register's service: sites, equipment, inspection records and their
// documents, the district's rule overrides, and the clocks derived from
// them (clocks.go). It copies the hazard ledger's shape (services/ledger):
// methods take the viewer from ctx and typed inputs checked by
// services.Check; one services.InTx holds a change, its audit entries (ent
// hooks), the clocks it moves and their reminders.

import (
	"context"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"

	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/documents"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// Service is the register's rules over a database.
type Service struct {
	client  *ent.Client
	engine  *reminders.Engine
	storage storage.Store
	now     func() time.Time
	ledger  *ledger.Service

	dialectOnce sync.Once
	dialect     string
}

// New is the register over client; engine plans reminders (nil: none),
// store keeps documents, now is the clock (time.Now when nil).
func New(client *ent.Client, engine *reminders.Engine, store storage.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, storage: store, now: now,
		ledger: ledger.New(client, engine, store, now)}
}

// Today is the date in the district of the viewer in ctx.
func (s *Service) Today(ctx context.Context) string {
	return ledger.TodayOf(policy.FromContext(ctx), s.now())
}

// sqlDialect is the database's dialect, read once from a query's selector:
// the derived columns are written with the SQL builder (clocks.go).
func (s *Service) sqlDialect(ctx context.Context) (string, error) {
	var err error
	s.dialectOnce.Do(func() {
		_, err = s.client.Tenant.Query().Where(func(sel *sql.Selector) { s.dialect = sel.Dialect() }).
			Limit(1).IDs(policy.System(ctx))
	})
	return s.dialect, err
}

// heatingOnly refuses a change to the register by anyone but a heating
// company's people: the register is theirs (PERMISSIONS.md, "Heating").
func heatingOnly(v *policy.Viewer) error {
	if v == nil || v.OrgKind != enum.OrgHeatingCompany {
		return services.ErrForbidden
	}
	return nil
}

// SiteInput is a new site, as POST /sites gives it.
type SiteInput struct {
	Kind           enum.SiteKind    `json:"kind" validate:"required,enum"`
	Name           string           `json:"name" validate:"required,max=100"`
	StreetID       uuid.UUID        `json:"street_id" validate:"required"`
	CommunityID    *uuid.UUID       `json:"community_id"`
	Address        string           `json:"address" validate:"max=200"`
	Lat            *float64         `json:"lat" validate:"omitnil,latitude"`
	Lng            *float64         `json:"lng" validate:"omitnil,longitude"`
	CapacityMW     *float64         `json:"capacity_mw" validate:"omitnil,min=0"`
	HeatingAreaM2  *float64         `json:"heating_area_m2" validate:"omitnil,min=0"`
	Households     *int             `json:"households" validate:"omitnil,min=0"`
	CommissionedOn *string          `json:"commissioned_on" validate:"omitnil,date"`
	Status         *enum.SiteStatus `json:"status" validate:"omitnil,enum"`
	Note           string           `json:"note" validate:"max=500"`
}

// SitePatch changes a site's fields; nil leaves one as it is.
type SitePatch struct {
	Kind           *enum.SiteKind   `json:"kind" validate:"omitnil,enum"`
	Name           *string          `json:"name" validate:"omitnil,min=1,max=100"`
	StreetID       *uuid.UUID       `json:"street_id"`
	CommunityID    *uuid.UUID       `json:"community_id"`
	Address        *string          `json:"address" validate:"omitnil,max=200"`
	Lat            *float64         `json:"lat" validate:"omitnil,latitude"`
	Lng            *float64         `json:"lng" validate:"omitnil,longitude"`
	CapacityMW     *float64         `json:"capacity_mw" validate:"omitnil,min=0"`
	HeatingAreaM2  *float64         `json:"heating_area_m2" validate:"omitnil,min=0"`
	Households     *int             `json:"households" validate:"omitnil,min=0"`
	CommissionedOn *string          `json:"commissioned_on" validate:"omitnil,date"`
	Status         *enum.SiteStatus `json:"status" validate:"omitnil,enum"`
	Note           *string          `json:"note" validate:"omitnil,max=500"`
}

// notFuture refuses a date after today.
func notFuture(bad []services.FieldError, field string, d *string, today string) []services.FieldError {
	if d != nil && services.ValidDate(*d) && *d > today {
		bad = append(bad, services.Field(field, "cannot be in the future"))
	}
	return bad
}

// CreateSite records a site of the viewer's heating company.
func (s *Service) CreateSite(ctx context.Context, in SiteInput) (*ent.Site, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	p, bad, err := accounts.NewPlaces(s.client).Check(ctx, accounts.PlaceInput{StreetID: in.StreetID, CommunityID: in.CommunityID})
	if err != nil {
		return nil, err
	}
	bad = notFuture(bad, "commissioned_on", in.CommissionedOn, s.Today(ctx))
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	status := enum.SiteInService
	if in.Status != nil {
		status = *in.Status
	}
	var out *ent.Site
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if taken, err := tx.Site.Query().Where(site.CompanyID(p.Company), site.Name(in.Name)).Exist(ctx); err != nil {
			return err
		} else if taken {
			return errSiteName
		}
		out, err = tx.Site.Create().SetCompanyID(p.Company).SetStreetID(p.Street).SetNillableCommunityID(p.Community).
			SetKind(in.Kind).SetName(in.Name).SetAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
			SetNillableCapacityMw(in.CapacityMW).SetNillableHeatingAreaM2(in.HeatingAreaM2).
			SetNillableHouseholds(in.Households).SetNillableCommissionedOn(in.CommissionedOn).
			SetStatus(status).SetNote(in.Note).Save(ctx)
		return err
	})
	return out, err
}

var errSiteName = &services.Error{Kind: services.KindInvalid, Code: "validation_failed",
	Message: "the request has invalid fields", Fields: []services.FieldError{services.Field("name", "your company has a site of this name already")}}

// GetSite reads a site in the viewer's scope.
func (s *Service) GetSite(ctx context.Context, id uuid.UUID) (*ent.Site, error) {
	return s.client.Site.Get(ctx, id)
}

// EditSite changes the site id at version. A move to another street takes
// its equipment, their clocks, inspection records, documents, hazards'
// reminders and the clocks' reminders along, in the same transaction.
func (s *Service) EditSite(ctx context.Context, id uuid.UUID, version int64, in SitePatch) (*ent.Site, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	cur, err := s.client.Site.Get(ctx, id)
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
	bad = notFuture(bad, "commissioned_on", in.CommissionedOn, s.Today(ctx))
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var out *ent.Site
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if in.Name != nil && *in.Name != cur.Name {
			if taken, err := tx.Site.Query().Where(site.CompanyID(cur.CompanyID), site.Name(*in.Name)).Exist(ctx); err != nil {
				return err
			} else if taken {
				return errSiteName
			}
		}
		u := tx.Site.UpdateOneID(id).Where(site.Version(version)).AddVersion(1).
			SetStreetID(street).SetNillableCommunityID(community).
			SetNillableKind(in.Kind).SetNillableName(in.Name).SetNillableAddress(in.Address).
			SetNillableLat(in.Lat).SetNillableLng(in.Lng).SetNillableCapacityMw(in.CapacityMW).
			SetNillableHeatingAreaM2(in.HeatingAreaM2).SetNillableHouseholds(in.Households).
			SetNillableCommissionedOn(in.CommissionedOn).SetNillableStatus(in.Status).SetNillableNote(in.Note)
		if community == nil {
			u.ClearCommunityID()
		}
		if out, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if out.StreetID != cur.StreetID {
			return moveSite(ctx, tx, out)
		}
		return nil
	})
	return out, err
}

// moveSite makes everything of a site lie in its street: its equipment
// (one audited update each), their clocks, records, documents, and the
// clocks' reminders. The hazards opened on it stay where they were
// recorded: a hazard moves by its own edit (the ledger's rule).
func moveSite(ctx context.Context, tx *ent.Tx, st *ent.Site) error {
	eqs, err := tx.Equipment.Query().Where(equipment.SiteID(st.ID)).All(ctx)
	if err != nil {
		return err
	}
	if len(eqs) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(eqs))
	for i, e := range eqs {
		ids[i] = e.ID
		if err := tx.Equipment.UpdateOneID(e.ID).SetStreetID(st.StreetID).AddVersion(1).Exec(ctx); err != nil {
			return err
		}
	}
	return moveUnits(ctx, tx, ids, st.StreetID)
}

// moveUnits makes the clocks, records and documents of units, and the
// clocks' reminders, lie in street.
func moveUnits(ctx context.Context, tx *ent.Tx, ids []uuid.UUID, street uuid.UUID) error {
	sys := policy.System(ctx) // what a unit carries moves with it, in the viewer's checked change
	for part := range chunks(ids, 1000) {
		clocks, err := tx.InspectionClock.Query().Where(inspectionclock.EquipmentIDIn(part...)).IDs(sys)
		if err != nil {
			return err
		}
		if err := tx.InspectionClock.Update().Where(inspectionclock.IDIn(clocks...)).SetStreetID(street).Exec(sys); err != nil {
			return err
		}
		for _, c := range clocks {
			if err := reminders.MoveStreet(ctx, tx, ReminderSubject, c, street); err != nil {
				return err
			}
		}
		recs, err := tx.InspectionRecord.Query().Where(inspectionrecord.EquipmentIDIn(part...)).IDs(sys)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := tx.InspectionRecord.UpdateOneID(r).SetStreetID(street).Exec(sys); err != nil {
				return err
			}
		}
		if err := documents.Move(sys, tx, DocumentOwner, recs, street); err != nil {
			return err
		}
	}
	return nil
}

// chunks splits ids into parts of at most n.
func chunks(ids []uuid.UUID, n int) func(func([]uuid.UUID) bool) {
	return func(yield func([]uuid.UUID) bool) {
		for i := 0; i < len(ids); i += n {
			if !yield(ids[i:min(i+n, len(ids))]) {
				return
			}
		}
	}
}

package equipment

// The clocks: each unit's InspectionClock rows (one per rule it owes), and
// its derived state, next due date, safety grade and condition, brought in
// line with its records, the district's rules and today. One reconciler
// serves a single change (a unit created or edited, a record added) and the
// nightly pass over every district (nightly.go) alike: the rules are
// rules.go's, never a second copy.

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/inspectionrule"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/calendar"
)

// reconciler brings units' clocks and derived columns in line, in one
// district on one day.
type reconciler struct {
	tenant  uuid.UUID
	rules   []Rule
	today   string
	pl      *reminders.Planner // nil: the register runs without reminders
	dialect string
	// planAll re-plans every clock of the units (a change by a person);
	// otherwise only clocks created or whose due date moved (the nightly
	// pass: its states change with the day, its deadlines do not).
	planAll bool
	// season is the district's current season (CurrentSeason), read once
	// in the first transaction that needs it; nil: none today.
	season     *uuid.UUID
	seasonRead bool
}

// reconciler reads a district's rules, zone and ladder, before the
// transaction that uses it.
func (s *Service) reconciler(ctx context.Context, tenantID uuid.UUID) (*reconciler, error) {
	return s.reconcilerOn(ctx, s.client, tenantID)
}

// reconcilerOn reads them through client (a transaction's, for a change
// that another module's transaction holds).
func (s *Service) reconcilerOn(ctx context.Context, client *ent.Client, tenantID uuid.UUID) (*reconciler, error) {
	sys := policy.System(ctx)
	t, err := client.Tenant.Get(sys, tenantID)
	if err != nil {
		return nil, err
	}
	overrides, err := client.InspectionRule.Query().Where(inspectionrule.TenantID(tenantID)).All(sys)
	if err != nil {
		return nil, err
	}
	d, err := s.sqlDialect(ctx)
	if err != nil {
		return nil, err
	}
	r := &reconciler{tenant: tenantID, rules: Effective(overrides), dialect: d, planAll: true,
		today: calendar.Today(calendar.Location(t.Timezone), s.now())}
	if s.engine != nil {
		if r.pl, err = s.engine.Planner(ctx, tenantID); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Notes of an inspection's reminders that are not sent.
const (
	noteClosed   = "equipment sealed or scrapped"
	noteNoDue    = "no due date"
	noteNotOwed  = "inspection no longer owed"
	recordsChunk = 500
)

// clockDue is a clock as the engine plans it.
func clockDue(c *ent.InspectionClock, closed, created bool) reminders.Due {
	d := reminders.Due{Subject: ReminderSubject, ID: c.ID, TenantID: c.TenantID, CompanyID: c.CompanyID,
		StreetID: c.StreetID, New: created}
	switch {
	case closed:
		d.Closed, d.Note = true, noteClosed
	case c.DueOn == nil:
		d.Closed, d.Note = true, noteNoDue
	default:
		d.Deadline = *c.DueOn
	}
	return d
}

// closedStatus: a sealed or scrapped unit owes nothing more now; its
// clocks stay, its reminders stop.
func closedStatus(s enum.EquipmentStatus) bool {
	return s == enum.EquipSealed || s == enum.EquipScrapped
}

type typeKey struct {
	eq uuid.UUID
	t  enum.InspectionType
}

// derived is a unit's derived columns.
type derived struct {
	id        uuid.UUID
	state     *enum.InspectionState
	due       *string
	condition enum.Condition
	grade     *int
}

// run reconciles units (read in tx as they are now) in tx.
func (r *reconciler) run(ctx context.Context, tx *ent.Tx, eqs []*ent.Equipment) error {
	sys := policy.System(ctx) // derived rows follow the viewer's checked change
	for i := 0; i < len(eqs); i += recordsChunk {
		if err := r.runPart(sys, tx, eqs[i:min(i+recordsChunk, len(eqs))]); err != nil {
			return err
		}
	}
	return nil
}

func (r *reconciler) runPart(ctx context.Context, tx *ent.Tx, eqs []*ent.Equipment) error {
	ids := make([]uuid.UUID, len(eqs))
	for i, e := range eqs {
		ids[i] = e.ID
	}
	clocks, err := tx.InspectionClock.Query().Where(inspectionclock.EquipmentIDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	have := map[typeKey]*ent.InspectionClock{}
	for _, c := range clocks {
		have[typeKey{c.EquipmentID, c.Type}] = c
	}
	recs, err := tx.InspectionRecord.Query().Where(inspectionrecord.EquipmentIDIn(ids...)).
		Select(inspectionrecord.FieldID, inspectionrecord.FieldEquipmentID, inspectionrecord.FieldType,
			inspectionrecord.FieldPerformedOn, inspectionrecord.FieldNextDueOn, inspectionrecord.FieldSafetyGrade).All(ctx)
	if err != nil {
		return err
	}
	latest := map[typeKey]*ent.InspectionRecord{}
	graded := map[uuid.UUID]*ent.InspectionRecord{}
	for _, rec := range recs {
		k := typeKey{rec.EquipmentID, rec.Type}
		if cur := latest[k]; cur == nil || newer(rec, cur) {
			latest[k] = rec
		}
		if rec.SafetyGrade != nil {
			if cur := graded[rec.EquipmentID]; cur == nil || newer(rec, cur) {
				graded[rec.EquipmentID] = rec
			}
		}
	}
	hz, err := tx.Hazard.Query().Where(hazard.EquipmentIDIn(ids...), hazard.LevelEQ(enum.LevelMajor),
		hazard.StatusNEQ(enum.StatusVerified)).Select(hazard.FieldEquipmentID).All(ctx)
	if err != nil {
		return err
	}
	major := map[uuid.UUID]bool{}
	for _, h := range hz {
		if h.EquipmentID != nil {
			major[*h.EquipmentID] = true
		}
	}
	overhaul, err := r.openOverhaul(ctx, tx, ids)
	if err != nil {
		return err
	}

	var (
		creates  []*ent.InspectionClockCreate
		dues     []reminders.Due
		toState  = map[enum.InspectionState][]uuid.UUID{}
		drop     []uuid.UUID
		derivedU []derived
	)
	for _, e := range eqs {
		closed := closedStatus(e.Status)
		owed := Owed(r.rules, e.Kind, e.InternalBlocked)
		var cs []Clock
		var next *string
		for _, rule := range owed {
			k := typeKey{e.ID, rule.Type}
			rec := latest[k]
			var last *Last
			if rec != nil {
				last = &Last{PerformedOn: rec.PerformedOn, NextDueOn: rec.NextDueOn, Grade: rec.SafetyGrade}
			}
			var due *string
			if d, ok := DueOn(rule, last, e.CommissionedOn); ok {
				due = &d
			}
			state := StateOn(due, rule.LeadDays, r.today)
			cs = append(cs, Clock{State: state, Readiness: rule.Readiness})
			if due != nil && (next == nil || *due < *next) {
				next = due
			}
			var recID *uuid.UUID
			var performed *string
			if rec != nil {
				recID, performed = &rec.ID, &rec.PerformedOn
			}
			c := have[k]
			delete(have, k)
			if c == nil {
				c = &ent.InspectionClock{ID: uuid.Must(uuid.NewV7()), TenantID: e.TenantID, CompanyID: e.CompanyID,
					StreetID: e.StreetID, EquipmentID: e.ID, Type: rule.Type, DueOn: due, LastRecordID: recID,
					LastPerformedOn: performed, State: state, LeadDays: rule.LeadDays, Readiness: rule.Readiness}
				creates = append(creates, tx.InspectionClock.Create().SetID(c.ID).SetTenantID(c.TenantID).
					SetCompanyID(c.CompanyID).SetStreetID(c.StreetID).SetEquipmentID(e.ID).SetType(rule.Type).
					SetNillableDueOn(due).SetNillableLastRecordID(recID).SetNillableLastPerformedOn(performed).
					SetState(state).SetLeadDays(rule.LeadDays).SetReadiness(rule.Readiness))
				if r.pl != nil && !closed && due != nil {
					dues = append(dues, clockDue(c, false, true))
				}
				continue
			}
			moved := !eqStr(c.DueOn, due)
			if moved || !eqID(c.LastRecordID, recID) || !eqStr(c.LastPerformedOn, performed) ||
				c.LeadDays != rule.LeadDays || c.Readiness != rule.Readiness || c.StreetID != e.StreetID {
				u := tx.InspectionClock.UpdateOneID(c.ID).SetState(state).SetLeadDays(rule.LeadDays).
					SetReadiness(rule.Readiness).SetStreetID(e.StreetID)
				if due != nil {
					u.SetDueOn(*due)
				} else {
					u.ClearDueOn()
				}
				if recID != nil {
					u.SetLastRecordID(*recID).SetLastPerformedOn(*performed)
				} else {
					u.ClearLastRecordID().ClearLastPerformedOn()
				}
				if err := u.Exec(ctx); err != nil {
					return err
				}
			} else if c.State != state {
				toState[state] = append(toState[state], c.ID)
			}
			if r.pl != nil && (r.planAll || moved) {
				c.DueOn, c.StreetID = due, e.StreetID
				dues = append(dues, clockDue(c, closed, false))
			}
		}
		var st *enum.InspectionState
		if w, ok := Worst(cs); ok {
			st = &w
		}
		var grade *int
		if g := graded[e.ID]; g != nil {
			grade = g.SafetyGrade
		} else {
			grade = e.SafetyGrade
		}
		d := derived{id: e.ID, state: st, due: next, grade: grade,
			condition: ConditionOf(e.Status, cs, major[e.ID], overhaul[e.ID])}
		if !eqState(e.State, d.state) || !eqStr(e.NextDueOn, d.due) || e.Condition != d.condition || !eqInt(e.SafetyGrade, d.grade) {
			derivedU = append(derivedU, d)
			e.State, e.NextDueOn, e.Condition, e.SafetyGrade = d.state, d.due, d.condition, d.grade
		}
	}
	// Clocks no longer owed (a kind changed, a rule disabled, a boiler
	// whose internal inspection is possible again): their reminders stop,
	// the rows go.
	for _, c := range have {
		drop = append(drop, c.ID)
		if r.pl != nil {
			d := clockDue(c, true, false)
			d.Note = noteNotOwed
			dues = append(dues, d)
		}
	}
	for part := range chunkOf(creates, 1000) {
		if err := tx.InspectionClock.CreateBulk(part...).Exec(ctx); err != nil {
			return err
		}
	}
	for state, ids := range toState {
		for part := range chunks(ids, 1000) {
			if err := tx.InspectionClock.Update().Where(inspectionclock.IDIn(part...)).SetState(state).Exec(ctx); err != nil {
				return err
			}
		}
	}
	if r.pl != nil && len(dues) > 0 {
		if err := r.pl.Plan(ctx, tx, dues...); err != nil {
			return err
		}
	}
	for part := range chunks(drop, 1000) {
		if _, err := tx.InspectionClock.Delete().Where(inspectionclock.IDIn(part...)).Exec(ctx); err != nil {
			return err
		}
	}
	return r.writeDerived(ctx, tx, derivedU)
}

// CurrentSeason is the district's season on today: the latest by campaign
// start of those whose campaign has started and whose heating has not
// ended (campaign_start ≤ today ≤ heating_end); nil between seasons.
func CurrentSeason(ctx context.Context, client *ent.Client, tenantID uuid.UUID, today string) (*uuid.UUID, error) {
	id, err := client.Season.Query().Where(season.TenantID(tenantID), season.CampaignStartLTE(today),
		season.HeatingEndGTE(today)).Order(ent.Desc(season.FieldCampaignStart)).FirstID(policy.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// overhaulDone are the statuses of a readiness item that count as done
// for its unit's condition.
var overhaulDone = []enum.ItemStatus{enum.ItemDone, enum.ItemVerified, enum.ItemWaived}

// openOverhaul tells which of the units have an overhaul item of the
// current season not done (programmes §1.4: a unit is intact only if its
// overhaul item of the current campaign, if any, is done): items of the
// season on the unit, any category but calibration (inspections count by
// their clocks), not done, verified or waived. One grouped query.
func (r *reconciler) openOverhaul(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) (map[uuid.UUID]bool, error) {
	if !r.seasonRead {
		id, err := CurrentSeason(ctx, tx.Client(), r.tenant, r.today)
		if err != nil {
			return nil, err
		}
		r.season, r.seasonRead = id, true
	}
	out := map[uuid.UUID]bool{}
	if r.season == nil || len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		EquipmentID uuid.UUID `json:"equipment_id"`
		Count       int       `json:"count"`
	}
	if err := tx.ReadinessItem.Query().Where(readinessitem.SeasonID(*r.season), readinessitem.EquipmentIDIn(ids...),
		readinessitem.CategoryNEQ(enum.ItemCalibration), readinessitem.StatusNotIn(overhaulDone...)).
		GroupBy(readinessitem.FieldEquipmentID).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, row := range rows {
		out[row.EquipmentID] = row.Count > 0
	}
	return out, nil
}

// RefreshUnits brings the derived columns of the units ids (their
// condition above all) in line in tx, another module's transaction: the
// readiness campaign calls it when an item on a unit is added or changes
// status. Only clocks created or moved are planned again.
func (s *Service) RefreshUnits(ctx context.Context, tx *ent.Tx, ids ...uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	sys := policy.System(ctx)
	eqs, err := tx.Equipment.Query().Where(equipment.IDIn(ids...)).Order(ent.Asc(equipment.FieldID)).All(sys)
	if err != nil {
		return err
	}
	byTenant := map[uuid.UUID][]*ent.Equipment{}
	var tenants []uuid.UUID
	for _, e := range eqs {
		if byTenant[e.TenantID] == nil {
			tenants = append(tenants, e.TenantID)
		}
		byTenant[e.TenantID] = append(byTenant[e.TenantID], e)
	}
	for _, t := range tenants {
		r, err := s.reconcilerOn(ctx, tx.Client(), t)
		if err != nil {
			return err
		}
		r.planAll = false
		if err := r.run(ctx, tx, byTenant[t]); err != nil {
			return err
		}
	}
	return nil
}

// newer: a record performed later, or entered later on the same day.
func newer(a, b *ent.InspectionRecord) bool {
	if a.PerformedOn != b.PerformedOn {
		return a.PerformedOn > b.PerformedOn
	}
	return a.ID.String() > b.ID.String()
}

// writeDerived writes units' derived columns, many rows a statement
// (UPDATE … FROM VALUES, in both dialects). They follow from records,
// rules and the day, not from anyone's edit: they are not audited and do
// not move the version (an ETag stays good for the fields a person edits).
func (r *reconciler) writeDerived(ctx context.Context, tx *ent.Tx, rows []derived) error {
	const per = 5
	for i := 0; i < len(rows); i += 500 {
		part := rows[i:min(i+500, len(rows))]
		var b strings.Builder
		args := make([]any, 0, len(part)*per)
		b.WriteString(`UPDATE equipment SET "state" = v.column2, "condition" = v.column3, "next_due_on" = v.column4, `)
		if r.dialect == "postgres" {
			b.WriteString(`"safety_grade" = CAST(v.column5 AS integer) FROM (VALUES `)
		} else {
			b.WriteString(`"safety_grade" = CAST(v.column5 AS INTEGER) FROM (VALUES `)
		}
		for j, d := range part {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for k := range per {
				if k > 0 {
					b.WriteByte(',')
				}
				if r.dialect == "postgres" {
					fmt.Fprintf(&b, "$%d", len(args)+k+1)
				} else {
					b.WriteByte('?')
				}
			}
			b.WriteByte(')')
			var state, grade any
			if d.state != nil {
				state = string(*d.state)
			}
			if d.grade != nil {
				grade = fmt.Sprint(*d.grade)
			}
			var due any
			if d.due != nil {
				due = *d.due
			}
			args = append(args, d.id.String(), state, string(d.condition), due, grade)
		}
		if r.dialect == "postgres" {
			b.WriteString(`) AS v WHERE equipment.id = CAST(v.column1 AS uuid)`)
		} else {
			b.WriteString(`) AS v WHERE equipment.id = v.column1`)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("equipment: writing derived columns: %w", err)
		}
	}
	return nil
}

func chunkOf[T any](xs []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for i := 0; i < len(xs); i += n {
			if !yield(xs[i:min(i+n, len(xs))]) {
				return
			}
		}
	}
}

func eqStr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqInt(a, b *int) bool    { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqID(a, b *uuid.UUID) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
func eqState(a, b *enum.InspectionState) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

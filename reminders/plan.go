package reminders

import (
	"context"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
)

// LadderOf is a district's ladder: its own days and hour, or the default
// days when it has set none.
func LadderOf(t *ent.Tenant) Ladder {
	l := Ladder{DaysBefore: t.ReminderDays, Hour: t.ReminderHour}
	if len(l.DaysBefore) == 0 {
		l.DaysBefore = DefaultLadder.DaysBefore
	}
	return l
}

// Location is a district's time zone (Asia/Shanghai when it cannot be read).
func Location(t *ent.Tenant) *time.Location {
	if loc, err := time.LoadLocation(t.Timezone); err == nil {
		return loc
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return loc
}

// Plan brings a hazard's scheduled reminders in line with the hazard as tx
// now sees it: nothing stays scheduled for a verified hazard or for a
// deadline it no longer has, and every rung of its current deadline's ladder
// still ahead is scheduled once. Rungs already past are not sent late, but an
// overdue escalation is scheduled even when its time has passed (a hazard
// recorded after its deadline is escalated at once). Call it in the
// transaction of every change to a hazard's status or deadline; the relay
// hands new rows to Redis.
func Plan(ctx context.Context, tx *ent.Tx, h *ent.Hazard, l Ladder, loc *time.Location, now time.Time) error {
	stale := tx.Reminder.Update().Where(reminder.HazardID(h.ID), reminder.StateEQ(reminder.StateScheduled))
	note := "hazard verified"
	if h.Status != hazard.StatusVerified {
		stale.Where(reminder.DeadlineNEQ(h.Deadline))
		note = "deadline moved"
	}
	if err := stale.SetState(reminder.StateCancelled).SetNote(note).SetDoneAt(now.UTC()).Exec(ctx); err != nil {
		return err
	}
	if h.Status == hazard.StatusVerified {
		return nil
	}
	add, err := rungs(tx, h, l, loc, now)
	if err != nil {
		return err
	}
	return createRungs(ctx, tx, add)
}

// rungs are the reminders of a hazard's current deadline still worth
// scheduling.
func rungs(tx *ent.Tx, h *ent.Hazard, l Ladder, loc *time.Location, now time.Time) ([]*ent.ReminderCreate, error) {
	steps, err := l.Steps(h.Deadline, loc)
	if err != nil {
		return nil, err
	}
	var add []*ent.ReminderCreate
	for _, s := range steps {
		if s.Kind == KindDueSoon && !s.At.After(now) {
			continue
		}
		add = append(add, tx.Reminder.Create().SetTenantID(h.TenantID).SetHazardID(h.ID).
			SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).SetKind(reminder.Kind(s.Kind)).
			SetDaysBefore(s.DaysLeft).SetDeadline(h.Deadline).SetDueAt(s.At))
	}
	return add, nil
}

// createRungs writes reminders, skipping any rung that exists already in
// whatever state: a rung is sent at most once.
func createRungs(ctx context.Context, tx *ent.Tx, add []*ent.ReminderCreate) error {
	if len(add) == 0 {
		return nil
	}
	return tx.Reminder.CreateBulk(add...).OnConflictColumns(reminder.FieldHazardID, reminder.FieldDeadline,
		reminder.FieldKind, reminder.FieldDaysBefore).DoNothing().Exec(ctx)
}

// Replan re-lays the ladder of every open hazard of a district after its
// ladder or time zone changed, or it was enabled again: rungs still ahead
// are replaced by the new ladder's, and what was dropped while the district
// was disabled is laid again (an escalation whose time passed meanwhile is
// sent at once), in the settings change's transaction, a page of hazards at
// a time. A rung already due and not yet delivered stays, to be delivered.
func Replan(ctx context.Context, tx *ent.Tx, tenantID uuid.UUID, l Ladder, loc *time.Location, now time.Time) error {
	_, err := tx.Reminder.Delete().Where(reminder.TenantID(tenantID), reminder.Or(
		reminder.And(reminder.StateEQ(reminder.StateScheduled), reminder.DueAtGT(now.UTC())),
		reminder.And(reminder.StateEQ(reminder.StateCancelled), reminder.Note(NoteDistrictDisabled)))).Exec(ctx)
	if err != nil {
		return err
	}
	var after uuid.UUID
	for {
		hs, err := tx.Hazard.Query().Where(hazard.TenantID(tenantID), hazard.StatusNEQ(hazard.StatusVerified),
			hazard.IDGT(after)).Order(ent.Asc(hazard.FieldID)).Limit(300).All(ctx)
		if err != nil || len(hs) == 0 {
			return err
		}
		if err := planAll(ctx, tx, hs, l, loc, now); err != nil {
			return err
		}
		after = hs[len(hs)-1].ID
	}
}

// planAll schedules the rungs ahead of several hazards of one district.
func planAll(ctx context.Context, tx *ent.Tx, hs []*ent.Hazard, l Ladder, loc *time.Location, now time.Time) error {
	var add []*ent.ReminderCreate
	for _, h := range hs {
		r, err := rungs(tx, h, l, loc, now)
		if err != nil {
			return err
		}
		add = append(add, r...)
	}
	return createRungs(ctx, tx, add)
}

// Backfill plans the reminders of every open hazard that has none for its
// current deadline: hazards recorded before reminders existed, or whose
// district was replanned while a write raced it. Every relay runs it when it
// starts; planning twice adds nothing. It returns how many hazards it
// planned.
func Backfill(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	ctx = policy.System(ctx) // every district's ledger, on behalf of none
	ts, err := client.Tenant.Query().Where(tenant.Disabled(false)).All(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, t := range ts {
		l, loc := LadderOf(t), Location(t)
		var afterDeadline string
		var afterID uuid.UUID
		for {
			hs, err := client.Hazard.Query().Where(hazard.TenantID(t.ID), open(),
				hazard.Or(hazard.DeadlineGT(afterDeadline), hazard.And(hazard.Deadline(afterDeadline), hazard.IDGT(afterID))),
				unplanned()).Order(ent.Asc(hazard.FieldDeadline), ent.Asc(hazard.FieldID)).Limit(300).All(ctx)
			if err != nil || len(hs) == 0 {
				if err != nil {
					return total, err
				}
				break
			}
			err = withTx(ctx, client, func(tx *ent.Tx) error { return planAll(ctx, tx, hs, l, loc, now) })
			if err != nil {
				return total, err
			}
			total += len(hs)
			afterDeadline, afterID = hs[len(hs)-1].Deadline, hs[len(hs)-1].ID
		}
	}
	return total, nil
}

// open holds hazards not yet verified, with the statuses written into the
// SQL: PostgreSQL then reads the partial index of open hazards
// (ent/schema/hazard.go) instead of the whole ledger.
func open() predicate.Hazard {
	return func(s *sql.Selector) {
		s.Where(sql.ExprP(s.C(hazard.FieldStatus) + " IN ('reported', 'rectifying', 'rectified')"))
	}
}

// unplanned holds hazards with no reminder for their current deadline.
func unplanned() predicate.Hazard {
	return func(s *sql.Selector) {
		r := sql.Table(reminder.Table)
		s.Where(sql.Not(sql.Exists(sql.Select(r.C(reminder.FieldID)).From(r).Where(sql.And(
			sql.ColumnsEQ(r.C(reminder.FieldHazardID), s.C(hazard.FieldID)),
			sql.ColumnsEQ(r.C(reminder.FieldDeadline), s.C(hazard.FieldDeadline)))))))
	}
}

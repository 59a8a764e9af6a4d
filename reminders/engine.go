package reminders

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/calendar"
)

// Notes of reminders the planner cancels or the relay drops.
const (
	// NoteDeadlineMoved: the subject's deadline moved; its new one has
	// rungs of its own.
	NoteDeadlineMoved = "deadline moved"
	// NoteDistrictDisabled is why a reminder of a disabled district was
	// not sent; enabling the district again lays it anew (Replan).
	NoteDistrictDisabled = "district disabled"
)

// NoteDeadlineOutOfRange is why a record whose deadline is not a date (or
// an instant) in the years services.MinYear to services.MaxYear has no
// ladder: one cancelled reminder with this note records it in its district's
// queue, due when it was found, instead of rungs in year 9999 or 10000 that
// no database column, JSON answer or relay scan can hold.
var NoteDeadlineOutOfRange = fmt.Sprintf("期限不在 %d 至 %d 年间，未安排提醒；请更正期限", services.MinYear, services.MaxYear)

// deadlineLow and deadlineHigh bound, as text, the deadlines the relay and
// the clean-up trust: a date or an RFC 3339 instant starts with its year.
var (
	deadlineLow  = fmt.Sprintf("%04d", services.MinYear)
	deadlineHigh = fmt.Sprintf("%04d", services.MaxYear+1)
)

// deadlineInRange reports whether a deadline reads, in loc, as a day of the
// years services.MinYear to services.MaxYear.
func deadlineInRange(deadline string, loc *time.Location) bool {
	day, _, err := ParseDeadline(deadline, loc)
	return err == nil && day.Year() >= services.MinYear && day.Year() <= services.MaxYear
}

// Engine plans every module's reminders. cmd makes one (tests too) and
// hands it to every service; it is safe for concurrent use.
type Engine struct {
	client *ent.Client
	cal    Workdays
	q      *Queue
	now    func() time.Time
}

// NewEngine makes the engine: cal is the working-day calendar (China's
// embedded one when nil; a *calendar.Calendar is read once per plan, so a
// ladder is laid against one snapshot), q the relay to wake after a commit
// (none: the next relay pass finds the rows), now the clock (time.Now when
// nil). The relay's start-up backfill lays ladders with this engine.
func NewEngine(client *ent.Client, cal Workdays, q *Queue, now func() time.Time) *Engine {
	if c, ok := cal.(*calendar.Calendar); ok && c == nil {
		cal = nil
	}
	if now == nil {
		now = time.Now
	}
	e := &Engine{client: client, cal: cal, q: q, now: now}
	if q != nil {
		q.engine.Store(e)
	}
	return e
}

// Kick wakes the relay after a commit that wrote reminders. It never blocks
// and is safe on a nil Engine.
func (e *Engine) Kick() {
	if e != nil {
		e.q.Kick()
	}
}

// workdays is the calendar to lay a batch of ladders against.
func (e *Engine) workdays() Workdays {
	switch c := e.cal.(type) {
	case nil:
		return calendar.Embedded()
	case interface{ Table() calendar.Table }:
		return c.Table()
	}
	return e.cal
}

// Planner lays the ladders of one district's records: its settings, zone,
// calendar and clock read once. One request (or one goroutine) uses it.
type Planner struct {
	tenant  *ent.Tenant
	loc     *time.Location
	cal     Workdays
	now     time.Time
	ladders map[string]Ladder
}

// Planner reads a district's settings for plans. Call it before the
// transaction that plans.
func (e *Engine) Planner(ctx context.Context, tenantID uuid.UUID) (*Planner, error) {
	t, err := e.client.Tenant.Get(policy.System(ctx), tenantID)
	if err != nil {
		return nil, err
	}
	return e.plannerFor(t, e.workdays()), nil
}

func (e *Engine) plannerFor(t *ent.Tenant, cal Workdays) *Planner {
	return &Planner{tenant: t, loc: calendar.Location(t.Timezone), cal: cal, now: e.now().UTC(),
		ladders: map[string]Ladder{}}
}

func (p *Planner) ladder(src Source) Ladder {
	l, ok := p.ladders[src.Subject()]
	if !ok {
		l = src.Ladder(p.tenant)
		p.ladders[src.Subject()] = l
	}
	return l
}

// ladderOf is the ladder of one record: its source's, with the record's
// own day rungs when it has them (Due.DaysBefore).
func (p *Planner) ladderOf(src Source, d Due) Ladder {
	l := p.ladder(src)
	if d.DaysBefore != nil {
		l.DaysBefore = d.DaysBefore
	}
	return l
}

// Plan brings the scheduled reminders of records in line with them as tx
// now sees them, in tx: nothing stays scheduled for a closed record or for a
// deadline it no longer has (cancelled, with a note), and every rung of its
// current deadline's ladder still ahead is scheduled once. Rungs already
// past are not sent late, but escalation steps are scheduled even when their
// time has passed (a record entered after its deadline escalates at once).
// A rung that exists already, in whatever state, is not added again: a rung
// is sent at most once, and planning twice adds nothing.
//
// A New record costs no query of its own: its rungs join one batched insert.
// Any other costs one UPDATE (and a DELETE) on its (subject_id, state).
// Call Kick after the commit.
func (p *Planner) Plan(ctx context.Context, tx *ent.Tx, dues ...Due) error {
	// The outbox is the engine's: the service has checked the record.
	ctx = policy.System(ctx)
	var add []*ent.ReminderCreate
	for _, d := range dues {
		if d.TenantID != p.tenant.ID {
			return fmt.Errorf("reminders: %s %s is of district %s, not the planner's %s", d.Subject, d.ID, d.TenantID, p.tenant.ID)
		}
		src, ok := Lookup(d.Subject)
		if !ok {
			return fmt.Errorf("reminders: no source for subject %q", d.Subject)
		}
		if !d.New {
			if err := p.cancel(ctx, tx, d); err != nil {
				return err
			}
		}
		if d.Closed {
			continue
		}
		r, err := p.rungs(tx, src, d)
		if err != nil {
			return err
		}
		add = append(add, r...)
	}
	return createRungs(ctx, tx, add)
}

// cancel settles what a record's change leaves stale. Its WHERE is equality
// on subject_id and state first: the (subject_id, state) index, whatever the
// statistics say.
func (p *Planner) cancel(ctx context.Context, tx *ent.Tx, d Due) error {
	stale := tx.Reminder.Update().Where(reminder.SubjectID(d.ID), reminder.StateEQ(reminder.StateScheduled),
		reminder.Subject(d.Subject))
	note := d.Note
	switch {
	case !d.Closed:
		stale.Where(reminder.DeadlineNEQ(d.Deadline))
		note = NoteDeadlineMoved
	case note == "":
		note = d.Subject + " closed"
	}
	if err := stale.SetState(reminder.StateCancelled).SetNote(truncate(note, 200)).SetDoneAt(p.now).Exec(ctx); err != nil {
		return err
	}
	if d.Closed {
		return nil
	}
	// A deadline moved back to one it had: what was cancelled for it when
	// it moved away, and is still to come, is laid again.
	_, err := tx.Reminder.Delete().Where(reminder.SubjectID(d.ID), reminder.StateEQ(reminder.StateCancelled),
		reminder.Subject(d.Subject), reminder.Deadline(d.Deadline), reminder.Note(NoteDeadlineMoved),
		reminder.Or(reminder.DueAtGT(p.now), reminder.KindEQ(enum.ReminderOverdue))).Exec(ctx)
	return err
}

// rungs are the reminders of a record's current deadline still worth
// scheduling.
func (p *Planner) rungs(tx *ent.Tx, src Source, d Due) ([]*ent.ReminderCreate, error) {
	if !deadlineInRange(d.Deadline, p.loc) {
		// A careless value (9999-12-31) entered before dates were checked:
		// recorded, not laid, so it fails neither this plan nor the relay.
		return []*ent.ReminderCreate{tx.Reminder.Create().SetTenantID(d.TenantID).SetSubject(d.Subject).
			SetSubjectID(d.ID).SetCompanyID(d.CompanyID).SetStreetID(d.StreetID).SetKind(enum.ReminderOverdue).
			SetRung("e0").SetDeadline(d.Deadline).SetAudience([]string{AudienceBureau}).SetDueAt(p.now).
			SetState(reminder.StateCancelled).SetNote(NoteDeadlineOutOfRange).SetDoneAt(p.now)}, nil
	}
	steps, err := p.ladderOf(src, d).Lay(d.Deadline, p.loc, p.cal)
	if err != nil {
		return nil, err
	}
	var add []*ent.ReminderCreate
	for _, s := range p.ahead(steps) {
		add = append(add, create(tx, d, s))
	}
	return add, nil
}

// ahead drops the rungs before the deadline whose time has passed.
func (p *Planner) ahead(steps []Step) []Step {
	return slices.DeleteFunc(steps, func(s Step) bool {
		return s.Kind == enum.ReminderDueSoon && !s.At.After(p.now)
	})
}

func create(tx *ent.Tx, d Due, s Step) *ent.ReminderCreate {
	return tx.Reminder.Create().SetTenantID(d.TenantID).SetSubject(d.Subject).SetSubjectID(d.ID).
		SetCompanyID(d.CompanyID).SetStreetID(d.StreetID).SetKind(s.Kind).SetRung(s.Rung).
		SetDaysBefore(s.DaysLeft).SetDeadline(d.Deadline).SetAudience(s.Audience).SetDueAt(s.At)
}

// insertChunk rows a statement: 19 columns a row keeps a statement within
// SQLite's 32,766 parameters and PostgreSQL's 65,535.
const insertChunk = 1000

// createRungs writes reminders, skipping any rung that exists already in
// whatever state.
func createRungs(ctx context.Context, tx *ent.Tx, add []*ent.ReminderCreate) error {
	for part := range slices.Chunk(add, insertChunk) {
		err := tx.Reminder.CreateBulk(part...).OnConflictColumns(reminder.FieldSubjectID, reminder.FieldSubject,
			reminder.FieldDeadline, reminder.FieldRung).DoNothing().Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// replanPage is how many records a re-plan reads at a time.
const replanPage = 500

// Replan re-lays the ladders of every open record of a district after its
// ladder or time zone changed, or it was enabled again, in the settings
// change's transaction (which it reads the district in): rungs still ahead
// are replaced by the new ladder's, and what was dropped while the district
// was disabled is laid again (an escalation whose time passed meanwhile is
// sent at once). A rung already due and not yet delivered stays, to be
// delivered. Call Kick after the commit.
func (e *Engine) Replan(ctx context.Context, tx *ent.Tx, tenantID uuid.UUID) error {
	ctx = policy.System(ctx) // an operator changes a district and reaches none of its records
	t, err := tx.Tenant.Get(ctx, tenantID)
	if err != nil {
		return err
	}
	p := e.plannerFor(t, e.workdays())
	srcs := registered()
	subjects := make([]string, len(srcs))
	for i, src := range srcs {
		subjects[i] = src.Subject()
	}
	// Only the subjects this build lays again.
	_, err = tx.Reminder.Delete().Where(reminder.TenantID(tenantID), reminder.SubjectIn(subjects...), reminder.Or(
		reminder.And(reminder.StateEQ(reminder.StateScheduled), reminder.DueAtGT(p.now)),
		reminder.And(reminder.StateEQ(reminder.StateCancelled), reminder.Note(NoteDistrictDisabled)))).Exec(ctx)
	if err != nil {
		return err
	}
	for _, src := range srcs {
		var after Due
		for {
			ds, err := src.Open(ctx, tx.Client(), tenantID, after, replanPage, false)
			if err != nil || len(ds) == 0 {
				if err != nil {
					return err
				}
				break
			}
			after = ds[len(ds)-1]
			for i := range ds {
				ds[i].New = true // what was ahead is gone: nothing to cancel
			}
			if err := p.Plan(ctx, tx, ds...); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReplanYear re-lays, in tx, the rungs still ahead of every open record of
// every enabled district whose rungs fall in year, against cal (the
// engine's calendar when nil): after the calendar of that year was loaded.
// Only records whose rungs ahead change are touched; a rung already sent
// or cancelled is not laid again. It wakes the relay when tx commits.
// calendar.Calendar's OnLoad calls it with the calendar as it will be.
func (e *Engine) ReplanYear(ctx context.Context, tx *ent.Tx, cal Workdays, year int) error {
	ctx = policy.System(ctx)
	if cal == nil {
		cal = e.workdays()
	}
	ts, err := tx.Tenant.Query().Where(tenant.Disabled(false)).All(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		p := e.plannerFor(t, cal)
		for _, src := range registered() {
			var after Due
			for {
				ds, err := src.Open(ctx, tx.Client(), t.ID, after, replanPage, false)
				if err != nil || len(ds) == 0 {
					if err != nil {
						return err
					}
					break
				}
				after = ds[len(ds)-1]
				if err := p.relay(ctx, tx, src, ds, year); err != nil {
					return err
				}
			}
		}
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				e.Kick()
			}
			return err
		})
	})
	return nil
}

// relay re-lays the rungs ahead of a page of records where the calendar
// changed them in year.
func (p *Planner) relay(ctx context.Context, tx *ent.Tx, src Source, ds []Due, year int) error {
	want := map[uuid.UUID][]Step{}
	var ids []uuid.UUID
	for _, d := range ds {
		day, _, err := ParseDeadline(d.Deadline, p.loc)
		if err != nil || !deadlineInRange(d.Deadline, p.loc) {
			continue // recorded by Plan (NoteDeadlineOutOfRange), never laid
		}
		if y := day.Year(); y < year-1 || y > year+1 {
			continue // no ladder reaches a year away
		}
		steps, err := p.ladderOf(src, d).Lay(d.Deadline, p.loc, p.cal)
		if err != nil {
			return err
		}
		want[d.ID] = slices.DeleteFunc(steps, func(s Step) bool { return !s.At.After(p.now) })
		ids = append(ids, d.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	rs, err := tx.Reminder.Query().Where(reminder.SubjectIDIn(ids...), reminder.StateEQ(reminder.StateScheduled),
		reminder.Subject(src.Subject()), reminder.DueAtGT(p.now)).
		Select(reminder.FieldID, reminder.FieldSubjectID, reminder.FieldRung, reminder.FieldDueAt).All(ctx)
	if err != nil {
		return err
	}
	have := map[uuid.UUID][]*ent.Reminder{}
	for _, r := range rs {
		have[r.SubjectID] = append(have[r.SubjectID], r)
	}
	var stale []uuid.UUID
	var add []*ent.ReminderCreate
	for _, d := range ds {
		w, ok := want[d.ID]
		if !ok {
			continue
		}
		h := have[d.ID]
		inYear := false
		for _, s := range w {
			inYear = inYear || s.At.In(p.loc).Year() == year
		}
		for _, r := range h {
			inYear = inYear || r.DueAt.In(p.loc).Year() == year
		}
		if !inYear || sameRungs(h, w) {
			continue
		}
		for _, r := range h {
			stale = append(stale, r.ID)
		}
		for _, s := range w {
			add = append(add, create(tx, d, s))
		}
	}
	for part := range slices.Chunk(stale, 1000) {
		if _, err := tx.Reminder.Delete().Where(reminder.IDIn(part...)).Exec(ctx); err != nil {
			return err
		}
	}
	return createRungs(ctx, tx, add)
}

func sameRungs(have []*ent.Reminder, want []Step) bool {
	if len(have) != len(want) {
		return false
	}
	at := map[string]time.Time{}
	for _, r := range have {
		at[r.Rung] = r.DueAt
	}
	for _, s := range want {
		if t, ok := at[s.Rung]; !ok || !t.Equal(s.At) {
			return false
		}
	}
	return true
}

// Backfill plans every open record, of every source, that has no reminder
// for its current deadline: records entered before reminders existed, or
// whose district was re-planned while a write raced it. Every relay runs it
// when it starts; planning twice adds nothing. It returns how many records
// it planned.
func (e *Engine) Backfill(ctx context.Context) (int, error) {
	ctx = policy.System(ctx) // every district's records, on behalf of none
	ts, err := e.client.Tenant.Query().Where(tenant.Disabled(false)).All(ctx)
	if err != nil {
		return 0, err
	}
	cal := e.workdays()
	total := 0
	var errs []error
	for _, t := range ts {
		// One district's bad record costs that district's backfill, never
		// another's: its error is reported with its name, and the next
		// district is planned.
		n, err := e.backfill(ctx, e.plannerFor(t, cal))
		total += n
		if err != nil && ctx.Err() == nil {
			errs = append(errs, fmt.Errorf("district %s (%s): %w", t.Name, t.Slug, err))
		}
	}
	return total, errors.Join(errs...)
}

// backfill plans one district's open records that have no reminder for
// their current deadline. First it drops the rungs of deadlines out of
// range laid before such deadlines were refused: their due times (year 9999
// or 10000) break the relay's scan and the queue view, and they could never
// be sent. Their records, if still open with that deadline, are then
// recorded like any other (NoteDeadlineOutOfRange).
func (e *Engine) backfill(ctx context.Context, p *Planner) (int, error) {
	err := services.InTx(ctx, e.client, func(tx *ent.Tx) error {
		_, err := tx.Reminder.Delete().Where(reminder.TenantID(p.tenant.ID),
			reminder.Or(reminder.DeadlineLT(deadlineLow), reminder.DeadlineGTE(deadlineHigh)),
			reminder.NoteNEQ(NoteDeadlineOutOfRange)).Exec(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for _, src := range registered() {
		var after Due
		for {
			ds, err := src.Open(ctx, e.client, p.tenant.ID, after, 300, true)
			if err != nil || len(ds) == 0 {
				if err != nil {
					return total, err
				}
				break
			}
			after = ds[len(ds)-1]
			for i := range ds {
				ds[i].New = true
			}
			if err := services.InTx(ctx, e.client, func(tx *ent.Tx) error { return p.Plan(ctx, tx, ds...) }); err != nil {
				return total, err
			}
			total += len(ds)
		}
	}
	return total, nil
}

// MoveStreet makes a record's reminders, sent ones too, lie in its new
// street, in the move's transaction.
func MoveStreet(ctx context.Context, tx *ent.Tx, subject string, id, street uuid.UUID) error {
	return tx.Reminder.Update().Where(reminder.SubjectID(id), reminder.Subject(subject)).SetStreetID(street).
		Exec(policy.System(ctx))
}

// ErrNotFailed: only a failed reminder can be retried.
var ErrNotFailed = errors.New("reminders: only a failed reminder can be retried")

// Retry schedules a failed reminder again, due at once, in tx, as the
// viewer in ctx (who must reach it); by names who asked, for its note. It
// returns the reminder as it was, or ErrNotFailed. Call Kick after the
// commit.
func Retry(ctx context.Context, tx *ent.Tx, id uuid.UUID, by string) (*ent.Reminder, error) {
	r, err := tx.Reminder.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.State != reminder.StateFailed {
		return r, ErrNotFailed
	}
	n, err := tx.Reminder.Update().Where(reminder.ID(id), reminder.StateEQ(reminder.StateFailed)).
		SetState(reminder.StateScheduled).SetAttempts(0).ClearQueuedAt().ClearDoneAt().
		SetNote(truncate("retried by "+by, 200)).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return r, ErrNotFailed
	}
	return r, nil
}

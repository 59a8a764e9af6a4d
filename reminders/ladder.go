// Package reminders is Hearth's deadline engine, for the records of every
// module (their subjects): the ladder of a deadline in a district's time zone
// and China's working-day calendar, the outbox rows that record every
// reminder (written in the transaction of the change that causes them), the
// relay that hands them to Redis (asynq), the workers that deliver them to
// inboxes and webhooks, webhook signing, the guard that keeps webhooks off
// internal addresses, and the group-robot message formats.
//
// A module plugs in a Source (source.go): whether its record is still due,
// whom a rung tells and what it says. Services plan with a Planner inside
// their own transaction and Kick the relay after commit.
package reminders

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services/calendar"
)

// Audiences: who a rung tells. The engine turns each into organisations
// (deliver.go): the subject's company, the street office the subject lies
// in, the district's bureau.
const (
	AudienceCompany = "company"
	AudienceStreet  = "street"
	AudienceBureau  = "bureau"
)

// Workdays is the working-day calendar a ladder is laid against:
// *calendar.Calendar and calendar.Table are ones. IsWorkday reads the
// calendar date of its argument in the argument's location.
type Workdays interface {
	IsWorkday(time.Time) bool
	// PrevWorkday is the day itself when it is a working day, else the
	// closest earlier one.
	PrevWorkday(time.Time) time.Time
	// AddWorkdays is the n-th working day after from (from never counts).
	AddWorkdays(from time.Time, n int) time.Time
}

// EveryDay is a calendar without days off: a ladder laid on it counts every
// day alike.
var EveryDay Workdays = everyDay{}

type everyDay struct{}

func (everyDay) IsWorkday(time.Time) bool                 { return true }
func (everyDay) PrevWorkday(d time.Time) time.Time        { return d }
func (everyDay) AddWorkdays(d time.Time, n int) time.Time { return d.AddDate(0, 0, n) }

// Ladder is the reminders of one kind of deadline: rungs before it (days
// before at a local hour, or a duration before), then the escalation steps
// after it.
type Ladder struct {
	// DaysBefore are the day rungs: N days before the deadline's day, at
	// Hour in the district's zone. A day rung that falls on a day off moves
	// to the working day before it; rungs that meet on one instant are one.
	DaysBefore []int
	Hour       int // 0–23
	// Before are the duration rungs: this long before the deadline's end
	// (whole minutes; "h4" four hours, "m30" thirty minutes).
	Before []time.Duration
	// Audience of the rungs before the deadline; the company when empty.
	Audience []string
	// Escalation are the steps after the deadline, in order ("e0", "e1",
	// …). Nil is DefaultEscalation; an empty, non-nil list escalates
	// nothing.
	Escalation []Escalation
}

// Escalation is one step after a deadline: at the deadline's end, then
// WorkingDays working days later (the end of the n-th working day after a
// date deadline's day; the same clock time n working days after an
// instant), then After later, it tells its audience.
type Escalation struct {
	WorkingDays int
	After       time.Duration
	Audience    []string
}

// DefaultEscalation tells the company, the street office and the bureau at
// the deadline's end (00:00 after a date deadline's day).
var DefaultEscalation = []Escalation{{Audience: []string{AudienceCompany, AudienceStreet, AudienceBureau}}}

// DefaultLadder reminds 3 days and 1 day before, at 09:00 local time, and
// escalates at the deadline's end to everyone.
var DefaultLadder = Ladder{DaysBefore: []int{3, 1}, Hour: 9}

// LadderOf is a district's ladder for dates: its own days and hour (the
// default days when it has set none), escalating as DefaultLadder.
func LadderOf(t *ent.Tenant) Ladder {
	l := DefaultLadder
	l.DaysBefore, l.Hour = t.ReminderDays, t.ReminderHour
	if len(l.DaysBefore) == 0 {
		l.DaysBefore = DefaultLadder.DaysBefore
	}
	return l
}

// Step is one rung: what to send, when and to whom.
type Step struct {
	Kind     enum.ReminderKind
	Rung     string // "d3", "h4", "m30", "e0", …
	DaysLeft int    // days before the deadline of a day rung; 0 otherwise
	At       time.Time
	Audience []string
}

// Steps lays the ladder of a deadline counting every day alike (no days
// off): see Lay.
func (l Ladder) Steps(deadline string, loc *time.Location) ([]Step, error) {
	return l.Lay(deadline, loc, EveryDay)
}

// Lay lays out the ladder of a deadline (a date, YYYY-MM-DD, in loc; or an
// RFC 3339 instant) against a working-day calendar (China's embedded one
// when nil): the rungs before it, earliest first, then the escalation steps.
// Times are in UTC.
func (l Ladder) Lay(deadline string, loc *time.Location, cal Workdays) ([]Step, error) {
	if cal == nil {
		cal = calendar.Embedded()
	}
	day, end, err := ParseDeadline(deadline, loc)
	if err != nil {
		return nil, err
	}
	if l.Hour < 0 || l.Hour > 23 {
		return nil, fmt.Errorf("reminders: hour %d is not 0–23", l.Hour)
	}
	audience := l.Audience
	if len(audience) == 0 {
		audience = []string{AudienceCompany}
	}
	var before []Step
	days := slices.Clone(l.DaysBefore)
	sort.Sort(sort.Reverse(sort.IntSlice(days)))
	for i, n := range days {
		if n < 1 || (i > 0 && n == days[i-1]) {
			continue // no reminder on or after the day itself, none twice
		}
		// time.Date normalises the day and keeps the local hour across DST.
		d := cal.PrevWorkday(time.Date(day.Year(), day.Month(), day.Day()-n, 0, 0, 0, 0, loc))
		at := time.Date(d.Year(), d.Month(), d.Day(), l.Hour, 0, 0, 0, loc)
		before = append(before, Step{Kind: enum.ReminderDueSoon, Rung: fmt.Sprintf("d%d", n), DaysLeft: n,
			At: at.UTC(), Audience: audience})
	}
	durs := slices.Clone(l.Before)
	sort.Sort(sort.Reverse(durations(durs)))
	for i, b := range durs {
		if b <= 0 || (i > 0 && b == durs[i-1]) {
			continue
		}
		name, err := durationRung(b)
		if err != nil {
			return nil, err
		}
		before = append(before, Step{Kind: enum.ReminderDueSoon, Rung: name, At: end.Add(-b).UTC(), Audience: audience})
	}
	// Earliest first; rungs on one instant are one, the nearest named.
	sort.SliceStable(before, func(i, j int) bool { return before[i].At.Before(before[j].At) })
	var steps []Step
	for _, s := range before {
		if n := len(steps); n > 0 && steps[n-1].At.Equal(s.At) {
			steps[n-1] = s
			continue
		}
		steps = append(steps, s)
	}
	esc := l.Escalation
	if esc == nil {
		esc = DefaultEscalation
	}
	for i, e := range esc {
		if e.WorkingDays < 0 || e.After < 0 {
			return nil, fmt.Errorf("reminders: escalation step %d is before the deadline", i)
		}
		at := end
		if e.WorkingDays > 0 {
			if isDate(deadline) {
				d := cal.AddWorkdays(day, e.WorkingDays)
				at = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) // the end of that working day
			} else {
				t := end.In(loc)
				d := cal.AddWorkdays(t, e.WorkingDays)
				at = time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
			}
		}
		aud := e.Audience
		if len(aud) == 0 {
			aud = DefaultEscalation[0].Audience
		}
		steps = append(steps, Step{Kind: enum.ReminderOverdue, Rung: fmt.Sprintf("e%d", i),
			At: at.Add(e.After).UTC(), Audience: aud})
	}
	return steps, nil
}

// ParseDeadline reads a deadline: a date (YYYY-MM-DD) in loc, whose day is
// that date and whose end is the first instant after it; or an RFC 3339
// instant, which is its own end, on its day in loc.
func ParseDeadline(deadline string, loc *time.Location) (day, end time.Time, err error) {
	if isDate(deadline) {
		d, err := time.ParseInLocation(time.DateOnly, deadline, loc)
		if err != nil {
			return day, end, fmt.Errorf("reminders: deadline %q: %w", deadline, err)
		}
		return d, time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc), nil
	}
	t, err := time.Parse(time.RFC3339, deadline)
	if err != nil {
		return day, end, fmt.Errorf("reminders: deadline %q is neither a date nor an RFC 3339 instant", deadline)
	}
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc), t, nil
}

func isDate(deadline string) bool { return len(deadline) == len(time.DateOnly) }

// durationRung names a duration rung: "h4" for whole hours, "m30" for
// whole minutes.
func durationRung(d time.Duration) (string, error) {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("h%d", d/time.Hour), nil
	case d%time.Minute == 0:
		return fmt.Sprintf("m%d", d/time.Minute), nil
	}
	return "", errors.New("reminders: a duration rung must be whole minutes")
}

type durations []time.Duration

func (d durations) Len() int           { return len(d) }
func (d durations) Less(i, j int) bool { return d[i] < d[j] }
func (d durations) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }

// Equal reports whether two ladders remind alike.
func (l Ladder) Equal(o Ladder) bool {
	a, b := slices.Sorted(slices.Values(l.DaysBefore)), slices.Sorted(slices.Values(o.DaysBefore))
	c, d := slices.Sorted(slices.Values(l.Before)), slices.Sorted(slices.Values(o.Before))
	ea, eb := l.Escalation, o.Escalation
	if ea == nil {
		ea = DefaultEscalation
	}
	if eb == nil {
		eb = DefaultEscalation
	}
	return l.Hour == o.Hour && slices.Equal(a, b) && slices.Equal(c, d) && slices.Equal(l.Audience, o.Audience) &&
		slices.EqualFunc(ea, eb, func(x, y Escalation) bool {
			return x.WorkingDays == y.WorkingDays && x.After == y.After && slices.Equal(x.Audience, y.Audience)
		})
}

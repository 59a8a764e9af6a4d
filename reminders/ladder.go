// Package reminders is Hearth's reminder queues: the ladder of a deadline in
// a district's time zone, the outbox rows that record every reminder, the
// relay that hands them to Redis (asynq), the workers that deliver them to
// inboxes and webhooks, webhook signing, the guard that keeps webhooks off
// internal addresses, and the group-robot message formats.
package reminders

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Kinds of reminder on a deadline's ladder.
const (
	KindDueSoon = "due_soon" // before the deadline: the company is reminded
	KindOverdue = "overdue"  // the deadline passed unverified: escalate
)

// Ladder is a district's reminder settings: how many days before a deadline
// to remind, and at what local hour.
type Ladder struct {
	DaysBefore []int // e.g. 3 and 1
	Hour       int   // local hour of the day reminders go out, 0–23
}

// DefaultLadder reminds 3 days and 1 day before, at 09:00 local time.
var DefaultLadder = Ladder{DaysBefore: []int{3, 1}, Hour: 9}

// Step is one rung: what to send and when.
type Step struct {
	Kind     string
	DaysLeft int // days before the deadline; 0 for overdue
	At       time.Time
}

// Steps lays out the ladder of a deadline (a date, YYYY-MM-DD, in loc): the
// due-soon reminders at the ladder's hour on the days before, earliest first,
// then the escalation at the first instant after the deadline day, when the
// hazard becomes overdue. Times are in UTC.
func (l Ladder) Steps(deadline string, loc *time.Location) ([]Step, error) {
	d, err := time.ParseInLocation(time.DateOnly, deadline, loc)
	if err != nil {
		return nil, fmt.Errorf("reminders: deadline %q: %w", deadline, err)
	}
	if l.Hour < 0 || l.Hour > 23 {
		return nil, fmt.Errorf("reminders: hour %d is not 0–23", l.Hour)
	}
	days := append([]int(nil), l.DaysBefore...)
	sort.Sort(sort.Reverse(sort.IntSlice(days)))
	var steps []Step
	for i, n := range days {
		if n < 1 || (i > 0 && n == days[i-1]) {
			continue // no reminder on or after the day itself, none twice
		}
		// time.Date normalises the day and keeps the local hour across DST.
		at := time.Date(d.Year(), d.Month(), d.Day()-n, l.Hour, 0, 0, 0, loc)
		steps = append(steps, Step{Kind: KindDueSoon, DaysLeft: n, At: at.UTC()})
	}
	end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	return append(steps, Step{Kind: KindOverdue, At: end.UTC()}), nil
}

// Equal reports whether two ladders remind alike.
func (l Ladder) Equal(o Ladder) bool {
	a, b := append([]int(nil), l.DaysBefore...), append([]int(nil), o.DaysBefore...)
	sort.Ints(a)
	sort.Ints(b)
	return l.Hour == o.Hour && slices.Equal(a, b)
}

package reminders

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/services/calendar"
)

// show lists steps as "rung kind at(local) audience".
func show(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, fmt.Sprintf("%s %s %s %s", s.Rung, s.Kind, s.At.In(shanghai).Format("2006-01-02T15:04"),
			strings.Join(s.Audience, ",")))
	}
	return out
}

func wantSteps(t *testing.T, l Ladder, deadline string, cal Workdays, want ...string) {
	t.Helper()
	steps, err := l.Lay(deadline, shanghai, cal)
	if err != nil {
		t.Fatal(err)
	}
	if got := show(steps); !slices.Equal(got, want) {
		t.Fatalf("%s:\n%s\nwant\n%s", deadline, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDayRungOnAHolidayMovesToThePreviousWorkingDay: 10-05 and 10-07 are
// National Day holidays; both rungs move to 09-30 and are one.
func TestDayRungOnAHolidayMovesToThePreviousWorkingDay(t *testing.T) {
	cal := calendar.Embedded()
	wantSteps(t, DefaultLadder, "2026-10-08", cal,
		"d1 due_soon 2026-09-30T09:00 company",
		"e0 overdue 2026-10-09T00:00 company,street,bureau")
	// nil is China's embedded calendar too.
	wantSteps(t, DefaultLadder, "2026-10-08", nil,
		"d1 due_soon 2026-09-30T09:00 company",
		"e0 overdue 2026-10-09T00:00 company,street,bureau")
	// A weekend: 3 days before 12-20 is Thursday, 1 day before a Saturday.
	wantSteps(t, DefaultLadder, "2026-12-20", cal,
		"d3 due_soon 2026-12-17T09:00 company",
		"d1 due_soon 2026-12-18T09:00 company",
		"e0 overdue 2026-12-21T00:00 company,street,bureau")
	// A make-up workday (Saturday 10-10) is a working day.
	wantSteps(t, Ladder{DaysBefore: []int{2}, Hour: 9}, "2026-10-12", cal,
		"d2 due_soon 2026-10-10T09:00 company",
		"e0 overdue 2026-10-13T00:00 company,street,bureau")
	// Counting every day alike, nothing moves.
	wantSteps(t, DefaultLadder, "2026-10-08", EveryDay,
		"d3 due_soon 2026-10-05T09:00 company",
		"d1 due_soon 2026-10-07T09:00 company",
		"e0 overdue 2026-10-09T00:00 company,street,bureau")
}

func TestHourAndMinuteRungs(t *testing.T) {
	l := Ladder{DaysBefore: []int{1}, Hour: 9, Before: []time.Duration{30 * time.Minute, 4 * time.Hour, 90 * time.Minute},
		Escalation: []Escalation{{Audience: []string{AudienceCompany}}, {After: 2 * time.Hour, Audience: []string{AudienceBureau}}}}
	wantSteps(t, l, "2026-12-10T15:00:00+08:00", calendar.Embedded(),
		"d1 due_soon 2026-12-09T09:00 company",
		"h4 due_soon 2026-12-10T11:00 company",
		"m90 due_soon 2026-12-10T13:30 company",
		"m30 due_soon 2026-12-10T14:30 company",
		"e0 overdue 2026-12-10T15:00 company",
		"e1 overdue 2026-12-10T17:00 bureau")
	// Before a date deadline, a duration counts back from the day's end.
	wantSteps(t, Ladder{Before: []time.Duration{4 * time.Hour}, Escalation: []Escalation{}}, "2026-12-10", nil,
		"h4 due_soon 2026-12-10T20:00 company")
	// An instant in another zone is the same instant.
	wantSteps(t, Ladder{Before: []time.Duration{time.Hour}, Escalation: []Escalation{}}, "2026-12-10T07:00:00Z", nil,
		"h1 due_soon 2026-12-10T14:00 company")
	if _, err := (Ladder{Before: []time.Duration{90 * time.Second}}).Lay("2026-12-10", shanghai, nil); err == nil {
		t.Fatal("a rung of seconds accepted")
	}
	if _, err := DefaultLadder.Lay("tomorrow", shanghai, nil); err == nil {
		t.Fatal("a deadline of words accepted")
	}
}

// TestEscalationWithWorkingDays: at the deadline the company; one working
// day later the street office and the bureau.
func TestEscalationWithWorkingDays(t *testing.T) {
	l := Ladder{DaysBefore: []int{3}, Hour: 9, Escalation: []Escalation{
		{Audience: []string{AudienceCompany}},
		{WorkingDays: 1, Audience: []string{AudienceStreet, AudienceBureau}},
	}}
	// A Friday deadline: the working day after it is Monday, so the street
	// and the bureau hear at its end.
	wantSteps(t, l, "2026-12-18", calendar.Embedded(),
		"d3 due_soon 2026-12-15T09:00 company",
		"e0 overdue 2026-12-19T00:00 company",
		"e1 overdue 2026-12-22T00:00 street,bureau")
	// Before the National Day holidays: the next working day is 10-08.
	wantSteps(t, l, "2026-09-30", calendar.Embedded(),
		"d3 due_soon 2026-09-24T09:00 company", // 09-27: the Mid-Autumn holidays run 09-25..27
		"e0 overdue 2026-10-01T00:00 company",
		"e1 overdue 2026-10-09T00:00 street,bureau")
	// Steps after an instant keep its clock time.
	wantSteps(t, Ladder{Escalation: []Escalation{{WorkingDays: 2, Audience: []string{AudienceBureau}}}},
		"2026-12-18T17:30:00+08:00", calendar.Embedded(),
		"e0 overdue 2026-12-22T17:30 bureau")
}

func TestLadderEqual(t *testing.T) {
	a := Ladder{DaysBefore: []int{3, 1}, Hour: 9}
	if !a.Equal(Ladder{DaysBefore: []int{1, 3}, Hour: 9, Escalation: DefaultEscalation}) || !a.Equal(DefaultLadder) {
		t.Fatal("equal ladders differ")
	}
	if a.Equal(Ladder{DaysBefore: []int{3, 1}, Hour: 8}) || a.Equal(Ladder{DaysBefore: []int{3, 1}, Hour: 9, Escalation: []Escalation{}}) {
		t.Fatal("different ladders are equal")
	}
}

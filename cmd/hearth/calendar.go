package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/calendar"
)

// maxNoticeFile bounds what `hearth calendar load` reads: a year's notice is
// a few kilobytes.
const maxNoticeFile = 1 << 20

// CalendarLoad is `hearth calendar load FILE`: FILE is a year's notice as
// JSON, the shape of services/calendar/years/2026.json ("year", "holidays",
// "workdays", "source"). The year is official from then on, on every replica
// within a minute, and open deadlines counted in working days are re-laid.
func (m *Main) CalendarLoad(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("calendar load: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxNoticeFile+1))
	if err != nil {
		return fmt.Errorf("calendar load: reading %s: %w", path, err)
	}
	if len(b) > maxNoticeFile {
		return fmt.Errorf("calendar load: %s is larger than %d bytes; a year's notice is a few kilobytes", path, maxNoticeFile)
	}
	n, err := calendar.ParseNotice(b)
	if err != nil {
		return fmt.Errorf("calendar load: %s: %w", path, err)
	}
	// The CLI is run by whoever runs the platform: it loads as the system,
	// as operator actions from the CLI do (no operator account is named).
	y, err := m.Calendar.Load(policy.System(ctx), n)
	if err != nil {
		return fmt.Errorf("calendar load: %s: %w", path, err)
	}
	fmt.Fprintf(m.stdout, "%d loaded from %s: official, %d working days, %d holidays, %d make-up workdays (%s)\n",
		y.Year, path, y.WorkingDays, len(y.Holidays), len(y.Workdays), y.Source)
	return nil
}

// CalendarShow is `hearth calendar show YEAR`: the year as Hearth counts it.
func (m *Main) CalendarShow(ctx context.Context, year string) error {
	y, err := strconv.Atoi(year)
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return fmt.Errorf("calendar show: YEAR must be a year from %d to %d, not %q", calendar.MinYear, calendar.MaxYear, year)
	}
	if err := m.Calendar.Refresh(ctx); err != nil {
		return err
	}
	writeYear(m.stdout, m.Calendar.Year(y))
	return nil
}

func writeYear(w io.Writer, y calendar.YearInfo) {
	state := "official"
	if !y.Official {
		state = "provisional: no notice loaded, weekends only"
	}
	fmt.Fprintf(w, "%d: %s, %d working days\n", y.Year, state, y.WorkingDays)
	if y.Source != "" {
		fmt.Fprintf(w, "source:   %s\n", y.Source)
	}
	fmt.Fprintf(w, "holidays: %s (%s)\n", runs(y.Holidays), days(len(y.Holidays)))
	fmt.Fprintf(w, "workdays: %s (%s)\n", runs(y.Workdays), days(len(y.Workdays)))
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// runs writes sorted dates as runs of consecutive days: "01-01..01-03,
// 02-15..02-23" (the month and day: the year is the line's).
func runs(dates []string) string {
	if len(dates) == 0 {
		return "none"
	}
	var out []string
	var first, last time.Time
	flush := func() {
		if first.Equal(last) {
			out = append(out, first.Format("01-02"))
		} else {
			out = append(out, first.Format("01-02")+".."+last.Format("01-02"))
		}
	}
	for i, s := range dates {
		d, _ := time.Parse(time.DateOnly, s)
		switch {
		case i == 0:
			first = d
		case !d.Equal(last.AddDate(0, 0, 1)):
			flush()
			first = d
		}
		last = d
	}
	flush()
	return strings.Join(out, ", ")
}

// calendarCommand runs `hearth calendar load FILE` or `hearth calendar show YEAR`.
func (m *Main) calendarCommand(ctx context.Context, cmd string, args []string) error {
	what := map[string]string{"calendar load": "FILE", "calendar show": "YEAR"}[cmd]
	if len(args) != 1 {
		return errors.New(cmd + ": give one " + what + ": hearth " + cmd + " " + what)
	}
	if cmd == "calendar load" {
		return m.CalendarLoad(ctx, args[0])
	}
	return m.CalendarShow(ctx, args[0])
}

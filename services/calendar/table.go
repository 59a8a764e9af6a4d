package calendar

import (
	"fmt"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/hearthsafety/hearth/services"
)

// The bounds of a year's notice. A State Council notice lists some 30 to 40
// days off and at most a handful of make-up workdays; the caps are generous
// and only stop a mistake (a whole year pasted in) from becoming the calendar.
const (
	MinYear     = 2000
	MaxYear     = 2100
	MaxHolidays = 120
	MaxWorkdays = 40
	MaxSource   = 200 // runes, as the calendar_years.source column
)

// Notice is one year's exceptions as the State Council's annual notice
// (国务院办公厅关于某年部分节假日安排的通知) gives them, the shape of the
// embedded years/<year>.json, of `hearth calendar load FILE` and of
// PUT /api/v1/calendar/{year}.
//
//   - Holidays is the notice's days off, every date of each block as given
//     (元旦 01-01..03, 春节 02-15..23, …), weekend days in a block included.
//   - Workdays is the make-up workdays (调休上班): Saturdays and Sundays worked.
//
// A date is a working day when it is a make-up workday; else not when it is a
// holiday; else when it is Monday to Friday.
type Notice struct {
	Year     int      `json:"year"`
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
	Source   string   `json:"source"` // the notice, e.g. 国办发明电〔2025〕x号
}

// YearInfo is one year of the calendar as Hearth counts it. Official is false
// for a year no notice has been loaded for: weekends only (provisional), so
// deadlines that fall in it may still move when its notice is loaded.
type YearInfo struct {
	Year        int
	Official    bool
	Holidays    []string // YYYY-MM-DD, sorted; never nil
	Workdays    []string // YYYY-MM-DD, sorted; never nil
	Source      string
	WorkingDays int // working days in the year
}

// Check holds n to the rules of a notice: the year in range; every date a
// date of that year, listed once; no date both a holiday and a workday; a
// make-up workday a Saturday or Sunday (a weekday is worked anyway); at least
// one holiday (a notice without any is a mistake, e.g. a misnamed key); the
// source named. It reports every field at fault as one services.Invalid.
func (n Notice) Check() error {
	var fields []services.FieldError
	bad := func(field, format string, args ...any) {
		fields = append(fields, services.Field(field, fmt.Sprintf(format, args...)))
	}
	if n.Year < MinYear || n.Year > MaxYear {
		bad("year", "must be a year from %d to %d", MinYear, MaxYear)
	}
	switch {
	case len(n.Holidays) == 0:
		bad("holidays", "must list the year's days off")
	case len(n.Holidays) > MaxHolidays:
		bad("holidays", "must list at most %d dates", MaxHolidays)
	}
	if len(n.Workdays) > MaxWorkdays {
		bad("workdays", "must list at most %d dates", MaxWorkdays)
	}
	switch {
	case n.Source == "":
		bad("source", "is required: name the notice the dates come from")
	case utf8.RuneCountInString(n.Source) > MaxSource:
		bad("source", "must be at most %d characters long", MaxSource)
	}
	if len(fields) > 0 && (len(n.Holidays) > MaxHolidays || len(n.Workdays) > MaxWorkdays) {
		return services.Invalid(fields...) // not worth naming each date of a pasted year
	}
	// dates checks each date of a list: a date of the year, listed once,
	// and whatever more rule says ("" when it holds).
	dates := func(name string, list []string, rule func(s string, d time.Time) string) map[string]bool {
		seen := map[string]bool{}
		for i, s := range list {
			field := fmt.Sprintf("%s[%d]", name, i)
			d, valid := date(s)
			switch {
			case !valid:
				bad(field, "must be a date, YYYY-MM-DD")
			case d.Year() != n.Year:
				bad(field, "must be a date in %d", n.Year)
			case seen[s]:
				bad(field, "is listed twice")
			default:
				if msg := rule(s, d); msg != "" {
					bad(field, "%s", msg)
				}
			}
			seen[s] = true
		}
		return seen
	}
	holidays := dates("holidays", n.Holidays, func(string, time.Time) string { return "" })
	dates("workdays", n.Workdays, func(s string, d time.Time) string {
		switch {
		case holidays[s]:
			return "is also listed as a holiday"
		case !weekend(d):
			return "must be a Saturday or Sunday: a make-up workday is a weekend day worked"
		}
		return ""
	})
	if len(fields) > 0 {
		return services.Invalid(fields...)
	}
	return nil
}

// date parses s, written YYYY-MM-DD.
func date(s string) (time.Time, bool) {
	if !services.ValidDate(s) {
		return time.Time{}, false
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

func weekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Table is an immutable working-day calendar: the years it holds follow
// their notices, every other year is provisional (weekends only). Its methods
// are pure arithmetic on dates, safe to share between goroutines. The zero
// Table is weekends only.
//
// Dates are time.Time values read as the calendar date they show
// (d.Year(), d.Month(), d.Day() in d's own location): pass a time in the
// district's zone (see Location). Methods that return a date step d by whole
// days with AddDate, so its location and clock time stay as they were: a
// reminder rung due 09:00 on a holiday moves to 09:00 on the working day.
type Table struct {
	years map[int]*year
}

// year is one loaded year: its notice and, per day of the year, whether it
// is worked.
type year struct {
	info YearInfo
	work [366]bool // index: YearDay-1
}

func newYear(n Notice, official bool) *year {
	y := &year{info: YearInfo{Year: n.Year, Official: official, Source: n.Source,
		Holidays: sortedCopy(n.Holidays), Workdays: sortedCopy(n.Workdays)}}
	off := map[string]bool{}
	for _, s := range n.Holidays {
		off[s] = true
	}
	for d := time.Date(n.Year, time.January, 1, 0, 0, 0, 0, time.UTC); d.Year() == n.Year; d = d.AddDate(0, 0, 1) {
		y.work[d.YearDay()-1] = !weekend(d) && !off[d.Format(time.DateOnly)]
	}
	for _, s := range n.Workdays {
		d, _ := time.Parse(time.DateOnly, s)
		y.work[d.YearDay()-1] = true
	}
	for _, w := range y.work {
		if w {
			y.info.WorkingDays++
		}
	}
	return y
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}

// With returns a copy of t in which n's year follows n (official). n must
// have passed Check.
func (t Table) With(n Notice) Table { return t.with(n, true) }

func (t Table) with(n Notice, official bool) Table {
	years := maps.Clone(t.years)
	if years == nil {
		years = map[int]*year{}
	}
	years[n.Year] = newYear(n, official)
	return Table{years: years}
}

// IsWorkday reports whether d's calendar date is a working day: a make-up
// workday is; a holiday is not; otherwise Monday to Friday are.
func (t Table) IsWorkday(d time.Time) bool { return t.works(dayOf(d)) }

// PrevWorkday is d when d is a working day, else the closest earlier working
// day: where a reminder due on a day off moves to.
func (t Table) PrevWorkday(d time.Time) time.Time {
	k := 0
	for c := dayOf(d); !t.works(c); c.prev() {
		k--
	}
	return shift(d, k)
}

// NextWorkday is d when d is a working day, else the closest later one.
func (t Table) NextWorkday(d time.Time) time.Time {
	k := 0
	for c := dayOf(d); !t.works(c); c.next() {
		k++
	}
	return shift(d, k)
}

// AddWorkdays is the n-th working day after from: counting starts the day
// after from (a case received Friday with 1 working day is due the next
// working day), and from itself never counts. n = 0 is from, unchanged; a
// negative n counts back the same way (the |n|-th working day before from).
func (t Table) AddWorkdays(from time.Time, n int) time.Time {
	c, k := dayOf(from), 0
	for ; n > 0; k++ {
		if c.next(); t.works(c) {
			n--
		}
	}
	for ; n < 0; k-- {
		if c.prev(); t.works(c) {
			n++
		}
	}
	return shift(from, k)
}

// CountWorkdays is how many working days lie after from up to and including
// to (so AddWorkdays(from, n) is the first date with CountWorkdays = n); 0
// when to is not after from. It measures, e.g., how many working days a
// deadline has been overdue.
func (t Table) CountWorkdays(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	n := 0
	c := dayOf(a)
	for k := int(b.Sub(a).Hours() / 24); k > 0; k-- {
		if c.next(); t.works(c) {
			n++
		}
	}
	return n
}

// day is a calendar date as the arithmetic walks it: a year, a day of the
// year from 0, and its weekday, stepped without time zone lookups.
type day struct {
	year, index int
	weekday     time.Weekday
}

func dayOf(d time.Time) day { return day{d.Year(), d.YearDay() - 1, d.Weekday()} }

func (c *day) next() {
	c.index++
	c.weekday = (c.weekday + 1) % 7
	if c.index == daysIn(c.year) {
		c.year, c.index = c.year+1, 0
	}
}

func (c *day) prev() {
	c.index--
	c.weekday = (c.weekday + 6) % 7
	if c.index < 0 {
		c.year--
		c.index = daysIn(c.year) - 1
	}
}

func daysIn(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}

func (t Table) works(c day) bool {
	if y, ok := t.years[c.year]; ok {
		return y.work[c.index]
	}
	return c.weekday != time.Saturday && c.weekday != time.Sunday
}

// shift moves d by k whole days, keeping its location and clock time.
func shift(d time.Time, k int) time.Time {
	if k == 0 {
		return d
	}
	return d.AddDate(0, 0, k)
}

// Year describes year y: its notice when one is held, else provisional
// (weekends only, no holidays). The slices are the caller's to keep.
func (t Table) Year(y int) YearInfo {
	if yr, ok := t.years[y]; ok {
		info := yr.info
		info.Holidays = slices.Clone(info.Holidays)
		info.Workdays = slices.Clone(info.Workdays)
		return info
	}
	info := YearInfo{Year: y, Holidays: []string{}, Workdays: []string{}}
	for d := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
		if !weekend(d) {
			info.WorkingDays++
		}
	}
	return info
}

package calendar

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hearthsafety/hearth/services"
)

// at is a date in the default zone at midnight.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, Location(""))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ymd(d time.Time) string { return d.Format(time.DateOnly) }

func TestEmbedded2026(t *testing.T) {
	y := Embedded().Year(2026)
	if !y.Official || y.WorkingDays != 248 || len(y.Holidays) != 33 || len(y.Workdays) != 6 {
		t.Fatalf("2026: official %v, %d working days, %d holidays, %d workdays; want true, 248, 33, 6",
			y.Official, y.WorkingDays, len(y.Holidays), len(y.Workdays))
	}
	want := []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}
	if !slices.Equal(y.Workdays, want) {
		t.Errorf("2026 workdays %v, want %v", y.Workdays, want)
	}
	if y.Source == "" {
		t.Error("2026 names no source")
	}
}

func TestIsWorkday2026(t *testing.T) {
	cal := Embedded()
	cases := []struct {
		date string
		work bool
		why  string
	}{
		{"2026-01-01", false, "元旦"},
		{"2026-01-03", false, "元旦, a Saturday"},
		{"2026-01-04", true, "make-up Sunday"},
		{"2026-02-13", true, "a Friday"},
		{"2026-02-14", true, "make-up Saturday before 春节"},
		{"2026-02-15", false, "春节 starts"},
		{"2026-02-18", false, "春节, a Wednesday"},
		{"2026-02-23", false, "春节 ends, a Monday"},
		{"2026-02-24", true, "a Tuesday"},
		{"2026-02-28", true, "make-up Saturday after 春节"},
		{"2026-03-01", false, "a Sunday"},
		{"2026-04-06", false, "清明, a Monday"},
		{"2026-05-05", false, "劳动节, a Tuesday"},
		{"2026-05-09", true, "make-up Saturday"},
		{"2026-06-19", false, "端午, a Friday"},
		{"2026-09-20", true, "make-up Sunday"},
		{"2026-09-25", false, "中秋, a Friday"},
		{"2026-09-30", true, "a Wednesday"},
		{"2026-10-01", false, "国庆"},
		{"2026-10-05", false, "国庆, a Monday"},
		{"2026-10-07", false, "国庆 ends, a Wednesday"},
		{"2026-10-08", true, "a Thursday"},
		{"2026-10-10", true, "make-up Saturday"},
		{"2026-10-11", false, "a Sunday"},
		{"2026-11-25", true, "a Wednesday"},
	}
	for _, c := range cases {
		if got := cal.IsWorkday(at(t, c.date)); got != c.work {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", c.date, got, c.work, c.why)
		}
	}
	for _, block := range [][2]string{{"2026-02-15", "2026-02-23"}, {"2026-10-01", "2026-10-07"}} {
		for d := at(t, block[0]); !d.After(at(t, block[1])); d = d.AddDate(0, 0, 1) {
			if cal.IsWorkday(d) {
				t.Errorf("%s is a working day; it is inside the holiday %s..%s", ymd(d), block[0], block[1])
			}
		}
	}
}

func TestIsWorkdayReadsTheDateAsWritten(t *testing.T) {
	// 2026-10-10 00:30 in Shanghai is still 10-09 in UTC: the date shown
	// in the time's own location is the one counted.
	d := time.Date(2026, 10, 10, 0, 30, 0, 0, Location(""))
	if !Embedded().IsWorkday(d) {
		t.Error("2026-10-10 (Shanghai) is the make-up Saturday")
	}
	if Embedded().IsWorkday(time.Date(2026, 10, 9, 16, 30, 0, 0, time.UTC)) != true {
		t.Error("2026-10-09 (UTC) is a Friday")
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := Embedded()
	// The worked examples in research/programmes.md (counting starts the
	// day after), and the issue's own.
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 3, "2026-10-10"},
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-10-03", 0, "2026-10-03"}, // 0 is from, even on a day off
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-13", 5, "2026-02-27"},
		{"2026-02-13", 15, "2026-03-12"},
		{"2026-04-30", 5, "2026-05-11"},
		{"2026-09-18", 5, "2026-09-24"},
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 5, "2026-10-13"},
		{"2026-11-25", 1, "2026-11-26"},
		{"2026-11-25", 5, "2026-12-02"},
		{"2026-11-25", 15, "2026-12-16"},
		{"2026-12-31", 5, "2027-01-07"}, // 2027 provisional: weekends only
		{"2026-10-10", -1, "2026-10-09"},
		{"2026-10-08", -1, "2026-09-30"},
		{"2026-10-08", -2, "2026-09-29"},
	}
	for _, c := range cases {
		if got := ymd(cal.AddWorkdays(at(t, c.from), c.n)); got != c.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestAddWorkdaysKeepsClockAndZone(t *testing.T) {
	loc := Location("Asia/Urumqi")
	from := time.Date(2026, 9, 30, 9, 15, 0, 0, loc)
	got := Embedded().AddWorkdays(from, 3)
	if want := time.Date(2026, 10, 10, 9, 15, 0, 0, loc); !got.Equal(want) || got.Location() != loc {
		t.Errorf("AddWorkdays = %v, want %v", got, want)
	}
}

func TestPrevNextWorkday(t *testing.T) {
	cal := Embedded()
	cases := []struct{ d, prev, next string }{
		{"2026-10-03", "2026-09-30", "2026-10-08"},
		{"2026-09-30", "2026-09-30", "2026-09-30"},
		{"2026-10-10", "2026-10-10", "2026-10-10"},
		{"2026-10-11", "2026-10-10", "2026-10-12"},
		{"2026-02-20", "2026-02-14", "2026-02-24"},
		{"2026-01-03", "2025-12-31", "2026-01-04"},
		{"2026-11-29", "2026-11-27", "2026-11-30"},
	}
	for _, c := range cases {
		if got := ymd(cal.PrevWorkday(at(t, c.d))); got != c.prev {
			t.Errorf("PrevWorkday(%s) = %s, want %s", c.d, got, c.prev)
		}
		if got := ymd(cal.NextWorkday(at(t, c.d))); got != c.next {
			t.Errorf("NextWorkday(%s) = %s, want %s", c.d, got, c.next)
		}
	}
	// A rung due 09:00 on a day off moves to 09:00 on the working day.
	at := time.Date(2026, 10, 3, 9, 0, 0, 0, Location(""))
	if got, want := cal.PrevWorkday(at), time.Date(2026, 9, 30, 9, 0, 0, 0, Location("")); !got.Equal(want) {
		t.Errorf("PrevWorkday(%v) = %v, want %v", at, got, want)
	}
}

func TestCountWorkdays(t *testing.T) {
	cal := Embedded()
	from := at(t, "2026-09-30")
	for n := 0; n <= 30; n++ {
		to := cal.AddWorkdays(from, n)
		if got := cal.CountWorkdays(from, to); got != n {
			t.Errorf("CountWorkdays(%s, %s) = %d, want %d", ymd(from), ymd(to), got, n)
		}
	}
	if got := cal.CountWorkdays(at(t, "2026-10-08"), at(t, "2026-09-30")); got != 0 {
		t.Errorf("CountWorkdays backwards = %d, want 0", got)
	}
	if got := cal.CountWorkdays(at(t, "2025-12-31"), at(t, "2026-12-31")); got != 248 {
		t.Errorf("working days in 2026 counted = %d, want 248", got)
	}
}

func TestProvisionalYear(t *testing.T) {
	cal := Embedded()
	y := cal.Year(2027)
	if y.Official || y.WorkingDays != 261 || len(y.Holidays) != 0 || len(y.Workdays) != 0 || y.Holidays == nil || y.Workdays == nil {
		t.Fatalf("2027 = %+v; want provisional, 261 working days (weekends only), empty lists", y)
	}
	if !cal.IsWorkday(at(t, "2027-01-01")) {
		t.Error("2027-01-01 (a Friday) counts as working until 2027's notice is loaded")
	}
	if cal.IsWorkday(at(t, "2027-01-02")) {
		t.Error("2027-01-02 is a Saturday")
	}
}

// notice2027 is a made-up notice for tests (2027's real one is not out):
// 元旦 Fri 01-01..Sun 01-03, and a make-up Saturday 01-09 (invented).
func notice2027() Notice {
	return Notice{Year: 2027, Holidays: []string{"2027-01-03", "2027-01-01", "2027-01-02"},
		Workdays: []string{"2027-01-09"}, Source: "test notice, not the State Council's"}
}

func TestTableWith(t *testing.T) {
	base := Embedded()
	next := base.With(notice2027())
	y := next.Year(2027)
	if !y.Official || y.WorkingDays != 261 || !slices.Equal(y.Holidays, []string{"2027-01-01", "2027-01-02", "2027-01-03"}) {
		t.Errorf("2027 after With = %+v; want official, 261 working days (one off, one made up), sorted holidays", y)
	}
	if next.IsWorkday(at(t, "2027-01-01")) || !next.IsWorkday(at(t, "2027-01-09")) {
		t.Error("2027-01-01 must be off and 2027-01-09 worked")
	}
	if base.Year(2027).Official || !base.IsWorkday(at(t, "2027-01-01")) {
		t.Error("With changed the table it was called on")
	}
	if next.Year(2026).WorkingDays != 248 {
		t.Error("With lost 2026")
	}
	// Year's slices are the caller's.
	next.Year(2027).Holidays[0] = "x"
	if next.Year(2027).Holidays[0] != "2027-01-01" {
		t.Error("Year shares its slices with the table")
	}
}

func TestNoticeCheck(t *testing.T) {
	if err := notice2027().Check(); err != nil {
		t.Fatalf("a good notice: %v", err)
	}
	many := make([]string, MaxHolidays+1)
	for i := range many {
		many[i] = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly)
	}
	cases := []struct {
		name   string
		edit   func(n *Notice)
		fields []string
	}{
		{"ErrYearRange", func(n *Notice) { n.Year = 1999 }, []string{"year", "holidays[0]", "holidays[1]", "holidays[2]", "workdays[0]"}},
		{"ErrDateOutsideYear", func(n *Notice) { n.Holidays[1] = "2026-12-31" }, []string{"holidays[1]"}},
		{"ErrNotADate", func(n *Notice) { n.Holidays[0] = "2027-02-30"; n.Workdays[0] = "2027/01/09" }, []string{"holidays[0]", "workdays[0]"}},
		{"ErrDuplicate", func(n *Notice) { n.Holidays = append(n.Holidays, "2027-01-02") }, []string{"holidays[3]"}},
		{"ErrDuplicateWorkday", func(n *Notice) { n.Workdays = append(n.Workdays, "2027-01-09") }, []string{"workdays[1]"}},
		{"ErrOverlap", func(n *Notice) { n.Workdays = append(n.Workdays, "2027-01-02") }, []string{"workdays[1]"}},
		{"ErrWeekdayWorkday", func(n *Notice) { n.Workdays = []string{"2027-01-08"} }, []string{"workdays[0]"}},
		{"ErrNoHolidays", func(n *Notice) { n.Holidays = nil }, []string{"holidays"}},
		{"ErrTooMany", func(n *Notice) { n.Holidays = many }, []string{"holidays"}},
		{"ErrNoSource", func(n *Notice) { n.Source = "" }, []string{"source"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := notice2027()
			c.edit(&n)
			err := n.Check()
			var se *services.Error
			if !errors.As(err, &se) || se.Kind != services.KindInvalid {
				t.Fatalf("Check = %v, want an Invalid error", err)
			}
			var got []string
			for _, f := range se.Fields {
				got = append(got, f.Field)
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %v, want %v (%v)", got, c.fields, err)
			}
		})
	}
}

func TestParseNotice(t *testing.T) {
	n, err := ParseNotice([]byte(`{"year":2027,"official":true,"holidays":["2027-01-01"],"workdays":[],"source":"s"}`))
	if err != nil || n.Year != 2027 || len(n.Holidays) != 1 || n.Source != "s" {
		t.Fatalf("ParseNotice = %+v, %v", n, err)
	}
	for name, in := range map[string]string{
		"ErrUnknownKey":  `{"year":2027,"days":["2027-01-01"],"source":"s"}`,
		"ErrNotOfficial": `{"year":2027,"official":false,"holidays":["2027-01-01"],"source":"s"}`,
		"ErrTwoValues":   `{"year":2027} {}`,
		"ErrNotJSON":     `year: 2027`,
	} {
		if _, err := ParseNotice([]byte(in)); err == nil {
			t.Errorf("%s: ParseNotice(%s) accepted it", name, in)
		}
	}
}

func TestReadYears(t *testing.T) {
	good := `{"year":2027,"holidays":["2027-01-01"],"workdays":[],"source":"s"}`
	if _, err := readYears(fstest.MapFS{"years/2027.json": {Data: []byte(good)}}); err != nil {
		t.Errorf("a good year file: %v", err)
	}
	if _, err := readYears(fstest.MapFS{"years/2028.json": {Data: []byte(good)}}); err == nil {
		t.Error("a file named for another year was read")
	}
	bad := `{"year":2027,"holidays":["2027-01-01"],"workdays":["2027-01-04"],"source":"s"}`
	if _, err := readYears(fstest.MapFS{"years/2027.json": {Data: []byte(bad)}}); err == nil {
		t.Error("a file with a weekday make-up day was read")
	}
}

func TestLocation(t *testing.T) {
	sh := Location("")
	if sh.String() != DefaultZone {
		t.Fatalf("Location(\"\") = %v, want %s", sh, DefaultZone)
	}
	for _, tz := range []string{"Mars/Olympus", "Local", "../etc/passwd"} {
		if got := Location(tz); got != sh {
			t.Errorf("Location(%q) = %v, want the default", tz, got)
		}
	}
	if got := Location("Asia/Urumqi"); got.String() != "Asia/Urumqi" || Location("Asia/Urumqi") != got {
		t.Errorf("Location(Asia/Urumqi) = %v, or not cached", got)
	}
	if !ValidZone("Asia/Urumqi") || ValidZone("") || ValidZone("Local") || ValidZone("Mars/Olympus") {
		t.Error("ValidZone disagrees")
	}
}

func TestToday(t *testing.T) {
	now := time.Date(2026, 11, 25, 16, 30, 0, 0, time.UTC) // 00:30 on 11-26 in Shanghai
	if got := Today(Location(""), now); got != "2026-11-26" {
		t.Errorf("Today(Shanghai) = %s, want 2026-11-26", got)
	}
	if got := Today(nil, now); got != "2026-11-26" {
		t.Errorf("Today(nil) = %s, want the default zone's 2026-11-26", got)
	}
	if got := Today(time.UTC, now); got != "2026-11-25" {
		t.Errorf("Today(UTC) = %s, want 2026-11-25", got)
	}
	if got := Today(Location("Mars/Olympus"), now); got != "2026-11-26" {
		t.Errorf("Today(unknown zone) = %s, want the default zone's 2026-11-26", got)
	}
}

// The reminder planner asks per rung: a read is a map lookup and an index
// on the snapshot, no database round trip.
func BenchmarkCalendarIsWorkday(b *testing.B) {
	cal := New(nil)
	d := time.Date(2026, 10, 3, 9, 0, 0, 0, Location(""))
	for b.Loop() {
		cal.IsWorkday(d)
	}
}

func BenchmarkCalendarAddWorkdays5(b *testing.B) {
	cal := New(nil)
	d := time.Date(2026, 9, 30, 9, 0, 0, 0, Location(""))
	for b.Loop() {
		cal.AddWorkdays(d, 5)
	}
}

// TestArithmeticMatchesNaive walks 2025 to 2029 (a leap year, the loaded
// years' edges, negative counts) against a plain day-by-day reference.
func TestArithmeticMatchesNaive(t *testing.T) {
	tb := Embedded().With(notice2027())
	off, on := map[string]bool{}, map[string]bool{}
	for _, y := range []int{2026, 2027} {
		for _, s := range tb.Year(y).Holidays {
			off[s] = true
		}
		for _, s := range tb.Year(y).Workdays {
			on[s] = true
		}
	}
	works := func(d time.Time) bool {
		s := ymd(d)
		return on[s] || !off[s] && !weekend(d)
	}
	add := func(d time.Time, n int) time.Time {
		step := 1
		if n < 0 {
			step, n = -1, -n
		}
		for n > 0 {
			if d = d.AddDate(0, 0, step); works(d) {
				n--
			}
		}
		return d
	}
	loc := Location("")
	for d := time.Date(2025, 12, 1, 8, 0, 0, 0, loc); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		if tb.IsWorkday(d) != works(d) {
			t.Fatalf("IsWorkday(%s) = %v", ymd(d), !works(d))
		}
		for _, n := range []int{-7, -1, 0, 1, 3, 10} {
			if got, want := tb.AddWorkdays(d, n), add(d, n); !got.Equal(want) {
				t.Fatalf("AddWorkdays(%s, %d) = %v, want %v", ymd(d), n, got, want)
			}
		}
		prev, next := d, d
		for !works(prev) {
			prev = prev.AddDate(0, 0, -1)
		}
		for !works(next) {
			next = next.AddDate(0, 0, 1)
		}
		if got := tb.PrevWorkday(d); !got.Equal(prev) {
			t.Fatalf("PrevWorkday(%s) = %v, want %v", ymd(d), got, prev)
		}
		if got := tb.NextWorkday(d); !got.Equal(next) {
			t.Fatalf("NextWorkday(%s) = %v, want %v", ymd(d), got, next)
		}
		if got := tb.CountWorkdays(d.AddDate(0, 0, -40), d); got != func() int {
			n := 0
			for x := d.AddDate(0, 0, -39); !x.After(d); x = x.AddDate(0, 0, 1) {
				if works(x) {
					n++
				}
			}
			return n
		}() {
			t.Fatalf("CountWorkdays(%s - 40, %s) = %d", ymd(d), ymd(d), got)
		}
	}
}

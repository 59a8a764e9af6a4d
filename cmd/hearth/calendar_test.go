package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalendarCommands(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	hearth := func(args ...string) (string, error) {
		t.Helper()
		var out syncBuffer
		err := run(ctx, args, std(&out), getenv)
		return out.String(), err
	}
	file := func(name, body string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	out, err := hearth("calendar", "show", "2026")
	if err != nil || !strings.Contains(out, "2026: official, 248 working days") ||
		!strings.Contains(out, "holidays: 01-01..01-03, 02-15..02-23, 04-04..04-06, 05-01..05-05, 06-19..06-21, 09-25..09-27, 10-01..10-07 (33 days)") ||
		!strings.Contains(out, "workdays: 01-04, 02-14, 02-28, 05-09, 09-20, 10-10 (6 days)") {
		t.Fatalf("calendar show 2026: %v\n%s", err, out)
	}
	if out, err := hearth("calendar", "show", "2027"); err != nil || !strings.Contains(out, "2027: provisional") ||
		!strings.Contains(out, "261 working days") {
		t.Fatalf("calendar show 2027: %v\n%s", err, out)
	}

	// Refused: nothing loads.
	for name, body := range map[string]string{
		"weekday-workday.json": `{"year":2027,"holidays":["2027-01-01"],"workdays":["2027-01-04"],"source":"test"}`,
		"outside-year.json":    `{"year":2027,"holidays":["2028-01-01"],"workdays":[],"source":"test"}`,
		"overlap.json":         `{"year":2027,"holidays":["2027-01-02"],"workdays":["2027-01-02"],"source":"test"}`,
		"unknown-key.json":     `{"year":2027,"days":["2027-01-01"],"source":"test"}`,
		"not-official.json":    `{"year":2027,"official":false,"holidays":["2027-01-01"],"source":"test"}`,
		"not-json.json":        `year: 2027`,
	} {
		if out, err := hearth("calendar", "load", file(name, body)); err == nil {
			t.Errorf("calendar load %s succeeded:\n%s", name, out)
		}
	}
	_, err = hearth("calendar", "load", file("named.json", `{"year":2027,"holidays":["2027-01-01"],"workdays":["2027-01-04"],"source":"test"}`))
	if err == nil || !strings.Contains(err.Error(), "workdays[0] must be a Saturday or Sunday") {
		t.Errorf("a refused load does not name the field at fault: %v", err)
	}
	for _, args := range [][]string{
		{"calendar", "load"},
		{"calendar", "load", "a.json", "b.json"},
		{"calendar", "load", filepath.Join(t.TempDir(), "missing.json")},
		{"calendar", "show", "twenty"},
		{"calendar", "show", "1999"},
		{"calendar", "bogus"},
	} {
		if out, err := hearth(args...); err == nil {
			t.Errorf("hearth %s succeeded:\n%s", strings.Join(args, " "), out)
		}
	}
	if out, _ := hearth("calendar", "show", "2027"); !strings.Contains(out, "provisional") {
		t.Fatalf("refused loads changed 2027:\n%s", out)
	}

	notice := file("2027.json", `{
  "year": 2027,
  "official": true,
  "source": "test notice, not the State Council's",
  "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"],
  "workdays": ["2027-01-09"]
}`)
	if out, err := hearth("calendar", "load", notice); err != nil || !strings.Contains(out, "2027 loaded") ||
		!strings.Contains(out, "261 working days") {
		t.Fatalf("calendar load: %v\n%s", err, out)
	}
	// A new process (the next command) reads the loaded year from the database.
	out, err = hearth("calendar", "show", "2027")
	if err != nil || !strings.Contains(out, "2027: official, 261 working days") ||
		!strings.Contains(out, "holidays: 01-01..01-03 (3 days)") || !strings.Contains(out, "workdays: 01-09 (1 day)") {
		t.Fatalf("calendar show 2027 after the load: %v\n%s", err, out)
	}
}

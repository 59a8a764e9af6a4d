package handlers_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// notice2027 is a made-up notice for tests (2027's real one is not out):
// 元旦 Fri 01-01..Sun 01-03 and an invented make-up Saturday 01-09.
var notice2027 = map[string]any{"holidays": []string{"2027-01-01", "2027-01-02", "2027-01-03"},
	"workdays": []string{"2027-01-09"}, "source": "test notice, not the State Council's"}

func TestCalendarYear(t *testing.T) {
	e := handlerstest.New(t)
	t.Run("OK2026", func(t *testing.T) {
		res := e.As("nankai/gas1.clerk", http.MethodGet, "/api/v1/calendar/2026", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		y := res.JSON()
		if y["year"] != 2026.0 || y["official"] != true || y["working_days"] != 248.0 ||
			len(asStrings(y["holidays"])) != 33 {
			t.Errorf("2026 = %s", res.Body)
		}
		want := []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}
		if got := asStrings(y["workdays"]); !slices.Equal(got, want) {
			t.Errorf("workdays %v, want %v", got, want)
		}
	})
	t.Run("OKProvisional", func(t *testing.T) {
		res := e.As("nankai/street.guangkai", http.MethodGet, "/api/v1/calendar/2027", nil)
		y := res.JSON()
		if res.Status != http.StatusOK || y["official"] != false || y["working_days"] != 261.0 ||
			y["holidays"] == nil || len(asStrings(y["holidays"])) != 0 || y["workdays"] == nil {
			t.Errorf("2027 = %d %s; want provisional, weekends only, empty lists", res.Status, res.Body)
		}
	})
	for _, path := range []string{"/api/v1/calendar/abc", "/api/v1/calendar/1999", "/api/v1/calendar/2101", "/api/v1/calendar/02026"} {
		t.Run("ErrNotAYear "+path, func(t *testing.T) {
			if res := e.As("nankai/gas1.clerk", http.MethodGet, path, nil); res.Status != http.StatusNotFound {
				t.Errorf("%s → %d, want 404: %s", path, res.Status, res.Body)
			}
		})
	}
	t.Run("ErrSignedOut", func(t *testing.T) {
		if res := e.Do("", http.MethodGet, "/api/v1/calendar/2026", nil); res.Status != http.StatusUnauthorized {
			t.Errorf("→ %d, want 401", res.Status)
		}
	})
}

func TestCalendarAdd(t *testing.T) {
	e := handlerstest.New(t)
	ok := []struct{ from, n, want string }{
		{"2026-09-30", "3", "2026-10-10"}, // the make-up Saturday counts
		{"2026-09-30", "1", "2026-10-08"},
		{"2026-09-30", "0", "2026-09-30"},
		{"2026-02-13", "1", "2026-02-14"},
		{"2026-12-31", "5", "2027-01-07"},   // 2027 provisional
		{"2026-11-25", "366", "2028-04-20"}, // 2027 and 2028 provisional
	}
	for _, c := range ok {
		res := e.As("hexi/gas1.clerk", http.MethodGet, "/api/v1/calendar/add?from="+c.from+"&working_days="+c.n, nil)
		if res.Status != http.StatusOK || string(res.Body) != `{"date":"`+c.want+`"}` {
			t.Errorf("add %s + %s → %d %s, want {\"date\":%q}", c.from, c.n, res.Status, res.Body, c.want)
		}
	}
	bad := []struct{ query, fields string }{
		{"", "from working_days"},
		{"from=2026-09-30", "working_days"},
		{"working_days=3", "from"},
		{"from=2026-02-30&working_days=3", "from"},
		{"from=2026/09/30&working_days=3", "from"},
		{"from=1999-12-31&working_days=3", "from"},
		{"from=2026-09-30&working_days=-1", "working_days"},
		{"from=2026-09-30&working_days=367", "working_days"},
		{"from=2026-09-30&working_days=3.5", "working_days"},
		{"from=2026-09-30&working_days=x", "working_days"},
	}
	for _, c := range bad {
		res := e.As("nankai/gas1.clerk", http.MethodGet, "/api/v1/calendar/add?"+c.query, nil)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("add?%s → %d, want 422: %s", c.query, res.Status, res.Body)
			continue
		}
		if got := problemFieldList(res.JSON()); got != c.fields {
			t.Errorf("add?%s names fields %q, want %q", c.query, got, c.fields)
		}
	}
}

func TestCalendarLoad(t *testing.T) {
	e := handlerstest.New(t)
	add := func() string {
		res := e.As("nankai/bureau.admin", http.MethodGet, "/api/v1/calendar/add?from=2026-12-31&working_days=1", nil)
		return res.JSON()["date"].(string)
	}
	if got := add(); got != "2027-01-01" {
		t.Fatalf("before the load, 2026-12-31 + 1 = %s, want 2027-01-01 (provisional)", got)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		cases := []struct {
			name   string
			body   any
			fields string
		}{
			{"DateOutsideYear", map[string]any{"holidays": []string{"2028-01-01"}, "workdays": []string{}, "source": "s"}, "holidays[0]"},
			{"Overlap", map[string]any{"holidays": []string{"2027-01-02"}, "workdays": []string{"2027-01-02"}, "source": "s"}, "workdays[0]"},
			{"WeekdayWorkday", map[string]any{"holidays": []string{"2027-01-01"}, "workdays": []string{"2027-01-04"}, "source": "s"}, "workdays[0]"},
			{"Duplicate", map[string]any{"holidays": []string{"2027-01-01", "2027-01-01"}, "source": "s"}, "holidays[1]"},
			{"NoHolidaysNoSource", map[string]any{"workdays": []string{}}, "holidays source"},
			{"UnknownField", map[string]any{"days": []string{"2027-01-01"}, "source": "s"}, "days"},
			{"WrongType", map[string]any{"holidays": "2027-01-01", "source": "s"}, "holidays"},
		}
		for _, c := range cases {
			res := e.As("/platform.admin", http.MethodPut, "/api/v1/calendar/2027", c.body)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s → %d, want 422: %s", c.name, res.Status, res.Body)
				continue
			}
			if got := problemFieldList(res.JSON()); got != c.fields {
				t.Errorf("%s names fields %q, want %q: %s", c.name, got, c.fields, res.Body)
			}
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		if res := e.As("/platform.admin", http.MethodPut, "/api/v1/calendar/2027", `{"holidays":`); res.Status != http.StatusBadRequest {
			t.Errorf("→ %d, want 400: %s", res.Status, res.Body)
		}
	})
	t.Run("ErrNotAYear", func(t *testing.T) {
		if res := e.As("/platform.admin", http.MethodPut, "/api/v1/calendar/1999", notice2027); res.Status != http.StatusNotFound {
			t.Errorf("→ %d, want 404: %s", res.Status, res.Body)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		if res := e.As("nankai/bureau.admin", http.MethodPut, "/api/v1/calendar/2027", notice2027); res.Status != http.StatusForbidden {
			t.Errorf("→ %d, want 403: %s", res.Status, res.Body)
		}
	})
	if got := add(); got != "2027-01-01" {
		t.Fatalf("refused loads changed the calendar: 2026-12-31 + 1 = %s", got)
	}

	t.Run("OK", func(t *testing.T) {
		res := e.As("/platform.admin", http.MethodPut, "/api/v1/calendar/2027", notice2027)
		y := res.JSON()
		if res.Status != http.StatusOK || y["year"] != 2027.0 || y["official"] != true || y["working_days"] != 261.0 ||
			y["source"] != notice2027["source"] || !slices.Equal(asStrings(y["workdays"]), []string{"2027-01-09"}) {
			t.Fatalf("PUT → %d %s", res.Status, res.Body)
		}
		got := e.As("nankai/gas1.clerk", http.MethodGet, "/api/v1/calendar/2027", nil)
		if string(got.Body) != string(res.Body) {
			t.Errorf("GET after PUT answers %s, want the PUT's %s", got.Body, res.Body)
		}
		if got := add(); got != "2027-01-04" {
			t.Errorf("after the load, 2026-12-31 + 1 = %s, want 2027-01-04 (01-01..03 off)", got)
		}
	})
}

func asStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// problemFieldList is a problem's fields at fault, sorted, space-separated.
func problemFieldList(p map[string]any) string {
	var names []string
	fs, _ := p["fields"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		name, _ := m["field"].(string)
		names = append(names, name)
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

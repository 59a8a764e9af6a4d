package handlers_test

import (
	"net/http"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// ---------------------------------------------------------------- the working-day calendar
//
// PERMISSIONS.md, "Working-day calendar": platform-wide, so there is no
// record of a district or an organisation to reach across; every signed-in
// login reads it (calendar: read) and only the platform operator loads a
// year (calendar: update). The matrix is its own here: its routes name a
// year, not a record, and a refused load is checked by reading the year
// back.

// calendarMatrixRoutes are the routes this file's matrix covers (for the
// route coverage check of the main matrix).
var calendarMatrixRoutes = []string{
	"GET /api/v1/calendar/add",
	"GET /api/v1/calendar/:year",
	"PUT /api/v1/calendar/:year",
}

// calendarActors are the columns: every kind of login, and no login at all.
var calendarActors = []string{
	"nankai/bureau.admin",     // bureau_admin
	"nankai/bureau.inspector", // bureau_inspector
	"nankai/gas1.admin",       // company_admin of a gas company
	"nankai/gas1.clerk",       // company_staff of a gas company
	"nankai/heat1.engineer",   // company_staff of a heating company
	"nankai/street.guangkai",  // street_officer
	"/platform.admin",         // the platform operator
	"hexi/bureau.admin",       // bureau_admin of another district
	"hexi/gas1.clerk",         // company_staff of another district
	"",                        // anonymous
}

func TestMatrixCalendar(t *testing.T) {
	e := handlerstest.New(t)
	read := []int{200, 200, 200, 200, 200, 200, 200, 200, 200, 401}
	load := []int{403, 403, 403, 403, 403, 403, 200, 403, 403, 401}
	rows := []struct {
		method, path string
		body         any
		want         []int
	}{
		{http.MethodGet, "/api/v1/calendar/2026", nil, read},
		{http.MethodGet, "/api/v1/calendar/2027", nil, read},
		{http.MethodGet, "/api/v1/calendar/add?from=2026-09-30&working_days=3", nil, read},
		// Refusals first, so each can be checked to have left 2027 alone;
		// the operator's load runs last.
		{http.MethodPut, "/api/v1/calendar/2027", notice2027, load},
	}
	cells := 0
	for _, r := range rows {
		for col, actor := range calendarActors {
			if r.want[col] < 300 && r.method != http.MethodGet {
				continue
			}
			checkCalendarCell(t, e, r.method, r.path, r.body, actor, r.want[col])
			cells++
		}
	}
	for _, r := range rows {
		for col, actor := range calendarActors {
			if r.want[col] < 300 && r.method != http.MethodGet {
				checkCalendarCell(t, e, r.method, r.path, r.body, actor, r.want[col])
				cells++
			}
		}
	}
	if cells != len(rows)*len(calendarActors) {
		t.Errorf("%d cells run, want %d", cells, len(rows)*len(calendarActors))
	}
	t.Logf("calendar matrix: %d cells (%d rows × %d logins)", cells, len(rows), len(calendarActors))
}

// checkCalendarCell sends one request as actor ("" anonymous) and checks the
// status; a refused load must leave the year provisional, a load must make
// it official.
func checkCalendarCell(t *testing.T, e *handlerstest.Env, method, path string, body any, actor string, want int) {
	t.Helper()
	name := actor
	if name == "" {
		name = "anonymous"
	}
	var res handlerstest.Response
	if actor == "" {
		res = e.Do("", method, path, body)
	} else {
		res = e.As(actor, method, path, body)
	}
	if res.Status != want {
		t.Errorf("%s: %s %s → %d, want %d: %.300s", name, method, path, res.Status, want, res.Body)
		return
	}
	if method == http.MethodGet {
		if want == http.StatusOK && len(res.JSON()) == 0 {
			t.Errorf("%s: %s %s answered no object: %s", name, method, path, res.Body)
		}
		return
	}
	official := e.As("nankai/gas1.clerk", http.MethodGet, path, nil).JSON()["official"]
	if official != (want == http.StatusOK) {
		t.Errorf("%s: %s %s → %d, and the year's official flag is %v afterwards", name, method, path, res.Status, official)
	}
}

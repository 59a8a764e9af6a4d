package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

const nankaiAdmin = "nankai/bureau.admin"

// auditTrail reads the audit trail as login, newest first, following every
// page; query filters it ("record_id=…").
func auditTrail(e *handlerstest.Env, login, query string) []map[string]any {
	e.T.Helper()
	var out []map[string]any
	for cursor := ""; ; {
		res := e.As(login, http.MethodGet, "/api/v1/audit?limit=200&"+query+"&cursor="+cursor, nil)
		if res.Status != http.StatusOK {
			e.T.Fatalf("audit trail as %s: %d %s", login, res.Status, res.Body)
		}
		m := res.JSON()
		for _, it := range asSlice(m["items"]) {
			out = append(out, it.(map[string]any))
		}
		if cursor, _ = m["next_cursor"].(string); cursor == "" {
			return out
		}
	}
}

// verifyChain asks the API to verify login's district chain.
func verifyChain(e *handlerstest.Env, login string) map[string]any {
	e.T.Helper()
	res := e.As(login, http.MethodGet, "/api/v1/audit/verify", nil)
	if res.Status != http.StatusOK {
		e.T.Fatalf("verify as %s: %d %s", login, res.Status, res.Body)
	}
	return res.JSON()
}

// wantChainOK fails unless login's district chain verifies, and returns its
// length.
func wantChainOK(t testing.TB, e *handlerstest.Env, login string) int64 {
	t.Helper()
	rep := verifyChain(e, login)
	if rep["ok"] != true || rep["first_broken"] != nil {
		t.Errorf("%s's chain does not verify: %v", login, rep)
	}
	n, _ := rep["entries"].(float64)
	return int64(n)
}

// execSQL runs a statement written with ? placeholders straight on the
// test database, behind the app's back, and returns the rows it touched.
func execSQL(e *handlerstest.Env, query string, args ...any) int64 {
	e.T.Helper()
	if e.DB.Dialect == dialect.Postgres {
		var b strings.Builder
		n := 0
		for _, r := range query {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		query = b.String()
	}
	res, err := e.DB.SQL.ExecContext(context.Background(), query, args...)
	if err != nil {
		e.T.Fatalf("%s: %v", query, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		e.T.Fatal(err)
	}
	return n
}

// An org's creation and each change to it are in its trail, newest first,
// with the changed fields before and after, chained one to the next.
func TestOrgChangesAreAudited(t *testing.T) {
	e := handlerstest.New(t)
	res := e.As(nankaiAdmin, http.MethodPost, "/api/v1/orgs", map[string]string{"name": "新燃气公司", "kind": "gas_company"})
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	id := res.JSON()["id"].(string)
	path := "/api/v1/orgs/" + id
	type fields = map[string]any
	steps := []struct {
		action, method, suffix string
		body                   any
		before, after          fields
	}{
		{"org.update", http.MethodPatch, "", fields{"name": "新燃气有限公司"}, fields{"name": "新燃气公司"}, fields{"name": "新燃气有限公司"}},
		{"org.update", http.MethodPost, "/disable", nil, fields{"disabled": false}, fields{"disabled": true}},
		{"org.update", http.MethodPost, "/enable", nil, fields{"disabled": true}, fields{"disabled": false}},
	}
	for _, s := range steps {
		res := e.As(nankaiAdmin, s.method, path+s.suffix, s.body, "If-Match", etagOf(e, nankaiAdmin, path))
		if res.Status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", s.method, path+s.suffix, res.Status, res.Body)
		}
	}

	trail := auditTrail(e, nankaiAdmin, "record_id="+id)
	if len(trail) != len(steps)+1 {
		t.Fatalf("%d entries for the org, want %d: %v", len(trail), len(steps)+1, trail)
	}
	create := trail[len(trail)-1]
	if create["action"] != "org.create" || create["before"] != nil {
		t.Errorf("oldest entry %v, want org.create with no before", create)
	}
	if after, _ := create["after"].(fields); after["name"] != "新燃气公司" || after["kind"] != "gas_company" {
		t.Errorf("org.create after = %v, want the name and kind", create["after"])
	}
	for i, s := range steps {
		got := trail[len(steps)-1-i]
		if s.suffix == "/enable" { // the enable's time ends older tokens: recorded, its value is the clock's
			if a, _ := got["after"].(fields); a != nil && a["enabled_at"] != nil {
				delete(a, "enabled_at")
				if b, _ := got["before"].(fields); b != nil && b["enabled_at"] == nil {
					delete(b, "enabled_at")
				}
			} else {
				t.Errorf("the enable's entry does not record enabled_at: %v", got["after"])
			}
		}
		if got["action"] != s.action || !reflect.DeepEqual(got["before"], s.before) || !reflect.DeepEqual(got["after"], s.after) {
			t.Errorf("entry for %s %s: %s %v → %v; want %s %v → %v", s.method, s.suffix,
				got["action"], got["before"], got["after"], s.action, s.before, s.after)
		}
	}
	adminID := userID(e, nankaiAdmin)
	for i, got := range trail {
		if got["actor"] != "bureau.admin" || got["actor_id"] != adminID || got["record_type"] != "org" || got["record_id"] != id {
			t.Errorf("entry %v: want actor bureau.admin (%s) on org %s", got, adminID, id)
		}
		if i > 0 && got["hash"] != trail[i-1]["prev_hash"] {
			t.Errorf("entry %v is not the link before %v", got["seq"], trail[i-1]["seq"])
		}
	}
}

// Passwords and their hashes never reach the trail; that one changed does.
func TestPasswordHashIsRedacted(t *testing.T) {
	e := handlerstest.New(t)
	const first, second = "first-secret-password", "second-secret-password"
	res := e.As(nankaiAdmin, http.MethodPost, "/api/v1/users", map[string]any{"username": "gas1.new", "password": first,
		"org_id": e.OrgID(gas1Org), "roles": []string{policy.RoleCompanyStaff}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create user: %d %s", res.Status, res.Body)
	}
	path := "/api/v1/users/" + res.JSON()["id"].(string)
	if res := e.As(nankaiAdmin, http.MethodPatch, path, map[string]string{"password": second},
		"If-Match", res.Header.Get("ETag")); res.Status != http.StatusOK {
		t.Fatalf("change password: %d %s", res.Status, res.Body)
	}

	want := map[string][2]any{ // action → password_hash before, after
		"user.create": {nil, "[redacted]"},
		"user.update": {"[redacted]", "[redacted]"},
	}
	for _, got := range auditTrail(e, nankaiAdmin, "record_type=user&record_id="+strings.TrimPrefix(path, "/api/v1/users/")) {
		w, ok := want[got["action"].(string)]
		if !ok {
			continue
		}
		delete(want, got["action"].(string))
		before, _ := got["before"].(map[string]any)
		after, _ := got["after"].(map[string]any)
		if before["password_hash"] != w[0] || after["password_hash"] != w[1] {
			t.Errorf("%s: password_hash %v → %v, want %v → %v", got["action"], before["password_hash"], after["password_hash"], w[0], w[1])
		}
	}
	if len(want) > 0 {
		t.Errorf("no entries for %v", want)
	}

	// Every entry of every district, the seeded ones too, read raw.
	rows, err := e.DB.SQL.QueryContext(context.Background(), `SELECT "before", "after" FROM audit_entries`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var before, after string
		if err := rows.Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		n++
		for _, secret := range []string{"argon2", first, second, handlerstest.Password} {
			if strings.Contains(before+after, secret) {
				t.Errorf("an audit entry holds %q: %s → %s", secret, before, after)
			}
		}
	}
	if err := rows.Err(); err != nil || n == 0 {
		t.Fatalf("read %d entries: %v", n, err)
	}
}

func TestFreshChainsVerify(t *testing.T) {
	e := handlerstest.New(t)
	for _, login := range []string{"nankai/bureau.admin", "nankai/bureau.inspector", "hexi/bureau.admin"} {
		t.Run(login, func(t *testing.T) {
			if n := wantChainOK(t, e, login); n == 0 {
				t.Error("the seeded district has an empty chain")
			}
			slug, _, _ := strings.Cut(login, "/")
			if got := verifyChain(e, login)["tenant_id"]; got != tenantID(e, slug) {
				t.Errorf("verified district %v, want %s", got, slug)
			}
		})
	}
}

// Changing the stored trail behind the app's back is caught at the first
// entry it touches, and only in that district.
func TestTamperingBreaksTheChain(t *testing.T) {
	const forged = `{"name":"forged"}`
	for _, c := range []struct {
		name string
		// tamper changes nankai's chain of last entries and returns the
		// sequence number verification must report.
		tamper func(e *handlerstest.Env, tid string, last int64) int64
		reason string
	}{
		{"EntryEdited", func(e *handlerstest.Env, tid string, _ int64) int64 {
			execSQL(e, `UPDATE audit_entries SET "after" = ? WHERE tenant_id = ? AND seq = 5`, forged, tid)
			return 5
		}, "does not match its hash"},
		{"EntryEditedAndRehashed", func(e *handlerstest.Env, tid string, _ int64) int64 {
			row, err := e.DB.Client.AuditEntry.Query().
				Where(auditentry.TenantID(uuid.MustParse(tid)), auditentry.Seq(5)).
				Only(policy.System(context.Background()))
			if err != nil {
				e.T.Fatal(err)
			}
			row.After = forged
			execSQL(e, `UPDATE audit_entries SET "after" = ?, hash = ? WHERE tenant_id = ? AND seq = 5`, forged, audit.Hash(row), tid)
			return 6
		}, "previous-hash link"},
		{"EntryRemoved", func(e *handlerstest.Env, tid string, _ int64) int64 {
			execSQL(e, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = 5`, tid)
			return 5
		}, "missing"},
		{"LastEntryRemoved", func(e *handlerstest.Env, tid string, last int64) int64 {
			execSQL(e, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tid, last)
			return last
		}, "removed from the end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := handlerstest.New(t)
			last := wantChainOK(t, e, nankaiAdmin)
			hexi := wantChainOK(t, e, "hexi/bureau.admin")
			want := c.tamper(e, tenantID(e, "nankai"), last)

			rep := verifyChain(e, nankaiAdmin)
			broken, _ := rep["first_broken"].(map[string]any)
			if rep["ok"] != false || broken == nil {
				t.Fatalf("tampered chain verifies: %v", rep)
			}
			if broken["seq"] != float64(want) || !strings.Contains(broken["reason"].(string), c.reason) {
				t.Errorf("first_broken %v, want seq %d, reason with %q", broken, want, c.reason)
			}
			if n := wantChainOK(t, e, "hexi/bureau.admin"); n != hexi {
				t.Errorf("hexi's chain went from %d to %d entries", hexi, n)
			}
		})
	}
}

// Writers in one district at once each take their own place in the chain.
func TestConcurrentCreatesKeepTheChain(t *testing.T) {
	e := handlerstest.New(t)
	before := wantChainOK(t, e, nankaiAdmin)
	const n = 20
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf(`{"name":"并发燃气公司 %02d","kind":"gas_company"}`, i)
			statuses[i] = e.As(nankaiAdmin, http.MethodPost, "/api/v1/orgs", body).Status
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusCreated {
			t.Errorf("create %d: status %d, want 201", i, s)
		}
	}
	if after := wantChainOK(t, e, nankaiAdmin); after != before+n {
		t.Errorf("chain grew from %d to %d entries, want %d more", before, after, n)
	}
}

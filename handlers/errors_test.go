package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// wantProblem checks that res is an RFC 9457 problem with status and code,
// and returns its members.
func wantProblem(t testing.TB, res handlerstest.Response, status int, code string) map[string]any {
	t.Helper()
	if res.Status != status {
		t.Errorf("status %d, want %d: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	m := res.JSON()
	if m["code"] != code || m["status"] != float64(status) {
		t.Errorf("code %v, status member %v; want %s, %d: %s", m["code"], m["status"], code, status, res.Body)
	}
	return m
}

// problemFields lists the fields a validation problem names.
func problemFields(m map[string]any) []string {
	var out []string
	for _, f := range asSlice(m["fields"]) {
		out = append(out, f.(map[string]any)["field"].(string))
	}
	return out
}

func TestErrorsAreProblems(t *testing.T) {
	e := handlerstest.New(t)
	orgPath := "/api/v1/orgs/" + e.OrgID(gas1Org)
	for _, c := range []struct {
		name, login, method, path string
		body                      any
		headers                   []string
		status                    int
		code                      string
		fields                    []string // exactly the fields at fault, in any order
	}{
		{"UnknownRoute404", "", http.MethodGet, "/api/v1/no-such-thing", nil, nil,
			http.StatusNotFound, "route_not_found", nil},
		{"UnknownRouteSignedIn404", "nankai/bureau.admin", http.MethodGet, "/api/v1/no-such-thing", nil, nil,
			http.StatusNotFound, "route_not_found", nil},
		{"MalformedJSON400", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs", `{"name": "x",`, nil,
			http.StatusBadRequest, "malformed_json", nil},
		{"EmptyBody400", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs", " ", nil,
			http.StatusBadRequest, "malformed_json", nil},
		{"TwoJSONValues400", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs", `{"name":"x","kind":"street"} {}`, nil,
			http.StatusBadRequest, "malformed_json", nil},
		{"UnknownField422", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs",
			map[string]string{"name": "新街", "kind": "street", "colour": "red"}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"colour"}},
		{"WrongType422", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs",
			map[string]any{"name": 7, "kind": "street"}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"name"}},
		{"MalformedUUID422", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs",
			map[string]string{"name": "新社区", "kind": "community", "parent_id": "not-a-uuid"}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"parent_id"}},
		{"OrgFieldsMissing422", "nankai/bureau.admin", http.MethodPost, "/api/v1/orgs", map[string]any{}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"name", "kind"}},
		{"UserFieldsMissing422", "nankai/bureau.admin", http.MethodPost, "/api/v1/users", map[string]any{}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"username", "password", "org_id", "roles"}},
		{"LoginFieldsMissing422", "", http.MethodPost, loginPath, map[string]any{}, nil,
			http.StatusUnprocessableEntity, "validation_failed", []string{"username", "password"}},
		{"PatchWithoutIfMatch428", "nankai/bureau.admin", http.MethodPatch, orgPath, map[string]string{"name": "新名"}, nil,
			http.StatusPreconditionRequired, "if_match_required", nil},
		{"PatchWithStaleIfMatch412", "nankai/bureau.admin", http.MethodPatch, orgPath, map[string]string{"name": "新名"},
			[]string{"If-Match", `"999"`}, http.StatusPreconditionFailed, "stale_etag", nil},
		{"WrongMethod405", "nankai/bureau.admin", http.MethodDelete, orgPath, nil, nil,
			http.StatusMethodNotAllowed, "method_not_allowed", nil},
		{"NoAuthorization401", "", http.MethodGet, "/api/v1/orgs", nil, nil,
			http.StatusUnauthorized, "unauthorized", nil},
		{"NotBearer401", "", http.MethodGet, "/api/v1/orgs", nil, []string{"Authorization", "Basic Zm9vOmJhcg=="},
			http.StatusUnauthorized, "unauthorized", nil},
		{"RoleLacksAction403", "nankai/gas1.clerk", http.MethodPost, "/api/v1/orgs", map[string]string{"name": "新街", "kind": "street"}, nil,
			http.StatusForbidden, "forbidden", nil},
		{"MalformedID400", "nankai/bureau.admin", http.MethodGet, "/api/v1/orgs/not-a-uuid", nil, nil,
			http.StatusBadRequest, "invalid_id", []string{"id"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			token := ""
			if c.login != "" {
				token = e.Access[c.login]
			}
			m := wantProblem(t, e.Do(token, c.method, c.path, c.body, c.headers...), c.status, c.code)
			for _, k := range []string{"type", "title", "detail"} {
				if s, _ := m[k].(string); s == "" {
					t.Errorf("problem member %q is empty: %v", k, m)
				}
			}
			got := problemFields(m)
			slices.Sort(got)
			if want := slices.Sorted(slices.Values(c.fields)); !slices.Equal(got, want) {
				t.Errorf("fields %v, want %v", got, want)
			}
		})
	}
	// Nothing above changed the org it tried to.
	if tag := etagOf(e, "nankai/bureau.admin", orgPath); tag != `"1"` {
		t.Errorf("the org's ETag is %s after refused changes, want \"1\"", tag)
	}
}

// A body over the 1 MiB limit is refused before any handler reads it.
// app.Test reports the server's refusal as its own error, so the request goes
// to the app's fasthttp server over an in-memory connection instead.
func TestOversizedBodyIs413(t *testing.T) {
	e := handlerstest.New(t)
	orgs := func() int {
		n, err := e.DB.Client.Org.Query().Count(policy.System(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := orgs()
	res := postOversized(t, e, e.Access["nankai/bureau.admin"])
	wantProblem(t, res, http.StatusRequestEntityTooLarge, "payload_too_large")
	if after := orgs(); after != before {
		t.Errorf("%d orgs after the refused create, %d before", after, before)
	}
}

// postOversized posts an organisation of more than 1 MiB with token, to the
// app's fasthttp server itself.
func postOversized(t *testing.T, e *handlerstest.Env, token string) handlerstest.Response {
	t.Helper()
	body := `{"name":"` + strings.Repeat("x", 1<<20) + `","kind":"street"}`
	req := httptest.NewRequest(http.MethodPost, "/api/v1/orgs", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Length", strconv.Itoa(len(body))) // DumpRequest writes headers only
	dump, err := httputil.DumpRequest(req, true)
	if err != nil {
		t.Fatal(err)
	}
	return serveRaw(t, e, dump, req)
}

// serveRaw hands the bytes of a request to the app's fasthttp server over
// an in-memory connection (app.Test reports the server's own refusals as
// its error) and reads the answer to req.
func serveRaw(t *testing.T, e *handlerstest.Env, raw []byte, req *http.Request) handlerstest.Response {
	t.Helper()
	conn := &memConn{in: bytes.NewReader(raw)}
	e.App.Server().ServeConn(conn) // the refusal is also its error
	res, err := http.ReadResponse(bufio.NewReader(&conn.out), req)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return handlerstest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// memConn is a connection in memory: the server reads in and writes out.
type memConn struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (c *memConn) Read(b []byte) (int, error)       { return c.in.Read(b) }
func (c *memConn) Write(b []byte) (int, error)      { return c.out.Write(b) }
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

// Of several changes sent with the same ETag, exactly one wins; the others
// learn that the record moved on.
func TestConcurrentPatchesOneWinsRest412(t *testing.T) {
	e := handlerstest.New(t)
	path := "/api/v1/orgs/" + e.OrgID(gas1Org)
	tag := etagOf(e, "nankai/bureau.admin", path)
	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf(`{"name":"燃气公司 %d"}`, i)
			statuses[i] = e.As("nankai/bureau.admin", http.MethodPatch, path, body, "If-Match", tag).Status
		})
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusOK:
			won++
		case http.StatusPreconditionFailed:
		default:
			t.Errorf("status %d, want 200 or 412", s)
		}
	}
	if won != 1 {
		t.Errorf("%d PATCHes won (%v), want exactly 1", won, statuses)
	}
	if got := etagOf(e, "nankai/bureau.admin", path); got != `"2"` {
		t.Errorf("ETag after the race %s, want \"2\"", got)
	}
}

// An internal failure answers a bare 500 problem: what went wrong stays in
// the log, never in the answer.
func TestInternalErrorsHideTheirCause(t *testing.T) {
	e := handlerstest.New(t)
	if err := e.DB.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	res := e.As("nankai/bureau.admin", http.MethodGet, "/api/v1/orgs", nil)
	m := wantProblem(t, res, http.StatusInternalServerError, "internal")
	if _, ok := m["request_id"]; !ok {
		t.Errorf("a 500 carries no request_id to find it in the log: %s", res.Body)
	}
	body := strings.ToLower(string(res.Body))
	for _, leak := range []string{"sql", "closed", "ent:", "database", "pgx", "sqlite"} {
		if strings.Contains(body, leak) {
			t.Errorf("the 500 body mentions %q: %s", leak, res.Body)
		}
	}
	var p struct{ Detail string }
	if json.Unmarshal(res.Body, &p) != nil || p.Detail == "" {
		t.Errorf("the 500 has no detail: %s", res.Body)
	}
}

// TestNULInTextIsRefused: JSON may carry \u0000, PostgreSQL text may not;
// it must be a 422 naming the field, never a 500.
func TestNULInTextIsRefused(t *testing.T) {
	e := handlerstest.New(t)
	res := e.As("nankai/bureau.admin", "POST", "/api/v1/orgs", `{"name":"燃气\u0000公司","kind":"gas_company"}`)
	if res.Status != 422 || !strings.Contains(string(res.Body), `"field":"name"`) {
		t.Fatalf("want 422 on name, got %d %s", res.Status, res.Body)
	}
}

// TestMetricsNeedTheirToken: /metrics tells who uses which route how often,
// so it is off unless a token is configured, and then answers only to it.
func TestMetricsNeedTheirToken(t *testing.T) {
	off := handlerstest.New(t)
	wantProblem(t, off.Do("", http.MethodGet, "/metrics", nil), http.StatusNotFound, "metrics_off")
	e := handlerstest.New(t, handlerstest.WithMetricsToken("scrape-token-0123456789"))
	wantProblem(t, e.Do("", http.MethodGet, "/metrics", nil), http.StatusUnauthorized, "unauthorized")
	wantProblem(t, e.Do("", http.MethodGet, "/metrics", nil, "Authorization", "Bearer wrong-token-0123456789"),
		http.StatusUnauthorized, "unauthorized")
	// A signed-in user's token is not the scraper's.
	wantProblem(t, e.Do(e.Access["nankai/bureau.admin"], http.MethodGet, "/metrics", nil), http.StatusUnauthorized, "unauthorized")
	res := e.Do("", http.MethodGet, "/metrics", nil, "Authorization", "Bearer scrape-token-0123456789")
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "hearth_http_requests_total") {
		t.Fatalf("with the token: %d %s", res.Status, res.Body)
	}
}

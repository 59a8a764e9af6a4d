package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// logBuffer keeps what the app logs, for a test to read back.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines are the log's lines whose key k is v.
func (l *logBuffer) lines(t *testing.T, k string, v any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line that is not JSON: %q", line)
		}
		if m[k] == v {
			out = append(out, m)
		}
	}
	return out
}

// requestLines are the log lines of the request with id rid.
func (l *logBuffer) requestLines(t *testing.T, rid string) []map[string]any {
	t.Helper()
	return l.lines(t, "request_id", rid)
}

// TestEveryAnswerLogsOnce: every answer, refusals before routing and
// authentication included, carries X-Request-ID and exactly one log line
// with district, user, route pattern, method, status and duration.
func TestEveryAnswerLogsOnce(t *testing.T) {
	var log logBuffer
	e := handlerstest.New(t, handlerstest.WithLog(&log))
	orgID := e.OrgID(gas1Org)
	bureau := e.Access["nankai/bureau.admin"]
	for _, c := range []struct {
		name, token, method, path string
		send                      func() handlerstest.Response
		status                    int
		district, user, route     string
		level                     string
	}{
		{name: "Read", token: bureau, method: "GET", path: "/api/v1/orgs/" + orgID,
			status: 200, district: "nankai", user: "bureau.admin", route: "/api/v1/orgs/:id"},
		{name: "Operator", token: e.Access["/platform.admin"], method: "GET", path: "/api/v1/tenants",
			status: 200, district: "", user: "operator:platform.admin", route: "/api/v1/tenants"},
		{name: "OtherDistrict404", token: e.Access["hexi/bureau.admin"], method: "GET", path: "/api/v1/orgs/" + orgID,
			status: 404, district: "hexi", user: "bureau.admin", route: "/api/v1/orgs/:id"},
		{name: "Unauthenticated401", method: "GET", path: "/api/v1/orgs",
			status: 401, route: "/api/v1/orgs"},
		{name: "UnknownPath404", token: bureau, method: "GET", path: "/api/v1/no-such-thing",
			status: 404, user: "bureau.admin", route: "unmatched"},
		{name: "WrongMethod405", token: bureau, method: "GET", path: "/api/v1/hazards/import",
			status: 405, user: "bureau.admin", route: "/api/v1/hazards/import"},
		{name: "WrongMethodOnParamPath405", token: bureau, method: "DELETE", path: "/api/v1/orgs/" + orgID,
			status: 405, user: "bureau.admin", route: "/api/v1/orgs/:id"},
		{name: "ForgedToken401", token: bureau[:len(bureau)-4] + "AAAA", method: "GET", path: "/api/v1/orgs",
			status: 401, route: "/api/v1/orgs"},
		{name: "JSONOverLimit413", method: "POST", path: "/api/v1/orgs",
			send:   func() handlerstest.Response { return postOversized(t, e, bureau) },
			status: 413, district: "nankai", user: "bureau.admin", route: "/api/v1/orgs"},
		// Refused by fasthttp from its Content-Length, before any middleware.
		{name: "UploadOverServerLimit413", method: "POST", path: "/api/v1/hazards/import",
			send:   func() handlerstest.Response { return declareBody(t, e, bureau, "/api/v1/hazards/import", 64<<20) },
			status: 413, district: "", user: "bureau.admin", route: "/api/v1/hazards/import"},
		{name: "UploadOverServerLimitUnsigned413", method: "POST", path: "/api/v1/hazards/import",
			send: func() handlerstest.Response {
				return declareBody(t, e, "not-a-token", "/api/v1/hazards/import", 64<<20)
			},
			status: 413, district: "", user: "", route: "/api/v1/hazards/import"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var res handlerstest.Response
			if c.send != nil {
				res = c.send()
			} else {
				res = e.Do(c.token, c.method, c.path, nil)
			}
			if res.Status != c.status {
				t.Fatalf("status %d, want %d: %s", res.Status, c.status, res.Body)
			}
			rid := res.Header.Get("X-Request-ID")
			if rid == "" {
				t.Fatal("no X-Request-ID")
			}
			lines := log.requestLines(t, rid)
			if len(lines) != 1 {
				t.Fatalf("%d log lines for request %s, want 1: %v", len(lines), rid, lines)
			}
			l := lines[0]
			want := map[string]any{"msg": "http", "level": "INFO", "district": c.district, "user": c.user,
				"method": c.method, "route": c.route, "status": float64(c.status)}
			for k, v := range want {
				if l[k] != v {
					t.Errorf("%s = %v, want %v (%v)", k, l[k], v, l)
				}
			}
			if _, ok := l["ms"].(float64); !ok {
				t.Errorf("no duration: %v", l)
			}
		})
	}
}

// TestInternalErrorLogsItsCauseOnce: a 500's one line is at error level
// with the cause its answer hides.
func TestInternalErrorLogsItsCauseOnce(t *testing.T) {
	var log logBuffer
	e := handlerstest.New(t, handlerstest.WithLog(&log))
	if err := e.DB.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	res := e.As("nankai/bureau.admin", http.MethodGet, "/api/v1/orgs", nil)
	if res.Status != http.StatusInternalServerError {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	lines := log.requestLines(t, res.Header.Get("X-Request-ID"))
	if len(lines) != 1 || lines[0]["level"] != "ERROR" || !strings.Contains(lines[0]["err"].(string), "closed") ||
		lines[0]["route"] != "/api/v1/orgs" {
		t.Fatalf("log lines %v", lines)
	}
}

// TestWrongMethodIs405WithAllow: a method a known path does not answer is
// 405 with Allow naming exactly the methods it does answer, as a problem;
// a literal path (/hazards/import) is never taken for an id of its
// parameter sibling (/hazards/:id). Every path of the OpenAPI document is
// tried with every method it lacks.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	e := handlerstest.New(t)
	res := e.As("nankai/bureau.admin", http.MethodGet, "/api/v1/hazards/import", nil)
	m := wantProblem(t, res, http.StatusMethodNotAllowed, "method_not_allowed")
	if allow := res.Header.Get("Allow"); allow != "POST" {
		t.Errorf("Allow %q, want POST", allow)
	}
	if d, _ := m["detail"].(string); !strings.Contains(d, "GET is not allowed") || !strings.Contains(d, "POST") {
		t.Errorf("detail %q", d)
	}

	paths, _ := openAPIDoc(t, e)["paths"].(map[string]any)
	tried := 0
	for path, item := range paths {
		var declared []string
		for method := range item.(map[string]any) {
			declared = append(declared, strings.ToUpper(method))
		}
		concrete := openAPIParam.ReplaceAllStringFunc(path, func(p string) string {
			if p == "{year}" {
				return "2026"
			}
			return "0191b6c4-3f2a-7c1e-9d4b-5e6f7a8b9c0d"
		})
		for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if slices.Contains(declared, method) {
				continue
			}
			tried++
			res := e.Do("", method, concrete, nil)
			if res.Status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405: %s", method, concrete, res.Status, res.Body)
				continue
			}
			allow := strings.Split(res.Header.Get("Allow"), ", ")
			if !slices.Equal(slices.Sorted(slices.Values(allow)), slices.Sorted(slices.Values(declared))) {
				t.Errorf("%s %s: Allow %v, want %v", method, concrete, allow, declared)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("%s %s: Content-Type %q", method, concrete, ct)
			}
		}
	}
	if tried < 100 {
		t.Fatalf("only %d wrong methods tried: is the OpenAPI document complete?", tried)
	}
}

// TestMalformedIDSaysUUID: an id that is not a UUID says one is expected,
// in the path (400 invalid_id) and in a body (422 on the field).
func TestMalformedIDSaysUUID(t *testing.T) {
	e := handlerstest.New(t)
	res := e.As("nankai/bureau.admin", http.MethodGet, "/api/v1/hazards/not-a-uuid/history", nil)
	m := wantProblem(t, res, http.StatusBadRequest, "invalid_id")
	if d, _ := m["detail"].(string); !strings.Contains(d, "must be a UUID") {
		t.Errorf("detail %q", d)
	}
	res = e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/orgs",
		map[string]string{"name": "新社区", "kind": "community", "parent_id": "42"})
	m = wantProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
	f := asSlice(m["fields"])
	if len(f) != 1 || !strings.HasPrefix(f[0].(map[string]any)["message"].(string), "must be a UUID") {
		t.Errorf("fields %v", f)
	}
}

// declareBody sends the headers of a POST whose body would be size bytes:
// the server refuses it from its Content-Length.
func declareBody(t *testing.T, e *handlerstest.Env, token, path string, size int) handlerstest.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, nil)
	raw := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: example.com\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", path, token, size)
	return serveRaw(t, e, []byte(raw), req)
}

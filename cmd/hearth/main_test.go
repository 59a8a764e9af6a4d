package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
)

// syncBuffer is a log sink the server goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// Reset empties the buffer.
func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testEnv gives the settings of a test run: a data dir of its own, and the CI
// PostgreSQL and Redis when they are configured.
func testEnv(t *testing.T, extra map[string]string) func(string) string {
	t.Helper()
	env := map[string]string{
		"HEARTH_DATA_DIR":      t.TempDir(),
		"HEARTH_ADDR":          "127.0.0.1:0",
		"HEARTH_DEMO_PASSWORD": "e2e-password-1",
		"HEARTH_METRICS_TOKEN": "e2e-metrics-token-1",
		"HEARTH_LOG_LEVEL":     "warn",
		// Queues of their own: tests share CI's Redis, not their databases.
		"HEARTH_REDIS_PREFIX": fmt.Sprintf("hearth-e2e-%d:", rand.Uint64()),
	}
	if os.Getenv(migrationstest.EnvDatabaseURL) != "" {
		u, err := migrationstest.NewURL(t)
		if err != nil {
			t.Fatal(err)
		}
		env["HEARTH_DATABASE_URL"] = u
		env["HEARTH_DEMO"] = "true" // a configured database is seeded only when asked
	}
	if u := os.Getenv(handlerstest.EnvRedisURL); u != "" {
		env["HEARTH_REDIS_URL"] = u
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// std gives a command out for its result, and drops the rest (its log).
func std(out io.Writer) stdio { return stdio{in: strings.NewReader(""), out: out, err: io.Discard} }

// start runs `hearth serve` as main does, on a free port, until the test
// ends: logs is its standard output, banner its standard error.
func start(t *testing.T, getenv func(string) string) (base string, logs, banner *syncBuffer) {
	t.Helper()
	logs, banner = &syncBuffer{}, &syncBuffer{}
	var cfg Config
	fs := newFlagSet()
	if err := cfg.register(fs, getenv); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m, err := Open(ctx, cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.maybeSeed(ctx, banner); err != nil {
		t.Fatal(err)
	}
	if err := m.Listen(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		m.Close()
	})
	return "http://" + m.Addr(), logs, banner
}

func call(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	var m map[string]any
	json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestServeEndToEnd(t *testing.T) {
	base, logs, banner := start(t, testEnv(t, map[string]string{"HEARTH_LOG_LEVEL": "info"}))
	if code, _ := call(t, "GET", base+"/healthz", "", nil); code != 200 {
		t.Fatalf("healthz %d", code)
	}
	if code, m := call(t, "GET", base+"/readyz", "", nil); code != 200 {
		t.Fatalf("readyz %d %v", code, m)
	}
	if b := banner.String(); !strings.Contains(b, "demo districts seeded") || !strings.Contains(b, "bureau.admin") {
		t.Fatalf("first run did not print the demo logins on standard error:\n%s", b)
	}
	code, tok := call(t, "POST", base+"/api/v1/auth/login", "",
		map[string]string{"tenant": "nankai", "username": "bureau.admin", "password": "e2e-password-1"})
	if code != 200 {
		t.Fatalf("login %d %v", code, tok)
	}
	access := tok["access_token"].(string)
	code, org := call(t, "POST", base+"/api/v1/orgs", access, map[string]string{"name": "测试燃气公司", "kind": "gas_company"})
	if code != 201 || org["name"] != "测试燃气公司" {
		t.Fatalf("create org %d %v", code, org)
	}
	if code, list := call(t, "GET", base+"/api/v1/hazards?overdue=true", access, nil); code != 200 { // reads the API's clock
		t.Fatalf("list hazards %d %v", code, list)
	}
	code, rep := call(t, "GET", base+"/api/v1/audit/verify", access, nil)
	if code != 200 || rep["ok"] != true {
		t.Fatalf("audit verify %d %v", code, rep)
	}
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/metrics without the token: %v %v", res, err)
	}
	req.Header.Set("Authorization", "Bearer e2e-metrics-token-1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `hearth_http_requests_total{method="POST",route="/api/v1/orgs",status="201"} 1`) {
		t.Fatalf("metrics lack the request count:\n%s", grepLines(string(b), "hearth_"))
	}
	if strings.Contains(logs.String(), "e2e-password-1") {
		t.Fatal("a secret reached the log")
	}
	wantJSONLines(t, logs.String())
	// The org created above is one line of the JSON log, naming who did it where.
	created := false
	for _, l := range strings.Split(logs.String(), "\n") {
		var m map[string]any
		json.Unmarshal([]byte(l), &m)
		if m["msg"] == "http" && m["route"] == "/api/v1/orgs" && m["method"] == "POST" && m["status"] == 201.0 &&
			m["district"] == "nankai" && m["user"] == "bureau.admin" && m["request_id"] != "" {
			created = true
		}
	}
	if !created {
		t.Errorf("no log line for the org created:\n%s", grepLines(logs.String(), `"msg":"http"`))
	}
}

func TestServeRefusesTakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// No demo: seeding it on PostgreSQL under CI's load can take longer
	// than the test waits, and the port is what is tested.
	err = run(ctx, nil, std(&out), testEnv(t, map[string]string{"HEARTH_ADDR": ln.Addr().String(), "HEARTH_DEMO": "false"}))
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+ln.Addr().String()) {
		t.Fatalf("want a clear listen error, got %v", err)
	}
}

func TestCommands(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	runOK := func(args ...string) string {
		t.Helper()
		var out syncBuffer
		if err := run(ctx, args, std(&out), getenv); err != nil {
			t.Fatalf("hearth %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	runOK("migrate")
	runOK("migrate") // nothing left to apply, still fine
	if out := runOK("seed", "--demo", "--password", "seed-password-1"); !strings.Contains(out, "bureau.inspector") {
		t.Fatalf("seed printed no logins:\n%s", out)
	}
	var out syncBuffer
	if err := run(ctx, []string{"seed", "--demo"}, std(&out), getenv); err == nil {
		t.Fatal("a second demo seed succeeded")
	}
	if out := runOK("tenant", "create", "--slug", "heping", "--name", "和平区", "--admin-password", "heping-password-1"); !strings.Contains(out, "heping") {
		t.Fatalf("tenant create: %s", out)
	}
	if err := run(ctx, []string{"tenant", "create", "--slug", "heping", "--name", "和平区", "--admin-password", "heping-password-1"}, std(&out), getenv); err == nil {
		t.Fatal("a second district with the same slug was created")
	}
	runOK("operator", "create", "--username", "ops.one", "--password", "ops-password-1")
	if out := runOK("audit", "verify", "--tenant", "heping"); !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %s", out)
	}
	// Checkpoints: signed, kept under the data dir, held against on verify.
	if out := runOK("audit", "checkpoint"); !strings.Contains(out, "district heping: checkpoint at entry") {
		t.Fatalf("audit checkpoint: %s", out)
	}
	if out := runOK("audit", "verify"); !strings.Contains(out, "district heping: audit chain intact") ||
		!strings.Contains(out, "1 checkpoints") {
		t.Fatalf("audit verify of every district: %s", out)
	}
	// The chain is keyed by the data dir's audit.key: under another key it
	// does not verify, and a damaged key file stops every command.
	keyPath := filepath.Join(getenv("HEARTH_DATA_DIR"), "audit.key")
	good, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--tenant", "heping"}, std(&out), getenv); err == nil ||
		!strings.Contains(out.String(), "BROKEN") {
		t.Fatalf("verified under another audit key: %v\n%s", err, out.String())
	}
	if err := os.WriteFile(keyPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "verify"}, std(&out), getenv); err == nil || !strings.Contains(err.Error(), "audit key file") {
		t.Fatalf("an empty audit key file: %v", err)
	}
	if err := os.WriteFile(keyPath, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"bogus"}, std(&out), getenv); err == nil {
		t.Fatal("an unknown command succeeded")
	}
}

// TestCommandsRefuseAsTheAPI: the command line holds districts and
// operators to the API's rules, and says why in the API's words.
func TestCommandsRefuseAsTheAPI(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	refused := func(args ...string) string {
		t.Helper()
		var out syncBuffer
		err := run(ctx, args, std(&out), getenv)
		if err == nil {
			t.Fatalf("hearth %s succeeded:\n%s", strings.Join(args, " "), out.String())
		}
		return err.Error()
	}

	// What POST /api/v1/tenants answers for the same district.
	api := handlerstest.New(t)
	res := api.As("/platform.admin", http.MethodPost, "/api/v1/tenants", map[string]string{"slug": "Bad Slug!", "admin_password": "x"})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("API: %d %s", res.Status, res.Body)
	}
	var problem struct {
		Fields []struct{ Field, Message string }
	}
	if err := json.Unmarshal(res.Body, &problem); err != nil || len(problem.Fields) != 3 {
		t.Fatalf("API fields: %s", res.Body)
	}
	msg := refused("tenant", "create", "--slug", "Bad Slug!", "--admin-password", "x")
	for _, f := range problem.Fields {
		if !strings.Contains(msg, f.Field+" "+f.Message) {
			t.Errorf("tenant create: %q lacks the API's %q: %q", msg, f.Field, f.Message)
		}
	}
	msg = refused("tenant", "create", "--slug", "hedong", "--name", "河东区", "--admin-password", "short-pw1")
	if !strings.Contains(msg, "admin_password must be at least 10 characters") {
		t.Errorf("tenant create, short password: %s", msg)
	}
	msg = refused("tenant", "create", "--slug", "hedong", "--name", "河东区", "--admin-password", "hedong-password-1", "--timezone", "Mars/Olympus")
	if !strings.Contains(msg, "timezone") {
		t.Errorf("tenant create, unknown zone: %s", msg)
	}

	msg = refused("operator", "create", "--username", "ops.one", "--password", "12345")
	if !strings.Contains(msg, "password must be at least 10 characters") {
		t.Errorf("operator create, 5 characters: %s", msg)
	}
	if msg = refused("operator", "create", "--username", "Ops One", "--password", "ops-password-1"); !strings.Contains(msg, "username must be lower-case") {
		t.Errorf("operator create, bad username: %s", msg)
	}
	var out syncBuffer
	if err := run(ctx, []string{"operator", "create", "--username", "ops.one", "--password", "ops-password-1"}, std(&out), getenv); err != nil {
		t.Fatal(err)
	}
	if msg = refused("operator", "create", "--username", "ops.one", "--password", "ops-password-1"); !strings.Contains(msg, "username_taken") {
		t.Errorf("operator create, twice: %s", msg)
	}
	if msg = refused("operator", "password", "--username", "ops.one", "--password", "12345"); !strings.Contains(msg, "password must be at least 10 characters") {
		t.Errorf("operator password, 5 characters: %s", msg)
	}
	if msg = refused("operator", "password", "--username", "ops.nobody", "--password", "ops-password-2"); !strings.Contains(msg, "no operator") {
		t.Errorf("operator password, unknown operator: %s", msg)
	}
}

// TestOperatorPassword: `hearth operator password` lets the operator in
// with the new password only.
func TestOperatorPassword(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	var out syncBuffer
	for _, args := range [][]string{
		{"operator", "create", "--username", "ops.one", "--password", "ops-password-1"},
		{"operator", "password", "--username", "ops.one", "--password", "ops-password-2"},
	} {
		if err := run(ctx, args, std(&out), getenv); err != nil {
			t.Fatalf("hearth %s: %v", strings.Join(args, " "), err)
		}
	}
	base, _, _ := start(t, getenv)
	for pw, want := range map[string]int{"ops-password-1": 401, "ops-password-2": 200} {
		if code, m := call(t, "POST", base+"/api/v1/auth/login", "", map[string]string{"username": "ops.one", "password": pw}); code != want {
			t.Errorf("sign-in with %s: %d %v, want %d", pw, code, m, want)
		}
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestBadRedisURLKeepsItsPassword: the URL parser's error quotes the raw URL,
// password and all; the message hearth prints must not.
func TestBadRedisURLKeepsItsPassword(t *testing.T) {
	var out syncBuffer
	err := run(context.Background(), []string{"migrate"}, stdio{out: &out, err: &out},
		testEnv(t, map[string]string{"HEARTH_REDIS_URL": "redis://:s3cr%et@10.0.0.1:6379/0"}))
	if err == nil || strings.Contains(err.Error()+out.String(), "s3cr") {
		t.Fatalf("err %v; output has the password: %v", err, strings.Contains(out.String(), "s3cr"))
	}
}

// wantJSONLines fails unless every line of a log is a JSON object: the
// stream a collector parses holds nothing else.
func wantJSONLines(t *testing.T, log string) {
	t.Helper()
	if log == "" {
		t.Fatal("nothing was logged")
	}
	for _, l := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("a log line that is not JSON: %q", l)
		}
	}
}

package handlers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

var assetRE = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+\.js)"`)

// consoleHeaders checks what every console answer carries.
func consoleHeaders(t *testing.T, res handlerstest.Response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q lets inline or eval'd script or style in", csp)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q, want nosniff", got)
	}
}

// indexOf fetches path and holds it to be the console's index.html.
func indexOf(t *testing.T, e *handlerstest.Env, path string) string {
	t.Helper()
	res := e.Do("", http.MethodGet, path, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET %s: Content-Type %q, want text/html", path, ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET %s: Cache-Control %q, want no-cache", path, cc)
	}
	consoleHeaders(t, res)
	body := string(res.Body)
	if !strings.Contains(body, `<div id="app">`) {
		t.Errorf("GET %s is not the console's index.html: %.200s", path, body)
	}
	return body
}

func TestConsoleIndex(t *testing.T) {
	e := handlerstest.New(t)
	body := indexOf(t, e, "/")
	// No inline script: every script is a file of this origin.
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, `src="/assets/`) {
			t.Errorf("index.html has an inline or foreign script: %s", tag)
		}
	}
	if indexOf(t, e, "/index.html") != body {
		t.Error("/index.html differs from /")
	}
}

// A client route (the browser's address bar after navigation) answers the
// index, so a reload or a shared link opens the page.
func TestConsoleClientRouteFallsBack(t *testing.T) {
	e := handlerstest.New(t)
	want := indexOf(t, e, "/")
	for _, p := range []string{"/hazards/0193c0de-1111-7000-8000-000000000001", "/login", "/inbox?x=1"} {
		if got := indexOf(t, e, p); got != want {
			t.Errorf("GET %s is not the index", p)
		}
	}
}

func TestConsoleAssetsAreCachedForAYear(t *testing.T) {
	e := handlerstest.New(t)
	m := assetRE.FindStringSubmatch(indexOf(t, e, "/"))
	if m == nil {
		t.Fatal("index.html names no /assets/*.js bundle")
	}
	res := e.Do("", http.MethodGet, m[1], nil)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d", m[1], res.Status)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("GET %s: Cache-Control %q", m[1], cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("GET %s: Content-Type %q", m[1], ct)
	}
	consoleHeaders(t, res)
	// Compressed when the browser asks; revalidated by ETag.
	gz := e.Do("", http.MethodGet, m[1], nil, "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" || len(gz.Body) >= len(res.Body) {
		t.Errorf("gzip: Content-Encoding %q, %d bytes for %d", gz.Header.Get("Content-Encoding"), len(gz.Body), len(res.Body))
	}
	if again := e.Do("", http.MethodGet, m[1], nil, "If-None-Match", res.Header.Get("ETag")); again.Status != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", again.Status)
	}
	// A bundle that is not there (an old page after a deploy) is no index.
	if res := e.Do("", http.MethodGet, "/assets/index-gone.js", nil); res.Status != http.StatusNotFound {
		t.Errorf("a missing bundle: status %d, want 404", res.Status)
	}
}

// Each file keeps its own type and bytes however many requests came between:
// fiber's request strings are buffers reused by the next request on the
// connection, so nothing may keep them. The requests go one after another on
// one kept-alive connection of the app's own server, as a browser sends them.
func TestConsoleFilesStayApart(t *testing.T) {
	e := handlerstest.New(t)
	var assets []string
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(indexOf(t, e, "/"), -1) {
		assets = append(assets, m[1])
	}
	if len(assets) < 2 {
		t.Fatalf("index.html names %d assets, want a script and a stylesheet at least", len(assets))
	}
	var in bytes.Buffer
	var order []string
	for range 3 {
		for _, a := range assets {
			fmt.Fprintf(&in, "GET %s HTTP/1.1\r\nHost: hearth\r\n\r\n", a)
			order = append(order, a)
		}
	}
	conn := &memConn{in: bytes.NewReader(in.Bytes())}
	e.App.Server().ServeConn(conn)
	r := bufio.NewReader(&conn.out)
	first := map[string]string{}
	for i, a := range order {
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatalf("answer %d (%s): %v", i, a, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want := "text/css"
		if strings.HasSuffix(a, ".js") {
			want = "text/javascript"
		}
		if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || !strings.HasPrefix(ct, want) {
			t.Errorf("answer %d: GET %s: %d %q, want 200 %s", i, a, res.StatusCode, ct, want)
		}
		if prev, seen := first[a]; !seen {
			first[a] = string(b)
		} else if prev != string(b) {
			t.Errorf("answer %d: GET %s answered other bytes than the first time", i, a)
		}
	}
}

// The API keeps its own answers: an unknown /api path is a problem, never
// the console's index.
func TestConsoleLeavesTheAPIAlone(t *testing.T) {
	e := handlerstest.New(t)
	for _, p := range []string{"/api/unknown", "/api/v1/no-such-thing", "/api"} {
		res := e.Do("", http.MethodGet, p, nil)
		if res.Status != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("GET %s: %d %s, want a problem+json 404", p, res.Status, res.Header.Get("Content-Type"))
		}
		if res.JSON()["code"] != "route_not_found" {
			t.Errorf("GET %s: code %v, want route_not_found", p, res.JSON()["code"])
		}
	}
	// Writes to a console path are no API either.
	if res := e.Do("", http.MethodPost, "/hazards", map[string]string{}); res.Status != http.StatusNotFound {
		t.Errorf("POST /hazards: status %d, want 404", res.Status)
	}
	if res := e.Do("", http.MethodGet, "/healthz", nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "ok") {
		t.Errorf("GET /healthz: %d %s", res.Status, res.Body)
	}
}

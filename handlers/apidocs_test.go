package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// TestAPIDocsPage: /api/docs is the reference as HTML, without signing in:
// every route of the document is on it, it loads nothing from elsewhere and
// runs no script.
func TestAPIDocsPage(t *testing.T) {
	e := handlerstest.New(t)
	res := e.Do("", http.MethodGet, "/api/docs", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/api/docs: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	page := string(res.Body)
	doc := e.Do("", http.MethodGet, "/api/v1/openapi.json", nil).JSON()
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) < 40 {
		t.Fatalf("the document has %d paths", len(paths))
	}
	for p := range paths {
		if !strings.Contains(page, "<code>"+p+"</code>") {
			t.Errorf("the reference page lacks %s", p)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the reference page holds %q", bad)
		}
	}
	for _, want := range []string{"YH-2026-000123", "HazardStatus", "数据结构"} {
		if !strings.Contains(page, want) {
			t.Errorf("the reference page lacks %q", want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

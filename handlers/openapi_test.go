package handlers_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// openAPIDoc fetches the served document, unauthenticated.
func openAPIDoc(t *testing.T, e *handlerstest.Env) map[string]any {
	t.Helper()
	res := e.Do("", http.MethodGet, "/api/v1/openapi.json", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return doc
}

var fiberParam = regexp.MustCompile(`:(\w+)`)

func TestOpenAPIIsOpenAPI3(t *testing.T) {
	doc := openAPIDoc(t, handlerstest.New(t))
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi = %v, want 3.x", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Errorf("info %v lacks title or version", info)
	}
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Error("no paths")
	}
	seen := map[string]string{} // operationId → where
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			id, _ := op.(map[string]any)["operationId"].(string)
			if id == "" || seen[id] != "" {
				t.Errorf("%s %s: operationId %q is empty or also %s's", method, path, id, seen[id])
			}
			seen[id] = method + " " + path
		}
	}
}

// The document and the router list the same operations, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := handlerstest.New(t)
	doc := openAPIDoc(t, e)

	registered := map[string]bool{} // "get /api/v1/orgs/{id}"
	for _, r := range e.App.GetRoutes(true) {
		if r.Method == http.MethodHead {
			continue // fiber adds HEAD to every GET
		}
		registered[strings.ToLower(r.Method)+" "+fiberParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			documented[method+" "+path] = true
			for _, name := range pathParams(path) {
				if !declaresPathParam(op, name) {
					t.Errorf("%s %s does not declare path parameter %q", method, path, name)
				}
			}
		}
	}
	for _, op := range slices.Sorted(maps.Keys(registered)) {
		if !documented[op] {
			t.Errorf("registered route %s is not in the document", op)
		}
	}
	for _, op := range slices.Sorted(maps.Keys(documented)) {
		if !registered[op] {
			t.Errorf("documented %s is not a registered route", op)
		}
	}
	if len(registered) == 0 {
		t.Error("no registered routes")
	}
}

// Every "$ref" in the document names something the document defines, and
// no component is only a reference to itself.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPIDoc(t, handlerstest.New(t))
	refs := 0
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k != "$ref" {
					walk(at+"/"+k, x)
					continue
				}
				refs++
				ref, _ := x.(string)
				if target := pointer(doc, ref); target == nil {
					t.Errorf("%s: $ref %q does not resolve", at, ref)
				} else if target["$ref"] == ref || "#"+at == ref {
					t.Errorf("%s: $ref %q refers to itself", at, ref)
				}
			}
		case []any:
			for _, x := range v {
				walk(at+"[]", x)
			}
		}
	}
	walk("", doc)
	if refs == 0 {
		t.Error("the document has no $ref at all")
	}
	for name, s := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if len(s.(map[string]any)) == 0 {
			t.Errorf("schema %s is empty", name)
		}
	}
}

// pointer resolves a local JSON pointer ("#/components/schemas/Org"); nil
// when it names nothing.
func pointer(doc map[string]any, ref string) map[string]any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var at any = doc
	for _, part := range strings.Split(rest, "/") {
		m, _ := at.(map[string]any)
		at = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	m, _ := at.(map[string]any)
	return m
}

func pathParams(path string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func declaresPathParam(op any, name string) bool {
	o, _ := op.(map[string]any)
	for _, p := range asSlice(o["parameters"]) {
		if p, _ := p.(map[string]any); p["in"] == "path" && p["name"] == name && p["required"] == true {
			return true
		}
	}
	return false
}

// Every GET without path parameters answers what the document says: a JSON
// answer has a schema there, and each member of the answer is a property of
// it.
func TestOpenAPIDescribesAnswers(t *testing.T) {
	e := handlerstest.New(t)
	doc := openAPIDoc(t, e)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for path, item := range doc["paths"].(map[string]any) {
		op, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok || strings.Contains(path, "{") || path == "/metrics" { // Prometheus text behind its own token
			continue
		}
		t.Run(path, func(t *testing.T) {
			// A route whose query is required gets an example of one.
			query := map[string]string{"/api/v1/calendar/add": "?from=2026-09-30&working_days=3"}[path]
			res := e.As("nankai/bureau.admin", http.MethodGet, path+query, nil)
			if res.Status == http.StatusForbidden {
				res = e.As("/platform.admin", http.MethodGet, path+query, nil)
			}
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || path == "/api/v1/openapi.json" {
				return
			}
			ok, _ := op["responses"].(map[string]any)["200"].(map[string]any)
			content, _ := ok["content"].(map[string]any)
			media, _ := content["application/json"].(map[string]any)
			schema, _ := media["schema"].(map[string]any)
			if schema == nil {
				t.Fatalf("answers JSON, but the document gives no schema for it: %.200s", res.Body)
			}
			if ref, isRef := schema["$ref"].(string); isRef {
				schema, _ = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
			}
			props, _ := schema["properties"].(map[string]any)
			for member := range res.JSON() {
				if _, ok := props[member]; !ok {
					t.Errorf("the answer's %q is not a property of its schema %v", member, schema)
				}
			}
		})
	}
}

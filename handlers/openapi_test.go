package handlers_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
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

var (
	fiberParam   = regexp.MustCompile(`:(\w+)`)
	openAPIParam = regexp.MustCompile(`\{\w+\}`)
)

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

// Every GET without path parameters answers what the document says: its
// status and media type listed, its body of the schema given for them.
func TestOpenAPIDescribesAnswers(t *testing.T) {
	e := handlerstest.New(t)
	doc := openAPIDoc(t, e)
	for path, item := range doc["paths"].(map[string]any) {
		if _, ok := item.(map[string]any)["get"]; !ok || strings.Contains(path, "{") || path == "/metrics" { // Prometheus text behind its own token
			continue
		}
		t.Run(path, func(t *testing.T) {
			d := docChecker{t: t, doc: doc}
			// A route whose query is required gets an example of one.
			query := map[string]string{"/api/v1/calendar/add": "?from=2026-09-30&working_days=3"}[path]
			// The bureau reads most; a heating company's admin what only
			// the register's keeper may (its import template), a gas
			// company's admin the same of the alarm ledger; the operator
			// the districts.
			var res handlerstest.Response
			for _, login := range []string{"nankai/bureau.admin", "nankai/heat1.admin", "nankai/gas1.admin", "/platform.admin"} {
				if res = e.As(login, http.MethodGet, path+query, nil); res.Status != http.StatusForbidden {
					break
				}
			}
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			d.check(http.MethodGet, path, res)
		})
	}
}

// Every operation says what it answers: tagged with a declared area, a 2xx
// answer whose body has a schema (none for 204; a download is a binary
// string), error answers as problems, and bearer security unless public.
func TestOpenAPIOperationsAnswer(t *testing.T) {
	doc := openAPIDoc(t, handlerstest.New(t))
	tags := map[string]bool{}
	for _, tg := range asSlice(doc["tags"]) {
		tg := tg.(map[string]any)
		if tg["description"] == "" || tg["description"] == nil {
			t.Errorf("tag %v has no description", tg["name"])
		}
		tags[tg["name"].(string)] = true
	}
	for _, want := range []string{"auth", "accounts", "ledger", "reminders", "webhooks", "calendar", "audit", "health"} {
		if !tags[want] {
			t.Errorf("no tag %q", want)
		}
	}
	servers := asSlice(doc["servers"])
	if len(servers) == 0 || !strings.HasPrefix(servers[0].(map[string]any)["url"].(string), "/") {
		t.Errorf("servers %v: want a relative url", servers)
	}
	if !slices.ContainsFunc(asSlice(doc["security"]), func(s any) bool { _, ok := s.(map[string]any)["bearer"]; return ok }) {
		t.Errorf("security %v: want bearer for every operation not public", doc["security"])
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			op := op.(map[string]any)
			where := method + " " + path
			opTags := asSlice(op["tags"])
			if len(opTags) != 1 || !tags[opTags[0].(string)] {
				t.Errorf("%s: tags %v, want one declared area", where, opTags)
			}
			if op["summary"] == "" {
				t.Errorf("%s: no summary", where)
			}
			success := 0
			for code, resp := range op["responses"].(map[string]any) {
				resp := resp.(map[string]any)
				if ref, ok := resp["$ref"].(string); ok {
					resp = pointer(doc, ref)
				}
				content, _ := resp["content"].(map[string]any)
				switch {
				case code == "204":
					success++
					if content != nil {
						t.Errorf("%s: 204 with a body", where)
					}
				case code[0] == '2':
					success++
					if len(content) == 0 {
						t.Errorf("%s: %s has no body", where, code)
					}
					for mt, media := range content {
						schema, _ := media.(map[string]any)["schema"].(map[string]any)
						if len(schema) == 0 {
							t.Errorf("%s: %s %s has no schema", where, code, mt)
						}
						if !strings.Contains(mt, "json") && !strings.HasPrefix(mt, "text/") && schema["format"] != "binary" {
							t.Errorf("%s: %s %s is a download but not a binary string: %v", where, code, mt, schema)
						}
					}
				default:
					if _, ok := content["application/problem+json"]; !ok && !(path == "/readyz" && code == "503") {
						t.Errorf("%s: %s is not a problem: %v", where, code, resp)
					}
				}
			}
			if success == 0 {
				t.Errorf("%s: no 2xx answer", where)
			}
			if pathParams(path) != nil {
				if _, ok := op["responses"].(map[string]any)["404"]; !ok {
					t.Errorf("%s: a path with ids but no 404", where)
				}
			}
		}
	}
}

// The members and parameters that name a kind, status, state… carry their
// allowed values, and the enumerations the server checks against are the
// document's.
func TestOpenAPIEnumsCarryValues(t *testing.T) {
	doc := openAPIDoc(t, handlerstest.New(t))
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	enumLike := []string{"kind", "status", "state", "level", "category", "source", "stage", "queue",
		"group_by", "sort", "roles", "audience", "from_status", "to_status", "current_status"}
	freeText := map[string]bool{"CalendarYear.source": true, "CalendarLoadRequest.source": true} // the notice's origin
	// hasEnum: s (resolved) is a number, or a string or array of strings
	// whose values are listed.
	var hasEnum func(s map[string]any) bool
	hasEnum = func(s map[string]any) bool {
		if ref, ok := s["$ref"].(string); ok {
			return hasEnum(pointer(doc, ref))
		}
		for _, k := range []string{"anyOf", "allOf"} {
			if alts := asSlice(s[k]); len(alts) > 0 {
				for _, alt := range alts {
					if alt := alt.(map[string]any); alt["type"] != "null" && !hasEnum(alt) {
						return false
					}
				}
				return true
			}
		}
		types := []any{s["type"]}
		if list, ok := s["type"].([]any); ok {
			types = list
		}
		if slices.Contains(types, any("integer")) || slices.Contains(types, any("number")) {
			return true
		}
		if slices.Contains(types, any("array")) {
			return hasEnum(s["items"].(map[string]any))
		}
		if _, ok := s["const"]; ok {
			return true
		}
		return len(asSlice(s["enum"])) > 0
	}
	checked := 0
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					if slices.Contains(enumLike, name) && !freeText[strings.TrimPrefix(at, "/components/schemas/")+"."+name] {
						checked++
						if !hasEnum(p.(map[string]any)) {
							t.Errorf("%s/properties/%s: no enum: %v", at, name, p)
						}
					}
				}
			}
			if v["in"] == "query" && slices.Contains(enumLike, v["name"].(string)) {
				checked++
				if !hasEnum(v["schema"].(map[string]any)) {
					t.Errorf("%s: query parameter %s has no enum: %v", at, v["name"], v["schema"])
				}
			}
			for k, x := range v {
				walk(at+"/"+k, x)
			}
		case []any:
			for _, x := range v {
				walk(at+"[]", x)
			}
		}
	}
	walk("", doc)
	if checked < 30 {
		t.Errorf("only %d enum-like members and parameters; the walk is broken", checked)
	}

	want := map[string][]string{
		"HazardCategory":  enum.HazardCategory("").Values(),
		"HazardLevel":     enum.HazardLevel("").Values(),
		"HazardSource":    enum.HazardSource("").Values(),
		"HazardStatus":    enum.HazardStatus("").Values(),
		"OrgKind":         enum.OrgKind("").Values(),
		"CreatableKind":   accounts.CreatableKind("").Values(),
		"ReminderKind":    enum.ReminderKind("").Values(),
		"ExtensionStatus": enum.ExtensionStatus("").Values(),
		"DistrictRole":    policy.DistrictRoles,
		"WebhookKind":     {"generic", "wecom", "dingtalk"},
		"DeliveryState":   {"pending", "succeeded", "failed"},
		"ReminderState":   {"scheduled", "sent", "cancelled", "failed"},
		"AttachmentStage": {"before", "after"},
	}
	for name, values := range want {
		s, _ := schemas[name].(map[string]any)
		var got []string
		for _, v := range asSlice(s["enum"]) {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, values) {
			t.Errorf("schema %s: enum %v, want %v", name, got, values)
		}
	}
	// Package enum's values come with their Chinese labels.
	labels, _ := schemas["HazardCategory"].(map[string]any)["x-enumDescriptions"].(map[string]any)
	if labels["leak"] != enum.CategoryLeak.Label() {
		t.Errorf("HazardCategory labels %v", labels)
	}
}

// Answers hold to the document: a walk through the API (a hazard recorded,
// worked and verified; its evidence, extensions, history; accounts,
// webhooks, reminders, the calendar, the audit trail; errors of each kind)
// where every answer's status must be one the operation lists, and its body
// must match the schema given for it.
func TestOpenAPIAnswersMatchTheDocument(t *testing.T) {
	l := newLedger(t)
	d := docChecker{t: t, doc: openAPIDoc(t, l.Env)}
	call := func(login, method, path string, body any, want int, headers ...string) map[string]any {
		t.Helper()
		var res handlerstest.Response
		if login == "" {
			res = l.Do("", method, path, body, headers...)
		} else {
			res = l.As(login, method, path, body, headers...)
		}
		if want != 0 && res.Status != want {
			t.Errorf("%s %s as %s: status %d, want %d: %.300s", method, path, login, res.Status, want, res.Body)
		}
		d.check(method, path, res)
		return res.JSON()
	}

	// Signing in.
	login := obj{"tenant": "nankai", "username": "gas1.clerk", "password": handlerstest.Password}
	tok := call("", http.MethodPost, "/api/v1/auth/login", login, http.StatusOK)
	call("", http.MethodPost, "/api/v1/auth/refresh", obj{"refresh_token": tok["refresh_token"]}, http.StatusOK)
	call("", http.MethodPost, "/api/v1/auth/login", obj{"tenant": "nankai", "username": "gas1.clerk", "password": "wrong-password-1"}, http.StatusUnauthorized)
	call("", http.MethodPost, "/api/v1/auth/login", obj{"username": ""}, http.StatusUnprocessableEntity)
	call("", http.MethodGet, "/api/v1/me", nil, http.StatusUnauthorized)
	call(gas1Clerk, http.MethodGet, "/api/v1/me", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/me", nil, http.StatusOK)
	call(guangkaiOfficer, http.MethodGet, "/api/v1/me", nil, http.StatusOK)
	call("/platform.admin", http.MethodGet, "/api/v1/me", nil, http.StatusOK)

	// A hazard through its life.
	h := call(gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", obj{"lat": 39.1, "lng": 117.2}), http.StatusCreated)
	id, _ := h["id"].(string)
	call(gas1Clerk, http.MethodPost, "/api/v1/hazards", obj{"address": ""}, http.StatusUnprocessableEntity)
	call(gas1Clerk, http.MethodPost, "/api/v1/hazards", "{", http.StatusBadRequest)
	call(gas1Clerk, http.MethodGet, hazardURL(id), nil, http.StatusOK)
	call(gas1Clerk, http.MethodGet, hazardURL("0190a0a0-0000-7000-8000-000000000000"), nil, http.StatusNotFound)
	call(gas1Clerk, http.MethodPatch, hazardURL(id), obj{"measure": "关阀"}, http.StatusPreconditionRequired)
	call(gas1Clerk, http.MethodPatch, hazardURL(id), obj{"measure": "关阀"}, http.StatusPreconditionFailed, "If-Match", `"99"`)
	call(gas1Clerk, http.MethodPatch, hazardURL(id), obj{"measure": "关阀", "category": nil}, http.StatusOK, "If-Match", l.etag(gas1Clerk, hazardURL(id)))
	call(gas1Clerk, http.MethodPost, hazardURL(id, "verify"), nil, http.StatusForbidden)
	call(gas1Clerk, http.MethodPost, hazardURL(id, "submit"), obj{"note": "已整改"}, http.StatusConflict)
	call(gas1Clerk, http.MethodPost, hazardURL(id, "start"), nil, http.StatusOK)
	body, ctype := multipartForm(map[string]string{"stage": "after"}, "整改后.png", tinyPNG)
	att := call(gas1Clerk, http.MethodPost, hazardURL(id, "attachments"), body, http.StatusCreated, "Content-Type", ctype)
	body, ctype = multipartForm(map[string]string{"stage": "after"}, "a.txt", []byte("plain text"))
	call(gas1Clerk, http.MethodPost, hazardURL(id, "attachments"), body, http.StatusUnsupportedMediaType, "Content-Type", ctype)
	call(gas1Clerk, http.MethodGet, hazardURL(id, "attachments"), nil, http.StatusOK)
	call(gas1Clerk, http.MethodGet, hazardURL(id, "attachments", att["id"].(string)), nil, http.StatusOK)
	call(gas1Clerk, http.MethodPost, hazardURL(id, "submit"), obj{"note": "已更换阀门"}, http.StatusOK)
	call(guangkaiOfficer, http.MethodPost, hazardURL(id, "reject"), obj{"note": "照片不清"}, http.StatusOK)
	call(gas1Clerk, http.MethodPost, hazardURL(id, "submit"), obj{"note": "已重新拍照"}, http.StatusOK)
	call(bureauAdmin, http.MethodPost, hazardURL(id, "verify"), obj{"note": "验收合格"}, http.StatusOK)
	call(gas1Clerk, http.MethodGet, hazardURL(id, "history"), nil, http.StatusOK)

	// An extension, approved, and one refused.
	h2 := call(gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", nil), http.StatusCreated)
	id2 := h2["id"].(string)
	ext := call(gas1Clerk, http.MethodPost, hazardURL(id2, "extensions"), obj{"deadline": "2030-06-30", "note": "需协调施工"}, http.StatusCreated)
	call(gas1Clerk, http.MethodPost, hazardURL(id2, "extensions"), obj{"deadline": "2030-07-30", "note": "再延"}, http.StatusConflict)
	call(bureauAdmin, http.MethodPost, hazardURL(id2, "extensions", ext["id"].(string), "approve"), obj{"note": "同意"}, http.StatusOK)
	call(bureauAdmin, http.MethodPost, hazardURL(id2, "extensions", ext["id"].(string), "refuse"), obj{"note": "不同意"}, http.StatusConflict)
	ext = call(gas1Clerk, http.MethodPost, hazardURL(id2, "extensions"), obj{"deadline": "2031-06-30", "note": "再延一年"}, http.StatusCreated)
	call(bureauAdmin, http.MethodPost, hazardURL(id2, "extensions", ext["id"].(string), "refuse"), obj{"note": "理由不足"}, http.StatusOK)
	call(gas1Clerk, http.MethodGet, hazardURL(id2, "extensions"), nil, http.StatusOK)

	// The ledger: lists, filters, summaries, Excel both ways.
	call(bureauAdmin, http.MethodGet, "/api/v1/hazards?status=verified,reported&level=general&overdue=false&sort=-found_on&limit=5", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/hazards?status=nonsense", nil, http.StatusUnprocessableEntity)
	for _, g := range []string{"street", "company", "industry", "category"} {
		call(bureauAdmin, http.MethodGet, "/api/v1/ledger/summary?group_by="+g+"&from=2026-01-01", nil, http.StatusOK)
	}
	exported := l.As(bureauAdmin, http.MethodGet, "/api/v1/hazards/export.xlsx?category=leak", nil)
	d.check(http.MethodGet, "/api/v1/hazards/export.xlsx", exported)
	d.check(http.MethodGet, "/api/v1/hazards/import/template", l.As(gas1Clerk, http.MethodGet, "/api/v1/hazards/import/template", nil))
	d.check(http.MethodGet, "/api/v1/ledger/summary.xlsx", l.As(bureauAdmin, http.MethodGet, "/api/v1/ledger/summary.xlsx?group_by=category", nil))
	d.check(http.MethodGet, "/api/v1/ledger/summary.xlsx", l.As(bureauAdmin, http.MethodGet, "/api/v1/ledger/summary.xlsx?group_by=nonsense", nil))
	body, ctype = xlMultipart(t, nil, "台账.xlsx", exported.Body)
	call(bureauAdmin, http.MethodPost, "/api/v1/hazards/import?dry_run=true", body, http.StatusOK, "Content-Type", ctype)
	body, ctype = xlMultipart(t, nil, "台账.xlsx", xlBook(t, []any{"not", "a", "ledger"}))
	call(bureauAdmin, http.MethodPost, "/api/v1/hazards/import", body, 0, "Content-Type", ctype)

	// Accounts.
	orgs := call(bureauAdmin, http.MethodGet, "/api/v1/orgs?kind=street", nil, http.StatusOK)
	orgID := asList(orgs["items"])[0]["id"].(string)
	call(bureauAdmin, http.MethodGet, "/api/v1/orgs/"+orgID, nil, http.StatusOK)
	newOrg := call(bureauAdmin, http.MethodPost, "/api/v1/orgs", obj{"name": "新建燃气公司", "kind": "gas_company"}, http.StatusCreated)
	call(bureauAdmin, http.MethodPost, "/api/v1/orgs", obj{"name": "新建燃气公司", "kind": "gas_company"}, http.StatusConflict)
	call(bureauAdmin, http.MethodPost, "/api/v1/orgs/"+newOrg["id"].(string)+"/disable", nil, http.StatusOK)
	user := call(bureauAdmin, http.MethodPost, "/api/v1/users", obj{"username": "new.clerk", "password": "a-long-password-1",
		"org_id": l.OrgID("津燃华润燃气有限公司"), "roles": []string{"company_staff"}}, http.StatusCreated)
	call(bureauAdmin, http.MethodGet, "/api/v1/users/"+user["id"].(string), nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/users?q=clerk", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/settings", nil, http.StatusOK)
	call(bureauAdmin, http.MethodPatch, "/api/v1/settings", obj{"reminder_days": []int{5, 1}}, http.StatusOK,
		"If-Match", l.etag(bureauAdmin, "/api/v1/settings"))
	tenants := call("/platform.admin", http.MethodGet, "/api/v1/tenants", nil, http.StatusOK)
	call("/platform.admin", http.MethodGet, "/api/v1/tenants/"+asList(tenants["items"])[0]["id"].(string), nil, http.StatusOK)
	call("/platform.admin", http.MethodPost, "/api/v1/tenants", obj{"slug": "heping", "name": "和平区", "admin_password": "a-long-password-1"}, http.StatusCreated)
	call(gas1Clerk, http.MethodGet, "/api/v1/tenants", nil, http.StatusForbidden)

	// Webhooks, reminders, the inbox.
	hook := call(gas1Admin, http.MethodPost, "/api/v1/webhooks", obj{"name": "群", "kind": "generic", "url": "https://203.0.113.10/hook"}, http.StatusCreated)
	hookURL := "/api/v1/webhooks/" + hook["id"].(string)
	call(gas1Admin, http.MethodGet, hookURL, nil, http.StatusOK)
	call(gas1Admin, http.MethodPost, hookURL+"/rotate_secret", nil, http.StatusOK)
	call(gas1Admin, http.MethodPost, hookURL+"/test", nil, http.StatusAccepted)
	call(gas1Admin, http.MethodPost, hookURL+"/test", nil, http.StatusConflict)
	call(gas1Admin, http.MethodGet, hookURL+"/deliveries?state=pending", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/reminders?queue=scheduled", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/reminders?queue=nowhere", nil, http.StatusUnprocessableEntity)
	call(bureauAdmin, http.MethodGet, "/api/v1/reminders/summary", nil, http.StatusOK)
	call(gas1Clerk, http.MethodGet, "/api/v1/notifications?unread=true", nil, http.StatusOK)
	call(gas1Admin, http.MethodDelete, hookURL, nil, http.StatusNoContent)

	// The calendar, the audit trail, health.
	call(bureauAdmin, http.MethodGet, "/api/v1/calendar/2026", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/calendar/2099", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/calendar/1999", nil, http.StatusNotFound)
	call(bureauAdmin, http.MethodGet, "/api/v1/calendar/add?from=2026-09-30&working_days=3", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/calendar/add", nil, http.StatusUnprocessableEntity)
	call(bureauAdmin, http.MethodGet, "/api/v1/audit?record_type=hazard&limit=3", nil, http.StatusOK)
	call(bureauAdmin, http.MethodGet, "/api/v1/audit/verify", nil, http.StatusOK)
	call("", http.MethodGet, "/healthz", nil, http.StatusOK)
	call("", http.MethodGet, "/readyz", nil, http.StatusOK)
	call("", http.MethodGet, "/metrics", nil, http.StatusNotFound)
	call("", http.MethodGet, "/api/v1/openapi.json", nil, http.StatusOK)

	if d.checked < 80 {
		t.Errorf("only %d answers checked", d.checked)
	}
}

// docChecker holds answers to an OpenAPI document.
type docChecker struct {
	t       *testing.T
	doc     map[string]any
	checked int
}

// check holds res, the answer to method path, to the operation's documented
// answers: its status listed, its body of a listed media type and schema.
func (d *docChecker) check(method, path string, res handlerstest.Response) {
	d.t.Helper()
	d.checked++
	path, _, _ = strings.Cut(path, "?")
	op, tmpl := d.operation(method, path)
	if op == nil {
		d.t.Errorf("%s %s: no operation in the document", method, path)
		return
	}
	where := fmt.Sprintf("%s %s → %d", method, tmpl, res.Status)
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(res.Status)].(map[string]any)
	if !ok {
		d.t.Errorf("%s: the operation does not list this status: %.300s", where, res.Body)
		return
	}
	if ref, ok := resp["$ref"].(string); ok {
		resp = pointer(d.doc, ref)
	}
	content, _ := resp["content"].(map[string]any)
	if len(content) == 0 {
		if len(res.Body) > 0 {
			d.t.Errorf("%s: a body the document does not describe: %.200s", where, res.Body)
		}
		return
	}
	mt, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";")
	media, ok := content[strings.TrimSpace(mt)].(map[string]any)
	if !ok {
		d.t.Errorf("%s: Content-Type %q, the document lists %v", where, mt, slices.Sorted(maps.Keys(content)))
		return
	}
	if !strings.Contains(mt, "json") || tmpl == "/api/v1/openapi.json" {
		return
	}
	var body any
	if err := json.Unmarshal(res.Body, &body); err != nil {
		d.t.Errorf("%s: not JSON: %v", where, err)
		return
	}
	for _, p := range d.validate("", media["schema"].(map[string]any), body) {
		d.t.Errorf("%s: %s\n%.400s", where, p, res.Body)
	}
}

// operation finds the operation of method on path, preferring a literal
// segment to a parameter (/hazards/export.xlsx over /hazards/{id}).
func (d *docChecker) operation(method, path string) (map[string]any, string) {
	var best map[string]any
	bestTmpl, bestParams := "", 99
	for tmpl, item := range d.doc["paths"].(map[string]any) {
		re := "^" + regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$"
		if !regexp.MustCompile(re).MatchString(path) {
			continue
		}
		op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		if n := strings.Count(tmpl, "{"); ok && n < bestParams {
			best, bestTmpl, bestParams = op, tmpl, n
		}
	}
	return best, bestTmpl
}

// validate holds v to the JSON schema s, as far as the document uses JSON
// Schema: $ref, anyOf, allOf, type, enum, const, properties, required,
// additionalProperties, items, formats and bounds.
func (d *docChecker) validate(at string, s map[string]any, v any) []string {
	if ref, ok := s["$ref"].(string); ok {
		return d.validate(at, pointer(d.doc, ref), v)
	}
	var out []string
	fail := func(format string, args ...any) { out = append(out, at+": "+fmt.Sprintf(format, args...)) }
	if alts := asSlice(s["anyOf"]); len(alts) > 0 {
		if !slices.ContainsFunc(alts, func(alt any) bool { return len(d.validate(at, alt.(map[string]any), v)) == 0 }) {
			fail("%v matches no alternative of %v", v, alts)
		}
	}
	for _, sub := range asSlice(s["allOf"]) {
		out = append(out, d.validate(at, sub.(map[string]any), v)...)
	}
	if c, ok := s["const"]; ok && c != v {
		fail("%v, want %v", v, c)
	}
	if vals, ok := s["enum"].([]any); ok && !slices.Contains(vals, v) {
		fail("%v is not one of %v", v, vals)
	}
	if typ, ok := s["type"]; ok {
		types := []any{typ}
		if list, ok := typ.([]any); ok {
			types = list
		}
		if !slices.Contains(types, any(jsonType(v))) && !(jsonType(v) == "integer" && slices.Contains(types, any("number"))) {
			fail("%s %v, want %v", jsonType(v), v, typ)
			return out
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asSlice(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				fail("no required member %s", r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range v {
			if p, ok := props[k].(map[string]any); ok {
				out = append(out, d.validate(at+"/"+k, p, x)...)
				continue
			}
			switch extra := s["additionalProperties"].(type) {
			case bool:
				if !extra {
					fail("member %s is not in the schema", k)
				}
			case map[string]any:
				out = append(out, d.validate(at+"/"+k, extra, x)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				out = append(out, d.validate(fmt.Sprintf("%s/%d", at, i), items, x)...)
			}
		}
	case string:
		var err error
		switch s["format"] {
		case "uuid":
			_, err = uuid.Parse(v)
		case "date":
			_, err = time.Parse(time.DateOnly, v)
		case "date-time":
			_, err = time.Parse(time.RFC3339Nano, v)
		}
		if err != nil {
			fail("%q is not a %s", v, s["format"])
		}
		if n, ok := s["maxLength"].(float64); ok && float64(utf8.RuneCountInString(v)) > n {
			fail("%q is longer than %v", v, n)
		}
	case float64:
		if n, ok := s["minimum"].(float64); ok && v < n {
			fail("%v < minimum %v", v, n)
		}
		if n, ok := s["maximum"].(float64); ok && v > n {
			fail("%v > maximum %v", v, n)
		}
	}
	return out
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// The values the document lists for a query parameter are those the server
// takes: each is accepted, and a value outside them is refused with 422.
func TestOpenAPIQueryEnumsAreTheServers(t *testing.T) {
	e := handlerstest.New(t)
	doc := openAPIDoc(t, e)
	tried := 0
	for path, item := range doc["paths"].(map[string]any) {
		op, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok || strings.Contains(path, "{") {
			continue
		}
		for _, p := range asSlice(op["parameters"]) {
			p := p.(map[string]any)
			s := p["schema"].(map[string]any)
			if items, ok := s["items"].(map[string]any); ok {
				s = items
			}
			for _, sub := range asSlice(s["allOf"]) {
				s = sub.(map[string]any)
			}
			if ref, ok := s["$ref"].(string); ok {
				s = pointer(doc, ref)
			}
			values := asSlice(s["enum"])
			if p["in"] != "query" || len(values) == 0 {
				continue
			}
			name := p["name"].(string)
			for _, v := range append(values, "no-such-value") {
				res := e.As("nankai/bureau.admin", http.MethodGet, path+"?"+name+"="+url.QueryEscape(v.(string)), nil)
				tried++
				want := http.StatusOK
				if v == "no-such-value" {
					want = http.StatusUnprocessableEntity
				}
				if res.Status != want {
					t.Errorf("GET %s?%s=%s: status %d, want %d: %.200s", path, name, v, res.Status, want, res.Body)
				}
			}
		}
	}
	if tried < 30 {
		t.Errorf("only %d values tried", tried)
	}
}

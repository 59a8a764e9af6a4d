package handlers

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// The OpenAPI document is built from the route table and the request and
// response types themselves, so it cannot drift from what the server does;
// a test holds every registered route to it.

var pathParam = regexp.MustCompile(`:(\w+)`)

func (a *api) openapi(c *fiber.Ctx) error {
	a.docOnce.Do(func() { a.doc = must(json.Marshal(buildOpenAPI(a.routes()))) })
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(a.doc)
}

type docCache struct {
	docOnce sync.Once
	doc     []byte
}

func buildOpenAPI(routes []route) map[string]any {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	problemResp := map[string]any{"description": "Problem (RFC 9457)", "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	schemas["Problem"] = schemaOf(reflect.TypeOf(problem{}), schemas)
	for _, r := range routes {
		p := pathParam.ReplaceAllString(r.Path, "{$1}")
		op := map[string]any{"summary": r.Summary, "operationId": strings.ToLower(r.Method) + opName(p)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			schema := map[string]any{"type": "string", "format": "uuid"} // ids are UUIDs
			if m[1] == "year" {
				schema = map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range r.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		if r.Method == http.MethodPatch {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
				"schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.In != nil {
			ct := "application/json"
			if r.Upload {
				ct = "multipart/form-data"
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				ct: map[string]any{"schema": schemaOf(reflect.TypeOf(r.In), schemas)}}}
		}
		if r.Idempotent {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header",
				"schema": map[string]any{"type": "string", "maxLength": 200}})
			op["parameters"] = params
		}
		status := r.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case r.Out != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Out), schemas)}}
		case r.Produces != "":
			ok["content"] = map[string]any{r.Produces: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		}
		op["responses"] = map[string]any{strconv.Itoa(status): ok, "default": problemResp}
		if !r.Public {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Hearth", "version": "1", "description": "Gas and heating safety supervision API."},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
}

func opName(p string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '{' || r == '}' || r == '.' || r == '_' }) {
		if part == "api" || part == "v1" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var (
	timeType = reflect.TypeOf(time.Time{})
	uuidType = reflect.TypeOf(uuid.UUID{})
)

// schemaOf describes a Go type as a JSON schema; named structs become
// components referenced by name.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == uuidType:
		return map[string]any{"type": "string", "format": "uuid"}
	case t == reflect.TypeOf([]byte(nil)):
		return map[string]any{"type": "string", "format": "binary"}
	case t == reflect.TypeOf(rawJSON("")):
		return map[string]any{"type": "object", "nullable": true}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint8, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object"}
	case reflect.Struct:
		name := componentName(t)
		if _, seen := schemas[name]; !seen {
			schemas[name] = map[string]any{} // placeholder against recursion
			props := map[string]any{}
			var required []string
			addFields(t, schemas, props, &required)
			obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
			if len(required) > 0 {
				obj["required"] = required
			}
			schemas[name] = obj
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// addFields describes t's fields as encoding/json sees them: an embedded
// struct without a JSON name lends its fields, and a field of the outer
// struct wins over an embedded one of the same name.
func addFields(t reflect.Type, schemas, props map[string]any, required *[]string) {
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		jn, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && jn == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() || jn == "-" {
			continue
		}
		if jn == "" {
			jn = f.Name
		}
		s := schemaOf(f.Type, schemas)
		if strings.Contains(f.Tag.Get("validate"), "required") {
			*required = append(*required, jn)
		}
		if f.Type.Kind() == reflect.Pointer || strings.Contains(opts, "omitempty") {
			s = nullable(s)
		}
		props[jn] = s
	}
	for _, et := range embedded {
		inner := map[string]any{}
		addFields(et, schemas, inner, required)
		for k, v := range inner {
			if _, ok := props[k]; !ok {
				props[k] = v
			}
		}
	}
}

func nullable(s map[string]any) map[string]any {
	if _, ref := s["$ref"]; ref {
		return map[string]any{"allOf": []any{s}, "nullable": true}
	}
	out := map[string]any{"nullable": true}
	for k, v := range s {
		out[k] = v
	}
	return out
}

// componentName turns a Go type name into a schema name: orgOut → Org,
// list[...orgOut] → OrgList, loginIn → LoginRequest.
func componentName(t reflect.Type) string {
	n := t.Name()
	if i := strings.Index(n, "["); i >= 0 {
		inner := n[i+1 : len(n)-1]
		inner = inner[strings.LastIndex(inner, ".")+1:]
		return exported(strings.TrimSuffix(inner, "Out")) + "List"
	}
	switch {
	case strings.HasSuffix(n, "In"):
		return exported(strings.TrimSuffix(n, "In")) + "Request"
	case strings.HasSuffix(n, "Out"):
		return exported(strings.TrimSuffix(n, "Out"))
	}
	return exported(n)
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

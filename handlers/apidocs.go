package handlers

import (
	"bytes"
	"encoding/json"
	"html/template"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// The API reference at /api/docs: the served OpenAPI document rendered as
// one HTML page on the server: no script, nothing fetched from elsewhere,
// so it works offline and under the strictest policy. A JavaScript viewer
// (Redoc, Swagger UI) would need scripts and a bundle of a megabyte for
// what is a table of routes and schemas.

type docsCache struct {
	docsOnce sync.Once
	docs     []byte
}

func (a *api) apiDocs(c *fiber.Ctx) error {
	a.docsOnce.Do(func() {
		var doc map[string]any
		if err := json.Unmarshal(must(json.Marshal(buildOpenAPI(a.routes()))), &doc); err != nil {
			panic(err)
		}
		var b bytes.Buffer
		if err := docsPage.Execute(&b, docsView(doc)); err != nil {
			panic(err)
		}
		a.docs = b.Bytes()
	})
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	return c.Send(a.docs)
}

type docsOp struct {
	Method, Path, Summary, Tag, Body string
	Params                           []docsField
	Responses                        []docsField
}

type docsField struct{ Name, Where, Type, Desc string }

type docsSchema struct {
	Name   string
	Desc   string
	Fields []docsField
}

type docsData struct {
	Title   string
	Version string
	Tags    []string
	Ops     map[string][]docsOp
	Schemas []docsSchema
}

// docsView turns the document into what the page shows.
func docsView(doc map[string]any) docsData {
	info, _ := doc["info"].(map[string]any)
	d := docsData{Title: str(info["title"]), Version: str(info["version"]), Ops: map[string][]docsOp{}}
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item, _ := paths[p].(map[string]any)
		for _, m := range []string{"get", "post", "put", "patch", "delete"} {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			o := docsOp{Method: strings.ToUpper(m), Path: p, Summary: str(op["summary"])}
			if tags, _ := op["tags"].([]any); len(tags) > 0 {
				o.Tag = str(tags[0])
			}
			params, _ := op["parameters"].([]any)
			for _, x := range params {
				pm, _ := x.(map[string]any)
				where := str(pm["in"])
				if pm["required"] == true {
					where += "，必填"
				}
				sc, _ := pm["schema"].(map[string]any)
				o.Params = append(o.Params, docsField{Name: str(pm["name"]), Where: where, Type: typeOf(sc), Desc: str(pm["description"])})
			}
			if rb, ok := op["requestBody"].(map[string]any); ok {
				content, _ := rb["content"].(map[string]any)
				for _, ct := range slices.Sorted(maps.Keys(content)) {
					media, _ := content[ct].(map[string]any)
					sc, _ := media["schema"].(map[string]any)
					o.Body = ct + "：" + typeOf(sc)
				}
			}
			responses, _ := op["responses"].(map[string]any)
			for _, code := range slices.Sorted(maps.Keys(responses)) {
				r, _ := responses[code].(map[string]any)
				var types []string
				content, _ := r["content"].(map[string]any)
				for _, ct := range slices.Sorted(maps.Keys(content)) {
					media, _ := content[ct].(map[string]any)
					sc, _ := media["schema"].(map[string]any)
					types = append(types, ct+" "+typeOf(sc))
				}
				o.Responses = append(o.Responses, docsField{Name: code, Desc: str(r["description"]), Type: strings.Join(types, "; ")})
			}
			if _, seen := d.Ops[o.Tag]; !seen {
				d.Tags = append(d.Tags, o.Tag)
			}
			d.Ops[o.Tag] = append(d.Ops[o.Tag], o)
		}
	}
	slices.Sort(d.Tags)
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		sc, _ := schemas[name].(map[string]any)
		s := docsSchema{Name: name, Desc: str(sc["description"])}
		if _, isEnum := sc["enum"]; isEnum {
			s.Fields = append(s.Fields, docsField{Name: "（取值）", Type: typeOf(sc)})
		}
		req := map[string]bool{}
		if rs, ok := sc["required"].([]any); ok {
			for _, r := range rs {
				req[str(r)] = true
			}
		}
		props, _ := sc["properties"].(map[string]any)
		for _, pn := range slices.Sorted(maps.Keys(props)) {
			pm, _ := props[pn].(map[string]any)
			where := ""
			if req[pn] {
				where = "必有"
			}
			s.Fields = append(s.Fields, docsField{Name: pn, Where: where, Type: typeOf(pm), Desc: str(pm["description"])})
		}
		d.Schemas = append(d.Schemas, s)
	}
	return d
}

// typeOf is a schema in a few words: its $ref's name, its type and format,
// its values.
func typeOf(sc map[string]any) string {
	if sc == nil {
		return ""
	}
	if ref := str(sc["$ref"]); ref != "" {
		return ref[strings.LastIndex(ref, "/")+1:]
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		if alts, ok := sc[k].([]any); ok {
			var parts []string
			for _, a := range alts {
				am, _ := a.(map[string]any)
				parts = append(parts, typeOf(am))
			}
			return strings.Join(parts, " | ")
		}
	}
	var t string
	switch v := sc["type"].(type) {
	case string:
		t = v
	case []any:
		var ts []string
		for _, x := range v {
			ts = append(ts, str(x))
		}
		t = strings.Join(ts, " | ")
	}
	if t == "array" {
		items, _ := sc["items"].(map[string]any)
		return typeOf(items) + "[]"
	}
	if f := str(sc["format"]); f != "" {
		t += " (" + f + ")"
	}
	if vals, ok := sc["enum"].([]any); ok {
		var vs []string
		for _, v := range vals {
			vs = append(vs, str(v))
		}
		t += "：" + strings.Join(vs, " / ")
	}
	return t
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	}
	return strings.Trim(string(must(json.Marshal(v))), `"`)
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} API 参考</title>
<style>
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2937;background:#f8fafc}
header{background:#1e3a8a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{max-width:1100px;margin:0 auto;padding:16px 24px}nav a{margin-right:12px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin:12px 0;padding:12px 16px}
h2{font-size:18px;border-bottom:2px solid #1e3a8a;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:4px 0}
.m{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-weight:600;margin-right:8px;font-size:12px;padding:1px 4px}
.GET{background:#2563eb}.POST{background:#16a34a}.PUT{background:#9333ea}.PATCH{background:#d97706}.DELETE{background:#dc2626}
code{font-family:ui-monospace,monospace;font-size:13px}table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f5f9;font-weight:600}
</style></head><body>
<header><h1>{{.Title}} API 参考 <small>v{{.Version}}</small></h1>
<div>机器可读的文档：<a style="color:#bfdbfe" href="/api/v1/openapi.json">/api/v1/openapi.json</a>（OpenAPI 3.1）</div></header>
<main>
<nav>{{range .Tags}}<a href="#tag-{{.}}">{{.}}</a>{{end}}<a href="#schemas">数据结构</a></nav>
{{range $tag := .Tags}}<h2 id="tag-{{$tag}}">{{$tag}}</h2>
{{range index $.Ops $tag}}<section><h3><span class="m {{.Method}}">{{.Method}}</span><code>{{.Path}}</code></h3>
<p>{{.Summary}}</p>
{{if .Params}}<table><tr><th>参数</th><th>位置</th><th>类型</th><th>说明</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.Where}}</td><td><code>{{.Type}}</code></td><td>{{.Desc}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<p>请求体：<code>{{.Body}}</code></p>{{end}}
<table><tr><th>状态</th><th>说明</th><th>内容</th></tr>
{{range .Responses}}<tr><td>{{.Name}}</td><td>{{.Desc}}</td><td><code>{{.Type}}</code></td></tr>{{end}}</table>
</section>{{end}}{{end}}
<h2 id="schemas">数据结构</h2>
{{range .Schemas}}<section id="schema-{{.Name}}"><h3><code>{{.Name}}</code></h3>{{if .Desc}}<p>{{.Desc}}</p>{{end}}
{{if .Fields}}<table><tr><th>字段</th><th></th><th>类型</th><th>说明</th></tr>
{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td>{{.Where}}</td><td><code>{{.Type}}</code></td><td>{{.Desc}}</td></tr>{{end}}</table>{{end}}
</section>{{end}}
</main></body></html>
`))

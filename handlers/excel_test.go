package handlers_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// The Excel side of the hazard ledger: export, import template, import.

const (
	xlExportPath   = "/api/v1/hazards/export.xlsx"
	xlTemplatePath = "/api/v1/hazards/import/template"
	xlImportPath   = "/api/v1/hazards/import"
	xlMIME         = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

	xlGas2    = "天津市南开燃气服务有限公司"
	xlHeat1   = "南开区供热服务中心"
	xlBureau  = "nankai/bureau.admin"
	xlClerk   = "nankai/gas1.clerk"
	xlGuang   = "nankai/street.guangkai"
	xlXingnan = "nankai/street.xingnan"
)

// xlHeaders is the ledger's header row, in order.
var xlHeaders = []string{"序号", "编号", "隐患名称/描述", "隐患等级", "隐患类别", "来源", "所属企业", "所属街道", "社区",
	"地址", "发现日期", "整改措施", "整改责任人", "整改期限", "状态", "整改完成时间", "整改情况", "验收人", "验收日期", "备注"}

// xlHeaderRow is the index of the header row among a ledger sheet's rows:
// the title, the 填报 line and the note stand above it.
const xlHeaderRow = 3

// xlDay is today plus days in the demo districts' zone, as the API writes
// dates.
func xlDay(days int) string {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return time.Now().In(loc).AddDate(0, 0, days).Format(time.DateOnly)
}

// xlHazard records a hazard as the bureau and returns its id.
func xlHazard(e *handlerstest.Env, company, street, category, level, desc, found, deadline string) string {
	e.T.Helper()
	res := e.As(xlBureau, http.MethodPost, "/api/v1/hazards", map[string]any{
		"company_id": e.OrgID(company), "street_id": e.OrgID(street), "address": street + "某路8号",
		"category": category, "level": level, "source": "bureau_inspection", "found_on": found,
		"description": desc, "measure": "限期整改", "responsible_person": "李工", "deadline": deadline})
	if res.Status != http.StatusCreated {
		e.T.Fatalf("create hazard: %d %s", res.Status, res.Body)
	}
	return res.JSON()["id"].(string)
}

// xlStep takes a lifecycle step, failing the test unless it answers 200.
func xlStep(e *handlerstest.Env, login, id, step, note string) {
	e.T.Helper()
	var body any
	if note != "" {
		body = map[string]string{"note": note}
	}
	if res := e.As(login, http.MethodPost, "/api/v1/hazards/"+id+"/"+step, body); res.Status != http.StatusOK {
		e.T.Fatalf("%s %s: %d %s", step, id, res.Status, res.Body)
	}
}

// xlVerify takes a hazard from reported to verified: the company starts,
// attaches a photo and submits, the street verifies.
func xlVerify(e *handlerstest.Env, company, street, id string) {
	e.T.Helper()
	xlStep(e, company, id, "start", "")
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	body, ctype := xlMultipart(e.T, map[string]string{"stage": "after"}, "repair.png", png)
	if res := e.As(company, http.MethodPost, "/api/v1/hazards/"+id+"/attachments", body, "Content-Type", ctype); res.Status != http.StatusCreated {
		e.T.Fatalf("attach: %d %s", res.Status, res.Body)
	}
	xlStep(e, company, id, "submit", "已整改")
	xlStep(e, street, id, "verify", "复查合格")
}

func xlMultipart(t testing.TB, fields map[string]string, name string, file []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// xlUpload posts file to the import as login; query is "" or "?dry_run=true".
func xlUpload(e *handlerstest.Env, login, query string, file []byte) handlerstest.Response {
	e.T.Helper()
	body, ctype := xlMultipart(e.T, nil, "台账.xlsx", file)
	return e.As(login, http.MethodPost, xlImportPath+query, body, "Content-Type", ctype)
}

// xlBook builds a workbook whose first sheet holds rows.
func xlBook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xlRead opens a downloaded workbook and returns its sheets' rows, as the
// cells display (dates formatted).
func xlRead(t testing.TB, res handlerstest.Response) map[string][][]string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != xlMIME {
		t.Errorf("Content-Type %q, want %s", ct, xlMIME)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

// xlLedger exports as login with query and returns the ledger sheet's rows
// below the header, after checking the header.
func xlLedger(t testing.TB, e *handlerstest.Env, login, query string) [][]string {
	t.Helper()
	res := e.As(login, http.MethodGet, xlExportPath+query, nil)
	rows := xlRead(t, res)["隐患台账"]
	if len(rows) <= xlHeaderRow || !slices.Equal(rows[xlHeaderRow], xlHeaders) {
		t.Fatalf("header row %q, want %q", rows, xlHeaders)
	}
	return rows[xlHeaderRow+1:]
}

// xlColumn is the values of one column of the ledger rows.
func xlColumn(rows [][]string, header string) []string {
	i := slices.Index(xlHeaders, header)
	var out []string
	for _, r := range rows {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// xlCount counts the hazards login lists.
func xlCount(e *handlerstest.Env, login string) int {
	e.T.Helper()
	n, cursor := 0, ""
	for {
		res := e.As(login, http.MethodGet, "/api/v1/hazards?limit=200&cursor="+url.QueryEscape(cursor), nil)
		if res.Status != http.StatusOK {
			e.T.Fatalf("list: %d %s", res.Status, res.Body)
		}
		m := res.JSON()
		n += len(asSlice(m["items"]))
		if cursor, _ = m["next_cursor"].(string); cursor == "" {
			return n
		}
	}
}

// xlProblems lists a problem list's "row column" pairs.
func xlProblems(v any) []string {
	var out []string
	for _, p := range asSlice(v) {
		p := p.(map[string]any)
		out = append(out, fmt.Sprintf("%v %v", p["row"], p["column"]))
	}
	return out
}

// A description that must come back exactly: quotes, brackets, an
// ampersand, a line break, and a leading "=" that must stay text.
const xlTricky = "=1+1 不是公式：表后阀门漏气（“引号”、'撇号'、<尖括号> & 和号）\n第二行"

func TestExcelExportScopes(t *testing.T) {
	e := handlerstest.New(t)
	leak := xlHazard(e, gas1Org, "广开街", "leak", "major", xlTricky, xlDay(-5), xlDay(10))
	rusty := xlHazard(e, xlGas2, "兴南街", "aging_pipeline", "general", "立管锈蚀", xlDay(-4), xlDay(20))
	xlHazard(e, xlHeat1, "学府街", "heating_network_defect", "general", "热网阀门井积水", xlDay(-20), xlDay(-3))
	// The leak lies in a community of its street; it is verified by 广开街's
	// officer, 赵敏. The rusty riser's deadline is extended.
	if res := e.As(xlBureau, http.MethodPatch, "/api/v1/hazards/"+leak, map[string]any{"community_id": e.OrgID("广开街万德庄社区")},
		"If-Match", e.As(xlBureau, http.MethodGet, "/api/v1/hazards/"+leak, nil).Header.Get("ETag")); res.Status != http.StatusOK {
		t.Fatalf("community: %d %s", res.Status, res.Body)
	}
	xlVerify(e, xlClerk, xlGuang, leak)
	ext := e.As("nankai/gas2.clerk", http.MethodPost, "/api/v1/hazards/"+rusty+"/extensions", map[string]any{"deadline": xlDay(40), "note": "需协调施工"})
	if ext.Status != http.StatusCreated {
		t.Fatalf("extension: %d %s", ext.Status, ext.Body)
	}
	if res := e.As(xlBureau, http.MethodPost, "/api/v1/hazards/"+rusty+"/extensions/"+ext.JSON()["id"].(string)+"/approve",
		map[string]any{"note": "同意"}); res.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}

	res := e.As(xlBureau, http.MethodGet, xlExportPath, nil)
	want := "filename*=UTF-8''" + url.PathEscape("隐患台账-"+xlDay(0)+".xlsx")
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, want) {
		t.Errorf("Content-Disposition %q, want an attachment with %s", cd, want)
	}
	// The form's top: the district and ledger, who fills it in, what it holds.
	top := xlRead(t, res)["隐患台账"][:xlHeaderRow]
	if top[0][0] != "南开区燃气供热安全隐患排查整治台账" {
		t.Errorf("title %q", top[0])
	}
	for _, s := range []string{"填报单位（盖章）：南开区城市管理委员会", "填报人：张伟", "审核人：", "填报日期：" + xlDay(0)} {
		if !slices.Contains(top[1], s) {
			t.Errorf("the 填报 line %q lacks %s", top[1], s)
		}
	}
	if top[2][0] != "筛选：全部（共 3 条）" {
		t.Errorf("note %q", top[2])
	}

	all := xlLedger(t, e, xlBureau, "")
	if len(all) != 3 {
		t.Fatalf("bureau: %d rows, want 3: %q", len(all), all)
	}
	if got := xlColumn(all, "序号"); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("序号 %q", got)
	}
	if got := xlColumn(all, "编号"); !slices.Equal(got, []string{"YH-" + xlDay(0)[:4] + "-000003", "YH-" + xlDay(0)[:4] + "-000001", "YH-" + xlDay(0)[:4] + "-000002"}) {
		t.Errorf("编号 %q", got)
	}
	// Sorted by deadline, as the list: the overdue heating hazard first.
	if got := xlColumn(all, "所属企业"); !slices.Equal(got, []string{xlHeat1, gas1Org, xlGas2}) {
		t.Errorf("所属企业 %q", got)
	}
	if got := xlColumn(all, "所属街道"); !slices.Equal(got, []string{"学府街", "广开街", "兴南街"}) {
		t.Errorf("所属街道 %q", got)
	}
	if got := xlColumn(all, "社区"); !slices.Equal(got, []string{"", "广开街万德庄社区", ""}) {
		t.Errorf("社区 %q", got)
	}
	if got := xlColumn(all, "来源"); !slices.Equal(got, []string{"区局检查", "区局检查", "区局检查"}) {
		t.Errorf("来源 %q", got)
	}
	row := all[1]
	for header, want := range map[string]string{
		"隐患名称/描述": xlTricky, "隐患等级": "重大", "隐患类别": "泄漏", "地址": "广开街某路8号",
		"发现日期": xlDay(-5), "整改措施": "限期整改", "整改责任人": "李工", "整改期限": xlDay(10),
		"状态": "已验收销号", "整改完成时间": xlDay(0), "整改情况": "已整改", "验收人": "赵敏", "验收日期": xlDay(0),
	} {
		if got := row[slices.Index(xlHeaders, header)]; got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if got := xlColumn(all, "状态"); !slices.Equal(got, []string{"已上报", "已验收销号", "已上报"}) {
		t.Errorf("状态 %q", got)
	}
	if got := xlColumn(all, "隐患类别"); !slices.Equal(got, []string{"供热管网缺陷", "泄漏", "老旧管网"}) {
		t.Errorf("隐患类别 %q", got)
	}
	if got := xlColumn(all, "整改期限"); got[2] != xlDay(40) {
		t.Errorf("整改期限 %q: the extension moved it to %s", got, xlDay(40))
	}
	if got := xlColumn(all, "备注"); !slices.Equal(got, []string{"逾期 3 天", "", "已延期，原期限 " + xlDay(20)}) {
		t.Errorf("备注 %q", got)
	}

	for _, c := range []struct {
		login     string
		companies []string
		title     string
	}{
		{xlClerk, []string{gas1Org}, "南开区燃气安全隐患排查整治台账"},
		{"nankai/heat1.engineer", []string{xlHeat1}, "南开区供热安全隐患排查整治台账"},
		{xlGuang, []string{gas1Org}, "南开区燃气安全隐患排查整治台账"},
		{xlXingnan, []string{xlGas2}, "南开区燃气安全隐患排查整治台账"},
		{"hexi/bureau.admin", nil, "河西区燃气安全隐患排查整治台账"},
		{"hexi/gas1.clerk", nil, "河西区燃气安全隐患排查整治台账"},
	} {
		rows := xlLedger(t, e, c.login, "")
		if got := xlColumn(rows, "所属企业"); !slices.Equal(got, c.companies) {
			t.Errorf("%s exports %q, want %q", c.login, got, c.companies)
		}
		if len(rows) > 0 && rows[0][0] != "1" {
			t.Errorf("%s: 序号 starts at %q", c.login, rows[0][0])
		}
		if title := xlRead(t, e.As(c.login, http.MethodGet, xlExportPath, nil))["隐患台账"][0][0]; title != c.title {
			t.Errorf("%s: title %q, want %q", c.login, title, c.title)
		}
	}

	// The look: a bold header, frozen; dates as date cells; the overdue
	// row red, its deadline bold.
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cellStyle := func(cell string) *excelize.Style {
		sid, _ := f.GetCellStyle("隐患台账", cell)
		style, err := f.GetStyle(sid)
		if err != nil {
			t.Fatal(err)
		}
		return style
	}
	if style := cellStyle("C4"); style.Font == nil || !style.Font.Bold {
		t.Errorf("header style %+v, want bold", style)
	}
	panes, err := f.GetPanes("隐患台账")
	if err != nil || !panes.Freeze || panes.YSplit != xlHeaderRow+1 {
		t.Errorf("panes %+v (%v), want the rows to the header frozen", panes, err)
	}
	if w, _ := f.GetColWidth("隐患台账", "C"); w < 20 {
		t.Errorf("column C is %v wide", w)
	}
	if v, _ := f.GetCellValue("隐患台账", "N5", excelize.Options{RawCellValue: true}); v == xlDay(-3) || v == "" {
		t.Errorf("整改期限 N5 is %q: want a date serial", v)
	}
	if style := cellStyle("N5"); style.Font == nil || !style.Font.Bold || !strings.EqualFold(style.Font.Color, "C00000") ||
		style.CustomNumFmt == nil || *style.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("the overdue deadline N5 is %+v, want a bold red date", style)
	}
	if style := cellStyle("C5"); style.Font == nil || !strings.EqualFold(style.Font.Color, "C00000") {
		t.Errorf("the overdue row's description C5 is %+v, want red", style)
	}
	if style := cellStyle("N6"); style.Font != nil && style.Font.Color != "" {
		t.Errorf("a deadline not overdue, N6, is %+v", style)
	}
}

func TestExcelExportFilters(t *testing.T) {
	e := handlerstest.New(t)
	xlHazard(e, gas1Org, "广开街", "leak", "major", "阀门漏气", xlDay(-5), xlDay(10))
	started := xlHazard(e, xlGas2, "兴南街", "aging_pipeline", "general", "立管锈蚀", xlDay(-4), xlDay(20))
	xlHazard(e, xlHeat1, "学府街", "heating_network_defect", "general", "热网阀门井积水", xlDay(-20), xlDay(-3))
	xlStep(e, "nankai/gas2.clerk", started, "start", "")

	for _, c := range []struct {
		query string
		want  []string // descriptions
	}{
		{"?status=rectifying", []string{"立管锈蚀"}},
		{"?status=reported,rectifying&sort=-deadline", []string{"立管锈蚀", "阀门漏气", "热网阀门井积水"}},
		{"?overdue=true", []string{"热网阀门井积水"}},
		{"?overdue=false&level=general", []string{"立管锈蚀"}},
		{"?category=leak", []string{"阀门漏气"}},
		{"?street_id=" + e.OrgID("学府街"), []string{"热网阀门井积水"}},
		{"?company_id=" + e.OrgID(gas1Org), []string{"阀门漏气"}},
		{"?q=" + url.QueryEscape("锈蚀"), []string{"立管锈蚀"}},
		{"?found_from=" + xlDay(-10), []string{"阀门漏气", "立管锈蚀"}},
		{"?limit=1", []string{"热网阀门井积水", "阀门漏气", "立管锈蚀"}}, // paging does not apply
		{"?status=verified", nil},
	} {
		rows := xlLedger(t, e, xlBureau, c.query)
		if got := xlColumn(rows, "隐患名称/描述"); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.query, got, c.want)
		}
	}
	rows := xlLedger(t, e, xlBureau, "?status=rectifying")
	if got := xlColumn(rows, "状态"); !slices.Equal(got, []string{"整改中"}) {
		t.Errorf("状态 %q", got)
	}
	// The list's filters are checked as the list checks them.
	m := wantProblem(t, e.As(xlBureau, http.MethodGet, xlExportPath+"?status=bogus&overdue=maybe", nil),
		http.StatusUnprocessableEntity, "validation_failed")
	if got := problemFields(m); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"overdue", "status"}) {
		t.Errorf("fields %v", got)
	}
	wantProblem(t, e.As(xlBureau, http.MethodGet, xlExportPath+"?colour=red", nil),
		http.StatusUnprocessableEntity, "validation_failed")
	// Casbin: the operator has no ledger to export.
	wantProblem(t, e.As("/platform.admin", http.MethodGet, xlExportPath, nil), http.StatusForbidden, "forbidden")
}

// A file with good and bad rows: the dry run names every problem by row and
// column and writes nothing; the real run writes nothing either and 422s.
func TestExcelImportGoodAndBadRows(t *testing.T) {
	e := handlerstest.New(t)
	xlHazard(e, gas1Org, "广开街", "leak", "major", "阀门漏气", xlDay(-5), xlDay(10))
	before := xlCount(e, xlBureau)
	found, deadline := xlDay(-3), xlDay(27)
	foundDate, _ := time.Parse(time.DateOnly, found)
	book := xlBook(t,
		[]any{"南开区燃气隐患排查整治台账"}, // a title above the header
		[]any{"序号", "隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "所属街道", "地址", "发现日期", "整改措施", "整改责任人", "整改期限", "备注"},
		[]any{1, "表后阀门漏气", "重大", "泄漏", gas1Org, "广开街", "广开四马路12号楼", found, "更换阀门", "张工", deadline},
		[]any{2, "立管锈蚀", "严重", "漏电", xlGas2, "兴南街", "兴南路3号", found, "", "", deadline},
		[]any{3, "管道占压", "一般", "占压", "不存在燃气有限公司", "友谊路街", "友谊路1号", found, "", "", deadline},
		[]any{4, "报警器失效", "一般", "报警器缺失或故障", xlHeat1, "学府街", "学府路5号", "2026-13-01", "", "", deadline},
		[]any{5, "设备缺陷", "一般", "设备缺陷", xlHeat1, "学府街", "学府路6号", xlDay(5), "", "", xlDay(30)},
		[]any{6, "违规用气", "一般", "违规用气", xlGas2, "鼓楼街", "鼓楼东街1号", found, "", "", xlDay(-10)},
		[]any{},
		[]any{8, "老旧管网", "general", "aging_pipeline", xlGas2, "体育中心街", "凌宾路9号", foundDate,
			"改造", "王工", strings.ReplaceAll(deadline, "-", "/"), "备注不导入"},
		[]any{9, "", "一般", "其他", xlGas2, "体育中心街", strings.Repeat("长", 201), found, "", "", deadline},
	)
	res := xlUpload(e, xlBureau, "?dry_run=true", book)
	if res.Status != http.StatusOK {
		t.Fatalf("dry run: %d %s", res.Status, res.Body)
	}
	m := res.JSON()
	if m["dry_run"] != true || m["rows"] != float64(8) || m["valid"] != float64(2) {
		t.Errorf("dry run: %s", res.Body)
	}
	want := []string{
		"4 隐患等级", "4 隐患类别",
		"5 所属企业", "5 所属街道",
		"6 发现日期",
		"7 发现日期",
		"8 整改期限",
		"11 隐患名称/描述", "11 地址",
	}
	if got := xlProblems(m["problems"]); !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v\n%s", got, want, res.Body)
	}
	for _, p := range asSlice(m["problems"]) {
		if msg, _ := p.(map[string]any)["message"].(string); msg == "" {
			t.Errorf("problem without a message: %v", p)
		}
	}
	if n := xlCount(e, xlBureau); n != before {
		t.Errorf("the dry run wrote: %d hazards, were %d", n, before)
	}

	res = xlUpload(e, xlBureau, "", book)
	m = wantProblem(t, res, http.StatusUnprocessableEntity, "import_failed")
	if got := xlProblems(m["problems"]); !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if n := xlCount(e, xlBureau); n != before {
		t.Errorf("a failed import wrote: %d hazards, were %d", n, before)
	}
}

func TestExcelImportGoodFile(t *testing.T) {
	e := handlerstest.New(t)
	before := xlCount(e, xlBureau)
	found := xlDay(-3)
	foundDate, _ := time.Parse(time.DateOnly, found)
	// Columns in another order, an extra one, and dates three ways.
	book := xlBook(t,
		[]any{"所属街道", "隐患类别", "隐患等级", "隐患名称/描述", "备注", "地址", "所属企业", "发现日期", "整改期限", "整改责任人"},
		[]any{"广开街", "泄漏", "重大", xlTricky, "x", "广开四马路12号楼", gas1Org, found, xlDay(7), "张工"},
		[]any{"兴南街", "老旧管网", "一般", "立管锈蚀", "", "兴南路3号", xlGas2, foundDate, strings.ReplaceAll(xlDay(30), "-", "/"), ""},
		[]any{"学府街", "heating_network_defect", "major", "热网泄漏", "", "学府路5号", xlHeat1, strings.ReplaceAll(found, "-", "."), xlDay(1), "赵工"},
	)
	res := xlUpload(e, xlBureau, "", book)
	if res.Status != http.StatusCreated {
		t.Fatalf("import: %d %s", res.Status, res.Body)
	}
	m := res.JSON()
	ids := asSlice(m["ids"])
	if m["created"] != float64(3) || len(ids) != 3 {
		t.Fatalf("import: %s", res.Body)
	}
	if n := xlCount(e, xlBureau); n != before+3 {
		t.Errorf("%d hazards after the import, want %d", n, before+3)
	}
	for i, want := range []map[string]any{
		{"company_id": e.OrgID(gas1Org), "street_id": e.OrgID("广开街"), "category": "leak", "level": "major",
			"description": xlTricky, "found_on": found, "deadline": xlDay(7), "responsible_person": "张工"},
		{"company_id": e.OrgID(xlGas2), "street_id": e.OrgID("兴南街"), "category": "aging_pipeline", "level": "general",
			"found_on": found, "deadline": xlDay(30)},
		{"company_id": e.OrgID(xlHeat1), "street_id": e.OrgID("学府街"), "category": "heating_network_defect",
			"level": "major", "found_on": found},
	} {
		h := e.As(xlBureau, http.MethodGet, "/api/v1/hazards/"+ids[i].(string), nil).JSON()
		want["status"], want["source"] = "reported", "bureau_inspection"
		for k, v := range want {
			if h[k] != v {
				t.Errorf("row %d: %s = %v, want %v", i+2, k, h[k], v)
			}
		}
	}
	// Each has its history, as a create through the API would.
	hist := e.As(xlBureau, http.MethodGet, "/api/v1/hazards/"+ids[0].(string)+"/history", nil).JSON()
	if items := asSlice(hist["items"]); len(items) != 1 || items[0].(map[string]any)["action"] != "create" {
		t.Errorf("history %v", hist)
	}
	// And they are in the ledger.
	rows := xlLedger(t, e, xlBureau, "?company_id="+e.OrgID(xlHeat1))
	if got := xlColumn(rows, "隐患类别"); !slices.Equal(got, []string{"供热管网缺陷"}) {
		t.Errorf("exported %q", got)
	}
}

// A company imports its own hazards; a street office its own street's.
func TestExcelImportScopes(t *testing.T) {
	e := handlerstest.New(t)
	found, deadline := xlDay(-2), xlDay(10)
	header := []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "所属街道", "地址", "发现日期", "整改期限"}
	book := xlBook(t, header,
		[]any{"阀门漏气", "一般", "泄漏", gas1Org, "广开街", "广开四马路1号", found, deadline},
		[]any{"立管锈蚀", "一般", "老旧管网", "", "兴南街", "兴南路2号", found, deadline},
		[]any{"管道占压", "重大", "占压", xlGas2, "学府街", "学府路3号", found, deadline},
	)
	res := xlUpload(e, xlClerk, "?dry_run=true", book)
	m := res.JSON()
	if res.Status != http.StatusOK || m["valid"] != float64(2) {
		t.Fatalf("dry run: %d %s", res.Status, res.Body)
	}
	if got := xlProblems(m["problems"]); !slices.Equal(got, []string{"4 所属企业"}) {
		t.Errorf("problems %v", got)
	}
	wantProblem(t, xlUpload(e, xlClerk, "", book), http.StatusUnprocessableEntity, "import_failed")

	// Without the other company's row, and without a 所属企业 column at all.
	for _, book := range [][]byte{
		xlBook(t, header,
			[]any{"阀门漏气", "一般", "泄漏", gas1Org, "广开街", "广开四马路1号", found, deadline},
			[]any{"立管锈蚀", "一般", "老旧管网", "", "兴南街", "兴南路2号", found, deadline}),
		xlBook(t, []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"},
			[]any{"报警器失效", "一般", "报警器缺失或故障", "学府街", "学府路4号", found, deadline}),
	} {
		res := xlUpload(e, xlClerk, "", book)
		if res.Status != http.StatusCreated {
			t.Fatalf("import: %d %s", res.Status, res.Body)
		}
		for _, id := range asSlice(res.JSON()["ids"]) {
			h := e.As(xlClerk, http.MethodGet, "/api/v1/hazards/"+id.(string), nil).JSON()
			if h["company_id"] != e.OrgID(gas1Org) || h["source"] != "self_inspection" {
				t.Errorf("company import made %v", h)
			}
		}
	}
	// The bureau needs the company column.
	m = wantProblem(t, xlUpload(e, xlBureau, "?dry_run=true", xlBook(t,
		[]any{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"},
		[]any{"报警器失效", "一般", "报警器缺失或故障", "学府街", "学府路4号", found, deadline})),
		http.StatusUnprocessableEntity, "missing_headers")
	if got := asSlice(m["missing_headers"]); len(got) != 1 || got[0] != "所属企业" {
		t.Errorf("missing_headers %v", got)
	}

	// A street office: its own street only.
	book = xlBook(t, header,
		[]any{"阀门漏气", "一般", "泄漏", gas1Org, "广开街", "广开四马路1号", found, deadline},
		[]any{"立管锈蚀", "一般", "老旧管网", xlGas2, "兴南街", "兴南路2号", found, deadline},
	)
	m = xlUpload(e, xlGuang, "?dry_run=true", book).JSON()
	if got := xlProblems(m["problems"]); !slices.Equal(got, []string{"3 所属街道"}) {
		t.Errorf("street problems %v", got)
	}
	book = xlBook(t, header, []any{"阀门漏气", "一般", "泄漏", xlGas2, "广开街", "广开四马路1号", found, deadline})
	res = xlUpload(e, xlGuang, "", book)
	if res.Status != http.StatusCreated {
		t.Fatalf("street import: %d %s", res.Status, res.Body)
	}
	id := asSlice(res.JSON()["ids"])[0].(string)
	if h := e.As(xlGuang, http.MethodGet, "/api/v1/hazards/"+id, nil).JSON(); h["source"] != "street_inspection" ||
		h["company_id"] != e.OrgID(xlGas2) || h["street_id"] != e.OrgID("广开街") {
		t.Errorf("street import made %v", h)
	}

	// Another district's names mean nothing here.
	m = xlUpload(e, "hexi/bureau.admin", "?dry_run=true", xlBook(t, header,
		[]any{"阀门漏气", "一般", "泄漏", gas1Org, "广开街", "广开四马路1号", found, deadline})).JSON()
	if got := xlProblems(m["problems"]); !slices.Equal(got, []string{"2 所属企业", "2 所属街道"}) {
		t.Errorf("hexi problems %v", got)
	}
	// Casbin: the operator may not import.
	wantProblem(t, xlUpload(e, "/platform.admin", "", book), http.StatusForbidden, "forbidden")
}

func TestExcelImportRefusesBadFiles(t *testing.T) {
	e := handlerstest.New(t)
	before := xlCount(e, xlBureau)
	header := []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "所属街道", "地址", "发现日期", "整改期限"}
	good := []any{"阀门漏气", "一般", "泄漏", gas1Org, "广开街", "广开四马路1号", xlDay(-1), xlDay(9)}

	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a workbook"))
	zw.Close()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for name, file := range map[string][]byte{
		"png": png, "text": []byte("隐患名称/描述,隐患等级\n阀门漏气,一般\n"), "zip": zipped.Bytes(), "xls": xls,
		"truncated": xlBook(t, header, good)[:300],
	} {
		t.Run(name, func(t *testing.T) {
			m := wantProblem(t, xlUpload(e, xlBureau, "?dry_run=true", file), http.StatusUnsupportedMediaType, "not_xlsx")
			if d, _ := m["detail"].(string); !strings.Contains(d, ".xlsx") {
				t.Errorf("detail %q", d)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		wantProblem(t, xlUpload(e, xlBureau, "", []byte{}), http.StatusUnprocessableEntity, "validation_failed")
	})
	t.Run("no file", func(t *testing.T) {
		body, ctype := xlMultipart(t, map[string]string{"other": "x"}, "", nil)
		m := wantProblem(t, e.As(xlBureau, http.MethodPost, xlImportPath, body, "Content-Type", ctype),
			http.StatusUnprocessableEntity, "validation_failed")
		if got := problemFields(m); !slices.Equal(got, []string{"file"}) {
			t.Errorf("fields %v", got)
		}
	})
	t.Run("bad dry_run", func(t *testing.T) {
		wantProblem(t, xlUpload(e, xlBureau, "?dry_run=yes", xlBook(t, header, good)),
			http.StatusUnprocessableEntity, "validation_failed")
	})
	t.Run("empty sheet", func(t *testing.T) {
		m := wantProblem(t, xlUpload(e, xlBureau, "", xlBook(t)), http.StatusUnprocessableEntity, "missing_headers")
		if got := asSlice(m["missing_headers"]); len(got) != 8 {
			t.Errorf("missing_headers %v", got)
		}
	})
	t.Run("missing headers", func(t *testing.T) {
		m := wantProblem(t, xlUpload(e, xlBureau, "?dry_run=true",
			xlBook(t, []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "备注"}, []any{"x", "一般", "泄漏", gas1Org})),
			http.StatusUnprocessableEntity, "missing_headers")
		want := []any{"所属街道", "地址", "发现日期", "整改期限"}
		if got := asSlice(m["missing_headers"]); !slices.Equal(got, want) {
			t.Errorf("missing_headers %v, want %v", got, want)
		}
		if d, _ := m["detail"].(string); !strings.Contains(d, "所属街道") {
			t.Errorf("detail %q does not name them", d)
		}
	})
	t.Run("no header row", func(t *testing.T) {
		wantProblem(t, xlUpload(e, xlBureau, "", xlBook(t, []any{"a", "b"}, []any{1, 2})),
			http.StatusUnprocessableEntity, "missing_headers")
	})
	t.Run("duplicate headers", func(t *testing.T) {
		wantProblem(t, xlUpload(e, xlBureau, "", xlBook(t, append(slices.Clone(header), "地址"), good)),
			http.StatusUnprocessableEntity, "duplicate_headers")
	})
	t.Run("header only", func(t *testing.T) {
		wantProblem(t, xlUpload(e, xlBureau, "", xlBook(t, header)), http.StatusUnprocessableEntity, "no_rows")
	})
	t.Run("too many rows", func(t *testing.T) {
		rows := [][]any{header}
		for range 5001 {
			rows = append(rows, good)
		}
		m := wantProblem(t, xlUpload(e, xlBureau, "?dry_run=true", xlBook(t, rows...)),
			http.StatusUnprocessableEntity, "too_many_rows")
		if m["max_rows"] != float64(5000) {
			t.Errorf("max_rows %v", m["max_rows"])
		}
	})
	if n := xlCount(e, xlBureau); n != before {
		t.Errorf("refused files wrote: %d hazards, were %d", n, before)
	}
}

func TestExcelImportTemplate(t *testing.T) {
	e := handlerstest.New(t)
	for _, login := range []string{xlBureau, xlClerk, xlGuang} {
		t.Run(login, func(t *testing.T) {
			res := e.As(login, http.MethodGet, xlTemplatePath, nil)
			sheets := xlRead(t, res)
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("隐患台账导入模板.xlsx")) {
				t.Errorf("Content-Disposition %q", cd)
			}
			ledger, notes := sheets["隐患台账"], sheets["填写说明"]
			if len(ledger) != xlHeaderRow+1 || !slices.Equal(ledger[xlHeaderRow], xlHeaders) {
				t.Fatalf("template sheet %q, want the form's top and its header row only", ledger)
			}
			if !strings.HasSuffix(ledger[0][0], "安全隐患排查整治台账") || !strings.Contains(ledger[2][0], "编号留空") {
				t.Errorf("the template's top: %q", ledger[:xlHeaderRow])
			}
			text := fmt.Sprint(notes)
			for _, s := range []string{"YYYY-MM-DD", "一般", "重大", "报警器缺失或故障", "导入时忽略", "新隐患留空"} {
				if !strings.Contains(text, s) {
					t.Errorf("the notes do not mention %s", s)
				}
			}
			// The template as it comes: headers, no rows.
			wantProblem(t, xlUpload(e, login, "?dry_run=true", res.Body), http.StatusUnprocessableEntity, "no_rows")

			// Drop-downs for level and category on the rows below the
			// header; a note on each header, 编号's saying to leave it empty.
			book, err := excelize.OpenReader(bytes.NewReader(res.Body))
			if err != nil {
				t.Fatal(err)
			}
			dvs, err := book.GetDataValidations("隐患台账")
			var ranges []string
			for _, dv := range dvs {
				ranges = append(ranges, dv.Sqref)
			}
			if err != nil || !slices.Equal(ranges, []string{"D5:D5004", "E5:E5004"}) {
				t.Errorf("drop-downs on %q (%v)", ranges, err)
			}
			comments, err := book.GetComments("隐患台账")
			if err != nil || len(comments) != len(xlHeaders) {
				t.Errorf("%d notes on the headers (%v), want %d", len(comments), err, len(xlHeaders))
			}
			for _, c := range comments {
				if c.Cell == "B4" && !strings.Contains(c.Text, "新隐患留空") {
					t.Errorf("the note on 编号: %q", c.Text)
				}
			}
			book.Close()

			// The example row under the header imports as it is.
			var example []string
			for i, r := range notes {
				if slices.Equal(r, xlHeaders) && i+1 < len(notes) {
					example = notes[i+1]
				}
			}
			if len(example) == 0 {
				t.Fatalf("no example row in %q", notes)
			}
			f, err := excelize.OpenReader(bytes.NewReader(res.Body))
			if err != nil {
				t.Fatal(err)
			}
			row := make([]any, len(example))
			for i, c := range example {
				row[i] = c
			}
			if err := f.SetSheetRow("隐患台账", fmt.Sprintf("A%d", xlHeaderRow+2), &row); err != nil {
				t.Fatal(err)
			}
			buf, err := f.WriteToBuffer()
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			check := xlUpload(e, login, "?dry_run=true", buf.Bytes())
			if m := check.JSON(); check.Status != http.StatusOK || m["valid"] != float64(1) || len(asSlice(m["problems"])) != 0 {
				t.Errorf("the example does not import: %d %s", check.Status, check.Body)
			}
		})
	}
}

// An export imports back as it is and changes nothing: every row's 编号 is
// in the ledger already, so the dry run and the import find every row valid
// and unchanged (已在台账中), and nothing is created twice.
func TestExcelExportImportRoundTrip(t *testing.T) {
	e := handlerstest.New(t)
	leak := xlHazard(e, gas1Org, "广开街", "leak", "major", xlTricky, xlDay(-5), xlDay(10))
	xlHazard(e, xlGas2, "兴南街", "aging_pipeline", "general", "立管锈蚀", xlDay(-4), xlDay(20))
	xlHazard(e, xlHeat1, "学府街", "heating_network_defect", "general", "热网阀门井积水", xlDay(-20), xlDay(-3))
	xlHazard(e, gas1Org, "鼓楼街", "alarm_missing", "general", "报警器未安装", xlDay(0), xlDay(0))
	xlVerify(e, xlClerk, xlGuang, leak)

	for _, c := range []struct {
		login string
		rows  int
	}{{xlBureau, 4}, {xlClerk, 2}, {xlGuang, 1}} {
		before := xlLedger(t, e, c.login, "")
		exported := e.As(c.login, http.MethodGet, xlExportPath, nil)
		if exported.Status != http.StatusOK {
			t.Fatalf("export: %d %s", exported.Status, exported.Body)
		}
		check := xlUpload(e, c.login, "?dry_run=true", exported.Body)
		m := check.JSON()
		if check.Status != http.StatusOK || m["rows"] != float64(c.rows) || m["valid"] != float64(c.rows) ||
			m["unchanged"] != float64(c.rows) || len(asSlice(m["problems"])) != 0 {
			t.Errorf("%s: the export does not import back unchanged: %d %s", c.login, check.Status, check.Body)
		}
		var codes []string
		for _, u := range asSlice(m["unchanged_rows"]) {
			codes = append(codes, u.(map[string]any)["code"].(string))
		}
		if want := xlColumn(before, "编号"); !slices.Equal(codes, want) {
			t.Errorf("%s: unchanged rows %q, want %q", c.login, codes, want)
		}

		res := xlUpload(e, c.login, "", exported.Body)
		m = res.JSON()
		if res.Status != http.StatusCreated || m["created"] != float64(0) || len(asSlice(m["ids"])) != 0 ||
			m["unchanged"] != float64(c.rows) {
			t.Errorf("%s: re-import: %d %s", c.login, res.Status, res.Body)
		}
		if after := xlLedger(t, e, c.login, ""); !slices.EqualFunc(after, before, slices.Equal) {
			t.Errorf("%s: the ledger changed by importing its export:\n%q\nwas\n%q", c.login, after, before)
		}
	}

	// Rows added to an exported ledger: one without a number is a new
	// hazard (its 社区 read too); one whose number is not in the ledger, or
	// whose 社区 is another street's, is a problem.
	exported := e.As(xlClerk, http.MethodGet, xlExportPath, nil).Body
	f, err := excelize.OpenReader(bytes.NewReader(exported))
	if err != nil {
		t.Fatal(err)
	}
	added := func(code, description, community string) []any {
		row := map[string]any{"编号": code, "隐患名称/描述": description, "隐患等级": "一般", "隐患类别": "老旧管网",
			"所属企业": gas1Org, "所属街道": "广开街", "社区": community, "地址": "广开四马路20号", "发现日期": xlDay(-1),
			"整改期限": xlDay(30), "状态": "已验收销号", "备注": "导入时忽略"}
		out := make([]any, len(xlHeaders))
		for i, h := range xlHeaders {
			out[i] = row[h]
		}
		return out
	}
	first := xlHeaderRow + 1 + 2 + 1 // the Excel row below the clerk's two
	for i, r := range [][]any{
		added("", "调压箱锈蚀", "广开街南门外社区"),
		added("YH-2020-000999", "编号不存在", ""),
		added("", "社区不对", "兴南街兴南社区"),
	} {
		if err := f.SetSheetRow("隐患台账", fmt.Sprintf("A%d", first+i), &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	m := xlUpload(e, xlClerk, "?dry_run=true", buf.Bytes()).JSON()
	want := []string{fmt.Sprintf("%d 编号", first+1), fmt.Sprintf("%d 社区", first+2)}
	if got := xlProblems(m["problems"]); !slices.Equal(got, want) || m["unchanged"] != float64(2) || m["valid"] != float64(3) {
		t.Errorf("added rows: problems %v, want %v: %v", got, want, m)
	}
	// Without the two wrong rows, the new one is created, the rest left.
	f, _ = excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	for range 2 {
		if err := f.RemoveRow("隐患台账", first+1); err != nil {
			t.Fatal(err)
		}
	}
	buf, _ = f.WriteToBuffer()
	f.Close()
	res := xlUpload(e, xlClerk, "", buf.Bytes())
	m = res.JSON()
	if res.Status != http.StatusCreated || m["created"] != float64(1) || m["unchanged"] != float64(2) {
		t.Fatalf("import of one new row: %d %s", res.Status, res.Body)
	}
	h := e.As(xlClerk, http.MethodGet, "/api/v1/hazards/"+asSlice(m["ids"])[0].(string), nil).JSON()
	if h["description"] != "调压箱锈蚀" || h["community_id"] != e.OrgID("广开街南门外社区") || h["status"] != "reported" {
		t.Errorf("the new row made %v", h)
	}
	if n := len(xlLedger(t, e, xlClerk, "")); n != 3 {
		t.Errorf("the clerk's ledger has %d rows, want 3", n)
	}
}

// TestExcelImportRetryReplays: a retried import with the same
// Idempotency-Key (a new multipart boundary, as clients make on every send)
// answers the first result and imports nothing twice. A key used for a dry
// run names that dry run: reusing it for the real import is refused.
func TestExcelImportRetryReplays(t *testing.T) {
	e := handlerstest.New(t)
	before := xlCount(e, xlBureau)
	book := xlBook(t,
		[]any{"所属企业", "所属街道", "地址", "隐患类别", "隐患等级", "隐患名称/描述", "发现日期", "整改期限"},
		[]any{gas1Org, "广开街", "广开四马路1号", "泄漏", "一般", "阀门漏气", xlDay(-2), xlDay(5)},
	)
	send := func(query, key string) handlerstest.Response {
		body, ctype := xlMultipart(t, nil, "台账.xlsx", book) // a fresh random boundary each time
		return e.As(xlBureau, http.MethodPost, xlImportPath+query, body, "Content-Type", ctype, "Idempotency-Key", key)
	}
	if res := send("?dry_run=true", "dry-1"); res.Status != http.StatusOK {
		t.Fatalf("dry run: %d %s", res.Status, res.Body)
	}
	if res := send("", "dry-1"); res.Status != http.StatusUnprocessableEntity || res.JSON()["code"] != "idempotency_key_reused" {
		t.Fatalf("the dry run's key reused for the import: %d %s", res.Status, res.Body)
	}
	first := send("", "import-1")
	again := send("", "import-1")
	if first.Status != http.StatusCreated || again.Status != http.StatusCreated ||
		string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %d %s; retry %d %s (replayed %q)", first.Status, first.Body, again.Status, again.Body,
			again.Header.Get("Idempotent-Replayed"))
	}
	if n := xlCount(e, xlBureau); n != before+1 {
		t.Fatalf("%d hazards added, want 1", n-before)
	}
}

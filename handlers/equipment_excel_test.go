package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// The 特种设备台账 in Excel: export, import template, import
// (services/equipment excel.go, import.go).

const (
	eqxExportPath   = "/api/v1/equipment/export.xlsx"
	eqxTemplatePath = "/api/v1/equipment/import/template"
	eqxImportPath   = "/api/v1/equipment/import"
	eqxHeat         = "nankai/heat1.engineer"
)

// eqxHeaders is the layout's header row, in order.
var eqxHeaders = []string{"序号", "设备类别", "设备代码", "使用登记证编号", "设备名称", "型号", "出厂编号", "使用地点", "投用日期",
	"检验类别", "检验日期", "检验机构", "报告编号", "检验结论", "安全状况等级", "下次检验日期", "检验状态", "状态"}

// eqxSite records a boiler room of 南开区供热服务中心 in street.
func eqxSite(e *handlerstest.Env, name, street string) {
	e.T.Helper()
	res := e.As(eqxHeat, http.MethodPost, "/api/v1/sites", map[string]any{"kind": "boiler_room", "name": name,
		"street_id": e.OrgID(street), "address": street + "8号"})
	if res.Status != http.StatusCreated {
		e.T.Fatalf("site: %d %s", res.Status, res.Body)
	}
}

// eqxUpload posts file to the import as login with headers.
func eqxUpload(e *handlerstest.Env, login, query string, file []byte, headers ...string) handlerstest.Response {
	e.T.Helper()
	body, ctype := xlMultipart(e.T, nil, "特种设备台账.xlsx", file)
	return e.As(login, http.MethodPost, eqxImportPath+query, body, append([]string{"Content-Type", ctype}, headers...)...)
}

// eqxRows opens a workbook answer and reads its first sheet.
func eqxRows(t *testing.T, res handlerstest.Response) [][]string {
	t.Helper()
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != xlMIME {
		t.Fatalf("%d %s: %.300s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// eqxUnits counts the units of the register login sees.
func eqxUnits(e *handlerstest.Env, login string) int {
	e.T.Helper()
	res := e.As(login, http.MethodGet, "/api/v1/equipment?limit=200", nil)
	if res.Status != http.StatusOK {
		e.T.Fatalf("list: %d %s", res.Status, res.Body)
	}
	return len(asSlice(res.JSON()["items"]))
}

func TestEquipmentExcel(t *testing.T) {
	e := handlerstest.New(t)
	eqxSite(e, "水上锅炉房", "广开街")
	eqxSite(e, "兴南换热站", "兴南街")
	before := eqxUnits(e, eqxHeat)
	performed, next := xlDay(-40), xlDay(325)

	t.Run("template", func(t *testing.T) {
		res := e.As(eqxHeat, http.MethodGet, eqxTemplatePath, nil)
		if !strings.Contains(res.Header.Get("Content-Disposition"), "filename*=UTF-8''%E7%89%B9") {
			t.Errorf("disposition %q", res.Header.Get("Content-Disposition"))
		}
		rows := eqxRows(t, res)
		if !slices.Equal(rows[xlHeaderRow], eqxHeaders) || !strings.HasSuffix(rows[0][0], "供热特种设备台账") {
			t.Fatalf("title %q header %v", rows[0][0], rows[xlHeaderRow])
		}
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dvs, err := f.GetDataValidations("特种设备台账")
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string]string{}
		for _, dv := range dvs {
			lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
		}
		// 设备类别 (B), 检验类别 (J), 检验结论 (N), 等级 (O), 状态 (R), 使用地点 (H): labels, never codes.
		for cell, has := range map[string]string{"B5": "锅炉本体", "J5": "外部检验", "N5": "合格", "O5": "5", "R5": "在用",
			"H5": "水上锅炉房"} {
			if !strings.Contains(lists[cell], has) || strings.Contains(lists[cell], "boiler") {
				t.Errorf("the list on %s is %q, want %s in it", cell, lists[cell], has)
			}
		}
		comments, err := f.GetComments("特种设备台账")
		if err != nil || len(comments) < 15 {
			t.Errorf("%d notes on the header (%v)", len(comments), err)
		}
		notes, err := f.GetRows("填写说明")
		if err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprint(notes)
		if !strings.Contains(text, "示例") || !strings.Contains(text, "1#燃气热水锅炉") || !strings.Contains(text, "主要问题") {
			t.Errorf("the notes sheet: %s", text)
		}
		for _, login := range []string{xlBureau, xlClerk, xlGuang} {
			wantProblem(t, e.As(login, http.MethodGet, eqxTemplatePath, nil), http.StatusForbidden, "forbidden")
		}
	})

	header := []any{"序号", "设备类别", "设备代码", "使用登记证编号", "设备名称", "型号", "出厂编号", "使用地点", "投用日期",
		"检验类别", "检验日期", "检验机构", "报告编号", "检验结论", "安全状况等级", "下次检验日期", "状态"}
	good := [][]any{
		{1, "锅炉本体", "3110120100201800011", "锅津A00123", "1#燃气热水锅炉", "WNS7", "18-0521", "水上锅炉房", "2018-10-20",
			"外部检验", performed, "天津市特种设备监督检验技术研究院", "TJWJ-0456", "合格", "", next, "在用"},
		{2, "压力表", "", "", "1#锅炉出水压力表", "Y-100", "", "水上锅炉房", "", "压力表检定", performed, "南开区计量所", "JD-77",
			"合格", "", "", "在用"},
		{3, "压力容器", "2110120100201900021", "容津B00077", "分汽缸", "", "", "兴南换热站", "2019-05-01", "", "", "", "", "", "", "", "备用"},
	}
	goodBook := xlBook(t, slices.Concat([][]any{{"南开区供热特种设备台账"}, header}, good)...)

	t.Run("dry run and all or nothing", func(t *testing.T) {
		book := xlBook(t, slices.Concat([][]any{header}, good, [][]any{
			{4, "锅炉本体", "", "", "2#锅炉", "", "", "不存在的锅炉房", "", "", "", "", "", "", "", "", ""},
			{5, "锅炉", "", "", "3#锅炉", "", "", "水上锅炉房", "", "外部检验", "2099-13-01", "", "", "良好", "", "", "使用"},
		})...)
		res := eqxUpload(e, eqxHeat, "?dry_run=true", book)
		if res.Status != http.StatusOK {
			t.Fatalf("dry run: %d %s", res.Status, res.Body)
		}
		m := res.JSON()
		want := []string{"5 使用地点", "6 检验日期", "6 检验结论", "6 状态"}
		if got := xlProblems(m["problems"]); !slices.Equal(got, want) || m["rows"] != 5.0 || m["valid"] != 3.0 {
			t.Fatalf("problems %v, want %v: %s", got, want, res.Body)
		}
		for _, p := range asSlice(m["problems"]) {
			msg, _ := p.(map[string]any)["message"].(string)
			if !strings.HasPrefix(msg, "第 ") || strings.Contains(msg, "must") {
				t.Errorf("problem %q is not in Chinese naming its row", msg)
			}
		}
		wantProblem(t, eqxUpload(e, eqxHeat, "", book), http.StatusUnprocessableEntity, "import_failed")
		if n := eqxUnits(e, eqxHeat); n != before {
			t.Fatalf("%d units after a dry run and a failed import, were %d", n, before)
		}
		for _, login := range []string{xlBureau, xlClerk, xlGuang} {
			wantProblem(t, eqxUpload(e, login, "?dry_run=true", book), http.StatusForbidden, "forbidden")
		}
	})

	t.Run("import, retry, export, import back", func(t *testing.T) {
		first := eqxUpload(e, eqxHeat, "", goodBook, "Idempotency-Key", "eq-import-1")
		again := eqxUpload(e, eqxHeat, "", goodBook, "Idempotency-Key", "eq-import-1")
		if first.Status != http.StatusCreated || again.Status != http.StatusCreated || string(first.Body) != string(again.Body) ||
			again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("first %d %s; retry %d %s", first.Status, first.Body, again.Status, again.Body)
		}
		if m := first.JSON(); m["created"] != 3.0 || m["records"] != 2.0 || m["unchanged"] != 0.0 {
			t.Fatalf("import: %s", first.Body)
		}
		if n := eqxUnits(e, eqxHeat); n != before+3 {
			t.Fatalf("%d units, want %d", n, before+3)
		}

		// The export: the boiler once per inspection it owes, labels.
		rows := eqxRows(t, e.As(eqxHeat, http.MethodGet, eqxExportPath+"?kind=boiler", nil))
		if !slices.Equal(rows[xlHeaderRow], eqxHeaders) || !strings.Contains(rows[2][0], "设备类别 锅炉本体") {
			t.Fatalf("header %v note %q", rows[xlHeaderRow], rows[2][0])
		}
		var types []string
		for _, r := range rows[xlHeaderRow+1:] {
			if len(r) < 18 || r[4] != "1#燃气热水锅炉" || r[7] != "水上锅炉房" || r[17] != "在用" {
				t.Fatalf("row %v", r)
			}
			types = append(types, r[9])
			if r[9] == "外部检验" && (r[10] != performed || r[13] != "合格" || r[15] != next || r[16] != "有效") {
				t.Errorf("the external inspection's row: %v", r)
			}
		}
		if !slices.Equal(types, []string{"外部检验", "内部检验"}) {
			t.Errorf("the boiler's rows are %v", types)
		}
		// Each street office sees the units of its street.
		for login, want := range map[string][]string{xlXingnan: {"分汽缸"}, xlGuang: {"1#燃气热水锅炉", "1#锅炉出水压力表"}} {
			var names []string
			for _, r := range eqxRows(t, e.As(login, http.MethodGet, eqxExportPath, nil))[xlHeaderRow+1:] {
				if !slices.Contains(names, r[4]) {
					names = append(names, r[4])
				}
			}
			slices.Sort(names)
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("%s exports %v, want %v", login, names, want)
			}
		}
		wantProblem(t, e.As(eqxHeat, http.MethodGet, eqxExportPath+"?limit=5", nil), http.StatusUnprocessableEntity, "validation_failed")
		wantProblem(t, e.As(xlClerk, http.MethodGet, eqxExportPath, nil), http.StatusForbidden, "forbidden")

		// The whole export imports back without a change.
		all := e.As(eqxHeat, http.MethodGet, eqxExportPath, nil)
		n := len(eqxRows(t, all)) - xlHeaderRow - 1
		res := eqxUpload(e, eqxHeat, "", all.Body)
		if m := res.JSON(); res.Status != http.StatusCreated || m["created"] != 0.0 || m["records"] != 0.0 || m["unchanged"] != float64(n) {
			t.Fatalf("import back (%d rows): %d %s", n, res.Status, res.Body)
		}
		if got := eqxUnits(e, eqxHeat); got != before+3 {
			t.Fatalf("%d units after importing the export back, want %d", got, before+3)
		}
	})
}

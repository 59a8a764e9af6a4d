package equipment_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
	eq "github.com/hearthsafety/hearth/services/equipment"
)

// registerHeader is the 特种设备台账's header as a company fills it.
var registerHeader = []any{"序号", "设备类别", "设备代码", "使用登记证编号", "设备名称", "型号", "出厂编号", "使用地点", "投用日期",
	"检验类别", "检验日期", "检验机构", "报告编号", "检验结论", "安全状况等级", "下次检验日期", "状态"}

// workbook builds an .xlsx whose first sheet holds rows.
func workbook(t testing.TB, rows ...[]any) []byte {
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

// rowProblems lists problems as "row column".
func rowProblems(ps []eq.RowProblem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%d %s", p.Row, p.Column)
	}
	return out
}

// counts are the district's units and records.
func (d *district) counts(t *testing.T) (units, records int) {
	t.Helper()
	u, err := d.Client.Equipment.Query().Where(equipment.TenantID(d.Tenant)).Count(sys())
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.Client.InspectionRecord.Query().Where(inspectionrecord.TenantID(d.Tenant)).Count(sys())
	if err != nil {
		t.Fatal(err)
	}
	return u, r
}

func testImport(t *testing.T, d *district) {
	room := d.site(t, "水上锅炉房")
	d.site(t, "宾水道换热站")
	// The good rows: a boiler with two inspections (two rows), a gauge on
	// its own, a vessel with a failing report (主要问题 added as a column).
	header := append(slices.Clone(registerHeader), "主要问题")
	good := [][]any{
		{1, "锅炉本体", "3110120100201800011", "锅津A00123", "1#燃气热水锅炉", "WNS7", "18-0521", "水上锅炉房", "2018-10-20",
			"外部检验", "2026-01-15", "天津市特种设备监督检验技术研究院", "TJWJ-2026-0456", "合格", "", "2027-01-14", "在用"},
		{1, "锅炉本体", "3110120100201800011", "锅津A00123", "1#燃气热水锅炉", "WNS7", "18-0521", "水上锅炉房", "2018-10-20",
			"内部检验", "2025-06-20", "天津市特种设备监督检验技术研究院", "TJNJ-2025-0101", "合格", "", "", "在用"},
		{2, "压力表", "", "", "1#锅炉出水压力表", "Y-100", "", "水上锅炉房", "", "", "", "", "", "", "", "", ""},
		{3, "压力容器", "2110120100201900021", "容津B00077", "分汽缸", "", "", "宾水道换热站", "2019-05-01",
			"定期检验", "2026-02-01", "天津市特种设备监督检验技术研究院", "TJDJ-2026-0008", "不合格", "3级", "", "在用",
			"筒体腐蚀超标"},
	}
	rows := func(extra ...[]any) []byte {
		return workbook(t, slices.Concat([][]any{{"南开区供热特种设备台账"}, header}, good, extra)...)
	}

	t.Run("ErrForbiddenToOthers", func(t *testing.T) {
		for _, ctx := range []context.Context{d.AsBureau, d.AsGas, d.AsStreet1} {
			_, err := d.Svc.Import(ctx, rows(), true)
			wantErr(t, err, services.KindForbidden, "forbidden")
		}
	})

	t.Run("OKDryRunListsProblems", func(t *testing.T) {
		units, recs := d.counts(t)
		res, err := d.Svc.Import(d.AsHeat, rows(
			// An unknown site, a kind that is not one, a date out of range.
			[]any{4, "锅炉本体", "", "", "2#锅炉", "", "", "不存在的锅炉房", "", "", "", "", "", "", "", "", ""},
			[]any{5, "热水炉", "", "", "3#锅炉", "", "", "水上锅炉房", "", "", "", "", "", "", "", "", ""},
			[]any{6, "安全阀", "", "", "1#安全阀", "", "", "水上锅炉房", "", "安全阀校验", "1999-12-31", "", "", "合格", "", "", ""},
			// A gauge does not take an external inspection; a failing
			// report without its defects; a commissioning date ahead.
			[]any{7, "压力表", "", "", "2#压力表", "", "", "水上锅炉房", "2026-12-01", "外部检验", "2026-01-10", "", "", "合格", "", "", ""},
			[]any{8, "锅炉本体", "", "", "4#锅炉", "", "", "水上锅炉房", "", "外部检验", "2026-01-10", "", "", "不合格", "", "", ""},
		), true)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"7 使用地点", "8 设备类别", "9 检验日期", "10 投用日期", "10 检验类别", "11 主要问题"}
		if got := rowProblems(res.Problems); !slices.Equal(got, want) {
			t.Fatalf("problems %v, want %v (%+v)", got, want, res.Problems)
		}
		if !res.DryRun || res.Rows != 9 || res.Valid != 4 {
			t.Fatalf("rows %d valid %d, want 9 and 4", res.Rows, res.Valid)
		}
		for _, p := range res.Problems {
			if !strings.HasPrefix(p.Message, fmt.Sprintf("第 %d 行“%s”：", p.Row, p.Column)) || strings.Contains(p.Message, "must") || strings.Contains(p.Message, "is ") {
				t.Errorf("problem %q does not name its row and column in Chinese", p.Message)
			}
		}
		for _, w := range []struct{ col, has string }{{"使用地点", "不存在的锅炉房"}, {"设备类别", "热水炉"}, {"检验日期", "2000 至 2100"},
			{"检验类别", "压力表不做此类检验"}, {"投用日期", "不能晚于今天"}} {
			if !slices.ContainsFunc(res.Problems, func(p eq.RowProblem) bool { return p.Column == w.col && strings.Contains(p.Message, w.has) }) {
				t.Errorf("no problem in %s saying %q: %+v", w.col, w.has, res.Problems)
			}
		}
		if u, r := d.counts(t); u != units || r != recs {
			t.Fatalf("a dry run wrote: units %d→%d, records %d→%d", units, u, recs, r)
		}
	})

	t.Run("ErrOneBadRowWritesNothing", func(t *testing.T) {
		units, recs := d.counts(t)
		_, err := d.Svc.Import(d.AsHeat, rows(
			[]any{4, "锅炉本体", "", "", "2#锅炉", "", "", "水上锅炉房", "", "外部检验", "2026-01-10", "", "", "优秀", "", "", ""},
		), false)
		e := wantErr(t, err, services.KindInvalid, "import_failed")
		if ps := e.Extra["problems"].([]eq.RowProblem); len(ps) != 1 || ps[0].Row != 7 || ps[0].Column != "检验结论" {
			t.Fatalf("problems %+v, want row 7 检验结论", ps)
		}
		if u, r := d.counts(t); u != units || r != recs {
			t.Fatalf("a failed import wrote: units %d→%d, records %d→%d", units, u, recs, r)
		}
	})

	t.Run("OK", func(t *testing.T) {
		res, err := d.Svc.Import(d.AsHeat, rows(), false)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Units) != 3 || len(res.Records) != 3 || len(res.Unchanged) != 0 || len(res.Problems) != 0 {
			t.Fatalf("units %d records %d unchanged %d problems %v, want 3, 3, 0, none", len(res.Units), len(res.Records),
				len(res.Unchanged), res.Problems)
		}
		boiler, err := d.Client.Equipment.Query().Where(equipment.EquipmentCode("3110120100201800011")).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if boiler.SiteID != room.ID || boiler.Kind != enum.EquipBoiler || !boiler.Special || boiler.RegistrationNo != "锅津A00123" ||
			str(boiler.CommissionedOn) != "2018-10-20" || boiler.Status != enum.EquipInService {
			t.Fatalf("the boiler is %+v", boiler)
		}
		// Its clocks follow its records: the report's next date wins; the
		// internal one is two years after the last.
		cs := d.clocks(t, boiler)
		if str(cs[enum.InspExternal].DueOn) != "2027-01-14" || str(cs[enum.InspInternal].DueOn) != "2027-06-20" ||
			cs[enum.InspExternal].State != enum.StateValid {
			t.Fatalf("clocks: external %s (%s), internal %s", str(cs[enum.InspExternal].DueOn), cs[enum.InspExternal].State,
				str(cs[enum.InspInternal].DueOn))
		}
		if n, err := d.Client.Reminder.Query().Where(reminder.SubjectID(cs[enum.InspExternal].ID)).Count(sys()); err != nil || n == 0 {
			t.Fatalf("the clock has %d reminders planned (%v)", n, err)
		}
		// The failing vessel opened its hazard, linked both ways.
		vessel, err := d.Client.Equipment.Query().Where(equipment.Name("分汽缸")).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		rec, err := d.Client.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(vessel.ID)).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if rec.HazardID == nil || rec.SafetyGrade == nil || *rec.SafetyGrade != 3 || rec.MainIssues != "筒体腐蚀超标" {
			t.Fatalf("the vessel's record is %+v", rec)
		}
		if h, err := d.Client.Hazard.Query().Where(hazard.ID(*rec.HazardID)).Only(sys()); err != nil || h.EquipmentID == nil || *h.EquipmentID != vessel.ID {
			t.Fatalf("the vessel's hazard: %v %v", h, err)
		}

		// The same file again: every row is in the register.
		again, err := d.Svc.Import(d.AsHeat, rows(), false)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Units) != 0 || len(again.Records) != 0 || len(again.Unchanged) != 4 {
			t.Fatalf("again: units %d records %d unchanged %d, want 0, 0, 4", len(again.Units), len(again.Records), len(again.Unchanged))
		}
		// A new record of an existing unit, named by its code alone on
		// another name, is added; the unit is not duplicated.
		units, recs := d.counts(t)
		more, err := d.Svc.Import(d.AsHeat, workbook(t, registerHeader,
			[]any{1, "锅炉本体", "3110120100201800011", "", "一号锅炉", "", "", "水上锅炉房", "", "外部检验", "2025-01-16", "", "", "合格", "", "", ""}), false)
		if err != nil {
			t.Fatal(err)
		}
		if u, r := d.counts(t); len(more.Units) != 0 || len(more.Records) != 1 || u != units || r != recs+1 {
			t.Fatalf("units %d→%d, records %d→%d", units, u, recs, r)
		}
		// A late record supersedes nothing: the external clock keeps the
		// report's date.
		if cs := d.clocks(t, boiler); str(cs[enum.InspExternal].DueOn) != "2027-01-14" {
			t.Fatalf("external due %s after a late record", str(cs[enum.InspExternal].DueOn))
		}
	})

	t.Run("OKExportImportsBackUnchanged", func(t *testing.T) {
		f, _, err := d.Svc.Export(d.AsHeat, eq.Query{})
		if err != nil {
			t.Fatal(err)
		}
		buf, err := f.WriteToBuffer()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		units, recs := d.counts(t)
		res, err := d.Svc.Import(d.AsHeat, buf.Bytes(), false)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) != 0 || len(res.Units) != 0 || len(res.Records) != 0 || len(res.Unchanged) != res.Rows || res.Rows < 4 {
			t.Fatalf("rows %d unchanged %d units %d records %d problems %v", res.Rows, len(res.Unchanged), len(res.Units),
				len(res.Records), res.Problems)
		}
		if u, r := d.counts(t); u != units || r != recs {
			t.Fatalf("units %d→%d, records %d→%d", units, u, recs, r)
		}
	})

	t.Run("OKExportLayout", func(t *testing.T) {
		f, _, err := d.Svc.Export(d.AsHeat, eq.Query{Kinds: []string{"boiler"}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("特种设备台账")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "南开区供热特种设备台账" || !strings.Contains(rows[2][0], "设备类别 锅炉本体") {
			t.Fatalf("title %q, note %q", rows[0][0], rows[2][0])
		}
		want := append(slices.Clone(registerHeader[:16]), "检验状态", "状态")
		if got := rows[3]; !slices.Equal(got, toStrings(want)) {
			t.Fatalf("header %v", got)
		}
		// The boiler: one row per clock (external, internal), labels not codes.
		var body []string
		for _, r := range rows[4:] {
			body = append(body, strings.Join(r, "|"))
		}
		text := strings.Join(body, "\n")
		if len(rows) != 6 || !strings.Contains(text, "外部检验|2026-01-15|天津市特种设备监督检验技术研究院|TJWJ-2026-0456|合格||2027-01-14|有效|在用") ||
			!strings.Contains(text, "内部检验|2025-06-20") || strings.Contains(text, "external") || strings.Contains(text, "in_service") {
			t.Fatalf("rows:\n%s", text)
		}
	})
}

func toStrings(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return out
}

var _ = ent.Equipment{}

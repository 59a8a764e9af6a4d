package ledger_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// importHeader is the ledger's header as a company or the bureau fills it.
var importHeader = []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "所属街道", "地址", "发现日期", "整改期限"}

// book builds a workbook whose first sheet holds rows.
func book(t testing.TB, rows ...[]any) []byte {
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

// problems lists an import's problems as "row column".
func problems(ps []ledger.RowProblem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%d %s", p.Row, p.Column)
	}
	return out
}

// hazardAudit is the district's trail of hazard creates, in chain order.
func hazardAudit(t testing.TB, d *district) []*ent.AuditEntry {
	t.Helper()
	es, err := d.Client.AuditEntry.Query().Where(auditentry.TenantID(d.Tenant), auditentry.RecordType("hazard"),
		auditentry.Action("hazard.create")).Order(ent.Asc(auditentry.FieldSeq)).All(policy.System(context.Background()))
	mustOK(t, err)
	return es
}

// verifyChain fails t unless the district's audit chain holds; it returns
// its length.
func verifyChain(t testing.TB, d *district) int64 {
	t.Helper()
	rep, err := audit.Verify(context.Background(), d.Client, d.Tenant)
	mustOK(t, err)
	if !rep.OK {
		t.Fatalf("the audit chain is broken: %+v", rep.Broken)
	}
	return rep.Entries
}

func testImport(t *testing.T, d *district) {
	found, deadline := "2026-03-07", "2026-04-06"

	// A file with good and bad rows, a title above the header, an extra
	// column and a blank row: row 2 and row 10 are good.
	mixed := book(t,
		[]any{"南开区燃气隐患排查整治台账"},
		append(slices.Clone(importHeader), "备注"),
		[]any{"表后阀门漏气", "重大", "泄漏", gasName, street1Name, "广开四马路12号楼", found, deadline, "x"},
		[]any{"立管锈蚀", "严重", "漏电", gasName, street2Name, "兴南路3号", found, deadline},
		[]any{"管道占压", "一般", "占压", "不存在燃气有限公司", "友谊路街", "友谊路1号", found, deadline},
		[]any{"报警器失效", "一般", "报警器缺失或故障", heatName, street1Name, "学府路5号", "2026-13-01", deadline},
		[]any{"设备缺陷", "一般", "设备缺陷", heatName, street1Name, "学府路6号", "2026-03-15", "2026-04-15"},
		[]any{"违规用气", "一般", "违规用气", gasName, street2Name, "鼓楼东街1号", found, "2026-03-01"},
		[]any{"停业公司隐患", "一般", "其他", closedName, street2Name, "兴南路9号", found, deadline},
		[]any{},
		[]any{"老旧管网", "general", "aging_pipeline", heatName, street2Name, "凌宾路9号", "2026/03/07", "2026.04.06"},
		[]any{"", "一般", "其他", gasName, bureauName, strings.Repeat("长", 201), found, deadline},
	)
	mixedWant := []string{
		"4 隐患等级", "4 隐患类别",
		"5 所属企业", "5 所属街道",
		"6 发现日期",
		"7 发现日期",
		"8 整改期限",
		"9 所属企业",
		"12 隐患名称/描述", "12 所属街道", "12 地址",
	}

	// One real row and 100,000 rows below it with a cell in the last column
	// (XFD) — blank but for a space, or styled and empty —, about 500 KiB:
	// the space took 76 s to dry-run (excelize pads each row to its last
	// non-empty cell), the styled cells read on to the end. Both are refused
	// at once, naming the cell or the row; BenchmarkImportPaddedSheet times
	// them.
	t.Run("ErrPaddedSheet", func(t *testing.T) {
		one := book(t, importHeader, []any{"表后阀门漏气", "重大", "泄漏", gasName, street1Name, "广开四马路12号楼", found, deadline})
		_, err := d.Ledger.Import(d.AsBureau, padded(t, one, 100_000, " "), true)
		if e := wantErr(t, err, services.KindInvalid, "too_many_columns"); e.Extra["cell"] != "XFD3" {
			t.Errorf("cell %v, want XFD3", e.Extra["cell"])
		}
		_, err = d.Ledger.Import(d.AsBureau, padded(t, one, 100_000, ""), true)
		wantErr(t, err, services.KindInvalid, "too_many_blank_rows")
		// A few formatted rows below the ledger are no fault.
		res, err := d.Ledger.Import(d.AsBureau, padded(t, one, 100, ""), true)
		mustOK(t, err)
		if res.Rows != 1 || res.Valid != 1 {
			t.Errorf("%d rows, %d valid; want 1, 1", res.Rows, res.Valid)
		}
	})
	t.Run("OKDryRunListsProblems", func(t *testing.T) {
		before, chain := count(t, d), verifyChain(t, d)
		res, err := d.Ledger.Import(d.AsBureau, mixed, true)
		mustOK(t, err)
		if !res.DryRun || res.Rows != 9 || res.Valid != 2 || len(res.IDs) != 0 {
			t.Errorf("dry run: %d rows, %d valid, ids %v", res.Rows, res.Valid, res.IDs)
		}
		if got := problems(res.Problems); !slices.Equal(got, mixedWant) {
			t.Errorf("problems %v\nwant     %v", got, mixedWant)
		}
		for _, p := range res.Problems {
			if p.Message == "" {
				t.Errorf("a problem without a message: %+v", p)
			}
		}
		if count(t, d) != before || verifyChain(t, d) != chain {
			t.Errorf("the dry run wrote")
		}
	})
	t.Run("ErrBadRowsWriteNothing", func(t *testing.T) {
		before, chain := count(t, d), verifyChain(t, d)
		_, err := d.Ledger.Import(d.AsBureau, mixed, false)
		e := wantErr(t, err, services.KindInvalid, "import_failed")
		ps, _ := e.Extra["problems"].([]ledger.RowProblem)
		if got := problems(ps); !slices.Equal(got, mixedWant) {
			t.Errorf("problems %v\nwant     %v", got, mixedWant)
		}
		if e.Extra["rows"] != 9 || e.Extra["valid"] != 2 {
			t.Errorf("extra %v", e.Extra)
		}
		if count(t, d) != before || verifyChain(t, d) != chain {
			t.Errorf("a failed import wrote")
		}
	})
	t.Run("ErrOneBadRowWritesNothing", func(t *testing.T) {
		before, chain := count(t, d), verifyChain(t, d)
		_, err := d.Ledger.Import(d.AsBureau, book(t, importHeader,
			[]any{"阀门漏气", "一般", "泄漏", gasName, street1Name, "广开四马路1号", found, deadline},
			[]any{"立管锈蚀", "一般", "老旧管网", heatName, street2Name, "兴南路2号", found, deadline},
			[]any{"管道占压", "重大", "占压", gasName, street2Name, "兴南路3号", "2026-03-11", deadline}, // found tomorrow
		), false)
		e := wantErr(t, err, services.KindInvalid, "import_failed")
		if ps, _ := e.Extra["problems"].([]ledger.RowProblem); !slices.Equal(problems(ps), []string{"4 发现日期"}) {
			t.Errorf("problems %v", problems(ps))
		}
		if count(t, d) != before || verifyChain(t, d) != chain {
			t.Errorf("an import with one bad row wrote")
		}
	})
	t.Run("OK", func(t *testing.T) {
		before, chain := count(t, d), verifyChain(t, d)
		trail := len(hazardAudit(t, d))
		foundDate, _ := time.Parse(time.DateOnly, found)
		// Columns in another order, and dates three ways.
		res, err := d.Ledger.Import(d.AsBureau, book(t,
			[]any{"所属街道", "隐患类别", "隐患等级", "隐患名称/描述", "地址", "所属企业", "发现日期", "整改期限", "整改责任人", "整改措施"},
			[]any{street1Name, "泄漏", "重大", "表后阀门漏气", "广开四马路12号楼", gasName, found, "2026-03-17", "张工", "更换阀门"},
			[]any{street2Name, "老旧管网", "一般", "立管锈蚀", "兴南路3号", gasName, foundDate, "2026/04/09", "", ""},
			[]any{street1Name, "heating_network_defect", "major", "热网泄漏", "学府路5号", heatName, "2026.03.07", "2026-03-11", "赵工", ""},
			[]any{street2Name, "报警器缺失或故障", "一般", "报警器失效", "兴南路8号", heatName, found, deadline, "", ""},
		), false)
		mustOK(t, err)
		if res.DryRun || res.Rows != 4 || res.Valid != 4 || len(res.Problems) != 0 || len(res.IDs) != 4 {
			t.Fatalf("import: %+v", res)
		}
		if n := count(t, d); n != before+4 {
			t.Errorf("%d hazards after the import, want %d", n, before+4)
		}
		want := []struct {
			company, street uuid.UUID
			category        enum.HazardCategory
			level           enum.HazardLevel
			desc, deadline  string
		}{
			{d.Gas, d.Street1, enum.CategoryLeak, enum.LevelMajor, "表后阀门漏气", "2026-03-17"},
			{d.Gas, d.Street2, enum.CategoryAgingPipeline, enum.LevelGeneral, "立管锈蚀", "2026-04-09"},
			{d.Heat, d.Street1, enum.CategoryHeatingNetworkDefect, enum.LevelMajor, "热网泄漏", "2026-03-11"},
			{d.Heat, d.Street2, enum.CategoryAlarmMissing, enum.LevelGeneral, "报警器失效", deadline},
		}
		for i, id := range res.IDs {
			h := d.get(t, id)
			w := want[i]
			if h.CompanyID != w.company || h.StreetID != w.street || h.Category != w.category || h.Level != w.level ||
				h.Description != w.desc || h.Deadline != w.deadline || h.OriginalDeadline != w.deadline || h.FoundOn != found ||
				h.Status != enum.StatusReported || h.Source != enum.SourceBureauInspection || h.TenantID != d.Tenant ||
				h.CreatedBy == nil || *h.CreatedBy != d.BureauUser.UserID {
				t.Errorf("row %d became %+v", i+2, h)
			}
			if hist := d.history(t, d.AsBureau, id); !slices.Equal(hist, []string{"create"}) {
				t.Errorf("row %d: history %v, want one create", i+2, hist)
			}
		}
		if h := d.get(t, res.IDs[0]); h.ResponsiblePerson != "张工" || h.Measure != "更换阀门" || h.Address != "广开四马路12号楼" {
			t.Errorf("row 2: %+v", h)
		}
		// The chain holds, two entries more per hazard (the hazard and its
		// history's first event), in row order.
		if n := verifyChain(t, d); n != chain+8 {
			t.Errorf("the chain grew by %d entries, want 8", n-chain)
		}
		es := hazardAudit(t, d)[trail:]
		var ids []uuid.UUID
		for i, e := range es {
			ids = append(ids, e.RecordID)
			if e.ActorID == nil || *e.ActorID != d.BureauUser.UserID || e.Actor != "bureau.admin" {
				t.Errorf("entry %d by %v %q", i, e.ActorID, e.Actor)
			}
			if i > 0 && e.Seq != es[i-1].Seq+1 {
				t.Errorf("entries %d and %d are not consecutive: seq %d, %d", i-1, i, es[i-1].Seq, e.Seq)
			}
		}
		if !slices.Equal(ids, res.IDs) {
			t.Errorf("the trail holds creates of %v, want the rows' %v in order", ids, res.IDs)
		}
	})
	t.Run("OKCompanyOwnRows", func(t *testing.T) {
		for _, b := range [][]byte{
			book(t, importHeader,
				[]any{"阀门漏气", "一般", "泄漏", gasName, street1Name, "广开四马路1号", found, deadline},
				[]any{"立管锈蚀", "一般", "老旧管网", "", street2Name, "兴南路2号", found, deadline}),
			book(t, []any{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"},
				[]any{"报警器失效", "一般", "报警器缺失或故障", street1Name, "学府路4号", found, deadline}),
		} {
			res, err := d.Ledger.Import(d.AsGas, b, false)
			mustOK(t, err)
			for _, id := range res.IDs {
				if h := d.get(t, id); h.CompanyID != d.Gas || h.Source != enum.SourceSelfInspection {
					t.Errorf("a company's import made %+v", h)
				}
			}
		}
		verifyChain(t, d)
	})
	t.Run("ErrCompanyNamesOtherCompany", func(t *testing.T) {
		before := count(t, d)
		b := book(t, importHeader,
			[]any{"阀门漏气", "一般", "泄漏", gasName, street1Name, "广开四马路1号", found, deadline},
			[]any{"管道占压", "重大", "占压", heatName, street2Name, "兴南路3号", found, deadline},
		)
		res, err := d.Ledger.Import(d.AsGas, b, true)
		mustOK(t, err)
		if got := problems(res.Problems); res.Valid != 1 || !slices.Equal(got, []string{"3 所属企业"}) {
			t.Errorf("valid %d, problems %v", res.Valid, got)
		}
		_, err = d.Ledger.Import(d.AsGas, b, false)
		wantErr(t, err, services.KindInvalid, "import_failed")
		if count(t, d) != before {
			t.Errorf("the refused import wrote")
		}
	})
	t.Run("ErrStreetNotYours", func(t *testing.T) {
		res, err := d.Ledger.Import(d.AsStreet1, book(t, importHeader,
			[]any{"阀门漏气", "一般", "泄漏", gasName, street1Name, "广开四马路1号", found, deadline},
			[]any{"立管锈蚀", "一般", "老旧管网", heatName, street2Name, "兴南路2号", found, deadline},
		), true)
		mustOK(t, err)
		if got := problems(res.Problems); !slices.Equal(got, []string{"3 所属街道"}) {
			t.Errorf("problems %v", got)
		}
	})
	t.Run("ErrBureauNeedsCompanyColumn", func(t *testing.T) {
		_, err := d.Ledger.Import(d.AsBureau, book(t,
			[]any{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"},
			[]any{"报警器失效", "一般", "报警器缺失或故障", street1Name, "学府路4号", found, deadline}), true)
		e := wantErr(t, err, services.KindInvalid, "missing_headers")
		if got, _ := e.Extra["missing_headers"].([]string); !slices.Equal(got, []string{"所属企业"}) {
			t.Errorf("missing_headers %v", e.Extra["missing_headers"])
		}
	})
	t.Run("ErrNoRows", func(t *testing.T) {
		_, err := d.Ledger.Import(d.AsBureau, book(t, importHeader), true)
		wantErr(t, err, services.KindInvalid, "no_rows")
	})
	t.Run("ErrNotAWorkbook", func(t *testing.T) {
		_, err := d.Ledger.Import(d.AsBureau, []byte("序号,隐患名称\n1,漏气\n"), true)
		wantErr(t, err, services.KindUnsupported, "not_xlsx")
		_, err = d.Ledger.Import(d.AsBureau, nil, true)
		wantFields(t, err, "file")
	})
}

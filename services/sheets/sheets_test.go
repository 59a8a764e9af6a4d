package sheets

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// testForm is a small ledger: a number, a long text, a date, a share.
var testForm = Form{Sheet: "隐患台账", Title: "南开区燃气安全隐患排查整治台账", Unit: "津燃华润燃气有限公司",
	Filler: "刘洋", Date: "2026-03-02", Note: "筛选：状态 整改中；街道 广开街（共 3 条）",
	Columns: []Column{
		{Header: "序号", Width: 5, Kind: Number},
		{Header: "隐患名称/描述", Width: 20, Kind: Text},
		{Header: "状态", Width: 8, Kind: Short},
		{Header: "整改期限", Width: 10, Kind: Date},
		{Header: "验收日期", Width: 10, Kind: Date},
		{Header: "整改率", Width: 8, Kind: Percent, Muted: true},
	}}

// write makes a book of form with rows (late when the first value is
// "late"), then reopens it as a reader would.
func write(t *testing.T, form Form, build func(b *Book) error) *excelize.File {
	t.Helper()
	b, err := New(form)
	if err != nil {
		t.Fatal(err)
	}
	if err := build(b); err != nil {
		b.Close()
		t.Fatal(err)
	}
	f, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	return out
}

func threeRows(b *Book) error {
	long := strings.Repeat("居民楼道内燃气立管锈蚀，", 6)
	for _, r := range []struct {
		late  bool
		cells []any
	}{
		{true, []any{1, long, "整改中", Strong{"2026-02-20"}, nil, 0.5}},
		{false, []any{2, "表后阀门漏气", "已验收销号", time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), "2026-03-01", 1.0}},
		{false, []any{3, "=1+1", "已上报", "不是日期", "", 0.0}},
	} {
		if err := b.Row(r.late, r.cells...); err != nil {
			return err
		}
	}
	return b.Total(nil, "合计", nil, nil, nil, 0.5)
}

func TestFormTop(t *testing.T) {
	f := write(t, testForm, threeRows)
	rows, err := f.GetRows(testForm.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != testForm.Title || rows[2][0] != testForm.Note {
		t.Errorf("title and note: %q", rows[:3])
	}
	line := slices.DeleteFunc(slices.Clone(rows[1]), func(s string) bool { return s == "" })
	if want := []string{"填报单位（盖章）：津燃华润燃气有限公司", "填报人：刘洋", "审核人：", "填报日期：2026-03-02"}; !slices.Equal(line, want) {
		t.Errorf("the 填报 line %q, want %q", line, want)
	}
	if want := []string{"序号", "隐患名称/描述", "状态", "整改期限", "验收日期", "整改率"}; !slices.Equal(rows[HeaderRow-1], want) {
		t.Errorf("header %q", rows[HeaderRow-1])
	}
	merged, err := f.GetMergeCells(testForm.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, m := range merged {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	slices.Sort(refs)
	// The title and the note over every column; the 填报 line in four runs.
	if want := []string{"A1:F1", "A2:B2", "A3:F3", "D2:E2"}; !slices.Equal(refs, want) {
		t.Errorf("merged %q, want %q", refs, want)
	}
	style := func(cell string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(testForm.Sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold || s.Font.Size < 16 || s.Alignment.Horizontal != "center" {
		t.Errorf("title style %+v", s)
	}
	if s := style("B4"); s.Font == nil || !s.Font.Bold || len(s.Border) != 4 || s.Fill.Color[0] != headerFill {
		t.Errorf("header style %+v", s)
	}
	if s := style("F4"); s.Fill.Color[0] != mutedFill {
		t.Errorf("a muted header %+v", s)
	}
}

func TestPrintSetup(t *testing.T) {
	f := write(t, testForm, threeRows)
	sheet := testForm.Sheet
	layout, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout: size %d, %s, fit %d wide × %d tall; want A4 (9) landscape, 1 wide × any",
			*layout.Size, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("fit to page is off: %+v (%v)", props, err)
	}
	margins, err := f.GetPageMargins(sheet)
	if err != nil || margins.Horizontally == nil || !*margins.Horizontally {
		t.Errorf("the table is not centred on the page: %+v (%v)", margins, err)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil || !strings.Contains(hf.OddFooter, "&C第 &P 页 共 &N 页") || !strings.Contains(hf.OddFooter, testForm.Title) {
		t.Errorf("footer %q (%v)", hf.OddFooter, err)
	}
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Scope == sheet {
			names[d.Name] = d.RefersTo
		}
	}
	for name, want := range map[string]string{
		"_xlnm.Print_Titles":    "'隐患台账'!$4:$4",     // the header on every page
		"_xlnm.Print_Area":      "'隐患台账'!$A$1:$F$8", // the top, the rows and the totals
		"_xlnm._FilterDatabase": "'隐患台账'!$A$4:$F$7", // the header and the data, not the totals
	} {
		if names[name] != want {
			t.Errorf("%s = %q, want %q (all: %v)", name, names[name], want, names)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != HeaderRow || panes.TopLeftCell != "A5" {
		t.Errorf("panes %+v (%v): want everything to the header frozen", panes, err)
	}
}

func TestCells(t *testing.T) {
	f := write(t, testForm, threeRows)
	sheet := testForm.Sheet
	raw := func(cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shown := func(cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	style := func(cell string) *excelize.Style {
		t.Helper()
		id, _ := f.GetCellStyle(sheet, cell)
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Dates are date cells: a serial number shown yyyy-mm-dd, from a
	// YYYY-MM-DD string or a time.Time; what is not a date stays as it is.
	for cell, want := range map[string][2]string{
		"D5": {"46073", "2026-02-20"}, "D6": {"46090", "2026-03-09"}, "E6": {"46082", "2026-03-01"},
	} {
		if raw(cell) != want[0] || shown(cell) != want[1] {
			t.Errorf("%s: %q shown %q, want %q shown %q", cell, raw(cell), shown(cell), want[0], want[1])
		}
		if s := style(cell); s.CustomNumFmt == nil || *s.CustomNumFmt != DateFormat {
			t.Errorf("%s is not formatted as a date: %+v", cell, s)
		}
	}
	if shown("D7") != "不是日期" || shown("B7") != "=1+1" {
		t.Errorf("text: D7 %q, B7 %q", shown("D7"), shown("B7"))
	}
	if formula, _ := f.GetCellFormula(sheet, "B7"); formula != "" {
		t.Errorf("B7 became a formula: %q", formula)
	}
	if shown("F5") != "50.0%" || raw("F5") != "0.5" {
		t.Errorf("a share: %q (%q)", shown("F5"), raw("F5"))
	}
	// Every body cell is bordered, empty ones too; long text wraps.
	for _, cell := range []string{"A5", "B5", "E5", "F7", "A8", "C8"} {
		if s := style(cell); len(s.Border) != 4 {
			t.Errorf("%s has borders %v", cell, s.Border)
		}
	}
	if s := style("B5"); s.Alignment == nil || !s.Alignment.WrapText || s.Alignment.Horizontal != "left" {
		t.Errorf("text cell %+v", s.Alignment)
	}
	// The late row is red, its Strong cell bold; the others are not.
	for _, cell := range []string{"A5", "B5", "C5", "D5"} {
		if s := style(cell); s.Font == nil || !strings.EqualFold(s.Font.Color, lateColour) {
			t.Errorf("late row: %s is %+v", cell, s.Font)
		}
	}
	if s := style("D5"); !s.Font.Bold {
		t.Errorf("the missed deadline is not bold: %+v", s.Font)
	}
	if s := style("C5"); s.Font.Bold {
		t.Errorf("C5 is bold")
	}
	if s := style("D6"); s.Font != nil && s.Font.Color != "" {
		t.Errorf("a row on time is coloured: %+v", s.Font)
	}
	// The totals: bold and shaded.
	if s := style("B8"); !s.Font.Bold || len(s.Fill.Color) == 0 || s.Fill.Color[0] != totalFill || shown("B8") != "合计" {
		t.Errorf("totals %q %+v", shown("B8"), s)
	}
	// Rows are as tall as their wrapped text.
	short, _ := f.GetRowHeight(sheet, 6)
	tall, _ := f.GetRowHeight(sheet, 5)
	if short < lineHeight || tall < 4*lineHeight {
		t.Errorf("row heights %v (one line) and %v (72 characters in a column of 20)", short, tall)
	}
}

func TestBlankRows(t *testing.T) {
	f := write(t, testForm, func(b *Book) error { return b.Blank(3) })
	for row := HeaderRow + 1; row <= HeaderRow+3; row++ {
		h, _ := f.GetRowHeight(testForm.Sheet, row)
		cell, _ := excelize.CoordinatesToCellName(2, row)
		id, _ := f.GetCellStyle(testForm.Sheet, cell)
		s, _ := f.GetStyle(id)
		if h != blankRowHeight || len(s.Border) != 4 {
			t.Errorf("row %d: %v high, borders %v", row, h, s.Border)
		}
	}
	rows, _ := f.GetRows(testForm.Sheet)
	if len(rows) != HeaderRow {
		t.Errorf("blank rows hold values: %q", rows[HeaderRow:])
	}
}

// A form of few columns puts its 填报 line in one cell; the footer's
// ampersands are not codes.
func TestNarrowForm(t *testing.T) {
	form := Form{Sheet: "汇总", Title: "A & B 汇总表", Unit: "某街道", Filler: "赵敏", Date: "2026-03-02",
		Columns: []Column{{Header: "街道", Width: 20, Kind: Text}, {Header: "隐患总数", Width: 10, Kind: Number}}}
	f := write(t, form, func(b *Book) error { return b.Row(false, "广开街", 3) })
	rows, _ := f.GetRows(form.Sheet)
	if !strings.HasPrefix(rows[1][0], "填报单位（盖章）：某街道") || !strings.Contains(rows[1][0], "填报日期：2026-03-02") {
		t.Errorf("the 填报 line %q", rows[1])
	}
	hf, _ := f.GetHeaderFooter(form.Sheet)
	if !strings.Contains(hf.OddFooter, "&LA && B 汇总表&C") {
		t.Errorf("footer %q", hf.OddFooter)
	}
}

func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"一般", 5, 1},
		{"YH-2026-000123", 13.5, 1},
		{"已整改待验收", 6, 2}, // three a line
		{"居民楼道内燃气立管锈蚀严重，局部壁厚减薄", 21, 2}, // twelve a line
		{"第一行\n第二行", 20, 2},
		{strings.Repeat("x", 100), 10, 10}, // eleven a line
		// Words go on a line whole: after WNS7- the rest does not fit.
		{"WNS7-1.0/115/70-Q", 12, 2},
		{"WNS7-1.0/115/70-Q", 9, 3},
		{"TJWJ-2026-0456 报告", 12, 2},
	} {
		if got := wrappedLines(c.text, c.width); got != c.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}

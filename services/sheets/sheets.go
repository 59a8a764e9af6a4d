// Package sheets writes the workbooks Hearth exports as the forms districts
// keep on paper: a ledger (台账) or a summary (汇总表) that a company prints,
// stamps and hands to an inspector. Every export goes through it, so every
// ledger of every programme looks alike:
//
//   - a merged title row naming the district and the ledger
//     (南开区燃气安全隐患排查整治台账);
//   - a line for 填报单位（盖章）, 填报人, 审核人 (signed on paper) and 填报日期,
//     and a line saying what the rows are
//     (筛选：状态 整改中；街道 广开街, or a summary's period);
//   - the header row, bold and shaded, frozen on screen, with an autofilter,
//     and repeated at the top of every printed page (print titles);
//   - bordered cells, long text wrapped in columns of set widths, dates as
//     real date cells (yyyy-mm-dd), overdue rows in red;
//   - A4 landscape, fitted to one page wide (any number of pages down),
//     centred, with 第 N 页 共 M 页 in the footer.
//
// Rows stream through excelize's StreamWriter to a temporary file, so
// memory stays flat however many rows a ledger has. A Book is written top
// to bottom: New writes the title lines and the header, Row and Total add
// rows, Finish ends the sheet.
package sheets

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Kind is how a column's cells look and what they hold.
type Kind int

const (
	// Text is text that wraps within the column, left-aligned.
	Text Kind = iota
	// Short is a short label, code or name, centred (level, status, people).
	Short
	// Date is a date cell (a YYYY-MM-DD string or a time.Time), shown
	// yyyy-mm-dd: a real date, which sorts and filters as one.
	Date
	// Number is a whole number, centred.
	Number
	// Percent is a share (0.5 is 50.0%).
	Percent
	// Decimal is a measure with two decimals, centred (kilometres).
	Decimal
)

// Column is one column of a form.
type Column struct {
	Header string
	// Width is in characters of the default font; a Chinese character takes
	// about two.
	Width float64
	Kind  Kind
	// Muted shades the header grey: the column is for the reader only (an
	// import template's columns the import ignores).
	Muted bool
}

// Form is the top of a sheet: what it is, who fills it in, what it holds.
type Form struct {
	Sheet  string // the sheet's name (隐患台账)
	Title  string // the merged title row (南开区燃气安全隐患排查整治台账)
	Unit   string // 填报单位: the organisation that exports it
	Filler string // 填报人: the person who exports it
	Date   string // 填报日期, YYYY-MM-DD
	// Note is the line under it: what the rows are (筛选：…, 统计期间：…).
	Note    string
	Columns []Column
}

// FontName is the font of every cell: Latin letters and digits in it,
// Chinese text in the system's Chinese font beside it.
const FontName = "Arial"

// The rows above the header: title, 填报 line, note.
const (
	titleRow = 1
	unitRow  = 2
	noteRow  = 3
	// HeaderRow is the row of the column headers; data starts below it.
	HeaderRow = 4
)

// Strong is a cell in bold (on an overdue row: bold red), e.g. the
// deadline that was missed.
type Strong struct{ Value any }

// Book is a workbook being written: one form sheet, streamed.
type Book struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	form    Form
	st      *styles
	row     int // the last row written
	lastCol string
	data    int // the last data row (not the totals)
}

// New starts a workbook whose first sheet is form: page set-up, column
// widths, the title lines and the header row. The caller writes the rows,
// then calls Finish (or Close, to give up).
func New(form Form) (_ *Book, err error) {
	if len(form.Columns) == 0 {
		return nil, fmt.Errorf("sheets: form %q has no columns", form.Sheet)
	}
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", form.Sheet); err != nil {
		return nil, err
	}
	b := &Book{f: f, form: form, row: HeaderRow, data: HeaderRow}
	b.lastCol, _ = excelize.ColumnNumberToName(len(form.Columns))
	// Column widths count the default font's digits: Arial's are the same
	// width everywhere (Excel, WPS, LibreOffice's Liberation Sans), so the
	// columns are.
	if err := f.SetDefaultFont(FontName); err != nil {
		return nil, err
	}
	if b.st, err = newStyles(f); err != nil {
		return nil, err
	}
	if err := b.pageSetup(); err != nil {
		return nil, err
	}
	if b.sw, err = f.NewStreamWriter(form.Sheet); err != nil {
		return nil, err
	}
	// Last to first: the stream writer puts each new column before the
	// others, and Excel wants them in order.
	for i := len(form.Columns) - 1; i >= 0; i-- {
		if err := b.sw.SetColWidth(i+1, i+1, form.Columns[i].Width); err != nil {
			return nil, err
		}
	}
	if err := b.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: b.cell(1, HeaderRow+1),
		ActivePane: "bottomLeft", Selection: []excelize.Selection{{SQRef: b.cell(1, HeaderRow+1),
			ActiveCell: b.cell(1, HeaderRow+1), Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	if err := b.top(); err != nil {
		return nil, err
	}
	return b, nil
}

// pageSetup prints the sheet on A4 landscape, one page wide, the header
// row on every page, page numbers in the footer. The sheet properties
// (fit to page) go before the stream writer, which writes them first.
func (b *Book) pageSetup() error {
	sheet := b.form.Sheet
	fit := true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	a4, landscape, wide, tall := 9, "landscape", 1, 0
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	lr, top, bottom, hf, centred := 0.4, 0.6, 0.7, 0.3, true
	if err := b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr,
		Top: &top, Bottom: &bottom, Header: &hf, Footer: &hf, Horizontally: &centred}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L" + footerText(b.form.Title) + "&C第 &P 页 共 &N 页&R" + footerText("填报日期："+b.form.Date),
	}); err != nil {
		return err
	}
	row := strconv.Itoa(HeaderRow)
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: quoteSheet(sheet) + "!$" + row + ":$" + row, Scope: sheet})
}

// footerText escapes the header/footer codes' "&" in s.
func footerText(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// quoteSheet quotes a sheet's name for a reference.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// top writes the title, the 填报 line, the note and the header row.
func (b *Book) top() error {
	n := len(b.form.Columns)
	merge := func(row, from, to int) error {
		if to <= from {
			return nil
		}
		return b.sw.MergeCell(b.cell(from, row), b.cell(to, row))
	}
	// Title.
	if err := merge(titleRow, 1, n); err != nil {
		return err
	}
	if err := b.sw.SetRow(b.cell(1, titleRow), []any{excelize.Cell{StyleID: b.st.title, Value: b.form.Title}},
		excelize.RowOpts{Height: 34}); err != nil {
		return err
	}
	// 填报单位（盖章） | 填报人 | 审核人 (signed by hand) | 填报日期, each over
	// a share of the width; on a narrow form, one after the other.
	fields := []string{"填报单位（盖章）：" + b.form.Unit, "填报人：" + b.form.Filler, "审核人：", "填报日期：" + b.form.Date}
	cells := make([]any, n)
	if starts := b.segments(0.42, 0.2, 0.2, 0.18); starts != nil {
		for i, from := range starts {
			to := n
			if i+1 < len(starts) {
				to = starts[i+1] - 1
			}
			style := b.st.metaLeft
			if i == len(starts)-1 {
				style = b.st.metaRight
			}
			cells[from-1] = excelize.Cell{StyleID: style, Value: fields[i]}
			if err := merge(unitRow, from, to); err != nil {
				return err
			}
		}
	} else {
		cells[0] = excelize.Cell{StyleID: b.st.metaLeft, Value: strings.Join(fields, "　　")}
		if err := merge(unitRow, 1, n); err != nil {
			return err
		}
	}
	if err := b.sw.SetRow(b.cell(1, unitRow), cells, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	if err := merge(noteRow, 1, n); err != nil {
		return err
	}
	if err := b.sw.SetRow(b.cell(1, noteRow), []any{excelize.Cell{StyleID: b.st.metaLeft, Value: b.form.Note}},
		excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	head := make([]any, n)
	labels := make([]any, n)
	for i, c := range b.form.Columns {
		style := b.st.header
		if c.Muted {
			style = b.st.muted
		}
		head[i], labels[i] = excelize.Cell{StyleID: style, Value: c.Header}, c.Header
	}
	return b.sw.SetRow(b.cell(1, HeaderRow), head, excelize.RowOpts{Height: max(24, b.height(labels))})
}

// segments splits the columns into runs with about the given shares of
// the width: the first column of each run (1-based), or nil when there are
// too few columns.
func (b *Book) segments(shares ...float64) []int {
	total := 0.0
	for _, c := range b.form.Columns {
		total += c.Width
	}
	starts := []int{1}
	before, bound := 0.0, shares[0] // the width before column i; where the next run starts, as a share
	for i, c := range b.form.Columns {
		if len(starts) == len(shares) {
			break
		}
		// A run starts at the column whose first half holds its bound.
		if i > 0 && before+c.Width/2 >= bound*total {
			starts = append(starts, i+1)
			bound += shares[len(starts)-1]
		}
		before += c.Width
	}
	if len(starts) < len(shares) {
		return nil
	}
	return starts
}

// Row adds a data row, one value a column: strings, numbers, dates
// (YYYY-MM-DD strings or time.Time in Date columns), nil for an empty cell,
// or Strong around any of them. A late (overdue) row is red.
func (b *Book) Row(late bool, cells ...any) error {
	b.row++
	b.data = b.row
	return b.sw.SetRow(b.cell(1, b.row), b.cells(cells, late, false), excelize.RowOpts{Height: b.height(cells)})
}

// Blank adds n empty bordered rows, tall enough to write in by hand: the
// rows of a form to fill in (an import template).
func (b *Book) Blank(n int) error {
	for range n {
		b.row++
		b.data = b.row
		if err := b.sw.SetRow(b.cell(1, b.row), b.cells(nil, false, false), excelize.RowOpts{Height: blankRowHeight}); err != nil {
			return err
		}
	}
	return nil
}

// Total adds a totals row below the data: bold, shaded, outside the
// autofilter.
func (b *Book) Total(cells ...any) error {
	b.row++
	return b.sw.SetRow(b.cell(1, b.row), b.cells(cells, false, true), excelize.RowOpts{Height: max(22, b.height(cells))})
}

// height is the height of a row of values, in points: as many lines as its
// longest text wraps to in its column. Spreadsheets do not fit the height
// of a row to wrapped text when they open a file (LibreOffice does not, nor
// does Excel until a cell is edited), so the sheet says it.
func (b *Book) height(values []any) float64 {
	lines := 1
	for i, col := range b.form.Columns {
		if i >= len(values) {
			break
		}
		v := values[i]
		if s, ok := v.(Strong); ok {
			v = s.Value
		}
		if s, ok := v.(string); ok {
			lines = max(lines, wrappedLines(s, col.Width))
		}
	}
	return min(maxRowHeight, float64(lines)*lineHeight+rowPadding)
}

// TextHeight is the height, in points, of a row whose cell in a column of
// width holds text in the body font, wrapped: for sheets beside a form's
// (notes, explanations) that wrap text too.
func TextHeight(text string, width float64) float64 {
	return min(maxRowHeight, float64(wrappedLines(text, width))*lineHeight+rowPadding)
}

// The metrics of the body font (10 pt) at 96 dpi, for wrapping: a column
// of width w holds about w×8 pixels (Arial 11's digit, the width unit, is 8
// wide); a Chinese character or full-width mark is a square em, a letter or
// digit about half of one; a line of Chinese text is about 1.35 em
// high. They err on the wide side: a line too many leaves a little room, a
// line too few hides text.
const (
	pixelsPerWidth = 8.0
	cellInset      = 4.0 // the cell's padding and border, in pixels
	wideRune       = 13.4
	narrowRune     = 7.4 // a digit, and anything not named here
	upperRune      = 8.9
	lowerRune      = 6.7
	thinRune       = 4.4  // space, hyphen, stops, brackets
	lineHeight     = 13.5 // points
	rowPadding     = 4.0  // points
	maxRowHeight   = 409  // points: the most a spreadsheet row may be
	blankRowHeight = 28   // points: a row to write in by hand
)

// wrappedLines is how many lines s takes in a column of width w. It wraps
// as spreadsheets do: Chinese text between any two characters, other text
// at word boundaries (after a space or a hyphen), and a word longer than a
// line wherever it has to (WNS7-1.0/115/70-Q wraps as WNS7- | 1.0/115/70-Q,
// not after any character that happens to fill the line).
func wrappedLines(s string, w float64) int {
	avail := w*pixelsPerWidth - cellInset
	// No byte of UTF-8 text is wider than an upper-case letter: a short
	// line is one line, without measuring it.
	if float64(len(s))*upperRune <= avail && strings.IndexByte(s, '\n') < 0 {
		return 1
	}
	lines, line := 1, 0.0
	var word []rune // the word being read: it goes on a line whole
	place := func() {
		ww := 0.0
		for _, r := range word {
			ww += runeWidth(r)
		}
		switch {
		case line+ww <= avail:
			line += ww
		case ww <= avail: // on the next line, whole
			lines, line = lines+1, ww
		default: // longer than a line: broken where it must be
			if line > 0 {
				lines, line = lines+1, 0
			}
			for _, r := range word {
				rw := runeWidth(r)
				if line > 0 && line+rw > avail {
					lines, line = lines+1, 0
				}
				line += rw
			}
		}
		word = word[:0]
	}
	for _, r := range s {
		switch {
		case r == '\n':
			place()
			lines, line = lines+1, 0
		case wide(r):
			place()
			word = append(word, r)
			place()
		default:
			word = append(word, r)
			if r == ' ' || r == '-' {
				place()
			}
		}
	}
	place()
	return lines
}

// runeWidth is about how wide r is in the body font, in pixels.
func runeWidth(r rune) float64 {
	switch {
	case wide(r):
		return wideRune
	case r >= '0' && r <= '9':
		return narrowRune
	case r >= 'A' && r <= 'Z':
		return upperRune
	case r >= 'a' && r <= 'z':
		return lowerRune
	case strings.ContainsRune(" -.,:;/()'!|", r):
		return thinRune
	}
	return narrowRune
}

// wide tells whether r takes a full em: Chinese, Japanese and Korean
// characters and full-width forms.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// Rows is how many rows (data and totals) have been written below the header.
func (b *Book) Rows() int { return b.row - HeaderRow }

func (b *Book) cells(values []any, late, total bool) []any {
	out := make([]any, len(b.form.Columns))
	for i, col := range b.form.Columns {
		var v any
		if i < len(values) {
			v = values[i]
		}
		strong := total
		if s, ok := v.(Strong); ok {
			v, strong = s.Value, true
		}
		kind := col.Kind
		switch x := v.(type) {
		case string:
			if x == "" {
				v = nil
			} else if kind == Date {
				if t, err := time.Parse(time.DateOnly, x); err == nil {
					v = serial(t)
				} else {
					kind = Short // not a date: shown as it is
				}
			}
		case time.Time:
			if x.IsZero() {
				v = nil
			} else if kind == Date {
				v = serial(x)
			}
		}
		out[i] = excelize.Cell{StyleID: b.st.cell(cellStyle{kind: kind, late: late, strong: strong, total: total}), Value: v}
	}
	return out
}

// serial is the day of t as a spreadsheet date: days since 1899-12-30 (the
// 1900 date system, a new workbook's).
func serial(t time.Time) float64 {
	y, m, d := t.Date()
	return float64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(excelEpoch) / (24 * time.Hour))
}

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// File is the workbook, for what a form adds beside its rows before Finish
// (drop-down lists, notes on the header, another sheet).
func (b *Book) File() *excelize.File { return b.f }

// Finish ends the sheet: the autofilter over the header and the data rows,
// the print area over everything written. The caller closes the workbook.
func (b *Book) Finish() (*excelize.File, error) {
	sheet := b.form.Sheet
	// After the rows, when their number is known. AutoFilter also resets
	// the sheet's properties, which the stream writer has written already.
	if err := b.f.AutoFilter(sheet, b.cell(1, HeaderRow)+":"+b.cell(len(b.form.Columns), b.data), nil); err != nil {
		return nil, err
	}
	if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: quoteSheet(sheet) + "!$A$1:$" + b.lastCol + "$" + strconv.Itoa(b.row), Scope: sheet}); err != nil {
		return nil, err
	}
	if err := b.sw.Flush(); err != nil {
		return nil, err
	}
	return b.f, nil
}

// Close gives the workbook up (after an error).
func (b *Book) Close() error { return b.f.Close() }

func (b *Book) cell(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

// DateFormat is how date cells show.
const DateFormat = "yyyy-mm-dd"

// cellStyle is the look of a body cell.
type cellStyle struct {
	kind                Kind
	late, strong, total bool
}

// styles are a book's cell styles.
type styles struct {
	title, metaLeft, metaRight, header, muted int
	body                                      map[cellStyle]int
}

// Colours: the header's shading, the totals', overdue text, the lines.
const (
	headerFill = "DDEBF7"
	mutedFill  = "EDEDED"
	totalFill  = "F2F2F2"
	lateColour = "C00000"
	lineColour = "000000"
	bodySize   = 10
)

var border = []excelize.Border{{Type: "left", Color: lineColour, Style: 1}, {Type: "right", Color: lineColour, Style: 1},
	{Type: "top", Color: lineColour, Style: 1}, {Type: "bottom", Color: lineColour, Style: 1}}

// newStyles makes the styles of a book: the lines above the header, the
// header, and every body cell's (a few dozen).
func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{body: map[cellStyle]int{}}
	var err error
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Bold: true, Size: 18},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}); err != nil {
		return nil, err
	}
	if st.metaLeft, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Size: 11},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}); err != nil {
		return nil, err
	}
	if st.metaRight, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Size: 11},
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}); err != nil {
		return nil, err
	}
	head := func(fill string) (int, error) {
		return f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Bold: true, Size: bodySize}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	}
	if st.header, err = head(headerFill); err != nil {
		return nil, err
	}
	if st.muted, err = head(mutedFill); err != nil {
		return nil, err
	}
	for kind := Text; kind <= Decimal; kind++ {
		for _, late := range []bool{false, true} {
			for _, strong := range []bool{false, true} {
				for _, total := range []bool{false, true} {
					c := cellStyle{kind: kind, late: late, strong: strong, total: total}
					if st.body[c], err = f.NewStyle(bodyStyle(c)); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return st, nil
}

// cell is the style id of a body cell.
func (st *styles) cell(c cellStyle) int { return st.body[c] }

func bodyStyle(c cellStyle) *excelize.Style {
	s := &excelize.Style{Border: border, Font: &excelize.Font{Family: FontName, Size: bodySize, Bold: c.strong},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	if c.late {
		s.Font.Color = lateColour
	}
	if c.total {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{totalFill}}
	}
	switch c.kind {
	case Text:
		s.Alignment.Horizontal = "left"
	case Date:
		f := DateFormat
		s.CustomNumFmt = &f
	case Number:
		s.NumFmt = 1 // 0
	case Percent:
		f := "0.0%"
		s.CustomNumFmt = &f
	case Decimal:
		s.NumFmt = 2 // 0.00
	}
	return s
}

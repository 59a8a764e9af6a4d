package sheets

import (
	"strconv"

	"github.com/xuri/excelize/v2"
)

// notesWidth is the width of an explanation sheet's note column.
const notesWidth = 90

// NotesSheet adds an import template's explanation sheet called name: a row
// a note (what, in bold; the note wrapped), printed one page wide; then the
// line 示例 and header in bold. It answers the header's row: the example
// rows go below it.
func NotesSheet(f *excelize.File, name string, notes [][]string, header []string) (int, error) {
	if _, err := f.NewSheet(name); err != nil {
		return 0, err
	}
	if err := f.SetColWidth(name, "A", "A", 16); err != nil {
		return 0, err
	}
	if err := f.SetColWidth(name, "B", "B", notesWidth); err != nil {
		return 0, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Size: 10},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return 0, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontName, Bold: true, Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return 0, err
	}
	row := 1
	for _, n := range notes {
		if err := f.SetSheetRow(name, "A"+strconv.Itoa(row), &[]any{n[0], n[1]}); err != nil {
			return 0, err
		}
		if err := f.SetRowHeight(name, row, TextHeight(n[1], notesWidth)); err != nil {
			return 0, err
		}
		row++
	}
	if err := f.SetCellStyle(name, "A1", "A"+strconv.Itoa(row-1), bold); err != nil {
		return 0, err
	}
	if err := f.SetCellStyle(name, "B1", "B"+strconv.Itoa(row-1), wrap); err != nil {
		return 0, err
	}
	// On paper: the notes, one page wide; the example rows are to copy.
	fit, a4, wide, tall := true, 9, 1, 0
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return 0, err
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return 0, err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: "'" + name + "'!$A$1:$B$" + strconv.Itoa(row-1), Scope: name}); err != nil {
		return 0, err
	}
	row++
	if err := f.SetCellStr(name, "A"+strconv.Itoa(row), "示例（可复制到第一个工作表表头下）"); err != nil {
		return 0, err
	}
	row++
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := f.SetSheetRow(name, "A"+strconv.Itoa(row), &cells); err != nil {
		return 0, err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(header))
	return row, f.SetCellStyle(name, "A"+strconv.Itoa(row), lastCol+strconv.Itoa(row), bold)
}

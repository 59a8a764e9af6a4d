package ledger_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/migrations/migrationstest"
)

// padded rewrites the first sheet of the workbook xlsx: after its rows come
// blank ones, rows 3 to blanks+2, each holding one cell in the sheet's last
// column (XFD) whose value is value ("" writes a cell with a style only;
// " " a shared-string blank). It is what a careless "select all, format"
// leaves in a sheet: a few hundred KiB that read as 100,000 rows.
func padded(t testing.TB, xlsx []byte, blanks int, value string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			var rows strings.Builder
			for n := 3; n < blanks+3; n++ {
				switch value {
				case "":
					fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d" s="0"/></row>`, n, n)
				default:
					fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c></row>`, n, n, value)
				}
			}
			s := string(b)
			s = strings.Replace(s, "</sheetData>", rows.String()+"</sheetData>", 1)
			b = []byte(s)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// BenchmarkImportPaddedSheet dry-runs the padded sheets of ErrPaddedSheet
// (one real row, 100,000 rows with a cell in column XFD) and, for scale, a
// plain 5,000-row import. Before the column and blank-row budgets the
// sheet of spaces took 76 s.
//
//	go test ./services/ledger -run '^$' -bench ImportPaddedSheet -benchtime 5x
func BenchmarkImportPaddedSheet(b *testing.B) {
	d := newDistrict(b, migrationstest.Open(b), "bench")
	row := func() []any {
		return []any{"表后阀门漏气", "重大", "泄漏", gasName, street1Name, "广开四马路12号楼", "2026-03-07", "2026-04-06"}
	}
	one := book(b, importHeader, row())
	rows := [][]any{importHeader}
	for range 5_000 {
		rows = append(rows, row())
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"Spaces", padded(b, one, 100_000, " ")},
		{"Styled", padded(b, one, 100_000, "")},
		{"Plain5000", book(b, rows...)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				d.Ledger.Import(d.AsBureau, c.data, true)
			}
		})
	}
}

package ledger

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hearthsafety/hearth/services"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
)

// The parsers that read what clients send, fuzzed: they must never panic,
// and what they accept must hold to the API's rules. Plain `go test` runs
// the seeds; `go test ./services/ledger/ -run '^$' -fuzz FuzzParseHazardQuery`
// explores.

func FuzzParseHazardQuery(f *testing.F) {
	for _, s := range []string{
		"",
		"status=reported,rectifying&level=major&overdue=true",
		"category=leak&category=aging_pipeline&sort=-found_on&limit=200",
		"street_id=0193a5a0-0000-7000-8000-000000000001&company_id=0193a5a0-0000-7000-8000-000000000002",
		"deadline_from=2026-01-01&deadline_to=2026-12-31&found_from=2026-02-29&found_to=2026-11-05",
		"q=" + url.QueryEscape("广开四马路 表后阀门漏气"),
		"q=%E5%B9%BF%E5%BC%80&limit=1&cursor=eyJ2IjoiMjAyNi0xMS0wNSIsImlkIjoiMDE5M2E1YTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAxIn0",
		"limit=0", "limit=201", "limit=-1", "limit=1e2", "limit=+5", "limit=9999999999999999999999",
		"overdue=TRUE", "sort=name", "status=,,,", "status=verified,bogus", "colour=red",
		"cursor=!!!", "cursor=e30", "found_from=2026-02-30", "found_from=2026-1-5", "q=%FF%FE", "q=%00",
		"q=" + strings.Repeat("长", 101), "%", "a=%zz&b", "source=hotline;complaint",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		vals, _ := url.ParseQuery(raw) // what it could parse; the handler does the same
		q, err := ParseQuery(vals)
		if err != nil {
			var e *services.Error
			if !errors.As(err, &e) || e.Kind != services.KindInvalid || len(e.Fields) == 0 {
				t.Fatalf("%q: refused without naming a field: %#v", raw, err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > services.MaxLimit {
			t.Errorf("%q: limit %d", raw, q.Limit)
		}
		for _, d := range []string{q.DeadlineFrom, q.DeadlineTo, q.FoundFrom, q.FoundTo} {
			if d != "" && !services.ValidDate(d) {
				t.Errorf("%q: date %q", raw, d)
			}
		}
		for _, c := range []struct {
			got, allowed []string
		}{{q.Statuses, hazardStatuses}, {q.Categories, hazardCategories}, {q.Levels, hazardLevels}, {q.Sources, hazardSources}} {
			for _, v := range c.got {
				if !slices.Contains(c.allowed, v) {
					t.Errorf("%q: %q is not one of %v", raw, v, c.allowed)
				}
			}
		}
		if q.Sort != "deadline" && q.Sort != "found_on" {
			t.Errorf("%q: sort %q", raw, q.Sort)
		}
		if utf8.RuneCountInString(q.Text) > services.MaxTextFilter || !storable(q.Text) {
			t.Errorf("%q: text filter %q", raw, q.Text)
		}
		if q.After != nil && (!services.ValidDate(q.After.V) || q.After.ID == uuid.Nil) {
			t.Errorf("%q: cursor %+v", raw, q.After)
		}
	})
}

// storable: what a database text column takes (valid UTF-8, no NUL).
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func FuzzParseImportRow(f *testing.F) {
	// desc, level, category, company, street, address, found, measure,
	// person, deadline; the rest reorder and cut the row.
	seeds := [][10]string{
		{"表后阀门漏气", "重大", "泄漏", "津燃华润燃气有限公司", "广开街", "广开四马路12号楼", "2026-11-05", "更换阀门", "张工", "2026-11-30"},
		{"立管锈蚀", "一般", "老旧管网", "", "兴南街", "兴南路3号", "46331", "", "", "2026/12/5"},
		{"报警器失效", "一般隐患", "报警器缺失或故障", "天津市南开燃气服务有限公司", "学府街", "学府路5号", "2026年11月5日", "", "", "20261231"},
		{"热网泄漏", "major", "heating_network_defect", "南开区供热服务中心", "鼓楼街", "鼓楼东街1号", "2026-11-05T00:00:00Z", "", "", "2026.12.31"},
		{"  前后空格  ", " 一般 ", " 占压 ", " ", " 体育中心街 ", " 凌宾路9号 ", " 2026-11-05 08:30 ", "", "", "46361.75"},
		{"", "严重", "漏电", "不存在", "友谊路街", "", "2026-13-01", "", "", "x"},
		{"=1+1", "一般", "其他", "=HYPERLINK(\"x\")", "@街", "\x00地址\x01", "2026-02-29", "", "", "2028-02-29"},
		{"\xff\xfe", "一般", "OTHER", "a", "b", "c", "0", "", "", "2958466"},
		{"x", "一般", "其他", "a", "b", "c", "1949-12-31", "", "", "18000"},
		{"x", "一般", "其他", "a", "b", "c", "9999-12-31", "", "", "2958465"},
		{"x", "一般", "其他", "a", "b", "c", "2026-11-05T", "", "", "2026-11-05Tgarbage"},
	}
	for i, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], uint8(i), uint8(15), i%3 == 0)
	}
	f.Fuzz(func(t *testing.T, desc, level, category, company, street, address, found, measure, person, deadline string,
		shift, cut uint8, date1904 bool) {
		// The ledger's columns, rotated by shift, with one extra column
		// and the row cut short by cut.
		values := map[string]string{colSeq: "1", colDescription: desc, colLevel: level, colCategory: category,
			colCompany: company, colStreet: street, colAddress: address, colFoundOn: found, colMeasure: measure,
			colPerson: person, colDeadline: deadline, colStatus: "已上报", colVerifier: "", colVerifiedOn: ""}
		cols := append(slices.Clone(ledgerColumns), "备注")
		n := len(cols)
		header := map[string]int{}
		cells := make([]string, n)
		for i, col := range cols {
			at := (i + int(shift)) % n
			if col != "备注" {
				header[col] = at
			}
			cells[at] = values[col]
		}
		cells = cells[:int(cut)%(n+1)]

		r, probs := parseImportRow(header, cells, date1904)
		for _, p := range probs {
			if !slices.Contains(ledgerColumns, p.Column) || p.Message == "" || p.Row != 0 {
				t.Fatalf("problem %+v", p)
			}
		}
		for _, s := range []string{r.In.Description, r.In.Address, r.In.Measure, r.In.ResponsiblePerson, r.Company, r.Street} {
			if !storable(s) || s != strings.TrimSpace(s) {
				t.Fatalf("cell %q kept as it came", s)
			}
		}
		if len(probs) > 0 {
			return
		}
		if !r.In.Level.Valid() || !r.In.Category.Valid() {
			t.Fatalf("accepted level %q, category %q", r.In.Level, r.In.Category)
		}
		if !services.ValidDate(r.In.FoundOn) || !services.ValidDate(r.In.Deadline) {
			t.Fatalf("accepted dates %q, %q from %q, %q", r.In.FoundOn, r.In.Deadline, found, deadline)
		}
		if r.In.Description == "" || r.In.Address == "" {
			t.Fatalf("accepted a row without description or address: %+v", r)
		}
		// A normalised date reads back as itself.
		for _, d := range []string{r.In.FoundOn, r.In.Deadline} {
			if again, ok := parseLedgerDate(d, date1904); !ok || again != d {
				t.Fatalf("%q reads back as %q, %v", d, again, ok)
			}
		}
		// With a company and street resolved, the create's validator
		// agrees on everything but lengths.
		in := r.In
		in.Source, in.StreetID = "self_inspection", uuid.Must(uuid.NewV7())
		if err := services.Check(&in); err != nil {
			var e *services.Error
			if !errors.As(err, &e) {
				t.Fatal(err)
			}
			for _, fe := range e.Fields {
				if !strings.HasPrefix(fe.Message, "must be at most") {
					t.Fatalf("parsed row fails validation: %+v", fe)
				}
			}
		}
	})
}

// FuzzReadImportSheet feeds uploads to the sheet reader: whatever the bytes,
// an answer (a sheet, or one of our errors), never a panic.
func FuzzReadImportSheet(f *testing.F) {
	book := func(rows ...[]any) []byte {
		x := excelize.NewFile()
		defer x.Close()
		for i, r := range rows {
			x.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r)
		}
		b, err := x.WriteToBuffer()
		if err != nil {
			f.Fatal(err)
		}
		return b.Bytes()
	}
	header := make([]any, len(ledgerColumns))
	for i, c := range ledgerColumns {
		header[i] = c
	}
	f.Add(book(header, []any{1, "表后阀门漏气", "重大", "泄漏", "津燃华润燃气有限公司", "广开街", "广开四马路12号楼", "2026-11-05", "", "", "2026-11-30"}), true)
	f.Add(book([]any{"台账"}, header, []any{}, []any{2, "x"}), false)
	f.Add(book(), true)
	f.Add([]byte("PK\x03\x04"), true)
	f.Add([]byte("\x89PNG\r\n\x1a\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, needCompany bool) {
		s, err := readImportSheet(data, needCompany)
		if err != nil {
			var e *services.Error
			if !errors.As(err, &e) || e.Kind == services.KindInternal {
				t.Fatalf("not a client error: %v", err)
			}
			return
		}
		if len(s.rows) == 0 || len(s.rows) > maxImportRows || s.header[colDescription] < 0 {
			t.Fatalf("sheet %+v", s)
		}
		for _, r := range s.rows {
			parseImportRow(s.header, r.cells, s.date1904)
		}
	})
}

package handlers_test

// Regression tests for what the security review reproduced: inputs that
// cost far more memory or guesses than their size, and text PostgreSQL
// refuses. Each stops one attack, described above it.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/ent/idempotencykey"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// peakHeap runs fn and returns the largest growth of the heap seen meanwhile.
// The callers are not parallel tests, so the heap is theirs alone.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	fn()
	close(stop)
	<-done
	if peak.Load() < base {
		return 0
	}
	return peak.Load() - base
}

// handBook builds a minimal .xlsx by hand, with sheetXML as its only sheet
// and extra parts as given: excelize would not write the files attackers do.
func handBook(t *testing.T, sheetXML string, extra map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	add("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`))
	add("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	add("xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	add("xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`))
	add("xl/worksheets/sheet1.xml", []byte(sheetXML))
	for k, v := range extra {
		add(k, v)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func inlineCell(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// TestImportFarColumnsStayCheap: a 27 KB sheet whose 5,000 rows each hold
// one cell in the last column (XFD) once cost 2.4 GiB, as excelize pads
// every row to 16,384 cells and the import kept them.
func TestImportFarColumnsStayCheap(t *testing.T) {
	e := handlerstest.New(t)
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
	for i, h := range []string{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"} {
		sb.WriteString(inlineCell(fmt.Sprintf("%c1", 'A'+i), h))
	}
	sb.WriteString(`</row>`)
	for r := 2; r <= 5001; r++ {
		fmt.Fprintf(&sb, `<row r="%d">%s</row>`, r, inlineCell(fmt.Sprintf("XFD%d", r), "x"))
	}
	sb.WriteString(`</sheetData></worksheet>`)
	file := handBook(t, sb.String(), nil)
	var res handlerstest.Response
	peak := peakHeap(func() { res = xlUpload(e, xlClerk, "?dry_run=true", file) })
	if res.Status >= 500 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if peak > 256<<20 {
		t.Fatalf("a %d-byte upload grew the heap by %d MiB", len(file), peak>>20)
	}
}

// TestImportRefusesInflatingParts: a 248 KB file of extra parts that
// unpack to 240 MiB of zeros is refused from the zip's directory, before
// anything is inflated.
func TestImportRefusesInflatingParts(t *testing.T) {
	e := handlerstest.New(t)
	extra := map[string][]byte{}
	zero := make([]byte, 15<<20)
	for i := 0; i < 16; i++ {
		extra[fmt.Sprintf("xl/junk%02d.bin", i)] = zero
	}
	file := handBook(t, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`, extra)
	var res handlerstest.Response
	peak := peakHeap(func() { res = xlUpload(e, xlClerk, "?dry_run=true", file) })
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if peak > 64<<20 {
		t.Fatalf("refusing it grew the heap by %d MiB", peak>>20)
	}
}

// TestConcurrentGuessesAreCounted: guesses sent all at once were each
// checked before the first failure was counted, so a burst had no limit.
// Attempts are now counted before the password is: at most five get through.
func TestConcurrentGuessesAreCounted(t *testing.T) {
	e := handlerstest.New(t)
	const n = 40
	var wg sync.WaitGroup
	var checked, throttled atomic.Int32
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := e.Do("", http.MethodPost, "/api/v1/auth/login",
				map[string]string{"tenant": "nankai", "username": "bureau.admin", "password": "wrong-password-x"})
			switch res.Status {
			case http.StatusUnauthorized:
				checked.Add(1)
			case http.StatusTooManyRequests:
				throttled.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if checked.Load() > 5 || checked.Load()+throttled.Load() != n {
		t.Fatalf("of %d concurrent guesses %d were checked and %d throttled; want at most 5 checked", n, checked.Load(), throttled.Load())
	}
}

// TestUnstorableTextIsRefused: NUL and invalid UTF-8 in query text and keys
// reached PostgreSQL and came back as 500s.
func TestUnstorableTextIsRefused(t *testing.T) {
	e := handlerstest.New(t)
	for _, p := range []string{
		"/api/v1/orgs?q=%00", "/api/v1/orgs?q=%ff", "/api/v1/users?q=%00", "/api/v1/users?q=%ff",
		"/api/v1/audit?record_type=%00", "/api/v1/audit?record_type=%ff", "/api/v1/hazards?q=%00",
	} {
		if res := e.As("nankai/bureau.admin", http.MethodGet, p, nil); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET %s: %d %s", p, res.Status, res.Body)
		}
	}
	res := e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/orgs",
		map[string]string{"name": "某燃气公司", "kind": "gas_company"}, "Idempotency-Key", "k\xff\xfe")
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("a non-UTF-8 Idempotency-Key: %d %s", res.Status, res.Body)
	}
}

// TestLongPasswordIsAValidationError: 100 Chinese characters are 300 bytes,
// over the hasher's bound; it was a 500.
func TestLongPasswordIsAValidationError(t *testing.T) {
	e := handlerstest.New(t)
	res := e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/users", map[string]any{
		"username": "long.pw", "password": strings.Repeat("密", 100), "org_id": e.OrgID("津燃华润燃气有限公司"),
		"roles": []string{"company_staff"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"password"`) {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
}

// TestEvidenceIsCapped: a hazard keeps at most 50 files, so one login cannot
// fill the disk 10 MiB at a time.
func TestEvidenceIsCapped(t *testing.T) {
	l := newLedger(t)
	id := l.report("nankai/gas1.clerk", "广开街", nil)["id"].(string)
	for i := 0; i < 50; i++ {
		wantStatus(t, l.attach("nankai/gas1.clerk", id, "before", "现场.png", tinyPNG), http.StatusCreated)
	}
	res := l.attach("nankai/gas1.clerk", id, "before", "现场.png", tinyPNG)
	if res.Status != http.StatusConflict || res.JSON()["code"] != "too_many_attachments" {
		t.Fatalf("51st file: %d %s", res.Status, res.Body)
	}
}

// TestAbandonedIdempotencyClaimIsTakenOver: a create that died after
// claiming its key (a crash) must not block the key for a day.
func TestAbandonedIdempotencyClaimIsTakenOver(t *testing.T) {
	l := newLedger(t)
	body := l.hazardIn("广开街", nil)
	send := func() handlerstest.Response {
		return l.As("nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "died-1")
	}
	wantStatus(t, send(), http.StatusCreated)
	// What a crash between claiming the key and answering leaves: the claim
	// without its answer.
	if err := l.DB.Client.IdempotencyKey.Update().Where(idempotencykey.Key("died-1")).SetStatus(0).
		Exec(policy.System(context.Background())); err != nil {
		t.Fatal(err)
	}
	if res := send(); res.Status != http.StatusConflict {
		t.Fatalf("while it may still run: %d %s", res.Status, res.Body)
	}
	l.at(day0.Add(6 * time.Minute))
	wantStatus(t, send(), http.StatusCreated)
}

// TestRequestIDFromClient: a well-formed X-Request-ID (a proxy's trace id)
// is kept; anything else is replaced, so clients cannot write into the logs.
func TestRequestIDFromClient(t *testing.T) {
	e := handlerstest.New(t)
	for sent, keep := range map[string]bool{
		"trace-0123456789abcdef": true,
		"x":                      false,
		"evil\" injected=1 msg=": false,
		strings.Repeat("a", 65):  false,
	} {
		got := e.Do("", http.MethodGet, "/healthz", nil, "X-Request-ID", sent).Header.Get("X-Request-ID")
		if (got == sent) != keep || got == "" {
			t.Errorf("sent %q, answered %q", sent, got)
		}
	}
}

package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// The write benchmarks (issue: fast writes at any size), on SQLite by
// default and on PostgreSQL with HEARTH_TEST_DATABASE_URL set, through the
// real app:
//
//	go test ./handlers/ -run '^$' -bench 'Import|CreateHazard|WriteDuringImport' -benchtime 3x
//
// Each reports ms per operation; WriteDuringImport reports the slowest
// write beside a running import and how many failed.

// benchRows is a ledger sheet of n rows for a nankai gas company clerk: the
// company column is left out (a company's rows are its own), the streets are
// the demo district's.
func benchRows(b testing.TB, n int, tag string) []byte {
	b.Helper()
	rows := [][]any{{"序号", "隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改措施", "整改责任人", "整改期限"}}
	streets := []string{"广开街", "兴南街", "体育中心街", "学府街", "鼓楼街"}
	found, deadline := time.Now().AddDate(0, 0, -3).Format(time.DateOnly), time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	for i := range n {
		rows = append(rows, []any{i + 1, fmt.Sprintf("%s 楼道燃气立管锈蚀 %d", tag, i), "一般", "老旧管网",
			streets[i%len(streets)], fmt.Sprintf("学府路%d号楼", i), found, "更换立管", "张工", deadline})
	}
	return xlBook(b, rows...)
}

// benchHazard is a POST /hazards body for login's district.
func benchHazard(e *handlerstest.Env, street string) map[string]any {
	return map[string]any{"street_id": e.OrgID(street), "address": "广开四马路12号楼", "category": "leak",
		"level": "general", "source": "self_inspection", "found_on": time.Now().Format(time.DateOnly),
		"description": "表后阀门漏气", "deadline": time.Now().AddDate(0, 0, 10).Format(time.DateOnly)}
}

// BenchmarkImport imports 5,000 rows, as a dry run and for real.
func BenchmarkImport(b *testing.B) {
	for _, dry := range []bool{true, false} {
		b.Run(fmt.Sprintf("rows=5000/dry_run=%v", dry), func(b *testing.B) {
			e := handlerstest.New(b)
			file := benchRows(b, benchImportRows, "导入")
			q := ""
			if dry {
				q = "?dry_run=true"
			}
			b.ResetTimer()
			for range b.N {
				res := xlUpload(e, "nankai/gas1.clerk", q, file)
				if res.Status != http.StatusOK && res.Status != http.StatusCreated {
					b.Fatalf("import: %d %s", res.Status, res.Body)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/import")
		})
	}
}

// BenchmarkCreateHazard is POST /hazards in a district of 10 hazards and in
// one of 100,000 (filled by imports of 5,000 rows, untimed).
func BenchmarkCreateHazard(b *testing.B) {
	for _, size := range []int{10, 100_000} {
		b.Run(fmt.Sprintf("district=%d", size), func(b *testing.B) {
			e := handlerstest.New(b)
			for done := 0; done < size; done += 5000 {
				file := benchRows(b, min(5000, size-done), fmt.Sprintf("填充%d", done))
				if res := xlUpload(e, "nankai/gas1.clerk", "", file); res.Status != http.StatusCreated {
					b.Fatalf("filling: %d %s", res.Status, res.Body)
				}
			}
			body := benchHazard(e, "广开街")
			b.ResetTimer()
			for range b.N {
				if res := e.As("nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards", body); res.Status != http.StatusCreated {
					b.Fatalf("create: %d %s", res.Status, res.Body)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/create")
		})
	}
}

// BenchmarkWriteDuringImport runs a 5,000-row import in nankai while a
// writer in hexi (another district) and one in nankai (the same district)
// each record hazards one after another; it reports the slowest write of
// each and how many failed. A write elsewhere must never fail; one in the
// same district may wait for the import's commit, not for its parsing.
func BenchmarkWriteDuringImport(b *testing.B) {
	e := handlerstest.New(b)
	file := benchRows(b, 5000, "并发")
	var worstOther, worstSame time.Duration
	failed := 0
	b.ResetTimer()
	for range b.N {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		writer := func(login, street string, worst *time.Duration) {
			defer wg.Done()
			body := benchHazard(e, street)
			for {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				res := e.As(login, http.MethodPost, "/api/v1/hazards", body)
				d := time.Since(t0)
				mu.Lock()
				*worst = max(*worst, d)
				if res.Status != http.StatusCreated {
					failed++
				}
				mu.Unlock()
			}
		}
		wg.Add(2)
		go writer("hexi/gas1.clerk", "友谊路街", &worstOther)
		go writer("nankai/gas2.clerk", "学府街", &worstSame)
		res := xlUpload(e, "nankai/gas1.clerk", "", file)
		close(stop)
		wg.Wait()
		if res.Status != http.StatusCreated {
			b.Fatalf("import: %d %s", res.Status, res.Body)
		}
	}
	b.ReportMetric(float64(worstOther.Microseconds())/1000, "ms/worst-other-district")
	b.ReportMetric(float64(worstSame.Microseconds())/1000, "ms/worst-same-district")
	b.ReportMetric(float64(failed), "failed-writes")
}

// benchImportRows is the size of a benchmarked import: the largest allowed.
var benchImportRows = 5000

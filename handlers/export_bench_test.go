package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/services/seed"
)

// BenchmarkExport is GET /hazards/export.xlsx of a district of 10,000 and of
// 100,000 hazards (the load-data generator's, untimed), through the real
// app, as the bureau: every row. It reports ms per export, the CPU time the
// process spent on it (steadier than the wall clock on a shared machine),
// the workbook's size, and the peak of the Go heap while the export ran
// (sampled every 5 ms), which stays flat as the rows grow: rows stream to a
// temporary file.
//
//	go test ./handlers/ -run '^$' -bench Export -benchtime 1x
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			e := handlerstest.New(b)
			ctx := context.Background()
			const pw = "bench-password-1"
			if _, err := seed.Bench(ctx, seed.DB{Client: e.DB.Client, SQL: e.DB.SQL, Dialect: e.DB.Dialect},
				handlerstest.Cheap, seed.BenchOptions{Districts: 1, Hazards: n, Password: pw}); err != nil {
				b.Fatal(err)
			}
			if err := e.Authz.Reload(ctx); err != nil {
				b.Fatal(err)
			}
			bureau := e.Login("bench01", "bureau.admin", pw)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			peak, stop := heapPeak()
			cpu := cpuTime()
			b.ReportAllocs()
			b.ResetTimer()
			size := 0
			for range b.N {
				res := e.Do(bureau, http.MethodGet, xlExportPath, nil)
				if res.Status != http.StatusOK {
					b.Fatalf("export: %d %s", res.Status, res.Body)
				}
				size = len(res.Body)
			}
			b.StopTimer()
			cpu = cpuTime() - cpu
			stop()
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/export")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/export")
			b.ReportMetric(float64(size)/(1<<20), "MiB-xlsx")
			b.ReportMetric(float64(*peak-base.HeapInuse)/(1<<20), "MiB-peak-heap")
		})
	}
}

// cpuTime is the CPU time, user and system, the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapPeak samples the heap in use until stop is called; *peak is the
// highest seen.
func heapPeak() (peak *uint64, stop func()) {
	peak = new(uint64)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return peak, func() { close(done); wg.Wait() }
}

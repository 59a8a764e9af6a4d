package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// The reminder-delivery benchmark (issue 4): 100,000 reminders due at one
// instant, delivered by a real `hearth worker` on real PostgreSQL and Redis.
const (
	benchReminderCount = 100_000
	// benchHazardCount: the bench seed leaves about 6.2% of its hazards open
	// (reported or rectifying), most being old and verified; 1.8M hazards
	// give about 111k open ones, enough for 100k reminders.
	benchHazardCount  = 1_800_000
	benchDistricts    = 20
	benchDefaultLead  = 90 * time.Second // from the INSERT to T0: the relay's time to hand Redis all 100k
	benchDeliverLimit = 5 * time.Minute
	benchPollEvery    = 100 * time.Millisecond
)

// BenchmarkReminderDelivery schedules 100,000 reminders due at the same
// instant T0 and measures the time from T0 until all are delivered to the
// in-app inbox by `hearth worker` (the real binary, as a subprocess), on the
// PostgreSQL server of HEARTH_BENCH_DATABASE_URL (a fresh database, dropped
// afterwards) and the Redis of HEARTH_BENCH_REDIS_URL (or
// HEARTH_TEST_REDIS_URL; keys under a prefix of its own, deleted afterwards).
//
// Its body runs once whatever b.N is; run it with -benchtime 1x:
//
//	HEARTH_BENCH_DATABASE_URL='postgres://127.0.0.1:5432/postgres?sslmode=disable' \
//	HEARTH_BENCH_REDIS_URL='redis://127.0.0.1:6379/0' \
//	go test ./cmd/hearth/ -run '^$' -bench ReminderDelivery -benchtime 1x -timeout 30m -v
//
// HEARTH_BENCH_LEAD (a duration, 90s by default) sets how far after the
// INSERT the reminders fall due; all must be in Redis by then, or the
// benchmark fails. ns/op is the delivery phase alone (T0 until all sent).
//
// The end is seen by polling every 100 ms. HEARTH_BENCH_POLL=redis (the
// default) asks Redis how many tasks are left (cheap) and counts the sent
// reminders in the database every second and once Redis has none left;
// HEARTH_BENCH_POLL=db counts them in the database at every poll, which on a
// small machine takes a noticeable share of PostgreSQL's CPU from the worker.
// HEARTH_BENCH_BIN runs that hearth binary instead of building one.
func BenchmarkReminderDelivery(b *testing.B) {
	pgURL := os.Getenv("HEARTH_BENCH_DATABASE_URL")
	redisURL := os.Getenv("HEARTH_BENCH_REDIS_URL")
	if redisURL == "" {
		redisURL = os.Getenv("HEARTH_TEST_REDIS_URL")
	}
	if pgURL == "" || redisURL == "" {
		b.Skip("set HEARTH_BENCH_DATABASE_URL (a PostgreSQL server URL, e.g. " +
			"postgres://127.0.0.1:5432/postgres?sslmode=disable) and HEARTH_BENCH_REDIS_URL " +
			"(or HEARTH_TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/0) to run the reminder delivery benchmark")
	}
	lead := benchDefaultLead
	if v := os.Getenv("HEARTH_BENCH_LEAD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 5*time.Second {
			b.Fatalf("HEARTH_BENCH_LEAD=%q: want a duration of at least 5s", v)
		}
		lead = d
	}
	pollMode := os.Getenv("HEARTH_BENCH_POLL")
	switch pollMode {
	case "":
		pollMode = "redis"
	case "redis", "db":
	default:
		b.Fatalf("HEARTH_BENCH_POLL=%q: want redis or db", pollMode)
	}
	ctx := context.Background()
	tag := benchRandomTag()
	tmp := b.TempDir()

	// The binary, built once from the module root (the test runs in cmd/hearth).
	bin := os.Getenv("HEARTH_BENCH_BIN")
	t := time.Now()
	if bin == "" {
		bin = filepath.Join(tmp, "hearth")
		benchBuildHearth(b, bin)
		b.Logf("built %s in %s", bin, time.Since(t).Round(time.Millisecond))
	}

	// A fresh database on the server, migrated.
	dbName := "hearth_rbench_" + tag
	dbURL := benchCreateDatabase(b, pgURL, dbName)
	db, err := migrations.Open(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Up(ctx); err != nil {
		b.Fatal(err)
	}

	// Load data: districts, organisations, logins and hazards.
	t = time.Now()
	rep, err := seed.Bench(ctx, seed.DB{Client: db.Client, SQL: db.SQL, Dialect: db.Dialect},
		accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1}, seed.BenchOptions{Districts: benchDistricts, Hazards: benchHazardCount, Password: "rbench-password-1"})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d districts and %d hazards in %s (hazards %s, vacuum/analyze %s)", len(rep.Districts), rep.Hazards,
		time.Since(t).Round(time.Millisecond), rep.Rows.Round(time.Millisecond), rep.Analyze.Round(time.Millisecond))
	var open int
	if err := db.SQL.QueryRowContext(ctx,
		`SELECT count(*) FROM hazards WHERE status IN ('reported','rectifying')`).Scan(&open); err != nil {
		b.Fatal(err)
	}
	if open < benchReminderCount {
		b.Fatalf("the seed left %d open hazards, fewer than the %d reminders: raise benchHazardCount", open, benchReminderCount)
	}
	var companyUsers, companies int
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE u.id IS NOT NULL), count(DISTINCT o.id)
		FROM orgs o LEFT JOIN users u ON u.org_id = o.id AND NOT u.disabled
		WHERE o.kind IN ('gas_company','heating_company')`).Scan(&companyUsers, &companies); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d open hazards; %d companies with %d enabled users (the recipients of a due_soon reminder)",
		open, companies, companyUsers)

	// 100,000 reminders due at T0 (a whole second, as asynq schedules in
	// whole seconds), in one statement.
	t0 := time.Now().Add(lead).Truncate(time.Second).Add(time.Second)
	t = time.Now()
	// Their hazards fall due in a week (a due-soon reminder of a deadline
	// already past is dropped, the escalation speaking instead).
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	due := t0.In(shanghai).AddDate(0, 0, 7).Format(time.DateOnly)
	if _, err := db.SQL.ExecContext(ctx, `UPDATE hazards SET deadline = $1 WHERE id IN
		(SELECT id FROM hazards WHERE status IN ('reported','rectifying') LIMIT $2)`, due, benchReminderCount); err != nil {
		b.Fatal(err)
	}
	res, err := db.SQL.ExecContext(ctx, `INSERT INTO reminders (id, created_at, updated_at, company_id, street_id,
		tenant_id, subject, subject_id, kind, rung, days_before, deadline, audience, due_at, state)
		SELECT gen_random_uuid(), now(), now(), company_id, street_id, tenant_id, 'hazard', id, 'due_soon', 'd7', 7,
			deadline, '["company"]', $1, 'scheduled'
		FROM hazards WHERE status IN ('reported','rectifying') AND deadline = $2 LIMIT $3`, t0.UTC(), due, benchReminderCount)
	if err != nil {
		b.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != benchReminderCount {
		b.Fatalf("inserted %d reminders, want %d", n, benchReminderCount)
	}
	// Every other hazard not yet verified gets a settled placeholder, so
	// that the worker's start-up backfill (which plans open hazards with no
	// reminders, as after an upgrade) adds nothing to the measure.
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO reminders (id, created_at, updated_at, company_id, street_id,
		tenant_id, subject, subject_id, kind, rung, days_before, deadline, audience, due_at, state, note)
		SELECT gen_random_uuid(), now(), now(), company_id, street_id, tenant_id, 'hazard', id, 'overdue', 'e0', 0,
			deadline, '["company","street","bureau"]', $1, 'cancelled', 'bench placeholder'
		FROM hazards h WHERE status <> 'verified' AND NOT EXISTS
			(SELECT 1 FROM reminders r WHERE r.subject_id = h.id AND r.subject = 'hazard' AND r.deadline = h.deadline)`, t0.UTC()); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE reminders"); err != nil {
		b.Fatal(err)
	}
	b.Logf("inserted %d reminders due at T0 = %s in %s", benchReminderCount, t0.Format(time.RFC3339),
		time.Since(t).Round(time.Millisecond))

	// Redis, and its clean-up once the worker has stopped (cleanups run in
	// reverse: the worker's stop is registered after this).
	ropt, err := redis.ParseURL(redisURL)
	if err != nil {
		b.Fatalf("redis URL: %v", err)
	}
	rdb := redis.NewClient(ropt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		b.Fatalf("redis at %s: %v", ropt.Addr, err)
	}
	prefix := "hearth-rbench-" + tag + ":"
	b.Cleanup(func() { benchCleanRedis(b, rdb, prefix); rdb.Close() })

	// The worker.
	w := benchStartWorker(b, bin, tmp, dbURL, redisURL, prefix)
	enqueueStart := w.started

	// Enqueue phase: the relay's first pass hands Redis all 100k.
	var queued int
	for {
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM reminders WHERE queued_at IS NOT NULL`).Scan(&queued); err != nil {
			b.Fatal(err)
		}
		if queued == benchReminderCount {
			break
		}
		if w.exited() {
			b.Fatalf("hearth worker exited during the enqueue phase:\n%s", w.logs.tail())
		}
		if time.Now().After(t0) {
			b.Fatalf("only %d of %d reminders were in Redis at T0 (%s after the worker started): "+
				"raise HEARTH_BENCH_LEAD so that the measured phase is delivery only", queued, benchReminderCount,
				time.Since(enqueueStart).Round(time.Millisecond))
		}
		time.Sleep(benchPollEvery)
	}
	enqueue := time.Since(enqueueStart)
	b.Logf("enqueue: all %d reminders in Redis %s after the worker started (%.0f/s, process start included); T0 in %s",
		benchReminderCount, enqueue.Round(time.Millisecond), benchReminderCount/enqueue.Seconds(),
		time.Until(t0).Round(time.Millisecond))

	// Where Redis scheduled them: the relay asks for ProcessIn(due - now),
	// with now the start of its pass, so a task enqueued late in the pass
	// is scheduled late by as much.
	schedKey := "asynq:{" + prefix + "reminders}:scheduled"
	nsched, err := rdb.ZCard(ctx, schedKey).Result()
	if err != nil {
		b.Fatal(err)
	}
	if nsched != benchReminderCount {
		b.Fatalf("Redis holds %d scheduled reminder tasks, want %d", nsched, benchReminderCount)
	}
	spread := benchScheduleSpread(b, rdb, schedKey, t0)

	// Delivery phase, from T0.
	time.Sleep(time.Until(t0))
	b.ResetTimer()
	cpu0 := benchCPU(w.cmd.Process.Pid)
	var (
		sent, bad  int
		pollTime   time.Duration
		polls      int
		dbPolls    int
		qstats     benchQueueStats
		waits      = map[string]int{}
		deadline   = t0.Add(benchDeliverLimit)
		elapsed    time.Duration
		dbNameArgs = []any{dbName}
	)
	for {
		q0 := time.Now()
		// In the default mode Redis says when the worker has nothing left
		// (a task leaves "active" once its batch has committed), and the
		// database is counted every second and then; in db mode it is
		// counted at every poll.
		remaining := -1
		if pollMode == "redis" {
			remaining = benchRemaining(ctx, b, rdb, prefix+"reminders", &qstats)
		}
		if pollMode == "db" || remaining == 0 || polls%10 == 0 {
			counts, err := benchStateCounts(ctx, db.SQL)
			if err != nil {
				b.Fatal(err)
			}
			dbPolls++
			sent, bad = counts["sent"], counts["cancelled"]+counts["failed"]
			if bad > 0 {
				b.Fatalf("%d reminders cancelled or failed (%v): the setup is wrong\n%s", bad, counts, w.logs.tail())
			}
		}
		benchSampleWaits(ctx, db.SQL, dbNameArgs, waits)
		pollTime += time.Since(q0)
		polls++
		if sent == benchReminderCount {
			elapsed = time.Since(t0)
			break
		}
		if w.exited() {
			b.Fatalf("hearth worker exited with %d of %d sent:\n%s", sent, benchReminderCount, w.logs.tail())
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d reminders sent %s after T0 (%d tasks left in Redis)", sent, benchReminderCount,
				benchDeliverLimit, remaining)
		}
		time.Sleep(time.Until(q0.Add(benchPollEvery)))
	}
	b.StopTimer()
	cpu1 := benchCPU(w.cmd.Process.Pid)
	hwm, rss := benchProcMemory(b, w.cmd.Process.Pid)
	w.stop(b)

	// What the run wrote.
	var items, digests, recipients, attempts int
	var firstDone, lastDone time.Time
	if err := db.SQL.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM notification_items),
		(SELECT count(*) FROM notifications), (SELECT coalesce(sum(recipients),0) FROM reminders),
		(SELECT min(done_at) FROM reminders), (SELECT max(done_at) FROM reminders),
		(SELECT coalesce(sum(attempts),0) FROM reminders)`).
		Scan(&items, &digests, &recipients, &firstDone, &lastDone, &attempts); err != nil {
		b.Fatal(err)
	}
	if attempts > 0 {
		b.Logf("warning: %d failed delivery attempts were recorded (retried batches): %s\nworker log:\n%s",
			attempts, benchLastErrors(b, db.SQL), w.logs.tail())
	}
	firstBatch, lastBatch := firstDone.Sub(t0), lastDone.Sub(t0)
	if items != recipients {
		b.Errorf("%d notification items, but the reminders count %d recipients", items, recipients)
	}
	batches := benchBatchSizes(b, db.SQL)
	timeline := benchTimeline(b, db.SQL, t0)

	rate := benchReminderCount / elapsed.Seconds()
	b.Logf("delivery: %d reminders sent %s after T0 (first batch at T0%+.3fs, last at T0%+.3fs): %.0f deliveries/s, %d items (%.0f/s) into %d digests, %.2f recipients a reminder",
		sent, elapsed.Round(time.Millisecond), firstBatch.Seconds(), lastBatch.Seconds(), rate, items,
		float64(items)/elapsed.Seconds(), digests, float64(recipients)/benchReminderCount)
	b.Logf("delivered per second after T0: %s", timeline)
	b.Logf("batches (one done_at each): %s", batches.summary)
	b.Logf("worker memory: peak RSS (VmHWM) %.1f MiB, RSS at the end %.1f MiB", hwm, rss)
	d := cpu1.sub(cpu0)
	sec := elapsed.Seconds()
	b.Logf("CPU during delivery (%d cores): worker %.2fs (%.0f%% of a core), postgres %.2fs (%.0f%%; %d processes), redis %.2fs (%.0f%%)",
		runtime.NumCPU(), d.worker, 100*d.worker/sec, d.postgres, 100*d.postgres/sec, cpu1.pgProcs, d.redis, 100*d.redis/sec)
	b.Logf("this benchmark's own polling (%s mode): %d polls, %d of them counting reminders in the database, %s in queries (%.0f%% of the phase)",
		pollMode, polls, dbPolls, pollTime.Round(time.Millisecond), 100*pollTime.Seconds()/sec)
	b.Logf("reminder tasks in Redis while any were left, over the polls: %s", qstats)
	b.Logf("active backends of the database by wait event, summed over the polls: %s", benchFormatWaits(waits))

	b.ReportMetric(rate, "deliveries/s")
	b.ReportMetric(float64(items)/sec, "items/s")
	b.ReportMetric(hwm, "peak-RSS-MiB")
	b.ReportMetric(enqueue.Seconds(), "enqueue-s")
	b.ReportMetric(float64(recipients)/benchReminderCount, "recipients/reminder")
	b.ReportMetric(spread.Seconds(), "sched-spread-s")
	b.ReportMetric(batches.mean, "reminders/batch")
	b.ReportMetric(d.worker, "worker-CPU-s")
	b.ReportMetric(d.postgres, "pg-CPU-s")
	_ = b.N // the body runs once; run with -benchtime 1x
}

// benchRandomTag is a short random name part.
func benchRandomTag() string {
	var p [6]byte
	rand.Read(p[:])
	return hex.EncodeToString(p[:])
}

// benchBuildHearth builds ./cmd/hearth from the module root into bin.
func benchBuildHearth(b *testing.B, bin string) {
	b.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		b.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		b.Fatal("not inside the hearth module")
	}
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/hearth")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
}

// benchCreateDatabase creates name on the server of base and returns its URL;
// the database is dropped when the benchmark ends.
func benchCreateDatabase(b *testing.B, base, name string) string {
	b.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		b.Fatalf("creating %s on HEARTH_BENCH_DATABASE_URL: %v", name, err)
	}
	b.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			b.Errorf("dropping %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// benchLogBuffer holds the worker's output.
type benchLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *benchLogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// tail is the last few kB of the output.
func (l *benchLogBuffer) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

// benchWorker is a running `hearth worker`.
type benchWorker struct {
	cmd     *exec.Cmd
	logs    *benchLogBuffer
	started time.Time
	done    chan struct{}
	err     error // once done is closed
	once    sync.Once
}

// benchStartWorker starts `hearth worker` on the database and Redis; it is
// stopped (SIGTERM, then SIGKILL) when the benchmark ends, if not before.
func benchStartWorker(b *testing.B, bin, tmp, dbURL, redisURL, prefix string) *benchWorker {
	b.Helper()
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEARTH_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HEARTH_DATABASE_URL="+dbURL, "HEARTH_REDIS_URL="+redisURL, "HEARTH_REDIS_PREFIX="+prefix,
		"HEARTH_DATA_DIR="+filepath.Join(tmp, "data"), "HEARTH_DEMO=false", "HEARTH_LOG_LEVEL=warn",
		"HEARTH_RELAY_INTERVAL=1s")
	w := &benchWorker{cmd: exec.Command(bin, "worker"), logs: &benchLogBuffer{}, done: make(chan struct{})}
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	w.started = time.Now()
	if err := w.cmd.Start(); err != nil {
		b.Fatalf("starting hearth worker: %v", err)
	}
	go func() { w.err = w.cmd.Wait(); close(w.done) }()
	b.Cleanup(func() { w.stop(b) })
	return w
}

func (w *benchWorker) exited() bool {
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and waits (a minute at most, then SIGKILL).
func (w *benchWorker) stop(b *testing.B) {
	w.once.Do(func() {
		if w.exited() {
			return
		}
		w.cmd.Process.Signal(syscall.SIGTERM)
		t := time.Now()
		select {
		case <-w.done:
			b.Logf("hearth worker stopped %s after SIGTERM", time.Since(t).Round(time.Millisecond))
			if w.err != nil {
				b.Logf("hearth worker: %v\n%s", w.err, w.logs.tail())
			}
		case <-time.After(time.Minute):
			w.cmd.Process.Kill()
			<-w.done
			b.Errorf("hearth worker ignored SIGTERM for a minute; killed\n%s", w.logs.tail())
		}
	})
}

// benchCleanRedis deletes the run's queues, epoch key and any key left under
// its queues.
func benchCleanRedis(b *testing.B, rdb *redis.Client, prefix string) {
	ctx := context.Background()
	insp := asynq.NewInspectorFromRedisClient(rdb)
	for _, q := range []string{prefix + "reminders", prefix + "webhooks"} {
		if err := insp.DeleteQueue(q, true); err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
			b.Errorf("deleting queue %s: %v", q, err)
		}
		iter := rdb.Scan(ctx, 0, "asynq:{"+q+"}:*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		for part := range slices.Chunk(keys, 500) {
			rdb.Del(ctx, part...)
		}
	}
	if err := rdb.Del(ctx, prefix+"queue-epoch").Err(); err != nil {
		b.Errorf("deleting %squeue-epoch: %v", prefix, err)
	}
}

// benchScheduleSpread logs when Redis will hand out the first and the last
// task, relative to T0, and returns the lateness of the last.
func benchScheduleSpread(b *testing.B, rdb *redis.Client, key string, t0 time.Time) time.Duration {
	ctx := context.Background()
	first, err := rdb.ZRangeWithScores(ctx, key, 0, 0).Result()
	if err != nil || len(first) == 0 {
		b.Fatalf("reading %s: %v", key, err)
	}
	last, err := rdb.ZRangeWithScores(ctx, key, -1, -1).Result()
	if err != nil || len(last) == 0 {
		b.Fatalf("reading %s: %v", key, err)
	}
	at := func(score float64) time.Duration { return time.Unix(int64(score), 0).Sub(t0) }
	late, err := rdb.ZCount(ctx, key, "("+strconv.FormatInt(t0.Unix(), 10), "+inf").Result()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("Redis schedules the tasks from T0%+.0fs to T0%+.0fs (%d of %d after T0's second)",
		at(first[0].Score).Seconds(), at(last[0].Score).Seconds(), late, benchReminderCount)
	return at(last[0].Score)
}

// benchQueueStats sums what the polls saw of the reminder queue: tasks
// pending (due, waiting for the worker's dequeue loop) and active (handed to
// a handler, waiting for their batch).
type benchQueueStats struct {
	polls, pending, active, maxActive int
}

func (q benchQueueStats) String() string {
	if q.polls == 0 {
		return "(not sampled in db mode)"
	}
	return fmt.Sprintf("pending mean %.0f, active mean %.0f (max %d; the reminder Concurrency caps it)",
		float64(q.pending)/float64(q.polls), float64(q.active)/float64(q.polls), q.maxActive)
}

// benchRemaining is how many tasks of the queue Redis still holds, in any
// state but completed.
func benchRemaining(ctx context.Context, b *testing.B, rdb *redis.Client, queue string, st *benchQueueStats) int {
	k := "asynq:{" + queue + "}:"
	pipe := rdb.Pipeline()
	cmds := []*redis.IntCmd{pipe.LLen(ctx, k+"pending"), pipe.LLen(ctx, k+"active"), pipe.ZCard(ctx, k+"scheduled"),
		pipe.ZCard(ctx, k+"retry"), pipe.ZCard(ctx, k+"archived")}
	if _, err := pipe.Exec(ctx); err != nil {
		b.Fatalf("counting the tasks of %s: %v", queue, err)
	}
	n := 0
	for _, c := range cmds {
		n += int(c.Val())
	}
	if n > 0 {
		st.polls++
		st.pending += int(cmds[0].Val())
		st.active += int(cmds[1].Val())
		st.maxActive = max(st.maxActive, int(cmds[1].Val()))
	}
	return n
}

// benchStateCounts counts the reminders by state.
func benchStateCounts(ctx context.Context, db *sql.DB) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT state, count(*) FROM reminders WHERE note <> 'bench placeholder' GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// benchSampleWaits adds what the database's active backends (other than this
// one) are doing now: CPU, or the event they wait on.
func benchSampleWaits(ctx context.Context, db *sql.DB, args []any, into map[string]int) {
	rows, err := db.QueryContext(ctx, `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
		FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`, args...)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if rows.Scan(&k, &n) == nil {
			into[k] += n
		}
	}
}

func benchFormatWaits(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return m[b] - m[a] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "(none seen)"
	}
	return strings.Join(parts, ", ")
}

// benchLastErrors lists the last errors of reminders that failed an attempt.
func benchLastErrors(b *testing.B, db *sql.DB) string {
	rows, err := db.Query(`SELECT last_error, count(*), sum(attempts) FROM reminders WHERE attempts > 0
		GROUP BY 1 ORDER BY 2 DESC LIMIT 10`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var msg string
		var n, a int
		if err := rows.Scan(&msg, &n, &a); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%d reminders (%d attempts): %q", n, a, msg))
	}
	return strings.Join(parts, "; ")
}

type benchBatches struct {
	mean    float64
	summary string
}

// benchBatchSizes reads the batch sizes: a batch stamps its reminders with
// one done_at.
func benchBatchSizes(b *testing.B, db *sql.DB) benchBatches {
	rows, err := db.Query(`SELECT count(*) FROM reminders WHERE state = 'sent' GROUP BY done_at`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var sizes []int
	total := 0
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			b.Fatal(err)
		}
		sizes = append(sizes, n)
		total += n
	}
	if len(sizes) == 0 {
		return benchBatches{summary: "none"}
	}
	slices.Sort(sizes)
	pct := func(p float64) int { return sizes[min(len(sizes)-1, int(p*float64(len(sizes))))] }
	mean := float64(total) / float64(len(sizes))
	return benchBatches{mean: mean, summary: fmt.Sprintf("%d batches; size mean %.1f, min %d, p10 %d, median %d, p90 %d, max %d",
		len(sizes), mean, sizes[0], pct(0.1), pct(0.5), pct(0.9), sizes[len(sizes)-1])}
}

// benchTimeline is reminders settled per whole second after T0 (by done_at,
// which a batch takes as it starts).
func benchTimeline(b *testing.B, db *sql.DB, t0 time.Time) string {
	rows, err := db.Query(`SELECT floor(extract(epoch FROM done_at - $1::timestamptz))::int AS s, count(*),
		count(DISTINCT done_at) FROM reminders WHERE state = 'sent' GROUP BY 1 ORDER BY 1`, t0.UTC())
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var s, n, nb int
		if err := rows.Scan(&s, &n, &nb); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("+%ds %d (%d batches)", s, n, nb))
	}
	return strings.Join(parts, ", ")
}

// benchCPUTimes are CPU seconds (user+system) used so far.
type benchCPUTimes struct {
	worker, postgres, redis float64
	pgProcs                 int
}

func (a benchCPUTimes) sub(b benchCPUTimes) benchCPUTimes {
	return benchCPUTimes{worker: a.worker - b.worker, postgres: a.postgres - b.postgres, redis: a.redis - b.redis}
}

// benchCPU reads the CPU time of the worker, and of every postgres and
// redis-server process on this machine (backends that exit between two
// readings are missed, so the postgres figure is a lower bound).
func benchCPU(worker int) benchCPUTimes {
	var out benchCPUTimes
	out.worker, _ = benchProcCPU(worker)
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		switch strings.TrimSpace(string(comm)) {
		case "postgres":
			if s, err := benchProcCPU(pid); err == nil {
				out.postgres += s
				out.pgProcs++
			}
		case "redis-server":
			if s, err := benchProcCPU(pid); err == nil {
				out.redis += s
			}
		}
	}
	return out
}

// benchProcCPU is utime+stime of a process, in seconds (USER_HZ is 100 on
// Linux).
func benchProcCPU(pid int) (float64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("bad stat")
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state); utime is field 14
	if len(f) < 13 {
		return 0, errors.New("bad stat")
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100, nil
}

// benchProcMemory reads the peak and current resident set of a process, in MiB.
func benchProcMemory(b *testing.B, pid int) (hwm, rss float64) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatalf("reading the worker's memory: %v", err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		switch k {
		case "VmHWM":
			hwm = kb / 1024
		case "VmRSS":
			rss = kb / 1024
		}
	}
	if hwm == 0 {
		b.Fatal("no VmHWM in /proc/<pid>/status")
	}
	return hwm, rss
}

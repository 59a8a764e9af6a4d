package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/secrets"
	"github.com/hearthsafety/hearth/services/seed"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// hearthBinary builds cmd/hearth once per test run.
func hearthBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hearth-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "hearth")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// workerProc is a `hearth worker` process.
type workerProc struct {
	cmd  *exec.Cmd
	logs *syncBuffer
}

func startWorkerProc(t *testing.T, env []string) *workerProc {
	t.Helper()
	p := &workerProc{logs: &syncBuffer{}}
	p.cmd = exec.Command(hearthBinary(t), "worker")
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Signal(syscall.SIGTERM)
			p.cmd.Wait()
		}
	})
	return p
}

// TestKilledWorkerDeliversOnceAfterRestart: a `hearth worker` process is
// killed (SIGKILL) while a webhook call is in flight; after a restart the
// delivery happens, and the receiver counts it once.
func TestKilledWorkerDeliversOnceAfterRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys := policy.System(ctx)
	dbURL, err := migrationstest.NewURL(t)
	if err != nil {
		t.Fatal(err)
	}
	db, err := migrations.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db.Client, handlerstest.Cheap, handlerstest.Password); err != nil {
		t.Fatal(err)
	}
	redisURL := os.Getenv(handlerstest.EnvRedisURL)
	if redisURL == "" {
		mr := miniredis.RunT(t)
		redisURL = "redis://" + mr.Addr()
	}
	prefix := fmt.Sprintf("hearth-kill-%d:", rand.Uint64())

	// The receiver: the first call is held until its caller is gone (the
	// worker is killed meanwhile) and not counted; later calls are counted
	// by delivery id, once the signature checks out.
	secret := "whsec_kill_test_secret"
	var (
		mu       sync.Mutex
		accepted = map[string]int{}
		calls    atomic.Int32
	)
	inFlight := make(chan struct{})
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := reminders.Verify([]byte(secret), r.Header.Get(reminders.HeaderTimestamp),
			r.Header.Get(reminders.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if calls.Add(1) == 1 {
			close(inFlight)
			<-r.Context().Done()
			return
		}
		mu.Lock()
		accepted[r.Header.Get(reminders.HeaderDelivery)]++
		mu.Unlock()
	}))
	defer recv.Close()

	// A company webhook, and a hazard already past its deadline: its
	// escalation is due at once and goes to the company's webhook.
	nankai := db.Client.Tenant.Query().Where(tenant.Slug("nankai")).OnlyX(sys)
	gas1 := db.Client.Org.Query().Where(org.Name("津燃华润燃气有限公司")).OnlyX(sys)
	street := db.Client.Org.Query().Where(org.Name("广开街")).OnlyX(sys)
	planner, err := reminders.NewEngine(db.Client, nil, nil, nil).Planner(sys, nankai.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The worker opens the webhook's sealed secret with the key it is
	// configured with: this process seals with the same.
	const auditKey = "worker-test-audit-key-0123456789abcdef"
	if err := secrets.SetKey([]byte(auditKey)); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Client.Tx(sys)
	if err != nil {
		t.Fatal(err)
	}
	tx.Webhook.Create().SetTenantID(nankai.ID).SetOrgID(gas1.ID).SetName("班组群").
		SetKind("generic").SetURL(recv.URL + "/hook").SetSecret(secret).ExecX(sys)
	h := tx.Hazard.Create().SetTenantID(nankai.ID).SetCode("YH-2026-900001").SetCompanyID(gas1.ID).SetStreetID(street.ID).
		SetAddress("广开四马路12号").SetCategory("leak").SetLevel("major").SetSource("self_inspection").
		SetFoundOn("2026-01-01").SetDescription("阀门井漏气").SetDeadline("2026-01-10").
		SetOriginalDeadline("2026-01-10").SaveX(sys)
	if err := planner.Plan(sys, tx, ledger.ReminderDue(h, true)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	env := []string{"HEARTH_DATABASE_URL=" + dbURL, "HEARTH_REDIS_URL=" + redisURL, "HEARTH_REDIS_PREFIX=" + prefix,
		"HEARTH_DATA_DIR=" + t.TempDir(), "HEARTH_AUDIT_KEY=" + auditKey, "HEARTH_DEMO=false", "HEARTH_LOG_LEVEL=warn", "HEARTH_LOG_FORMAT=text",
		"HEARTH_WEBHOOK_ALLOW_PRIVATE=true", "HEARTH_RELAY_INTERVAL=200ms"}
	first := startWorkerProc(t, env)
	select {
	case <-inFlight:
	case <-time.After(60 * time.Second):
		t.Fatalf("no webhook call within 60 s; worker log:\n%s", first.logs)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	d := db.Client.WebhookDelivery.Query().OnlyX(sys)
	if d.State != webhookdelivery.StatePending || d.Attempts != 0 {
		t.Fatalf("the killed call was recorded: %s after %d attempts", d.State, d.Attempts)
	}

	// asynq gives a killed worker's task back once its lease has run out
	// (30 s, checked every minute): wait for that. The second worker
	// answers /metrics on an address of its own.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	const metricsToken = "worker-metrics-token-0123"
	second := startWorkerProc(t, append(env, "HEARTH_METRICS_ADDR="+metricsAddr, "HEARTH_METRICS_TOKEN="+metricsToken))
	start := time.Now()
	for {
		mu.Lock()
		n := accepted[d.ID.String()]
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Since(start) > 4*time.Minute {
			t.Fatalf("the delivery did not happen within 4 minutes of the restart; worker log:\n%s", second.logs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("delivered %v after the restart", time.Since(start).Round(time.Second))
	time.Sleep(3 * time.Second) // a repeat would show by now
	mu.Lock()
	defer mu.Unlock()
	if len(accepted) != 1 || accepted[d.ID.String()] != 1 {
		t.Fatalf("the receiver accepted %v, want delivery %s once", accepted, d.ID)
	}
	d = db.Client.WebhookDelivery.GetX(sys, d.ID)
	if d.State != webhookdelivery.StateSucceeded || d.Attempts != 1 || d.LastStatus != http.StatusOK {
		t.Fatalf("the delivery is %s, %d attempts, last status %d", d.State, d.Attempts, d.LastStatus)
	}
	items := db.Client.NotificationItem.Query().CountX(sys)
	if items == 0 {
		t.Fatal("the escalation reached no inbox")
	}
	// What the second worker did shows on its /metrics, for the token's
	// bearer only.
	scrape := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, "http://"+metricsAddr+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("worker /metrics: %v; worker log:\n%s", err, second.logs)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, _ := scrape(""); code != http.StatusUnauthorized {
		t.Errorf("worker /metrics without the token: %d, want 401", code)
	}
	if code, _ := scrape("not-the-token-at-all"); code != http.StatusUnauthorized {
		t.Errorf("worker /metrics with another token: %d, want 401", code)
	}
	code, body := scrape(metricsToken)
	if code != http.StatusOK {
		t.Fatalf("worker /metrics: %d\n%s", code, body)
	}
	for _, want := range []string{`hearth_webhook_deliveries_total{kind="generic",outcome="succeeded"} 1`,
		"hearth_reminders_scheduled ", "hearth_reminders_state_up 1", `go_sql_open_connections{db_name="hearth"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("worker /metrics lacks %q:\n%s", want, body)
		}
	}
	cleanQueues(t, redisURL, prefix)
	if strings.Contains(second.logs.String(), secret) || strings.Contains(first.logs.String(), secret) {
		t.Fatal("a webhook secret reached the log")
	}
}

// cleanQueues removes a test's queues from a shared Redis.
func cleanQueues(t *testing.T, redisURL, prefix string) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	insp := asynq.NewInspectorFromRedisClient(c)
	for _, q := range []string{"reminders", "webhooks"} {
		insp.DeleteQueue(prefix+q, true)
	}
	c.Del(context.Background(), prefix+"queue-epoch")
}

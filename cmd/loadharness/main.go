// Command loadharness proves Hearth's scale-out: two `hearth serve` replicas
// behind HAProxy and two `hearth worker` processes on one PostgreSQL and one
// Redis, under a mixed load (lists, creates, lifecycle steps, evidence
// uploads, imports) sent through HAProxy, while one replica and one worker
// are killed with SIGKILL and Redis is restarted. It then checks the
// invariants and prints its figures:
//
//   - no request lost: every logical request ends in its answer within its
//     retry budget (-budget), retried with its Idempotency-Key after a
//     connection error or a 502/503, and a retry or replay answers as the
//     first did (the same id); a create whose answer was lost with its
//     killed replica (409 request_committed) counts the record it made,
//     found by its location or by its key;
//   - one record per Idempotency-Key in the database;
//   - every reminder due (an overdue hazard's escalation) sent once and
//     delivered once to the harness's webhook receiver;
//   - `hearth audit verify` passes.
//
// It exits non-zero when one does not hold. Run it from the repository's
// root (it builds ./cmd/hearth) on a machine with PostgreSQL on
// 127.0.0.1:5432 (trust), redis-server and haproxy:
//
//	go run ./cmd/loadharness -duration 10m
//	go run ./cmd/loadharness -short       # 60 s, as CI runs it
//
// It is a program of its own rather than a hearth command: it drives
// processes (kills them, starts HAProxy and Redis), which the shipped binary
// has no business doing, and it talks to Hearth only as a client would.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

type options struct {
	duration    time.Duration
	clients     int
	hearth      string
	pgURL       string
	keep        bool
	workdir     string
	lease       time.Duration
	budget      time.Duration
	drain       time.Duration
	password    string
	restartDead bool
}

func main() {
	var o options
	short := flag.Bool("short", false, "the short form CI runs: 60 s of load")
	flag.DurationVar(&o.duration, "duration", 10*time.Minute, "how long the load runs")
	flag.IntVar(&o.clients, "clients", 8, "concurrent clients")
	flag.StringVar(&o.hearth, "hearth", "", "a hearth binary to use (default: go build ./cmd/hearth)")
	flag.StringVar(&o.pgURL, "pg", "postgres://127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL to create the harness's database on")
	flag.BoolVar(&o.keep, "keep", false, "keep the work folder (logs) and the database afterwards")
	flag.DurationVar(&o.lease, "lease", 10*time.Second, "HEARTH_IDEMPOTENCY_LEASE of the servers: how soon a retry takes over a claim whose replica died")
	flag.DurationVar(&o.budget, "budget", 2*time.Minute, "how long one logical request may take, retries included, before it fails the run (at least the lease and a minute)")
	flag.DurationVar(&o.drain, "drain", 2*time.Minute, "how long to wait after the load for due reminders to be delivered")
	flag.BoolVar(&o.restartDead, "restart", true, "start the killed replica and worker again later in the run")
	flag.Parse()
	if *short {
		o.duration = 60 * time.Second
	}
	o.budget = max(o.budget, o.lease+time.Minute)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h := &harness{o: o}
	err := h.run(ctx)
	h.cleanup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadharness: FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("loadharness: PASS")
}

// harness holds what it started, to stop it all at the end.
type harness struct {
	o        options
	dir      string
	procs    []*proc
	db       *sql.DB
	admin    *sql.DB
	dbName   string
	env      []string
	failed   bool
	redis    *proc
	redisCmd []string
}

// proc is one process the harness started.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

func (h *harness) logf(format string, args ...any) {
	fmt.Printf("%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func (h *harness) run(ctx context.Context) error {
	var err error
	if h.o.workdir, err = os.MkdirTemp("", "hearth-load-"); err != nil {
		return err
	}
	h.dir = h.o.workdir
	h.logf("work folder %s", h.dir)
	if h.o.hearth == "" {
		h.o.hearth = filepath.Join(h.dir, "hearth")
		h.logf("building ./cmd/hearth")
		b := exec.CommandContext(ctx, "go", "build", "-o", h.o.hearth, "./cmd/hearth")
		b.Stdout, b.Stderr = os.Stdout, os.Stderr
		if err := b.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/hearth (run from the repository's root): %w", err)
		}
	}
	for _, tool := range []string{"haproxy", "redis-server"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is not installed (apt-get install -y haproxy redis-server)", tool)
		}
	}

	// A database of its own.
	if h.admin, err = sql.Open("pgx", h.o.pgURL); err != nil {
		return err
	}
	h.dbName = fmt.Sprintf("hearth_load_%d", os.Getpid())
	if _, err := h.admin.ExecContext(ctx, "CREATE DATABASE "+h.dbName); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(h.o.pgURL)
	if err != nil {
		return err
	}
	u.Path = "/" + h.dbName
	dbURL := u.String()
	if h.db, err = sql.Open("pgx", dbURL); err != nil {
		return err
	}

	ports, err := freePorts(6)
	if err != nil {
		return err
	}
	redisPort, s1, s2, proxyPort, hookPort := ports[0], ports[1], ports[2], ports[3], ports[4]

	// A Redis of its own, so that restarting it disturbs no one else.
	h.redisCmd = []string{"redis-server", "--port", fmt.Sprint(redisPort), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no"}
	if err := h.startRedis(ctx); err != nil {
		return err
	}

	h.o.password = "load-password-" + randHex(4)
	h.env = append(os.Environ(),
		"HEARTH_DATABASE_URL="+dbURL,
		fmt.Sprintf("HEARTH_REDIS_URL=redis://127.0.0.1:%d/0", redisPort),
		"HEARTH_DATA_DIR="+filepath.Join(h.dir, "data"),
		"HEARTH_JWT_KEY="+randHex(32),
		"HEARTH_AUDIT_KEY="+randHex(32),
		"HEARTH_DEMO=false",
		"HEARTH_WORKER=false",
		"HEARTH_WEBHOOK_ALLOW_PRIVATE=true",
		"HEARTH_RELAY_INTERVAL=2s",
		"HEARTH_IDEMPOTENCY_LEASE="+h.o.lease.String(),
		"HEARTH_SHUTDOWN_TIMEOUT=5s",
	)
	h.logf("migrating and seeding the demo on %s", h.dbName)
	if out, err := h.hearth(ctx, "migrate"); err != nil {
		return fmt.Errorf("hearth migrate: %w\n%s", err, out)
	}
	if out, err := h.hearth(ctx, "seed", "--demo", "--password", h.o.password); err != nil {
		return fmt.Errorf("hearth seed --demo: %w\n%s", err, out)
	}

	// The receiver counts every webhook call.
	recv := newReceiver()
	hookLn, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", hookPort))
	if err != nil {
		return err
	}
	hookSrv := &http.Server{Handler: recv, ReadHeaderTimeout: 10 * time.Second}
	go hookSrv.Serve(hookLn)
	defer hookSrv.Close()

	// Two replicas, two workers, HAProxy before the replicas.
	serveA, err := h.startServe(ctx, "serve-a", s1)
	if err != nil {
		return err
	}
	if _, err := h.startServe(ctx, "serve-b", s2); err != nil {
		return err
	}
	workerA, err := h.start(ctx, "worker-a", h.env, h.o.hearth, "worker")
	if err != nil {
		return err
	}
	if _, err := h.start(ctx, "worker-b", h.env, h.o.hearth, "worker"); err != nil {
		return err
	}
	cfg := filepath.Join(h.dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(haproxyConfig(proxyPort, s1, s2)), 0o644); err != nil {
		return err
	}
	if _, err := h.start(ctx, "haproxy", os.Environ(), "haproxy", "-db", "-f", cfg); err != nil {
		return err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", proxyPort)
	if err := waitHTTP(ctx, base+"/readyz", 60*time.Second); err != nil {
		return fmt.Errorf("HAProxy: %w", err)
	}
	h.logf("2 replicas behind HAProxy on %s, 2 workers, Redis on %d", base, redisPort)

	l, err := newLoad(ctx, h, base, fmt.Sprintf("http://127.0.0.1:%d/hook", hookPort), recv)
	if err != nil {
		return err
	}

	// The load, and the faults at set points in it.
	loadCtx, stopLoad := context.WithTimeout(ctx, h.o.duration)
	defer stopLoad()
	faults := make(chan error, 1)
	go func() { faults <- h.faults(loadCtx, serveA, workerA, s1) }()
	h.logf("load: %d clients for %s", h.o.clients, h.o.duration)
	l.run(loadCtx)
	if err := <-faults; err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	h.logf("load done: %d requests; waiting for due reminders to be delivered", l.stats.requests.Load())
	return h.check(ctx, l, recv)
}

// faults kills a replica and a worker (SIGKILL) at a third of the run,
// restarts Redis at a half, and starts the killed ones again at two thirds.
func (h *harness) faults(ctx context.Context, serveA, workerA *proc, portA int) error {
	start := time.Now()
	// at waits until frac of the run has passed; false when the load ended.
	at := func(frac float64) bool {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(time.Until(start.Add(time.Duration(float64(h.o.duration) * frac)))):
			return true
		}
	}
	if !at(1.0 / 3) {
		return nil
	}
	h.logf("SIGKILL %s (pid %d) and %s (pid %d)", serveA.name, serveA.cmd.Process.Pid, workerA.name, workerA.cmd.Process.Pid)
	serveA.cmd.Process.Signal(syscall.SIGKILL)
	workerA.cmd.Process.Signal(syscall.SIGKILL)
	<-serveA.done
	<-workerA.done
	if !at(1.0 / 2) {
		return nil
	}
	h.logf("restarting Redis (SIGKILL, then a fresh, empty one on the same port)")
	h.redis.cmd.Process.Signal(syscall.SIGKILL)
	<-h.redis.done
	if err := h.startRedis(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	if !h.o.restartDead {
		return nil
	}
	if !at(2.0 / 3) {
		return nil
	}
	h.logf("starting serve-a and worker-a again")
	if _, err := h.startServe(ctx, "serve-a2", portA); err != nil && ctx.Err() == nil {
		return err
	}
	if _, err := h.start(ctx, "worker-a2", h.env, h.o.hearth, "worker"); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

func haproxyConfig(front, a, b int) string {
	return fmt.Sprintf(`global
    maxconn 1024

defaults
    mode http
    timeout connect 2s
    timeout client 180s
    timeout server 180s
    timeout http-request 60s
    # Only a connection that never reached a server is tried again (on the
    # other one): a request a server may have started is the client's to
    # retry, with its Idempotency-Key.
    retries 3
    retry-on conn-failure
    option redispatch 1

frontend api
    bind 127.0.0.1:%d
    default_backend hearth

backend hearth
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    server a 127.0.0.1:%d check
    server b 127.0.0.1:%d check
`, front, a, b)
}

func (h *harness) startRedis(ctx context.Context) error {
	p, err := h.start(ctx, "redis", os.Environ(), h.redisCmd[0], h.redisCmd[1:]...)
	if err != nil {
		return err
	}
	h.redis = p
	port := h.redisCmd[2]
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("redis-server did not start")
}

func (h *harness) startServe(ctx context.Context, name string, port int) (*proc, error) {
	env := append(append([]string(nil), h.env...), fmt.Sprintf("HEARTH_ADDR=127.0.0.1:%d", port))
	p, err := h.start(ctx, name, env, h.o.hearth, "serve")
	if err != nil {
		return nil, err
	}
	if err := waitHTTP(ctx, fmt.Sprintf("http://127.0.0.1:%d/readyz", port), 90*time.Second); err != nil {
		return nil, fmt.Errorf("%s: %w (log %s)", name, err, filepath.Join(h.dir, name+".log"))
	}
	return p, nil
}

// start runs a process with its output in the work folder.
func (h *harness) start(ctx context.Context, name string, env []string, bin string, args ...string) (*proc, error) {
	f, err := os.Create(filepath.Join(h.dir, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); f.Close(); close(p.done) }()
	h.procs = append(h.procs, p)
	return p, nil
}

// hearth runs a one-shot hearth command and gives its result (standard
// output), with its log (standard error) when it fails.
func (h *harness) hearth(ctx context.Context, args ...string) (string, error) {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, h.o.hearth, args...)
	cmd.Env = h.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out) + stderr.String(), err
	}
	return string(out), nil
}

// cleanup stops what the harness started (by pid), and drops its database
// unless asked to keep it, or the run failed.
func (h *harness) cleanup() {
	for i := len(h.procs) - 1; i >= 0; i-- {
		p := h.procs[i]
		select {
		case <-p.done:
			continue
		default:
		}
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			p.cmd.Process.Signal(syscall.SIGKILL)
			<-p.done
		}
	}
	if h.db != nil {
		h.db.Close()
	}
	if h.admin != nil && h.dbName != "" {
		if h.o.keep || h.failed {
			fmt.Printf("kept database %s and work folder %s\n", h.dbName, h.dir)
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			h.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+h.dbName+" WITH (FORCE)")
			cancel()
		}
		h.admin.Close()
	}
	if h.dir != "" && !h.o.keep && !h.failed {
		os.RemoveAll(h.dir)
	}
}

func freePorts(n int) ([]int, error) {
	var out []int
	var lns []net.Listener
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

func waitHTTP(ctx context.Context, u string, within time.Duration) error {
	deadline := time.Now().Add(within)
	c := &http.Client{Timeout: 5 * time.Second}
	var last string
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res, err := c.Get(u)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			last = res.Status
		} else {
			last = err.Error()
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready within %s: %s", u, within, strings.TrimSpace(last))
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

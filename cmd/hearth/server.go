package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/handlers"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/secrets"
	"github.com/hearthsafety/hearth/services/seed"
	"github.com/hearthsafety/hearth/storage"
)

// Main holds a running hearth's parts, opened in order and closed in
// reverse. The end-to-end tests drive it as the binary does.
type Main struct {
	Config Config
	Log    *slog.Logger
	DB     *migrations.DB
	Redis  redis.UniversalClient
	mini   *miniredis.Miniredis
	Authz  *policy.Authz
	Tokens *handlers.Tokens
	App    *fiber.App
	Queue  *reminders.Queue  // the relay from the outbox to Redis
	Worker *reminders.Worker // nil unless this process delivers reminders
	// stopNightly ends the daily recomputation the workers run.
	stopNightly context.CancelFunc
	// Engine plans every module's reminders (services get it); it wakes
	// Queue and re-plans when a year of Calendar is loaded.
	Engine *reminders.Engine
	ln     net.Listener
	cancel context.CancelFunc
	// stdout is where a command writes its result: the log's writer
	// unless run gives a one-shot command its own.
	stdout io.Writer

	// Calendar is China's working-day calendar, one per process: the API
	// and the reminder engine count with the same snapshot.
	Calendar *calendar.Calendar
}

// Open wires the stores: logger, database (migrated), Redis, enforcer.
func Open(ctx context.Context, cfg Config, stdout io.Writer) (*Main, error) {
	m := &Main{Config: cfg, stdout: stdout}
	for env, v := range map[string]string{"HEARTH_WORKER": cfg.Worker, "HEARTH_WEBHOOK_ALLOW_PRIVATE": cfg.WebhookPrivate} {
		if v != "true" && v != "false" {
			return nil, fmt.Errorf("%s must be true or false, not %q", env, v)
		}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", cfg.LogLevel, err)
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		m.Log = slog.New(slog.NewTextHandler(stdout, opts))
	} else {
		m.Log = slog.New(slog.NewJSONHandler(stdout, opts))
	}
	m.Log.Info("hearth starting", append([]any{"version", buildVersion()}, cfg.Masked()...)...)
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	key, err := m.auditKey()
	if err != nil {
		return nil, err
	}
	if err := audit.SetKey(key); err != nil {
		return nil, err
	}
	// Webhook secrets are sealed under a key derived from the same material.
	if err := secrets.SetKey(key); err != nil {
		return nil, err
	}
	if m.DB, err = migrations.Open(ctx, cfg.databaseURL()); err != nil {
		return nil, err
	}
	n, err := m.DB.Up(ctx)
	if err != nil {
		m.Close()
		return nil, err
	}
	ver, _ := m.DB.Version(ctx)
	m.Log.Info("database ready", "dialect", m.DB.Dialect, "migrations_applied", n, "version", ver)
	if err := m.openRedis(ctx); err != nil {
		m.Close()
		return nil, err
	}
	if m.Authz, err = policy.NewAuthz(m.DB.Client, m.Redis, m.Log); err != nil {
		m.Close()
		return nil, err
	}
	m.Calendar = calendar.New(m.DB.Client)
	m.Calendar.Log = m.Log
	if err := m.Calendar.Refresh(ctx); err != nil {
		m.Close()
		return nil, err
	}
	m.Queue = reminders.NewQueue(m.reminderOptions())
	m.Engine = reminders.NewEngine(m.DB.Client, m.Calendar, m.Queue, nil)
	alarms.UseCalendar(m.Calendar) // the pace reminders' first working days
	m.Calendar.OnLoad = func(ctx context.Context, tx *ent.Tx, t calendar.Table, year int) error {
		return m.Engine.ReplanYear(ctx, tx, t, year)
	}
	return m, nil
}

func (m *Main) openRedis(ctx context.Context) error {
	if m.Config.RedisURL == "" {
		m.mini = miniredis.NewMiniRedis()
		m.mini.ClockTTL(true) // keys with a TTL expire by the wall clock
		if err := m.mini.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("in-process redis: %w", err)
		}
		m.Redis = redis.NewClient(&redis.Options{Addr: m.mini.Addr()})
		m.Log.Info("redis ready", "mode", "in-process", "addr", m.mini.Addr())
		return nil
	}
	opt, err := redis.ParseURL(m.Config.RedisURL)
	if err != nil {
		return fmt.Errorf("HEARTH_REDIS_URL %s is not a valid redis:// URL", mask(m.Config.RedisURL)) // the parse error would quote the password
	}
	m.Redis = redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := m.Redis.Ping(pctx).Err(); err != nil {
		// Writes never depend on Redis: start anyway, and say so.
		m.Log.Warn("redis unreachable at start; sign-in throttling is off until it answers", "err", err)
	} else {
		m.Log.Info("redis ready", "mode", "server", "addr", opt.Addr)
	}
	return nil
}

// SeedDemo seeds the demo districts and prints their logins once, to w.
func (m *Main) SeedDemo(ctx context.Context, password string, w io.Writer) error {
	printed := "(the one given)"
	if password == "" {
		password = seed.RandomPassword()
		printed = password
	}
	logins, err := seed.Demo(ctx, m.DB.Client, accounts.DefaultPasswordParams, password)
	if err != nil {
		return fmt.Errorf("seeding demo districts: %w", err)
	}
	if err := m.Authz.Reload(ctx); err != nil {
		return err
	}
	if err := seed.HeatingDemo(ctx, m.DB.Client, m.Engine, m.Files()); err != nil {
		return fmt.Errorf("seeding the heating demo: %w", err)
	}
	if err := seed.AlarmsDemo(ctx, m.DB.Client, m.Engine, m.Files()); err != nil {
		return fmt.Errorf("seeding the alarms demo: %w", err)
	}
	if err := seed.RenovationDemo(ctx, m.DB.Client, m.Engine, m.Files()); err != nil {
		return fmt.Errorf("seeding the renovation demo: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "demo districts seeded; every login below has the password %s\n", printed)
	writeLogins(&b, logins)
	fmt.Fprint(w, b.String())
	return nil
}

// Files is where evidence and documents are kept: the data directory's
// files folder.
func (m *Main) Files() storage.Store {
	return storage.Dir{Root: filepath.Join(m.Config.DataDir, "files")}
}

// Accounts is the accounts service of the command line: no relay (it
// changes no reminder ladder), the process's Authz (so a role it grants
// reaches the running servers at once), the production password costs.
func (m *Main) Accounts() *accounts.Service {
	return accounts.New(m.DB.Client, m.Authz, accounts.DefaultPasswordParams, nil, nil)
}

// minKey is the shortest signing key Hearth signs with (bytes).
const minKey = 32

// signingKey is the token signing key: the configured one, or one
// generated once under the data dir (keyFile).
func (m *Main) signingKey() ([]byte, error) {
	return m.keyFile("jwt.key", m.Config.JWTKey, "HEARTH_JWT_KEY", "signing key",
		"every signed-in user signs in again")
}

// auditKey is the key audit entries are chained and checkpoints signed
// with (audit.SetKey): the configured one, or one generated once under the
// data dir. Every process writing or verifying a database's trail must
// hold the same one: set HEARTH_AUDIT_KEY when they do not share a data dir.
func (m *Main) auditKey() ([]byte, error) {
	return m.keyFile("audit.key", m.Config.AuditKey, "HEARTH_AUDIT_KEY", "audit key", auditKeyLoss)
}

// auditKeyLoss is what losing the audit key costs.
const auditKeyLoss = "the audit trail written under the old key no longer verifies: restore the old key file instead"

// keyFile is the configured key (env, at least minKey bytes), or the one
// in the data dir's file name, generated there on first use. A key file
// that is there but empty, short or not hex (a crash or a full disk during
// its first write) stops the process: signing with what it holds would let
// anyone forge what the key protects.
func (m *Main) keyFile(name, configured, env, what, consequence string) ([]byte, error) {
	key, path, err := existingKey(m.Config.DataDir, name, configured, env, what, consequence)
	if key != nil || err != nil {
		return key, err
	}
	key = make([]byte, minKey)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("writing %s: %w", what, err)
	}
	m.Log.Info(what+" generated", "path", path)
	return key, nil
}

// existingKey is the configured key, or the one in the data dir's file
// name (and its path); nil when neither is there: keyFile generates one,
// restore refuses to go on.
func existingKey(dataDir, name, configured, env, what, consequence string) (key []byte, path string, err error) {
	if configured != "" {
		if len(configured) < minKey {
			return nil, "", fmt.Errorf("%s must be at least 32 bytes", env)
		}
		return []byte(configured), "", nil
	}
	path = filepath.Join(dataDir, name)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, path, nil
	} else if err != nil {
		return nil, path, err
	}
	key, err = hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < minKey {
		return nil, path, fmt.Errorf("the %s file %s is damaged (empty, short or not hex): "+
			"move it away and start again to generate a new one (%s)", what, path, consequence)
	}
	return key, path, nil
}

// writeFileAtomic writes data to path whole or not at all: into a temporary
// file beside it, synced, then renamed over path, and the folder synced, so
// a crash leaves either no file or the whole one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed; removes a failed attempt
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// Listen builds the app and opens its listener, failing at once on a taken
// port.
func (m *Main) Listen(ctx context.Context) error {
	key, err := m.signingKey()
	if err != nil {
		return err
	}
	if t := m.Config.MetricsToken; t != "" && len(t) < 16 {
		return errors.New("HEARTH_METRICS_TOKEN must be at least 16 characters")
	}
	m.Tokens = &handlers.Tokens{Key: key}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.App = handlers.New(handlers.Deps{Client: m.DB.Client, SQL: m.DB.SQL, Authz: m.Authz, Redis: m.Redis,
		Tokens: m.Tokens, Log: m.Log, Passwords: accounts.DefaultPasswordParams, Metrics: reg, MetricsToken: m.Config.MetricsToken,
		TrustedProxies: proxies(m.Config.TrustedProxies),
		BodyLimit:      m.Config.BodyLimit, Storage: m.Files(), Checkpoints: m.Checkpoints(),
		RedisPrefix: m.Config.RedisPrefix, Reminders: m.Queue, Engine: m.Engine, WebhookAllowPrivate: m.Config.WebhookPrivate == "true",
		Calendar: m.Calendar, IdempotencyLease: m.Config.IdempotencyLease})
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another hearth running? set HEARTH_ADDR or -addr)", m.Config.Addr, err)
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.cancel = cancel
	go m.Authz.Watch(wctx, time.Minute)
	go m.Queue.Run(wctx)
	if m.Config.Worker == "true" {
		return m.StartWorker()
	}
	return nil
}

// reminderOptions are the relay's and workers' settings.
func (m *Main) reminderOptions() reminders.Options {
	return reminders.Options{Client: m.DB.Client, Dialect: m.DB.Dialect, Redis: m.Redis, Log: m.Log,
		Prefix: m.Config.RedisPrefix, Interval: m.Config.RelayInterval,
		AllowPrivate: m.Config.WebhookPrivate == "true"}
}

// StartWorker starts delivering reminders and webhook calls in this process.
func (m *Main) StartWorker() error {
	m.Worker = reminders.NewWorker(m.reminderOptions(), m.Queue)
	if err := m.Worker.Start(); err != nil {
		m.Worker = nil
		return err
	}
	m.Log.Info("reminder workers started")
	ctx, cancel := context.WithCancel(context.Background())
	m.stopNightly = cancel
	go m.runNightly(ctx)
	return nil
}

// nightlyAt is the local time the nightly recomputation of the register
// runs: just after midnight in China's zone, when the day a state turns on
// has begun in every district.
const nightlyAt = 5 * time.Minute

// runNightly brings every district's inspection clocks and equipment
// states in line with the day (services/equipment.Nightly), then the alarm
// campaigns' (services/alarms.Nightly: expired alarms of restaurants as
// hazards, the month's pace and the coming replacement reminders): once when the
// workers start, then daily at 00:05 Asia/Shanghai, until ctx ends. Two
// workers may both run it; it is idempotent.
func (m *Main) runNightly(ctx context.Context) {
	svc := equipment.New(m.DB.Client, m.Engine, nil, nil)
	loc := calendar.Location("Asia/Shanghai")
	for {
		res, err := svc.Nightly(ctx)
		if err != nil && ctx.Err() == nil {
			m.Log.Error("nightly equipment recomputation", "err", err)
		} else if err == nil {
			m.Log.Info("nightly equipment recomputation", "districts", res.Districts, "units", res.Units,
				"ms", res.Took.Milliseconds())
		}
		if res, err := alarms.New(m.DB.Client, m.Engine, nil, nil).Nightly(ctx); err != nil && ctx.Err() == nil {
			m.Log.Error("nightly alarms pass", "err", err)
		} else if err == nil {
			m.Log.Info("nightly alarms pass", "districts", res.Districts, "expired_devices", res.Expired,
				"hazards_opened", res.Opened, "hazards_closed", res.Closed, "pace_reminders", res.Pace,
				"replacement_reminders", res.Replace, "ms", res.Took.Milliseconds())
		}
		if err := m.CheckpointAudit(ctx, "", io.Discard); err != nil && ctx.Err() == nil {
			m.Log.Error("nightly audit checkpoints", "err", err)
		}
		now := time.Now().In(loc)
		next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc).Add(nightlyAt)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
	}
}

// Addr is the address the server listens on (useful with ":0").
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Serve answers requests until ctx ends, then drains them.
func (m *Main) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.App.Listener(m.ln) }()
	m.Log.Info("serving", "addr", m.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	m.Log.Info("shutting down", "timeout", m.Config.ShutdownTimeout.String())
	if err := m.App.ShutdownWithTimeout(m.Config.ShutdownTimeout); err != nil {
		m.Log.Error("shutdown", "err", err)
	}
	return nil
}

// Close closes what Open and Listen opened, in reverse order.
func (m *Main) Close() {
	if m.stopNightly != nil {
		m.stopNightly()
	}
	if m.Worker != nil {
		m.Worker.Shutdown()
	}
	if m.cancel != nil {
		m.cancel()
	}
	if m.Redis != nil {
		m.Redis.Close()
	}
	if m.mini != nil {
		m.mini.Close()
	}
	if m.DB != nil {
		m.DB.Close()
	}
}

// serve is `hearth serve`: open, seed the demo on a first embedded run, serve.
// The log is JSON lines on standard output; the demo logins of a first run
// are a table for the person at the terminal, on standard error, never
// inside the log stream.
func serve(ctx context.Context, cfg Config, std stdio) error {
	m, err := Open(ctx, cfg, std.out)
	if err != nil {
		return err
	}
	defer m.Close()
	if err := m.maybeSeed(ctx, std.err); err != nil {
		return err
	}
	if err := m.Listen(ctx); err != nil {
		return err
	}
	return m.Serve(ctx)
}

// maybeSeed seeds the demo districts on an empty database: by default only
// on the embedded defaults, never on a configured database unless asked.
// The logins are printed to banner.
func (m *Main) maybeSeed(ctx context.Context, banner io.Writer) error {
	switch m.Config.Demo {
	case "false":
		return nil
	case "auto":
		if !m.Config.Embedded() {
			return nil
		}
	case "true":
	default:
		return fmt.Errorf("HEARTH_DEMO must be auto, true or false, not %q", m.Config.Demo)
	}
	n, err := m.DB.Client.Tenant.Query().Count(policy.System(ctx)) // is the database empty?
	if err != nil || n > 0 {
		return err
	}
	if err := m.SeedDemo(ctx, m.Config.DemoPassword, banner); err != nil {
		return err
	}
	m.Log.Info("demo districts seeded; their logins are printed on standard error")
	return nil
}

// work is `hearth worker`: the relay and the reminder workers alone, until
// ctx ends. Several may run against one Redis and one database.
func work(ctx context.Context, cfg Config, stdout io.Writer) error {
	m, err := Open(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer m.Close()
	if cfg.RedisURL == "" {
		m.Log.Warn("hearth worker without HEARTH_REDIS_URL schedules on an in-process Redis of its own; " +
			"reminders are still delivered once, but point every process at one Redis")
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.cancel = cancel
	if err := m.workerMetrics(wctx); err != nil {
		return err
	}
	go m.Queue.Run(wctx)
	if err := m.StartWorker(); err != nil {
		return err
	}
	<-ctx.Done()
	m.Log.Info("worker shutting down")
	return nil
}

// workerMetrics answers /metrics on HEARTH_METRICS_ADDR, for the bearer of
// HEARTH_METRICS_TOKEN, until ctx ends: what this worker delivered
// (reminders, webhook calls, their lag), the outbox and the queues, the
// database pool, the Go runtime. Without an address it does nothing.
func (m *Main) workerMetrics(ctx context.Context) error {
	addr, token := m.Config.MetricsAddr, m.Config.MetricsToken
	if addr == "" {
		return nil
	}
	if len(token) < 16 {
		return errors.New("HEARTH_METRICS_ADDR needs HEARTH_METRICS_TOKEN (16+ characters), the token a scraper sends")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(m.DB.SQL, "hearth"))
	reg.MustRegister(m.Queue.Collectors()...)
	serve := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	want := []byte("Bearer " + token)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			http.Error(w, "metrics: send HEARTH_METRICS_TOKEN as a bearer token", http.StatusUnauthorized)
			return
		}
		serve.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s for /metrics: %w (set HEARTH_METRICS_ADDR or -metrics-addr)", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	m.Log.Info("worker metrics", "addr", ln.Addr().String())
	return nil
}

// writeLogins lists demo or bench logins, one a line; an operator's empty
// district shows as "".
func writeLogins(w io.Writer, logins []seed.Login) {
	for _, l := range logins {
		tenant := l.Tenant
		if tenant == "" {
			tenant = `""`
		}
		fmt.Fprintf(w, "  tenant %-7s  username %-17s  %-17s %s\n", tenant, l.Username, l.Role, l.Org)
	}
}

// proxies splits the trusted proxies setting (comma-separated).
func proxies(list string) []string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

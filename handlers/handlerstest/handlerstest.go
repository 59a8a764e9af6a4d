// Package handlerstest runs the real API for tests: a fresh database made by
// the real migrations (SQLite, or PostgreSQL when HEARTH_TEST_DATABASE_URL is
// set), Redis in process (or the server at HEARTH_TEST_REDIS_URL, keys under
// a prefix of the test's own), the demo districts seeded, and a signed-in
// token for every demo login.
package handlerstest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/handlers"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
	"github.com/hearthsafety/hearth/storage"
)

// EnvRedisURL names the Redis server the suites run against in CI.
const EnvRedisURL = "HEARTH_TEST_REDIS_URL"

// Password is every demo login's password in tests.
const Password = "test-password-1"

// Cheap keeps argon2id fast in tests; production uses the defaults.
var Cheap = accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1}

// Env is a running API for one test.
type Env struct {
	T      testing.TB
	App    *fiber.App
	DB     *migrations.DB
	Authz  *policy.Authz
	Redis  redis.UniversalClient
	Tokens *handlers.Tokens
	Prefix string
	// Clock, when set, is the API's time (the real time otherwise).
	Clock func() time.Time
	// Access holds an access token per demo login, keyed "tenant/username"
	// ("/platform.admin" for the operator).
	Access map[string]string
	// MetricsToken is the token /metrics asks for (empty: off).
	MetricsToken string
	// TrustedProxies are the API's trusted proxies (WithTrustedProxy).
	TrustedProxies []string
	// Storage keeps the evidence files of this test's API.
	Storage storage.Dir
	// Queue is the reminder relay the API kicks; StartWorker runs it.
	Queue *reminders.Queue
	log   *slog.Logger
	logTo io.Writer // JSON lines when set (WithLog), else logSink's text
	// wrap, when set, is the store the API is given around Storage.
	wrap func(storage.Store) storage.Store
}

// ReminderOptions are the reminder settings of tests: the test's clock and
// Redis prefix, passes every 50 ms, nothing handed to Redis before it is due
// (a moved clock must not leave tasks waiting in real time), quick retries,
// and webhooks allowed to reach test receivers on loopback.
func (e *Env) ReminderOptions() reminders.Options {
	return reminders.Options{Client: e.DB.Client, Dialect: e.DB.Dialect, Redis: e.Redis, Log: e.log,
		Prefix: e.Prefix, Now: e.now, Horizon: -1, Interval: 50 * time.Millisecond,
		PollInterval: 50 * time.Millisecond, AllowPrivate: true, WebhookTimeout: 3 * time.Second,
		Backoff: func(int) time.Duration { return 200 * time.Millisecond }}
}

// StartWorker runs the relay and a reminder worker until the test ends.
func (e *Env) StartWorker() *reminders.Worker {
	e.T.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Queue.Run(ctx); close(done) }()
	w := reminders.NewWorker(e.ReminderOptions(), e.Queue)
	if err := w.Start(); err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(func() {
		w.Shutdown()
		cancel()
		<-done
		// Leave a shared Redis as it was found.
		insp := asynq.NewInspectorFromRedisClient(e.Redis)
		for _, q := range []string{"reminders", "webhooks"} {
			insp.DeleteQueue(e.Prefix+q, true)
		}
		e.Redis.Del(context.Background(), e.Prefix+"queue-epoch")
	})
	return w
}

// Redis returns a Redis client for t: the CI server when configured, else an
// in-process one.
func Redis(t testing.TB) redis.UniversalClient {
	t.Helper()
	var rdb *redis.Client
	if u := os.Getenv(EnvRedisURL); u != "" {
		opt, err := redis.ParseURL(u)
		if err != nil {
			t.Fatalf("%s: %v", EnvRedisURL, err)
		}
		rdb = redis.NewClient(opt)
		if err := rdb.Ping(context.Background()).Err(); err != nil {
			t.Fatalf("reaching Redis at %s: %v", EnvRedisURL, err)
		}
	} else {
		mr := miniredis.RunT(t)
		rdb = redis.NewClient(&redis.Options{Addr: mr.Addr()})
	}
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// Option changes how New builds an Env.
type Option func(*Env)

// WithRedis makes the Env use rdb (a Redis a fault test stops and starts).
func WithRedis(rdb redis.UniversalClient) Option { return func(e *Env) { e.Redis = rdb } }

// WithLog makes the API log JSON lines to w (a test reads them back).
func WithLog(w io.Writer) Option { return func(e *Env) { e.logTo = w } }

// WithTrustedProxy puts the API behind a trusted proxy: a request's
// X-Forwarded-For names its client (app.Test's peer is 0.0.0.0).
func WithTrustedProxy() Option {
	return func(e *Env) { e.TrustedProxies = []string{"0.0.0.0"} }
}

// WithMetricsToken turns /metrics on behind token.
func WithMetricsToken(token string) Option { return func(e *Env) { e.MetricsToken = token } }

// WithStoreWrap gives the API wrap(Storage) to keep evidence in (a test
// holds an upload in flight); Storage stays the directory underneath.
func WithStoreWrap(wrap func(storage.Store) storage.Store) Option {
	return func(e *Env) { e.wrap = wrap }
}

// New starts an API with the demo districts seeded and every demo login
// signed in.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	ctx := context.Background()
	e := &Env{T: t, DB: migrationstest.Open(t),
		Prefix: fmt.Sprintf("hearth-test-%d:", rand.Uint64()), Access: map[string]string{}}
	for _, o := range opts {
		o(e)
	}
	if e.Redis == nil {
		e.Redis = Redis(t)
	}
	log := slog.New(slog.NewTextHandler(logSink(), nil))
	if e.logTo != nil {
		log = slog.New(slog.NewJSONHandler(e.logTo, nil))
	}
	e.log = log
	var err error
	if e.Authz, err = policy.NewAuthz(e.DB.Client, e.Redis, log); err != nil {
		t.Fatal(err)
	}
	logins, err := seed.Demo(ctx, e.DB.Client, Cheap, Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Authz.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	e.Tokens = &handlers.Tokens{Key: []byte("test-signing-key-0123456789abcdef")}
	e.Storage = storage.Dir{Root: t.TempDir()}
	e.Queue = reminders.NewQueue(e.ReminderOptions())
	var store storage.Store = e.Storage
	if e.wrap != nil {
		store = e.wrap(store)
	}
	e.App = handlers.New(handlers.Deps{Client: e.DB.Client, SQL: e.DB.SQL, Authz: e.Authz, Redis: e.Redis,
		Tokens: e.Tokens, Log: log, Passwords: Cheap, RedisPrefix: e.Prefix,
		Storage: store, MetricsToken: e.MetricsToken, TrustedProxies: e.TrustedProxies, Now: e.now, Reminders: e.Queue})
	for _, l := range logins {
		e.Access[l.Tenant+"/"+l.Username] = e.Login(l.Tenant, l.Username, Password)
	}
	return e
}

func (e *Env) now() time.Time {
	if e.Clock != nil {
		return e.Clock()
	}
	return time.Now()
}

// Login signs in and returns the access token, failing the test otherwise.
func (e *Env) Login(tenant, username, password string) string {
	e.T.Helper()
	res := e.Do("", http.MethodPost, "/api/v1/auth/login",
		map[string]string{"tenant": tenant, "username": username, "password": password})
	if res.Status != http.StatusOK {
		e.T.Fatalf("login %s/%s: %d %s", tenant, username, res.Status, res.Body)
	}
	return res.JSON()["access_token"].(string)
}

// Response is an answer read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object.
func (r Response) JSON() map[string]any {
	var m map[string]any
	json.Unmarshal(r.Body, &m)
	return m
}

// Do sends a request through the real app with the given bearer token (none
// when empty) and body (JSON-encoded unless a string or []byte).
func (e *Env) Do(token, method, path string, body any, headers ...string) Response {
	e.T.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = strings.NewReader(string(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		r = strings.NewReader(string(j))
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.App.Test(req, -1)
	if err != nil {
		e.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// As sends a request as a demo login ("nankai/gas1.clerk").
func (e *Env) As(login, method, path string, body any, headers ...string) Response {
	e.T.Helper()
	tok, ok := e.Access[login]
	if !ok {
		e.T.Fatalf("no demo login %q", login)
	}
	return e.Do(tok, method, path, body, headers...)
}

// OrgID returns the id of a demo organisation by name, read under System.
func (e *Env) OrgID(name string) string {
	e.T.Helper()
	o, err := e.DB.Client.Org.Query().Where(org.Name(name)).Only(policy.System(context.Background()))
	if err != nil {
		e.T.Fatalf("org %q: %v", name, err)
	}
	return o.ID.String()
}

// logSink is where the app logs in tests: nowhere, unless HEARTH_TEST_LOG=1.
func logSink() io.Writer {
	if os.Getenv("HEARTH_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}

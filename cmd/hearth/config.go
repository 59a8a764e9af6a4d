package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is every setting of hearth. Each is an environment variable with a
// flag twin (the flag wins), printed at start with secrets masked.
type Config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string // empty: SQLite under DataDir
	RedisURL        string // empty: an in-process Redis
	AuditKey        string // empty: a key generated once under DataDir
	JWTKey          string // empty: a key generated once under DataDir
	Demo            string // auto | true | false
	DemoPassword    string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	BodyLimit       int
	Worker          string // serve runs the reminder workers: true | false
	RedisPrefix     string
	RelayInterval   time.Duration
	WebhookPrivate  string // true | false
	MetricsToken    string // the bearer token /metrics asks for; empty: /metrics is off
	MetricsAddr     string // hearth worker's own /metrics listener; empty: none
	// IdempotencyLease is how long an Idempotency-Key's claim outlives the
	// last beat of its request before a retry takes it over.
	IdempotencyLease time.Duration
	TrustedProxies   string // comma-separated IPs or CIDRs of the reverse proxies whose X-Forwarded-For names the client
}

type setting struct {
	flag, env, def, help string
	secret               bool
	str                  *string
	dur                  *time.Duration
	num                  *int
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "addr", env: "HEARTH_ADDR", def: ":8080", help: "address to serve the API on", str: &c.Addr},
		{flag: "data-dir", env: "HEARTH_DATA_DIR", def: "./data", help: "folder for the embedded database, the signing key and files", str: &c.DataDir},
		{flag: "database-url", env: "HEARTH_DATABASE_URL", help: "PostgreSQL URL (postgres://…); empty: SQLite under the data dir", secret: true, str: &c.DatabaseURL},
		{flag: "redis-url", env: "HEARTH_REDIS_URL", help: "Redis URL (redis://…); empty: an in-process Redis", secret: true, str: &c.RedisURL},
		{flag: "jwt-key", env: "HEARTH_JWT_KEY", help: "token signing key (32+ bytes); empty: generated once under the data dir", secret: true, str: &c.JWTKey},
		{flag: "audit-key", env: "HEARTH_AUDIT_KEY", help: "key of the audit chain and its checkpoints (32+ bytes); empty: generated once under the data dir", secret: true, str: &c.AuditKey},
		{flag: "demo-mode", env: "HEARTH_DEMO", def: "auto", help: "seed the demo districts on an empty database: auto (only on the embedded defaults), true, false", str: &c.Demo},
		{flag: "demo-password", env: "HEARTH_DEMO_PASSWORD", help: "password of every demo login; empty: a random one, printed once", secret: true, str: &c.DemoPassword},
		{flag: "log-level", env: "HEARTH_LOG_LEVEL", def: "info", help: "debug, info, warn or error", str: &c.LogLevel},
		{flag: "log-format", env: "HEARTH_LOG_FORMAT", def: "json", help: "json or text", str: &c.LogFormat},
		{flag: "shutdown-timeout", env: "HEARTH_SHUTDOWN_TIMEOUT", def: "15s", help: "how long shutdown waits for requests in flight", dur: &c.ShutdownTimeout},
		{flag: "body-limit", env: "HEARTH_BODY_LIMIT", def: "1048576", help: "largest request body in bytes", num: &c.BodyLimit},
		{flag: "worker", env: "HEARTH_WORKER", def: "true", help: "serve also runs the reminder workers (false: leave them to hearth worker processes)", str: &c.Worker},
		{flag: "redis-prefix", env: "HEARTH_REDIS_PREFIX", def: "hearth:", help: "prefix of Hearth's Redis keys and queue names", str: &c.RedisPrefix},
		{flag: "relay-interval", env: "HEARTH_RELAY_INTERVAL", def: "15s", help: "how often reminders due soon are handed to Redis and lost ones re-queued", dur: &c.RelayInterval},
		{flag: "metrics-token", env: "HEARTH_METRICS_TOKEN", help: "bearer token a Prometheus scraper sends to read /metrics (16+ characters); empty: /metrics is off", secret: true, str: &c.MetricsToken},
		{flag: "metrics-addr", env: "HEARTH_METRICS_ADDR", help: "address on which hearth worker answers /metrics (behind HEARTH_METRICS_TOKEN), as serve does on its API address; empty: a worker has no /metrics", str: &c.MetricsAddr},
		{flag: "idempotency-lease", env: "HEARTH_IDEMPOTENCY_LEASE", def: "2m", help: "how long a retry with an Idempotency-Key waits (409 request_in_progress) for a first request that has stopped showing it is alive (its server died) before taking the key over", dur: &c.IdempotencyLease},
		{flag: "trusted-proxies", env: "HEARTH_TRUSTED_PROXIES", help: "comma-separated IPs or CIDRs of reverse proxies that set X-Forwarded-For to the client's address; empty: the peer is the client and the header is ignored", str: &c.TrustedProxies},
		{flag: "webhook-allow-private", env: "HEARTH_WEBHOOK_ALLOW_PRIVATE", def: "false", help: "let webhooks reach loopback and private addresses (an intranet receiver)", str: &c.WebhookPrivate},
	}
}

// register adds the settings' flags to fs, with defaults from the environment.
func (c *Config) register(fs *flag.FlagSet, getenv func(string) string) error {
	for _, s := range c.settings() {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		help := fmt.Sprintf("%s (env %s)", s.help, s.env)
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.flag, def, help)
		case s.dur != nil:
			d, err := time.ParseDuration(def)
			if err != nil {
				return fmt.Errorf("%s: %w", s.env, err)
			}
			fs.DurationVar(s.dur, s.flag, d, help)
		case s.num != nil:
			var n int
			if _, err := fmt.Sscan(def, &n); err != nil {
				return fmt.Errorf("%s: %w", s.env, err)
			}
			fs.IntVar(s.num, s.flag, n, help)
		}
	}
	return nil
}

// Embedded reports whether the database is the embedded SQLite.
func (c *Config) Embedded() bool { return c.DatabaseURL == "" }

// databaseURL is the URL to open: the configured one or the embedded file.
func (c *Config) databaseURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.DataDir, "hearth.db")
}

// Masked lists the settings as they may be printed: secrets hidden, and the
// password of a URL hidden while its host stays readable.
func (c *Config) Masked() []any {
	var out []any
	for _, s := range c.settings() {
		var v string
		switch {
		case s.str != nil:
			v = *s.str
		case s.dur != nil:
			v = s.dur.String()
		case s.num != nil:
			v = fmt.Sprint(*s.num)
		}
		if s.secret && v != "" {
			v = mask(v)
		}
		out = append(out, strings.ReplaceAll(s.flag, "-", "_"), v)
	}
	return out
}

func mask(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "****"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "****")
	}
	q := u.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "pass") {
			q.Set(k, "****")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func getenv(k string) string { return os.Getenv(k) }

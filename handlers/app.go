// Package handlers is Hearth's HTTP API: a fiber app whose routes, request
// and response types, middleware and single error mapping live here. Each
// resource has its own file; routes.go lists every route once, and that list
// drives registration, authorization and the OpenAPI document alike.
package handlers

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/idempotency"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/notify"
	"github.com/hearthsafety/hearth/services/readiness"
	"github.com/hearthsafety/hearth/services/renovation"

	"github.com/gofiber/fiber/v2"
	fiberrecover "github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/storage"
)

// Deps are what the API needs; cmd/hearth wires them.
type Deps struct {
	Client    *ent.Client
	SQL       *sql.DB // for readiness
	Authz     *policy.Authz
	Redis     redis.UniversalClient
	Tokens    *Tokens
	Log       *slog.Logger
	Passwords accounts.PasswordParams
	Metrics   *prometheus.Registry
	// MetricsToken is the bearer token /metrics asks for; empty: /metrics
	// answers 404 (it tells who uses which route how often).
	MetricsToken string
	// TrustedProxies are the IPs or CIDRs of the reverse proxies in front
	// of the API: from them, X-Forwarded-For names the client (the proxy
	// must set it, not append to what the client sent). None: the peer is
	// the client, whatever the header says. The per-address sign-in limit
	// counts by this address.
	TrustedProxies []string
	// RedisPrefix starts every Redis key the API writes ("hearth:" when
	// empty), so tests can share one Redis.
	RedisPrefix string
	// BodyLimit caps JSON request bodies (bytes); 1 MiB when zero. Uploads
	// have their own cap (MaxUpload).
	BodyLimit int
	// Storage keeps evidence files.
	Storage storage.Store
	// Checkpoints are the signed audit checkpoints, kept outside the
	// database (none when its Root is empty).
	Checkpoints audit.Checkpoints
	// Now is the clock (time.Now when nil); tests move it.
	Now func() time.Time
	// Reminders is the relay told after a commit that wrote reminders
	// (none: they wait for the next relay pass).
	Reminders *reminders.Queue
	// Engine is the reminder engine the services plan with (built from
	// Client, Reminders and Now when nil).
	Engine *reminders.Engine
	// Ledger is the hazard ledger's rules (built from the above when nil).
	Ledger *ledger.Service
	// WebhookAllowPrivate lets webhooks target private and loopback
	// addresses (an intranet receiver; tests).
	WebhookAllowPrivate bool
	// Calendar is China's working-day calendar, shared with the reminder
	// engine (calendar.New(Client) when nil).
	Calendar *calendar.Calendar
	// IdempotencyLease is how long a claim of an Idempotency-Key outlives
	// the last beat of its request (idempotency.Lease when zero).
	IdempotencyLease time.Duration
}

type api struct {
	Deps
	http     *httpMetrics
	paths    *paths
	accounts *accounts.Service
	idem     *idempotency.Store
	notify   *notify.Service
	// equipment is the heating register (services/equipment).
	equipment *equipment.Service
	// readiness is the heating season and its readiness campaign.
	readiness *readiness.Service
	// alarms is the gas-alarm installation campaigns (services/alarms).
	alarms *alarms.Service
	// renovation is the old pipeline renovation and its occupation points.
	renovation *renovation.Service
	docCache
	docsCache
}

// New builds the fiber app with every route and middleware.
func New(d Deps) *fiber.App {
	if d.BodyLimit == 0 {
		d.BodyLimit = 1 << 20
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.RedisPrefix == "" {
		d.RedisPrefix = "hearth:"
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Calendar == nil {
		d.Calendar = calendar.New(d.Client)
	}
	if d.Engine == nil {
		d.Engine = reminders.NewEngine(d.Client, d.Calendar, d.Reminders, d.Now)
		if d.Calendar.OnLoad == nil { // a year loaded re-lays the reminders it touches
			d.Calendar.OnLoad = func(ctx context.Context, tx *ent.Tx, t calendar.Table, year int) error {
				return d.Engine.ReplanYear(ctx, tx, t, year)
			}
		}
	}
	if d.Ledger == nil {
		d.Ledger = ledger.New(d.Client, d.Engine, d.Storage, d.Now)
	}
	registerState(d)
	a := &api{Deps: d, http: newHTTPMetrics(d.Metrics),
		accounts:  accounts.New(d.Client, d.Authz, d.Passwords, d.Engine, d.Now),
		idem:      idempotency.New(d.Client, d.Now).WithLease(d.IdempotencyLease),
		notify:    notify.New(d.Client, d.Engine, d.WebhookAllowPrivate, d.Now),
		equipment: equipment.New(d.Client, d.Engine, d.Storage, d.Now)}
	a.readiness = readiness.New(d.Client, d.Engine, d.Storage, d.Ledger, d.Now)
	a.alarms = alarms.New(d.Client, d.Engine, d.Storage, d.Now)
	// An item on a unit counts in the unit's condition (its overhaul).
	a.readiness.Refresh = a.equipment.RefreshUnits
	a.renovation = renovation.New(d.Client, d.Engine, d.Storage, d.Ledger, d.Now)
	routes := a.routes()
	a.paths = newPaths(routes)
	cfg := fiber.Config{
		AppName: "hearth",
		// Also what fasthttp calls for a request it refuses before any
		// middleware (a body over BodyLimit): errorHandler logs those.
		ErrorHandler: a.errorHandler,
		// Bodies are streamed: each route reads its own within its own
		// limit (body.go). BodyLimit only says how much fasthttp reads
		// ahead (8 KiB at most) before the handlers run.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true, // else a multipart body is read whole first
		BodyLimit:                    max(d.BodyLimit, UploadLimit),
		ReadTimeout:                  ReadTimeout, // headers and a JSON body; uploads get UploadReadTimeout
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		DisableStartupMessage:        true,
		StrictRouting:                false,
		CaseSensitive:                true,
	}
	if len(d.TrustedProxies) > 0 {
		cfg.ProxyHeader, cfg.EnableTrustedProxyCheck, cfg.TrustedProxies = fiber.HeaderXForwardedFor, true, d.TrustedProxies
		cfg.EnableIPValidation = true // the header's first valid address
	}
	app := fiber.New(cfg)
	app.Use(requestID)
	app.Use(a.observe) // outside recover: a panic is logged as the 500 it answers
	app.Use(a.bodyGuard)
	app.Use(fiberrecover.New(fiberrecover.Config{EnableStackTrace: false}))
	app.Use(a.methodGuard)
	for _, r := range routes {
		app.Add(r.Method, r.Path, a.chain(r)...)
	}
	app.Use(consoleHandler()) // last: the browser console at "/", outside /api/
	return app
}

// registerState adds to the registry what is read on each scrape: the
// database pool (go_sql_*, db_name "hearth") and the reminder outbox and
// queues with this process's reminder and webhook counters.
func registerState(d Deps) {
	var cs []prometheus.Collector
	if d.SQL != nil {
		cs = append(cs, collectors.NewDBStatsCollector(d.SQL, "hearth"))
	}
	if d.Reminders != nil {
		cs = append(cs, d.Reminders.Collectors()...)
	}
	for _, c := range cs {
		if err := d.Metrics.Register(c); err != nil {
			if _, dup := err.(prometheus.AlreadyRegisteredError); !dup {
				panic(err)
			}
		}
	}
}

// chain puts authentication and the casbin check in front of a handler.
func (a *api) chain(r route) []fiber.Handler {
	var hs []fiber.Handler
	if !r.Public {
		hs = append(hs, a.authenticate)
	}
	// A body too large for the route is refused from its headers, with the
	// caller known for the log; read only once the caller may take it.
	hs = append(hs, a.bodyFits(r))
	if r.Obj != "" {
		obj, act := r.Obj, r.Act
		hs = append(hs, func(c *fiber.Ctx) error {
			if !a.Authz.Allow(viewer(c), obj, act) {
				return services.ErrForbidden
			}
			return c.Next()
		})
	}
	hs = append(hs, a.readBody(r))
	if r.Idempotent {
		hs = append(hs, a.idempotent)
	}
	return append(hs, r.Handler)
}

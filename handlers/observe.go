package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	signins  *prometheus.CounterVec
	imports  *prometheus.CounterVec
	importT  *prometheus.HistogramVec
}

// Outcomes of a sign-in, by the status it answered.
var signinOutcomes = map[int]string{200: "ok", 400: "bad_request", 401: "bad_credentials", 429: "throttled", 503: "busy"}

// importKinds are the registers that import workbooks: the route's
// resource ("/api/v1/hazards/import" is "hazards").
var importKinds = []string{"hazards", "equipment", "alarms"}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hearth_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "hearth_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.signins = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hearth_signins_total", Help: "Sign-ins by outcome: ok, bad_credentials, throttled (too many failures), busy (no password slot), bad_request, error.",
	}, []string{"outcome"})
	m.imports = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hearth_imports_total", Help: "Workbook imports by register, mode (dry_run, commit) and outcome (ok, refused, error).",
	}, []string{"kind", "mode", "outcome"})
	m.importT = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hearth_import_duration_seconds", Help: "Workbook import latency by register and mode.",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"kind", "mode"})
	for _, o := range []string{"ok", "bad_request", "bad_credentials", "throttled", "busy", "error"} {
		m.signins.WithLabelValues(o)
	}
	for _, k := range importKinds {
		for _, mode := range []string{"dry_run", "commit"} {
			m.importT.WithLabelValues(k, mode)
			for _, o := range []string{"ok", "refused", "error"} {
				m.imports.WithLabelValues(k, mode, o)
			}
		}
	}
	reg.MustRegister(m.requests, m.duration, m.signins, m.imports, m.importT)
	return m
}

// count adds a request to the sign-in and import counters when it is one.
func (m *httpMetrics) count(c *fiber.Ctx, method, route string, status int, elapsed time.Duration) {
	if method != fiber.MethodPost {
		return
	}
	if route == "/api/v1/auth/login" {
		outcome, ok := signinOutcomes[status]
		if !ok {
			outcome = "error"
		}
		m.signins.WithLabelValues(outcome).Inc()
		return
	}
	kind, isImport := strings.CutSuffix(strings.TrimPrefix(route, "/api/v1/"), "/import")
	if !isImport || !slices.Contains(importKinds, kind) {
		return
	}
	mode := "commit"
	if v := c.Query("dry_run"); v == "true" || v == "1" {
		mode = "dry_run"
	}
	outcome := "ok"
	switch {
	case status >= 500:
		outcome = "error"
	case status >= 400:
		outcome = "refused"
	}
	m.imports.WithLabelValues(kind, mode, outcome).Inc()
	m.importT.WithLabelValues(kind, mode).Observe(elapsed.Seconds())
}

// requestIDRE is what a request id a client sends may look like (a proxy's
// or another service's trace id); anything else is replaced, so nobody
// writes arbitrary text into the logs.
var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// Locals the request's middleware share.
const (
	localObserved = "observed" // observe is logging this request
	localRoute    = "route"    // the route pattern, when fiber matched none
	localCause    = "cause"    // the internal error behind a 500, for the log
)

// requestID gives every request an id, kept in Locals("requestid") and
// answered in X-Request-ID.
func requestID(c *fiber.Ctx) error {
	assignRequestID(c)
	return c.Next()
}

func assignRequestID(c *fiber.Ctx) string {
	id := c.Get(fiber.HeaderXRequestID)
	if !requestIDRE.MatchString(id) {
		id = newRequestID()
	} else {
		id = strings.Clone(id)
	}
	c.Set(fiber.HeaderXRequestID, id)
	c.Locals("requestid", id)
	return id
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// observe logs each request once and counts it. Errors become answers here
// (through the app's ErrorHandler), so the line has the status the client
// got. Requests fasthttp refuses before any middleware (a body over the
// limit) are logged by errorHandler alike.
func (a *api) observe(c *fiber.Ctx) error {
	start := time.Now()
	c.Locals(localObserved, true)
	if err := c.Next(); err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	a.record(c, time.Since(start))
	return nil
}

// record writes a request's one log line and counts it: request id,
// district (slug), user (username; "operator:" before an operator's),
// method, route pattern, status and duration. Routes are patterns
// (/api/v1/hazards/:id), never raw paths, so ids neither explode the metric
// series nor fill the log. A 500 is logged at error with its cause, which
// its answer never carries.
func (a *api) record(c *fiber.Ctx, elapsed time.Duration) {
	status := c.Response().StatusCode()
	// fiber's strings point into buffers reused after the request: the
	// metric labels outlive it, so they get copies.
	method, route := strings.Clone(c.Method()), a.routeOf(c)
	a.http.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	a.http.duration.WithLabelValues(method, route).Observe(elapsed.Seconds())
	a.http.count(c, method, route, status, elapsed)
	rid, _ := c.Locals("requestid").(string)
	district, user := a.who(c)
	attrs := []any{"request_id", rid, "district", district, "user", user, "method", method, "route", route,
		"status", status, "ms", float64(elapsed.Microseconds()) / 1000}
	level := slog.LevelInfo
	if cause, _ := c.Locals(localCause).(error); cause != nil {
		level = slog.LevelError
		attrs = append(attrs, "path", c.Path(), "err", cause.Error())
	}
	a.Log.Log(context.Background(), level, "http", attrs...)
}

// routeOf is the pattern of the route that answered, or the declared
// pattern the path is when fiber matched none (a 405, a body refused before
// routing), or "unmatched".
func (a *api) routeOf(c *fiber.Ctx) string {
	if r, ok := c.Locals(localRoute).(string); ok {
		return r
	}
	if r, ok := a.paths.declared[c.Route().Path]; ok {
		return r // the table's own string: the route's may point into the request's buffer
	}
	return a.paths.match(c.Path())
}

// who names the caller of a request: the viewer authentication found, or,
// on a request answered before authentication (a 405, a 413 refused while
// reading it, a 401 for an account that has ended), the account of its
// bearer token when the signature holds.
func (a *api) who(c *fiber.Ctx) (district, user string) {
	if v := viewer(c); v != nil {
		if v.Operator {
			return "", "operator:" + v.Username
		}
		return v.TenantSlug, v.Username
	}
	raw, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok || a.Tokens == nil {
		return "", ""
	}
	cl, err := a.Tokens.parse(strings.TrimSpace(raw), "access")
	if err != nil {
		return "", ""
	}
	if cl.Kind == "operator" {
		return "", "operator:" + cl.Username
	}
	return "", cl.Username
}

// methodGuard answers 405 with Allow for a method a literal path does not
// answer, before fiber's router sends it to a parameter route: GET
// /hazards/import would otherwise reach GET /hazards/:id as the id
// "import". Paths no literal route declares are fiber's to route; a wrong
// method there is fiber's 405, with the Allow header fiber builds.
func (a *api) methodGuard(c *fiber.Ctx) error {
	path := c.Path()
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/") // StrictRouting is off: /x/ is /x
	}
	methods, literal := a.paths.static[path]
	if !literal || slices.Contains(methods, c.Method()) {
		return c.Next()
	}
	c.Set(fiber.HeaderAllow, strings.Join(methods, ", "))
	c.Locals(localRoute, a.paths.match(path))
	return fiber.ErrMethodNotAllowed
}

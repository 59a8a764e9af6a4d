package handlers

import (
	"context"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/hearthsafety/hearth/services"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthOut is the liveness answer.
type healthOut struct {
	Status string `json:"status" enum:"Liveness"`
}

// readyOut is the readiness answer, 200 when ready and 503 when not: each
// dependency is "ok" or "unreachable".
type readyOut struct {
	Ready  bool              `json:"ready"`
	Checks map[string]string `json:"checks" enum:"ReadinessCheck"`
}

// healthz handles GET /healthz: the process is up.
func (a *api) healthz(c *fiber.Ctx) error {
	return c.JSON(healthOut{Status: "ok"})
}

// readyz handles GET /readyz: the database and Redis answer.
func (a *api) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok", "redis": "ok"}
	ok := true
	if a.SQL == nil || a.SQL.PingContext(ctx) != nil {
		checks["database"], ok = "unreachable", false
	}
	if a.Redis == nil || a.Redis.Ping(ctx).Err() != nil {
		checks["redis"], ok = "unreachable", false
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusServiceUnavailable
	}
	return c.Status(status).JSON(readyOut{Ready: ok, Checks: checks})
}

func (a *api) metrics() fiber.Handler {
	serve := adaptor.HTTPHandler(promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{}))
	want := []byte("Bearer " + a.MetricsToken)
	return func(c *fiber.Ctx) error {
		if a.MetricsToken == "" {
			return services.Errorf(services.KindNotFound, "metrics_off",
				"metrics are off: set HEARTH_METRICS_TOKEN and scrape with it as a bearer token")
		}
		if subtle.ConstantTimeCompare([]byte(c.Get(fiber.HeaderAuthorization)), want) != 1 {
			return errUnauthorized
		}
		return serve(c)
	}
}

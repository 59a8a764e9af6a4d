package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz handles GET /healthz: the process is up.
func (a *api) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz handles GET /readyz: the database and Redis answer.
func (a *api) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{"database": "ok", "redis": "ok"}
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
	return c.Status(status).JSON(fiber.Map{"ready": ok, "checks": checks})
}

func (a *api) metrics() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{}))
}

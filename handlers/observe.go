package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

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
	reg.MustRegister(m.requests, m.duration)
	return m
}

// requestIDRE is what a request id a client sends may look like (a proxy's
// or another service's trace id); anything else is replaced, so nobody
// writes arbitrary text into the logs.
var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID gives every request an id, kept in Locals("requestid") and
// answered in X-Request-ID.
func requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !requestIDRE.MatchString(id) {
		id = newRequestID()
	} else {
		id = strings.Clone(id)
	}
	c.Set(fiber.HeaderXRequestID, id)
	c.Locals("requestid", id)
	return c.Next()
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// observe logs each request (with its request id) and counts it. Routes are
// labelled by pattern, never by raw path, so ids do not explode the series.
func (a *api) observe(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	// fiber's strings point into buffers reused after the request: the
	// metric labels outlive it, so they get copies.
	method, route := strings.Clone(c.Method()), strings.Clone(c.Route().Path)
	if status == fiber.StatusNotFound && route == "/" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	a.http.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	a.http.duration.WithLabelValues(method, route).Observe(elapsed.Seconds())
	rid, _ := c.Locals("requestid").(string)
	a.Log.Info("http", "request_id", rid, "method", method, "route", route,
		"status", status, "ms", float64(elapsed.Microseconds())/1000)
	return nil
}

package handlers_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// TestMetricsFamilies: a scrape of /metrics carries every family the
// README's operations table names: requests, sign-ins and their throttle,
// imports, reminders (scheduled, due, sent, failed, lag), webhook
// deliveries and calls, the Redis queues and the database pool; and no
// label carries a user or a record id.
func TestMetricsFamilies(t *testing.T) {
	t.Parallel()
	e := handlerstest.New(t, handlerstest.WithMetricsToken("scrape-token-0123456789"))
	// A failed sign-in, so the sign-in counter has moved.
	e.Do("", http.MethodPost, "/api/v1/auth/login", `{"tenant":"nankai","username":"nobody","password":"x"}`)
	res := e.Do("", http.MethodGet, "/metrics", nil, "Authorization", "Bearer scrape-token-0123456789")
	if res.Status != http.StatusOK {
		t.Fatalf("scrape: %d %s", res.Status, res.Body)
	}
	body := string(res.Body)
	for _, family := range []string{
		"hearth_http_requests_total", "hearth_http_request_duration_seconds",
		"hearth_signins_total", "hearth_imports_total", "hearth_import_duration_seconds",
		"hearth_reminders_scheduled", "hearth_reminders_due", "hearth_reminders_oldest_due_seconds",
		"hearth_reminders_total", "hearth_reminder_lag_seconds",
		"hearth_webhook_deliveries_total", "hearth_webhook_deliveries_pending", "hearth_webhook_calls_total",
		"hearth_webhook_call_duration_seconds", "hearth_webhook_paced_total",
		"hearth_queue_tasks", "hearth_reminders_state_up",
		"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_wait_count_total",
	} {
		if !regexp.MustCompile(`(?m)^# TYPE ` + family + ` `).MatchString(body) {
			t.Errorf("no family %s", family)
		}
	}
	for _, want := range []string{`hearth_signins_total{outcome="bad_credentials"} 1`, `hearth_reminders_state_up 1`,
		`hearth_queue_tasks{queue="webhooks",state="pending"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s", want)
		}
	}
	if regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-`).MatchString(body) {
		t.Error("an id in a label")
	}
}

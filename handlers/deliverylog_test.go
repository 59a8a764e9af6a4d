package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// TestDeliveriesAreLoggedWithoutSecrets: each reminder batch and each
// webhook attempt logs its outcome, a failure at warn with its reason; no
// robot key, path secret or signing secret reaches the log.
func TestDeliveriesAreLoggedWithoutSecrets(t *testing.T) {
	t.Parallel()
	var log logBuffer
	l := &ledger{handlerstest.New(t, handlerstest.WithLog(&log)), t}
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	recv := newReceiver(t, func(n int) int {
		if n == 1 {
			return 502 // the first attempt fails
		}
		return 200
	}, 0)
	const robotKey, pathSecret, signing = "wecom-key-0123456789", "path-secret-0123456789", "whsec_log_secret_0123456789"
	robot := l.hook(gas1Org, "wecom", recv.URL+"/cgi-bin/webhook/send?key="+robotKey, "")
	generic := l.hook(gas1Org, "generic", recv.URL+"/hooks/T0/"+pathSecret, signing)
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"}) // overdue: escalated at once
	l.waitDeliveries(robot, 1, 15*time.Second)
	l.waitDeliveries(generic, 1, 15*time.Second)

	sentBatch := false
	for _, b := range log.lines(t, "msg", "reminder batch delivered") {
		if b["level"] == "INFO" && b["sent"].(float64) >= 1 && b["webhook_calls"].(float64) >= 2 {
			sentBatch = true
		}
	}
	if !sentBatch {
		t.Errorf("no batch logged as sending the escalation and calling both webhooks:\n%s", log.String())
	}
	failed := log.lines(t, "msg", "webhook delivery failed")
	if len(failed) != 1 || failed[0]["level"] != "WARN" || failed[0]["err"] != "receiver answered 502" ||
		failed[0]["will_retry"] != true || failed[0]["status"] != 502.0 || failed[0]["attempt"] != 1.0 ||
		failed[0]["district"] != "nankai" || failed[0]["target"] != recv.URL+"/****" {
		t.Errorf("failed attempts logged: %v", failed)
	}
	delivered := log.lines(t, "msg", "webhook delivered")
	if len(delivered) != 2 {
		t.Errorf("%d deliveries logged, want 2: %v", len(delivered), delivered)
	}
	for _, d := range delivered {
		if d["level"] != "INFO" || d["status"] != 200.0 || d["event"] != "hazard.overdue" {
			t.Errorf("delivery logged as %v", d)
		}
	}
	for _, secret := range []string{robotKey, pathSecret, signing, "key="} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

package reminders

import (
	"context"
	"errors"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
)

// Metrics of reminders and webhook calls. Their labels are bounded: a
// webhook's kind, an outcome, a queue and a task state; never a district,
// a record or a webhook id.
var metrics = struct {
	reminders  *prometheus.CounterVec
	lag        prometheus.Histogram
	deliveries *prometheus.CounterVec
	calls      *prometheus.CounterVec
	callTime   *prometheus.HistogramVec
	paced      *prometheus.CounterVec
}{
	reminders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hearth_reminders_total",
		Help: "Reminders settled by the workers, by outcome: sent, cancelled, failed (retries spent), retried (an attempt failed)."},
		[]string{"outcome"}),
	lag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "hearth_reminder_lag_seconds",
		Help:    "How late a reminder was sent after it was due.",
		Buckets: []float64{.1, .5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600}}),
	deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hearth_webhook_deliveries_total",
		Help: "Webhook delivery attempts by webhook kind and outcome (succeeded, failed); a robot message counts each delivery it carries."},
		[]string{"kind", "outcome"}),
	calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hearth_webhook_calls_total",
		Help: "Webhook calls (HTTP requests) by webhook kind and outcome."}, []string{"kind", "outcome"}),
	callTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "hearth_webhook_call_duration_seconds",
		Help: "Webhook call latency by webhook kind.", Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10}},
		[]string{"kind"}),
	paced: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hearth_webhook_paced_total",
		Help: "Webhook calls held back because the webhook was at its rate, by webhook kind."}, []string{"kind"}),
}

func init() {
	for _, o := range []string{"sent", "cancelled", "failed", "retried"} {
		metrics.reminders.WithLabelValues(o)
	}
	for _, k := range []string{"generic", "wecom", "dingtalk"} {
		for _, o := range []string{"succeeded", "failed"} {
			metrics.deliveries.WithLabelValues(k, o)
			metrics.calls.WithLabelValues(k, o)
		}
		metrics.callTime.WithLabelValues(k)
		metrics.paced.WithLabelValues(k)
	}
}

// observeCall counts a webhook call that carried n deliveries.
func (w *Worker) observeCall(hk *ent.Webhook, n int, err error, took time.Duration) {
	kind, outcome := string(hk.Kind), "succeeded"
	if err != nil {
		outcome = "failed"
	}
	metrics.calls.WithLabelValues(kind, outcome).Inc()
	metrics.deliveries.WithLabelValues(kind, outcome).Add(float64(n))
	metrics.callTime.WithLabelValues(kind).Observe(took.Seconds())
}

// Collectors are the reminder metrics of this process (what its workers
// did) and, read on each scrape, the state of the outbox and of the Redis
// queues the relay q feeds: reminders scheduled and due, deliveries
// pending, tasks by queue and state. Register them with one registry.
func (q *Queue) Collectors() []prometheus.Collector {
	return []prometheus.Collector{metrics.reminders, metrics.lag, metrics.deliveries, metrics.calls,
		metrics.callTime, metrics.paced, &stateCollector{q: q}}
}

var (
	descScheduled = prometheus.NewDesc("hearth_reminders_scheduled", "Reminders scheduled (not yet sent).", nil, nil)
	descDue       = prometheus.NewDesc("hearth_reminders_due", "Reminders scheduled and due by now: waiting for a worker.", nil, nil)
	descOldest    = prometheus.NewDesc("hearth_reminders_oldest_due_seconds", "How long the oldest reminder still due has waited (0: none).", nil, nil)
	descPending   = prometheus.NewDesc("hearth_webhook_deliveries_pending", "Webhook deliveries not yet settled.", nil, nil)
	descQueue     = prometheus.NewDesc("hearth_queue_tasks", "Tasks in the Redis queues by queue and state.", []string{"queue", "state"}, nil)
	descUp        = prometheus.NewDesc("hearth_reminders_state_up", "1 when the last scrape could read the outbox and the queues.", nil, nil)
)

// stateCollector reads the outbox and the queues when scraped.
type stateCollector struct{ q *Queue }

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descScheduled, descDue, descOldest, descPending, descQueue, descUp} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(policy.System(context.Background()), 5*time.Second)
	defer cancel()
	o := c.q.o
	now := o.Now().UTC()
	up := 1.0
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	scheduled := o.Client.Reminder.Query().Where(reminder.StateEQ(reminder.StateScheduled))
	if n, err := scheduled.Clone().Count(ctx); err == nil {
		gauge(descScheduled, float64(n))
	} else {
		up = 0
	}
	due := scheduled.Clone().Where(reminder.DueAtLTE(now))
	if n, err := due.Clone().Count(ctx); err == nil {
		gauge(descDue, float64(n))
	} else {
		up = 0
	}
	if r, err := due.Clone().Order(reminder.ByDueAt()).Select(reminder.FieldDueAt).First(ctx); err == nil {
		gauge(descOldest, now.Sub(r.DueAt).Seconds())
	} else if ent.IsNotFound(err) {
		gauge(descOldest, 0)
	} else {
		up = 0
	}
	if n, err := o.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StatePending)).Count(ctx); err == nil {
		gauge(descPending, float64(n))
	} else {
		up = 0
	}
	for label, name := range map[string]string{"reminders": o.reminderQueue(), "webhooks": o.webhookQueue()} {
		info, err := c.q.insp.GetQueueInfo(name)
		if err != nil {
			if !errors.Is(err, asynq.ErrQueueNotFound) {
				up = 0
			}
			info = &asynq.QueueInfo{}
		}
		for state, v := range map[string]int{"pending": info.Pending, "active": info.Active, "scheduled": info.Scheduled,
			"retry": info.Retry, "archived": info.Archived} {
			gauge(descQueue, float64(v), label, state)
		}
	}
	gauge(descUp, up)
}

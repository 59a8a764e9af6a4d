package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/policy"
)

// Worker delivers what Redis hands it: reminders into inboxes (in batches,
// one transaction for many) and webhook calls (each its own task, so a slow
// receiver holds up no one else). Several workers may share one Redis and
// one database.
type Worker struct {
	o        Options
	queue    *Queue
	reminder *asynq.Server
	webhook  *asynq.Server
	batches  chan batchReq
	sender   *sender
	pace     *pacer
	stop     context.CancelFunc
	done     chan struct{}
}

type batchReq struct {
	id   uuid.UUID
	done chan error
}

// NewWorker makes a worker; queue (may be nil) is kicked to hand Redis the
// webhook deliveries a batch made.
func NewWorker(o Options, queue *Queue) *Worker {
	o = o.withDefaults()
	w := &Worker{o: o, queue: queue, batches: make(chan batchReq, o.Concurrency),
		sender: newSender(o), pace: &pacer{o: o, clock: o.Clock}, done: make(chan struct{})}
	retry := func(n int, err error, _ *asynq.Task) time.Duration {
		var later *notYet
		if errors.As(err, &later) {
			return max(later.wait, o.PollInterval)
		}
		if errors.Is(err, asynq.ErrLeaseExpired) {
			return time.Second // its worker died: no reason to wait longer
		}
		return o.Backoff(n)
	}
	logger := asynqLogger{o.Log}
	w.reminder = asynq.NewServerFromRedisClient(o.Redis, asynq.Config{
		Concurrency: o.Concurrency, Queues: map[string]int{o.reminderQueue(): 1},
		RetryDelayFunc: retry, TaskCheckInterval: o.PollInterval, DelayedTaskCheckInterval: o.PollInterval,
		Logger: logger, LogLevel: asynq.WarnLevel, ShutdownTimeout: 10 * time.Second,
	})
	w.webhook = asynq.NewServerFromRedisClient(o.Redis, asynq.Config{
		Concurrency: o.WebhookConcurrency, Queues: map[string]int{o.webhookQueue(): 1},
		RetryDelayFunc: retry, IsFailure: isFailure, TaskCheckInterval: o.PollInterval, DelayedTaskCheckInterval: o.PollInterval,
		Logger: logger, LogLevel: asynq.WarnLevel, ShutdownTimeout: o.WebhookTimeout + 5*time.Second,
	})
	return w
}

// Start runs the batchers and both servers.
func (w *Worker) Start() error {
	ctx, cancel := context.WithCancel(context.Background())
	w.stop = cancel
	const batchers = 2
	finished := make(chan struct{}, batchers)
	for range batchers {
		go func() { w.batchLoop(ctx); finished <- struct{}{} }()
	}
	go func() {
		for range batchers {
			<-finished
		}
		close(w.done)
	}()
	rm := asynq.NewServeMux()
	rm.HandleFunc(TypeReminder, w.handleReminder)
	if err := w.reminder.Start(rm); err != nil {
		cancel()
		return fmt.Errorf("reminder worker: %w", err)
	}
	wm := asynq.NewServeMux()
	wm.HandleFunc(TypeWebhook, w.handleWebhook)
	if err := w.webhook.Start(wm); err != nil {
		w.reminder.Shutdown()
		cancel()
		return fmt.Errorf("webhook worker: %w", err)
	}
	return nil
}

// Shutdown stops taking work and waits for what is in hand.
func (w *Worker) Shutdown() {
	w.webhook.Shutdown()
	w.reminder.Shutdown()
	w.stop()
	<-w.done
}

// handleReminder hands one reminder to a batcher and waits for its batch's
// transaction.
func (w *Worker) handleReminder(ctx context.Context, t *asynq.Task) error {
	id, err := uuid.ParseBytes(t.Payload())
	if err != nil {
		return fmt.Errorf("%w: bad reminder id: %v", asynq.SkipRetry, err)
	}
	req := batchReq{id: id, done: make(chan error, 1)}
	select {
	case w.batches <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err = <-req.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err != nil {
		w.failed(ctx, id, err)
		if n, _ := asynq.GetRetryCount(ctx); n >= w.maxRetry(ctx) {
			return nil // recorded as failed; the bureau can retry it
		}
	}
	return err
}

func (w *Worker) maxRetry(ctx context.Context) int {
	if n, ok := asynq.GetMaxRetry(ctx); ok {
		return n
	}
	return w.o.MaxRetry
}

// failed records a failed attempt, and the failure once retries are spent
// (logged at warn with its reason; the batch's own line said why first).
func (w *Worker) failed(ctx context.Context, id uuid.UUID, cause error) {
	n, _ := asynq.GetRetryCount(ctx)
	spent := n >= w.maxRetry(ctx)
	u := w.o.Client.Reminder.Update().Where(reminder.ID(id), reminder.StateEQ(reminder.StateScheduled)).
		AddAttempts(1).SetLastError(truncate(cause.Error(), 500))
	if spent {
		u.SetState(reminder.StateFailed).SetDoneAt(w.o.Now().UTC())
	}
	if err := u.Exec(policy.System(context.WithoutCancel(ctx))); err != nil {
		w.o.Log.Warn("reminder worker: recording a failed attempt", "reminder", id, "err", err)
	}
	if spent {
		metrics.reminders.WithLabelValues("failed").Inc()
	} else {
		metrics.reminders.WithLabelValues("retried").Inc()
	}
	if spent {
		w.o.Log.Warn("reminder failed: retries spent; the bureau may retry it", "reminder", id, "attempts", n+1, "err", cause)
	}
}

// batchLoop gathers waiting reminders, up to a batch, and settles them in
// one transaction: the database's commit cost is shared by the batch.
func (w *Worker) batchLoop(ctx context.Context) {
	const most = 500
	for {
		var reqs []batchReq
		select {
		case <-ctx.Done():
			return
		case r := <-w.batches:
			reqs = append(reqs, r)
		}
		linger := time.NewTimer(2 * time.Millisecond)
	gather:
		for len(reqs) < most {
			select {
			case r := <-w.batches:
				reqs = append(reqs, r)
			case <-linger.C:
				break gather
			}
		}
		linger.Stop()
		ids := make([]uuid.UUID, len(reqs))
		for i, r := range reqs {
			ids[i] = r.id
		}
		start := time.Now()
		out, err := w.deliver(context.WithoutCancel(ctx), ids)
		if err == nil && len(out.webhooks) > 0 {
			w.queue.Kick()
		}
		if err != nil {
			w.o.Log.Warn("reminder worker: batch failed; its reminders will be retried", "size", len(ids), "err", err)
		} else {
			metrics.reminders.WithLabelValues("sent").Add(float64(out.sent))
			metrics.reminders.WithLabelValues("cancelled").Add(float64(out.cancelled))
			for _, l := range out.lags {
				metrics.lag.Observe(max(l, 0).Seconds())
			}
			// skipped: no longer scheduled (a repeat of a batch that committed).
			w.o.Log.Info("reminder batch delivered", "size", len(ids), "sent", out.sent, "cancelled", out.cancelled,
				"skipped", len(ids)-out.sent-out.cancelled-len(out.unknown), "webhook_calls", len(out.webhooks),
				"ms", float64(time.Since(start).Microseconds())/1000)
		}
		if len(out.unknown) > 0 {
			w.o.Log.Warn("reminder worker: reminders of a subject this build has no source for; will be retried",
				"count", len(out.unknown))
		}
		for _, r := range reqs {
			if err == nil && slices.Contains(out.unknown, r.id) {
				r.done <- errNoSource
				continue
			}
			r.done <- err
		}
	}
}

// errNoSource fails a reminder whose subject this build knows no source for.
var errNoSource = errors.New("no reminder source for its subject in this build")

// asynqLogger writes asynq's own messages through slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Fatal(args ...any) {
	a.l.Error(fmt.Sprint(args...), "component", "asynq")
	panic(errors.New(fmt.Sprint(args...)))
}

package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
)

// Task types.
const (
	TypeReminder = "hearth:reminder"
	TypeWebhook  = "hearth:webhook"
)

// Options are what the relay and the workers share. Zero durations take the
// production defaults.
type Options struct {
	Client  *ent.Client
	Dialect string // dialect.Postgres or dialect.SQLite
	Redis   redis.UniversalClient
	Log     *slog.Logger
	// Prefix starts the Redis keys and queue names ("hearth:" when empty),
	// so several test suites can share one Redis.
	Prefix string
	// Now is the clock reminders are due by (time.Now when nil); tests move
	// it, and the relay hands Redis what is due by that clock.
	Now func() time.Time
	// Horizon: how far ahead of its time a reminder is handed to Redis,
	// which then holds it until it is due by the wall clock. Negative: not
	// before it is due (for tests whose clock stands still).
	Horizon time.Duration
	// Interval between relay passes; a Kick starts one at once.
	Interval time.Duration
	// Requeue: a reminder or delivery handed to Redis this long ago and
	// still unsettled is offered again (Redis drops the repeat by task id).
	Requeue time.Duration
	// PollInterval is how often idle workers look for work and due tasks.
	PollInterval time.Duration
	// AllowPrivate lets webhooks reach private and loopback addresses
	// (for an intranet receiver, and for tests).
	AllowPrivate bool
	// Concurrency of reminder deliveries and of webhook calls.
	Concurrency, WebhookConcurrency int
	// MaxRetry of reminder deliveries and of webhook calls.
	MaxRetry, WebhookMaxRetry int
	// WebhookTimeout bounds one webhook call.
	WebhookTimeout time.Duration
	// Backoff is the delay before retry n (exponential from 10 s, capped at
	// an hour, when nil).
	Backoff func(n int) time.Duration
	// PerMinute is how many calls one webhook gets in any minute
	// (PerMinute when zero), shared by every worker through Redis.
	PerMinute int
	// GenericPerMinute is the same for a generic webhook
	// (GenericPerMinute when zero).
	GenericPerMinute int
	// RobotBatch is how many deliveries one group-robot message carries at
	// most (50 when zero): one message per robot per batch.
	RobotBatch int
	// Linger is how long a robot's first delivery waits for the rest of
	// its batch when fewer than RobotBatch are pending (a second when
	// zero; negative: not at all).
	Linger time.Duration
	// Clock paces webhook calls (the wall clock when nil).
	Clock Clock
}

func (o Options) withDefaults() Options {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Prefix == "" {
		o.Prefix = "hearth:"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.Horizon, 10*time.Minute)
	def(&o.Interval, 15*time.Second)
	def(&o.Requeue, 15*time.Minute)
	def(&o.PollInterval, time.Second)
	def(&o.WebhookTimeout, 5*time.Second)
	if o.Concurrency == 0 {
		// Reminder handlers mostly wait for their batch's transaction:
		// many in flight make batches large (measured: 256 gave batches of
		// about 30 and 4.5k deliveries/s here, 1024 about 64 and 5.7k/s).
		o.Concurrency = 1024
	}
	if o.WebhookConcurrency == 0 {
		o.WebhookConcurrency = 32
	}
	if o.MaxRetry == 0 {
		o.MaxRetry = 10
	}
	if o.WebhookMaxRetry == 0 {
		o.WebhookMaxRetry = 8
	}
	if o.Backoff == nil {
		o.Backoff = Backoff
	}
	if o.GenericPerMinute == 0 {
		o.GenericPerMinute = GenericPerMinute
	}
	if o.PerMinute == 0 {
		o.PerMinute = PerMinute
	}
	if o.RobotBatch == 0 {
		o.RobotBatch = 50
	}
	def(&o.Linger, time.Second)
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	return o
}

// Backoff is the default retry delay: 10 s, 20 s, 40 s, … up to an hour.
func Backoff(n int) time.Duration {
	d := 10 * time.Second << min(n, 20)
	return min(d, time.Hour)
}

func (o Options) reminderQueue() string { return o.Prefix + "reminders" }
func (o Options) webhookQueue() string  { return o.Prefix + "webhooks" }
func (o Options) epochKey() string      { return o.Prefix + "queue-epoch" }

// Queue is the relay from the outbox to Redis: it hands Redis every
// scheduled reminder and pending webhook delivery that is due within the
// horizon and that Redis may lack. It runs in every hearth process; several
// at once are harmless, since Redis refuses a second task with the same id.
type Queue struct {
	o      Options
	client *asynq.Client
	insp   *asynq.Inspector
	kick   chan struct{}

	mu    sync.Mutex
	epoch string // the Redis epoch this process last saw

	engine atomic.Pointer[Engine] // the engine the start-up backfill plans with (NewEngine sets it)
}

// NewQueue makes a relay.
func NewQueue(o Options) *Queue {
	o = o.withDefaults()
	return &Queue{o: o, client: asynq.NewClientFromRedisClient(o.Redis),
		insp: asynq.NewInspectorFromRedisClient(o.Redis), kick: make(chan struct{}, 1)}
}

// Kick asks for a relay pass now (after a commit that wrote reminders). It
// never blocks.
func (q *Queue) Kick() {
	if q == nil {
		return
	}
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// Run relays until ctx ends: at once, then every Interval or Kick. Beside
// it, it plans the open records that have no reminders (Engine.Backfill),
// with the engine made for this queue (NewEngine), or else one on China's
// embedded calendar.
func (q *Queue) Run(ctx context.Context) {
	backfilled := make(chan struct{})
	defer func() { <-backfilled }()
	e := q.engine.Load()
	if e == nil {
		e = &Engine{client: q.o.Client, q: q, now: q.o.Now}
	}
	go func() {
		defer close(backfilled)
		n, err := e.Backfill(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			q.o.Log.Warn("reminder backfill failed; the next start tries again", "err", err)
		case n > 0:
			q.o.Log.Info("reminders planned for open records that had none", "records", n)
			q.Kick()
		}
	}()
	t := time.NewTicker(q.o.Interval)
	defer t.Stop()
	for {
		if _, err := q.Sync(ctx); err != nil && ctx.Err() == nil {
			q.o.Log.Warn("reminder relay: Redis or the database is unavailable; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-q.kick:
		}
	}
}

// Sync is one relay pass; it returns how many tasks it offered to Redis.
// The first pass of a process, and the first after Redis lost its data (its
// epoch key is gone), offers everything unsettled within the horizon again.
func (q *Queue) Sync(ctx context.Context) (int, error) {
	epoch, full, err := q.checkEpoch(ctx)
	if err != nil {
		return 0, err
	}
	n, err := q.syncReminders(ctx, full)
	if err != nil {
		return n, err
	}
	m, err := q.syncDeliveries(ctx, full)
	if err == nil {
		// Only a whole pass settles a new epoch: after a failed one, the
		// next pass is full again.
		q.mu.Lock()
		q.epoch = epoch
		q.mu.Unlock()
	}
	return n + m, err
}

// checkEpoch reports whether Redis may have lost tasks since this process
// last looked: a first look, or an epoch key that is missing or changed.
func (q *Queue) checkEpoch(ctx context.Context) (string, bool, error) {
	key := q.o.epochKey()
	cur, err := q.o.Redis.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		fresh := uuid.NewString()
		if _, err := q.o.Redis.SetNX(ctx, key, fresh, 0).Result(); err != nil {
			return "", false, err
		}
		if cur, err = q.o.Redis.Get(ctx, key).Result(); err != nil {
			return "", false, err
		}
	} else if err != nil {
		return "", false, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return cur, cur != q.epoch, nil
}

const relayPage = 1000

func (q *Queue) syncReminders(ctx context.Context, full bool) (int, error) {
	ctx = policy.System(ctx)
	now := q.o.Now().UTC() // SQLite compares times as text: always UTC
	total := 0
	var afterDue time.Time
	var afterID uuid.UUID
	for {
		// Only deadlines in range: a rung laid for 9999-12-31 before such
		// deadlines were refused falls in year 10000, which SQLite's text
		// compares before now and no driver scans back; the start-up
		// backfill records it (NoteDeadlineOutOfRange).
		sel := q.o.Client.Reminder.Query().Where(reminder.StateEQ(reminder.StateScheduled),
			reminder.DueAtLTE(now.Add(max(q.o.Horizon, 0))),
			reminder.DeadlineGTE(deadlineLow), reminder.DeadlineLT(deadlineHigh))
		if !full {
			sel.Where(reminder.Or(reminder.QueuedAtIsNil(), reminder.QueuedAtLT(now.Add(-q.o.Requeue))))
		}
		if !afterDue.IsZero() {
			sel.Where(reminder.Or(reminder.DueAtGT(afterDue), reminder.And(reminder.DueAt(afterDue), reminder.IDGT(afterID))))
		}
		rs, err := sel.Order(ent.Asc(reminder.FieldDueAt), ent.Asc(reminder.FieldID)).Limit(relayPage).
			Select(reminder.FieldID, reminder.FieldDueAt, reminder.FieldQueuedAt).All(ctx)
		if err != nil || len(rs) == 0 {
			return total, err
		}
		tasks := make([]pending, len(rs))
		for i, r := range rs {
			tasks[i] = pending{id: r.ID, at: r.DueAt, requeue: r.QueuedAt != nil}
		}
		ids, err := q.offer(ctx, TypeReminder, q.o.reminderQueue(), q.o.MaxRetry, now, tasks)
		if len(ids) > 0 {
			if err := q.o.Client.Reminder.Update().Where(reminder.IDIn(ids...)).SetQueuedAt(now.UTC()).Exec(ctx); err != nil {
				return total, err
			}
		}
		total += len(ids)
		if err != nil {
			return total, err
		}
		afterDue, afterID = rs[len(rs)-1].DueAt, rs[len(rs)-1].ID
	}
}

func (q *Queue) syncDeliveries(ctx context.Context, full bool) (int, error) {
	ctx = policy.System(ctx)
	now := q.o.Now().UTC() // SQLite compares times as text: always UTC
	total := 0
	var after uuid.UUID
	for {
		sel := q.o.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StatePending),
			webhookdelivery.IDGT(after))
		if !full {
			sel.Where(webhookdelivery.Or(webhookdelivery.QueuedAtIsNil(),
				webhookdelivery.QueuedAtLT(now.Add(-q.o.Requeue))))
		}
		ds, err := sel.Order(ent.Asc(webhookdelivery.FieldID)).Limit(relayPage).
			Select(webhookdelivery.FieldID, webhookdelivery.FieldQueuedAt).All(ctx)
		if err != nil || len(ds) == 0 {
			return total, err
		}
		tasks := make([]pending, len(ds))
		for i, d := range ds {
			tasks[i] = pending{id: d.ID, requeue: d.QueuedAt != nil}
		}
		ids, err := q.offer(ctx, TypeWebhook, q.o.webhookQueue(), q.o.WebhookMaxRetry, now, tasks)
		if len(ids) > 0 {
			if err := q.o.Client.WebhookDelivery.Update().Where(webhookdelivery.IDIn(ids...)).
				SetQueuedAt(now.UTC()).Exec(ctx); err != nil {
				return total, err
			}
		}
		total += len(ids)
		if err != nil {
			return total, err
		}
		after = ds[len(ds)-1].ID
	}
}

type pending struct {
	id      uuid.UUID
	at      time.Time // due (zero: now)
	requeue bool      // offered before
}

// offer enqueues tasks, a few at a time, and returns the ids Redis now holds
// (new, or there already under the same id). It stops at the first Redis
// error.
func (q *Queue) offer(ctx context.Context, typ, queue string, maxRetry int, now time.Time, tasks []pending) ([]uuid.UUID, error) {
	const parallel = 8
	held := make([]bool, len(tasks))
	errs := make([]error, parallel)
	var wg sync.WaitGroup
	for w := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(tasks); i += parallel {
				if err := q.enqueue(ctx, typ, queue, maxRetry, now, tasks[i]); err != nil {
					errs[w] = err
					return
				}
				held[i] = true
			}
		}()
	}
	wg.Wait()
	var ids []uuid.UUID
	for i, ok := range held {
		if ok {
			ids = append(ids, tasks[i].id)
		}
	}
	return ids, errors.Join(errs...)
}

func (q *Queue) enqueue(ctx context.Context, typ, queue string, maxRetry int, now time.Time, p pending) error {
	id := p.id.String()
	opts := []asynq.Option{asynq.TaskID(id), asynq.Queue(queue), asynq.MaxRetry(maxRetry)}
	if p.at.After(now) {
		// At its time, not "in (due − now)": a long pass would otherwise
		// make the tasks it hands over last late by the pass's length.
		opts = append(opts, asynq.ProcessAt(p.at))
	}
	_, err := q.client.EnqueueContext(ctx, asynq.NewTask(typ, []byte(id)), opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		if p.requeue {
			return q.revive(ctx, queue, id, typ, maxRetry, opts)
		}
		return nil
	}
	return err
}

// revive handles a task offered again that Redis still holds: one archived
// (its worker gave up and could not record why) is put back to run.
func (q *Queue) revive(ctx context.Context, queue, id, typ string, maxRetry int, opts []asynq.Option) error {
	info, err := q.insp.GetTaskInfo(queue, id)
	if err != nil || info.State != asynq.TaskStateArchived {
		return nil
	}
	if err := q.insp.DeleteTask(queue, id); err != nil {
		return fmt.Errorf("reminders: reviving task %s: %w", id, err)
	}
	_, err = q.client.EnqueueContext(ctx, asynq.NewTask(typ, []byte(id)), opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// isPostgres reports the dialect, for row locks SQLite has no syntax for
// (its writers are serialised by immediate transactions instead).
func (o Options) isPostgres() bool { return o.Dialect == dialect.Postgres }

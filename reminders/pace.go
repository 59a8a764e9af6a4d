package reminders

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// Group robots limit how often they may be called: WeCom's and DingTalk's
// take 20 messages a minute from one robot (DingTalk silences a robot that
// sends more for 10 minutes). Every call to a webhook, of any kind, is
// paced by a log of its calls in Redis that every worker shares: a robot's
// at PerMinute, a generic receiver's (a company's own system, one call per
// delivery, no robot's limit) at GenericPerMinute, which only keeps a
// midnight wave from flooding it.
const (
	// PerMinute is how many calls one robot gets in any minute.
	PerMinute = 20
	// GenericPerMinute is how many calls one generic webhook gets in any
	// minute.
	GenericPerMinute = 600
	// paceWindow is the minute the log counts over, with two seconds to
	// spare for the clocks of two workers and the receiver's.
	paceWindow = 62 * time.Second
)

// Robot message size limits (bytes of the markdown text, UTF-8): WeCom's
// markdown content, DingTalk's markdown text.
const (
	WeComMaxBytes    = 4096
	DingTalkMaxBytes = 20000
)

// Clock is the time webhook calls are paced by: the wall clock in
// production; tests run a faster one.
type Clock interface {
	Now() time.Time
	// Sleep waits d of this clock's time, or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// notYet is a task given back unsent and without counting as a failed
// attempt: its webhook is at its rate, another worker is sending to it, or
// it waits after a failure. asynq retries it after wait.
type notYet struct {
	wait time.Duration
	why  string
}

func (e *notYet) Error() string { return "not yet: " + e.why }

// isFailure tells asynq which errors count as a failed attempt.
func isFailure(err error) bool {
	var n *notYet
	return !errors.As(err, &n)
}

// takeScript records a call at ARGV[1] (ms) in the log KEYS[1] when fewer
// than ARGV[3] calls fall in the window ARGV[2] (ms) before it, and returns
// 0; else it returns how many ms until the oldest call leaves the window.
var takeScript = redis.NewScript(`
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`)

// refreshScript extends a lock KEYS[1] held with token ARGV[1] to ARGV[2] ms.
var refreshScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`)

// releaseScript drops a lock KEYS[1] held with token ARGV[1].
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// pacer keeps the shared call logs, locks and holds of webhooks in Redis.
type pacer struct {
	o     Options
	clock Clock
}

func (p *pacer) key(kind string, id uuid.UUID) string { return p.o.Prefix + kind + ":" + id.String() }

// take records a call to a webhook now if its rate allows one, and returns
// 0; else how long until it does (nothing recorded).
func (p *pacer) take(ctx context.Context, id uuid.UUID, limit int) (time.Duration, error) {
	now := p.clock.Now().UnixMilli()
	ms, err := takeScript.Run(ctx, p.o.Redis, []string{p.key("pace", id)}, now, paceWindow.Milliseconds(),
		limit, uuid.NewString()).Int64()
	if err != nil {
		return 0, fmt.Errorf("pacing webhook calls: %w", err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// lockTTL bounds how long a worker holds a robot: a rate wait, one call
// (its client gives up after twice WebhookTimeout) and the settling, with
// room to spare. The holder extends it before each call.
func (p *pacer) lockTTL() time.Duration { return paceWindow + 4*p.o.WebhookTimeout + 30*time.Second }

// robotLock is a worker's hold on sending to one robot: only its holder
// gathers and sends that robot's deliveries, so two workers never put one
// delivery in two messages.
type robotLock struct {
	p     *pacer
	key   string
	token string
}

// lock takes the robot's lock, or reports that another worker holds it.
func (p *pacer) lock(ctx context.Context, id uuid.UUID) (*robotLock, bool, error) {
	l := &robotLock{p: p, key: p.key("robot-lock", id), token: uuid.NewString()}
	ok, err := p.o.Redis.SetNX(ctx, l.key, l.token, p.lockTTL()).Result()
	if err != nil {
		return nil, false, fmt.Errorf("locking a robot: %w", err)
	}
	return l, ok, nil
}

// refresh extends the lock; false: it was lost (expired and taken).
func (l *robotLock) refresh(ctx context.Context) (bool, error) {
	n, err := refreshScript.Run(ctx, l.p.o.Redis, []string{l.key}, l.token, l.p.lockTTL().Milliseconds()).Int64()
	return n == 1, err
}

func (l *robotLock) release() {
	releaseScript.Run(context.Background(), l.p.o.Redis, []string{l.key}, l.token)
}

// hold keeps a robot's deliveries back for d after a failed call, so that
// they are retried together, after the backoff, by whichever task comes
// first. The hold's end is kept by the pacing clock (the key's own expiry
// only clears it away).
func (p *pacer) hold(ctx context.Context, id uuid.UUID, d time.Duration) error {
	until := p.clock.Now().Add(d).UnixMilli()
	return p.o.Redis.Set(ctx, p.key("robot-hold", id), strconv.FormatInt(until, 10), d+time.Minute).Err()
}

// held is how long a robot's hold has left (0: none).
func (p *pacer) held(ctx context.Context, id uuid.UUID) (time.Duration, error) {
	v, err := p.o.Redis.Get(ctx, p.key("robot-hold", id)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return max(time.UnixMilli(v).Sub(p.clock.Now()), 0), nil
}

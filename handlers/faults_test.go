package handlers_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent/notificationitem"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// stoppableRedis is a Redis of the test's own that it can stop and start:
// a redis-server on a free port when the machine has one (so that stopping
// it disturbs no other test), else an in-process one.
type stoppableRedis struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
	mini *miniredis.Miniredis
}

func newStoppableRedis(t *testing.T) *stoppableRedis {
	t.Helper()
	s := &stoppableRedis{t: t}
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Log("no redis-server on this machine: stopping and restarting an in-process Redis instead")
		s.mini = miniredis.NewMiniRedis()
		if err := s.mini.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.mini.Close)
		return s
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *stoppableRedis) addr() string {
	if s.mini != nil {
		return s.mini.Addr()
	}
	return "127.0.0.1:" + strconv.Itoa(s.port)
}

// start starts the server, empty, and waits until it answers.
func (s *stoppableRedis) start() {
	s.t.Helper()
	if s.mini != nil {
		if err := s.mini.Restart(); err != nil {
			s.t.Fatal(err)
		}
		return
	}
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	c := redis.NewClient(&redis.Options{Addr: s.addr()})
	defer c.Close()
	for i := 0; ; i++ {
		if c.Ping(context.Background()).Err() == nil {
			return
		}
		if i == 100 {
			s.t.Fatalf("redis-server on port %d did not start", s.port)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop kills the server; everything it held is gone.
func (s *stoppableRedis) stop() {
	if s.mini != nil {
		s.mini.Close()
		return
	}
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// TestRedisDownRemindersStillArriveOnce: Redis holds the reminders of some
// hazards and is stopped (losing them); more hazards are recorded while it is
// down, which must succeed; Redis comes back empty. Every reminder arrives,
// once per recipient.
func TestRedisDownRemindersStillArriveOnce(t *testing.T) {
	t.Parallel()
	red := newStoppableRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: red.addr(), DialTimeout: 200 * time.Millisecond,
		ReadTimeout: 500 * time.Millisecond, WriteTimeout: 500 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	l := &ledger{handlerstest.New(t, handlerstest.WithRedis(rdb)), t}
	l.at(local(2026, 12, 15, 10, 0, 0))
	ctx := policy.System(context.Background())

	// Recorded past their deadline, so escalated at once; handed to Redis
	// by a relay pass, then Redis is lost before any worker runs.
	for i := range 3 {
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": fmt.Sprintf("先入队%d号", i)})
	}
	if n, err := l.Queue.Sync(context.Background()); err != nil || n != 3 {
		t.Fatalf("the relay handed Redis %d reminders (%v), want 3", n, err)
	}
	red.stop()
	for i := range 3 {
		start := time.Now()
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": fmt.Sprintf("断线时%d号", i)})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("recording a hazard with Redis down took %v", d)
		}
	}
	if _, err := l.Queue.Sync(context.Background()); err == nil {
		t.Fatal("a relay pass with Redis down reported no error")
	}
	unqueued, err := l.DB.Client.Reminder.Query().Where(reminder.QueuedAtIsNil()).Count(ctx)
	if err != nil || unqueued != 3 {
		t.Fatalf("%d reminders wait for Redis (%v), want 3", unqueued, err)
	}

	red.start()
	l.StartWorker()
	l.settle(6)
	sent, err := l.DB.Client.Reminder.Query().Where(reminder.StateEQ(reminder.StateSent)).Count(ctx)
	if err != nil || sent != 6 {
		t.Fatalf("%d of 6 reminders sent (%v)", sent, err)
	}
	// Give a repeat the time to show, then count: one item per reminder
	// per recipient (clerk, company admin, street, bureau admin and
	// inspector, at least).
	time.Sleep(time.Second)
	l.eachOnce()
	for _, login := range []string{gas1Clerk, bureauAdmin, guangkaiOfficer} {
		n, err := l.DB.Client.NotificationItem.Query().Where(notificationitem.UserID(uuid.MustParse(userID(l.Env, login)))).Count(ctx)
		if err != nil || n != 6 {
			t.Fatalf("%s has %d items (%v), want 6", login, n, err)
		}
	}
}

// TestSeveralWorkersSendOnce: two workers (and their relays) share one Redis
// and one database; every reminder reaches each recipient once, and every
// webhook delivery is accepted once.
func TestSeveralWorkersSendOnce(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	recv := newReceiver(t, nil, 0)
	hook := l.hook("津燃华润燃气有限公司", "generic", recv.URL, "s")
	const n = 40
	for i := range n {
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": fmt.Sprintf("并发%d号", i)})
	}
	l.settle(n)
	l.waitDeliveries(hook, n, 15*time.Second)
	time.Sleep(500 * time.Millisecond) // a repeat would show by now
	l.eachOnce()
	calls := map[string]int{}
	for _, c := range recv.got() {
		calls[c.header.Get("X-Hearth-Delivery")]++
	}
	if len(calls) != n {
		t.Fatalf("the receiver saw %d deliveries, want %d", len(calls), n)
	}
	for id, c := range calls {
		if c != 1 {
			t.Fatalf("delivery %s was accepted %d times", id, c)
		}
	}
}

// eachOnce fails the test unless every reminder reached each of its
// recipients once.
func (l *ledger) eachOnce() {
	l.t.Helper()
	items, err := l.DB.Client.NotificationItem.Query().All(policy.System(context.Background()))
	if err != nil {
		l.t.Fatal(err)
	}
	per := map[string]int{}
	for _, it := range items {
		per[it.ReminderID.String()+"/"+it.UserID.String()]++
	}
	for k, n := range per {
		if n != 1 {
			l.t.Fatalf("reminder/user %s has %d items", k, n)
		}
	}
}

package reminders

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/services"
)

// fastClock runs k times faster than the wall clock: a minute of pacing
// passes in 60/k seconds.
type fastClock struct {
	start time.Time
	base  time.Time
	k     time.Duration
}

func (c *fastClock) Now() time.Time { return c.base.Add(time.Since(c.start) * c.k) }

func (c *fastClock) Sleep(ctx context.Context, d time.Duration) error {
	return wallClock{}.Sleep(ctx, d/c.k)
}

// testRedis is the CI Redis (HEARTH_TEST_REDIS_URL) or one in process.
func testRedis(t *testing.T) redis.UniversalClient {
	if u := os.Getenv("HEARTH_TEST_REDIS_URL"); u != "" {
		opt, err := redis.ParseURL(u)
		if err != nil {
			t.Fatal(err)
		}
		rdb := redis.NewClient(opt)
		t.Cleanup(func() { rdb.Close() })
		return rdb
	}
	rdb := redis.NewClient(&redis.Options{Addr: miniredis.RunT(t).Addr()})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// robotCall is a message a fake robot received: when (by the pacing
// clock) and the ids of the drill records it listed.
type robotCall struct {
	at   time.Time
	text string
	ids  []string
}

type fakeRobot struct {
	mu    sync.Mutex
	calls []robotCall
	fail  int // the first fail calls are answered 502
	clock Clock
}

var drillLine = regexp.MustCompile(`drill\.overdue ([0-9a-f-]{36})`)

func (r *fakeRobot) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	var m struct {
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	json.Unmarshal(b, &m)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		w.WriteHeader(502)
		return
	}
	c := robotCall{at: r.clock.Now(), text: m.Markdown.Content}
	for _, sub := range drillLine.FindAllStringSubmatch(m.Markdown.Content, -1) {
		c.ids = append(c.ids, sub[1])
	}
	r.calls = append(r.calls, c)
	w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

func (r *fakeRobot) received() []robotCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]robotCall(nil), r.calls...)
}

// robotWave makes n drill records past their deadline in w's district and
// a WeCom robot of its company, and settles their escalations as a
// reminder worker would: n deliveries pending to the robot. It returns the
// options two workers share (the clock k times fast, RobotBatch per
// message) and the robot.
func robotWave(t *testing.T, w *world, n, batch int, fail int, log io.Writer) (Options, *fakeRobot, *ent.Webhook) {
	clock := &fastClock{start: time.Now(), base: w.clock, k: 20}
	robot := &fakeRobot{clock: clock, fail: fail}
	srv := httptest.NewServer(robot)
	t.Cleanup(srv.Close)
	var hk *ent.Webhook
	err := services.InTx(w.ctx, w.client, func(tx *ent.Tx) (err error) {
		hk, err = tx.Webhook.Create().SetTenantID(w.tenant.ID).SetOrgID(w.company).SetName("班组群").
			SetKind("wecom").SetURL(srv.URL + "/cgi-bin/webhook/send?key=robot-key").Save(w.ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dues := make([]Due, n)
	for i := range dues {
		dues[i] = w.due("2026-11-20")
	}
	w.plan(dues...)
	if out := w.deliver(); out.sent != n || len(out.webhooks) != n {
		t.Fatalf("wave: %d sent, %d webhook deliveries; want %d", out.sent, len(out.webhooks), n)
	}
	o := Options{Client: w.client, Dialect: w.dialect, Redis: testRedis(t), Prefix: "test:" + uuid.NewString() + ":",
		Log: slog.New(slog.NewJSONHandler(log, nil)), Now: func() time.Time { return w.clock },
		Horizon: -1, Interval: 50 * time.Millisecond, PollInterval: 50 * time.Millisecond, AllowPrivate: true,
		WebhookTimeout: 3 * time.Second, Backoff: func(int) time.Duration { return 200 * time.Millisecond },
		RobotBatch: batch, Clock: clock}.withDefaults()
	return o, robot, hk
}

// runWorkers hands Redis the pending deliveries and runs two workers on
// them until none is pending.
func runWorkers(t *testing.T, w *world, o Options, hk *ent.Webhook) {
	q := NewQueue(o)
	if _, err := q.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		wk := NewWorker(o, q)
		if err := wk.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(wk.Shutdown)
	}
	t.Cleanup(func() {
		insp := asynq.NewInspectorFromRedisClient(o.Redis)
		for _, name := range []string{o.reminderQueue(), o.webhookQueue()} {
			insp.DeleteQueue(name, true)
		}
		o.Redis.Del(context.Background(), o.epochKey(), o.Prefix+"pace:"+hk.ID.String())
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		n, err := w.client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StatePending)).Count(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still pending after 90 s", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRobotWaveIsCombinedAndPaced: a midnight wave of 500 escalations to
// one WeCom robot, taken by two workers at once, goes out in combined
// messages (at most ceil(500/per message)), never more than 20 in any
// minute, and each reminder in exactly one message; every delivery keeps
// its own record, delivered after one attempt.
func TestRobotWaveIsCombinedAndPaced(t *testing.T) {
	w := newWorld(t)
	const n, per = 500, 20
	o, robot, hk := robotWave(t, w, n, per, 0, io.Discard)
	runWorkers(t, w, o, hk)

	calls := robot.received()
	if max := (n + per - 1) / per; len(calls) > max {
		t.Errorf("%d messages for %d reminders, want at most %d", len(calls), n, max)
	}
	seen := map[string]int{}
	for _, c := range calls {
		for _, id := range c.ids {
			seen[id]++
		}
		if len(c.text) > WeComMaxBytes {
			t.Errorf("a message of %d bytes", len(c.text))
		}
	}
	if len(seen) != n {
		t.Errorf("%d reminders listed, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("reminder %s sent in %d messages", id, k)
		}
	}
	for i, c := range calls {
		in := 0
		for _, d := range calls {
			if !d.at.Before(c.at) && d.at.Sub(c.at) < time.Minute {
				in++
			}
		}
		if in > PerMinute {
			t.Fatalf("%d messages in the minute from message %d (%s)", in, i, c.at.Format(time.TimeOnly))
		}
	}
	ds := w.client.WebhookDelivery.Query().AllX(w.ctx)
	for _, d := range ds {
		if d.State != webhookdelivery.StateSucceeded || d.Attempts != 1 {
			t.Fatalf("delivery %s: %s after %d attempts", d.ID, d.State, d.Attempts)
		}
	}
	if len(ds) != n {
		t.Fatalf("%d delivery records, want %d", len(ds), n)
	}
}

// TestRobotBatchFailsAndRetriesTogether: a robot's message refused once is
// sent again, whole, after the backoff: each of its deliveries records two
// attempts and is delivered once, and each failed attempt is logged with
// its reason.
func TestRobotBatchFailsAndRetriesTogether(t *testing.T) {
	w := newWorld(t)
	var log lockedBuffer
	o, robot, hk := robotWave(t, w, 5, 20, 1, &log)
	runWorkers(t, w, o, hk)
	failed := 0
	for _, line := range strings.Split(log.String(), "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) != nil || l["msg"] != "webhook delivery failed" {
			continue
		}
		failed++
		if l["level"] != "WARN" || l["err"] != "receiver answered 502" || l["batch"] != 5.0 || l["will_retry"] != true {
			t.Errorf("failure logged as %v", l)
		}
	}
	if failed != 5 {
		t.Errorf("%d failed deliveries logged, want 5:\n%s", failed, log.String())
	}
	calls := robot.received()
	if len(calls) != 1 || len(calls[0].ids) != 5 || !strings.HasPrefix(calls[0].text, "### 演练 5 条") {
		t.Fatalf("messages after the failure: %+v", calls)
	}
	for _, d := range w.client.WebhookDelivery.Query().AllX(w.ctx) {
		if d.State != webhookdelivery.StateSucceeded || d.Attempts != 2 || d.LastError != "" {
			t.Fatalf("delivery %s: %s after %d attempts (%s)", d.ID, d.State, d.Attempts, d.LastError)
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDigestFitsTheRobotsLimit: more lines than fit end with how many
// were left out; the message stays within the limit.
func TestDigestFitsTheRobotsLimit(t *testing.T) {
	evs := make([]Event, 300)
	for i := range evs {
		evs[i] = Event{Event: "drill.overdue", Subject: "drill",
			Record: json.RawMessage(fmt.Sprintf(`{"id":"%s"}`, uuid.New()))}
	}
	m, err := Digest(evs, WeComMaxBytes)
	if err != nil {
		t.Fatal(err)
	}
	text := m.markdown()
	if len(text) > WeComMaxBytes || m.Title != "演练 300 条" {
		t.Fatalf("%d bytes, title %q", len(text), m.Title)
	}
	listed := len(drillLine.FindAllString(text, -1))
	if want := fmt.Sprintf("……等 %d 条未列出，请在 Hearth 中查看", 300-listed); m.Lines[len(m.Lines)-1] != want || listed < 40 {
		t.Fatalf("%d listed, last line %q", listed, m.Lines[len(m.Lines)-1])
	}
	if one, _ := Digest(evs[:1], WeComMaxBytes); one.Title != "演练" {
		t.Fatalf("one event: %+v", one)
	}
}

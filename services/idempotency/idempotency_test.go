package idempotency_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/idempotency"
)

// clock is a test's movable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// TestClaimIsKeptWhileItsRequestRuns: a claim whose request stopped beating
// for longer than the lease is taken over by a retry (the request died); one
// whose request still beats is not, however long it has run.
func TestClaimIsKeptWhileItsRequestRuns(t *testing.T) {
	db := migrationstest.Open(t)
	clk := &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s := idempotency.New(db.Client, clk.now).WithLease(time.Minute)
	ctx := context.Background()
	user := uuid.New()

	_, running, err := s.Claim(ctx, user, "import-1", "h")
	if err != nil || running == nil {
		t.Fatalf("first claim: %v", err)
	}
	// It beats, as the middleware makes it while the import runs.
	for range 5 {
		clk.add(40 * time.Second)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { s.Keep(ctx, running, 5*time.Millisecond, stop); close(done) }()
		time.Sleep(30 * time.Millisecond)
		close(stop)
		<-done
		if _, _, err := s.Claim(ctx, user, "import-1", "h"); err != idempotency.ErrInProgress {
			t.Fatalf("a retry %s into a running request: %v, want ErrInProgress", clk.now().Sub(running.CreatedAt), err)
		}
	}
	// It stops beating (its process died): after the lease a retry takes over.
	clk.add(61 * time.Second)
	prev, again, err := s.Claim(ctx, user, "import-1", "h")
	if err != nil || prev != nil || again == nil || again.ID == running.ID {
		t.Fatalf("a retry after the request died: prev %v, claim %v, %v", prev, again, err)
	}
	// Another body under the same key is refused, running or not.
	_, _, err = s.Claim(ctx, user, "import-1", "other")
	if e, _ := services.As(err); e.Code != "idempotency_key_reused" {
		t.Fatalf("another body: %v", err)
	}
}

// A shorter lease (HEARTH_IDEMPOTENCY_LEASE) beats often enough that a live
// claim never lapses between beats; zero keeps the default.
func TestLeaseAndBeat(t *testing.T) {
	s := idempotency.New(nil, time.Now)
	if got := s.WithLease(0).Beat(); got != idempotency.Beat {
		t.Errorf("default lease: beat %s, want %s", got, idempotency.Beat)
	}
	if got := s.WithLease(10 * time.Second).Beat(); got != 2500*time.Millisecond {
		t.Errorf("10s lease: beat %s, want 2.5s", got)
	}
}

// TestTakenOverClaimCommitsNothing: a request whose claim was taken over
// (it stopped beating for longer than the lease) commits nothing: its
// transaction's guard finds the claim gone and rolls back, so it and the
// retry that took over never both commit. A claim that committed is never
// taken over, however long its answer takes to be kept.
func TestTakenOverClaimCommitsNothing(t *testing.T) {
	db := migrationstest.Open(t)
	clk := &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s := idempotency.New(db.Client, clk.now).WithLease(time.Minute)
	ctx := context.Background()
	user := uuid.New()
	write := func(claim *ent.IdempotencyKey) error {
		return services.InTx(services.WithTxGuard(ctx, s.Guard(claim)), db.Client, func(*ent.Tx) error { return nil })
	}

	_, first, err := s.Claim(ctx, user, "import-1", "h")
	if err != nil || first == nil {
		t.Fatalf("first claim: %v", err)
	}
	clk.add(2 * time.Minute)
	_, retry, err := s.Claim(ctx, user, "import-1", "h")
	if err != nil || retry == nil {
		t.Fatalf("a retry after the lease: %v", err)
	}
	if err := write(first); err != idempotency.ErrInProgress {
		t.Fatalf("the request taken over committed: %v, want ErrInProgress", err)
	}
	if err := write(retry); err != nil {
		t.Fatalf("the retry's commit: %v", err)
	}
	clk.add(time.Hour)
	if _, _, err := s.Claim(ctx, user, "import-1", "h"); codeOf(err) != "request_committed" {
		t.Fatalf("a claim that committed, an hour on: %v, want request_committed", err)
	}
	if err := s.Complete(ctx, retry, 201, []byte(`{}`), nil); err != nil {
		t.Fatal(err)
	}
	if prev, _, err := s.Claim(ctx, user, "import-1", "h"); err != nil || prev == nil || prev.Status != 201 {
		t.Fatalf("after the answer was kept: %v, %v", prev, err)
	}
}

// TestIdempotencyAnswerLostAfterCommit: a request that committed and died
// before its answer was kept (its replica killed) leaves a claim that is
// never taken over; while it still beats a retry answers ErrInProgress, and
// once it stopped beating for longer than the lease, request_committed
// naming where its record is (noted in the committing transaction; a record
// noted in a transaction rolled back is not named).
func TestIdempotencyAnswerLostAfterCommit(t *testing.T) {
	db := migrationstest.Open(t)
	clk := &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s := idempotency.New(db.Client, clk.now).WithLease(time.Minute)
	ctx := context.Background()
	user := uuid.New()
	made := uuid.New()
	code := func(err error) (string, any) {
		if err == nil {
			return "", nil
		}
		e, _ := services.As(err)
		return e.Code, e.Extra["location"]
	}

	_, claim, err := s.Claim(ctx, user, "create-1", "h")
	if err != nil || claim == nil {
		t.Fatalf("first claim: %v", err)
	}
	rctx := services.WithLocation(services.WithTxGuard(ctx, s.Guard(claim)), "/api/v1/hazards/")
	failed := services.InTx(rctx, db.Client, func(*ent.Tx) error {
		services.Made(rctx, uuid.New())
		return services.ErrStale
	})
	if failed != services.ErrStale || services.Location(rctx) != "" {
		t.Fatalf("a transaction rolled back: %v, location %q, want none", failed, services.Location(rctx))
	}
	if err := services.InTx(rctx, db.Client, func(*ent.Tx) error { services.Made(rctx, made); return nil }); err != nil {
		t.Fatal(err)
	}
	// Its request still runs (it beats): the answer is on its way.
	for range 3 {
		clk.add(40 * time.Second)
		stop, done := make(chan struct{}), make(chan struct{})
		go func() { s.Keep(ctx, claim, 5*time.Millisecond, stop); close(done) }()
		time.Sleep(30 * time.Millisecond)
		close(stop)
		<-done
		if _, _, err := s.Claim(ctx, user, "create-1", "h"); err != idempotency.ErrInProgress {
			t.Fatalf("a retry while the committed request runs: %v, want ErrInProgress", err)
		}
	}
	// It died: the answer is lost, the record stays its only one.
	clk.add(61 * time.Second)
	prev, again, err := s.Claim(ctx, user, "create-1", "h")
	if c, loc := code(err); prev != nil || again != nil || c != "request_committed" || loc != "/api/v1/hazards/"+made.String() {
		t.Fatalf("a retry after the committed request died: prev %v, claim %v, %v (location %v)", prev, again, err, loc)
	}
	clk.add(time.Hour)
	if c := codeOf(ignore(s.Claim(ctx, user, "create-1", "h"))); c != "request_committed" {
		t.Fatalf("an hour on: %s, want request_committed", c)
	}

	// A request that noted no record: request_committed without a location.
	_, other, err := s.Claim(ctx, user, "import-1", "h")
	if err != nil {
		t.Fatal(err)
	}
	if err := services.InTx(services.WithTxGuard(ctx, s.Guard(other)), db.Client, func(*ent.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	clk.add(2 * time.Minute)
	if c, loc := code(ignore(s.Claim(ctx, user, "import-1", "h"))); c != "request_committed" || loc != nil {
		t.Fatalf("a committed import whose request died: %s, location %v", c, loc)
	}
}

func ignore(_, _ *ent.IdempotencyKey, err error) error { return err }

// codeOf is err's code ("" for none).
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	e, _ := services.As(err)
	return e.Code
}

// TestFailureAfterCommitKeepsTheKey: a request that committed a record and
// then answered an error (a second step that did not go through) does not
// free its key: a retry at once answers request_committed, naming the
// record, and makes nothing again. One that committed nothing frees it.
func TestFailureAfterCommitKeepsTheKey(t *testing.T) {
	db := migrationstest.Open(t)
	clk := &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s := idempotency.New(db.Client, clk.now).WithLease(time.Minute)
	ctx := context.Background()
	user := uuid.New()
	made := uuid.New()

	_, claim, err := s.Claim(ctx, user, "create-1", "h")
	if err != nil || claim == nil {
		t.Fatalf("first claim: %v", err)
	}
	rctx := services.WithLocation(services.WithTxGuard(ctx, s.Guard(claim)), "/api/v1/hazards/")
	if err := services.InTx(rctx, db.Client, func(*ent.Tx) error { services.Made(rctx, made); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, claim); err != nil { // its answer was an error
		t.Fatal(err)
	}
	prev, again, err := s.Claim(ctx, user, "create-1", "h")
	if e, _ := services.As(err); err == nil || prev != nil || again != nil || e.Code != "request_committed" ||
		e.Extra["location"] != "/api/v1/hazards/"+made.String() {
		t.Fatalf("a retry of a request that committed, then failed: prev %v, claim %v, %v", prev, again, err)
	}

	_, other, err := s.Claim(ctx, user, "create-2", "h")
	if err != nil {
		t.Fatal(err)
	}
	if err := services.InTx(services.WithTxGuard(ctx, s.Guard(other)), db.Client, func(*ent.Tx) error {
		return services.ErrStale
	}); err != services.ErrStale {
		t.Fatal(err)
	}
	if err := s.Release(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, again, err := s.Claim(ctx, user, "create-2", "h"); err != nil || again == nil {
		t.Fatalf("a retry of a request that committed nothing: claim %v, %v, want a new claim", again, err)
	}
}

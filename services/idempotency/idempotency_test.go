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
	if _, _, err := s.Claim(ctx, user, "import-1", "h"); err != idempotency.ErrInProgress {
		t.Fatalf("a claim that committed, an hour on: %v, want ErrInProgress", err)
	}
	if err := s.Complete(ctx, retry, 201, []byte(`{}`), nil); err != nil {
		t.Fatal(err)
	}
	if prev, _, err := s.Claim(ctx, user, "import-1", "h"); err != nil || prev == nil || prev.Status != 201 {
		t.Fatalf("after the answer was kept: %v, %v", prev, err)
	}
}

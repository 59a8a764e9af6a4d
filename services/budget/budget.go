// Package budget is the write budget of a district on PostgreSQL: every
// transaction runs under a statement timeout and a lock timeout (SET LOCAL,
// so they end with it), and a district holds at most a few of the pool's
// connections in write transactions at once. A writer that would wait longer
// than its budget gets a clear "busy, retry" instead of queueing, so a long
// import in one district can neither exhaust the connection pool nor hold
// up another district's reads and writes. It is a leaf (the migrations open
// the database with its Driver; services.InTx takes its slots) so that both
// may import it.
package budget

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
)

// Budget is how long one statement may run, how long a transaction may
// wait for a row lock, and how long it may wait for one of its district's
// slots before it gives up as busy. Waiting for a slot holds neither a
// connection nor a lock, so it costs the other districts nothing and may be
// long: fifty writers of one district on one record queue there in turn.
type Budget struct {
	Statement time.Duration
	Lock      time.Duration
	Queue     time.Duration
}

// The budgets: Request for every transaction, Import for a transaction that
// writes a whole sheet (its bulk inserts of thousands of rows).
var (
	Request = Budget{Statement: 5 * time.Second, Lock: 3 * time.Second, Queue: 20 * time.Second}
	Import  = Budget{Statement: 30 * time.Second, Lock: 3 * time.Second, Queue: 20 * time.Second}
)

type budgetKey struct{}

// With makes the transactions begun with ctx run under b.
func With(ctx context.Context, b Budget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

// From is the budget of ctx: Request unless With said otherwise.
func From(ctx context.Context) Budget {
	if b, ok := ctx.Value(budgetKey{}).(Budget); ok {
		return b
	}
	return Request
}

// Driver is a PostgreSQL driver whose transactions begin with their
// budget's timeouts set locally (one round trip: a SELECT of set_config).
type Driver struct {
	beginner
}

// beginner is a driver that begins transactions with options (ent's SQL
// driver, and the row-level security driver around it).
type beginner interface {
	dialect.Driver
	BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error)
}

// NewDriver wraps drv; on another dialect than PostgreSQL it is drv itself.
func NewDriver(drv dialect.Driver) dialect.Driver {
	b, ok := drv.(beginner)
	if !ok || drv.Dialect() != dialect.Postgres {
		return drv
	}
	return Driver{b}
}

// Tx begins a transaction under ctx's budget.
func (d Driver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

// BeginTx begins a transaction with opts under ctx's budget.
func (d Driver) BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error) {
	tx, err := d.beginner.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	b := From(ctx)
	if err := tx.Exec(ctx, "SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)",
		[]any{millis(b.Statement), millis(b.Lock)}, nil); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("budget: setting timeouts: %w", err)
	}
	return tx, nil
}

func millis(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// ErrBusy is a transaction that did not get a district slot within its
// budget.
var ErrBusy = errors.New("budget: the district's writes are busy")

// Busy reports whether err is a transaction given up for its budget: a lock
// not granted within the lock timeout, a statement cancelled by the
// statement timeout, or no district slot in time.
func Busy(err error) bool {
	if errors.Is(err, ErrBusy) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03", // lock_not_available: lock_timeout
			"57014": // query_canceled: statement_timeout
			return true
		}
	}
	return false
}

// Slots is how many write transactions one district may have open at once
// in this process; the pool holds 25 connections, so three quarters of it
// stay free for the other districts whatever one of them does, and writers
// queued on one row lock are few enough to have it within the lock budget.
var Slots = 6

var (
	mu    sync.Mutex
	slots = map[uuid.UUID]chan struct{}{}
)

func district(id uuid.UUID) chan struct{} {
	mu.Lock()
	defer mu.Unlock()
	c, ok := slots[id]
	if !ok {
		c = make(chan struct{}, Slots)
		slots[id] = c
	}
	return c
}

// Acquire takes one of the district's write slots, waiting at most ctx's
// Queue (ErrBusy after that), and returns its release.
func Acquire(ctx context.Context, tenant uuid.UUID) (release func(), err error) {
	c := district(tenant)
	select {
	case c <- struct{}{}:
		return func() { <-c }, nil
	default:
	}
	t := time.NewTimer(From(ctx).Queue)
	defer t.Stop()
	select {
	case c <- struct{}{}:
		return func() { <-c }, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Package idempotency keeps the Idempotency-Key claims that make a create
// safe to retry: a key is claimed before the create runs (so a concurrent
// duplicate is refused instead of creating twice), completed with the
// answer to replay, or released when nothing was made. Keys belong to their
// user, not to a district's rows, so they are read and written as the
// system.
package idempotency

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/idempotencykey"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// TTL is how long a key's first answer is kept for replays.
const TTL = 24 * time.Hour

// Beat is how often a running request shows its claim is alive, and Lease
// how long a claim may go without a beat before a retry takes it over: its
// request died (a crash, a lost process). A request still running, however
// long, keeps its claim.
const (
	Beat  = 30 * time.Second
	Lease = 2 * time.Minute
)

// Store keeps the claims in the database.
type Store struct {
	client *ent.Client
	now    func() time.Time
	// lease is Lease (shorter in tests).
	lease time.Duration
}

// New is the store over client with the clock now.
func New(client *ent.Client, now func() time.Time) *Store {
	return &Store{client: client, now: now, lease: Lease}
}

// WithLease is the store with another lease (zero: Lease), for tests and
// deployments that want a dead replica's keys freed sooner.
func (s *Store) WithLease(d time.Duration) *Store {
	c := *s
	if d > 0 {
		c.lease = d
	}
	return &c
}

// Beat is how often a running request beats: Beat, or a quarter of a
// shorter lease, so that a live claim never lapses between beats.
func (s *Store) Beat() time.Duration { return min(Beat, s.lease/4) }

// ErrInProgress answers a retry while the first request still runs.
var ErrInProgress = services.Errorf(services.KindConflict, "request_in_progress", "a request with this Idempotency-Key is still running")

// committed is the status of a claim whose request has committed what it
// made but not yet kept its answer: it is never taken over.
const committed = -1

// Committed answers a retry whose first request committed what it made but
// died (its process killed) before its answer was kept: the answer is lost
// for good, the record is there. location, when the request noted it
// (services.WithLocation), is where that record is.
func Committed(location string) *services.Error {
	e := services.Errorf(services.KindConflict, "request_committed",
		"该请求已完成，但回复未能送达：请在列表中查看结果，不要重复提交 (the request was carried out but its answer was lost: find its result in the list; do not send it again)")
	if location != "" {
		e.Extra = map[string]any{"location": location}
	}
	return e
}

// Claim takes key for user with the request's fingerprint hash. It returns
// the earlier answer to replay (prev, claim nil), or a fresh claim (prev
// nil): an expired claim, or one whose request stopped beating before it
// committed anything, is taken over. A claim whose request committed and
// then stopped beating without keeping its answer answers Committed.
func (s *Store) Claim(ctx context.Context, user uuid.UUID, key, hash string) (prev, claim *ent.IdempotencyKey, err error) {
	sys := policy.System(ctx)
	now := s.now()
	for range 3 {
		prev, err = s.client.IdempotencyKey.Query().Where(idempotencykey.UserID(user), idempotencykey.Key(key)).Only(sys)
		switch {
		case err == nil && (prev.CreatedAt.Before(now.Add(-TTL)) || (prev.Status == 0 && !alive(prev, now, s.lease))):
			// Taken over only as it was read: a claim that beat, committed
			// or was taken over by another retry since stays.
			cutoff := now.Add(-s.lease)
			n, err := s.client.IdempotencyKey.Delete().Where(idempotencykey.ID(prev.ID), idempotencykey.Or(
				idempotencykey.CreatedAtLT(now.Add(-TTL)),
				idempotencykey.And(idempotencykey.Status(0), idempotencykey.Or(idempotencykey.AliveAtLT(cutoff),
					idempotencykey.And(idempotencykey.AliveAtIsNil(), idempotencykey.CreatedAtLT(cutoff)))))).Exec(sys)
			if err != nil {
				return nil, nil, err
			}
			if n == 0 {
				continue // read it again
			}
		case err == nil:
			if prev.RequestHash != hash {
				return nil, nil, services.Errorf(services.KindInvalid, "idempotency_key_reused",
					"this Idempotency-Key was used for a different request")
			}
			if prev.Status == committed && !alive(prev, now, s.lease) {
				return nil, nil, Committed(prev.Headers[locationHeader])
			}
			if prev.Status <= 0 {
				return nil, nil, ErrInProgress
			}
			return prev, nil, nil
		case !ent.IsNotFound(err):
			return nil, nil, err
		}
		claim, err = s.client.IdempotencyKey.Create().SetUserID(user).SetKey(key).SetRequestHash(hash).
			SetCreatedAt(now).SetAliveAt(now).Save(sys)
		if ent.IsConstraintError(err) {
			return nil, nil, ErrInProgress
		}
		return nil, claim, err
	}
	return nil, nil, ErrInProgress
}

// locationHeader is the header of a kept answer that says where its record
// is; a committed claim keeps it there until its answer is kept.
const locationHeader = "Location"

// Guard is what the claim's request checks in each of its transactions
// before it commits (services.WithTxGuard): that the claim is still its
// own, marked committed in the same transaction so that no retry takes it
// over from then on, with where the record it made is when the request
// noted it (services.WithLocation, services.Made). A claim taken over
// already (its request stopped beating for longer than the lease) answers
// ErrInProgress and the transaction commits nothing: of the request and the
// retry that took it over, one commits.
func (s *Store) Guard(claim *ent.IdempotencyKey) services.TxGuard {
	return func(ctx context.Context, tx *ent.Tx) error {
		u := tx.IdempotencyKey.Update().
			Where(idempotencykey.ID(claim.ID), idempotencykey.StatusIn(0, committed)).
			SetStatus(committed).SetAliveAt(s.now())
		if loc := services.Location(ctx); loc != "" {
			u.SetHeaders(map[string]string{locationHeader: loc})
		}
		n, err := u.Save(policy.System(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrInProgress
		}
		return nil
	}
}

// Release ends a claim whose request answered an error. One that made
// nothing is freed, so the client may try again. One that committed before
// it failed (a second step that did not go through) stays the key's: a
// retry answers request_committed at once, never makes the record again.
func (s *Store) Release(ctx context.Context, claim *ent.IdempotencyKey) error {
	sys := policy.System(ctx)
	n, err := s.client.IdempotencyKey.Delete().Where(idempotencykey.ID(claim.ID), idempotencykey.Status(0)).Exec(sys)
	if err != nil || n > 0 {
		return err
	}
	return s.client.IdempotencyKey.Update().Where(idempotencykey.ID(claim.ID), idempotencykey.Status(committed)).
		SetAliveAt(s.now().Add(-s.lease - time.Second)).Exec(sys) // its request has ended
}

// Complete keeps the answer of a claim's request for replays.
func (s *Store) Complete(ctx context.Context, claim *ent.IdempotencyKey, status int, body []byte, headers map[string]string) error {
	return s.client.IdempotencyKey.UpdateOneID(claim.ID).SetStatus(status).
		SetBody(body).SetHeaders(headers).Exec(policy.System(ctx))
}

// alive tells whether a running claim beat within the lease.
func alive(k *ent.IdempotencyKey, now time.Time, lease time.Duration) bool {
	last := k.CreatedAt
	if k.AliveAt != nil {
		last = *k.AliveAt
	}
	return !last.Before(now.Add(-lease))
}

// Keep beats for claim every interval until stop is closed: the request it
// guards is still running, before it commits and after (until its answer
// is kept, a retry answers ErrInProgress, not Committed). Beats are best
// effort; one that fails is tried again at the next.
func (s *Store) Keep(ctx context.Context, claim *ent.IdempotencyKey, interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	sys := policy.System(context.WithoutCancel(ctx))
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.client.IdempotencyKey.UpdateOneID(claim.ID).Where(idempotencykey.StatusIn(0, committed)).
				SetAliveAt(s.now()).Exec(sys)
		}
	}
}

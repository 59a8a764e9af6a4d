package accounts

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/hearthsafety/hearth/services"
)

// PasswordParams are the argon2id costs for new hashes. Verification reads the
// costs stored in each hash, so they can be raised without a migration.
type PasswordParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultPasswordParams follow OWASP's argon2id minimum (19 MiB, 2 passes).
var DefaultPasswordParams = PasswordParams{Time: 2, Memory: 19 * 1024, Threads: 1}

// ErrBusy is the answer when every argon2 slot stays taken for too long.
var ErrBusy = services.Errorf(services.KindUnavailable, "busy", "too many sign-ins at once; try again in a moment")

// HashPassword returns an argon2id hash of pw in the PHC string format. It
// holds no slot: callers that serve requests use Service.HashPassword.
func HashPassword(pw string, p PasswordParams) (string, error) {
	if len(pw) > services.MaxPassword {
		return "", errors.New("password too long")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword reports whether pw matches the stored hash, in constant time.
func checkPassword(hash, pw string) bool {
	if len(pw) > services.MaxPassword {
		return false
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// passwords hashes and checks passwords a few at a time: each argon2id run
// takes its memory cost (19 MiB by default), so a flood of sign-ins queues
// instead of taking the server's memory. The slots are for real accounts
// only: an unknown account's sign-in waits out what a check costs without
// taking one, so a flood of made-up names (each new, so no account's
// throttle bites) neither burns the CPU nor makes real users answer busy.
type passwords struct {
	params  PasswordParams
	slots   chan struct{}
	waiting atomic.Int64 // callers waiting for a slot
	typical atomic.Int64 // what a check takes (ns), a moving average
	calib   sync.Once
}

func newPasswords(p PasswordParams) *passwords {
	return &passwords{params: p, slots: make(chan struct{}, max(2, runtime.NumCPU()))}
}

// slotWait is how long a caller waits for a slot before ErrBusy.
const slotWait = 5 * time.Second

// run runs fn when a slot is free; a caller that waits more than slotWait
// gets ErrBusy.
func (p *passwords) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(slotWait)
	defer t.Stop()
	p.waiting.Add(1)
	select {
	case p.slots <- struct{}{}:
		p.waiting.Add(-1)
	case <-ctx.Done():
		p.waiting.Add(-1)
		return ctx.Err()
	case <-t.C:
		p.waiting.Add(-1)
		return ErrBusy
	}
	defer func() { <-p.slots }()
	fn()
	return nil
}

// check checks pw against hash in a slot and keeps the average time a check
// takes, for pretend.
func (p *passwords) check(ctx context.Context, hash, pw string) (ok bool, err error) {
	err = p.run(ctx, func() {
		start := time.Now()
		ok = checkPassword(hash, pw)
		p.observe(time.Since(start))
	})
	return ok, err
}

func (p *passwords) observe(d time.Duration) {
	old := p.typical.Load()
	if old == 0 {
		p.typical.Store(int64(d))
		return
	}
	p.typical.Store(old + (int64(d)-old)/8)
}

// pretend waits what checking a password would take now: a check's
// typical time, and the queue's wait as a real account would see it (at
// most slotWait), so an unknown account is no quicker to refuse than a
// known one. Before any real check it times one run of the costs, once.
func (p *passwords) pretend(ctx context.Context) error {
	p.calib.Do(func() {
		if p.typical.Load() == 0 {
			start := time.Now()
			checkPassword(calibrationHash(p.params), "not-a-real-password")
			p.observe(time.Since(start))
		}
	})
	d := time.Duration(p.typical.Load())
	d += min(d*time.Duration(p.waiting.Load())/time.Duration(cap(p.slots)), slotWait)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// calibrationHash is a hash at the costs p, to time a check before any
// real one.
func calibrationHash(p PasswordParams) string {
	h, err := HashPassword("calibration", p)
	if err != nil {
		panic(err)
	}
	return h
}

// HashPassword hashes a new password with the service's costs, in a slot.
func (s *Service) HashPassword(ctx context.Context, pw string) (hash string, err error) {
	if serr := s.pw.run(ctx, func() { hash, err = HashPassword(pw, s.pw.params) }); serr != nil {
		return "", serr
	}
	return hash, err
}

// CheckPassword reports whether pw matches hash, in a slot. An empty hash
// (no such account) takes no slot: it waits what a check would take and
// fails, so an unknown account is as slow to refuse as a known one but
// costs the server nothing.
func (s *Service) CheckPassword(ctx context.Context, hash, pw string) (ok bool, err error) {
	if hash == "" {
		return false, s.pw.pretend(ctx)
	}
	return s.pw.check(ctx, hash, pw)
}

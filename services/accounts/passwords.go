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

// dummyHash keeps an unknown account as slow to reject as a known one.
// It is made on first use, so a process that signs nobody in never pays.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not-a-real-password", DefaultPasswordParams)
	if err != nil {
		panic(err)
	}
	return h
})

// passwords hashes and checks passwords a few at a time: each argon2id run
// takes its memory cost (19 MiB by default), so a flood of sign-ins queues
// instead of taking the server's memory.
type passwords struct {
	params PasswordParams
	slots  chan struct{}
}

func newPasswords(p PasswordParams) *passwords {
	return &passwords{params: p, slots: make(chan struct{}, max(2, runtime.NumCPU()))}
}

// run runs fn when a slot is free; a caller that waits more than five
// seconds gets ErrBusy.
func (p *passwords) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return ErrBusy
	}
	defer func() { <-p.slots }()
	fn()
	return nil
}

// HashPassword hashes a new password with the service's costs, in a slot.
func (s *Service) HashPassword(ctx context.Context, pw string) (hash string, err error) {
	if serr := s.pw.run(ctx, func() { hash, err = HashPassword(pw, s.pw.params) }); serr != nil {
		return "", serr
	}
	return hash, err
}

// CheckPassword reports whether pw matches hash, in a slot. An empty hash
// (no such account) is checked against a dummy one and fails, so an unknown
// account costs what a known one does.
func (s *Service) CheckPassword(ctx context.Context, hash, pw string) (ok bool, err error) {
	known := hash != ""
	if !known {
		hash = dummyHash()
	}
	if err := s.pw.run(ctx, func() { ok = checkPassword(hash, pw) }); err != nil {
		return false, err
	}
	return ok && known, nil
}

package audit

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync/atomic"
)

// MinKey is the shortest audit key Hearth accepts (bytes).
const MinKey = 32

// keys is the audit key and what derives from it. Entries are keyed with
// HMAC-SHA256 under a key that is not in the database, so whoever can
// write the database but not read the server's key file cannot recompute a
// chain after editing it; checkpoints are signed with an Ed25519 key
// derived from it, whose public half anyone may hold.
type keys struct {
	mac  []byte
	sign ed25519.PrivateKey
}

var current atomic.Pointer[keys]

func init() {
	// A process that never calls SetKey (a test) keys its entries with a
	// random key of its own: its chains verify within the process and
	// nowhere else. `hearth` always sets the district's key at start.
	k := make([]byte, MinKey)
	if _, err := rand.Read(k); err != nil {
		panic(err)
	}
	if err := SetKey(k); err != nil {
		panic(err)
	}
}

// SetKey sets the key entries are chained and checkpoints signed with. It
// must be the same in every process that writes or verifies a database's
// trail (the data dir's audit.key, or HEARTH_AUDIT_KEY).
func SetKey(k []byte) error {
	if len(k) < MinKey {
		return errors.New("audit: the key must be at least 32 bytes")
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte("hearth audit checkpoint signing key v1"))
	seed := m.Sum(nil)
	current.Store(&keys{mac: append([]byte(nil), k...), sign: ed25519.NewKeyFromSeed(seed[:ed25519.SeedSize])})
	return nil
}

// mac is the keyed hash of b.
func mac(b []byte) string {
	m := hmac.New(sha256.New, current.Load().mac)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}

// PublicKey is the key checkpoints are verified with, hex-encoded: publish
// it (the bureau keeps it beside the checkpoints it exports).
func PublicKey() string {
	return hex.EncodeToString(current.Load().sign.Public().(ed25519.PublicKey))
}

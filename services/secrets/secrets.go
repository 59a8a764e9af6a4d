// Package secrets seals the few secrets Hearth must keep and use again (a
// webhook's signing secret) so that the database holds only ciphertext:
// AES-256-GCM under a key derived from the configured key material (the
// audit key: data/audit.key or HEARTH_AUDIT_KEY), never stored beside it.
// It imports nothing of Hearth's, so ent's schema can use it as a field's
// value scanner.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"errors"
	"strings"
	"sync/atomic"
)

// prefix marks a sealed value (and its format's version). A value without
// it was written before sealing and is read as it is.
const prefix = "sealed:v1:"

var aead atomic.Pointer[cipher.AEAD]

func init() {
	// A process that never calls SetKey (a test) seals with a random key of
	// its own. `hearth` sets the configured one at start.
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err)
	}
	if err := SetKey(k); err != nil {
		panic(err)
	}
}

// SetKey derives the sealing key from material (at least 32 bytes).
func SetKey(material []byte) error {
	if len(material) < 32 {
		return errors.New("secrets: the key material must be at least 32 bytes")
	}
	m := hmac.New(sha256.New, material)
	m.Write([]byte("hearth sealed secrets v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return err
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return err
	}
	aead.Store(&g)
	return nil
}

// Seal is plain as stored: "" stays "" (no secret), anything else sealed
// with a fresh nonce.
func Seal(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	g := *aead.Load()
	nonce := make([]byte, g.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return prefix + base64.RawStdEncoding.EncodeToString(g.Seal(nonce, nonce, []byte(plain), nil)), nil
}

// ErrKey is returned for a sealed value this key cannot open: the
// configured key is not the one it was sealed with.
var ErrKey = errors.New("secrets: a sealed value does not open with the configured key (HEARTH_AUDIT_KEY / data/audit.key changed?)")

// Open is the plain text of a stored value.
func Open(stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, prefix)
	if !ok {
		return stored, nil // written before sealing
	}
	b, err := base64.RawStdEncoding.DecodeString(rest)
	g := *aead.Load()
	if err != nil || len(b) < g.NonceSize() {
		return "", ErrKey
	}
	plain, err := g.Open(nil, b[:g.NonceSize()], b[g.NonceSize():], nil)
	if err != nil {
		return "", ErrKey
	}
	return string(plain), nil
}

// Value seals v for the database (ent's value scanner of a sealed field).
func Value(v string) (driver.Value, error) { return Seal(v) }

// Scan opens a scanned column (ent's value scanner of a sealed field).
func Scan(s *sql.NullString) (string, error) {
	if !s.Valid {
		return "", nil
	}
	return Open(s.String)
}

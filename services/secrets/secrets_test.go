package secrets_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/services/secrets"
)

func TestSealOpen(t *testing.T) {
	if err := secrets.SetKey([]byte("short")); err == nil {
		t.Fatal("a short key was taken")
	}
	if err := secrets.SetKey([]byte(strings.Repeat("k", 32))); err != nil {
		t.Fatal(err)
	}
	const plain = "whsec_0123456789abcdef"
	a, err := secrets.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := secrets.Seal(plain)
	if !strings.HasPrefix(a, "sealed:v1:") || strings.Contains(a, plain) || a == b {
		t.Fatalf("sealed %q and %q: want a prefix, no plain text, a fresh nonce each time", a, b)
	}
	if got, err := secrets.Open(a); err != nil || got != plain {
		t.Fatalf("opened %q, %v", got, err)
	}
	// No secret stays empty; a value written before sealing reads as it is.
	if s, _ := secrets.Seal(""); s != "" {
		t.Errorf("the empty secret sealed as %q", s)
	}
	if got, err := secrets.Open("legacy-plain"); err != nil || got != "legacy-plain" {
		t.Errorf("legacy value read as %q, %v", got, err)
	}
	if got, err := secrets.Scan(&sql.NullString{}); err != nil || got != "" {
		t.Errorf("NULL scanned as %q, %v", got, err)
	}
	// Another key, or a changed byte, does not open it.
	tampered := a[:len(a)-2] + "AA"
	if _, err := secrets.Open(tampered); err == nil {
		t.Error("a tampered value opened")
	}
	if err := secrets.SetKey([]byte(strings.Repeat("x", 32))); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Open(a); err != secrets.ErrKey {
		t.Errorf("opened under another key: %v", err)
	}
}

package main

import (
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSigningKey: a key is generated once, whole, and used again; a key file
// that is there but damaged stops the server instead of signing with what
// it holds (an empty key would let anyone forge a bureau's token).
func TestSigningKey(t *testing.T) {
	newMain := func(dir, configured string) *Main {
		return &Main{Config: Config{DataDir: dir, JWTKey: configured}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	}
	t.Run("OKGeneratedOnceAndKept", func(t *testing.T) {
		dir := t.TempDir()
		k1, err := newMain(dir, "").signingKey()
		if err != nil || len(k1) != minKey {
			t.Fatalf("generated %d bytes, %v", len(k1), err)
		}
		st, err := os.Stat(filepath.Join(dir, "jwt.key"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v, %v", st, err)
		}
		k2, err := newMain(dir, "").signingKey()
		if err != nil || hex.EncodeToString(k1) != hex.EncodeToString(k2) {
			t.Fatalf("a second start signs with another key: %v", err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".jwt.key.*")); len(left) > 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
	for name, content := range map[string]string{
		"ErrEmptyFile": "", "ErrBlankFile": "\n", "ErrShortKey": strings.Repeat("ab", 16) + "\n",
		"ErrNotHex": strings.Repeat("zz", 32) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "jwt.key"), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			key, err := newMain(dir, "").signingKey()
			if err == nil || !strings.Contains(err.Error(), "damaged") {
				t.Fatalf("started with a key of %d bytes, %v", len(key), err)
			}
		})
	}
	t.Run("ErrShortConfiguredKey", func(t *testing.T) {
		if _, err := newMain(t.TempDir(), "too-short").signingKey(); err == nil {
			t.Fatal("a 9-byte configured key was taken")
		}
	})
}

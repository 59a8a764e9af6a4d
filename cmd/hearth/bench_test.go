package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/services/seed"
)

// TestSeedBenchCommand runs `hearth seed --bench` small, and once more.
func TestSeedBenchCommand(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	var out syncBuffer
	args := []string{"seed", "--bench", "--hazards", "60", "--districts", "2", "--password", "bench-password-1"}
	if err := run(ctx, args, std(&out), getenv); err != nil {
		t.Fatalf("hearth %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	for _, want := range []string{"60 hazards written", "bench02", "street10.officer", "bypassing the audit hook"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(ctx, args, std(&out), getenv); !errors.Is(err, seed.ErrBenchSeeded) {
		t.Fatalf("a second bench seed: %v, want ErrBenchSeeded", err)
	}
	if err := run(ctx, []string{"seed", "--bench"}, std(&out), getenv); err == nil || !strings.Contains(err.Error(), "--hazards") {
		t.Fatalf("seed --bench without --hazards: %v", err)
	}
}

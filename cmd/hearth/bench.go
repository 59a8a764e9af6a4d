package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// SeedBench is `hearth seed --bench`: synthetic load data for the list
// benchmarks (seed.Bench; the hazards bypass the audit hook). It
// prints progress, the time taken and the logins.
func (m *Main) SeedBench(ctx context.Context, opts seed.BenchOptions) error {
	if opts.Hazards <= 0 && opts.Premises <= 0 {
		return errors.New("seed --bench: say how many hazards with --hazards N (e.g. 1000000), or premises with --premises N (e.g. 500000)")
	}
	printed := "(the one given)"
	if opts.Password == "" {
		opts.Password = seed.RandomPassword()
		printed = opts.Password
	}
	opts.Progress = m.stdout
	fmt.Fprintf(m.stdout, "bench: generating %d hazards over %d districts on %s (synthetic load data, bypassing the audit hook)\n",
		opts.Hazards, opts.Districts, m.DB.Dialect)
	rep, err := seed.Bench(ctx, seed.DB{Client: m.DB.Client, SQL: m.DB.SQL, Dialect: m.DB.Dialect},
		accounts.DefaultPasswordParams, opts)
	if err != nil {
		return err
	}
	if err := m.Authz.Reload(ctx); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "bench: done in %s (districts and logins %s, hazards %s at %.0f rows/s",
		rep.Total.Round(time.Millisecond), rep.Orgs.Round(time.Millisecond), rep.Rows.Round(time.Millisecond), rep.RowsPerSec)
	if rep.Copy {
		fmt.Fprintf(&b, " with COPY, vacuum and analyze %s", rep.Analyze.Round(time.Millisecond))
	}
	b.WriteString(")\n")
	if a := rep.Alarms; a != nil {
		fmt.Fprintf(&b, "bench: %s has %d premises and %d alarm devices (%s), campaign %s\n",
			a.Slug, a.Premises, a.Devices, a.Took.Round(time.Millisecond), a.CampaignID)
	}
	fmt.Fprintf(&b, "bench: every login of districts %s…%s has the password %s, e.g.\n",
		rep.Districts[0].Slug, rep.Districts[len(rep.Districts)-1].Slug, printed)
	writeLogins(&b, rep.Districts[0].Logins)
	fmt.Fprint(m.stdout, b.String())
	return nil
}

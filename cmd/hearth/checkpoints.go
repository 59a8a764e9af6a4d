package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
)

// Checkpoints is where signed audit checkpoints are kept: the data dir's
// checkpoints folder, outside the database (back it up, or sync it to
// where the bureau keeps its copies).
func (m *Main) Checkpoints() audit.Checkpoints {
	return audit.Checkpoints{Root: filepath.Join(m.Config.DataDir, "checkpoints")}
}

// districts are the districts a command acts on: the one of slug, or all.
func (m *Main) districts(ctx context.Context, slug string) ([]*ent.Tenant, error) {
	q := m.DB.Client.Tenant.Query() // the CLI acts for the operator
	if slug != "" {
		q.Where(tenant.Slug(slug))
	}
	ts, err := q.Order(ent.Asc(tenant.FieldSlug)).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	if slug != "" && len(ts) == 0 {
		return nil, fmt.Errorf("no district %q", slug)
	}
	return ts, nil
}

// CheckpointAudit signs a checkpoint of each district's chain head (or of
// slug's) and saves it; it says what it wrote on w.
func (m *Main) CheckpointAudit(ctx context.Context, slug string, w io.Writer) error {
	ts, err := m.districts(ctx, slug)
	if err != nil {
		return err
	}
	store := m.Checkpoints()
	for _, t := range ts {
		cp, err := audit.Take(ctx, m.DB.Client, t.ID, time.Now())
		if err != nil {
			return err
		}
		if cp == nil {
			continue
		}
		if err := store.Save(cp); err != nil {
			return fmt.Errorf("saving the checkpoint of %s: %w", t.Slug, err)
		}
		fmt.Fprintf(w, "district %s: checkpoint at entry %d, %s\n", t.Slug, cp.Seq, cp.Hash)
	}
	return nil
}

// VerifyAudit verifies each district's chain (or slug's) against its
// signed checkpoints, and finds checkpoints of districts no longer in the
// database; it says what it found on w and fails on any break.
func (m *Main) VerifyAudit(ctx context.Context, slug string, w io.Writer) error {
	ts, err := m.districts(ctx, slug)
	if err != nil {
		return err
	}
	store := m.Checkpoints()
	broken := 0
	seen := map[string]bool{}
	for _, t := range ts {
		seen[t.ID.String()] = true
		cps, err := store.List(t.ID)
		if err != nil {
			return err
		}
		rep, err := audit.Verify(ctx, m.DB.Client, t.ID, cps...)
		if err != nil {
			return err
		}
		if !rep.OK {
			broken++
			fmt.Fprintf(w, "district %s: audit chain BROKEN at entry %d (%s); %d entries verified before it\n",
				t.Slug, rep.Broken.Seq, rep.Broken.Reason, rep.Entries)
			continue
		}
		fmt.Fprintf(w, "district %s: audit chain intact, %d entries, %d checkpoints\n", t.Slug, rep.Entries, rep.Checkpoints)
	}
	if slug == "" {
		ids, err := store.Districts()
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !seen[id.String()] {
				broken++
				fmt.Fprintf(w, "district %s: has signed checkpoints but is no longer in the database\n", id)
			}
		}
	}
	if broken > 0 {
		return errors.New("audit verify: chain broken")
	}
	return nil
}

package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
)

// Batch gathers the audit entries of the records created in bulk in one
// transaction (an import's thousands of creates) and chains them in one
// step: one move of each district's chain head, the entries inserted in
// bulk. The chain is the same as if each had been appended alone; only the
// round trips differ. It is for creates: Flush orders entries by their
// records' ids (UUIDv7, in creation order), which says nothing of the order
// of updates to older records. A batch of steps on many records (the
// renovation's points eliminated or verified together) may use it too:
// each record's entries keep the order they were made in (the sort is
// stable), the records are chained by id rather than by the order the
// steps ran in.
type Batch struct {
	mu      sync.Mutex
	rows    []*ent.AuditEntry
	flushed bool
}

// ErrFlushed is an audited change made with a batch's context after its
// Flush: it would commit unaudited, so it fails.
var ErrFlushed = errors.New("audit: a change after the batch was flushed would go unaudited")

type batchKey struct{}

// WithBatch makes the audited changes made with ctx wait in a new Batch;
// Flush it in the same transaction, before the commit. A change made
// without Flush is not audited, so the transaction must not commit.
func WithBatch(ctx context.Context) (context.Context, *Batch) {
	b := &Batch{}
	return context.WithValue(ctx, batchKey{}, b), b
}

func (b *Batch) add(ctx context.Context, e Entry) error {
	row, err := newRow(ctx, e)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.flushed {
		return ErrFlushed
	}
	b.rows = append(b.rows, row)
	return nil
}

// bulkRows caps the rows of one insert: an audit entry binds 12 values, and
// PostgreSQL takes at most 65,535 in a statement (SQLite 32,766).
const bulkRows = 2000

// Flush chains the gathered entries, in the order their records were made
// (a bulk create runs its hooks last row first; ids are UUIDv7, in creation
// order), and writes them with client, bound to the changes' transaction.
func (b *Batch) Flush(ctx context.Context, client *ent.Client) error {
	b.mu.Lock()
	rows := b.rows
	b.rows, b.flushed = nil, true
	b.mu.Unlock()
	slices.SortStableFunc(rows, func(x, y *ent.AuditEntry) int { return cmp.Compare(x.RecordID.String(), y.RecordID.String()) })
	// Stamped now, in chain order: the hooks ran last record first.
	at := time.Now().UTC().Truncate(time.Microsecond)
	for _, r := range rows {
		r.At = at
	}
	byTenant := map[uuid.UUID][]*ent.AuditEntry{}
	var tenants []uuid.UUID
	for _, r := range rows {
		if _, ok := byTenant[r.TenantID]; !ok {
			tenants = append(tenants, r.TenantID)
		}
		byTenant[r.TenantID] = append(byTenant[r.TenantID], r)
	}
	sys := policy.System(ctx)
	for _, t := range tenants {
		rs := byTenant[t]
		n := int64(len(rs))
		head, err := client.AuditHead.UpdateOneID(t).AddSeq(n).Save(sys)
		if ent.IsNotFound(err) {
			head, err = client.AuditHead.Create().SetID(t).SetSeq(n).Save(sys)
		}
		if err != nil {
			return fmt.Errorf("audit: advancing chain head: %w", err)
		}
		prev := head.Hash
		for i, r := range rs {
			r.Seq, r.PrevHash = head.Seq-n+int64(i)+1, prev
			r.Hash = Hash(r)
			prev = r.Hash
		}
		for part := range slices.Chunk(rs, bulkRows) {
			creates := make([]*ent.AuditEntryCreate, len(part))
			for i, r := range part {
				creates[i] = createOf(client, r)
			}
			if err := client.AuditEntry.CreateBulk(creates...).Exec(sys); err != nil {
				return fmt.Errorf("audit: writing entries: %w", err)
			}
		}
		if err := client.AuditHead.UpdateOneID(t).SetHash(prev).Exec(sys); err != nil {
			return fmt.Errorf("audit: writing chain head: %w", err)
		}
	}
	return nil
}

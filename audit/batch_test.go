package audit_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
)

// TestBatch: entries gathered in a batch, added last record first as a bulk
// create's hooks add them, join the chain in their records' order, after
// what was there and before what follows, and the chain verifies; a change
// after the flush is refused, not left unaudited.
func TestBatch(t *testing.T) {
	tr := newTrail(t)
	tr.appendN(t, tr.A, 2)
	before := len(tr.entries(t, tr.A))
	ids := make([]uuid.UUID, 5)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7())
	}
	ctx, b := audit.WithBatch(tr.as(tr.A))
	tr.inTx(t, ctx, func(c *ent.Client) error {
		for _, id := range slices.Backward(ids) {
			if err := audit.Append(ctx, c, audit.Entry{TenantID: tr.A, Action: "thing.create",
				RecordType: "thing", RecordID: id}); err != nil {
				return err
			}
		}
		if n := len(tr.entries(t, tr.A)); n != before {
			t.Errorf("%d entries written before the flush, want none", n-before)
		}
		if err := b.Flush(ctx, c); err != nil {
			return err
		}
		err := audit.Append(ctx, c, audit.Entry{TenantID: tr.A, Action: "thing.update", RecordType: "thing", RecordID: ids[0]})
		if !errors.Is(err, audit.ErrFlushed) {
			t.Errorf("an entry after the flush: %v, want ErrFlushed", err)
		}
		return nil
	})
	tr.appendN(t, tr.A, 1)
	es := tr.entries(t, tr.A)
	if len(es) != before+len(ids)+1 {
		t.Fatalf("%d entries, want %d", len(es), before+len(ids)+1)
	}
	for i, id := range ids {
		e := es[before+i]
		if e.RecordID != id || e.Seq != es[before-1].Seq+int64(i)+1 {
			t.Errorf("entry %d: record %s seq %d, want record %s seq %d", i, e.RecordID, e.Seq, id, es[before-1].Seq+int64(i)+1)
		}
	}
	if r := tr.verify(t, tr.A); !r.OK {
		t.Fatalf("chain broken after a batch: %+v", r.Broken)
	}
	if r := tr.verify(t, tr.B); !r.OK {
		t.Fatalf("the other district's chain: %+v", r.Broken)
	}
}

// Package audit keeps each district's tamper-evident audit trail: every
// mutation of a district's records appends an entry, in the mutation's own
// transaction, whose hash covers the previous entry's hash and a canonical
// encoding of the entry. It is its own package because ent/schema (the hooks),
// handlers (listing, verifying) and cmd (`hearth audit verify`) all use it.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
)

// Entry is what a caller knows of one audited change.
type Entry struct {
	TenantID   uuid.UUID
	Action     string // e.g. "org.create", "user.update"
	RecordType string
	RecordID   uuid.UUID
	Before     map[string]any
	After      map[string]any
}

// canonical is the hashed form of an entry: a struct, so the JSON field order
// is fixed; times in UTC at microsecond precision, as PostgreSQL keeps them.
type canonical struct {
	TenantID   string `json:"tenant_id"`
	Seq        int64  `json:"seq"`
	At         string `json:"at"`
	ActorID    string `json:"actor_id"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	RecordType string `json:"record_type"`
	RecordID   string `json:"record_id"`
	Before     string `json:"before"`
	After      string `json:"after"`
	PrevHash   string `json:"prev_hash"`
}

// Hash computes the chained hash of a stored entry: an HMAC-SHA256 under
// the audit key (SetKey) of its canonical encoding, which holds the
// previous entry's hash.
func Hash(e *ent.AuditEntry) string {
	actor := ""
	if e.ActorID != nil {
		actor = e.ActorID.String()
	}
	b, _ := json.Marshal(canonical{
		TenantID: e.TenantID.String(), Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano),
		ActorID: actor, Actor: e.Actor, Action: e.Action, RecordType: e.RecordType,
		RecordID: e.RecordID.String(), Before: e.Before, After: e.After, PrevHash: e.PrevHash,
	})
	return mac(b)
}

// encode writes a field map as canonical JSON (json.Marshal sorts map keys).
func encode(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// Append writes e at the end of its district's chain using client, which must
// be bound to the transaction of the change being audited. Inside a Batch
// (WithBatch) the entry waits for the batch's Flush instead.
func Append(ctx context.Context, client *ent.Client, e Entry) error {
	if b, ok := ctx.Value(batchKey{}).(*Batch); ok {
		return b.add(ctx, e)
	}
	row, err := newRow(ctx, e)
	if err != nil {
		return err
	}
	// The audit writer reaches the chain whoever the actor is: bypass privacy.
	sys := policy.System(ctx)
	head, err := client.AuditHead.UpdateOneID(e.TenantID).AddSeq(1).Save(sys)
	if ent.IsNotFound(err) {
		head, err = client.AuditHead.Create().SetID(e.TenantID).SetSeq(1).Save(sys)
	}
	if err != nil {
		return fmt.Errorf("audit: advancing chain head: %w", err)
	}
	row.Seq, row.PrevHash = head.Seq, head.Hash
	row.Hash = Hash(row)
	if err := createOf(client, row).Exec(sys); err != nil {
		return fmt.Errorf("audit: writing entry: %w", err)
	}
	if err := client.AuditHead.UpdateOneID(e.TenantID).SetHash(row.Hash).Exec(sys); err != nil {
		return fmt.Errorf("audit: writing chain head: %w", err)
	}
	return nil
}

// newRow is e as a row of the trail, by the actor in ctx, at this instant;
// its place in the chain (seq, prev_hash, hash) is left to the caller.
func newRow(ctx context.Context, e Entry) (*ent.AuditEntry, error) {
	before, err := encode(e.Before)
	if err != nil {
		return nil, fmt.Errorf("audit: encoding before: %w", err)
	}
	after, err := encode(e.After)
	if err != nil {
		return nil, fmt.Errorf("audit: encoding after: %w", err)
	}
	actorName, actorID := "system", (*uuid.UUID)(nil)
	if v := policy.FromContext(ctx); v != nil {
		actorName = v.Username
		if v.Operator {
			actorName = "operator:" + v.Username
		}
		id := v.UserID
		actorID = &id
	}
	return &ent.AuditEntry{
		TenantID: e.TenantID, At: time.Now().UTC().Truncate(time.Microsecond),
		ActorID: actorID, Actor: actorName, Action: e.Action, RecordType: e.RecordType,
		RecordID: e.RecordID, Before: before, After: after,
	}, nil
}

// createOf is the insert of a chained row.
func createOf(client *ent.Client, row *ent.AuditEntry) *ent.AuditEntryCreate {
	return client.AuditEntry.Create().
		SetTenantID(row.TenantID).SetSeq(row.Seq).SetAt(row.At).SetNillableActorID(row.ActorID).
		SetActor(row.Actor).SetAction(row.Action).SetRecordType(row.RecordType).
		SetRecordID(row.RecordID).SetBefore(row.Before).SetAfter(row.After).
		SetPrevHash(row.PrevHash).SetHash(row.Hash)
}

// Break is the first broken link of a chain.
type Break struct {
	Seq    int64     `json:"seq"`
	ID     uuid.UUID `json:"id,omitempty"`
	Reason string    `json:"reason"`
}

// Report is the result of verifying one district's chain.
type Report struct {
	TenantID uuid.UUID `json:"tenant_id"`
	Entries  int64     `json:"entries"`
	OK       bool      `json:"ok"`
	Broken   *Break    `json:"first_broken,omitempty"`
	// Checkpoints is how many signed checkpoints the chain was held to.
	Checkpoints int `json:"checkpoints"`
}

const verifyPage = 1000

// Verify walks a district's chain in order and reports the first entry whose
// keyed hash, link or position does not hold, and a head that disagrees
// with the last entry (a truncated tail). Each checkpoint given (the
// district's signed checkpoints) must be signed by this server's audit key
// and lie on the chain: the entry at its position must have its hash.
func Verify(ctx context.Context, client *ent.Client, tenantID uuid.UUID, cps ...Checkpoint) (*Report, error) {
	sys := policy.System(ctx) // verification reads the raw chain, unfiltered
	rep := &Report{TenantID: tenantID}
	at := make(map[int64]Checkpoint, len(cps))
	var longest *Checkpoint
	for i, c := range cps {
		if c.TenantID != tenantID || !c.Signed() {
			rep.Broken = &Break{Seq: c.Seq, Reason: fmt.Sprintf(
				"the checkpoint at entry %d (%s) is not signed by this server's audit key", c.Seq, c.At.Format(time.RFC3339))}
			return rep, nil
		}
		at[c.Seq] = c
		if longest == nil || c.Seq > longest.Seq {
			longest = &cps[i]
		}
	}
	prev, want := "", int64(1)
	for {
		page, err := client.AuditEntry.Query().
			Where(auditentry.TenantID(tenantID), auditentry.SeqGTE(want)).
			Order(ent.Asc(auditentry.FieldSeq)).Limit(verifyPage).All(sys)
		if err != nil {
			return nil, fmt.Errorf("audit: reading chain: %w", err)
		}
		for _, e := range page {
			switch {
			case e.Seq != want:
				rep.Broken = &Break{Seq: want, Reason: fmt.Sprintf("entry %d is missing", want)}
			case e.PrevHash != prev:
				rep.Broken = &Break{Seq: e.Seq, ID: e.ID, Reason: "previous-hash link does not match"}
			case Hash(e) != e.Hash:
				rep.Broken = &Break{Seq: e.Seq, ID: e.ID, Reason: "entry content does not match its hash"}
			default:
				if c, ok := at[e.Seq]; ok && c.Hash != e.Hash {
					rep.Broken = &Break{Seq: e.Seq, ID: e.ID, Reason: fmt.Sprintf(
						"entry %d differs from the checkpoint signed at %s: the chain was rewritten", e.Seq, c.At.Format(time.RFC3339))}
				}
			}
			if rep.Broken != nil {
				return rep, nil
			}
			prev, want = e.Hash, want+1
			rep.Entries++
		}
		if len(page) < verifyPage {
			break
		}
	}
	head, err := client.AuditHead.Get(sys, tenantID)
	switch {
	case ent.IsNotFound(err):
		head = &ent.AuditHead{}
	case err != nil:
		return nil, fmt.Errorf("audit: reading chain head: %w", err)
	}
	if longest != nil && longest.Seq > rep.Entries {
		rep.Broken = &Break{Seq: rep.Entries + 1, Reason: fmt.Sprintf(
			"the checkpoint signed at %s counts %d entries, the chain has %d: entries were removed",
			longest.At.Format(time.RFC3339), longest.Seq, rep.Entries)}
		return rep, nil
	}
	if rep.Entries == 0 {
		// A district's creation is its first entry, so a district with no
		// chain had its chain (and head) deleted.
		if ok, err := client.Tenant.Query().Where(tenant.ID(tenantID)).Exist(sys); err != nil {
			return nil, fmt.Errorf("audit: reading district: %w", err)
		} else if ok {
			rep.Broken = &Break{Seq: 1, Reason: "the district has no audit chain: its entries were deleted"}
			return rep, nil
		}
	}
	if head.Seq != rep.Entries || head.Hash != prev {
		rep.Broken = &Break{Seq: rep.Entries + 1, Reason: fmt.Sprintf(
			"chain head says %d entries, found %d: entries removed from the end, or the head changed", head.Seq, rep.Entries)}
		return rep, nil
	}
	rep.OK, rep.Checkpoints = true, len(cps)
	return rep, nil
}

// ErrNoTx is returned when an audited record is changed outside a transaction:
// the entry and the change must commit together.
var ErrNoTx = errors.New("audit: audited mutation outside a transaction")

package audit

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
)

// mutation is what every generated mutation of an audited record offers.
type mutation interface {
	ent.Mutation
	Client() *ent.Client
	Tx() (*ent.Tx, error)
	ID() (uuid.UUID, bool)
}

// redacted fields never reach the trail; that they changed is recorded.
var redacted = map[string]bool{"password_hash": true, "secret": true, "url": true}

// skipped fields are bookkeeping that every update touches.
var skipped = map[string]bool{"updated_at": true, "created_at": true, "version": true}

// Hook audits creates, single-record updates and single-record deletes of
// recordType. Bulk updates and deletes of audited records are refused: each
// change must name its record. The district is the record's tenant_id, or
// its own id for a district (tenant) record; a delete is recorded in the
// deleting viewer's district, the only one privacy lets it delete in.
func Hook(recordType string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, gm ent.Mutation) (ent.Value, error) {
			m, ok := gm.(mutation)
			if !ok {
				return nil, fmt.Errorf("audit: %T cannot be audited", gm)
			}
			if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne | ent.OpDeleteOne) {
				return nil, fmt.Errorf("audit: %s on %s is not allowed: change records one at a time", m.Op(), recordType)
			}
			if _, err := m.Tx(); err != nil {
				return nil, ErrNoTx
			}
			if m.Op().Is(ent.OpDeleteOne) {
				return auditDelete(ctx, next, m, recordType)
			}
			e := Entry{RecordType: recordType, After: map[string]any{}}
			if m.Op().Is(ent.OpUpdateOne) {
				e.Action, e.Before = recordType+".update", map[string]any{}
				for _, name := range m.Fields() {
					if skipped[name] {
						continue
					}
					old, err := m.OldField(ctx, name)
					if err != nil {
						return nil, fmt.Errorf("audit: reading old %s: %w", name, err)
					}
					e.Before[name] = show(name, old)
				}
				// A cleared field (set to null) is a change too: it is in
				// ClearedFields, not Fields.
				for _, name := range m.ClearedFields() {
					if skipped[name] {
						continue
					}
					old, err := m.OldField(ctx, name)
					if err != nil {
						return nil, fmt.Errorf("audit: reading old %s: %w", name, err)
					}
					e.Before[name], e.After[name] = show(name, old), show(name, nil)
				}
				tid, err := tenantOf(ctx, m, recordType)
				if err != nil {
					return nil, err
				}
				e.TenantID = tid
			} else {
				e.Action = recordType + ".create"
			}
			for _, name := range m.Fields() {
				if !skipped[name] {
					v, _ := m.Field(name)
					e.After[name] = show(name, v)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := m.ID()
			e.RecordID = id
			if m.Op().Is(ent.OpCreate) {
				if e.TenantID, err = tenantOf(ctx, m, recordType); err != nil {
					return nil, err
				}
			}
			return v, Append(ctx, m.Client(), e)
		})
	}
}

// auditDelete records the delete of one record by a district viewer.
func auditDelete(ctx context.Context, next ent.Mutator, m mutation, recordType string) (ent.Value, error) {
	v := policy.FromContext(ctx)
	id, ok := m.ID()
	if v == nil || v.TenantID == uuid.Nil || !ok {
		return nil, fmt.Errorf("audit: a delete of %s needs a district viewer and the record's id", recordType)
	}
	out, err := next.Mutate(ctx, m)
	if err != nil {
		return nil, err
	}
	before := map[string]any{}
	given, _ := ctx.Value(deletingKey{}).(map[string]any)
	for name, v := range given {
		before[name] = show(name, v)
	}
	e := Entry{RecordType: recordType, Action: recordType + ".delete", RecordID: id, TenantID: v.TenantID,
		Before: before, After: map[string]any{}}
	return out, Append(ctx, m.Client(), e)
}

type deletingKey struct{}

// Deleting carries what a record held into its delete, for the trail: a
// delete mutation has no old values to read. Redacted fields are recorded as
// "[redacted]" here too; better to leave them out.
func Deleting(ctx context.Context, before map[string]any) context.Context {
	return context.WithValue(ctx, deletingKey{}, before)
}

func tenantOf(ctx context.Context, m mutation, recordType string) (uuid.UUID, error) {
	if recordType == "tenant" {
		id, _ := m.ID()
		return id, nil
	}
	if v, ok := m.Field("tenant_id"); ok {
		return v.(uuid.UUID), nil
	}
	v, err := m.OldField(ctx, "tenant_id")
	if err != nil {
		return uuid.Nil, fmt.Errorf("audit: reading tenant of %s: %w", recordType, err)
	}
	return v.(uuid.UUID), nil
}

func show(name string, v any) any {
	if redacted[name] {
		return "[redacted]"
	}
	return v
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/hearthsafety/hearth/ent/hook"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// AuditEntry is one link of a district's audit chain: who did what to which
// record, the changed fields before and after, and a hash over the previous
// entry's hash and this entry's canonical encoding.
type AuditEntry struct{ ent.Schema }

// Annotations of the AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "audit_entries"}}
}

// Mixin of the AuditEntry.
func (AuditEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}}
}

// Fields of the AuditEntry. Before and after are canonical JSON kept as text,
// so the bytes that were hashed are the bytes that are stored.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Immutable(),
		field.Time("at").Immutable(),
		field.UUID("actor_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("actor").Immutable(),
		field.String("action").Immutable(),
		field.String("record_type").Immutable(),
		field.UUID("record_id", uuid.UUID{}).Immutable(),
		field.Text("before").Default("").Immutable(),
		field.Text("after").Default("").Immutable(),
		field.String("prev_hash").Immutable(),
		field.String("hash").Immutable(),
	}
}

// Indexes of the AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "seq").Unique(),
		index.Fields("tenant_id", "record_type", "record_id", "seq"),
	}
}

// Policy of the AuditEntry: the bureau reads its district's trail; only the
// audit writer (System) appends; nothing updates or deletes an entry.
func (AuditEntry) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.OnlyDistrictReads()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Hooks of the AuditEntry.
func (AuditEntry) Hooks() []ent.Hook {
	return []ent.Hook{hook.Reject(ent.OpUpdate | ent.OpUpdateOne | ent.OpDelete | ent.OpDeleteOne)}
}

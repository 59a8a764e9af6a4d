package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// AuditHead is the head of one district's audit chain (its id is the
// district's id). Appending an entry updates this row first, so concurrent
// appends to one chain queue behind its row lock (the write lock on SQLite),
// and verify can tell a truncated tail from a whole chain.
type AuditHead struct{ ent.Schema }

// Annotations of the AuditHead.
func (AuditHead) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "audit_heads"}}
}

// Fields of the AuditHead.
func (AuditHead) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Immutable(),
		field.Int64("seq").Default(0),
		field.String("hash").Default(""),
	}
}

// Policy of the AuditHead.
func (AuditHead) Policy() ent.Policy { return systemOnly() }

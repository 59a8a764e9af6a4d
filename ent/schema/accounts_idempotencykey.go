package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// IdempotencyKey remembers the first answer to a create sent with an
// Idempotency-Key, per user, so a retry gets that answer and makes nothing.
type IdempotencyKey struct{ ent.Schema }

// Annotations of the IdempotencyKey.
func (IdempotencyKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "idempotency_keys"}}
}

// Mixin of the IdempotencyKey.
func (IdempotencyKey) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

// Fields of the IdempotencyKey.
func (IdempotencyKey) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("user_id", uuid.UUID{}).Immutable(),
		field.String("key").MaxRuneLen(200).Immutable(),
		field.String("request_hash").Immutable(),
		field.Int("status").Default(0), // 0 while the first request runs
		field.Bytes("body").Optional(),
		field.JSON("headers", map[string]string{}).Optional(),
		field.Time("created_at").Default(now).Immutable(),
		// alive_at is the running request's heartbeat: a claim is taken
		// over only when its request stopped beating (it died).
		field.Time("alive_at").Optional().Nillable(),
	}
}

// Indexes of the IdempotencyKey.
func (IdempotencyKey) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "key").Unique(),
		index.Fields("created_at"),
	}
}

// Policy of the IdempotencyKey.
func (IdempotencyKey) Policy() ent.Policy { return systemOnly() }

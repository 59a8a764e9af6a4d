package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
)

// HazardEvent is one step of a hazard's history: who did what, when, why.
// Events are written beside the audited change they describe and never
// change, so they carry no audit entries of their own.
type HazardEvent struct{ ent.Schema }

// Annotations of the HazardEvent.
func (HazardEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "hazard_events"}}
}

// Mixin of the HazardEvent.
func (HazardEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, LocatedMixin{}}
}

// Fields of the HazardEvent.
func (HazardEvent) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
		field.String("action").Immutable(),
		field.String("from_status").Default("").Immutable(),
		field.String("to_status").Default("").Immutable(),
		field.String("note").Default("").MaxRuneLen(2000).Immutable(),
		field.JSON("details", map[string]any{}).Optional().Immutable(),
		field.UUID("actor_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("actor").Immutable(),
		field.Time("at").Default(now).Immutable(),
	}
}

// Edges of the HazardEvent.
func (HazardEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("hazard", Hazard.Type).Ref("events").Field("hazard_id").Unique().Required().Immutable(),
	}
}

// Indexes of the HazardEvent.
func (HazardEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("hazard_id", "at")}
}

// Extension is a company's request to move a hazard's deadline, and the
// bureau's decision on it.
type Extension struct{ ent.Schema }

// Annotations of the Extension.
func (Extension) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "hazard_extensions"}}
}

// Mixin of the Extension.
func (Extension) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the Extension.
func (Extension) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
		field.String("requested_deadline").Match(dateRE).Immutable(),
		field.String("previous_deadline").Match(dateRE).Immutable(),
		field.String("note").NotEmpty().MaxRuneLen(2000).Immutable(),
		field.Enum("status").Values("pending", "approved", "refused").Default("pending"),
		field.UUID("requested_by", uuid.UUID{}).Immutable(),
		field.String("requested_by_name").Immutable(),
		field.UUID("decided_by", uuid.UUID{}).Optional().Nillable(),
		field.String("decided_by_name").Default(""),
		field.Time("decided_at").Optional().Nillable(),
		field.String("decision_note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the Extension.
func (Extension) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("hazard", Hazard.Type).Ref("extensions").Field("hazard_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Extension.
func (Extension) Indexes() []ent.Index {
	return []ent.Index{index.Fields("hazard_id", "status")}
}

// Hooks of the Extension.
func (Extension) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("extension")} }

// Attachment is a piece of evidence on a hazard: a photo or PDF from before
// or after the rectification. The bytes live in storage under StorageKey.
type Attachment struct{ ent.Schema }

// Annotations of the Attachment.
func (Attachment) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "hazard_attachments"}}
}

// Mixin of the Attachment.
func (Attachment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the Attachment.
func (Attachment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
		field.Enum("stage").Values("before", "after").Immutable(),
		field.String("filename").MaxRuneLen(255).Immutable(),
		field.String("content_type").Immutable(),
		field.Int64("size").Immutable(),
		field.String("sha256").Immutable(),
		field.String("storage_key").Immutable(),
		field.UUID("uploaded_by", uuid.UUID{}).Immutable(),
		field.String("uploaded_by_name").Immutable(),
	}
}

// Edges of the Attachment.
func (Attachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("hazard", Hazard.Type).Ref("attachments").Field("hazard_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Attachment.
func (Attachment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("hazard_id", "stage")}
}

// Hooks of the Attachment.
func (Attachment) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("attachment")} }

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

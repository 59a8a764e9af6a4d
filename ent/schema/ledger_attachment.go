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

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
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

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
		field.Enum("status").GoType(enum.ExtensionStatus("")).Default(string(enum.ExtensionPending)),
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
	return []ent.Index{
		index.Fields("hazard_id", "status"),
		index.Fields("tenant_id", "status", "id"), // the district's queue (GET /extensions?status=pending)
		// At most one pending request a hazard, held by the database too
		// (the request takes the hazard's row lock first).
		index.Fields("hazard_id").Unique().StorageKey("extension_one_pending").
			Annotations(entsql.IndexWhere("status = 'pending'")),
	}
}

// Hooks of the Extension.
func (Extension) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("extension")} }

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
// Events are written beside the audited change they describe and carry
// its reasons (why a verification was refused, why an extension was
// granted), so they are chained in the audit trail too.
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

// Hooks of the HazardEvent.
func (HazardEvent) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("hazard_event")} }

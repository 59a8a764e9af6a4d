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
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

// Org is an organisation inside a district: the bureau, a gas or heating
// company, a street office, or a community under a street.
type Org struct{ ent.Schema }

// Annotations of the Org.
func (Org) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "orgs"}}
}

// Mixin of the Org.
func (Org) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the Org.
func (Org) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Enum("kind").GoType(enum.OrgKind("")).Immutable(),
		field.UUID("parent_id", uuid.UUID{}).Optional().Nillable(),
		field.Bool("disabled").Default(false),
		// enabled_at is when it was last enabled again after a disable:
		// its users' tokens issued before then (before the disable) stay
		// dead.
		field.Time("enabled_at").Optional().Nillable(),
	}
}

// Edges of the Org.
func (Org) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Org.Type).From("parent").Field("parent_id").Unique(),
		edge.To("users", User.Type),
	}
}

// Indexes of the Org.
func (Org) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "name").Unique(),
		index.Fields("tenant_id", "kind"),
		index.Fields("parent_id"),
	}
}

// Policy of the Org.
func (Org) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterOrgs()},
		Mutation: privacy.MutationPolicy{policy.OnlyDistrictMutates()},
	}
}

// Hooks of the Org.
func (Org) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("org")} }

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
	"github.com/hearthsafety/hearth/policy"
)

// User is a person who signs in to one district. Roles are casbin grouping
// rules (casbin_rules), not a column, so casbin stays the one authority.
type User struct{ ent.Schema }

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "users"}}
}

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").NotEmpty().MaxRuneLen(64).Immutable(),
		field.String("password_hash").Sensitive(),
		field.String("display_name").MaxRuneLen(100).Default(""),
		field.UUID("org_id", uuid.UUID{}).Immutable(),
		field.Bool("disabled").Default(false),
		// token_version is raised on disable and on password change; tokens
		// that carry an older version stop working.
		field.Int("token_version").Default(1),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("org", Org.Type).Ref("users").Field("org_id").Unique().Required().Immutable(),
	}
}

// Indexes of the User.
func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "username").Unique(),
		index.Fields("org_id"),
	}
}

// Policy of the User.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterUsers()},
		Mutation: privacy.MutationPolicy{policy.UserCreateInScope(), policy.FilterUsers()},
	}
}

// Hooks of the User.
func (User) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("user")} }

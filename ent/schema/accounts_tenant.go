package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// Tenant is one district: its bureau, companies and streets. It is the domain
// of every casbin role assignment and the root of one audit chain.
type Tenant struct{ ent.Schema }

// Annotations of the Tenant.
func (Tenant) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "tenants"}}
}

// Mixin of the Tenant.
func (Tenant) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the Tenant.
func (Tenant) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Immutable().MaxRuneLen(40),
		field.String("name").MaxRuneLen(100),
		field.String("timezone").Default("Asia/Shanghai").MaxRuneLen(64),
		field.Bool("disabled").Default(false),
		// enabled_at is when it was last enabled again after a disable:
		// its users' tokens issued before then (before the disable) stay
		// dead.
		field.Time("enabled_at").Optional().Nillable(),
		// The reminder ladder: days before a deadline, and the local hour.
		field.JSON("reminder_days", []int{}).Optional(), // empty: the default ladder
		field.Int("reminder_hour").Default(9).Range(0, 23),
	}
}

// Policy of the Tenant: operators manage districts; a district's own people
// see it, and its bureau admin changes its settings.
func (Tenant) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterTenants()},
		Mutation: privacy.MutationPolicy{policy.FilterTenants(), policy.TenantMutations()},
	}
}

// Hooks of the Tenant.
func (Tenant) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("tenant")} }

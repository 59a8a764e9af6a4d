package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// Operator is a platform administrator: outside every district, it provisions
// districts and their first bureau admin and reads no district's records.
type Operator struct{ ent.Schema }

// Annotations of the Operator.
func (Operator) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "operators"}}
}

// Mixin of the Operator.
func (Operator) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

// Fields of the Operator.
func (Operator) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").Unique().NotEmpty().MaxRuneLen(64).Immutable(),
		field.String("password_hash").Sensitive(),
		field.Bool("disabled").Default(false),
		field.Int("token_version").Default(1),
	}
}

// Policy of the Operator.
func (Operator) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.OnlyOperators()},
		Mutation: privacy.MutationPolicy{policy.OnlyOperators()},
	}
}

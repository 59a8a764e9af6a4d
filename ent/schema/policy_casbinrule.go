package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CasbinRule is one casbin rule kept in the database. Only grouping rules
// (ptype "g": user, role, district) live here; the role templates are the
// embedded policy file in policy/.
type CasbinRule struct{ ent.Schema }

// Annotations of the CasbinRule.
func (CasbinRule) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "casbin_rules"}}
}

// Mixin of the CasbinRule.
func (CasbinRule) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

// Fields of the CasbinRule.
func (CasbinRule) Fields() []ent.Field {
	return []ent.Field{
		field.String("ptype").MaxRuneLen(8),
		field.String("v0").MaxRuneLen(128).Default(""),
		field.String("v1").MaxRuneLen(128).Default(""),
		field.String("v2").MaxRuneLen(128).Default(""),
		field.String("v3").MaxRuneLen(128).Default(""),
		field.String("v4").MaxRuneLen(128).Default(""),
		field.String("v5").MaxRuneLen(128).Default(""),
	}
}

// Indexes of the CasbinRule.
func (CasbinRule) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ptype", "v0", "v1", "v2", "v3", "v4", "v5").Unique(),
		index.Fields("v2"),
	}
}

// Policy of the CasbinRule: only the System context (the casbin adapter and
// the role writer) reaches it.
func (CasbinRule) Policy() ent.Policy { return systemOnly() }

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Counter hands out a district's human record numbers (the hazard number
// YH-2026-000123): one row per series and year holds the last number given.
// Taking numbers is one upsert that adds to last, so two writers in one
// district wait for each other on the row and never share a number.
type Counter struct{ ent.Schema }

// Annotations of the Counter.
func (Counter) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "counters"}}
}

// Mixin of the Counter.
func (Counter) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TenantMixin{}} }

// Fields of the Counter.
func (Counter) Fields() []ent.Field {
	return []ent.Field{
		field.String("series").NotEmpty().MaxLen(20).Immutable(),
		field.Int("year").Range(2000, 2100).Immutable(),
		field.Int64("last").Min(0),
	}
}

// Indexes of the Counter.
func (Counter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "series", "year").Unique()}
}

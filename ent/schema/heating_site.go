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

// Site is a place a heating company runs: a boiler room or heat source, an
// exchange station, a network segment, a gas facility (热源厂/锅炉房, 换热站,
// 管网段, 燃气设施). Its equipment hangs off it and takes its place.
type Site struct{ ent.Schema }

// Annotations of the Site.
func (Site) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "sites"}}
}

// Mixin of the Site.
func (Site) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the Site.
func (Site) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").GoType(enum.SiteKind("")),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable(),
		field.String("address").Default("").MaxRuneLen(200),
		field.Float("lat").Optional().Nillable().Range(-90, 90),
		field.Float("lng").Optional().Nillable().Range(-180, 180),
		// capacity_mw is the installed capacity (装机容量).
		field.Float("capacity_mw").Optional().Nillable().Min(0),
		field.Float("heating_area_m2").Optional().Nillable().Min(0),
		field.Int("households").Optional().Nillable().Min(0),
		field.String("commissioned_on").Match(dateRE).Optional().Nillable(),
		field.Enum("status").GoType(enum.SiteStatus("")).Default(string(enum.SiteInService)),
		field.String("note").Default("").MaxRuneLen(500),
	}
}

// Edges of the Site.
func (Site) Edges() []ent.Edge {
	return []ent.Edge{edge.To("equipment", Equipment.Type)}
}

// Indexes of the Site: names are unique within a company.
func (Site) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "company_id", "name").Unique(),
		index.Fields("tenant_id", "street_id", "id"),
		index.Fields("tenant_id", "company_id", "id"),
	}
}

// Hooks of the Site.
func (Site) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("site")} }

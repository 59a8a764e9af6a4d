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

// Equipment is one unit of a heating company's register (设备台账): a
// boiler, a pressure vessel, a safety valve or gauge on them, a pump, an
// exchanger… Whether it is special equipment (特种设备) is a field, not a
// consequence of its kind (programmes §1.1). Its place (company, street) is
// its site's, moved with it.
type Equipment struct{ ent.Schema }

// Annotations of the Equipment.
func (Equipment) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "equipment"}}
}

// Mixin of the Equipment.
func (Equipment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the Equipment.
func (Equipment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("site_id", uuid.UUID{}),
		// parent_id is the boiler or vessel an accessory (valve, gauge)
		// hangs off.
		field.UUID("parent_id", uuid.UUID{}).Optional().Nillable(),
		field.Enum("kind").GoType(enum.EquipmentKind("")),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Bool("special").Default(false),
		// equipment_code (设备代码) and registration_no (使用登记证编号)
		// identify special equipment with the regulator.
		field.String("equipment_code").Default("").MaxRuneLen(40),
		field.String("registration_no").Default("").MaxRuneLen(40),
		field.String("serial_no").Default("").MaxRuneLen(60),
		field.String("model").Default("").MaxRuneLen(60),
		field.String("manufacturer").Default("").MaxRuneLen(100),
		// rated holds the main parameters (主要参数): MW, MPa, 量程,
		// 精度等级, 整定压力…, as label → value.
		field.JSON("rated", map[string]string{}).Optional(),
		field.String("commissioned_on").Match(dateRE).Optional().Nillable(),
		field.Enum("status").GoType(enum.EquipmentStatus("")).Default(string(enum.EquipInService)),
		// condition (技术状况) is derived (services/equipment) and kept
		// here so that lists filter and the board counts by an index.
		field.Enum("condition").GoType(enum.Condition("")).Default(string(enum.ConditionUnknown)),
		// state is the worst of its inspections' states; nil when it has
		// no statutory inspection.
		field.Enum("state").GoType(enum.InspectionState("")).Optional().Nillable(),
		// next_due_on is the earliest due date of its inspections.
		field.String("next_due_on").Match(dateRE).Optional().Nillable(),
		// safety_grade (安全状况等级, 1–5) of a vessel, from its last report.
		field.Int("safety_grade").Optional().Nillable().Range(1, 5),
		// internal_blocked: the structure prevents internal inspection, so
		// a hydro test falls due every 3 years (TSG 11-2020).
		field.Bool("internal_blocked").Default(false),
		field.String("note").Default("").MaxRuneLen(500),
	}
}

// Edges of the Equipment.
func (Equipment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("site", Site.Type).Ref("equipment").Field("site_id").Unique().Required(),
		edge.To("accessories", Equipment.Type).From("parent").Field("parent_id").Unique(),
		edge.To("inspections", InspectionRecord.Type),
		edge.To("clocks", InspectionClock.Type),
	}
}

// Indexes of the Equipment: each list filter leads with the district and
// ends with id for keyset pages.
func (Equipment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "id"),
		index.Fields("tenant_id", "company_id", "id"),
		index.Fields("tenant_id", "street_id", "id"),
		index.Fields("tenant_id", "site_id", "id"),
		index.Fields("tenant_id", "kind", "id"),
		index.Fields("tenant_id", "state", "id"),
		index.Fields("tenant_id", "condition", "id"),
		index.Fields("tenant_id", "next_due_on", "id"),
		index.Fields("tenant_id", "company_id", "state", "id"),
		index.Fields("parent_id"),
	}
}

// Hooks of the Equipment.
func (Equipment) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("equipment")} }

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
)

// AlarmCampaign is the bureau's year of gas-alarm installation
// (燃气报警器安装工作): whom it covers, its dates and milestones, and the
// devices it asks for. District-wide: every gas company and street of the
// district reads it; only the bureau writes it (casbin).
type AlarmCampaign struct{ ent.Schema }

// Annotations of the AlarmCampaign.
func (AlarmCampaign) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "alarm_campaigns"}}
}

// Mixin of the AlarmCampaign.
func (AlarmCampaign) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the AlarmCampaign.
func (AlarmCampaign) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Enum("scope").GoType(enum.CampaignScope("")),
		field.Int("year").Range(2000, 2100),
		field.String("start_on").Match(dateRE),
		field.String("due_on").Match(dateRE),
		field.Enum("funding").GoType(enum.Funding("")).Default(string(enum.FundingGovernment)),
		// networked_required and shutoff_required: a device counts only when
		// networked (联网) / linked to a shut-off valve (联动切断) — as for
		// restaurants and basements. They apply to commercial premises.
		field.Bool("networked_required").Default(false),
		field.Bool("shutoff_required").Default(false),
		field.JSON("milestones", []enum.Milestone{}).Optional(),
		// company_ids are the gas companies implementing it.
		field.JSON("company_ids", []uuid.UUID{}).Optional(),
		field.Enum("status").GoType(enum.CampaignStatus("")).Default(string(enum.CampaignActive)),
		field.String("note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the AlarmCampaign.
func (AlarmCampaign) Edges() []ent.Edge {
	return []ent.Edge{edge.To("targets", AlarmTarget.Type)}
}

// Indexes of the AlarmCampaign.
func (AlarmCampaign) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "name").Unique(),
		index.Fields("tenant_id", "year", "id"),
	}
}

// Hooks of the AlarmCampaign.
func (AlarmCampaign) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("alarm_campaign")} }

// AlarmTarget is how many premises a campaign must equip in one community of
// a street, of one user type, served by one gas company (应装户数). The
// bureau sets it; the street confirms it.
type AlarmTarget struct{ ent.Schema }

// Annotations of the AlarmTarget.
func (AlarmTarget) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "alarm_targets"}}
}

// Mixin of the AlarmTarget.
func (AlarmTarget) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the AlarmTarget.
func (AlarmTarget) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("campaign_id", uuid.UUID{}).Immutable(),
		field.UUID("community_id", uuid.UUID{}).Immutable(),
		field.Enum("user_type").GoType(enum.UserType("")).Immutable(),
		// target_count excludes vacant premises; baseline_installed were
		// already equipped when the campaign opened; special_target counts
		// 独居老人, 低保 and 餐饮.
		field.Int("target_count").Min(0),
		field.Int("baseline_installed").Default(0).Min(0),
		field.Int("special_target").Default(0).Min(0),
		field.Time("confirmed_at").Optional().Nillable(),
		field.String("confirmed_by_name").Default("").MaxRuneLen(100),
		field.String("note").Default("").MaxRuneLen(500),
	}
}

// Edges of the AlarmTarget.
func (AlarmTarget) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("campaign", AlarmCampaign.Type).Ref("targets").Field("campaign_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AlarmTarget: one per campaign × community × company × user
// type, held by the database.
func (AlarmTarget) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("campaign_id", "community_id", "company_id", "user_type").Unique(),
		index.Fields("campaign_id", "street_id", "id"),
	}
}

// Hooks of the AlarmTarget.
func (AlarmTarget) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("alarm_target")} }

// Premise is a gas user a gas company serves (用气户: a household, a shop,
// a works): where it is down to the room or shop, what it is, and the state
// of its alarm, kept here from its devices and visits so that a campaign's
// rates are one grouped scan.
type Premise struct{ ent.Schema }

// Annotations of the Premise.
func (Premise) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "premises"}}
}

// Mixin of the Premise.
func (Premise) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the Premise.
func (Premise) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable(),
		field.Enum("user_type").GoType(enum.UserType("")),
		// tags are PremiseTag codes between commas (",elderly_alone,low_income,"),
		// so a tag filters with LIKE on every dialect; special is set when
		// one of them makes the premise a 特殊户 (独居老人, 低保, 餐饮).
		field.String("tags").Default("").MaxLen(200),
		field.Bool("special").Default(false),
		// gas_account_no (燃气户号) keys a premise on import; address_key
		// (the normalised address) keys it when there is none. Both are
		// unique in the district, held by the database.
		field.String("gas_account_no").Optional().Nillable().MaxLen(40),
		field.String("address_key").NotEmpty().MaxLen(400),
		field.String("estate").Default("").MaxRuneLen(100),
		field.String("building").Default("").MaxRuneLen(20),
		field.String("unit").Default("").MaxRuneLen(20),
		field.String("floor").Default("").MaxRuneLen(20),
		field.String("room").Default("").MaxRuneLen(40),
		field.String("shop_name").Default("").MaxRuneLen(100),
		field.String("address").NotEmpty().MaxRuneLen(200),
		field.Enum("gas_kind").GoType(enum.GasKind("")).Default(string(enum.GasNaturalGas)),
		field.Enum("status").GoType(enum.PremiseStatus("")).Default(string(enum.PremiseActive)),
		// contact_name and phone are shown to the company and the bureau
		// only.
		field.String("contact_name").Default("").MaxRuneLen(50),
		field.String("phone").Default("").MaxRuneLen(30),
		field.String("note").Default("").MaxRuneLen(500),
		// The alarm's state, kept from the premise's current device in the
		// same transaction as any device change: device_id, its replace
		// date (the device is valid through that day), networked, online.
		field.UUID("device_id", uuid.UUID{}).Optional().Nillable(),
		field.String("device_replace_on").Match(dateRE).Optional().Nillable(),
		field.Bool("device_networked").Default(false),
		field.Bool("device_shutoff").Default(false),
		field.Enum("device_status").GoType(enum.DeviceStatus("")).Optional().Nillable(),
		// last_outcome is the outcome of the latest visit (拒装, 到访不遇…).
		field.Enum("last_outcome").GoType(enum.VisitOutcome("")).Optional().Nillable(),
		field.String("last_visit_on").Match(dateRE).Optional().Nillable(),
		// hazard_id is the open alarm_missing hazard of a restaurant
		// without a valid alarm.
		field.UUID("hazard_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of the Premise.
func (Premise) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("visits", InstallVisit.Type),
		edge.To("devices", AlarmDevice.Type),
	}
}

// Indexes of the Premise: the keys, then each list filter led by the
// district and ended by id for keyset pages; the rate table groups by
// street and community.
func (Premise) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "gas_account_no").Unique(),
		index.Fields("tenant_id", "address_key").Unique(),
		index.Fields("tenant_id", "id"),
		index.Fields("tenant_id", "company_id", "id"),
		index.Fields("tenant_id", "street_id", "community_id", "id"),
		index.Fields("tenant_id", "user_type", "id"),
		index.Fields("tenant_id", "device_replace_on", "id"),
	}
}

// Hooks of the Premise.
func (Premise) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("premise")} }

// InstallVisit is one call at a premise (入户记录): installed, nobody home,
// refused, vacant, or it already had a valid device. Append-only; its
// place is its premise's.
type InstallVisit struct{ ent.Schema }

// Annotations of the InstallVisit.
func (InstallVisit) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "install_visits"}}
}

// Mixin of the InstallVisit.
func (InstallVisit) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the InstallVisit.
func (InstallVisit) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("premise_id", uuid.UUID{}).Immutable(),
		field.UUID("campaign_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("visited_on").Match(dateRE).Immutable(),
		field.Enum("outcome").GoType(enum.VisitOutcome("")).Immutable(),
		field.UUID("device_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("visitor_name").Default("").MaxRuneLen(50).Immutable(),
		field.String("note").Default("").MaxRuneLen(500).Immutable(),
	}
}

// Edges of the InstallVisit.
func (InstallVisit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("premise", Premise.Type).Ref("visits").Field("premise_id").Unique().Required().Immutable(),
	}
}

// Indexes of the InstallVisit.
func (InstallVisit) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("premise_id", "visited_on", "id"),
		index.Fields("tenant_id", "street_id", "outcome"),
	}
}

// Hooks of the InstallVisit.
func (InstallVisit) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("install_visit")} }

// AlarmDevice is one gas alarm at a premise (报警器): what it is, how it is
// placed (GB 50028 §10.8.2), whether it is networked or linked to a
// shut-off valve, and when it must be replaced (CJJ/T 146: 5 years in a
// dwelling, 3 in commercial premises). Its place is its premise's.
type AlarmDevice struct{ ent.Schema }

// Annotations of the AlarmDevice.
func (AlarmDevice) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "alarm_devices"}}
}

// Mixin of the AlarmDevice.
func (AlarmDevice) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the AlarmDevice.
func (AlarmDevice) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("premise_id", uuid.UUID{}).Immutable(),
		field.UUID("campaign_id", uuid.UUID{}).Optional().Nillable(),
		field.String("serial_no").NotEmpty().MaxLen(60),
		field.String("model").Default("").MaxRuneLen(60),
		field.String("manufacturer").Default("").MaxRuneLen(100),
		field.Enum("detects").GoType(enum.Detects("")).Default(string(enum.DetectsMethane)),
		field.Bool("networked").Default(false),
		field.String("platform_id").Default("").MaxLen(60),
		field.Bool("shutoff_linked").Default(false),
		field.String("valve_serial").Default("").MaxLen(60),
		field.String("installed_on").Match(dateRE),
		field.String("installer").Default("").MaxRuneLen(50),
		// The placement checks of GB 50028 §10.8.2 for a gas lighter than
		// air (for LPG: within 4 m and 0.3 m of the floor).
		field.Bool("check_height").Default(false),
		field.Bool("check_distance").Default(false),
		field.Bool("check_not_above_stove").Default(false),
		field.Int("service_life_years").Range(1, 20),
		field.String("replace_on").Match(dateRE),
		field.Enum("status").GoType(enum.DeviceStatus("")).Default(string(enum.DeviceInstalled)),
		field.Time("last_seen_at").Optional().Nillable(),
		field.UUID("superseded_by_id", uuid.UUID{}).Optional().Nillable(),
		field.String("note").Default("").MaxRuneLen(500),
	}
}

// Edges of the AlarmDevice.
func (AlarmDevice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("premise", Premise.Type).Ref("devices").Field("premise_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AlarmDevice: a serial number once in a district.
func (AlarmDevice) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "serial_no").Unique(),
		index.Fields("premise_id", "installed_on", "id"),
		index.Fields("tenant_id", "replace_on", "id"),
	}
}

// Hooks of the AlarmDevice.
func (AlarmDevice) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("alarm_device")} }

// PremiseTally counts a district's premises by what a campaign's rate table
// reads of them: where they are and whose (street, community, company),
// what they are (user type, 特殊户, vacant or not), and the state of their
// alarm reduced to what the rates ask — a working device (online or not),
// networked, linked to a shut-off, the month it is due for replacement —
// and a last visit that was a refusal or found nobody home. The database
// keeps it (triggers on premises, written in the migration premise_tallies
// for both dialects), in the transaction of every write to premises, so no
// writer can forget it; the application only reads it. A rate table then
// sums a few thousand tallies instead of scanning every premise, and reads
// the premises themselves only for the two months whose days fall on both
// sides of its day (the month of the day and that of the day 90 days on).
//
// id is the tally's columns between bars (NULL as '-'): the one key both
// dialects' triggers can compute and upsert on.
type PremiseTally struct{ ent.Schema }

// Annotations of the PremiseTally.
func (PremiseTally) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "premise_tallies"}}
}

// Mixin of the PremiseTally: scoped like the premises it counts.
func (PremiseTally) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, LocatedMixin{}}
}

// Fields of the PremiseTally. device_status is 'online', 'installed' (any
// other working status) or NULL (no working device); device_replace_on is
// the month (YYYY-MM) of a working device's replacement date; last_outcome
// is kept only when it is refused or not_home.
func (PremiseTally) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").Immutable(),
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("user_type").Immutable(),
		field.Bool("special").Immutable(),
		field.String("status").Immutable(),
		field.String("device_status").Optional().Nillable().Immutable(),
		field.Bool("device_networked").Immutable(),
		field.Bool("device_shutoff").Immutable(),
		field.String("device_replace_on").Optional().Nillable().Immutable(),
		field.String("last_outcome").Optional().Nillable().Immutable(),
		field.Int64("n"),
	}
}

// Indexes of the PremiseTally: a rate table reads a district's tallies.
func (PremiseTally) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "street_id")}
}

// Policy of the PremiseTally: read-only to the application (the triggers
// write it).
func (PremiseTally) Policy() ent.Policy {
	return privacy.Policy{Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()}}
}

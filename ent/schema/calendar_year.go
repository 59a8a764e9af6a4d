package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// CalendarYear is one year of China's working-day calendar as an operator
// loaded it from the State Council's notice: the days off that fall on
// working days (holidays) and the weekend days worked (make-up workdays).
// It is platform-wide: every district counts working days alike. A year
// with no row is the embedded table's, or weekends only (provisional).
type CalendarYear struct{ ent.Schema }

// Annotations of the CalendarYear.
func (CalendarYear) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "calendar_years"}}
}

// Fields of the CalendarYear: its id is the year.
func (CalendarYear) Fields() []ent.Field {
	return []ent.Field{
		field.Int("id").Range(1900, 2999).Immutable(),
		field.Bool("official").Default(true),
		field.Strings("holidays"),
		field.Strings("workdays"),
		field.String("source").Default("").MaxRuneLen(200),
		field.UUID("loaded_by", uuid.UUID{}).Optional().Nillable(),
		field.Time("loaded_at").Default(now).UpdateDefault(now),
	}
}

// Policy of the CalendarYear: everyone reads it; only operators (or the
// system) change it.
func (CalendarYear) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{policy.OnlyOperators()},
	}
}

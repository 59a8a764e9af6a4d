package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// Reminder is one rung of a deadline's ladder, for a record of any module
// (its subject): the outbox row written in the same transaction as the change
// that causes it. The database is the source of truth; Redis only schedules
// it (the task id is the reminder id).
type Reminder struct{ ent.Schema }

// Annotations of the Reminder.
func (Reminder) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "reminders"}}
}

// Mixin of the Reminder: it lies where its subject lies.
func (Reminder) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the Reminder.
func (Reminder) Fields() []ent.Field {
	return []ent.Field{
		// subject names the module's record kind ("hazard", …): the source
		// that says whether it is still due, whom it tells and what it says.
		field.String("subject").NotEmpty().MaxLen(40).Immutable(),
		field.UUID("subject_id", uuid.UUID{}).Immutable(),
		field.Enum("kind").GoType(enum.ReminderKind("")).Immutable(),
		// rung names the ladder's step, unique for a deadline: "d3" three
		// days before, "h4" four hours before, "m30" thirty minutes before,
		// "e0" the first escalation step after it, "e1" the next.
		field.String("rung").NotEmpty().MaxLen(16).Immutable(),
		field.Int("days_before").Default(0).Immutable(),
		// deadline is the subject's deadline this rung belongs to: a date
		// (YYYY-MM-DD, in the district's zone) or an instant (RFC 3339).
		field.String("deadline").NotEmpty().MaxLen(40).Immutable(),
		// audience is who is told: "company", "street", "bureau".
		field.Strings("audience").Optional().Immutable(),
		field.Time("due_at").Immutable(),
		// scheduled until a worker settles it: sent, cancelled (the subject
		// was closed, its deadline moved, …) or failed after its retries.
		field.Enum("state").Values("scheduled", "sent", "cancelled", "failed").Default("scheduled"),
		field.Int("attempts").Default(0),
		field.String("last_error").Default("").MaxRuneLen(500),
		field.String("note").Default("").MaxRuneLen(200),
		field.Int("recipients").Default(0),
		// queued_at is when the relay last handed the reminder to Redis;
		// null means Redis may lack it.
		field.Time("queued_at").Optional().Nillable(),
		field.Time("done_at").Optional().Nillable(),
	}
}

// Indexes of the Reminder.
func (Reminder) Indexes() []ent.Index {
	return []ent.Index{
		// One rung once: planning twice adds nothing.
		index.Fields("subject_id", "subject", "deadline", "rung").Unique(),
		// A re-plan cancels a subject's scheduled rungs. Privacy adds the
		// district (and the company or street) to that UPDATE, and an index
		// leading with tenant_id and state would match as many columns
		// by equality as (subject_id, state): without statistics (before
		// ANALYZE) SQLite and PostgreSQL may then take the district's
		// whole queue. Four equalities win on every planner.
		index.Fields("subject_id", "subject", "state", "tenant_id"),
		// The relay: what is scheduled and due soon, across districts.
		index.Fields("state", "due_at"),
		// The bureau's queue view.
		index.Fields("tenant_id", "state", "due_at", "id"),
		index.Fields("tenant_id", "due_at", "id"),
	}
}

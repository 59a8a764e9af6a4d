package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// reminderOut is one reminder as the bureau's queue view shows it. Queue
// says where it is: scheduled (not yet due), due (waiting for a worker),
// retrying (an attempt failed), sent, cancelled or failed.
type reminderOut struct {
	ID uuid.UUID `json:"id"`
	// HazardID is the subject's id when the subject is a hazard, else null.
	HazardID   *uuid.UUID `json:"hazard_id"`
	Subject    string     `json:"subject"`
	SubjectID  uuid.UUID  `json:"subject_id"`
	CompanyID  uuid.UUID  `json:"company_id"`
	StreetID   uuid.UUID  `json:"street_id"`
	Kind       string     `json:"kind" enum:"ReminderKind"`
	Rung       string     `json:"rung"`
	Audience   []string   `json:"audience" enum:"Audience"`
	DaysLeft   int        `json:"days_left"`
	Deadline   string     `json:"deadline" format:"date"`
	DueAt      time.Time  `json:"due_at"`
	State      string     `json:"state" enum:"ReminderState"`
	Queue      string     `json:"queue" enum:"ReminderQueue"`
	Attempts   int        `json:"attempts"`
	LastError  string     `json:"last_error"`
	Note       string     `json:"note"`
	Recipients int        `json:"recipients"`
	DoneAt     *time.Time `json:"done_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

// hazardOf is a subject's id as a hazard_id: null for another subject's.
func hazardOf(subject string, id uuid.UUID) *uuid.UUID {
	if subject != ledger.ReminderSubject {
		return nil
	}
	return &id
}

func toReminder(r *ent.Reminder, now time.Time) reminderOut {
	q := string(r.State)
	if r.State == reminder.StateScheduled {
		switch {
		case r.Attempts > 0:
			q = "retrying"
		case !r.DueAt.After(now):
			q = "due"
		}
	}
	audience := r.Audience
	if audience == nil {
		audience = []string{}
	}
	// A rung laid before the API bounded deadlines (9999-12-31 plus a day)
	// lies past what JSON can write until the relay cancels it: shown at
	// the last instant JSON can, so the queue view never fails on it.
	due := r.DueAt.UTC()
	if due.Year() > 9999 {
		due = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	}
	return reminderOut{ID: r.ID, HazardID: hazardOf(r.Subject, r.SubjectID), Subject: r.Subject, SubjectID: r.SubjectID,
		CompanyID: r.CompanyID, StreetID: r.StreetID, Kind: string(r.Kind), Rung: r.Rung, Audience: audience,
		DaysLeft: r.DaysBefore, Deadline: r.Deadline, DueAt: due, State: string(r.State), Queue: q,
		Attempts: r.Attempts, LastError: r.LastError, Note: r.Note, Recipients: r.Recipients, DoneAt: r.DoneAt,
		CreatedAt: r.CreatedAt}
}

// deliveryQueues are where the summary counts webhook deliveries: their
// states, with the pending ones tried before as retrying.
var deliveryQueues = []string{"pending", "retrying", "succeeded", "failed"}

// queueStates are the ?queue= filters of the reminder list.
var queueStates = []string{"scheduled", "due", "retrying", "sent", "cancelled", "failed"}

// inQueue holds the reminders at one place in the queue, as toReminder
// names them; false for a name that is none.
func inQueue(name string, now time.Time) (predicate.Reminder, bool) {
	scheduled := reminder.StateEQ(reminder.StateScheduled)
	switch name {
	case "scheduled":
		return reminder.And(scheduled, reminder.Attempts(0), reminder.DueAtGT(now)), true
	case "due":
		return reminder.And(scheduled, reminder.Attempts(0), reminder.DueAtLTE(now)), true
	case "retrying":
		return reminder.And(scheduled, reminder.AttemptsGT(0)), true
	case "sent", "cancelled", "failed":
		return reminder.StateEQ(reminder.State(name)), true
	}
	return nil, false
}

// listReminders handles GET /api/v1/reminders: the district's reminders,
// filtered by where they are in the queue, by subject (subject and
// subject_id; hazard_id for a hazard) or by kind.
func (a *api) listReminders(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	now := a.Now().UTC()
	q := a.Client.Reminder.Query()
	if s := c.Query("queue"); s != "" {
		in, ok := inQueue(s, now)
		if !ok {
			return services.Invalid(services.Field("queue", "must be one of "+strings.Join(queueStates, ", ")))
		}
		q.Where(in)
	}
	for _, f := range []string{"hazard_id", "subject_id"} {
		s := c.Query(f)
		if s == "" {
			continue
		}
		id, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.Field(f, "must be a UUID"))
		}
		q.Where(reminder.SubjectID(id))
		if f == "hazard_id" {
			q.Where(reminder.Subject(ledger.ReminderSubject))
		}
	}
	if s := c.Query("subject"); s != "" {
		if _, ok := reminders.Lookup(s); !ok {
			return services.Invalid(services.Field("subject", "is not a kind of record reminders are kept for"))
		}
		q.Where(reminder.Subject(s))
	}
	if k := enum.ReminderKind(c.Query("kind")); k != "" {
		if !k.Valid() {
			return services.Invalid(services.Field("kind", "must be one of "+strings.Join(k.Values(), ", ")))
		}
		q.Where(reminder.KindEQ(k))
	}
	if p.After != nil {
		q.Where(reminder.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(reminder.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(r *ent.Reminder) uuid.UUID { return r.ID },
		func(r *ent.Reminder) reminderOut { return toReminder(r, now) }))
}

// getReminder handles GET /api/v1/reminders/{id}.
func (a *api) getReminder(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := a.Client.Reminder.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toReminder(r, a.Now()))
}

// queueSummaryOut counts the district's reminders and webhook deliveries by
// where they are.
type queueSummaryOut struct {
	Reminders  map[string]int `json:"reminders" enum:"ReminderQueue"`
	Deliveries map[string]int `json:"webhook_deliveries" enum:"DeliveryQueue"`
}

// reminderSummary handles GET /api/v1/reminders/summary.
func (a *api) reminderSummary(c *fiber.Ctx) error {
	ctx, now := c.UserContext(), a.Now().UTC()
	out := queueSummaryOut{Reminders: map[string]int{}, Deliveries: map[string]int{}}
	for _, s := range queueStates {
		in, _ := inQueue(s, now)
		n, err := a.Client.Reminder.Query().Where(in).Count(ctx)
		if err != nil {
			return err
		}
		out.Reminders[s] = n
	}
	var deliveries []struct {
		State string `json:"state"`
		Count int    `json:"count"`
	}
	for _, s := range deliveryQueues {
		out.Deliveries[s] = 0
	}
	n, err := a.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StatePending),
		webhookdelivery.AttemptsGT(0)).Count(ctx)
	if err != nil {
		return err
	}
	err = a.Client.WebhookDelivery.Query().GroupBy(webhookdelivery.FieldState).Aggregate(ent.Count()).Scan(ctx, &deliveries)
	if err != nil {
		return err
	}
	for _, d := range deliveries {
		out.Deliveries[d.State] = d.Count
	}
	out.Deliveries["pending"] -= n
	out.Deliveries["retrying"] = n
	return c.JSON(out)
}

// retryReminder handles POST /api/v1/reminders/{id}/retry: a failed
// reminder is scheduled again, due at once.
func (a *api) retryReminder(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := a.notify.RetryReminder(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toReminder(r, a.Now()))
}

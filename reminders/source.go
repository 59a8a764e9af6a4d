package reminders

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// Source is what a module tells the engine about its records (its
// subjects): their ladder, which are open, whether one is still due, and
// what a rung says. Each module implements one and registers it from its
// package's init (Register), so every process that links the module (the
// API, `hearth worker`, the CLI) plans and delivers its reminders.
//
// The engine calls it under policy.System: c reaches every district.
type Source interface {
	// Subject names the records ("hazard"): the reminders' subject column,
	// the notification items', and the key of the record in a webhook body.
	Subject() string
	// Ladder is the records' ladder in a district.
	Ladder(t *ent.Tenant) Ladder
	// Open lists a district's open records (not closed), at most limit,
	// after the cursor after (the last of the previous page; zero: from the
	// start), in an order of the source's choosing that it keeps from page
	// to page. With unplanned, only those that have no reminder for their
	// current deadline (Unplanned builds that condition).
	Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after Due, limit int, unplanned bool) ([]Due, error)
	// Load reads records by id as c sees them (the delivering
	// transaction); an id it does not return is gone.
	Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]Subject, error)
	// Say words a rung going out: its inbox text (in Chinese, with labels,
	// never codes), its webhook event and the record's part of the body.
	Say(s Subject, o Occasion) Notice
	// Message is a webhook event this source said (read back from the
	// stored body) as a group-robot message; text a user typed is passed
	// through Plain.
	Message(ev Event) (Message, error)
}

// Due is a record as a service plans its reminders: a Planner brings the
// scheduled rungs in line with it.
type Due struct {
	Subject                       string // the source: "hazard"
	ID                            uuid.UUID
	TenantID, CompanyID, StreetID uuid.UUID
	Deadline                      string // YYYY-MM-DD in the district's zone, or RFC 3339
	// Closed: nothing more is sent; everything scheduled is cancelled.
	Closed bool
	// New: created in this transaction, so there is nothing to cancel
	// (Plan skips the cancelling UPDATE).
	New bool
	// DaysBefore are the record's own day rungs, replacing its ladder's
	// (a season's summary days, which differ from season to season); nil:
	// the ladder's.
	DaysBefore []int
	// Note says why Closed, for the cancelled rungs ("hazard verified");
	// "<subject> closed" when empty.
	Note string
}

// Subject is a record as its source reports it when a rung falls due.
type Subject struct {
	Due
	// Paused says why the rungs before the deadline are dropped now
	// ("rectification awaiting verification"), "" when they go out; the
	// escalation goes out regardless.
	Paused string
	// Record is the source's own, handed back to Say.
	Record any
}

// Occasion is a rung going out, for Say.
type Occasion struct {
	Kind     enum.ReminderKind
	Rung     string
	Deadline string
	// DaysLeft counts the days from the district's today to a date
	// deadline, for a due-soon rung (0: the deadline is today); 0 for an
	// escalation or an instant deadline.
	DaysLeft int
	// Left is the time to an instant deadline, for a due-soon rung.
	Left     time.Duration
	Today    string // the district's date
	District string // its slug
	// OrgName names an organisation ("" when unknown).
	OrgName func(uuid.UUID) string
}

// Notice is what a rung says.
type Notice struct {
	Text   string // the inbox item (kept to 500 characters)
	Event  string // the webhook event: "hazard.overdue"
	Record any    // the record's part of the webhook body, under Subject()
}

var (
	sourcesMu sync.RWMutex
	sources   = map[string]Source{}
)

// Register makes a source known by its subject name; a module calls it from
// its package's init. Registering a name twice panics.
func Register(s Source) {
	sourcesMu.Lock()
	defer sourcesMu.Unlock()
	name := s.Subject()
	if name == "" || len(name) > 40 || strings.ContainsAny(name, ". \"") {
		panic(fmt.Sprintf("reminders: bad subject name %q", name))
	}
	if _, dup := sources[name]; dup {
		panic("reminders: subject " + name + " registered twice")
	}
	sources[name] = s
}

// Lookup is the source registered for a subject.
func Lookup(subject string) (Source, bool) {
	sourcesMu.RLock()
	defer sourcesMu.RUnlock()
	s, ok := sources[subject]
	return s, ok
}

// registered lists the sources in name order.
func registered() []Source {
	sourcesMu.RLock()
	defer sourcesMu.RUnlock()
	out := make([]Source, 0, len(sources))
	for _, s := range sources {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Source) int { return strings.Compare(a.Subject(), b.Subject()) })
	return out
}

// Unplanned holds the records of a subject's table that have no reminder
// for their current deadline: for a source's Open. The table's columns must
// be named id and deadline.
func Unplanned(subject string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		r := sql.Table(reminder.Table)
		s.Where(sql.Not(sql.Exists(sql.Select(r.C(reminder.FieldID)).From(r).Where(sql.And(
			sql.ColumnsEQ(r.C(reminder.FieldSubjectID), s.C("id")),
			sql.EQ(r.C(reminder.FieldSubject), subject),
			sql.ColumnsEQ(r.C(reminder.FieldDeadline), s.C("deadline")))))))
	}
}

// Event is the generic webhook body, and what group-robot messages are
// written from: the reminder's event, and the record's part under its
// subject's name ({"id", "event", "district", "created_at", "days_left",
// "hazard": {…}}).
type Event struct {
	ID        uuid.UUID // the delivery id (X-Hearth-Delivery)
	Event     string
	District  string
	CreatedAt time.Time
	DaysLeft  int
	// Text is a ping's words; a reminder's are the source's to say.
	Text string
	// Subject names the record's part, Record is it as JSON.
	Subject string
	Record  json.RawMessage
}

// EventPing is a test message's event.
const EventPing = "ping"

// Ping is a test message to a webhook.
func Ping(id uuid.UUID, district string, now time.Time) Event {
	return Event{ID: id, Event: EventPing, District: district, CreatedAt: now,
		Text: "测试消息：Hearth 的 webhook 配置可用"}
}

type eventHead struct {
	ID        uuid.UUID `json:"id"`
	Event     string    `json:"event"`
	District  string    `json:"district"`
	CreatedAt time.Time `json:"created_at"`
	DaysLeft  int       `json:"days_left"`
	Text      string    `json:"text,omitempty"`
}

// MarshalJSON writes the head, then the record under its subject's name.
func (e Event) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(eventHead{e.ID, e.Event, e.District, e.CreatedAt, e.DaysLeft, e.Text})
	if err != nil || e.Subject == "" || len(e.Record) == 0 {
		return b, err
	}
	key, err := json.Marshal(e.Subject)
	if err != nil {
		return nil, err
	}
	out := append(b[:len(b)-1:len(b)-1], ',')
	out = append(append(append(out, key...), ':'), e.Record...)
	return append(out, '}'), nil
}

// UnmarshalJSON reads a body MarshalJSON wrote: a member other than the
// head's is the record.
func (e *Event) UnmarshalJSON(b []byte) error {
	var h eventHead
	if err := json.Unmarshal(b, &h); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	*e = Event{ID: h.ID, Event: h.Event, District: h.District, CreatedAt: h.CreatedAt, DaysLeft: h.DaysLeft, Text: h.Text}
	for _, k := range slices.Sorted(maps.Keys(all)) {
		switch k {
		case "id", "event", "district", "created_at", "days_left", "text":
			continue
		}
		e.Subject, e.Record = k, all[k]
		break
	}
	return nil
}

// message is an event as a group-robot message: a ping's own, a reminder's
// from its source.
func message(ev Event) (Message, error) {
	if ev.Event == EventPing {
		return Message{Title: "Hearth 测试消息", Lines: []string{Plain(ev.Text)}}, nil
	}
	subject := ev.Subject
	if subject == "" {
		subject, _, _ = strings.Cut(ev.Event, ".")
	}
	src, ok := Lookup(subject)
	if !ok {
		return Message{}, fmt.Errorf("no reminder source for %q in this build", subject)
	}
	return src.Message(ev)
}

// plain keeps text a user typed from acting as markdown in a group robot's
// message (a link, a heading, a quote): its markup characters become their
// full-width forms, and line breaks spaces.
var plain = strings.NewReplacer("[", "［", "]", "］", "(", "（", ")", "）", "*", "＊", "_", "＿", "`", "｀",
	"#", "＃", ">", "＞", "<", "＜", "!", "！", "|", "｜", "~", "～", "\\", "＼", "\n", " ", "\r", " ")

// Plain is s made safe to put in a group robot's markdown.
func Plain(s string) string { return plain.Replace(s) }

package ledger

// The hazard's reminder source: how the deadline engine (package reminders)
// sees a hazard. Every later module writes one file like this one.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/reminders"
)

// ReminderSubject names hazards in the reminder engine: the subject of
// their reminders and inbox items, and the "hazard" member of a webhook
// body.
const ReminderSubject = "hazard"

// Notes of a hazard's reminders that are not sent.
const (
	noteVerified = "hazard verified"
	notePaused   = "rectification awaiting verification"
)

func init() { reminders.Register(hazardSource{}) }

// ReminderDue is a hazard as its service plans its reminders: created says
// it was inserted in this transaction (nothing to cancel). A verified
// hazard is closed: nothing more is sent.
func ReminderDue(h *ent.Hazard, created bool) reminders.Due {
	d := reminders.Due{Subject: ReminderSubject, ID: h.ID, TenantID: h.TenantID, CompanyID: h.CompanyID,
		StreetID: h.StreetID, Deadline: h.Deadline, New: created}
	if h.Status == enum.StatusVerified {
		d.Closed, d.Note = true, noteVerified
	}
	return d
}

// WebhookHazard is the "hazard" member of a reminder's webhook body. Its
// category, level and status are codes (a receiver's program reads them);
// people read the labels in the robot messages.
type WebhookHazard struct {
	ID       uuid.UUID `json:"id"`
	Code     string    `json:"code,omitempty"` // YH-2026-000123
	Address  string    `json:"address"`
	Company  string    `json:"company"`
	Street   string    `json:"street"`
	Category string    `json:"category"`
	Level    string    `json:"level"`
	Status   string    `json:"status"`
	Deadline string    `json:"deadline"`
}

// hazardSource is reminders.Source for hazards: the district's ladder (its
// reminder days at its hour, escalating at the deadline's end to the
// company, the street office and the bureau); a verified hazard is closed;
// one awaiting verification gets no more due-soon rungs but still
// escalates.
type hazardSource struct{}

func (hazardSource) Subject() string { return ReminderSubject }

func (hazardSource) Ladder(t *ent.Tenant) reminders.Ladder { return reminders.LadderOf(t) }

func (hazardSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplanned bool) ([]reminders.Due, error) {
	q := c.Hazard.Query().Where(hazard.TenantID(tenantID), openHazards())
	if unplanned {
		// By deadline: the partial index of open hazards.
		q.Where(predicate.Hazard(reminders.Unplanned(ReminderSubject)), hazard.Or(hazard.DeadlineGT(after.Deadline),
			hazard.And(hazard.Deadline(after.Deadline), hazard.IDGT(after.ID)))).
			Order(ent.Asc(hazard.FieldDeadline), ent.Asc(hazard.FieldID))
	} else {
		q.Where(hazard.IDGT(after.ID)).Order(ent.Asc(hazard.FieldID))
	}
	hs, err := q.Limit(limit).Select(hazard.FieldID, hazard.FieldTenantID, hazard.FieldCompanyID,
		hazard.FieldStreetID, hazard.FieldDeadline, hazard.FieldStatus).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(hs))
	for i, h := range hs {
		out[i] = ReminderDue(h, false)
	}
	return out, nil
}

// openHazards holds hazards not yet verified, with the statuses written
// into the SQL: PostgreSQL then reads the partial index of open hazards
// (ent/schema/ledger_hazard.go) instead of the whole ledger.
func openHazards() predicate.Hazard {
	return enumIn(hazard.FieldStatus, hazardStatuses, openStatuses)
}

func (hazardSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	hs, err := c.Hazard.Query().Where(hazard.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Subject, len(hs))
	for i, h := range hs {
		out[i] = reminders.Subject{Due: ReminderDue(h, false), Record: h}
		if h.Status == enum.StatusRectified {
			out[i].Paused = notePaused
		}
	}
	return out, nil
}

func (hazardSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	h := s.Record.(*ent.Hazard)
	w := WebhookHazard{ID: h.ID, Code: h.Code, Address: h.Address, Company: o.OrgName(h.CompanyID), Street: o.OrgName(h.StreetID),
		Category: string(h.Category), Level: string(h.Level), Status: string(h.Status), Deadline: h.Deadline}
	return reminders.Notice{Text: hazardText(o.Kind, w.Company, w.Address, w.Deadline, o.DaysLeft),
		Event: ReminderSubject + "." + string(o.Kind), Record: w}
}

func (hazardSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookHazard
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("hazard event: %w", err)
	}
	kind := enum.ReminderKind(strings.TrimPrefix(ev.Event, ReminderSubject+"."))
	title := "隐患整改提醒"
	if kind == enum.ReminderOverdue {
		title = "隐患逾期升级"
	}
	text := hazardText(kind, reminders.Plain(w.Company), reminders.Plain(w.Address), w.Deadline, ev.DaysLeft)
	if w.Code != "" {
		text = reminders.Plain(w.Code) + " " + text
	}
	return reminders.Message{Title: title, Lines: []string{text,
		fmt.Sprintf("街道：%s　类别：%s　等级：%s　状态：%s", reminders.Plain(w.Street),
			enum.HazardCategory(w.Category).Label(), enum.HazardLevel(w.Level).Label(),
			enum.HazardStatus(w.Status).Label())}}, nil
}

// hazardText is a hazard's reminder in words.
func hazardText(kind enum.ReminderKind, company, address, deadline string, daysLeft int) string {
	switch {
	case kind == enum.ReminderOverdue:
		return fmt.Sprintf("%s「%s」整改期限 %s 已过，尚未验收，已逾期", company, address, deadline)
	case daysLeft == 0:
		return fmt.Sprintf("%s「%s」今天（%s）到整改期限", company, address, deadline)
	}
	return fmt.Sprintf("%s「%s」距整改期限 %s 还有 %d 天", company, address, deadline, daysLeft)
}

package equipment

// The inspection's reminder source: how the deadline engine (package
// reminders) sees an InspectionClock. T-30 is TSG 08-2017's rule that the
// user apply to the inspection agency one month before the validity ends;
// T-7 and T-1 follow at the district's hour, to the company; the day after
// the due date the company is told it is overdue, and one working day later
// the site's street office and the bureau.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/reminders"
)

// ReminderSubject names inspection clocks in the reminder engine.
const ReminderSubject = "inspection"

func init() { reminders.Register(inspectionSource{}) }

// Ladder is an inspection's ladder in a district: 30, 7 and 1 days before
// at its reminder hour, to the company; at the due date's end to the
// company, one working day later to the street office and the bureau.
func Ladder(t *ent.Tenant) reminders.Ladder {
	return reminders.Ladder{DaysBefore: []int{30, 7, 1}, Hour: t.ReminderHour,
		Audience: []string{reminders.AudienceCompany},
		Escalation: []reminders.Escalation{
			{Audience: []string{reminders.AudienceCompany}},
			{WorkingDays: 1, Audience: []string{reminders.AudienceStreet, reminders.AudienceBureau}},
		}}
}

// WebhookInspection is the "inspection" member of a reminder's webhook
// body: codes for programs, names for people.
type WebhookInspection struct {
	ID          uuid.UUID `json:"id"`
	EquipmentID uuid.UUID `json:"equipment_id"`
	Equipment   string    `json:"equipment"`
	Kind        string    `json:"equipment_kind"`
	Site        string    `json:"site"`
	Company     string    `json:"company"`
	Street      string    `json:"street"`
	Type        string    `json:"type"`
	DueOn       string    `json:"due_on"`
}

type inspectionSource struct{}

func (inspectionSource) Subject() string { return ReminderSubject }

func (inspectionSource) Ladder(t *ent.Tenant) reminders.Ladder { return Ladder(t) }

// openClocks: a due date, on a unit neither sealed nor scrapped.
func openClocks() []func(*sql.Selector) {
	return []func(*sql.Selector){
		inspectionclock.DueOnNotNil(),
		inspectionclock.HasEquipmentWith(equipment.StatusNotIn(enum.EquipSealed, enum.EquipScrapped)),
	}
}

// unplanned holds clocks without a reminder for their current due date.
func unplanned(s *sql.Selector) {
	r := sql.Table(reminder.Table)
	s.Where(sql.Not(sql.Exists(sql.Select(r.C(reminder.FieldID)).From(r).Where(sql.And(
		sql.ColumnsEQ(r.C(reminder.FieldSubjectID), s.C(inspectionclock.FieldID)),
		sql.EQ(r.C(reminder.FieldSubject), ReminderSubject),
		sql.ColumnsEQ(r.C(reminder.FieldDeadline), s.C(inspectionclock.FieldDueOn)))))))
}

func (inspectionSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplannedOnly bool) ([]reminders.Due, error) {
	q := c.InspectionClock.Query().Where(inspectionclock.TenantID(tenantID), inspectionclock.IDGT(after.ID))
	for _, p := range openClocks() {
		q.Where(p)
	}
	if unplannedOnly {
		q.Where(unplanned)
	}
	cs, err := q.Order(ent.Asc(inspectionclock.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(cs))
	for i, k := range cs {
		out[i] = clockDue(k, false, false)
	}
	return out, nil
}

// subjectRecord is what Say reads: the clock, its unit and site.
type subjectRecord struct {
	clock *ent.InspectionClock
	eq    *ent.Equipment
	site  string
}

func (inspectionSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	cs, err := c.InspectionClock.Query().Where(inspectionclock.IDIn(ids...)).WithEquipment().All(ctx)
	if err != nil {
		return nil, err
	}
	var siteIDs []uuid.UUID
	for _, k := range cs {
		if k.Edges.Equipment != nil {
			siteIDs = append(siteIDs, k.Edges.Equipment.SiteID)
		}
	}
	sites, err := c.Site.Query().Where(site.IDIn(siteIDs...)).Select(site.FieldID, site.FieldName).All(ctx)
	if err != nil {
		return nil, err
	}
	names := map[uuid.UUID]string{}
	for _, s := range sites {
		names[s.ID] = s.Name
	}
	out := make([]reminders.Subject, 0, len(cs))
	for _, k := range cs {
		e := k.Edges.Equipment
		if e == nil {
			continue
		}
		out = append(out, reminders.Subject{Due: clockDue(k, closedStatus(e.Status), false),
			Record: subjectRecord{clock: k, eq: e, site: names[e.SiteID]}})
	}
	return out, nil
}

func (inspectionSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	r := s.Record.(subjectRecord)
	due := ""
	if r.clock.DueOn != nil {
		due = *r.clock.DueOn
	}
	w := WebhookInspection{ID: r.clock.ID, EquipmentID: r.eq.ID, Equipment: r.eq.Name, Kind: string(r.eq.Kind),
		Site: r.site, Company: o.OrgName(r.clock.CompanyID), Street: o.OrgName(r.clock.StreetID),
		Type: string(r.clock.Type), DueOn: due}
	return reminders.Notice{Text: inspectionText(o.Kind, w, o.DaysLeft), Event: ReminderSubject + "." + string(o.Kind), Record: w}
}

func (inspectionSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookInspection
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("inspection event: %w", err)
	}
	kind := enum.ReminderKind(strings.TrimPrefix(ev.Event, ReminderSubject+"."))
	title := "特种设备检验提醒"
	if kind == enum.ReminderOverdue {
		title = "特种设备检验超期"
	}
	p := w
	p.Company, p.Site, p.Equipment = reminders.Plain(w.Company), reminders.Plain(w.Site), reminders.Plain(w.Equipment)
	return reminders.Message{Title: title, Lines: []string{inspectionText(kind, p, ev.DaysLeft),
		fmt.Sprintf("单位：%s　街道：%s", p.Company, reminders.Plain(w.Street))}}, nil
}

// inspectionText is an inspection's reminder in words.
func inspectionText(kind enum.ReminderKind, w WebhookInspection, daysLeft int) string {
	what := fmt.Sprintf("%s「%s」%s（%s）的%s", w.Company, w.Site, w.Equipment,
		enum.EquipmentKind(w.Kind).Label(), enum.InspectionType(w.Type).Label())
	switch {
	case kind == enum.ReminderOverdue:
		return fmt.Sprintf("%s已于 %s 到期，尚无新的检验记录，已超期", what, w.DueOn)
	case daysLeft == 0:
		return fmt.Sprintf("%s今天（%s）到期", what, w.DueOn)
	case daysLeft >= 30:
		return fmt.Sprintf("%s将于 %s 到期，还有 %d 天；请于有效期届满前1个月向检验机构申请定期检验（TSG 08-2017）", what, w.DueOn, daysLeft)
	}
	return fmt.Sprintf("%s将于 %s 到期，还有 %d 天", what, w.DueOn, daysLeft)
}

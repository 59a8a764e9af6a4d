package alarms

// The campaigns' reminder sources (package reminders):
//
//   - alarm_pace: a campaign behind its milestone (pace behind or at_risk)
//     tells each gas company and street office concerned (those its targets
//     name), on the first working day of each month, at the district's hour,
//     their own rate against the share expected on that day. One record per
//     campaign × organisation; its deadline is the month's first working
//     day, moved on by the nightly pass. An organisation on track that day
//     is not told (its rung is cancelled, "on track").
//   - alarm_replace: devices due for replacement, COMBINED: one record per
//     gas company × replacement date, reminded 90 and 30 days before to the
//     company, listing how many devices and the first few premises — never
//     one reminder per device. The records exist for dates within
//     ReplaceHorizon days (the nightly pass plans them as they come in).
//
// Neither has a table of its own: a record's id is derived from what it is
// (uuid v5 of campaign × organisation, company × date), and Load reads what
// an id stands for back from the reminders laid for it.

import (
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/calendar"
)

// Subjects of the campaigns' reminders.
const (
	PaceSubject    = "alarm_pace"
	ReplaceSubject = "alarm_replace"
)

// ReplaceRungs are the days before a replacement date the company is told.
var ReplaceRungs = []int{90, 30}

// ReplaceHorizon is how far ahead (days) replacement dates have a reminder
// record [D]: past the first rung (90), with a month to spare for a night
// the pass did not run.
const ReplaceHorizon = 120

// ReplaceListed is how many premises a replacement reminder names.
const ReplaceListed = 5

// Notes of the campaigns' reminders that are not sent.
const (
	NoteOnTrack     = "alarm campaign on track"
	NoteNotActive   = "alarm campaign not active"
	NoteNoneDue     = "no device due for replacement on that date"
	notePastCampign = "alarm campaign past its due date"
)

func init() {
	reminders.Register(paceSource{})
	reminders.Register(replaceSource{})
}

var (
	workdaysMu sync.RWMutex
	workdays   reminders.Workdays = calendar.Embedded()
)

// UseCalendar sets the working-day calendar the pace reminders find the
// first working day of a month with: the process's (cmd/hearth sets
// *calendar.Calendar, with the years an operator loaded); the embedded one
// until then.
func UseCalendar(w reminders.Workdays) {
	workdaysMu.Lock()
	defer workdaysMu.Unlock()
	workdays = w
}

func currentWorkdays() reminders.Workdays {
	workdaysMu.RLock()
	defer workdaysMu.RUnlock()
	return workdays
}

// FirstWorkday is the first working day of the month of date (YYYY-MM-DD).
func FirstWorkday(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	first := time.Date(d.Year(), d.Month(), 1, 12, 0, 0, 0, time.UTC)
	w := currentWorkdays()
	for !w.IsWorkday(first) {
		first = first.AddDate(0, 0, 1)
	}
	return first.Format(time.DateOnly)
}

// NextPaceDay is the day the monthly pace reminder next goes out from
// today: this month's first working day if it is not past, else next
// month's.
func NextPaceDay(today string) string {
	fw := FirstWorkday(today)
	if today <= fw {
		return fw
	}
	d, _ := time.Parse(time.DateOnly, today)
	return FirstWorkday(time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

// derivedID is the id of a record without a table: uuid v5 of its parts.
func derivedID(subject string, parts ...string) uuid.UUID {
	return uuid.NewHash(sha1.New(), uuid.NameSpaceOID, []byte(subject+"|"+strings.Join(parts, "|")), 5)
}

// PaceID is the pace record of a campaign for an organisation.
func PaceID(campaign, org uuid.UUID) uuid.UUID {
	return derivedID(PaceSubject, campaign.String(), org.String())
}

// ReplaceID is the replacement record of a company's devices due on date.
func ReplaceID(company uuid.UUID, date string) uuid.UUID {
	return derivedID(ReplaceSubject, company.String(), date)
}

// districtToday is the date in a district now.
func districtToday(ctx context.Context, c *ent.Client, tenantID uuid.UUID, now time.Time) (string, error) {
	t, err := c.Tenant.Get(policy.System(ctx), tenantID)
	if err != nil {
		return "", err
	}
	return calendar.Today(calendar.Location(t.Timezone), now), nil
}

// laid is what the reminders laid for derived ids say about them: the
// district, the organisation told (company_id) and the latest deadline.
type laid struct {
	tenant, org uuid.UUID
	deadline    string
}

func laidFor(ctx context.Context, c *ent.Client, subject string, ids []uuid.UUID) (map[uuid.UUID]laid, error) {
	rs, err := c.Reminder.Query().Where(reminder.Subject(subject), reminder.SubjectIDIn(ids...)).
		Select(reminder.FieldSubjectID, reminder.FieldTenantID, reminder.FieldCompanyID, reminder.FieldDeadline).
		All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID]laid{}
	for _, r := range rs {
		if cur, ok := out[r.SubjectID]; !ok || r.Deadline > cur.deadline {
			out[r.SubjectID] = laid{tenant: r.TenantID, org: r.CompanyID, deadline: r.Deadline}
		}
	}
	return out, nil
}

// unplannedOf keeps the dues that have no reminder for their deadline.
func unplannedOf(ctx context.Context, c *ent.Client, subject string, ds []reminders.Due) ([]reminders.Due, error) {
	if len(ds) == 0 {
		return ds, nil
	}
	ids := make([]uuid.UUID, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	have := map[[2]string]bool{}
	for part := range slices.Chunk(ids, 1000) {
		rs, err := c.Reminder.Query().Where(reminder.Subject(subject), reminder.SubjectIDIn(part...)).
			Select(reminder.FieldSubjectID, reminder.FieldDeadline).All(policy.System(ctx))
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			have[[2]string{r.SubjectID.String(), r.Deadline}] = true
		}
	}
	return slices.DeleteFunc(ds, func(d reminders.Due) bool { return have[[2]string{d.ID.String(), d.Deadline}] }), nil
}

// page sorts dues by id and keeps at most limit after the cursor.
func page(ds []reminders.Due, after uuid.UUID, limit int) []reminders.Due {
	slices.SortFunc(ds, func(a, b reminders.Due) int { return compareUUID(a.ID, b.ID) })
	ds = slices.DeleteFunc(ds, func(d reminders.Due) bool { return compareUUID(d.ID, after) <= 0 })
	if len(ds) > limit {
		ds = ds[:limit]
	}
	return ds
}

// parseOr is a scanned id, uuid.Nil when it is none.
func parseOr(s string) uuid.UUID {
	id, _ := uuid.Parse(s)
	return id
}

// ---- pace ----

// paceOrg is an organisation a campaign's targets name.
type paceOrg struct {
	id     uuid.UUID
	street bool
}

// paceOrgs are the companies and streets a campaign's targets name.
func paceOrgs(ctx context.Context, c *ent.Client, campaign uuid.UUID) ([]paceOrg, error) {
	var rows []struct {
		CompanyID string `json:"company_id"`
		StreetID  string `json:"street_id"`
	}
	if err := c.AlarmTarget.Query().Where(alarmtarget.CampaignID(campaign)).
		GroupBy(alarmtarget.FieldCompanyID, alarmtarget.FieldStreetID).Scan(policy.System(ctx), &rows); err != nil {
		return nil, err
	}
	var out []paceOrg
	seen := map[uuid.UUID]bool{}
	for _, r := range rows {
		for _, o := range []paceOrg{{parseOr(r.CompanyID), false}, {parseOr(r.StreetID), true}} {
			if o.id != uuid.Nil && !seen[o.id] {
				seen[o.id] = true
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// paceLive tells whether a campaign reminds of its pace on day.
func paceLive(c *ent.AlarmCampaign, day string) (bool, string) {
	switch {
	case c.Status != enum.CampaignActive:
		return false, NoteNotActive
	case day > c.DueOn:
		return false, notePastCampign
	}
	return true, ""
}

// PaceDues are the pace records of a campaign on today: one per company and
// street its targets name, due the next first working day of a month.
func PaceDues(ctx context.Context, c *ent.Client, camp *ent.AlarmCampaign, today string) ([]reminders.Due, error) {
	orgs, err := paceOrgs(ctx, c, camp.ID)
	if err != nil {
		return nil, err
	}
	day := NextPaceDay(max(today, camp.StartOn))
	live, note := paceLive(camp, day)
	out := make([]reminders.Due, 0, len(orgs))
	for _, o := range orgs {
		d := reminders.Due{Subject: PaceSubject, ID: PaceID(camp.ID, o.id), TenantID: camp.TenantID,
			CompanyID: o.id, StreetID: o.id, Deadline: AddDays(day, 1)}
		if !live {
			d.Closed, d.Note = true, note
		}
		out = append(out, d)
	}
	return out, nil
}

type paceSource struct{}

func (paceSource) Subject() string { return PaceSubject }

// Ladder: one day before the record's deadline, which is the day after the
// month's first working day (a ladder lays no rung on the deadline's own
// day), so on that first working day at the district's hour; to the
// organisation (company or street: both ids are it); nothing after.
func (paceSource) Ladder(t *ent.Tenant) reminders.Ladder {
	return reminders.Ladder{DaysBefore: []int{1}, Hour: t.ReminderHour,
		Audience: []string{reminders.AudienceCompany, reminders.AudienceStreet}, Escalation: []reminders.Escalation{}}
}

func (paceSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplannedOnly bool) ([]reminders.Due, error) {
	today, err := districtToday(ctx, c, tenantID, time.Now())
	if err != nil {
		return nil, err
	}
	cs, err := c.AlarmCampaign.Query().Where(alarmcampaign.TenantID(tenantID), alarmcampaign.StatusEQ(enum.CampaignActive),
		alarmcampaign.DueOnGTE(today)).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	var ds []reminders.Due
	for _, camp := range cs {
		d, err := PaceDues(ctx, c, camp, today)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d...)
	}
	ds = slices.DeleteFunc(ds, func(d reminders.Due) bool { return d.Closed })
	if unplannedOnly {
		if ds, err = unplannedOf(ctx, c, PaceSubject, ds); err != nil {
			return nil, err
		}
	}
	return page(ds, after.ID, limit), nil
}

// PaceRecord is what a pace reminder says: the organisation's own rate on
// the day against the expected share.
type PaceRecord struct {
	CampaignID uuid.UUID `json:"campaign_id"`
	Campaign   string    `json:"campaign"`
	Org        string    `json:"org"`
	OrgKind    string    `json:"org_kind"`
	Day        string    `json:"day"`
	Expected   float64   `json:"expected"`
	Installed  int       `json:"installed"`
	Target     int       `json:"target"`
	Rate       *float64  `json:"rate"`
	Pace       string    `json:"pace"`
}

// Load reads each pace record back: its campaign (the one whose derived id
// it is), the organisation and the day from its reminders; the rate on
// that day of the organisation's own rows. On track, or the campaign no
// longer active, it is closed.
func (paceSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	ls, err := laidFor(ctx, c, PaceSubject, ids)
	if err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	camps := map[uuid.UUID][]*ent.AlarmCampaign{}
	var out []reminders.Subject
	for _, id := range ids {
		l, ok := ls[id]
		if !ok {
			continue
		}
		cs, ok := camps[l.tenant]
		if !ok {
			if cs, err = c.AlarmCampaign.Query().Where(alarmcampaign.TenantID(l.tenant)).All(sys); err != nil {
				return nil, err
			}
			camps[l.tenant] = cs
		}
		i := slices.IndexFunc(cs, func(camp *ent.AlarmCampaign) bool { return PaceID(camp.ID, l.org) == id })
		if i < 0 {
			continue // the campaign is gone
		}
		camp := cs[i]
		d := reminders.Due{Subject: PaceSubject, ID: id, TenantID: l.tenant, CompanyID: l.org, StreetID: l.org, Deadline: l.deadline}
		day := AddDays(l.deadline, -1) // the first working day the rung goes out on
		if live, note := paceLive(camp, day); !live {
			d.Closed, d.Note = true, note
			out = append(out, reminders.Subject{Due: d})
			continue
		}
		rec, err := paceOf(sys, c, camp, l.org, day)
		if err != nil {
			return nil, err
		}
		if rec == nil || enum.Pace(rec.Pace) == enum.PaceOnTrack {
			d.Closed, d.Note = true, NoteOnTrack
		}
		out = append(out, reminders.Subject{Due: d, Record: rec})
	}
	return out, nil
}

// paceOf is an organisation's row of a campaign's rate table on day
// (grouped by street for a street office, by company for a company); nil
// when it has none.
func paceOf(ctx context.Context, c *ent.Client, camp *ent.AlarmCampaign, orgID uuid.UUID, day string) (*PaceRecord, error) {
	o, err := c.Org.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	groupBy := "company"
	if o.Kind == enum.OrgStreet {
		groupBy = "street"
	}
	svc := New(c, nil, nil, nil)
	svc.inTx = true // the reminder engine loads its subjects in a transaction
	t, err := svc.rates(ctx, camp, groupBy, day)
	if err != nil {
		return nil, err
	}
	for _, r := range t.Rows {
		id := r.CompanyID
		if groupBy == "street" {
			id = r.StreetID
		}
		if id == nil || *id != orgID {
			continue
		}
		return &PaceRecord{CampaignID: camp.ID, Campaign: camp.Name, Org: o.Name, OrgKind: string(o.Kind), Day: day,
			Expected: t.Expected, Installed: r.Rates.Installed.Numerator, Target: r.Rates.Installed.Denominator,
			Rate: r.Rates.Installed.Rate, Pace: r.Pace}, nil
	}
	return nil, nil
}

func (paceSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	rec, _ := s.Record.(*PaceRecord)
	if rec == nil {
		rec = &PaceRecord{Org: o.OrgName(s.CompanyID), Day: AddDays(s.Deadline, -1)}
	}
	return reminders.Notice{Text: paceText(*rec), Event: PaceSubject + "." + string(o.Kind), Record: rec}
}

func (paceSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w PaceRecord
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("alarm pace event: %w", err)
	}
	w.Org, w.Campaign = reminders.Plain(w.Org), reminders.Plain(w.Campaign)
	return reminders.Message{Title: "燃气报警器安装进度提醒", Lines: []string{paceText(w)}}, nil
}

// paceText is a pace reminder in words.
func paceText(w PaceRecord) string {
	rate := "—"
	if w.Rate != nil {
		rate = fmt.Sprintf("%.1f%%", *w.Rate)
	}
	return fmt.Sprintf("「%s」截至 %s，%s 安装率 %s（已装 %d / 应装 %d），按进度应达 %.1f%%，进度%s，请加快入户安装",
		w.Campaign, w.Day, w.Org, rate, w.Installed, w.Target, w.Expected, enum.Pace(w.Pace).Label())
}

// ---- replacement ----

// replaceGroup is a company's devices due for replacement on one date.
type replaceGroup struct {
	CompanyID string `json:"company_id"`
	On        string `json:"device_replace_on"`
	N         int    `json:"n"`
}

// ReplaceDues are a district's replacement records for dates from the
// last rung (30 days ahead: a nearer date has no rung left to lay) through
// ReplaceHorizon days ahead: one per company × date.
func ReplaceDues(ctx context.Context, c *ent.Client, tenantID uuid.UUID, today string) ([]reminders.Due, error) {
	var gs []replaceGroup
	err := c.Premise.Query().Where(premise.TenantID(tenantID), premise.StatusNEQ(enum.PremiseVacant),
		premise.DeviceStatusIn(WorkingStatuses...), premise.DeviceReplaceOnGTE(AddDays(today, slices.Min(ReplaceRungs))),
		premise.DeviceReplaceOnLTE(AddDays(today, ReplaceHorizon))).
		GroupBy(premise.FieldCompanyID, premise.FieldDeviceReplaceOn).Aggregate(ent.As(ent.Count(), "n")).
		Scan(policy.System(ctx), &gs)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(gs))
	for i, g := range gs {
		co := parseOr(g.CompanyID)
		out[i] = reminders.Due{Subject: ReplaceSubject, ID: ReplaceID(co, g.On), TenantID: tenantID,
			CompanyID: co, StreetID: co, Deadline: g.On}
	}
	return out, nil
}

type replaceSource struct{}

func (replaceSource) Subject() string { return ReplaceSubject }

// Ladder: 90 and 30 days before the replacement date at the district's
// hour, to the company; nothing after (an expired restaurant's alarm is a
// hazard, opened by the nightly pass).
func (replaceSource) Ladder(t *ent.Tenant) reminders.Ladder {
	return reminders.Ladder{DaysBefore: ReplaceRungs, Hour: t.ReminderHour,
		Audience: []string{reminders.AudienceCompany}, Escalation: []reminders.Escalation{}}
}

func (replaceSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplannedOnly bool) ([]reminders.Due, error) {
	today, err := districtToday(ctx, c, tenantID, time.Now())
	if err != nil {
		return nil, err
	}
	ds, err := ReplaceDues(ctx, c, tenantID, today)
	if err != nil {
		return nil, err
	}
	if unplannedOnly {
		if ds, err = unplannedOf(ctx, c, ReplaceSubject, ds); err != nil {
			return nil, err
		}
	}
	return page(ds, after.ID, limit), nil
}

// ReplaceRecord is what a replacement reminder says: how many of the
// company's devices are due on the date, and the first few premises.
type ReplaceRecord struct {
	Company  string   `json:"company"`
	On       string   `json:"replace_on"`
	Count    int      `json:"count"`
	Premises []string `json:"premises"`
}

// Load reads each replacement record back (company and date from its
// reminders) and counts the company's working devices due that day now;
// none left (replaced, removed) closes it.
func (replaceSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	ls, err := laidFor(ctx, c, ReplaceSubject, ids)
	if err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	var out []reminders.Subject
	for _, id := range ids {
		l, ok := ls[id]
		if !ok || ReplaceID(l.org, l.deadline) != id {
			continue
		}
		d := reminders.Due{Subject: ReplaceSubject, ID: id, TenantID: l.tenant, CompanyID: l.org, StreetID: l.org, Deadline: l.deadline}
		q := c.Premise.Query().Where(premise.TenantID(l.tenant), premise.CompanyID(l.org), premise.StatusNEQ(enum.PremiseVacant),
			premise.DeviceStatusIn(WorkingStatuses...), premise.DeviceReplaceOn(l.deadline))
		n, err := q.Clone().Count(sys)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			d.Closed, d.Note = true, NoteNoneDue
			out = append(out, reminders.Subject{Due: d})
			continue
		}
		ps, err := q.Order(ent.Asc(premise.FieldAddress), ent.Asc(premise.FieldID)).Limit(ReplaceListed).
			Select(premise.FieldAddress, premise.FieldShopName).All(sys)
		if err != nil {
			return nil, err
		}
		rec := &ReplaceRecord{On: l.deadline, Count: n}
		for _, p := range ps {
			name := p.Address
			if p.ShopName != "" {
				name += "（" + p.ShopName + "）"
			}
			rec.Premises = append(rec.Premises, name)
		}
		out = append(out, reminders.Subject{Due: d, Record: rec})
	}
	return out, nil
}

func (replaceSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	rec := *s.Record.(*ReplaceRecord)
	rec.Company = o.OrgName(s.CompanyID)
	return reminders.Notice{Text: replaceText(rec, o.DaysLeft), Event: ReplaceSubject + "." + string(o.Kind), Record: rec}
}

func (replaceSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w ReplaceRecord
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("alarm replacement event: %w", err)
	}
	w.Company = reminders.Plain(w.Company)
	for i := range w.Premises {
		w.Premises[i] = reminders.Plain(w.Premises[i])
	}
	return reminders.Message{Title: "燃气报警器到期更换提醒", Lines: []string{replaceText(w, ev.DaysLeft)}}, nil
}

// replaceText is a replacement reminder in words.
func replaceText(w ReplaceRecord, daysLeft int) string {
	more := ""
	if w.Count > len(w.Premises) {
		more = "等"
	}
	return fmt.Sprintf("%s 有 %d 台燃气报警器将于 %s 到达更换期限（还有 %d 天，CJJ/T 146：居民 5 年、工商业 3 年），请安排更换：%s%s",
		w.Company, w.Count, w.On, daysLeft, strings.Join(w.Premises, "、"), more)
}

// Tenants are the enabled districts, for the nightly pass.
func enabledTenants(ctx context.Context, c *ent.Client) ([]*ent.Tenant, error) {
	return c.Tenant.Query().Where(tenant.Disabled(false)).All(policy.System(ctx))
}

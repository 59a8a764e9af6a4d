package readiness

// The readiness reminder sources: a plan's items (T-14, T-3, T-1 to the
// company, then the bureau one working day after the due date) and a
// season's summary days (the bureau hears which companies are not ready
// and why, counted when the rung goes out).

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/calendar"
)

// Subjects of the readiness reminders.
const (
	ItemSubject   = "readiness_item"
	SeasonSubject = "readiness_season"
)

func init() {
	reminders.Register(itemSource{})
	reminders.Register(seasonSource{})
}

// ItemDue is an item as its service plans its reminders: a finished item
// (done, verified, waived) is closed.
func ItemDue(it *ent.ReadinessItem, created bool) reminders.Due {
	d := reminders.Due{Subject: ItemSubject, ID: it.ID, TenantID: it.TenantID, CompanyID: it.CompanyID,
		StreetID: it.StreetID, Deadline: it.DueOn, New: created}
	if Closed(it.Status) {
		d.Closed, d.Note = true, "readiness item "+string(it.Status)
	}
	return d
}

// unplanned holds the rows of table whose current due date (column due)
// has no reminder of subject: reminders.Unplanned for tables whose
// deadline column is not named deadline.
func unplanned(subject, due string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		r := sql.Table(reminder.Table)
		s.Where(sql.Not(sql.Exists(sql.Select(r.C(reminder.FieldID)).From(r).Where(sql.And(
			sql.ColumnsEQ(r.C(reminder.FieldSubjectID), s.C("id")),
			sql.EQ(r.C(reminder.FieldSubject), subject),
			sql.ColumnsEQ(r.C(reminder.FieldDeadline), s.C(due)))))))
	}
}

// WebhookItem is the "readiness_item" member of a reminder's webhook body.
type WebhookItem struct {
	ID       uuid.UUID `json:"id"`
	PlanID   uuid.UUID `json:"plan_id"`
	Title    string    `json:"title"`
	Company  string    `json:"company"`
	Street   string    `json:"street"`
	Category string    `json:"category"`
	Status   string    `json:"status"`
	DueOn    string    `json:"due_on"`
}

type itemSource struct{}

func (itemSource) Subject() string { return ItemSubject }

// Ladder: 14, 3 and 1 days before at the district's hour to the company;
// the bureau at the end of the first working day after the due date.
func (itemSource) Ladder(t *ent.Tenant) reminders.Ladder {
	return reminders.Ladder{DaysBefore: []int{14, 3, 1}, Hour: t.ReminderHour,
		Audience:   []string{reminders.AudienceCompany},
		Escalation: []reminders.Escalation{{WorkingDays: 1, Audience: []string{reminders.AudienceBureau}}}}
}

func (itemSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplannedOnly bool) ([]reminders.Due, error) {
	q := c.ReadinessItem.Query().Where(readinessitem.TenantID(tenantID), readinessitem.StatusIn(openStatuses...))
	if unplannedOnly {
		q.Where(predicate.ReadinessItem(unplanned(ItemSubject, readinessitem.FieldDueOn)), readinessitem.Or(
			readinessitem.DueOnGT(after.Deadline), readinessitem.And(readinessitem.DueOn(after.Deadline), readinessitem.IDGT(after.ID)))).
			Order(ent.Asc(readinessitem.FieldDueOn), ent.Asc(readinessitem.FieldID))
	} else {
		q.Where(readinessitem.IDGT(after.ID)).Order(ent.Asc(readinessitem.FieldID))
	}
	its, err := q.Limit(limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(its))
	for i, it := range its {
		out[i] = ItemDue(it, false)
	}
	return out, nil
}

func (itemSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	its, err := c.ReadinessItem.Query().Where(readinessitem.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Subject, len(its))
	for i, it := range its {
		out[i] = reminders.Subject{Due: ItemDue(it, false), Record: it}
	}
	return out, nil
}

func (itemSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	it := s.Record.(*ent.ReadinessItem)
	w := WebhookItem{ID: it.ID, PlanID: it.PlanID, Title: it.Title, Company: o.OrgName(it.CompanyID), Street: o.OrgName(it.StreetID),
		Category: string(it.Category), Status: string(it.Status), DueOn: it.DueOn}
	return reminders.Notice{Text: itemText(o.Kind, w.Company, w.Title, w.DueOn, o.DaysLeft),
		Event: ItemSubject + "." + string(o.Kind), Record: w}
}

func (itemSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookItem
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("readiness item event: %w", err)
	}
	kind := enum.ReminderKind(strings.TrimPrefix(ev.Event, ItemSubject+"."))
	title := "冬病夏治任务提醒"
	if kind == enum.ReminderOverdue {
		title = "冬病夏治任务逾期"
	}
	return reminders.Message{Title: title, Lines: []string{
		itemText(kind, reminders.Plain(w.Company), reminders.Plain(w.Title), w.DueOn, ev.DaysLeft),
		fmt.Sprintf("类别：%s　状态：%s", enum.ItemCategory(w.Category).Label(), enum.ItemStatus(w.Status).Label())}}, nil
}

// itemText is an item's reminder in words.
func itemText(kind enum.ReminderKind, company, title, due string, daysLeft int) string {
	switch {
	case kind == enum.ReminderOverdue:
		return fmt.Sprintf("%s 冬病夏治任务「%s」完成期限 %s 已过，尚未完成", company, title, due)
	case daysLeft == 0:
		return fmt.Sprintf("%s 冬病夏治任务「%s」今天（%s）到完成期限", company, title, due)
	}
	return fmt.Sprintf("%s 冬病夏治任务「%s」距完成期限 %s 还有 %d 天", company, title, due, daysLeft)
}

// SeasonDue is a season as its reminders are planned: its summary days
// before the readiness deadline, told to the bureau (where the season's
// reminders lie: company and street are the bureau's org). A season that
// is heating or closed is past its summaries.
func SeasonDue(se *ent.Season, bureau uuid.UUID, created bool) reminders.Due {
	d := reminders.Due{Subject: SeasonSubject, ID: se.ID, TenantID: se.TenantID, CompanyID: bureau, StreetID: bureau,
		Deadline: se.ReadinessDeadline, New: created, DaysBefore: SummaryDaysBefore(DatesOf(se))}
	if d.DaysBefore == nil {
		d.DaysBefore = []int{}
	}
	if se.Status == enum.SeasonHeating || se.Status == enum.SeasonClosed {
		d.Closed, d.Note = true, "season "+string(se.Status)
	}
	return d
}

// WebhookSeason is the "readiness_season" member of a summary's webhook
// body: the companies not ready, each with its blockers by kind.
type WebhookSeason struct {
	ID       uuid.UUID     `json:"id"`
	Code     string        `json:"code"`
	Deadline string        `json:"readiness_deadline"`
	NotReady []NotReadyRow `json:"not_ready"`
	Of       int           `json:"companies"`
}

// NotReadyRow is a company not ready, by blocker.
type NotReadyRow struct {
	Company  string         `json:"company"`
	Status   string         `json:"status"`
	Blockers map[string]int `json:"blockers"`
}

// seasonRecord is a season with its board, counted when its rung goes out.
type seasonRecord struct {
	season *ent.Season
	board  *Board
}

type seasonSource struct{}

func (seasonSource) Subject() string { return SeasonSubject }

// Ladder: the summary days come with each season (Due.DaysBefore), at the
// district's hour, to the bureau; nothing after the deadline.
func (seasonSource) Ladder(t *ent.Tenant) reminders.Ladder {
	return reminders.Ladder{Hour: t.ReminderHour, Audience: []string{reminders.AudienceBureau},
		Escalation: []reminders.Escalation{}}
}

// bureauOf is a district's bureau, read under the engine's System.
func bureauOf(ctx context.Context, c *ent.Client, tenantID uuid.UUID) uuid.UUID {
	id, _ := c.Org.Query().Where(orgBureau(tenantID)...).FirstID(ctx)
	return id
}

func (seasonSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int,
	unplannedOnly bool) ([]reminders.Due, error) {
	q := c.Season.Query().Where(season.TenantID(tenantID), season.StatusNotIn(enum.SeasonHeating, enum.SeasonClosed),
		season.IDGT(after.ID))
	if unplannedOnly {
		q.Where(predicate.Season(unplanned(SeasonSubject, season.FieldReadinessDeadline)))
	}
	ss, err := q.Order(ent.Asc(season.FieldID)).Limit(limit).All(ctx)
	if err != nil || len(ss) == 0 {
		return nil, err
	}
	bureau := bureauOf(ctx, c, tenantID)
	out := make([]reminders.Due, len(ss))
	for i, se := range ss {
		out[i] = SeasonDue(se, bureau, false)
	}
	return out, nil
}

func (seasonSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	ss, err := c.Season.Query().Where(season.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Subject, len(ss))
	for i, se := range ss {
		t, err := c.Tenant.Get(ctx, se.TenantID)
		if err != nil {
			return nil, err
		}
		b, err := board(ctx, c, se, "company", todayIn(t))
		if err != nil {
			return nil, err
		}
		out[i] = reminders.Subject{Due: SeasonDue(se, bureauOf(ctx, c, se.TenantID), false), Record: seasonRecord{se, b}}
	}
	return out, nil
}

// NotReady are the companies of a board that have not declared or been
// accepted, with their blockers.
func NotReady(b *Board) []NotReadyRow {
	var out []NotReadyRow
	for _, r := range b.Rows {
		switch enum.PlanStatus(r.Status) {
		case enum.PlanDeclared, enum.PlanAccepted, enum.PlanConditional:
			continue
		}
		out = append(out, NotReadyRow{Company: r.Name, Status: r.Status, Blockers: r.Blockers})
	}
	return out
}

func (seasonSource) Say(s reminders.Subject, o reminders.Occasion) reminders.Notice {
	rec := s.Record.(seasonRecord)
	w := WebhookSeason{ID: rec.season.ID, Code: rec.season.Code, Deadline: rec.season.ReadinessDeadline,
		NotReady: NotReady(rec.board), Of: len(rec.board.Rows)}
	return reminders.Notice{Text: seasonText(w, o.DaysLeft), Event: SeasonSubject + "." + string(o.Kind), Record: w}
}

func (seasonSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookSeason
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("readiness season event: %w", err)
	}
	for i := range w.NotReady {
		w.NotReady[i].Company = reminders.Plain(w.NotReady[i].Company)
	}
	return reminders.Message{Title: "供热准备情况汇总", Lines: []string{seasonText(w, ev.DaysLeft)}}, nil
}

// blockerWords name the blockers in a summary.
var blockerWords = map[string]string{BlockItemOpen: "未完成任务", BlockDefective: "设备带病",
	BlockInspection: "检验不满足", BlockMajorHazard: "重大隐患未销号"}

// seasonText is a summary in words: how many companies are not ready, and
// each with its blockers.
func seasonText(w WebhookSeason, daysLeft int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 采暖季供热准备：距完成期限 %s 还有 %d 天，%d 家供热企业中 %d 家尚未具备供热条件",
		w.Code, w.Deadline, daysLeft, w.Of, len(w.NotReady))
	for i, r := range w.NotReady {
		if i == 0 {
			b.WriteString("：")
		} else {
			b.WriteString("；")
		}
		b.WriteString(r.Company)
		var parts []string
		for _, code := range BlockerCodes {
			if n := r.Blockers[code]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", blockerWords[code], n))
			}
		}
		switch {
		case r.Status == "":
			parts = append([]string{"未建立任务清单"}, parts...)
		case enum.PlanStatus(r.Status) == enum.PlanRejected:
			parts = append([]string{"验收不通过"}, parts...)
		}
		if len(parts) > 0 {
			b.WriteString("（" + strings.Join(parts, "、") + "）")
		}
	}
	return b.String()
}

// orgBureau holds a district's enabled bureau.
func orgBureau(tenantID uuid.UUID) []predicate.Org {
	return []predicate.Org{org.TenantID(tenantID), org.KindEQ(enum.OrgBureau), org.Disabled(false)}
}

// todayIn is the date in a district now. A summary's blockers do not
// depend on it (only its overdue counts do, which it does not say).
func todayIn(t *ent.Tenant) string {
	return calendar.Today(calendar.Location(t.Timezone), time.Now())
}

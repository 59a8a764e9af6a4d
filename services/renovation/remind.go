package renovation

// The renovation's reminder sources (programmes §2.5 B2):
//   - renovation_project: the planned end, T-30, T-7 and T-1 to the
//     company; at the end, not built, to the company and the bureau;
//   - renovation_report: the monthly progress report, due on the 25th
//     (ReportDueOn), 3 days before and on the day after to the company,
//     while the project is in construction;
//   - renovation_silence: a project in construction without a report for
//     30 days (SilentFrom) → the bureau;
//   - renovation_supervised and occupation_point_supervised: a supervised
//     (挂牌督办) project or point, weekly to the bureau until it is closed
//     (day rungs every 7 days before WeeklyAnchor);
//   - occupation_point_review: a deferred point at its review date → the
//     bureau, at the district's hour on that day.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/reminders"
)

// Subjects of the renovation reminders.
const (
	ProjectEndSubject        = "renovation_project"
	ReportDueSubject         = "renovation_report"
	SilenceSubject           = "renovation_silence"
	ProjectSupervisedSubject = "renovation_supervised"
	PointReviewSubject       = "occupation_point_review"
	PointSupervisedSubject   = "occupation_point_supervised"
)

func init() {
	for _, s := range projectSources {
		reminders.Register(s)
	}
	for _, s := range pointSources {
		reminders.Register(s)
	}
}

// started is the day a project's reports count from: its actual start,
// else its planned start.
func started(p *ent.RenovationProject) string {
	if p.ActualStart != nil {
		return *p.ActualStart
	}
	return p.PlannedStart
}

func lastReport(p *ent.RenovationProject) string {
	if p.LastReportOn != nil {
		return *p.LastReportOn
	}
	return ""
}

// yearOfNo is the year in a record number (GW-2026-001).
func yearOfNo(no string) int {
	parts := strings.Split(no, "-")
	if len(parts) < 2 {
		return 0
	}
	y := 0
	fmt.Sscanf(parts[1], "%d", &y)
	return y
}

type projectSource struct {
	subject string
	title   string
	ladder  func(t *ent.Tenant) reminders.Ladder
	open    []predicate.RenovationProject
	applies func(p *ent.RenovationProject) bool
	due     func(p *ent.RenovationProject) (deadline string, days []int)
	text    func(w WebhookProject, kind enum.ReminderKind, daysLeft int) string
}

var projectSources = []projectSource{
	{subject: ProjectEndSubject, title: "改造项目完工提醒",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			return reminders.Ladder{DaysBefore: []int{30, 7, 1}, Hour: t.ReminderHour, Audience: []string{reminders.AudienceCompany},
				Escalation: []reminders.Escalation{{Audience: []string{reminders.AudienceCompany, reminders.AudienceBureau}}}}
		},
		open:    []predicate.RenovationProject{renovationproject.StatusIn(enum.ProjectPlanned, enum.ProjectPreparing, enum.ProjectInConstruction, enum.ProjectSuspended)},
		applies: func(p *ent.RenovationProject) bool { return !Built(p.Status) && p.Status != enum.ProjectCancelled },
		due:     func(p *ent.RenovationProject) (string, []int) { return p.PlannedEnd, nil },
		text: func(w WebhookProject, kind enum.ReminderKind, daysLeft int) string {
			if kind == enum.ReminderOverdue {
				return fmt.Sprintf("%s 改造项目 %s「%s」计划完工日期 %s 已过，尚未完工（进度 %.1f%%）", w.Company, w.ProjectNo, w.Name, w.PlannedEnd, w.Percent)
			}
			return fmt.Sprintf("%s 改造项目 %s「%s」距计划完工日期 %s 还有 %d 天（进度 %.1f%%）", w.Company, w.ProjectNo, w.Name, w.PlannedEnd, daysLeft, w.Percent)
		}},
	{subject: ReportDueSubject, title: "改造项目月度进度报告",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			return reminders.Ladder{DaysBefore: []int{3}, Hour: t.ReminderHour, Audience: []string{reminders.AudienceCompany},
				Escalation: []reminders.Escalation{{Audience: []string{reminders.AudienceCompany}}}}
		},
		open:    []predicate.RenovationProject{renovationproject.StatusEQ(enum.ProjectInConstruction)},
		applies: func(p *ent.RenovationProject) bool { return p.Status == enum.ProjectInConstruction },
		due:     func(p *ent.RenovationProject) (string, []int) { return ReportDueOn(lastReport(p), started(p)), nil },
		text: func(w WebhookProject, kind enum.ReminderKind, daysLeft int) string {
			if kind == enum.ReminderOverdue {
				return fmt.Sprintf("%s 改造项目 %s「%s」本月进度报告应于 %s 前报送，尚未报送", w.Company, w.ProjectNo, w.Name, w.Deadline)
			}
			return fmt.Sprintf("%s 改造项目 %s「%s」本月进度报告请于 %s 前报送（还有 %d 天）", w.Company, w.ProjectNo, w.Name, w.Deadline, daysLeft)
		}},
	{subject: SilenceSubject, title: "改造项目长期未报进度",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			return reminders.Ladder{DaysBefore: []int{}, Hour: t.ReminderHour,
				Escalation: []reminders.Escalation{{Audience: []string{reminders.AudienceBureau}}}}
		},
		open:    []predicate.RenovationProject{renovationproject.StatusEQ(enum.ProjectInConstruction)},
		applies: func(p *ent.RenovationProject) bool { return p.Status == enum.ProjectInConstruction },
		due: func(p *ent.RenovationProject) (string, []int) {
			return AddDays(SilentFrom(lastReport(p), started(p)), -1), nil
		},
		text: func(w WebhookProject, _ enum.ReminderKind, _ int) string {
			last := w.LastReportOn
			if last == "" {
				last = "开工以来"
			}
			return fmt.Sprintf("%s 改造项目 %s「%s」已 %d 天未报送进度（上次报告：%s）", w.Company, w.ProjectNo, w.Name, SilenceDays, last)
		}},
	{subject: ProjectSupervisedSubject, title: "挂牌督办改造项目",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			return reminders.Ladder{Hour: t.ReminderHour, Audience: []string{reminders.AudienceBureau}, Escalation: []reminders.Escalation{}}
		},
		open:    []predicate.RenovationProject{renovationproject.Supervised(true), renovationproject.StatusNotIn(enum.ProjectAccepted, enum.ProjectCancelled)},
		applies: func(p *ent.RenovationProject) bool { return p.Supervised && !Closed(p.Status) },
		due: func(p *ent.RenovationProject) (string, []int) {
			return WeeklyAnchor(yearOfNo(p.ProjectNo)), WeeklyDays()
		},
		text: func(w WebhookProject, _ enum.ReminderKind, _ int) string {
			return fmt.Sprintf("挂牌督办：改造项目 %s「%s」（%s）%s，进度 %.1f%%，计划完工 %s", w.ProjectNo, w.Name, w.Company,
				enum.ProjectStatus(w.Status).Label(), w.Percent, w.PlannedEnd)
		}},
}

// ProjectDues are a project's reminders as its service plans them: each
// source's, closed where it no longer applies.
func ProjectDues(p *ent.RenovationProject, _ uuid.UUID, created bool) []reminders.Due {
	out := make([]reminders.Due, 0, len(projectSources))
	for _, s := range projectSources {
		d := s.dueOf(p, created)
		if created && d.Closed {
			continue
		}
		out = append(out, d)
	}
	return out
}

func (s projectSource) dueOf(p *ent.RenovationProject, created bool) reminders.Due {
	deadline, days := s.due(p)
	d := reminders.Due{Subject: s.subject, ID: p.ID, TenantID: p.TenantID, CompanyID: p.CompanyID, StreetID: p.StreetID,
		Deadline: deadline, DaysBefore: days, New: created}
	if !s.applies(p) {
		d.Closed, d.Note = true, "project "+string(p.Status)
	}
	return d
}

// WebhookProject is the project member of a renovation reminder's webhook
// body.
type WebhookProject struct {
	ID           uuid.UUID `json:"id"`
	ProjectNo    string    `json:"project_no"`
	Name         string    `json:"name"`
	Company      string    `json:"company"`
	Street       string    `json:"street"`
	Status       string    `json:"status"`
	PlannedEnd   string    `json:"planned_end"`
	LastReportOn string    `json:"last_report_on"`
	Percent      float64   `json:"percent"`
	Deadline     string    `json:"deadline"`
}

func (s projectSource) Subject() string                       { return s.subject }
func (s projectSource) Ladder(t *ent.Tenant) reminders.Ladder { return s.ladder(t) }

func (s projectSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int, _ bool) ([]reminders.Due, error) {
	// Every open project, unplanned or not: planning twice adds nothing,
	// and a district has tens of projects.
	ps, err := c.RenovationProject.Query().Where(renovationproject.TenantID(tenantID), renovationproject.IDGT(after.ID)).
		Where(s.open...).Order(ent.Asc(renovationproject.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(ps))
	for i, p := range ps {
		out[i] = s.dueOf(p, false)
	}
	return out, nil
}

func (s projectSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	ps, err := c.RenovationProject.Query().Where(renovationproject.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Subject, len(ps))
	for i, p := range ps {
		out[i] = reminders.Subject{Due: s.dueOf(p, false), Record: p}
	}
	return out, nil
}

func (s projectSource) Say(sub reminders.Subject, o reminders.Occasion) reminders.Notice {
	p := sub.Record.(*ent.RenovationProject)
	w := WebhookProject{ID: p.ID, ProjectNo: p.ProjectNo, Name: p.Name, Company: o.OrgName(p.CompanyID), Street: o.OrgName(p.StreetID),
		Status: string(p.Status), PlannedEnd: p.PlannedEnd, LastReportOn: lastReport(p),
		Percent: Percent(p.KmDone, p.PlannedKm, p.HouseholdsDone, p.PlannedHouseholds), Deadline: o.Deadline}
	return reminders.Notice{Text: s.text(w, o.Kind, o.DaysLeft), Event: s.subject + "." + string(o.Kind), Record: w}
}

func (s projectSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookProject
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("%s event: %w", s.subject, err)
	}
	w.Name, w.Company = reminders.Plain(w.Name), reminders.Plain(w.Company)
	kind := enum.ReminderKind(strings.TrimPrefix(ev.Event, s.subject+"."))
	return reminders.Message{Title: s.title, Lines: []string{s.text(w, kind, ev.DaysLeft)}}, nil
}

type pointSource struct {
	subject string
	title   string
	ladder  func(t *ent.Tenant) reminders.Ladder
	open    []predicate.OccupationPoint
	applies func(p *ent.OccupationPoint) bool
	due     func(p *ent.OccupationPoint) (string, []int)
	text    func(w WebhookPoint) string
}

var pointSources = []pointSource{
	{subject: PointReviewSubject, title: "暂缓占压点位到期复核",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			// At the district's hour on the review day: that long before
			// the day's end.
			return reminders.Ladder{DaysBefore: []int{}, Hour: t.ReminderHour,
				Before:   []time.Duration{time.Duration(24-t.ReminderHour) * time.Hour},
				Audience: []string{reminders.AudienceBureau}, Escalation: []reminders.Escalation{}}
		},
		open:    []predicate.OccupationPoint{occupationpoint.StatusEQ(enum.PointDeferred), occupationpoint.ReviewOnNotNil()},
		applies: func(p *ent.OccupationPoint) bool { return p.Status == enum.PointDeferred && p.ReviewOn != nil },
		due: func(p *ent.OccupationPoint) (string, []int) {
			if p.ReviewOn == nil {
				return p.Deadline, nil
			}
			return *p.ReviewOn, nil
		},
		text: func(w WebhookPoint) string {
			return fmt.Sprintf("暂缓整治的占压点位 %s（%s，%s）今天（%s）到复核日期，管控措施：%s", w.PointNo, w.Street, w.Address, w.ReviewOn, w.InterimMeasures)
		}},
	{subject: PointSupervisedSubject, title: "挂牌督办占压点位",
		ladder: func(t *ent.Tenant) reminders.Ladder {
			return reminders.Ladder{Hour: t.ReminderHour, Audience: []string{reminders.AudienceBureau}, Escalation: []reminders.Escalation{}}
		},
		open:    []predicate.OccupationPoint{occupationpoint.Supervised(true), occupationpoint.StatusNEQ(enum.PointVerified)},
		applies: func(p *ent.OccupationPoint) bool { return p.Supervised && p.Status != enum.PointVerified },
		due: func(p *ent.OccupationPoint) (string, []int) {
			return WeeklyAnchor(yearOfNo(p.PointNo)), WeeklyDays()
		},
		text: func(w WebhookPoint) string {
			return fmt.Sprintf("挂牌督办：占压点位 %s（%s，%s）%s，整治期限 %s", w.PointNo, w.Street, w.Address,
				enum.PointStatus(w.Status).Label(), w.Deadline)
		}},
}

// PointDues are a point's reminders as its service plans them.
func PointDues(p *ent.OccupationPoint, _ uuid.UUID, created bool) []reminders.Due {
	out := make([]reminders.Due, 0, len(pointSources))
	for _, s := range pointSources {
		d := s.dueOf(p, created)
		if created && d.Closed {
			continue
		}
		out = append(out, d)
	}
	return out
}

func (s pointSource) dueOf(p *ent.OccupationPoint, created bool) reminders.Due {
	deadline, days := s.due(p)
	d := reminders.Due{Subject: s.subject, ID: p.ID, TenantID: p.TenantID, CompanyID: p.CompanyID, StreetID: p.StreetID,
		Deadline: deadline, DaysBefore: days, New: created}
	if !s.applies(p) {
		d.Closed, d.Note = true, "occupation point "+string(p.Status)
	}
	return d
}

// WebhookPoint is the point member of a point reminder's webhook body.
type WebhookPoint struct {
	ID              uuid.UUID `json:"id"`
	PointNo         string    `json:"point_no"`
	Address         string    `json:"address"`
	Company         string    `json:"company"`
	Street          string    `json:"street"`
	Status          string    `json:"status"`
	Deadline        string    `json:"deadline"`
	ReviewOn        string    `json:"review_on"`
	InterimMeasures string    `json:"interim_measures"`
}

func (s pointSource) Subject() string                       { return s.subject }
func (s pointSource) Ladder(t *ent.Tenant) reminders.Ladder { return s.ladder(t) }

func (s pointSource) Open(ctx context.Context, c *ent.Client, tenantID uuid.UUID, after reminders.Due, limit int, _ bool) ([]reminders.Due, error) {
	ps, err := c.OccupationPoint.Query().Where(occupationpoint.TenantID(tenantID), occupationpoint.IDGT(after.ID)).
		Where(s.open...).Order(ent.Asc(occupationpoint.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Due, len(ps))
	for i, p := range ps {
		out[i] = s.dueOf(p, false)
	}
	return out, nil
}

func (s pointSource) Load(ctx context.Context, c *ent.Client, ids []uuid.UUID) ([]reminders.Subject, error) {
	ps, err := c.OccupationPoint.Query().Where(occupationpoint.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Subject, len(ps))
	for i, p := range ps {
		out[i] = reminders.Subject{Due: s.dueOf(p, false), Record: p}
	}
	return out, nil
}

func (s pointSource) Say(sub reminders.Subject, o reminders.Occasion) reminders.Notice {
	p := sub.Record.(*ent.OccupationPoint)
	w := WebhookPoint{ID: p.ID, PointNo: p.PointNo, Address: p.Address, Company: o.OrgName(p.CompanyID), Street: o.OrgName(p.StreetID),
		Status: string(p.Status), Deadline: p.Deadline, InterimMeasures: p.InterimMeasures}
	if p.ReviewOn != nil {
		w.ReviewOn = *p.ReviewOn
	}
	return reminders.Notice{Text: s.text(w), Event: s.subject + "." + string(o.Kind), Record: w}
}

func (s pointSource) Message(ev reminders.Event) (reminders.Message, error) {
	var w WebhookPoint
	if err := json.Unmarshal(ev.Record, &w); err != nil {
		return reminders.Message{}, fmt.Errorf("%s event: %w", s.subject, err)
	}
	w.Address, w.InterimMeasures = reminders.Plain(w.Address), reminders.Plain(w.InterimMeasures)
	return reminders.Message{Title: s.title, Lines: []string{s.text(w)}}, nil
}

package renovation

// The renovation rules as pure functions over dates (YYYY-MM-DD) and facts
// read elsewhere (programmes §2.2, §2.5 B2): an occupation point's level,
// a project's percent done and whether it is behind schedule, the moves of
// a project's status and who may make them, a point's status from its
// hazard's, and the board's sums. The service reads the facts; these
// decide.

import (
	"fmt"
	"math"
	"time"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// PointLevel is the hazard level of an occupation point on a pipe of
// pressure p: a building or structure over a medium-pressure or higher
// main is a major hazard (城镇燃气经营安全重大隐患判定标准, 住建部 2023:
// "在中压及以上地下燃气管线保护范围内，建有占压管线的建筑物、构筑物或者其他
// 设施"); over a low-pressure pipe it is general.
func PointLevel(p enum.PressureLevel) enum.HazardLevel {
	switch p {
	case enum.PressureMediumB, enum.PressureMediumA, enum.PressureSubHigh, enum.PressureHigh:
		return enum.LevelMajor
	}
	return enum.LevelGeneral
}

// KmTolerance is the rounding a report's cumulative km may exceed the
// planned km by (surveyed lengths are rounded to 10 m).
const KmTolerance = 0.05

// Percent is a project's progress in percent (0–100, one decimal):
// km done over planned km; a project of no planned km (a riser project
// counted in households) is counted by households; nothing planned is 0.
func Percent(kmDone, plannedKm float64, householdsDone, plannedHouseholds int) float64 {
	var p float64
	switch {
	case plannedKm > 0:
		p = kmDone / plannedKm
	case plannedHouseholds > 0:
		p = float64(householdsDone) / float64(plannedHouseholds)
	}
	return Round1(math.Min(p, 1) * 100)
}

// Round1 rounds to one decimal.
func Round1(x float64) float64 { return math.Round(x*10) / 10 }

// Round2 rounds to two decimals (km sums: 10 m).
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// ElapsedShare is the share (0–1) of the planned construction period
// start..end passed on today: 0 before the start, 1 from the end on. A
// period of one day or less is all passed from its start.
func ElapsedShare(start, end, today string) float64 {
	s, e, t := day(start), day(end), day(today)
	if s.IsZero() || e.IsZero() || t.IsZero() {
		return 0
	}
	if !t.After(s) {
		return 0
	}
	if !t.Before(e) {
		return 1
	}
	return t.Sub(s).Hours() / e.Sub(s).Hours()
}

// BehindMargin is how many points of percent a project may trail the
// elapsed share of its period before it counts as behind schedule.
const BehindMargin = 5.0

// BehindSchedule tells whether a project still under way is behind
// schedule on today [D]: its percent done trails the elapsed share of its
// planned period (planned_start..planned_end) by more than BehindMargin
// points. A project past its planned end and not completed is always
// behind. A project completed or beyond, cancelled, or not started by its
// plan (before planned_start) is not. A suspended project is judged like
// one in construction: the stop does not move its plan.
func BehindSchedule(status enum.ProjectStatus, percent float64, start, end, today string) bool {
	switch status {
	case enum.ProjectCompleted, enum.ProjectGasRestored, enum.ProjectAccepted, enum.ProjectCancelled:
		return false
	}
	if today > end {
		return true
	}
	share := ElapsedShare(start, end, today) * 100
	return percent+BehindMargin < share
}

// Closed tells whether a project is finished with: accepted or cancelled.
func Closed(s enum.ProjectStatus) bool {
	return s == enum.ProjectAccepted || s == enum.ProjectCancelled
}

// Built tells whether a project's construction is over (completed, gas
// restored, accepted): its pipe is renewed.
func Built(s enum.ProjectStatus) bool {
	return s == enum.ProjectCompleted || s == enum.ProjectGasRestored || s == enum.ProjectAccepted
}

// Underway tells whether a project is in construction or beyond (not
// cancelled): its points are being worked on, not only planned.
func Underway(s enum.ProjectStatus) bool {
	return s == enum.ProjectInConstruction || Built(s)
}

// Actor is who moves a project's status.
type Actor int

// The actors.
const (
	ByCompany Actor = iota // the implementing gas company
	ByBureau               // the district's bureau
)

// Move is one allowed status change of a project: from, to, who may make
// it and whether it needs a reason.
type Move struct {
	From, To   enum.ProjectStatus
	By         []Actor
	NeedReason bool
}

// Moves are the allowed changes: planned → preparing → in_construction →
// completed → gas_restored by the company (the bureau may make them too);
// gas_restored → accepted by the bureau only (竣工验收); suspended with a
// reason from preparing or in_construction and back to where it stopped;
// cancelled by the bureau, with a reason, from any status before accepted.
var Moves = []Move{
	{enum.ProjectPlanned, enum.ProjectPreparing, both, false},
	{enum.ProjectPreparing, enum.ProjectInConstruction, both, false},
	{enum.ProjectInConstruction, enum.ProjectCompleted, both, false},
	{enum.ProjectCompleted, enum.ProjectGasRestored, both, false},
	{enum.ProjectGasRestored, enum.ProjectAccepted, bureauOnly, false},
	{enum.ProjectPreparing, enum.ProjectSuspended, both, true},
	{enum.ProjectInConstruction, enum.ProjectSuspended, both, true},
	{enum.ProjectSuspended, enum.ProjectPreparing, both, false},
	{enum.ProjectSuspended, enum.ProjectInConstruction, both, false},
	{enum.ProjectPlanned, enum.ProjectCancelled, bureauOnly, true},
	{enum.ProjectPreparing, enum.ProjectCancelled, bureauOnly, true},
	{enum.ProjectInConstruction, enum.ProjectCancelled, bureauOnly, true},
	{enum.ProjectSuspended, enum.ProjectCancelled, bureauOnly, true},
	{enum.ProjectCompleted, enum.ProjectCancelled, bureauOnly, true},
	{enum.ProjectGasRestored, enum.ProjectCancelled, bureauOnly, true},
}

var (
	both       = []Actor{ByCompany, ByBureau}
	bureauOnly = []Actor{ByBureau}
)

// MoveError says why a status change is refused, in Chinese.
type MoveError struct {
	Forbidden bool // the move exists, but not for this actor
	Message   string
}

func (e *MoveError) Error() string { return e.Message }

// CheckMove tells whether by may move a project from one status to
// another, with reason: nil when allowed. A suspended project resumes to
// the status it stopped in (resume: "" when unknown, either allowed).
func CheckMove(from, to enum.ProjectStatus, by Actor, reason, resume string) *MoveError {
	for _, m := range Moves {
		if m.From != from || m.To != to {
			continue
		}
		allowed := false
		for _, a := range m.By {
			allowed = allowed || a == by
		}
		if !allowed {
			return &MoveError{Forbidden: true, Message: fmt.Sprintf("「%s」→「%s」只能由区城管委办理", from.Label(), to.Label())}
		}
		if m.NeedReason && reason == "" {
			return &MoveError{Message: fmt.Sprintf("「%s」→「%s」需要说明原因", from.Label(), to.Label())}
		}
		if from == enum.ProjectSuspended && to != enum.ProjectCancelled && resume != "" && string(to) != resume {
			return &MoveError{Message: fmt.Sprintf("停工前项目处于「%s」，复工应回到该状态", enum.ProjectStatus(resume).Label())}
		}
		return nil
	}
	return &MoveError{Message: fmt.Sprintf("项目状态不能从「%s」改为「%s」", from.Label(), to.Label())}
}

// PointStatusOf is an occupation point's status from its hazard's: the
// one mapping every route that moves the hazard (the ledger's own too)
// goes through. A verified hazard is a verified point (销号); a rectified
// one an eliminated point awaiting verification; a deferred point stays
// deferred while its hazard is open; an open hazard of a point folded
// into a project is planned while the project has not reached
// construction (planned, preparing, suspended) and in progress from then
// on; an open hazard under rectification of a point not folded is in
// progress; a hazard only reported is an identified point.
func PointStatusOf(h enum.HazardStatus, deferred bool, project *enum.ProjectStatus) enum.PointStatus {
	switch {
	case h == enum.StatusVerified:
		return enum.PointVerified
	case h == enum.StatusRectified:
		return enum.PointEliminated
	case deferred:
		return enum.PointDeferred
	case project != nil:
		if Underway(*project) {
			return enum.PointInProgress
		}
		return enum.PointPlanned
	case h == enum.StatusRectifying:
		return enum.PointInProgress
	}
	return enum.PointIdentified
}

// ReportLower tells whether a cumulative report lowers the last one's
// figures (km or households): it then needs a reason.
func ReportLower(km float64, households int, lastKm float64, lastHouseholds int) bool {
	return km < lastKm-1e-9 || households < lastHouseholds
}

// KmTooHigh tells whether km exceeds planned by more than the rounding.
func KmTooHigh(km, planned float64) bool { return km > planned+KmTolerance+1e-9 }

// Figures are one line of the board: kilometres, points and projects.
type Figures struct {
	TargetKm         float64        `json:"target_km"`
	DoneKm           float64        `json:"done_km"`
	PercentKm        float64        `json:"percent_km"`
	Projects         int            `json:"projects"`
	ProjectsByStatus map[string]int `json:"projects_by_status"`
	BehindSchedule   int            `json:"behind_schedule"`
	TargetPoints     int            `json:"target_points"`
	Points           int            `json:"points"`
	EliminatedPoints int            `json:"eliminated_points"`
	VerifiedPoints   int            `json:"verified_points"`
	MajorOpen        int            `json:"major_open"`
	PointsByStatus   map[string]int `json:"points_by_status"`
	EliminationRate  float64        `json:"elimination_rate"`
	VerificationRate float64        `json:"verification_rate"`
}

// ProjectFact is what the board counts of a project.
type ProjectFact struct {
	Status    enum.ProjectStatus
	PlannedKm float64
	KmDone    float64
	Behind    bool
}

// PointFact is what the board counts of a point.
type PointFact struct {
	Status enum.PointStatus
	Major  bool
}

// NewFigures are empty figures with their maps.
func NewFigures() Figures {
	return Figures{ProjectsByStatus: map[string]int{}, PointsByStatus: map[string]int{}}
}

// AddProject counts a project: a cancelled one is listed by status but
// adds neither target nor done km.
func (f *Figures) AddProject(p ProjectFact) {
	f.Projects++
	f.ProjectsByStatus[string(p.Status)]++
	if p.Status == enum.ProjectCancelled {
		return
	}
	f.TargetKm += p.PlannedKm
	f.DoneKm += math.Min(p.KmDone, p.PlannedKm)
	if p.Behind {
		f.BehindSchedule++
	}
}

// AddPoint counts a point: eliminated points are those eliminated or
// verified (占压消除), verified those 销号; a major point is open until
// verified.
func (f *Figures) AddPoint(p PointFact) {
	f.Points++
	f.PointsByStatus[string(p.Status)]++
	switch p.Status {
	case enum.PointVerified:
		f.VerifiedPoints++
		f.EliminatedPoints++
	case enum.PointEliminated:
		f.EliminatedPoints++
	}
	if p.Major && p.Status != enum.PointVerified {
		f.MajorOpen++
	}
}

// Finish rounds the sums and computes the rates: km against the target
// (the plan's when given, else the projects' planned km), points against
// the target points (the plan's, else the points counted).
func (f *Figures) Finish(targetKm *float64, targetPoints *int) {
	if targetKm != nil {
		f.TargetKm = *targetKm
	}
	f.TargetKm, f.DoneKm = Round2(f.TargetKm), Round2(f.DoneKm)
	f.TargetPoints = f.Points
	if targetPoints != nil {
		f.TargetPoints = *targetPoints
	}
	if f.TargetKm > 0 {
		f.PercentKm = Round1(f.DoneKm / f.TargetKm * 100)
	}
	if f.TargetPoints > 0 {
		f.EliminationRate = Round1(float64(f.EliminatedPoints) / float64(f.TargetPoints) * 100)
		f.VerificationRate = Round1(float64(f.VerifiedPoints) / float64(f.TargetPoints) * 100)
	}
}

// ReportDueOn is when a project's next monthly progress report is due [D]:
// reports are due by the 25th of each month; a report made on or before
// the 25th counts for its month, one after it for the next month, so the
// next is due on the 25th of the month after the one the last report
// counted for. Without a report, the first is due on the 25th of the month
// the project started in (from = its actual or planned start, or the day
// it was recorded), or of the next month when it started after the 25th.
func ReportDueOn(lastReport, from string) string {
	if lastReport != "" {
		d := day(lastReport)
		covered := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		if d.Day() > 25 {
			covered = covered.AddDate(0, 1, 0)
		}
		return covered.AddDate(0, 1, 24).Format(time.DateOnly)
	}
	d := day(from)
	m := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	if d.Day() > 25 {
		m = m.AddDate(0, 1, 0)
	}
	return m.AddDate(0, 0, 24).Format(time.DateOnly)
}

// SilenceDays is how long a project under way may go without a report
// before the bureau hears of it.
const SilenceDays = 30

// SilentFrom is the day the bureau hears a project has not reported for
// SilenceDays: SilenceDays after the last report, or after the project
// started (from) when it has none.
func SilentFrom(lastReport, from string) string {
	base := lastReport
	if base == "" {
		base = from
	}
	return AddDays(base, SilenceDays)
}

// WeeklyAnchor is the deadline the weekly reminders of a supervised
// (挂牌督办) record count back from [D]: the first Monday after the end of
// the year after year, so weekly rungs fall on Mondays for two years; a
// record still open by then is re-anchored when it changes.
func WeeklyAnchor(year int) string {
	d := time.Date(year+2, 1, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

// WeeklyDays are the day rungs of a weekly reminder before its anchor:
// every seventh day, for two years.
func WeeklyDays() []int {
	out := make([]int, 0, 106)
	for n := 7; n <= 7*106; n += 7 {
		out = append(out, n)
	}
	return out
}

// AddDays is date plus n days.
func AddDays(date string, n int) string {
	d := day(date)
	if d.IsZero() {
		return date
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ProjectNumber is a project's number: GW-<year>-<three digits>.
func ProjectNumber(year int, n int64) string { return fmt.Sprintf("GW-%d-%03d", year, n) }

// PointNumber is a point's number: ZY-<year>-<three digits>.
func PointNumber(year int, n int64) string { return fmt.Sprintf("ZY-%d-%03d", year, n) }

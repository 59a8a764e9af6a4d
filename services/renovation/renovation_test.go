package renovation_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/renovation"
	"github.com/hearthsafety/hearth/storage"
)

// The renovation walked through the service, without HTTP, on a database
// made by the real migrations (SQLite, or PostgreSQL with
// HEARTH_TEST_DATABASE_URL): a district with its bureau, a gas company and
// two streets.

type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixNano()) }

type world struct {
	client                *ent.Client
	svc                   *renovation.Service
	lg                    *ledger.Service
	clock                 *clock
	loc                   *time.Location
	bureau, gas, s1, s2   uuid.UUID
	asBureau, asGas, asS1 context.Context
	asS2                  context.Context
}

func newWorld(t testing.TB) *world {
	db := migrationstest.Open(t)
	w := &world{client: db.Client, clock: &clock{}}
	w.loc, _ = time.LoadLocation("Asia/Shanghai")
	w.clock.set(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) // 2026-03-02 10:00 in Tianjin
	sys := policy.System(context.Background())
	tx := must1(w.client.Tx(sys))
	tn := must1(tx.Tenant.Create().SetSlug("nankai").SetName("南开区").SetTimezone("Asia/Shanghai").Save(sys))
	org := func(name string, kind enum.OrgKind) uuid.UUID {
		return must1(tx.Org.Create().SetTenantID(tn.ID).SetName(name).SetKind(kind).Save(sys)).ID
	}
	w.bureau, w.gas = org("南开区城市管理委员会", enum.OrgBureau), org("津燃华润燃气有限公司", enum.OrgGasCompany)
	w.s1, w.s2 = org("鼓楼街", enum.OrgStreet), org("兴南街", enum.OrgStreet)
	viewer := func(name, role string, o uuid.UUID, kind enum.OrgKind) context.Context {
		u := must1(tx.User.Create().SetTenantID(tn.ID).SetUsername(name).SetDisplayName(name).SetPasswordHash("x").SetOrgID(o).Save(sys))
		return policy.NewContext(context.Background(), &policy.Viewer{UserID: u.ID, Username: name, DisplayName: name, TenantID: tn.ID,
			TenantSlug: "nankai", Timezone: "Asia/Shanghai", OrgID: o, OrgKind: kind, Roles: []string{role}, Streets: []uuid.UUID{o}})
	}
	w.asBureau = viewer("赵敏", policy.RoleBureauAdmin, w.bureau, enum.OrgBureau)
	w.asGas = viewer("王强", policy.RoleCompanyAdmin, w.gas, enum.OrgGasCompany)
	w.asS1 = viewer("李娜", policy.RoleStreetOfficer, w.s1, enum.OrgStreet)
	w.asS2 = viewer("刘洋", policy.RoleStreetOfficer, w.s2, enum.OrgStreet)
	must(t, tx.Commit())
	engine := reminders.NewEngine(w.client, nil, nil, w.clock.now)
	w.lg = ledger.New(w.client, engine, storage.Dir{Root: t.TempDir()}, w.clock.now)
	w.svc = renovation.New(w.client, engine, storage.Dir{Root: t.TempDir()}, w.lg, w.clock.now)
	return w
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func must1[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func code(err error) string {
	var e *services.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func photo() []byte {
	var b bytes.Buffer
	must1(0, png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))))
	return b.Bytes()
}

// plan2026 records the plan and a project in street s1 from 03-01 to
// 10-31.
func (w *world) plan2026(t *testing.T) (*ent.RenovationPlan, *ent.RenovationProject) {
	t.Helper()
	pl := must1(w.svc.CreatePlan(w.asBureau, renovation.PlanInput{Year: 2026, Name: "2026年燃气旧管网改造计划", TargetKm: 88,
		TargetPoints: 387, CompanyIDs: []uuid.UUID{w.gas}, DueOn: "2026-12-31"}))
	pr := w.project(t, pl, "鼓楼东片区庭院管改造", w.s1, "2026-10-31")
	return pl, pr
}

func (w *world) project(t *testing.T, pl *ent.RenovationPlan, name string, street uuid.UUID, end string) *ent.RenovationProject {
	t.Helper()
	return must1(w.svc.CreateProject(w.asBureau, renovation.ProjectInput{PlanID: pl.ID, CompanyID: w.gas, StreetID: street,
		Name: name, ScopeType: enum.ScopeCourtyard, AgingReason: enum.AgingGreyCastIron, PlannedKm: 10.5,
		PlannedStart: "2026-03-01", PlannedEnd: end}))
}

func (w *world) point(t *testing.T, street uuid.UUID, pressure enum.PressureLevel) *ent.OccupationPoint {
	t.Helper()
	return must1(w.svc.CreatePoint(w.asGas, renovation.PointInput{StreetID: street, Address: "鼓楼东街12号", PipePressure: pressure,
		PipeDn: "DN200", OccupierType: enum.OccupierShed, OccupierName: "张某", DiscoveredOn: "2026-02-20", Deadline: "2026-06-30"}))
}

func (w *world) hazard(t *testing.T, p *ent.OccupationPoint) *ent.Hazard {
	t.Helper()
	return must1(w.client.Hazard.Get(policy.System(context.Background()), p.HazardID))
}

func (w *world) reload(t *testing.T, p *ent.OccupationPoint) *ent.OccupationPoint {
	t.Helper()
	return must1(w.client.OccupationPoint.Get(policy.System(context.Background()), p.ID))
}

func TestPointIsAHazard(t *testing.T) {
	w := newWorld(t)
	p := w.point(t, w.s1, enum.PressureMediumA)
	h := w.hazard(t, p)
	if p.PointNo != "ZY-2026-001" || h.Category != enum.CategoryPipelineOccupation || h.Level != enum.LevelMajor ||
		h.Deadline != "2026-06-30" || h.CompanyID != w.gas || h.StreetID != w.s1 || p.Status != enum.PointIdentified {
		t.Fatalf("point %+v hazard %+v", p, h)
	}
	if !strings.Contains(h.Description, "彩钢房") || !strings.Contains(h.Description, "中压A") || !strings.Contains(h.Description, "重大隐患") {
		t.Errorf("description %q", h.Description)
	}
	low := w.point(t, w.s1, enum.PressureLow)
	if w.hazard(t, low).Level != enum.LevelGeneral || low.PointNo != "ZY-2026-002" {
		t.Errorf("a low-pressure point: %s %s", low.PointNo, w.hazard(t, low).Level)
	}
	// A point without a deadline is refused, and no hazard is left behind.
	n := must1(w.client.Hazard.Query().Count(policy.System(context.Background())))
	_, err := w.svc.CreatePoint(w.asGas, renovation.PointInput{StreetID: w.s1, Address: "x", PipePressure: enum.PressureLow,
		OccupierType: enum.OccupierShed, DiscoveredOn: "2026-02-20"})
	if code(err) != "validation_failed" || must1(w.client.Hazard.Query().Count(policy.System(context.Background()))) != n {
		t.Errorf("no deadline: %v", err)
	}
}

func TestFoldAndUnfold(t *testing.T) {
	w := newWorld(t)
	pl, pr := w.plan2026(t)
	if pr.ProjectNo != "GW-2026-001" {
		t.Fatalf("project number %s", pr.ProjectNo)
	}
	p := w.point(t, w.s1, enum.PressureLow)
	p = must1(w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: pr.ID}))
	h := w.hazard(t, p)
	if p.ProjectID == nil || *p.ProjectID != pr.ID || p.Disposition == nil || *p.Disposition != enum.DisposeRerouteByProject ||
		p.Status != enum.PointPlanned || h.Status != enum.StatusRectifying || h.Deadline != "2026-10-31" {
		t.Fatalf("folded: point %s %v hazard %s %s", p.Status, p.Disposition, h.Status, h.Deadline)
	}
	ev := must1(w.client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("fold")).Only(policy.System(context.Background())))
	if ev.Note != "纳入改造项目 GW-2026-001 鼓楼东片区庭院管改造" {
		t.Errorf("fold event %q", ev.Note)
	}
	// The project in construction: its points are in progress.
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectPreparing}))
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectInConstruction}))
	if p = w.reload(t, p); p.Status != enum.PointInProgress {
		t.Errorf("in construction: point %s", p.Status)
	}
	// Not into a second project.
	other := w.project(t, pl, "兴南片区庭院管改造", w.s2, "2026-11-30")
	if _, err := w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: other.ID}); code(err) != "already_folded" {
		t.Errorf("a second project: %v", err)
	}
	// Unfold: the point's own deadline, in progress without a project.
	p = must1(w.svc.Unfold(w.asGas, p.ID))
	h = w.hazard(t, p)
	if p.ProjectID != nil || p.Disposition != nil || p.Status != enum.PointInProgress || h.Deadline != "2026-06-30" {
		t.Errorf("unfolded: point %s %v hazard %s", p.Status, p.ProjectID, h.Deadline)
	}
	if n := must1(w.client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("unfold"),
		hazardevent.NoteHasPrefix("移出改造项目 GW-2026-001")).Count(policy.System(context.Background()))); n != 1 {
		t.Errorf("%d unfold events", n)
	}
	// A cancelled project takes no point.
	must1(w.svc.MoveStatus(w.asBureau, other.ID, renovation.MoveInput{To: enum.ProjectCancelled, Reason: "规划调整"}))
	if _, err := w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: other.ID}); code(err) != "project_closed" {
		t.Errorf("into a cancelled project: %v", err)
	}
	// The company may not accept its own project.
	if _, err := w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectCancelled, Reason: "x"}); code(err) != "forbidden" {
		t.Errorf("the company cancels: %v", err)
	}
}

func TestMovedEndAsksExtensions(t *testing.T) {
	w := newWorld(t)
	_, pr := w.plan2026(t)
	a, b := w.point(t, w.s1, enum.PressureLow), w.point(t, w.s1, enum.PressureMediumB)
	for _, p := range []*ent.OccupationPoint{a, b} {
		must1(w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: pr.ID}))
	}
	// b has an extension pending already.
	must1(w.lg.RequestExtension(w.asGas, b.HazardID, ledger.ExtensionInput{Deadline: "2026-11-15", Note: "施工受阻"}))
	pr, moved, err := w.svc.PatchProject(w.asBureau, pr.ID, pr.Version, renovation.ProjectPatch{PlannedEnd: ptr("2026-12-15")})
	must(t, err)
	if len(moved.Requested) != 1 || len(moved.Pending) != 1 || moved.Pending[0] != w.hazard(t, b).Code {
		t.Fatalf("moved %+v", moved)
	}
	e := must1(w.client.Extension.Query().Where(extension.HazardID(a.HazardID)).Only(policy.System(context.Background())))
	if e.Status != enum.ExtensionPending || e.RequestedDeadline != "2026-12-15" || e.Note != "改造项目完工日期调整: 2026-10-31 → 2026-12-15" {
		t.Errorf("extension %+v", e)
	}
	// Approved, the hazard's deadline moves; the point follows its hazard.
	must1(w.lg.DecideExtension(w.asBureau, a.HazardID, e.ID, true, "同意"))
	if h := w.hazard(t, a); h.Deadline != "2026-12-15" {
		t.Errorf("deadline after approval %s", h.Deadline)
	}
	// Brought earlier: the deadlines move at once.
	pr, moved, err = w.svc.PatchProject(w.asBureau, pr.ID, pr.Version, renovation.ProjectPatch{PlannedEnd: ptr("2026-09-30")})
	must(t, err)
	if len(moved.Brought) != 2 || w.hazard(t, a).Deadline != "2026-09-30" {
		t.Errorf("brought forward %+v, deadline %s", moved, w.hazard(t, a).Deadline)
	}
	// A stale version is refused.
	if _, _, err := w.svc.PatchProject(w.asBureau, pr.ID, pr.Version-1, renovation.ProjectPatch{Name: ptr("x")}); code(err) != "stale_etag" {
		t.Errorf("stale: %v", err)
	}
}

func TestPointFollowsItsHazard(t *testing.T) {
	w := newWorld(t)
	_, pr := w.plan2026(t)
	p := w.point(t, w.s1, enum.PressureLow)
	// The ledger's own steps move the point.
	must1(w.lg.Take(w.asGas, p.HazardID, ledger.Start, ""))
	if p = w.reload(t, p); p.Status != enum.PointInProgress {
		t.Fatalf("started through the ledger: %s", p.Status)
	}
	must1(w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: pr.ID}))
	// Eliminate needs evidence.
	if _, err := w.svc.Eliminate(w.asGas, p.ID, renovation.NoteInput{}); code(err) != "evidence_required" {
		t.Fatalf("without a photo: %v", err)
	}
	must1(w.svc.AttachPoint(w.asGas, p.ID, renovation.Document{Filename: "改线竣工.png", Data: photo()}))
	w.clock.set(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	p = must1(w.svc.Eliminate(w.asGas, p.ID, renovation.NoteInput{Note: "改线完成，原管线停用"}))
	if p.Status != enum.PointEliminated || p.EliminatedOn == nil || *p.EliminatedOn != "2026-09-01" || w.hazard(t, p).Status != enum.StatusRectified {
		t.Fatalf("eliminated: %s %v", p.Status, p.EliminatedOn)
	}
	// Sent back through the ledger, the point is at work again.
	must1(w.lg.Take(w.asS1, p.HazardID, ledger.Reject, "照片不清楚"))
	if p = w.reload(t, p); p.Status != enum.PointPlanned || p.EliminatedOn != nil {
		t.Fatalf("rejected: %s %v", p.Status, p.EliminatedOn)
	}
	// The ledger's own submit wants its evidence on the hazard.
	must1(w.lg.Attach(w.asGas, p.HazardID, ledger.Evidence{Stage: "after", Filename: "改线.png", Data: photo()}))
	must1(w.lg.Take(w.asGas, p.HazardID, ledger.Submit, "重新提交"))
	if p = w.reload(t, p); p.Status != enum.PointEliminated {
		t.Fatalf("submitted through the ledger: %s", p.Status)
	}
	// The other street may not verify it; its own does, through the ledger.
	if _, err := w.svc.Verify(w.asS2, p.ID, renovation.NoteInput{}); !ent.IsNotFound(err) {
		t.Errorf("another street verifies: %v", err)
	}
	w.clock.set(time.Date(2026, 9, 3, 2, 0, 0, 0, time.UTC))
	must1(w.lg.Take(w.asS1, p.HazardID, ledger.Verify, "验收合格"))
	if p = w.reload(t, p); p.Status != enum.PointVerified || p.VerifiedOn == nil || *p.VerifiedOn != "2026-09-03" {
		t.Fatalf("verified through the ledger: %s %v", p.Status, p.VerifiedOn)
	}
	// And through the point's own route.
	q := w.point(t, w.s1, enum.PressureLow)
	must1(w.lg.Attach(w.asGas, q.HazardID, ledger.Evidence{Stage: "after", Filename: "拆除.png", Data: photo()}))
	must1(w.svc.Eliminate(w.asGas, q.ID, renovation.NoteInput{}))
	q = must1(w.svc.Verify(w.asBureau, q.ID, renovation.NoteInput{Note: "销号"}))
	if q.Status != enum.PointVerified || w.hazard(t, q).Status != enum.StatusVerified {
		t.Errorf("verified by the point's route: %s", q.Status)
	}
}

func TestDeferAndResume(t *testing.T) {
	w := newWorld(t)
	p := w.point(t, w.s1, enum.PressureLow)
	if _, err := w.svc.Defer(w.asBureau, p.ID, renovation.DeferInput{InterimMeasures: "警示桩+每周巡查", ReviewOn: "2026-01-01", Reason: "x"}); code(err) != "validation_failed" {
		t.Errorf("a review date past: %v", err)
	}
	p = must1(w.svc.Defer(w.asBureau, p.ID, renovation.DeferInput{InterimMeasures: "警示桩+每周巡查", ReviewOn: "2026-05-12", Reason: "待拆违"}))
	if p.Status != enum.PointDeferred || p.DeferralApprovedByName != "赵敏" {
		t.Fatalf("deferred %s", p.Status)
	}
	// The bureau hears at the review date, at the district's hour.
	r := must1(w.client.Reminder.Query().Where(reminder.Subject(renovation.PointReviewSubject), reminder.SubjectID(p.ID)).Only(policy.System(context.Background())))
	if got := r.DueAt.In(w.loc).Format("2006-01-02 15:04"); got != "2026-05-12 09:00" || r.Audience[0] != "bureau" {
		t.Errorf("review reminder at %s to %v", got, r.Audience)
	}
	// A deferred point stays deferred while its hazard is at work.
	must1(w.lg.Take(w.asGas, p.HazardID, ledger.Start, ""))
	if p = w.reload(t, p); p.Status != enum.PointDeferred {
		t.Errorf("started while deferred: %s", p.Status)
	}
	p = must1(w.svc.Resume(w.asBureau, p.ID, renovation.NoteInput{Note: "拆违完成"}))
	if p.Status != enum.PointInProgress || p.ReviewOn != nil {
		t.Errorf("resumed %s", p.Status)
	}
	if n := must1(w.client.Reminder.Query().Where(reminder.Subject(renovation.PointReviewSubject), reminder.SubjectID(p.ID),
		reminder.StateEQ(reminder.StateScheduled)).Count(policy.System(context.Background()))); n != 0 {
		t.Errorf("%d review reminders left", n)
	}
}

func TestReports(t *testing.T) {
	w := newWorld(t)
	_, pr := w.plan2026(t)
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectPreparing}))
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectInConstruction}))
	w.clock.set(time.Date(2026, 6, 20, 2, 0, 0, 0, time.UTC))
	must1(w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-05-25", KmDoneCumulative: 3.2}))
	r2 := must1(w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-20", KmDoneCumulative: 5.0}))
	if _, err := w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-20", KmDoneCumulative: 5.1}); code(err) != "report_exists" {
		t.Errorf("twice a day: %v", err)
	}
	if _, err := w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-21", KmDoneCumulative: 1}); code(err) != "validation_failed" {
		t.Errorf("in the future: %v", err)
	}
	w.clock.set(time.Date(2026, 6, 22, 2, 0, 0, 0, time.UTC))
	if _, err := w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-22", KmDoneCumulative: 4.8}); code(err) != "validation_failed" {
		t.Errorf("lower without a reason: %v", err)
	}
	if _, err := w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-22", KmDoneCumulative: 10.6}); code(err) != "validation_failed" {
		t.Errorf("over the plan: %v", err)
	}
	must1(w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-06-22", KmDoneCumulative: 4.8, LowerReason: "复测后更正"}))
	p := must1(w.client.RenovationProject.Get(w.asBureau, pr.ID))
	if p.KmDone != 4.8 || *p.LastReportOn != "2026-06-22" {
		t.Errorf("after a lower report: %v %v", p.KmDone, *p.LastReportOn)
	}
	// Questioned, the latest stops counting: the project goes back to 06-20's 5.0 km.
	last := must1(w.client.ProgressReport.Query().Order(ent.Desc("reported_on")).First(w.asBureau))
	if _, err := w.svc.DecideReport(w.asBureau, pr.ID, last.ID, renovation.DecisionInput{Decision: enum.ReportQuestioned}); code(err) != "validation_failed" {
		t.Errorf("questioned without a note: %v", err)
	}
	must1(w.svc.DecideReport(w.asBureau, pr.ID, last.ID, renovation.DecisionInput{Decision: enum.ReportQuestioned, Note: "与现场不符"}))
	p = must1(w.client.RenovationProject.Get(w.asBureau, pr.ID))
	if p.KmDone != 5.0 || *p.LastReportOn != r2.ReportedOn {
		t.Errorf("after questioning: %v %v", p.KmDone, *p.LastReportOn)
	}
}

// TestPlanWithClock walks the plan's reminders: the project's end T-30,
// T-7, T-1 to the company; the report due on the 25th; no report for 30
// days → the bureau; a supervised project weekly to the bureau.
func TestPlanWithClock(t *testing.T) {
	w := newWorld(t)
	_, pr := w.plan2026(t)
	rungs := func(subject string) map[string]string {
		rs := must1(w.client.Reminder.Query().Where(reminder.Subject(subject), reminder.SubjectID(pr.ID),
			reminder.StateEQ(reminder.StateScheduled)).All(policy.System(context.Background())))
		out := map[string]string{}
		for _, r := range rs {
			out[r.Rung] = r.DueAt.In(w.loc).Format("2006-01-02 15:04") + " " + strings.Join(r.Audience, ",")
		}
		return out
	}
	// 10-31 is a Saturday: T-1 moves to Friday 10-30; T-7 10-24 (a
	// Saturday, a make-up workday in 2026? no: moves to Friday 10-23);
	// T-30 10-01 (National Day) moves to 09-30.
	end := rungs(renovation.ProjectEndSubject)
	if end["d30"] != "2026-09-30 09:00 company" || end["d1"] != "2026-10-30 09:00 company" || end["e0"] != "2026-11-01 00:00 company,bureau" {
		t.Errorf("end rungs %v", end)
	}
	if len(rungs(renovation.ReportDueSubject)) != 0 || len(rungs(renovation.SilenceSubject)) != 0 {
		t.Errorf("reports are not due before construction")
	}
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectPreparing}))
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectInConstruction}))
	// Started on 03-02 (actual start): March's report due 03-25, the
	// bureau told on 04-01 (30 days without one).
	if got := rungs(renovation.ReportDueSubject); got["d3"] != "2026-03-20 09:00 company" || got["e0"] != "2026-03-26 00:00 company" {
		t.Errorf("report rungs %v", got)
	}
	if got := rungs(renovation.SilenceSubject); got["e0"] != "2026-04-01 00:00 bureau" {
		t.Errorf("silence rungs %v", got)
	}
	w.clock.set(time.Date(2026, 3, 24, 2, 0, 0, 0, time.UTC))
	must1(w.svc.AddReport(w.asGas, pr.ID, renovation.ReportInput{ReportedOn: "2026-03-24", KmDoneCumulative: 0.8}))
	if got := rungs(renovation.ReportDueSubject); got["e0"] != "2026-04-26 00:00 company" {
		t.Errorf("after March's report: %v", got)
	}
	if got := rungs(renovation.SilenceSubject); got["e0"] != "2026-04-23 00:00 bureau" {
		t.Errorf("silence after a report: %v", got)
	}
	// Supervised: weekly to the bureau, on Mondays, until accepted.
	p := must1(w.client.RenovationProject.Get(w.asBureau, pr.ID))
	p, _ = must2(w.svc.PatchProject(w.asBureau, p.ID, p.Version, renovation.ProjectPatch{Supervised: ptr(true)}))
	weekly := rungs(renovation.ProjectSupervisedSubject)
	if len(weekly) < 80 {
		t.Fatalf("%d weekly rungs", len(weekly))
	}
	for _, at := range weekly {
		d := must1(time.ParseInLocation("2006-01-02 15:04", at[:16], w.loc))
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || !strings.HasSuffix(at, "bureau") || d.Before(w.clock.now()) {
			t.Errorf("weekly rung %s", at)
		}
	}
	// Completed: the end and report rungs are cancelled.
	must1(w.svc.MoveStatus(w.asGas, pr.ID, renovation.MoveInput{To: enum.ProjectCompleted}))
	if len(rungs(renovation.ProjectEndSubject)) != 0 || len(rungs(renovation.ReportDueSubject)) != 0 || len(rungs(renovation.SilenceSubject)) != 0 {
		t.Errorf("rungs left after completion")
	}
	if len(rungs(renovation.ProjectSupervisedSubject)) == 0 {
		t.Errorf("a supervised project is reminded until accepted")
	}
}

// TestParallelFolds: 50 folds of one point into two projects at once leave
// it in exactly one, with one fold event.
func TestParallelFolds(t *testing.T) {
	w := newWorld(t)
	pl, a := w.plan2026(t)
	b := w.project(t, pl, "兴南片区庭院管改造", w.s1, "2026-11-30")
	p := w.point(t, w.s1, enum.PressureLow)
	var wg sync.WaitGroup
	var ok, refused atomic.Int64
	for i := range 50 {
		wg.Go(func() {
			target := a.ID
			if i%2 == 1 {
				target = b.ID
			}
			_, err := w.svc.Fold(w.asGas, p.ID, renovation.FoldInput{ProjectID: target})
			switch code(err) {
			case "":
				ok.Add(1)
			case "already_folded":
				refused.Add(1)
			default:
				t.Errorf("fold: %v", err)
			}
		})
	}
	wg.Wait()
	p = w.reload(t, p)
	if ok.Load() != 1 || refused.Load() != 49 || p.ProjectID == nil {
		t.Fatalf("%d folded, %d refused, project %v", ok.Load(), refused.Load(), p.ProjectID)
	}
	h := w.hazard(t, p)
	if n := must1(w.client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("fold")).Count(policy.System(context.Background()))); n != 1 {
		t.Errorf("%d fold events", n)
	}
	if n := must1(w.client.OccupationPoint.Query().Where(occupationpoint.ProjectIDIn(a.ID, b.ID)).Count(policy.System(context.Background()))); n != 1 {
		t.Errorf("%d points folded", n)
	}
}

func ptr[T any](v T) *T { return &v }

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

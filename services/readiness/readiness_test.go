package readiness_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/readinessevent"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/readiness"
	"github.com/hearthsafety/hearth/storage"
)

// The campaign walked through the service, without HTTP, on a database made
// by the real migrations (SQLite, or PostgreSQL with
// HEARTH_TEST_DATABASE_URL): a district with a heating company whose
// register (written with ent, as the register's service would) has a boiler
// whose internal inspection falls inside the season and a safety valve due
// before the deadline.

type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixNano()) }

type world struct {
	client                         *ent.Client
	svc                            *readiness.Service
	clock                          *clock
	tenant                         uuid.UUID
	bureau, heat, street1, street2 uuid.UUID
	site1, site2                   uuid.UUID
	boiler, valve, pump, gauge     uuid.UUID
	asBureau, asHeat, asS1, asS2   context.Context
	bureauV, heatV, street1V, st2V *policy.Viewer
	loc                            *time.Location
}

func newWorld(t testing.TB) *world {
	db := migrationstest.Open(t)
	w := &world{client: db.Client, clock: &clock{}}
	w.loc, _ = time.LoadLocation("Asia/Shanghai")
	w.clock.set(time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC)) // 2026-03-20 10:00 in Tianjin
	sys := policy.System(context.Background())
	tx, err := w.client.Tx(sys)
	must(t, err)
	tn := must1(tx.Tenant.Create().SetSlug("nankai").SetName("南开区").SetTimezone("Asia/Shanghai").Save(sys))
	w.tenant = tn.ID
	org := func(name string, kind enum.OrgKind) uuid.UUID {
		return must1(tx.Org.Create().SetTenantID(tn.ID).SetName(name).SetKind(kind).Save(sys)).ID
	}
	w.bureau, w.heat = org("南开区城市管理委员会", enum.OrgBureau), org("南开区供热服务中心", enum.OrgHeatingCompany)
	w.street1, w.street2 = org("体育中心街", enum.OrgStreet), org("学府街", enum.OrgStreet)
	viewer := func(name, role string, o uuid.UUID, kind enum.OrgKind) *policy.Viewer {
		u := must1(tx.User.Create().SetTenantID(tn.ID).SetUsername(name).SetDisplayName(name).SetPasswordHash("x").SetOrgID(o).Save(sys))
		return &policy.Viewer{UserID: u.ID, Username: name, DisplayName: name, TenantID: tn.ID, TenantSlug: "nankai",
			Timezone: "Asia/Shanghai", OrgID: o, OrgKind: kind, Roles: []string{role}, Streets: []uuid.UUID{o}}
	}
	w.bureauV = viewer("赵敏", policy.RoleBureauAdmin, w.bureau, enum.OrgBureau)
	w.heatV = viewer("周涛", policy.RoleCompanyAdmin, w.heat, enum.OrgHeatingCompany)
	w.street1V = viewer("李娜", policy.RoleStreetOfficer, w.street1, enum.OrgStreet)
	w.st2V = viewer("刘洋", policy.RoleStreetOfficer, w.street2, enum.OrgStreet)
	site := func(name string, street uuid.UUID) uuid.UUID {
		return must1(tx.Site.Create().SetTenantID(tn.ID).SetCompanyID(w.heat).SetStreetID(street).
			SetKind(enum.SiteBoilerRoom).SetName(name).SetAddress(name + "1号").Save(sys)).ID
	}
	w.site1, w.site2 = site("时代奥城锅炉房", w.street1), site("鞍山西道锅炉房", w.street2)
	unit := func(name string, kind enum.EquipmentKind, s, street uuid.UUID) uuid.UUID {
		return must1(tx.Equipment.Create().SetTenantID(tn.ID).SetCompanyID(w.heat).SetStreetID(street).SetSiteID(s).
			SetKind(kind).SetName(name).SetCondition(enum.ConditionIntact).Save(sys)).ID
	}
	w.boiler = unit("3#锅炉", enum.EquipBoiler, w.site1, w.street1)
	w.valve = unit("1#锅炉安全阀A", enum.EquipSafetyValve, w.site2, w.street2)
	w.pump = unit("2#循环泵", enum.EquipCirculationPump, w.site1, w.street1)
	w.gauge = unit("出水压力表", enum.EquipPressureGauge, w.site1, w.street1)
	clock := func(e uuid.UUID, street uuid.UUID, typ enum.InspectionType, due string, test enum.ReadinessTest) {
		must1(tx.InspectionClock.Create().SetTenantID(tn.ID).SetCompanyID(w.heat).SetStreetID(street).SetEquipmentID(e).
			SetType(typ).SetDueOn(due).SetState(enum.StateValid).SetReadiness(test).Save(sys))
	}
	clock(w.boiler, w.street1, enum.InspInternal, "2027-01-15", enum.TestThroughEnd)
	clock(w.boiler, w.street1, enum.InspExternal, "2026-12-08", enum.TestOnStart)
	clock(w.valve, w.street2, enum.InspValveCalibration, "2026-10-21", enum.TestOnStart)
	clock(w.gauge, w.street1, enum.InspGaugeVerification, "2027-01-20", enum.TestOnStart)
	must(t, tx.Commit())
	bg := context.Background()
	w.asBureau, w.asHeat = policy.NewContext(bg, w.bureauV), policy.NewContext(bg, w.heatV)
	w.asS1, w.asS2 = policy.NewContext(bg, w.street1V), policy.NewContext(bg, w.st2V)
	engine := reminders.NewEngine(w.client, nil, nil, w.clock.now)
	lg := ledger.New(w.client, engine, storage.Dir{Root: t.TempDir()}, w.clock.now)
	w.svc = readiness.New(w.client, engine, storage.Dir{Root: t.TempDir()}, lg, w.clock.now)
	return w
}

// sysTx writes under System in a transaction, as the register's service
// would (audited writes need one).
func (w *world) sysTx(t testing.TB, fn func(tx *ent.Tx) error) {
	t.Helper()
	must(t, w.tx(fn))
}

// tx runs fn in a transaction under System.
func (w *world) tx(fn func(tx *ent.Tx) error) error {
	return services.InTx(policy.System(context.Background()), w.client, fn)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// must1 is v, or a panic (failing the test) on an error.
func must1[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// code is the stable code of a refusal ("" for none).
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

// rungs are a subject's scheduled reminders as rung → local time.
func (w *world) rungs(t *testing.T, subject string, id uuid.UUID) map[string]string {
	t.Helper()
	rs := must1(w.client.Reminder.Query().Where(reminder.Subject(subject), reminder.SubjectID(id),
		reminder.StateEQ(reminder.StateScheduled)).All(policy.System(context.Background())))
	out := map[string]string{}
	for _, r := range rs {
		out[r.Rung] = r.DueAt.In(w.loc).Format("2006-01-02 15:04") + " " + strings.Join(r.Audience, ",")
	}
	return out
}

func TestCampaign(t *testing.T) {
	w := newWorld(t)

	// The season with Tianjin's defaults; its summaries on 10-15 (Thu) and
	// 10-25, a Sunday, moved to Friday 10-23.
	if _, err := w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027", HeatingEnd: ptr("2026-11-01")}); code(err) != "validation_failed" {
		t.Fatalf("heating ending before it starts: %v", err)
	}
	se := must1(w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	if se.CampaignStart != "2026-03-16" || se.ReadinessDeadline != "2026-10-31" || se.HeatingStart != "2026-11-15" || se.HeatingEnd != "2027-03-15" {
		t.Fatalf("season dates %+v", se)
	}
	if _, err := w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027"}); code(err) != "season_exists" {
		t.Errorf("a second 2026-2027: %v", err)
	}
	if got, want := w.rungs(t, readiness.SeasonSubject, se.ID), map[string]string{
		"d16": "2026-10-15 09:00 bureau", "d6": "2026-10-23 09:00 bureau"}; !maps(got, want) {
		t.Errorf("season rungs %v, want %v", got, want)
	}

	// The plan, with the register's items: the boiler's internal inspection
	// (inside the season, needs a shutdown) and the valve (due 10-21).
	p, n, err := w.svc.CreatePlan(w.asHeat, readiness.PlanInput{SeasonID: se.ID})
	must(t, err)
	if n != 2 {
		t.Fatalf("generated %d items, want 2", n)
	}
	if _, _, err := w.svc.CreatePlan(w.asBureau, readiness.PlanInput{SeasonID: se.ID, CompanyID: &w.heat}); code(err) != "plan_exists" {
		t.Errorf("a twin plan: %v", err)
	}
	if _, n, err := w.svc.Generate(w.asHeat, p.ID); err != nil || n != 0 {
		t.Errorf("generating again added %d (%v)", n, err)
	}
	items := must1(w.client.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID)).Order(ent.Asc(readinessitem.FieldDueOn)).All(w.asHeat))
	valveItem, boilerItem := items[0], items[1]
	if valveItem.Title != "1#锅炉安全阀A 安全阀校验：提前至10月21日前完成" || valveItem.StreetID != w.street2 ||
		boilerItem.Category != enum.ItemBoilerAux || boilerItem.DueOn != "2026-10-31" {
		t.Errorf("generated items %+v / %+v", valveItem, boilerItem)
	}
	// T-14 on the National Day holiday moves to 09-30, T-3 on a Sunday to
	// Friday; the bureau hears at the end of the working day after.
	if got, want := w.rungs(t, readiness.ItemSubject, valveItem.ID), map[string]string{
		"d14": "2026-09-30 09:00 company", "d3": "2026-10-16 09:00 company", "d1": "2026-10-20 09:00 company",
		"e0": "2026-10-23 00:00 bureau"}; !maps(got, want) {
		t.Errorf("item rungs %v, want %v", got, want)
	}

	// A manual item, and the scope of items.
	manual := must1(w.svc.AddItem(w.asHeat, p.ID, readiness.ItemInput{Category: enum.ItemExchangeStation, SiteID: &w.site1,
		Title: "换热站板换清洗", QtyPlanned: 2, Unit: "台", DueOn: "2026-09-30"}))
	if _, err := w.svc.AddItem(w.asHeat, p.ID, readiness.ItemInput{Category: enum.ItemOther, Title: "x", DueOn: "2026-11-30"}); code(err) != "validation_failed" {
		t.Errorf("an item due after the deadline: %v", err)
	}
	if _, err := w.svc.Item(w.asS2, p.ID, manual.ID); !ent.IsNotFound(err) {
		t.Errorf("another street reads the item: %v", err)
	}

	// Declaring now lists every blocker.
	w.clock.set(time.Date(2026, 10, 26, 2, 0, 0, 0, time.UTC))
	_, err = w.svc.Declare(w.asHeat, p.ID, "")
	var e *services.Error
	if !errors.As(err, &e) || e.Code != "not_ready" {
		t.Fatalf("declaring with open items: %v", err)
	}
	var kinds []string
	for _, b := range e.Extra["blockers"].([]readiness.Blocker) {
		kinds = append(kinds, b.Code)
	}
	if want := []string{"item_open", "item_open", "item_open", "inspection_invalid", "inspection_invalid"}; !slices.Equal(kinds, want) {
		t.Errorf("blockers %v, want %v", kinds, want)
	}

	// Items: done needs evidence and the quantity; the street verifies.
	if _, err := w.svc.Take(w.asHeat, p.ID, manual.ID, readiness.Done, readiness.StepInput{}); code(err) != "evidence_required" {
		t.Errorf("done without evidence: %v", err)
	}
	if _, err := w.svc.Take(w.asHeat, p.ID, manual.ID, readiness.Done, readiness.StepInput{Note: "已清洗"}); code(err) != "validation_failed" {
		t.Errorf("done without the quantity: %v", err)
	}
	two := 2.0
	done := must1(w.svc.Take(w.asHeat, p.ID, manual.ID, readiness.Done, readiness.StepInput{Note: "两台板换已清洗", QtyDone: &two}))
	if done.DoneOn == nil || *done.DoneOn != "2026-10-26" {
		t.Errorf("done on %v", done.DoneOn)
	}
	if _, err := w.svc.Take(w.asS2, p.ID, manual.ID, readiness.Verify, readiness.StepInput{}); !ent.IsNotFound(err) {
		t.Errorf("another street verifies: %v", err)
	}
	if _, err := w.svc.Take(w.asS1, p.ID, manual.ID, readiness.Reject, readiness.StepInput{}); code(err) != "validation_failed" {
		t.Errorf("a rejection without a reason: %v", err)
	}
	must1(w.svc.Take(w.asS1, p.ID, manual.ID, readiness.Reject, readiness.StepInput{Note: "缺照片"}))
	must1(w.svc.Attach(w.asHeat, p.ID, manual.ID, readiness.Document{Filename: "板换.pdf", Data: []byte("%PDF-1.4\n%test\n")}))
	must1(w.svc.Take(w.asHeat, p.ID, manual.ID, readiness.Done, readiness.StepInput{}))
	if it := must1(w.svc.Take(w.asS1, p.ID, manual.ID, readiness.Verify, readiness.StepInput{})); it.VerifiedByName != "李娜" {
		t.Errorf("verified by %q", it.VerifiedByName)
	}
	if got := w.rungs(t, readiness.ItemSubject, manual.ID); len(got) != 0 {
		t.Errorf("a verified item keeps rungs %v", got)
	}
	must1(w.svc.Take(w.asHeat, p.ID, valveItem.ID, readiness.Done, readiness.StepInput{Note: "10-25 校验合格，报告 JY-1", QtyDone: ptrF(1)}))
	must1(w.svc.Take(w.asBureau, p.ID, boilerItem.ID, readiness.Waive, readiness.StepInput{Note: "停炉计划已报登记机关，安排在下一非采暖季"}))

	// The register still shows the inspections out of date: still blocked.
	bl := must1(w.svc.Check(w.asHeat, p.ID))
	if len(bl) != 2 || bl[0].Code != readiness.BlockInspection {
		t.Fatalf("blockers after the items: %+v", bl)
	}
	// The valve's new record and the boiler's internal inspection brought
	// forward (as the register's service writes them) unblock it.
	sys := policy.System(context.Background())
	w.sysTx(t, func(tx *ent.Tx) error { return tx.InspectionClock.Update().SetDueOn("2027-10-25").Exec(sys) })
	// A defective unit blocks too.
	w.sysTx(t, func(tx *ent.Tx) error {
		return tx.Equipment.UpdateOneID(w.pump).SetCondition(enum.ConditionDefective).Exec(sys)
	})
	if bl := must1(w.svc.Check(w.asHeat, p.ID)); len(bl) != 1 || bl[0].Code != readiness.BlockDefective || *bl[0].EquipmentID != w.pump {
		t.Fatalf("blockers with a defective pump: %+v", bl)
	}
	w.sysTx(t, func(tx *ent.Tx) error {
		return tx.Equipment.UpdateOneID(w.pump).SetCondition(enum.ConditionIntact).Exec(sys)
	})

	// The board before the declaration.
	b := must1(w.svc.BoardOf(w.asBureau, "2026-2027", "company"))
	if len(b.Rows) != 1 || b.Rows[0].Name != "南开区供热服务中心" || b.Rows[0].IntactRate.Numerator != 4 ||
		b.Rows[0].OverhaulRate.Numerator != 2 || b.Rows[0].OverhaulRate.Denominator != 2 ||
		b.Rows[0].InspectionRate.Numerator != 3 || b.Rows[0].InspectionRate.Denominator != 3 {
		t.Errorf("board row %+v", b.Rows)
	}
	bs := must1(w.svc.BoardOf(w.asS1, "2026-2027", "street"))
	if len(bs.Rows) != 1 || bs.Rows[0].Name != "体育中心街" || bs.Rows[0].IntactRate.Denominator != 3 {
		t.Errorf("a street's board %+v", bs.Rows)
	}
	if len(b.Trend) == 0 || b.Trend[len(b.Trend)-1].Rate.Numerator != 2 {
		t.Errorf("trend %+v", b.Trend)
	}

	// Declared; accepted with a condition and a finding, in one go.
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptPass, InspectedOn: "2026-10-26"}); code(err) != "invalid_transition" {
		t.Errorf("accepting an undeclared plan: %v", err)
	}
	p = must1(w.svc.Declare(w.asHeat, p.ID, "具备供热条件"))
	if p.Status != enum.PlanDeclared || p.DeclaredByName != "周涛" {
		t.Errorf("declared: %+v", p)
	}
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-10-26"}); code(err) != "validation_failed" {
		t.Errorf("conditional without a condition: %v", err)
	}
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptFail, InspectedOn: "2026-10-26"}); code(err) != "validation_failed" {
		t.Errorf("fail without a note: %v", err)
	}
	if _, _, err := w.svc.Accept(w.asS1, p.ID, readiness.AcceptInput{Result: enum.AcceptPass, InspectedOn: "2026-10-26",
		Findings: []readiness.FindingInput{{Description: "x", SiteID: w.site2, Level: enum.LevelGeneral, Deadline: "2026-11-10"}}}); code(err) != "validation_failed" {
		t.Errorf("a street's finding outside its street: %v", err)
	}
	acc, p, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-10-26",
		Note:       "3#锅炉内部检验列为整改事项",
		Conditions: []readiness.ConditionInput{{Title: "3#锅炉内部检验：停炉后完成", DueOn: "2027-04-30", SiteID: &w.site1}},
		Findings:   []readiness.FindingInput{{Description: "锅炉房应急照明失效", SiteID: w.site1, Level: enum.LevelGeneral, Deadline: "2026-11-10"}}})
	must(t, err)
	if p.Status != enum.PlanConditional || len(acc.ItemIds) != 1 || len(acc.HazardIds) != 1 {
		t.Fatalf("acceptance %+v, plan %s", acc, p.Status)
	}
	h := must1(w.client.Hazard.Get(w.asBureau, acc.HazardIds[0]))
	if h.SiteID == nil || *h.SiteID != w.site1 || h.CompanyID != w.heat || h.StreetID != w.street1 || h.Source != enum.SourceBureauInspection {
		t.Errorf("finding's hazard %+v", h)
	}
	cond := must1(w.client.ReadinessItem.Get(w.asHeat, acc.ItemIds[0]))
	if cond.Source != enum.FromCondition || cond.DueOn != "2027-04-30" {
		t.Errorf("condition item %+v", cond)
	}
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptPass, InspectedOn: "2026-10-26"}); code(err) != "invalid_transition" {
		t.Errorf("accepting twice: %v", err)
	}
	acts := must1(w.client.ReadinessEvent.Query().Where(readinessevent.PlanID(p.ID), readinessevent.ItemIDIsNil()).
		Order(ent.Asc(readinessevent.FieldAt), ent.Asc(readinessevent.FieldID)).Select(readinessevent.FieldAction).Strings(w.asHeat))
	if want := []string{"create", "generate", "declare", "accept"}; !slices.Equal(acts, want) {
		t.Errorf("plan history %v, want %v", acts, want)
	}
}

func TestSeasonSummary(t *testing.T) {
	w := newWorld(t)
	se := must1(w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	w.sysTx(t, func(tx *ent.Tx) error {
		return tx.Org.Create().SetTenantID(w.tenant).SetName("天津市华苑供热有限公司").SetKind(enum.OrgHeatingCompany).Exec(policy.System(context.Background()))
	})
	must2(w.svc.CreatePlan(w.asHeat, readiness.PlanInput{SeasonID: se.ID}))
	src, ok := reminders.Lookup(readiness.SeasonSubject)
	if !ok {
		t.Fatal("no season source")
	}
	subs := must1(src.Load(policy.System(context.Background()), w.client, []uuid.UUID{se.ID}))
	n := src.Say(subs[0], reminders.Occasion{Kind: enum.ReminderDueSoon, DaysLeft: 16})
	want := "2026-2027 采暖季供热准备：距完成期限 2026-10-31 还有 16 天，2 家供热企业中 2 家尚未具备供热条件："
	if !strings.HasPrefix(n.Text, want) || !strings.Contains(n.Text, "南开区供热服务中心（未完成任务 2、检验不满足 2）") ||
		!strings.Contains(n.Text, "天津市华苑供热有限公司（未建立任务清单）") {
		t.Errorf("summary says %q", n.Text)
	}
}

func must2[A, B any](a A, b B, err error) {
	if err != nil {
		panic(err)
	}
}

func ptrF(f float64) *float64 { return &f }

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAcceptUndeclared: the gate refuses the declaration, yet the bureau
// may accept the plan with conditions and its reason (programmes §1.4); a
// street may not, nor pass it outright, nor without a reason, and the
// blockers it overrode stay in the plan's history.
func TestAcceptUndeclared(t *testing.T) {
	w := newWorld(t)
	se := must1(w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	p, _, err := w.svc.CreatePlan(w.asHeat, readiness.PlanInput{SeasonID: se.ID})
	must(t, err)
	w.clock.set(time.Date(2026, 11, 5, 2, 0, 0, 0, time.UTC))
	cond := []readiness.ConditionInput{{Title: "3#锅炉内部检验安排在停炉检修期间完成", DueOn: "2027-03-31", SiteID: &w.site1}}
	if _, _, err := w.svc.Accept(w.asS1, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-11-05",
		Note: "现场核查", Conditions: cond}); code(err) != "invalid_transition" {
		t.Errorf("a street accepting an undeclared plan: %v", err)
	}
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptPass, InspectedOn: "2026-11-05"}); code(err) != "invalid_transition" {
		t.Errorf("passing an undeclared plan outright: %v", err)
	}
	if _, _, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-11-05",
		Conditions: cond}); code(err) != "validation_failed" {
		t.Errorf("no reason: %v", err)
	}
	_, out, err := w.svc.Accept(w.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-11-05",
		Note: "3#锅炉内部检验已报登记机关延至停炉检修，其余整改完毕", Conditions: cond})
	must(t, err)
	if out.Status != enum.PlanConditional {
		t.Fatalf("status %s", out.Status)
	}
	ev := must1(w.client.ReadinessEvent.Query().Where(readinessevent.PlanID(p.ID), readinessevent.Action("accept")).Only(w.asBureau))
	if ev.Details["undeclared"] != true || len(ev.Details["blockers"].([]any)) == 0 {
		t.Errorf("history details %v", ev.Details)
	}
}

package seed

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/renovation"
	"github.com/hearthsafety/hearth/storage"
)

// The renovation demo (programmes §2.6): 南开区's 2026 old-pipeline plan,
// 88.0 km and 387 occupation points, its ten projects played through the
// year by the bureau and the two gas companies — status moves, monthly
// progress reports and the bureau's decisions on them — to their state on
// 2026-11-25: 71.3 km done (81.0 %), project 6 挂牌督办, project 10
// suspended. The points (each a ledger hazard) are recorded in batches,
// folded into the project of their street, eliminated with a photo and
// verified (销号) by the street office or the bureau's inspector; twelve
// are deferred with a warning post and a weekly patrol. Every figure is
// fixed here; nothing is drawn at random.

// DemoRenovationDay is the day the demo's state is that of programmes §2.6.
const DemoRenovationDay = "2026-11-25"

const (
	demoGas1 = "津燃华润燃气有限公司"
	demoGas2 = "天津市南开燃气服务有限公司" // the risers of 天大 and 广开四马路
)

// demoMove is a status move of a project on a day.
type demoMove struct {
	on     string
	to     enum.ProjectStatus
	reason string
}

// demoProject is one line of the §2.6 table, with its year: the moves, the
// km (and households) done by DemoRenovationDay, its points (verified,
// eliminated awaiting verification, still open: in progress or, in a
// suspended project, planned), how many of them lie on its medium-pressure
// main (the last ones of its list: the open ones first), and the days its
// points were eliminated and verified.
type demoProject struct {
	name, street, community string
	scope                   enum.ScopeType
	reason                  enum.AgingReason
	pressure                enum.PressureLevel
	material, dn            string
	km                      float64
	households              int
	start, end              string
	company                 string
	moves                   []demoMove
	doneKm                  float64
	doneHouseholds          int
	verified, eliminated    int
	open                    int
	major                   int
	eliminatedOn            string
	verifiedOn              string
}

func demoProjects() []demoProject {
	mv := func(pairs ...string) []demoMove {
		var out []demoMove
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, demoMove{on: pairs[i], to: enum.ProjectStatus(pairs[i+1])})
		}
		return out
	}
	return []demoProject{
		{name: "凌宾路市政中压管改造", street: "体育中心街", community: "体育中心街凌宾路社区", scope: enum.ScopeMunicipal,
			reason: enum.AgingGreyCastIron, pressure: enum.PressureMediumA, material: "灰口铸铁管", dn: "DN300-DN400", km: 9.6,
			start: "2026-03-01", end: "2026-08-31", company: demoGas1,
			moves:  mv("2026-02-16", "preparing", "2026-03-02", "in_construction", "2026-08-18", "completed", "2026-08-26", "gas_restored", "2026-09-22", "accepted"),
			doneKm: 9.6, verified: 30, major: 12, eliminatedOn: "2026-08-27", verifiedOn: "2026-09-15"},
		{name: "时代奥城片区庭院管改造", street: "体育中心街", community: "体育中心街时代奥城社区", scope: enum.ScopeCourtyard,
			reason: enum.AgingSteelPe20y, pressure: enum.PressureLow, material: "钢管", dn: "DN50-DN150", km: 8.2,
			start: "2026-03-16", end: "2026-09-30", company: demoGas1,
			moves:  mv("2026-03-02", "preparing", "2026-03-16", "in_construction", "2026-09-18", "completed", "2026-10-12", "gas_restored"),
			doneKm: 8.2, verified: 28, eliminated: 3, eliminatedOn: "2026-10-14", verifiedOn: "2026-10-28"},
		{name: "南开大学社区庭院管改造", street: "学府街", community: "学府街南开大学社区", scope: enum.ScopeCourtyard,
			reason: enum.AgingSteelPe20y, pressure: enum.PressureLow, material: "钢管", dn: "DN50-DN200", km: 7.4,
			start: "2026-04-01", end: "2026-10-31", company: demoGas1,
			moves:  mv("2026-03-16", "preparing", "2026-04-01", "in_construction", "2026-10-27", "completed"),
			doneKm: 7.4, verified: 40, eliminated: 4, eliminatedOn: "2026-09-10", verifiedOn: "2026-10-20"},
		{name: "天大社区立管改造", street: "学府街", community: "学府街天大社区", scope: enum.ScopeRiser,
			reason: enum.AgingRiser20y, pressure: enum.PressureLow, material: "镀锌钢管", dn: "DN25-DN80", km: 6.8, households: 3100,
			start: "2026-04-15", end: "2026-11-30", company: demoGas2,
			moves:  mv("2026-04-01", "preparing", "2026-04-16", "in_construction"),
			doneKm: 4.9, doneHouseholds: 2230, verified: 12, eliminated: 2, open: 12, eliminatedOn: "2026-08-20", verifiedOn: "2026-09-18"},
		{name: "鼓楼东片区庭院管改造", street: "鼓楼街", community: "鼓楼街鼓楼东社区", scope: enum.ScopeCourtyard,
			reason: enum.AgingGreyCastIron, pressure: enum.PressureLow, material: "灰口铸铁管", dn: "DN100-DN200", km: 10.5,
			start: "2026-04-01", end: "2026-12-15", company: demoGas1,
			moves:  mv("2026-03-18", "preparing", "2026-04-02", "in_construction"),
			doneKm: 7.7, verified: 30, eliminated: 3, open: 10, eliminatedOn: "2026-08-12", verifiedOn: "2026-09-10"},
		{name: "仓廒片区中低压管改造", street: "鼓楼街", community: "鼓楼街仓廒社区", scope: enum.ScopeMunicipal,
			reason: enum.AgingOccupation, pressure: enum.PressureMediumA, material: "钢管", dn: "DN100-DN300", km: 9.1,
			start: "2026-04-01", end: "2026-11-30", company: demoGas1,
			moves:  mv("2026-03-18", "preparing", "2026-04-08", "in_construction"),
			doneKm: 5.0, verified: 28, eliminated: 4, open: 18, major: 12, eliminatedOn: "2026-09-22", verifiedOn: "2026-10-20"},
		{name: "万德庄片区庭院管改造", street: "广开街", community: "广开街万德庄社区", scope: enum.ScopeCourtyard,
			reason: enum.AgingSteelPe20y, pressure: enum.PressureLow, material: "钢管", dn: "DN50-DN150", km: 11.3,
			start: "2026-03-20", end: "2026-09-30", company: demoGas1,
			moves:  mv("2026-03-05", "preparing", "2026-03-20", "in_construction", "2026-10-20", "completed"),
			doneKm: 11.3, verified: 36, eliminated: 2, eliminatedOn: "2026-09-25", verifiedOn: "2026-10-23"},
		{name: "南门外大街市政管改造", street: "广开街", community: "广开街南门外社区", scope: enum.ScopeMunicipal,
			reason: enum.AgingDuctileIronUnsafe, pressure: enum.PressureMediumB, material: "球墨铸铁管", dn: "DN200-DN300", km: 7.9,
			start: "2026-03-10", end: "2026-08-31", company: demoGas1,
			moves:  mv("2026-02-24", "preparing", "2026-03-10", "in_construction", "2026-08-25", "completed", "2026-09-03", "gas_restored"),
			doneKm: 7.9, verified: 40, eliminated: 3, major: 16, eliminatedOn: "2026-09-05", verifiedOn: "2026-09-24"},
		{name: "广开四马路片区立管改造", street: "兴南街", community: "兴南街广开四马路社区", scope: enum.ScopeRiser,
			reason: enum.AgingRiser20y, pressure: enum.PressureLow, material: "镀锌钢管", dn: "DN25-DN80", km: 5.6, households: 2400,
			start: "2026-05-06", end: "2026-12-20", company: demoGas2,
			moves:  mv("2026-04-20", "preparing", "2026-05-06", "in_construction"),
			doneKm: 3.1, doneHouseholds: 1330, verified: 14, eliminated: 2, open: 14, eliminatedOn: "2026-09-16", verifiedOn: "2026-10-16"},
		{name: "兴南片区庭院管改造", street: "兴南街", community: "兴南街兴南社区", scope: enum.ScopeCourtyard,
			reason: enum.AgingOccupation, pressure: enum.PressureLow, material: "钢管", dn: "DN50-DN150", km: 11.6,
			start: "2026-04-10", end: "2026-11-30", company: demoGas1,
			moves: append(mv("2026-03-25", "preparing", "2026-04-10", "in_construction"),
				demoMove{on: "2026-09-08", to: enum.ProjectSuspended, reason: "协调拆违：兴南社区沿线违建房屋拆除协调中，暂停施工"}),
			doneKm: 6.2, verified: 18, eliminated: 2, open: 20, eliminatedOn: "2026-08-20", verifiedOn: "2026-09-02"},
	}
}

// demoDeferred are the points deferred by the bureau, by street: how many,
// and how many of them lie on a medium-pressure main.
var demoDeferred = []struct {
	street, community string
	n, major          int
}{
	{"体育中心街", "体育中心街凌宾路社区", 1, 0},
	{"学府街", "学府街天大社区", 1, 0},
	{"鼓楼街", "鼓楼街仓廒社区", 5, 2},
	{"广开街", "广开街南门外社区", 3, 1},
	{"兴南街", "兴南街兴南社区", 2, 0},
}

// demoOccupiers are the points' occupier types and counts (§2.6, 387).
var demoOccupiers = []struct {
	t     enum.OccupierType
	n     int
	names []string
}{
	{enum.OccupierBuilding, 141, []string{"私搭住房", "违建厨房", "违建门脸房", "自建储藏间"}},
	{enum.OccupierShed, 97, []string{"彩钢板房", "施工临建", "彩钢库房"}},
	{enum.OccupierStall, 58, []string{"便民菜摊", "早点铺", "修车摊", "水果店外延"}},
	{enum.OccupierStorage, 44, []string{"建筑材料堆放", "废品堆放", "杂物堆放"}},
	{enum.OccupierCarport, 25, []string{"自行车棚", "电动车充电棚"}},
	{enum.OccupierGreenery, 22, []string{"行道树", "绿化灌木"}},
}

// demoOccupier is the occupier of the demo's point g (0..386): the
// types in their counts, spread over the points by a fixed stride.
func demoOccupier(g int) (enum.OccupierType, string) {
	total := 0
	for _, o := range demoOccupiers {
		total += o.n
	}
	k := g * 97 % total // 97 is prime to 387: every slot once
	for _, o := range demoOccupiers {
		if k < o.n {
			return o.t, o.names[k%len(o.names)]
		}
		k -= o.n
	}
	panic("unreachable")
}

// demoPoint is the demo's point g in community of street, on a main of
// pressure (major when medium or above), of pipe material and dn.
func demoPoint(g int, company, street, community uuid.UUID, owner, communityName string, pressure enum.PressureLevel, material, dn string) renovation.PointInput {
	t, name := demoOccupier(g)
	sides := []string{"东侧", "西侧", "南侧", "北侧", "院内"}
	short := communityName[strings.Index(communityName, "街")+len("街"):]
	day := 5 + g%45 // the 2026 survey: 01-05 .. 02-18
	found := fmt.Sprintf("2026-%02d-%02d", 1+(day-1)/31, 1+(day-1)%31)
	src := enum.FoundSurvey
	switch g % 7 {
	case 3:
		src = enum.FoundPatrol
	case 5:
		src = enum.FoundStreetInspection
	}
	if pressure != enum.PressureLow {
		dn = "DN300"
	}
	return renovation.PointInput{CompanyID: &company, StreetID: street, CommunityID: &community,
		Address:      fmt.Sprintf("南开区%s%d号楼%s", strings.TrimSuffix(short, "社区"), 1+g%36, sides[g%len(sides)]),
		PipePressure: pressure, PipeDn: dn, PipeMaterial: material, PipeOwner: owner, OccupierType: t,
		OccupierName: name, DiscoveredOn: found, Source: src, Deadline: "2026-12-31"}
}

// RenovationDemo writes the renovation demo into the 南开区 demo district
// (Demo first). engine plans the reminders (nil: none); store keeps the
// photos.
func RenovationDemo(ctx context.Context, client *ent.Client, engine *reminders.Engine, store storage.Store) error {
	sys := policy.System(ctx)
	t, err := client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		return fmt.Errorf("renovation demo: %w", err)
	}
	orgs, err := client.Org.Query().Where(org.TenantID(t.ID)).All(sys)
	if err != nil {
		return err
	}
	orgID := map[string]uuid.UUID{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	clk := &demoClock{}
	lg := ledger.New(client, engine, store, clk.now)
	rn := renovation.New(client, engine, store, lg, clk.now)
	who := map[string]context.Context{}
	for _, u := range []string{"bureau.admin", "bureau.inspector", "gas1.admin", "gas1.clerk", "gas2.clerk", "street.guangkai", "street.xingnan"} {
		if who[u], err = demoViewer(ctx, client, t.ID, u); err != nil {
			return err
		}
	}
	bureau := who["bureau.admin"]
	companyOf := map[string]context.Context{demoGas1: who["gas1.admin"], demoGas2: who["gas2.clerk"]}
	clerkOf := map[string]context.Context{demoGas1: who["gas1.clerk"], demoGas2: who["gas2.clerk"]}
	verifierOf := func(street string) context.Context {
		switch street {
		case "广开街":
			return who["street.guangkai"]
		case "兴南街":
			return who["street.xingnan"]
		}
		return who["bureau.inspector"]
	}

	clk.at("2026-01-12")
	plan, err := rn.CreatePlan(bureau, renovation.PlanInput{Year: 2026, Name: "2026年燃气旧管网改造计划", TargetKm: 88.0,
		TargetPoints: 387, CompanyIDs: []uuid.UUID{orgID[demoGas1], orgID[demoGas2]}, DueOn: "2026-12-31",
		Basis:  "国办发〔2022〕22号《城市燃气管道等老化更新改造实施方案（2022—2025年）》；区2026年民心工程",
		Status: ptrTo(enum.RPlanApproved), Note: "实施单位津燃华润燃气有限公司；天大社区、广开四马路社区立管改造由天津市南开燃气服务有限公司实施"})
	if err != nil {
		return fmt.Errorf("renovation demo plan: %w", err)
	}
	projects := demoProjects()
	rows := make([]*ent.RenovationProject, len(projects))
	clk.at("2026-01-20")
	for i, d := range projects {
		community := orgID[d.community]
		in := renovation.ProjectInput{PlanID: plan.ID, CompanyID: orgID[d.company], StreetID: orgID[d.street],
			CommunityID: &community, Name: d.name, ScopeType: d.scope, AgingReason: d.reason, MaterialBefore: d.material,
			PressureLevel: d.pressure, DnRange: d.dn, PlannedKm: d.km, PlannedHouseholds: d.households,
			PlannedStart: d.start, PlannedEnd: d.end, BuildUnit: d.company, ConstructionUnit: "天津市燃气工程有限公司",
			SupervisionUnit: "天津市建设监理有限公司", Contact: "工程部 022-27350000"}
		if rows[i], err = rn.CreateProject(bureau, in); err != nil {
			return fmt.Errorf("renovation demo project %d: %w", i+1, err)
		}
	}

	// The year as it ran: every step on its day, in order.
	type step struct {
		on string
		do func() error
	}
	var steps []step
	add := func(on string, do func() error) { steps = append(steps, step{on, do}) }
	add("2026-03-02", func() error {
		p, err := rn.PatchPlan(bureau, plan.ID, plan.Version, renovation.PlanPatch{Status: ptrTo(enum.RPlanInProgress)})
		plan = p
		return err
	})
	g := 0 // the demo's point number, 0..386
	for i, d := range projects {
		i, d := i, d
		company := companyOf[d.company]
		for _, m := range d.moves {
			m := m
			by := company
			if m.to == enum.ProjectAccepted {
				by = bureau
			}
			add(m.on, func() error {
				_, err := rn.MoveStatus(by, rows[i].ID, renovation.MoveInput{To: m.to, Reason: m.reason})
				return err
			})
		}
		// Its points: recorded by the bureau from the survey and folded
		// into it the day its construction began (so they start in
		// progress); the first ones eliminated with a photo and verified.
		n := d.verified + d.eliminated + d.open
		ins := make([]renovation.PointInput, n)
		for k := range ins {
			pressure := enum.PressureLow
			if k >= n-d.major {
				pressure = d.pressure
			}
			ins[k] = demoPoint(g, orgID[d.company], orgID[d.street], orgID[d.community], d.company, d.community, pressure, d.material, d.dn)
			g++
		}
		var ids []uuid.UUID
		add(buildOf(d), func() error {
			pts, err := rn.CreatePoints(bureau, &rows[i].ID, ins)
			for _, p := range pts {
				ids = append(ids, p.ID)
			}
			return err
		})
		if d.verified+d.eliminated > 0 {
			add(d.eliminatedOn, func() error {
				_, err := rn.EliminateMany(clerkOf[d.company], ids[:d.verified+d.eliminated],
					renovation.NoteInput{Note: "随" + d.name + "新管通气，原占压管段已停用切改，占压消除"},
					&renovation.Document{Filename: "占压消除现场照片.png", Data: demoPhoto()})
				return err
			})
		}
		if d.verified > 0 {
			add(d.verifiedOn, func() error {
				_, err := rn.VerifyMany(verifierOf(d.street), ids[:d.verified], renovation.NoteInput{Note: "现场核查占压已消除，同意销号"})
				return err
			})
		}
		for _, r := range demoReports(d) {
			r := r
			var rid uuid.UUID
			add(r.in.ReportedOn, func() error {
				x, err := rn.AddReport(company, rows[i].ID, r.in)
				if err == nil {
					rid = x.ID
				}
				return err
			})
			if r.decideOn != "" {
				add(r.decideOn, func() error {
					_, err := rn.DecideReport(bureau, rows[i].ID, rid, r.decision)
					return err
				})
			}
		}
	}
	// 挂牌督办: 仓廒 trails its plan and its points lie on a medium-pressure
	// main in a crowded old quarter.
	add("2026-07-15", func() error {
		p, err := client.RenovationProject.Get(sys, rows[5].ID)
		if err != nil {
			return err
		}
		_, _, err = rn.PatchProject(bureau, p.ID, p.Version, renovation.ProjectPatch{Supervised: ptrTo(true),
			Note: ptrTo("2026-07-15 区城管委挂牌督办：进度滞后，沿线中压管占压点位集中，每周报送进展")})
		return err
	})
	// The deferred points: recorded, then deferred by the bureau with a
	// warning post and a weekly patrol until the review.
	for _, d := range demoDeferred {
		d := d
		ins := make([]renovation.PointInput, d.n)
		for k := range ins {
			pressure := enum.PressureLow
			if k >= d.n-d.major {
				pressure = enum.PressureMediumA
			}
			ins[k] = demoPoint(g, orgID[demoGas1], orgID[d.street], orgID[d.community], demoGas1, d.community, pressure, "钢管", "DN100")
			g++
		}
		var ids []uuid.UUID
		add("2026-02-27", func() error {
			pts, err := rn.CreatePoints(bureau, nil, ins)
			for _, p := range pts {
				ids = append(ids, p.ID)
			}
			return err
		})
		add("2026-06-18", func() error {
			for _, id := range ids {
				if _, err := rn.Defer(bureau, id, renovation.DeferInput{InterimMeasures: "设置警示桩，燃气企业每周巡查一次",
					ReviewOn: "2026-12-18", Reason: "占压建筑位于规划拆迁范围，产权争议未决，暂不具备拆除或改线条件"}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	slices.SortStableFunc(steps, func(a, b step) int { return strings.Compare(a.on, b.on) })
	for _, s := range steps {
		clk.at(s.on)
		if err := s.do(); err != nil {
			return fmt.Errorf("renovation demo, %s: %w", s.on, err)
		}
	}
	return nil
}

// demoReport is a progress report of the demo and the bureau's decision
// on it (decideOn "": still pending on DemoRenovationDay).
type demoReport struct {
	in       renovation.ReportInput
	decideOn string
	decision renovation.DecisionInput
}

// demoReports are a project's monthly reports (the 25th, from the month
// its construction began) leading to its km and households done, the last
// on the day it was completed or suspended, or on DemoRenovationDay; the
// bureau accepts each three days later, but questions 仓廒's of August.
func demoReports(d demoProject) []demoReport {
	var build, final string
	for _, m := range d.moves {
		switch m.to {
		case enum.ProjectInConstruction:
			build = m.on
		case enum.ProjectCompleted, enum.ProjectSuspended:
			if final == "" {
				final = m.on
			}
		}
	}
	if final == "" {
		final = DemoRenovationDay
	}
	var days []string
	for d := dateOf(build); ; d = d.AddDate(0, 1, 0) {
		on := fmt.Sprintf("%04d-%02d-25", d.Year(), d.Month())
		if on >= final {
			break
		}
		if on > build {
			days = append(days, on)
		}
	}
	days = append(days, final)
	var out []demoReport
	for k, on := range days {
		share := float64(k+1) / float64(len(days))
		km := math.Round(d.doneKm*share*10) / 10
		hh := int(math.Round(float64(d.doneHouseholds) * share))
		r := demoReport{in: renovation.ReportInput{ReportedOn: on, KmDoneCumulative: km, HouseholdsDoneCumulative: hh,
			Note: fmt.Sprintf("截至%s累计完成管道敷设%.1f公里", on, km)}}
		if hh > 0 {
			r.in.Note += fmt.Sprintf("、立管改造%d户", hh)
		}
		decide := dateOf(on).AddDate(0, 0, 3).Format("2006-01-02")
		if decide <= DemoRenovationDay {
			r.decideOn = decide
			r.decision = renovation.DecisionInput{Decision: enum.ReportAccepted, Note: "经核实，同意"}
			if d.name == "仓廒片区中低压管改造" && on == "2026-08-25" {
				r.decision = renovation.DecisionInput{Decision: enum.ReportQuestioned,
					Note: "现场抽查实际敷设长度与报告不符，请核实后在下月报告中如实报送"}
			}
		}
		out = append(out, r)
	}
	return out
}

// dateOf is the day of a YYYY-MM-DD date (UTC).
func dateOf(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

// buildOf is the day a project's construction began.
func buildOf(d demoProject) string {
	for _, m := range d.moves {
		if m.to == enum.ProjectInConstruction {
			return m.on
		}
	}
	return d.start
}

package seed

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/casbinrule"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/readiness"
	"github.com/hearthsafety/hearth/storage"
)

// The heating demo (programmes §1.5): 南开区供热服务中心's three boiler rooms
// with two exchange stations each, 113 units of which 76 owe statutory
// inspections, the 2026-2027 season, and its plan accepted with a
// condition. Every date is written out, so the states it shows on a given
// day follow from the rules (services/equipment), not from the seed.

// demoHeatingCompany is the demo's heating company.
const demoHeatingCompany = "南开区供热服务中心"

// demoSeason is the demo's heating season.
const demoSeason = "2026-2027"

type demoRecord struct {
	typ        enum.InspectionType
	on         string
	conclusion enum.InspectionConclusion
	next       string // the report's next date; "" leaves it to the cycle
	grade      int    // a vessel's safety grade; 0: none
	agency     string
	report     string
}

type demoUnit struct {
	kind    enum.EquipmentKind
	name    string
	special bool
	model   string
	status  enum.EquipmentStatus
	records []demoRecord
	parts   []demoUnit // accessories
}

type demoSite struct {
	kind         enum.SiteKind
	name, street string
	community    string
	address      string
	capacityMW   float64
	areaM2       float64
	households   int
	units        []demoUnit
}

const (
	agencyBoiler = "天津市特种设备监督检验技术研究院"
	agencyMetro  = "天津市计量监督检测科学研究院"
)

func pass(typ enum.InspectionType, on, agency, report string) demoRecord {
	return demoRecord{typ: typ, on: on, conclusion: enum.ConclusionPass, agency: agency, report: report}
}

// demoBoiler is a gas hot-water boiler with its two safety valves, three
// gauges, burner and boiler-room gas detector; external and internal are
// its last inspections' dates, valves and gauges its accessories' records.
func demoBoiler(n int, model, external, internal string, valves [2][]demoRecord, gauges [3][]demoRecord) demoUnit {
	b := demoUnit{kind: enum.EquipBoiler, name: fmt.Sprintf("%d#锅炉", n), special: true, model: model,
		records: []demoRecord{
			pass(enum.InspExternal, external, agencyBoiler, fmt.Sprintf("WJ-%s-%02d", external[:4], n)),
			pass(enum.InspInternal, internal, agencyBoiler, fmt.Sprintf("NJ-%s-%02d", internal[:4], n)),
		}}
	for i, v := range valves {
		b.parts = append(b.parts, demoUnit{kind: enum.EquipSafetyValve, name: fmt.Sprintf("%d#锅炉安全阀%c", n, 'A'+i),
			special: true, model: "A48Y-16C DN80", records: v})
	}
	for i, g := range gauges {
		name := [...]string{"出水压力表", "回水压力表", "给水压力表"}[i]
		b.parts = append(b.parts, demoUnit{kind: enum.EquipPressureGauge, name: fmt.Sprintf("%d#锅炉%s", n, name),
			model: "Y-100 0-1.6MPa 1.6级", records: g})
	}
	b.parts = append(b.parts,
		demoUnit{kind: enum.EquipBurner, name: fmt.Sprintf("%d#锅炉燃烧器", n), model: "利雅路 RS 1200"},
		demoUnit{kind: enum.EquipGasDetector, name: fmt.Sprintf("%d#锅炉间可燃气体探测器", n), model: "GT-AEC2232a",
			records: []demoRecord{pass(enum.InspDetectorCalibration, "2026-08-18", agencyMetro, fmt.Sprintf("BD-2026-%02d", n))}})
	return b
}

// okValves and okGauges are accessories verified in good time before the
// season.
func okValves(on string) [2][]demoRecord {
	return [2][]demoRecord{{pass(enum.InspValveCalibration, on, agencyBoiler, "AQF-"+on)},
		{pass(enum.InspValveCalibration, on, agencyBoiler, "AQF-"+on+"-2")}}
}

func okGauges(on string) [3][]demoRecord {
	var g [3][]demoRecord
	for i := range g {
		g[i] = []demoRecord{pass(enum.InspGaugeVerification, on, agencyMetro, fmt.Sprintf("JD-%s-%d", on, i+1))}
	}
	return g
}

// demoVessel is a boiler room's diaphragm expansion vessel (定压罐), grade 2.
func demoVessel(room string) demoUnit {
	return demoUnit{kind: enum.EquipPressureVessel, name: room + "定压罐", special: true, model: "SQL1000-1.0",
		records: []demoRecord{
			{typ: enum.InspPeriodic, on: "2023-06-15", conclusion: enum.ConclusionPass, grade: 2, agency: agencyBoiler, report: "RQ-2023-" + room},
			pass(enum.InspAnnualCheck, "2026-06-10", "南开区供热服务中心设备科", "NDJC-2026-"+room),
		}}
}

// demoStation is an exchange station's plate exchanger, two circulation
// pumps, make-up pump, strainer and four gauges; pumpRepair puts its 2#
// circulation pump under repair.
func demoStation(name, gaugesOn string, pumpRepair bool) demoSite {
	s := demoSite{kind: enum.SiteExchangeStation, name: name}
	pump2 := enum.EquipInService
	if pumpRepair {
		pump2 = enum.EquipUnderRepair // awaiting a bearing
	}
	s.units = []demoUnit{
		{kind: enum.EquipPlateExchanger, name: "板式换热器", model: "BR0.5-1.6-40"},
		{kind: enum.EquipCirculationPump, name: "1#循环泵", model: "KQW150/315-30/4"},
		{kind: enum.EquipCirculationPump, name: "2#循环泵", model: "KQW150/315-30/4", status: pump2},
		{kind: enum.EquipMakeupPump, name: "补水泵", model: "CDL4-10"},
		{kind: enum.EquipStrainer, name: "除污器", model: "ZPG-DN200"},
	}
	for i, g := range okGauges(gaugesOn) {
		s.units = append(s.units, demoUnit{kind: enum.EquipPressureGauge, name: fmt.Sprintf("%d#压力表", i+1),
			model: "Y-100 0-1.6MPa 1.6级", records: g})
	}
	s.units = append(s.units, demoUnit{kind: enum.EquipPressureGauge, name: "4#压力表", model: "Y-100 0-1.6MPa 1.6级",
		records: []demoRecord{pass(enum.InspGaugeVerification, gaugesOn, agencyMetro, "JD-"+gaugesOn+"-4")}})
	return s
}

// demoSites are the three boiler rooms and their stations, in the streets
// and communities of the base demo.
func demoSites() []demoSite {
	// 鞍山西道 1# boiler's valve A lapsed on 2026-10-20 and was calibrated
	// again on 11-03; 鼓楼东 1# boiler's feed-water gauge, verified on
	// 05-20, lapsed on 11-20.
	valveA := [2][]demoRecord{
		{pass(enum.InspValveCalibration, "2025-10-20", agencyBoiler, "AQF-2025-1031"),
			pass(enum.InspValveCalibration, "2026-11-03", agencyBoiler, "AQF-2026-1103")},
		{pass(enum.InspValveCalibration, "2026-09-22", agencyBoiler, "AQF-2026-0922")}}
	feedGauge := okGauges("2026-09-15")
	feedGauge[2] = []demoRecord{pass(enum.InspGaugeVerification, "2026-05-20", agencyMetro, "JD-2026-0520")}
	rooms := []demoSite{
		{kind: enum.SiteBoilerRoom, name: "时代奥城锅炉房", street: "体育中心街", community: "体育中心街时代奥城社区",
			address: "南开区时代奥城商业广场东侧", capacityMW: 42, areaM2: 680000, households: 7900,
			units: []demoUnit{
				demoBoiler(1, "WNS14-1.0/115/70-Q", "2025-12-08", "2026-09-08", okValves("2026-09-20"), okGauges("2026-09-16")),
				demoBoiler(2, "WNS14-1.0/115/70-Q", "2026-01-12", "2026-09-10", okValves("2026-09-20"), okGauges("2026-09-16")),
				// Its internal inspection, due 2027-01-15, falls inside the season.
				demoBoiler(3, "WNS14-1.0/115/70-Q", "2026-01-12", "2025-01-15", okValves("2026-09-20"), okGauges("2026-09-16")),
				demoVessel("时代奥城"),
			}},
		{kind: enum.SiteBoilerRoom, name: "鞍山西道锅炉房", street: "学府街", community: "学府街天大社区",
			address: "南开区鞍山西道与白堤路交口", capacityMW: 14, areaM2: 310000, households: 3700,
			units: []demoUnit{
				demoBoiler(1, "WNS7-1.0/95/70-Q", "2026-01-20", "2026-08-26", valveA, okGauges("2026-09-18")),
				demoBoiler(2, "WNS7-1.0/95/70-Q", "2026-01-20", "2026-08-27", okValves("2026-09-22"), okGauges("2026-09-18")),
				demoVessel("鞍山西道"),
			}},
		{kind: enum.SiteBoilerRoom, name: "鼓楼东锅炉房", street: "鼓楼街", community: "鼓楼街鼓楼东社区",
			address: "南开区鼓楼东街12号", capacityMW: 8.4, areaM2: 180000, households: 2300,
			units: []demoUnit{
				demoBoiler(1, "WNS4.2-1.0/95/70-Q", "2026-02-03", "2026-08-20", okValves("2026-09-25"), feedGauge),
				demoBoiler(2, "WNS4.2-1.0/95/70-Q", "2026-02-03", "2026-08-21", okValves("2026-09-25"), okGauges("2026-09-15")),
				demoVessel("鼓楼东"),
			}},
	}
	stations := []struct {
		room, name string
		repair     bool
	}{
		{"时代奥城锅炉房", "时代奥城1#换热站", false}, {"时代奥城锅炉房", "时代奥城2#换热站", false},
		{"鞍山西道锅炉房", "学府1#换热站", false}, {"鞍山西道锅炉房", "学府2#换热站", true},
		{"鼓楼东锅炉房", "鼓楼东1#换热站", false}, {"鼓楼东锅炉房", "鼓楼东2#换热站", false},
	}
	out := rooms
	for _, st := range stations {
		for _, r := range rooms {
			if r.name == st.room {
				s := demoStation(st.name, "2026-09-28", st.repair)
				s.street, s.community, s.address = r.street, r.community, r.address+"（"+st.name+"）"
				out = append(out, s)
			}
		}
	}
	return out
}

type demoItem struct {
	category   enum.ItemCategory
	title      string
	site       string // a site's name; "" for the company as a whole
	qty        float64
	unit       string
	due        string
	doneOn     string // "" while open
	person     string
	equipment  string // "<site>/<unit name>" for an item on a unit
	inspection enum.InspectionType
}

// demoItems are the plan's 26 items: on 10-31, 24 done and two open (3#
// boiler's internal inspection; 鞍山西道 1# boiler's valve A).
func demoItems() []demoItem {
	var items []demoItem
	for _, b := range []struct{ site, name string }{
		{"时代奥城锅炉房", "1#锅炉"}, {"时代奥城锅炉房", "2#锅炉"}, {"时代奥城锅炉房", "3#锅炉"},
		{"鞍山西道锅炉房", "1#锅炉"}, {"鞍山西道锅炉房", "2#锅炉"}, {"鼓楼东锅炉房", "1#、2#锅炉"},
	} {
		items = append(items, demoItem{category: enum.ItemBoilerAux, title: b.name + "本体及辅机检修保养", site: b.site,
			qty: 1, unit: "项", due: "2026-09-30", doneOn: "2026-09-12", person: "杨磊"})
	}
	for i, n := range []string{"时代奥城片区一次网", "鞍山西道片区一次网", "鼓楼东片区二次网", "学府片区二次网"} {
		items = append(items, demoItem{category: enum.ItemHeatNetwork, title: n + "阀门、补偿器检修", qty: float64(12 + 4*i), unit: "个",
			due: "2026-10-15", doneOn: "2026-10-10", person: "杨磊"})
	}
	for _, st := range []string{"时代奥城1#换热站", "时代奥城2#换热站", "学府1#换热站", "学府2#换热站", "鼓楼东1#换热站", "鼓楼东2#换热站"} {
		items = append(items, demoItem{category: enum.ItemExchangeStation, title: st + "板换清洗、水泵检修", site: st,
			qty: 1, unit: "座", due: "2026-10-20", doneOn: "2026-10-16", person: "杨磊"})
	}
	items = append(items,
		demoItem{category: enum.ItemGasFacility, title: "时代奥城锅炉房燃气调压及紧急切断装置检修", site: "时代奥城锅炉房", qty: 1, unit: "套",
			due: "2026-10-20", doneOn: "2026-10-14", person: "杨磊"},
		demoItem{category: enum.ItemGasFacility, title: "鞍山西道、鼓楼东锅炉房燃气管道气密性试验", qty: 2, unit: "座",
			due: "2026-10-20", doneOn: "2026-10-15", person: "杨磊"},
		demoItem{category: enum.ItemCalibration, title: "锅炉房压力表年度检定", qty: 45, unit: "块", due: "2026-10-31", doneOn: "2026-09-28", person: "杨磊"},
		demoItem{category: enum.ItemCalibration, title: "可燃气体探测器年度标定", qty: 7, unit: "台", due: "2026-10-31", doneOn: "2026-08-18", person: "杨磊"},
		demoItem{category: enum.ItemCalibration, title: "鞍山西道锅炉房1#锅炉安全阀A校验", site: "鞍山西道锅炉房", qty: 1, unit: "个",
			due: "2026-10-20", person: "杨磊", equipment: "鞍山西道锅炉房/1#锅炉安全阀A", inspection: enum.InspValveCalibration},
		demoItem{category: enum.ItemCalibration, title: "时代奥城3#锅炉内部检验：提前至10月31日前完成", site: "时代奥城锅炉房", qty: 1, unit: "台",
			due: "2026-10-31", person: "杨磊", equipment: "时代奥城锅炉房/3#锅炉", inspection: enum.InspInternal},
		demoItem{category: enum.ItemHouseholdFix, title: "入户查找问题及户内改造", qty: 320, unit: "户", due: "2026-10-31", doneOn: "2026-10-28", person: "杨磊"},
		demoItem{category: enum.ItemNetworkRenewal, title: "鼓楼东片区旧管网改造", site: "鼓楼东锅炉房", qty: 2.4, unit: "公里", due: "2026-10-25", doneOn: "2026-10-22", person: "杨磊"},
		demoItem{category: enum.ItemContingency, title: "修订供热应急预案及优先保障供暖方案", qty: 1, unit: "份", due: "2026-09-30", doneOn: "2026-09-20", person: "周涛"},
		demoItem{category: enum.ItemTrialRun, title: "注水、分段打压、冷态循环", qty: 3, unit: "座", due: "2026-10-31", doneOn: "2026-10-26", person: "杨磊"},
	)
	return items
}

// demoViewer is the viewer of a demo login, as the API would build it: the
// heating demo is written through the services, as its people would.
func demoViewer(ctx context.Context, client *ent.Client, tenantID uuid.UUID, username string) (context.Context, error) {
	sys := policy.System(ctx)
	u, err := client.User.Query().Where(user.TenantID(tenantID), user.Username(username)).WithOrg().WithTenant().Only(sys)
	if err != nil {
		return nil, fmt.Errorf("demo login %s: %w", username, err)
	}
	o, t := u.Edges.Org, u.Edges.Tenant
	roles, err := client.CasbinRule.Query().Where(casbinrule.Ptype("g"), casbinrule.V0(u.ID.String()),
		casbinrule.V2(t.ID.String())).All(sys)
	if err != nil {
		return nil, err
	}
	v := &policy.Viewer{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, TenantID: t.ID,
		TenantSlug: t.Slug, Timezone: t.Timezone, OrgID: o.ID, OrgName: o.Name, OrgKind: o.Kind}
	for _, r := range roles {
		v.Roles = append(v.Roles, r.V1)
	}
	if o.Kind == enum.OrgStreet {
		v.Streets = []uuid.UUID{o.ID}
	}
	return policy.NewContext(ctx, v), nil
}

// demoPhoto is a small PNG for the evidence the demo's steps ask for.
func demoPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{R: uint8(120 + x), G: uint8(140 + y), B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// demoRegister writes the heating company's sites, units and their
// inspection records as its engineer, and the lapsed valve's hazard,
// rectified and verified by the bureau's inspector. It returns the units
// by "<site>/<name>".
func demoRegister(ctx context.Context, client *ent.Client, eq *equipment.Service, hz *ledger.Service,
	tenantID uuid.UUID) (map[string]*ent.Equipment, map[string]*ent.Site, error) {
	sys := policy.System(ctx)
	eng, err := demoViewer(ctx, client, tenantID, "heat1.engineer")
	if err != nil {
		return nil, nil, err
	}
	orgID := func(name string) (uuid.UUID, error) {
		return client.Org.Query().Where(org.TenantID(tenantID), org.Name(name)).OnlyID(sys)
	}
	units := map[string]*ent.Equipment{}
	sites := map[string]*ent.Site{}
	var add func(site *ent.Site, u demoUnit, parent *uuid.UUID) error
	add = func(site *ent.Site, u demoUnit, parent *uuid.UUID) error {
		in := equipment.EquipmentInput{SiteID: site.ID, ParentID: parent, Kind: u.kind, Name: u.name, Special: u.special,
			Model: u.model, CommissionedOn: ptrTo("2016-10-15")}
		if u.status != "" {
			in.Status = &u.status
		}
		if u.special {
			in.EquipmentCode = fmt.Sprintf("1201042016%04d", len(units)+1)
			in.RegistrationNo = fmt.Sprintf("锅津南%04d", len(units)+1)
		}
		e, err := eq.CreateEquipment(eng, in)
		if err != nil {
			return fmt.Errorf("demo unit %s/%s: %w", site.Name, u.name, err)
		}
		units[site.Name+"/"+u.name] = e
		for _, r := range u.records {
			rin := equipment.RecordInput{Type: r.typ, PerformedOn: r.on, Agency: r.agency, ReportNo: r.report, Conclusion: r.conclusion}
			if r.grade > 0 {
				rin.SafetyGrade = &r.grade
			}
			if r.next != "" {
				rin.NextDueOn = &r.next
			}
			if _, err := eq.AddRecord(eng, e.ID, rin); err != nil {
				return fmt.Errorf("demo record %s/%s %s: %w", site.Name, u.name, r.typ, err)
			}
		}
		for _, p := range u.parts {
			if err := add(site, p, &e.ID); err != nil {
				return err
			}
		}
		return nil
	}
	for _, s := range demoSites() {
		street, err := orgID(s.street)
		if err != nil {
			return nil, nil, err
		}
		community, err := orgID(s.community)
		if err != nil {
			return nil, nil, err
		}
		in := equipment.SiteInput{Kind: s.kind, Name: s.name, StreetID: street, CommunityID: &community, Address: s.address,
			CommissionedOn: ptrTo("2016-10-15")}
		if s.capacityMW > 0 {
			in.CapacityMW, in.HeatingAreaM2, in.Households = &s.capacityMW, &s.areaM2, &s.households
		}
		site, err := eq.CreateSite(eng, in)
		if err != nil {
			return nil, nil, fmt.Errorf("demo site %s: %w", s.name, err)
		}
		sites[s.name] = site
		for _, u := range s.units {
			if err := add(site, u, nil); err != nil {
				return nil, nil, err
			}
		}
	}
	// Valve A lapsed on 10-20: the company recorded the hazard on 10-21,
	// had the valve calibrated on 11-03, and the bureau verified on 11-04.
	valve, site := units["鞍山西道锅炉房/1#锅炉安全阀A"], sites["鞍山西道锅炉房"]
	var h *ent.Hazard
	if err := services.InTx(eng, client, func(tx *ent.Tx) error {
		h, err = hz.CreateIn(eng, tx, nil, ledger.CreateInput{StreetID: site.StreetID, CommunityID: site.CommunityID,
			Address: site.Address, Category: enum.CategoryEquipmentDefect, Level: enum.LevelMajor,
			Source: enum.SourceSelfInspection, FoundOn: "2026-10-21", Deadline: "2026-11-05",
			Description: "鞍山西道锅炉房1#锅炉安全阀A校验有效期至2026-10-20，已超期未校验",
			Measure:     "联系特检院尽快校验，校验前加强运行监护", ResponsiblePerson: "杨磊"},
			ledger.Link{SiteID: &site.ID, EquipmentID: &valve.ID})
		return err
	}); err != nil {
		return nil, nil, fmt.Errorf("demo hazard: %w", err)
	}
	if _, err := hz.Take(eng, h.ID, ledger.Start, "已联系特检院"); err != nil {
		return nil, nil, err
	}
	if _, err := hz.Attach(eng, h.ID, ledger.Evidence{Stage: "after", Filename: "安全阀校验报告.png", Data: demoPhoto()}); err != nil {
		return nil, nil, err
	}
	if _, err := hz.Take(eng, h.ID, ledger.Submit, "2026-11-03 校验合格并铅封，报告 AQF-2026-1103"); err != nil {
		return nil, nil, err
	}
	insp, err := demoViewer(ctx, client, tenantID, "bureau.inspector")
	if err != nil {
		return nil, nil, err
	}
	if _, err := hz.Take(insp, h.ID, ledger.Verify, "现场核验校验报告及铅封，同意销号"); err != nil {
		return nil, nil, err
	}
	return units, sites, nil
}

func ptrTo[T any](v T) *T { return &v }

// demoClock is the clock the demo's campaign is played on: each step at
// the day it happened, so done dates, history and the board's trend read
// as the campaign ran.
type demoClock struct{ t time.Time }

func (c *demoClock) now() time.Time { return c.t }

// at sets the clock to 17:00 in Tianjin on date.
func (c *demoClock) at(date string) {
	d, _ := time.Parse(time.DateOnly, date)
	c.t = d.Add(9 * time.Hour) // 17:00 CST
}

// HeatingDemo writes the heating demo into the 南开区 demo district (Demo
// first): the register as the company's engineer records it, the
// 2026-2027 season, the company's plan played through the campaign, and
// the bureau's acceptance with a condition on 2026-11-05. engine plans the
// reminders (nil: none); store keeps the evidence.
func HeatingDemo(ctx context.Context, client *ent.Client, engine *reminders.Engine, store storage.Store) error {
	sys := policy.System(ctx)
	t, err := client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		return fmt.Errorf("heating demo: %w", err)
	}
	lg := ledger.New(client, engine, store, nil)
	eq := equipment.New(client, engine, store, nil)
	units, sites, err := demoRegister(ctx, client, eq, lg, t.ID)
	if err != nil {
		return err
	}
	clk := &demoClock{}
	rd := readiness.New(client, engine, store, lg, clk.now)
	rd.Refresh = eq.RefreshUnits
	bureau, err := demoViewer(ctx, client, t.ID, "bureau.admin")
	if err != nil {
		return err
	}
	admin, err := demoViewer(ctx, client, t.ID, "heat1.admin")
	if err != nil {
		return err
	}
	clk.at("2026-03-16")
	se, err := rd.CreateSeason(bureau, readiness.SeasonInput{Code: demoSeason})
	if err != nil {
		return fmt.Errorf("demo season: %w", err)
	}
	clk.at("2026-03-20")
	p, _, err := rd.CreatePlan(admin, readiness.PlanInput{SeasonID: se.ID})
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	generated, err := client.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID)).All(sys)
	if err != nil {
		return err
	}
	has := func(e *ent.Equipment) bool {
		for _, it := range generated {
			if it.EquipmentID != nil && *it.EquipmentID == e.ID {
				return true
			}
		}
		return false
	}
	items := demoItems()
	added := make([]*ent.ReadinessItem, len(items))
	for i, d := range items {
		in := readiness.ItemInput{Category: d.category, Title: d.title, QtyPlanned: d.qty, Unit: d.unit, DueOn: d.due,
			ResponsiblePerson: d.person}
		if d.equipment != "" {
			e := units[d.equipment]
			if has(e) {
				continue // the register generated it
			}
			in.EquipmentID = &e.ID
		} else if st, ok := sites[d.site]; ok {
			in.SiteID = &st.ID
		} else {
			in.StreetID = &sites["时代奥城锅炉房"].StreetID
		}
		if added[i], err = rd.AddItem(admin, p.ID, in); err != nil {
			return fmt.Errorf("demo item %s: %w", d.title, err)
		}
	}
	// Done on their days, in order; valve A on 11-03, with its new record.
	order := make([]int, 0, len(items))
	for i, d := range items {
		if added[i] != nil && doneOn(d) != "" {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(doneOn(items[a]), doneOn(items[b])) })
	for _, i := range order {
		d, it := items[i], added[i]
		clk.at(doneOn(d))
		qty := d.qty
		if _, err := rd.Take(admin, p.ID, it.ID, readiness.Done, readiness.StepInput{
			Note: "已完成：" + d.title, QtyDone: &qty}); err != nil {
			return fmt.Errorf("demo item %s done: %w", d.title, err)
		}
	}
	// 11-05: the bureau accepts with a condition the plan the gate refuses
	// (3# boiler's internal inspection falls inside the season, 学府2#
	// station's pump awaits a bearing); the generated item is waived into
	// the condition.
	clk.at("2026-11-05")
	boiler := units["时代奥城锅炉房/3#锅炉"]
	for _, it := range generated {
		if _, err := rd.Take(bureau, p.ID, it.ID, readiness.Waive, readiness.StepInput{
			Note: "并入验收条件：停炉检修期间完成内部检验，已报特种设备使用登记机关"}); err != nil {
			return fmt.Errorf("demo waive: %w", err)
		}
	}
	if _, _, err := rd.Accept(bureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-11-05",
		Note: "锅炉及辅机、换热站、管网检修已完成，具备供热条件；时代奥城3#锅炉内部检验有效期至2027-01-15，落在采暖期内，" +
			"学府2#换热站2#循环泵待更换轴承（备用泵运行），列为验收条件限期完成",
		Conditions: []readiness.ConditionInput{
			{Title: "时代奥城3#锅炉内部检验：利用停炉检修或切换备用锅炉完成", DueOn: "2027-01-15",
				SiteID: &boiler.SiteID, Category: ptrTo(enum.ItemCalibration), ResponsiblePerson: "杨磊"},
			{Title: "学府2#换热站2#循环泵更换轴承并试运行", DueOn: "2026-12-15",
				SiteID: &sites["学府2#换热站"].ID, Category: ptrTo(enum.ItemExchangeStation), ResponsiblePerson: "杨磊"},
		}}); err != nil {
		return fmt.Errorf("demo acceptance: %w", err)
	}
	return nil
}

// doneOn is the day a demo item was finished; valve A's after its record.
func doneOn(d demoItem) string {
	if d.inspection == enum.InspValveCalibration {
		return "2026-11-03"
	}
	return d.doneOn
}

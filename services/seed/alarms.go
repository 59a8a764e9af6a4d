package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/storage"
)

// The alarm campaign demo (programmes §2.6): "2026年居民及工商户燃气报警器安装"
// in 南开区's five streets, at a smaller scale — households 1/50,
// restaurants 1/5, 独居老人 1/8 (so that one household left uncovered reads
// as ~99 %) — with the targets scaled alike, so that each street's rates
// are the table's within half a point. Deterministic (a fixed seed);
// premises, devices and visits are written in bulk (audited as a batch),
// the restaurants without a valid alarm through the service, which opens
// their alarm_missing hazards.

// DemoAlarmCampaign is the demo campaign's name.
const DemoAlarmCampaign = "2026年居民及工商户燃气报警器安装"

// Scales of the alarm demo.
const (
	DemoResidentScale   = 50
	DemoCommercialScale = 5
	DemoElderlyScale    = 8
)

// DemoAlarmStreet is a street's row of programmes §2.6 at full scale, with
// the refusals, no-access and 独居老人 the table gives as ranges (chosen
// within them).
type DemoAlarmStreet struct {
	Street                      string
	ResTarget, ResInstalled     int
	ComTarget, ComInstalled     int
	Networked, Online           float64 // percent
	Refused, NotHome, Elderly   int
	Communities                 [2]string
	Gas2Community               int // index of a community whose households 南开燃气 serves; -1: none
	resT, resI, comT, comI      int
	refused, notHome, elderly   int
	networkedN, onlineN, validN int
}

// DemoAlarmStreets is programmes §2.6's alarm table.
var DemoAlarmStreets = []DemoAlarmStreet{
	{Street: "体育中心街", ResTarget: 21400, ResInstalled: 20630, ComTarget: 412, ComInstalled: 405, Networked: 98, Online: 93,
		Refused: 150, NotHome: 420, Elderly: 800, Communities: [2]string{"体育中心街凌宾路社区", "体育中心街时代奥城社区"}, Gas2Community: -1},
	{Street: "学府街", ResTarget: 18600, ResInstalled: 17390, ComTarget: 538, ComInstalled: 530, Networked: 97, Online: 92,
		Refused: 220, NotHome: 650, Elderly: 950, Communities: [2]string{"学府街南开大学社区", "学府街天大社区"}, Gas2Community: 1},
	{Street: "鼓楼街", ResTarget: 16900, ResInstalled: 15040, ComTarget: 655, ComInstalled: 618, Networked: 95, Online: 88,
		Refused: 300, NotHome: 900, Elderly: 1100, Communities: [2]string{"鼓楼街鼓楼东社区", "鼓楼街仓廒社区"}, Gas2Community: -1},
	{Street: "广开街", ResTarget: 23800, ResInstalled: 22850, ComTarget: 471, ComInstalled: 469, Networked: 99, Online: 94,
		Refused: 180, NotHome: 560, Elderly: 700, Communities: [2]string{"广开街万德庄社区", "广开街南门外社区"}, Gas2Community: -1},
	{Street: "兴南街", ResTarget: 19300, ResInstalled: 18150, ComTarget: 389, ComInstalled: 381, Networked: 96, Online: 90,
		Refused: 240, NotHome: 700, Elderly: 650, Communities: [2]string{"兴南街广开四马路社区", "兴南街兴南社区"}, Gas2Community: 0},
}

// ScaleRate scales a target and its installed count down by div, keeping
// their rate: the target nearest T/div whose rounded installed count gives
// the rate closest to I/T.
func ScaleRate(target, installed, div int) (t, i int) {
	want := float64(installed) / float64(target)
	base := int(math.Round(float64(target) / float64(div)))
	best := math.Inf(1)
	for _, d := range []int{0, 1, -1, 2, -2, 3, -3} {
		tt := base + d
		if tt <= 0 {
			continue
		}
		ii := int(math.Round(want * float64(tt)))
		if e := math.Abs(float64(ii)/float64(tt) - want); e < best-1e-9 {
			best, t, i = e, tt, ii
		}
		if best < 0.0025 {
			break
		}
	}
	return t, i
}

func round(x float64) int { return int(math.Round(x)) }

// Scaled are the street's demo counts.
func (s DemoAlarmStreet) Scaled() DemoAlarmStreet {
	s.resT, s.resI = ScaleRate(s.ResTarget, s.ResInstalled, DemoResidentScale)
	s.comT, s.comI = ScaleRate(s.ComTarget, s.ComInstalled, DemoCommercialScale)
	s.refused = round(float64(s.Refused) * float64(s.resT) / float64(s.ResTarget))
	s.notHome = round(float64(s.NotHome) * float64(s.resT) / float64(s.ResTarget))
	s.elderly = round(float64(s.Elderly) / DemoElderlyScale)
	s.validN = s.resI + s.comI
	s.networkedN = round(s.Networked / 100 * float64(s.validN))
	s.onlineN = round(s.Online / 100 * float64(s.networkedN))
	return s
}

// Demo counts of a scaled street, for the demo's test.
func (s DemoAlarmStreet) Counts() (resT, resI, comT, comI, refused, notHome, elderly int) {
	return s.resT, s.resI, s.comT, s.comI, s.refused, s.notHome, s.elderly
}

// demoHousehold is one generated premise.
type demoHousehold struct {
	commercial, elderly bool
	installed           bool
	outcome             enum.VisitOutcome // of its latest visit; "" none
	networked, online   bool
	dueSoon             bool // an alarm from before the campaign, to be replaced within 90 days
	community           int
}

// households are a scaled street's premises, shuffled with r.
func (s DemoAlarmStreet) households(r *rand.Rand) []demoHousehold {
	var hs []demoHousehold
	// Households: the installed (all 独居老人 but one among them), then the
	// refusals, the no-access, the elderly one not reached, the rest not
	// yet visited.
	for j := range s.resI {
		hs = append(hs, demoHousehold{installed: true, elderly: j < s.elderly-1, outcome: enum.VisitInstalled})
	}
	left := s.resT - s.resI
	for j := range left {
		h := demoHousehold{}
		switch {
		case j < s.refused:
			h.outcome = enum.VisitRefused
		case j < s.refused+s.notHome:
			h.outcome = enum.VisitNotHome
		case j == left-1 && s.elderly > 0:
			h.elderly = true
		}
		hs = append(hs, h)
	}
	for j := range s.comT {
		h := demoHousehold{commercial: true}
		if j < s.comI {
			h.installed, h.outcome = true, enum.VisitInstalled
		}
		hs = append(hs, h)
	}
	// Networked and online spread over households and restaurants alike.
	var valid []int
	for i, h := range hs {
		if h.installed {
			valid = append(valid, i)
		}
	}
	r.Shuffle(len(valid), func(a, b int) { valid[a], valid[b] = valid[b], valid[a] })
	for k, i := range valid[:s.networkedN] {
		hs[i].networked, hs[i].online = true, k < s.onlineN
	}
	// About 3 % of the installed households have an alarm from before the
	// campaign that is due for replacement within 90 days.
	for _, i := range valid {
		if !hs[i].commercial && r.IntN(100) < 3 {
			hs[i].dueSoon = true
		}
	}
	r.Shuffle(len(hs), func(a, b int) { hs[a], hs[b] = hs[b], hs[a] })
	// The first community takes the first half of each kind.
	var nRes, nCom int
	for i := range hs {
		if hs[i].commercial {
			hs[i].community = nCom * 2 / s.comT
			nCom++
		} else {
			hs[i].community = nRes * 2 / s.resT
			nRes++
		}
	}
	return hs
}

var demoEstates = []string{"里", "花园", "新村", "公寓", "雅苑"}

var demoShops = []string{"面馆", "饺子馆", "快餐", "烧烤", "火锅", "包子铺", "小吃", "酒家"}

// AlarmsDemo writes the alarm campaign demo into the 南开区 demo district
// (Demo first), on the district's today: the campaign and its targets by
// the bureau (on 2026-02-25), the premises with their alarms and visits by
// the gas companies. engine plans the hazards' reminders (nil: none).
func AlarmsDemo(ctx context.Context, client *ent.Client, engine *reminders.Engine, store storage.Store) error {
	sys := policy.System(ctx)
	t, err := client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		return fmt.Errorf("alarms demo: %w", err)
	}
	today := calendar.Today(calendar.Location(t.Timezone), time.Now())
	clk := &demoClock{}
	clk.at("2026-02-25")
	svc := alarms.New(client, engine, store, clk.now)
	bureau, err := demoViewer(ctx, client, t.ID, "bureau.admin")
	if err != nil {
		return err
	}
	gas1, err := demoViewer(ctx, client, t.ID, "gas1.admin")
	if err != nil {
		return err
	}
	gas2, err := demoViewer(ctx, client, t.ID, "gas2.clerk")
	if err != nil {
		return err
	}
	orgs, err := client.Org.Query().Where(org.TenantID(t.ID)).All(sys)
	if err != nil {
		return err
	}
	ids := map[string]uuid.UUID{}
	for _, o := range orgs {
		ids[o.Name] = o.ID
	}
	g1, g2 := policy.FromContext(gas1).OrgID, policy.FromContext(gas2).OrgID
	c, err := svc.CreateCampaign(bureau, alarms.CampaignInput{Name: DemoAlarmCampaign, Scope: enum.ScopeBoth, Year: 2026,
		StartOn: "2026-03-01", DueOn: "2026-12-31", NetworkedRequired: true, ShutoffRequired: true,
		Milestones: []enum.Milestone{{On: "06-30", Percent: 50}, {On: "12-31", Percent: 100}},
		CompanyIDs: []uuid.UUID{g1, g2},
		Note:       "居民用户和餐饮等工商户燃气报警器安装；餐饮用户须联网并与紧急切断阀联动（安全生产法第三十六条）"})
	if err != nil {
		return fmt.Errorf("alarms demo campaign: %w", err)
	}

	// The premises first (their counts are the targets), in memory.
	type gen struct {
		s  DemoAlarmStreet
		hs []demoHousehold
	}
	var gens []gen
	for k, s := range DemoAlarmStreets {
		s = s.Scaled()
		r := rand.New(rand.NewPCG(2026, uint64(k+1)))
		gens = append(gens, gen{s, s.households(r)})
	}
	company := func(s DemoAlarmStreet, h demoHousehold) uuid.UUID {
		if !h.commercial && h.community == s.Gas2Community {
			return g2
		}
		return g1
	}
	type tkey struct {
		comm uuid.UUID
		co   uuid.UUID
		ut   enum.UserType
	}
	targets := map[tkey]*alarms.TargetInput{}
	var order []tkey
	for _, g := range gens {
		for _, h := range g.hs {
			ut := enum.UserResident
			if h.commercial {
				ut = enum.UserCommercial
			}
			k := tkey{ids[g.s.Communities[h.community]], company(g.s, h), ut}
			in, ok := targets[k]
			if !ok {
				in = &alarms.TargetInput{CommunityID: k.comm, CompanyID: k.co, UserType: ut}
				targets[k] = in
				order = append(order, k)
			}
			in.TargetCount++
			if h.elderly || h.commercial {
				in.SpecialTarget++
			}
			if h.dueSoon {
				in.BaselineInstalled++
			}
		}
	}
	tins := make([]alarms.TargetInput, len(order))
	for i, k := range order {
		tins[i] = *targets[k]
	}
	if _, err := svc.SetTargets(bureau, c.ID, tins); err != nil {
		return fmt.Errorf("alarms demo targets: %w", err)
	}

	// The premises of each company in bulk, as its clerk, with their
	// devices and visits; the restaurants without an alarm through the
	// service (their hazards).
	clk.t = time.Now()
	start, _ := time.Parse(time.DateOnly, "2026-03-02")
	end, _ := time.Parse(time.DateOnly, min(today, "2026-12-31"))
	span := max(1, int(end.Sub(start).Hours()/24))
	type row struct {
		street   DemoAlarmStreet
		h        demoHousehold
		n        int
		streetID uuid.UUID
	}
	byCompany := map[uuid.UUID][]row{}
	var missing []row
	for _, g := range gens {
		for n, h := range g.hs {
			rw := row{g.s, h, n + 1, ids[g.s.Street]}
			if h.commercial && !h.installed {
				missing = append(missing, rw)
				continue
			}
			co := company(g.s, h)
			byCompany[co] = append(byCompany[co], rw)
		}
	}
	r := rand.New(rand.NewPCG(2026, 0))
	serial := 0
	for _, co := range []uuid.UUID{g1, g2} {
		vctx := gas1
		if co == g2 {
			vctx = gas2
		}
		actx, batch := audit.WithBatch(vctx)
		rows := byCompany[co]
		err := services.InTx(actx, client, func(tx *ent.Tx) error {
			var ps []*ent.PremiseCreate
			var ds []*ent.AlarmDeviceCreate
			var vs []*ent.InstallVisitCreate
			for _, rw := range rows {
				in := demoPremiseInput(rw.street, rw.h, rw.n, ids)
				address := in.Address
				if address == "" {
					address = alarms.AddressOf(in.Estate, in.Building, in.Unit, in.Room, in.ShopName)
				}
				pid := uuid.Must(uuid.NewV7())
				comm := in.CommunityID
				p := tx.Premise.Create().SetID(pid).SetCompanyID(co).SetStreetID(rw.streetID).SetNillableCommunityID(comm).
					SetUserType(in.UserType).SetTags(alarms.TagsString(in.Tags)).SetSpecial(alarms.IsSpecial(in.Tags)).
					SetAddressKey(alarms.AddressKey(in.Estate, in.Building, in.Unit, in.Room, in.ShopName, address)).
					SetEstate(in.Estate).SetBuilding(in.Building).SetUnit(in.Unit).SetFloor(in.Floor).SetRoom(in.Room).
					SetShopName(in.ShopName).SetAddress(address).SetContactName(in.ContactName).SetPhone(in.Phone).
					SetGasAccountNo(fmt.Sprintf("NK%d%06d", 1+slices.IndexFunc(DemoAlarmStreets, func(s DemoAlarmStreet) bool { return s.Street == rw.street.Street }), rw.n))
				var visitOn string
				if rw.h.installed {
					installed := start.AddDate(0, 0, r.IntN(span)).Format(time.DateOnly)
					if rw.h.dueSoon {
						// Installed before the campaign, five years ago,
						// 20 to 80 days before today.
						d, _ := time.Parse(time.DateOnly, today)
						installed = d.AddDate(-5, 0, 20+r.IntN(60)).Format(time.DateOnly)
					}
					visitOn = installed
					if rw.h.dueSoon {
						visitOn = start.AddDate(0, 0, r.IntN(span)).Format(time.DateOnly)
					}
					life := alarms.ServiceLife(in.UserType)
					replace, err := alarms.ReplaceOn(installed, life)
					if err != nil {
						return err
					}
					status := enum.DeviceInstalled
					switch {
					case rw.h.online:
						status = enum.DeviceOnline
					case rw.h.networked:
						status = enum.DeviceOffline
					}
					did := uuid.Must(uuid.NewV7())
					serial++
					var campaign *uuid.UUID
					if !rw.h.dueSoon {
						campaign = &c.ID
					}
					ds = append(ds, tx.AlarmDevice.Create().SetID(did).SetPremiseID(pid).SetCompanyID(co).SetStreetID(rw.streetID).
						SetNillableCampaignID(campaign).SetSerialNo(fmt.Sprintf("TJ%s%06d", strings.ReplaceAll(installed[:7], "-", ""), serial)).
						SetModel("JT-BZ-6800").SetManufacturer("天津市某安全设备有限公司").SetNetworked(rw.h.networked).
						SetShutoffLinked(rw.h.networked && rw.h.commercial).SetInstalledOn(installed).
						SetInstaller(pick(r, []string{"张师傅", "李师傅", "王师傅", "赵师傅"})).SetCheckHeight(true).
						SetCheckDistance(true).SetCheckNotAboveStove(true).SetServiceLifeYears(life).SetReplaceOn(replace).
						SetStatus(status))
					p.SetDeviceID(did).SetDeviceReplaceOn(replace).SetDeviceNetworked(rw.h.networked).
						SetDeviceShutoff(rw.h.networked && rw.h.commercial).SetDeviceStatus(status)
				} else if rw.h.outcome != "" {
					visitOn = start.AddDate(0, 0, r.IntN(span)).Format(time.DateOnly)
				}
				if outcome := rw.h.outcome; outcome != "" {
					if rw.h.dueSoon {
						outcome = enum.VisitHasValidDevice // the campaign found it equipped
					}
					p.SetLastOutcome(outcome).SetLastVisitOn(visitOn)
					vs = append(vs, tx.InstallVisit.Create().SetPremiseID(pid).SetCompanyID(co).SetStreetID(rw.streetID).
						SetCampaignID(c.ID).SetVisitedOn(visitOn).SetOutcome(outcome).SetVisitorName("刘洋"))
				}
				ps = append(ps, p)
			}
			for part := range slices.Chunk(ps, 1000) {
				if err := tx.Premise.CreateBulk(part...).Exec(actx); err != nil {
					return fmt.Errorf("alarms demo premises: %w", err)
				}
			}
			for part := range slices.Chunk(ds, 1000) {
				if err := tx.AlarmDevice.CreateBulk(part...).Exec(actx); err != nil {
					return fmt.Errorf("alarms demo devices: %w", err)
				}
			}
			for part := range slices.Chunk(vs, 1000) {
				if err := tx.InstallVisit.CreateBulk(part...).Exec(actx); err != nil {
					return fmt.Errorf("alarms demo visits: %w", err)
				}
			}
			return batch.Flush(actx, tx.Client())
		})
		if err != nil {
			return err
		}
	}
	for _, rw := range missing {
		in := demoPremiseInput(rw.street, rw.h, rw.n, ids)
		acct := fmt.Sprintf("NK%d%06d", 1+slices.IndexFunc(DemoAlarmStreets, func(s DemoAlarmStreet) bool { return s.Street == rw.street.Street }), rw.n)
		in.GasAccountNo = &acct
		p, err := svc.CreatePremise(gas1, in)
		if err != nil {
			return fmt.Errorf("alarms demo restaurant %s: %w", in.ShopName, err)
		}
		if _, err := svc.AddVisit(gas1, p.ID, alarms.VisitInput{VisitedOn: today, Outcome: enum.VisitRefused, CampaignID: &c.ID,
			VisitorName: "王强", Note: "商户以装修为由拒绝安装，已告知安全生产法第三十六条"}); err != nil {
			return fmt.Errorf("alarms demo restaurant visit: %w", err)
		}
	}
	return nil
}

// demoPremiseInput is a generated premise as its company would enter it.
func demoPremiseInput(s DemoAlarmStreet, h demoHousehold, n int, ids map[string]uuid.UUID) alarms.PremiseInput {
	comm := s.Communities[h.community]
	short := strings.TrimSuffix(strings.TrimPrefix(comm, s.Street), "社区")
	commID := ids[comm]
	in := alarms.PremiseInput{StreetID: ids[s.Street], CommunityID: &commID, UserType: enum.UserResident,
		ContactName: fmt.Sprintf("%s先生", string([]rune("王李张刘陈杨赵黄周吴")[n%10])), Phone: fmt.Sprintf("139%08d", n*7919%100000000)}
	if h.commercial {
		in.UserType = enum.UserCommercial
		in.Tags = []enum.PremiseTag{enum.TagRestaurant}
		in.ShopName = fmt.Sprintf("%s%s（%d）", short, demoShops[n%len(demoShops)], n)
		in.Address = fmt.Sprintf("%s商业街%d号 %s", strings.TrimSuffix(short, "路"), n%200+1, in.ShopName)
		return in
	}
	if h.elderly {
		in.Tags = []enum.PremiseTag{enum.TagElderlyAlone}
	}
	in.Estate = short + demoEstates[n%len(demoEstates)]
	in.Building = fmt.Sprintf("%d", n/60+1)
	in.Unit = fmt.Sprintf("%d", n/20%3+1)
	in.Room = fmt.Sprintf("%d%02d", n%20/4+1, n%4+1)
	return in
}

// Package equipment is a heating company's register (设备台账): its sites,
// the equipment on them, the statutory inspections each owes and the
// records that satisfy them.
//
// This file holds the rules, as pure functions over dates (YYYY-MM-DD in the
// district's zone): the statutory cycles (Defaults), a district's overrides
// (Effective), when an inspection falls due (DueOn), where its validity
// stands today (StateOn) and for a heating season (ValidForSeason), and a
// unit's condition (ConditionOf). Every other part of Hearth asks these;
// none keeps a second copy.
package equipment

import (
	"slices"
	"time"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// Rule is one statutory inspection a kind of equipment owes.
type Rule struct {
	Kind enum.EquipmentKind  `json:"equipment_kind"`
	Type enum.InspectionType `json:"type"`
	// IntervalMonths between inspections; 0: only on demand.
	IntervalMonths int `json:"interval_months"`
	// FirstMonths after commissioning the first falls due; nil: none
	// without a record (a valve or gauge comes with its certificate).
	FirstMonths *int `json:"first_months"`
	// GradeMonths are a vessel's cycles by safety grade 1..5 (index 0 is
	// grade 1); 0: the grade does not allow use.
	GradeMonths []int `json:"grade_months,omitempty"`
	// LeadDays before the due date the state turns due_soon.
	LeadDays int `json:"lead_days"`
	// Readiness is what a heating season asks of it.
	Readiness enum.ReadinessTest `json:"readiness"`
	// WhenInternalBlocked: owed only by a boiler whose structure prevents
	// internal inspection (the hydro test).
	WhenInternalBlocked bool   `json:"when_internal_blocked,omitempty"`
	Enabled             bool   `json:"enabled"`
	Basis               string `json:"basis"`
}

func months(n int) *int { return &n }

// Defaults are the statutory cycles (programmes §1.1 and §1.4), the rules a
// district has until its bureau overrides one.
var Defaults = []Rule{
	{Kind: enum.EquipBoiler, Type: enum.InspExternal, IntervalMonths: 12, FirstMonths: months(12), LeadDays: 30,
		Readiness: enum.TestOnStart, Enabled: true,
		Basis: "TSG 11-2020《锅炉安全技术规程》：外部检验每年一次（运行状态下进行）"},
	{Kind: enum.EquipBoiler, Type: enum.InspInternal, IntervalMonths: 24, FirstMonths: months(12), LeadDays: 30,
		Readiness: enum.TestThroughEnd, Enabled: true,
		Basis: "TSG 11-2020：内部检验一般每2年一次，首次内部检验在投用后1年进行（停炉状态下进行）"},
	{Kind: enum.EquipBoiler, Type: enum.InspHydroTest, IntervalMonths: 36, LeadDays: 30,
		Readiness: enum.TestThroughEnd, WhenInternalBlocked: true, Enabled: true,
		Basis: "TSG 11-2020：因结构原因无法进行内部检验的，每3年进行一次水(耐)压试验"},
	// An unknown grade takes the short end of grade 3's 3–6 years, and
	// grade 4's "cumulative at most 3 years" of monitored use is held to
	// 12 months between reports: the report's own date wins anyway.
	{Kind: enum.EquipPressureVessel, Type: enum.InspPeriodic, IntervalMonths: 36, FirstMonths: months(36),
		GradeMonths: []int{72, 72, 36, 12, 0}, LeadDays: 30, Readiness: enum.TestThroughEnd, Enabled: true,
		Basis: "TSG 21-2016《固定式压力容器安全技术监察规程》：投用后3年内首次定期检验；安全状况等级1、2级一般每6年，3级3至6年，4级监控使用累计不超过3年"},
	{Kind: enum.EquipPressureVessel, Type: enum.InspAnnualCheck, IntervalMonths: 12, FirstMonths: months(12), LeadDays: 14,
		Readiness: enum.TestOnStart, Enabled: true,
		Basis: "TSG 21-2016：使用单位每年至少进行一次年度检查"},
	{Kind: enum.EquipSafetyValve, Type: enum.InspValveCalibration, IntervalMonths: 12, LeadDays: 30,
		Readiness: enum.TestOnStart, Enabled: true,
		Basis: "TSG ZF001-2006《安全阀安全技术监察规程》：安全阀一般每年至少校验一次，校验后铅封"},
	{Kind: enum.EquipPressureGauge, Type: enum.InspGaugeVerification, IntervalMonths: 6, LeadDays: 14,
		Readiness: enum.TestOnStart, Enabled: true,
		Basis: "JJG 52-2013：检定周期一般不超过半年；锅炉、压力容器安全防护用压力表属强制检定"},
	{Kind: enum.EquipGasDetector, Type: enum.InspDetectorCalibration, IntervalMonths: 12, LeadDays: 30,
		Readiness: enum.TestOnStart, Enabled: true,
		Basis: "可燃气体探测器每年标定一次（地方做法）；CJJ/T 146-2011 规定使用年限"},
}

// Effective is a district's rules: the defaults, each replaced by the
// district's override of the same kind and type, then overrides of pairs
// the defaults lack.
func Effective(overrides []*ent.InspectionRule) []Rule {
	out := make([]Rule, 0, len(Defaults)+len(overrides))
	used := make([]bool, len(overrides))
	for _, d := range Defaults {
		r := d
		for i, o := range overrides {
			if o.EquipmentKind == d.Kind && o.Type == d.Type {
				r, used[i] = overridden(d, o), true
			}
		}
		out = append(out, r)
	}
	for i, o := range overrides {
		if !used[i] {
			out = append(out, overridden(Rule{Kind: o.EquipmentKind, Type: o.Type}, o))
		}
	}
	return out
}

func overridden(d Rule, o *ent.InspectionRule) Rule {
	d.IntervalMonths, d.FirstMonths, d.LeadDays = o.IntervalMonths, o.FirstMonths, o.LeadDays
	d.Readiness, d.Enabled = o.Readiness, o.Enabled
	if o.GradeMonths != nil {
		d.GradeMonths = o.GradeMonths
	}
	if o.Basis != "" {
		d.Basis = o.Basis
	}
	return d
}

// Owed are the rules of rules a unit owes: of its kind, enabled, and the
// hydro test only when its structure prevents internal inspection.
func Owed(rules []Rule, kind enum.EquipmentKind, internalBlocked bool) []Rule {
	var out []Rule
	for _, r := range rules {
		if r.Kind == kind && r.Enabled && (!r.WhenInternalBlocked || internalBlocked) {
			out = append(out, r)
		}
	}
	return out
}

// Last is the latest record of an inspection type, as DueOn reads it.
type Last struct {
	PerformedOn string
	NextDueOn   *string // the report's date
	Grade       *int    // the safety grade it gave (vessels)
}

// DueOn is when an inspection falls due: the date the latest report gives;
// else the report's date plus the cycle (a vessel's by its grade); else
// commissioning plus the first interval. ok is false when nothing gives a
// date (no record and no first date): the inspection is missing. The
// report's date is never shortened to an anniversary.
func DueOn(r Rule, last *Last, commissionedOn *string) (due string, ok bool) {
	if last != nil {
		if last.NextDueOn != nil && *last.NextDueOn != "" {
			return *last.NextDueOn, true
		}
		n := r.IntervalMonths
		if last.Grade != nil && *last.Grade >= 1 && *last.Grade <= len(r.GradeMonths) {
			n = r.GradeMonths[*last.Grade-1]
		}
		if n == 0 && r.IntervalMonths == 0 {
			return "", false // on demand: nothing falls due after it
		}
		return AddMonths(last.PerformedOn, n), true
	}
	if commissionedOn != nil && *commissionedOn != "" && r.FirstMonths != nil {
		return AddMonths(*commissionedOn, *r.FirstMonths), true
	}
	return "", false
}

// StateOn is where a validity stands on today: missing without a due date;
// overdue after it (the due date itself is still valid); due_soon from
// lead days before it; valid before that.
func StateOn(due *string, leadDays int, today string) enum.InspectionState {
	switch {
	case due == nil || *due == "":
		return enum.StateMissing
	case today > *due:
		return enum.StateOverdue
	case today >= AddDays(*due, -leadDays):
		return enum.StateDueSoon
	}
	return enum.StateValid
}

// ValidForSeason tells whether an inspection due on due serves a heating
// season from start to end: on_start asks it be valid on the first day of
// heating (inspections done in operation lapse harmlessly inside the
// season); through_end, that it last the whole season (those that need a
// shutdown); none asks nothing.
func ValidForSeason(test enum.ReadinessTest, due *string, start, end string) bool {
	switch test {
	case enum.TestNone:
		return true
	case enum.TestThroughEnd:
		return due != nil && *due >= end
	}
	return due != nil && *due >= start
}

// Clock is one inspection's state, as ConditionOf reads it.
type Clock struct {
	State     enum.InspectionState
	Readiness enum.ReadinessTest
}

// ScopeStatuses are the statuses of the units that count toward 设备完好率
// and owe their inspections for a season: in service, on standby, and
// under repair (not intact, yet part of the plant that must heat). Sealed
// and scrapped units count for nothing.
var ScopeStatuses = []enum.EquipmentStatus{enum.EquipInService, enum.EquipStandby, enum.EquipUnderRepair}

// InScope tells whether a unit of status counts (ScopeStatuses).
func InScope(status enum.EquipmentStatus) bool { return slices.Contains(ScopeStatuses, status) }

// ConditionOf is a unit's condition (技术状况, programmes §1.4): intact when
// it is in service or on standby, none of its inspections that a season
// asks for is overdue or missing today (an inspection without any record
// cannot show the unit fit), no major hazard is open on it, and its
// overhaul item of the current campaign, if any, is done. A unit out of
// scope (under repair counts as defective; sealed or scrapped) is
// defective or unknown.
func ConditionOf(status enum.EquipmentStatus, clocks []Clock, majorHazardOpen, overhaulOpen bool) enum.Condition {
	switch {
	case status == enum.EquipUnderRepair:
		return enum.ConditionDefective
	case !InScope(status):
		return enum.ConditionUnknown
	case majorHazardOpen || overhaulOpen:
		return enum.ConditionDefective
	}
	for _, c := range clocks {
		if c.Readiness != enum.TestNone && (c.State == enum.StateOverdue || c.State == enum.StateMissing) {
			return enum.ConditionDefective
		}
	}
	return enum.ConditionIntact
}

// Worst is the state a unit shows for its clocks: missing before overdue
// before due_soon before valid; ok is false when it owes none.
func Worst(clocks []Clock) (s enum.InspectionState, ok bool) {
	rank := map[enum.InspectionState]int{enum.StateValid: 0, enum.StateDueSoon: 1, enum.StateOverdue: 2, enum.StateMissing: 3}
	for _, c := range clocks {
		if !ok || rank[c.State] > rank[s] {
			s, ok = c.State, true
		}
	}
	return s, ok
}

const layout = "2006-01-02"

// AddMonths is date plus n calendar months, held to the month's last day
// (2024-02-29 plus 12 months is 2025-02-28, 01-31 plus one month the end
// of February).
func AddMonths(date string, n int) string {
	d, err := time.Parse(layout, date)
	if err != nil {
		return date
	}
	y, m := d.Year(), int(d.Month())-1+n
	y, m = y+floorDiv(m, 12), m-12*floorDiv(m, 12)
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, time.Month(m+1), min(d.Day(), last), 0, 0, 0, 0, time.UTC).Format(layout)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// AddDays is date plus n days.
func AddDays(date string, n int) string {
	d, err := time.Parse(layout, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(layout)
}

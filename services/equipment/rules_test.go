package equipment

import (
	"testing"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

func ptr[T any](v T) *T { return &v }

func rule(t *testing.T, kind enum.EquipmentKind, typ enum.InspectionType) Rule {
	t.Helper()
	for _, r := range Defaults {
		if r.Kind == kind && r.Type == typ {
			return r
		}
	}
	t.Fatalf("no default rule for %s × %s", kind, typ)
	return Rule{}
}

func TestDueOn(t *testing.T) {
	external := rule(t, enum.EquipBoiler, enum.InspExternal)
	internal := rule(t, enum.EquipBoiler, enum.InspInternal)
	vessel := rule(t, enum.EquipPressureVessel, enum.InspPeriodic)
	valve := rule(t, enum.EquipSafetyValve, enum.InspValveCalibration)
	gauge := rule(t, enum.EquipPressureGauge, enum.InspGaugeVerification)
	cases := []struct {
		name         string
		r            Rule
		last         *Last
		commissioned *string
		want         string
		ok           bool
	}{
		{"the report's date wins over the cycle", external,
			&Last{PerformedOn: "2025-12-08", NextDueOn: ptr("2026-11-30")}, ptr("2020-01-01"), "2026-11-30", true},
		{"an early report is not pulled back to the anniversary", internal,
			&Last{PerformedOn: "2026-09-10"}, ptr("2020-03-01"), "2028-09-10", true},
		{"last plus the cycle without a report date", external,
			&Last{PerformedOn: "2025-12-08"}, nil, "2026-12-08", true},
		{"first internal inspection one year after commissioning", internal,
			nil, ptr("2026-03-20"), "2027-03-20", true},
		{"first vessel inspection within three years", vessel, nil, ptr("2024-06-15"), "2027-06-15", true},
		{"vessel grade 2: six years", vessel, &Last{PerformedOn: "2023-06-15", Grade: ptr(2)}, nil, "2029-06-15", true},
		{"vessel grade 3: three years", vessel, &Last{PerformedOn: "2023-06-15", Grade: ptr(3)}, nil, "2026-06-15", true},
		{"vessel grade 4: monitored, a year", vessel, &Last{PerformedOn: "2023-06-15", Grade: ptr(4)}, nil, "2024-06-15", true},
		{"vessel grade 5: not fit for use from the report", vessel, &Last{PerformedOn: "2023-06-15", Grade: ptr(5)}, nil, "2023-06-15", true},
		{"vessel of unknown grade: the cycle's short end", vessel, &Last{PerformedOn: "2023-06-15"}, nil, "2026-06-15", true},
		{"a valve yearly", valve, &Last{PerformedOn: "2025-10-20"}, nil, "2026-10-20", true},
		{"a gauge every six months", gauge, &Last{PerformedOn: "2026-05-20"}, nil, "2026-11-20", true},
		{"a gauge with no certificate is missing", gauge, nil, ptr("2025-01-01"), "", false},
		{"a boiler with no commissioning date and no record is missing", external, nil, nil, "", false},
		{"a leap day plus a year is the end of February", external, &Last{PerformedOn: "2024-02-29"}, nil, "2025-02-28", true},
	}
	for _, c := range cases {
		got, ok := DueOn(c.r, c.last, c.commissioned)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: DueOn = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestStateOn(t *testing.T) {
	cases := []struct {
		due   *string
		lead  int
		today string
		want  enum.InspectionState
	}{
		{nil, 30, "2026-11-25", enum.StateMissing},
		{ptr("2026-12-08"), 30, "2026-11-25", enum.StateDueSoon}, // 时代奥城 1# external
		{ptr("2026-12-08"), 30, "2026-11-07", enum.StateValid},
		{ptr("2026-12-08"), 30, "2026-11-08", enum.StateDueSoon},
		{ptr("2026-11-20"), 14, "2026-11-20", enum.StateDueSoon}, // the due day is still valid
		{ptr("2026-11-20"), 14, "2026-11-25", enum.StateOverdue}, // 鼓楼东 feed-water gauge, 5 days over
		{ptr("2028-09-10"), 30, "2026-11-25", enum.StateValid},
	}
	for _, c := range cases {
		if got := StateOn(c.due, c.lead, c.today); got != c.want {
			t.Errorf("StateOn(%v, %d, %s) = %s, want %s", deref(c.due), c.lead, c.today, got, c.want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func TestValidForSeason(t *testing.T) {
	start, end := "2026-11-15", "2027-03-15"
	cases := []struct {
		name string
		test enum.ReadinessTest
		due  *string
		want bool
	}{
		{"a gauge valid on the first day of heating is not a blocker", enum.TestOnStart, ptr("2026-11-20"), true},
		{"a valve lapsed before heating is", enum.TestOnStart, ptr("2026-10-20"), false},
		{"an internal inspection falling due inside the season is", enum.TestThroughEnd, ptr("2027-01-15"), false},
		{"one lasting past the season is not", enum.TestThroughEnd, ptr("2028-09-10"), true},
		{"on the last day exactly", enum.TestThroughEnd, ptr("2027-03-15"), true},
		{"missing fails any test", enum.TestOnStart, nil, false},
		{"a test of none asks nothing", enum.TestNone, nil, true},
	}
	for _, c := range cases {
		if got := ValidForSeason(c.test, c.due, start, end); got != c.want {
			t.Errorf("%s: got %v", c.name, got)
		}
	}
}

func TestConditionOf(t *testing.T) {
	ok := []Clock{{enum.StateValid, enum.TestOnStart}, {enum.StateDueSoon, enum.TestThroughEnd}}
	cases := []struct {
		name          string
		status        enum.EquipmentStatus
		clocks        []Clock
		major, overhl bool
		want          enum.Condition
	}{
		{"in service, all valid", enum.EquipInService, ok, false, false, enum.ConditionIntact},
		{"on standby counts too", enum.EquipStandby, nil, false, false, enum.ConditionIntact},
		{"an overdue gauge", enum.EquipInService, []Clock{{enum.StateOverdue, enum.TestOnStart}}, false, false, enum.ConditionDefective},
		{"no record at all", enum.EquipInService, []Clock{{enum.StateMissing, enum.TestOnStart}}, false, false, enum.ConditionDefective},
		{"a rule the season does not ask", enum.EquipInService, []Clock{{enum.StateOverdue, enum.TestNone}}, false, false, enum.ConditionIntact},
		{"a major hazard open", enum.EquipInService, ok, true, false, enum.ConditionDefective},
		{"its overhaul not done", enum.EquipInService, ok, false, true, enum.ConditionDefective},
		{"under repair (the pump awaiting a bearing)", enum.EquipUnderRepair, ok, false, false, enum.ConditionDefective},
		{"sealed is out of scope", enum.EquipSealed, ok, false, false, enum.ConditionUnknown},
		{"scrapped is out of scope", enum.EquipScrapped, nil, false, false, enum.ConditionUnknown},
	}
	for _, c := range cases {
		if got := ConditionOf(c.status, c.clocks, c.major, c.overhl); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestEffectiveAndOwed(t *testing.T) {
	rules := Effective([]*ent.InspectionRule{
		{EquipmentKind: enum.EquipPressureGauge, Type: enum.InspGaugeVerification, IntervalMonths: 3, LeadDays: 7,
			Readiness: enum.TestOnStart, Enabled: true},
		{EquipmentKind: enum.EquipCirculationPump, Type: enum.InspAnnualCheck, IntervalMonths: 12, LeadDays: 14,
			Readiness: enum.TestNone, Enabled: true, Basis: "区局要求"},
		{EquipmentKind: enum.EquipGasDetector, Type: enum.InspDetectorCalibration, IntervalMonths: 12, LeadDays: 30,
			Readiness: enum.TestOnStart, Enabled: false},
	})
	if len(rules) != len(Defaults)+1 {
		t.Fatalf("%d rules, want the %d defaults and one added", len(rules), len(Defaults))
	}
	g := Owed(rules, enum.EquipPressureGauge, false)
	if len(g) != 1 || g[0].IntervalMonths != 3 || g[0].LeadDays != 7 || g[0].Basis == "" {
		t.Errorf("the gauge override: %+v", g)
	}
	if p := Owed(rules, enum.EquipCirculationPump, false); len(p) != 1 || p[0].Basis != "区局要求" {
		t.Errorf("a district's own rule: %+v", p)
	}
	if d := Owed(rules, enum.EquipGasDetector, false); len(d) != 0 {
		t.Errorf("a disabled rule is owed: %+v", d)
	}
	if b := Owed(rules, enum.EquipBoiler, false); len(b) != 2 {
		t.Errorf("a boiler owes external and internal, got %d", len(b))
	}
	if b := Owed(rules, enum.EquipBoiler, true); len(b) != 3 {
		t.Errorf("a boiler that cannot be opened owes the hydro test too, got %d", len(b))
	}
}

func TestAddMonths(t *testing.T) {
	for _, c := range [][3]any{
		{"2026-01-31", 1, "2026-02-28"}, {"2024-01-31", 1, "2024-02-29"}, {"2026-05-20", 6, "2026-11-20"},
		{"2026-11-15", -12, "2025-11-15"}, {"2026-03-31", -1, "2026-02-28"}, {"2025-12-08", 12, "2026-12-08"},
	} {
		if got := AddMonths(c[0].(string), c[1].(int)); got != c[2] {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

func TestWorst(t *testing.T) {
	if _, ok := Worst(nil); ok {
		t.Error("no clocks have a state")
	}
	s, _ := Worst([]Clock{{State: enum.StateValid}, {State: enum.StateOverdue}, {State: enum.StateDueSoon}})
	if s != enum.StateOverdue {
		t.Errorf("worst = %s", s)
	}
}

func TestInScope(t *testing.T) {
	for s, want := range map[enum.EquipmentStatus]bool{enum.EquipInService: true, enum.EquipStandby: true,
		enum.EquipUnderRepair: true, enum.EquipSealed: false, enum.EquipScrapped: false} {
		if InScope(s) != want {
			t.Errorf("InScope(%s) = %v", s, !want)
		}
	}
}

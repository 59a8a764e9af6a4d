package readiness_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services/readiness"
)

func TestDefaults(t *testing.T) {
	d, ok := readiness.Defaults("2026-2027", "")
	if !ok {
		t.Fatal("2026-2027 is a season")
	}
	want := readiness.Dates{CampaignStart: "2026-03-16", TrialRunStart: "2026-10-01", ReadinessDeadline: "2026-10-31",
		HeatingStart: "2026-11-15", HeatingEnd: "2027-03-15", SummaryDays: []string{"10-15", "10-25"}}
	if !equal(d, want) {
		t.Errorf("defaults %+v, want %+v", d, want)
	}
	if bad := readiness.CheckDates("2026-2027", d); len(bad) > 0 {
		t.Errorf("the defaults break the order: %v", bad)
	}
	// The campaign starts the day after the previous season ended: over
	// the end of February, leap year or not.
	for prev, start := range map[string]string{"2028-02-28": "2028-02-29", "2027-02-28": "2027-03-01",
		"2026-03-15": "2026-03-16", "2027-03-20": "2027-03-21"} {
		y := prev[:4]
		code := y + "-" + map[string]string{"2026": "2027", "2027": "2028", "2028": "2029"}[y]
		d, _ := readiness.Defaults(code, prev)
		if d.CampaignStart != start {
			t.Errorf("after %s the campaign starts %s, want %s", prev, d.CampaignStart, start)
		}
	}
	for _, code := range []string{"2026-2028", "2026", "26-27", "2027-2026", ""} {
		if _, ok := readiness.Defaults(code, ""); ok {
			t.Errorf("%q is taken for a season", code)
		}
	}
}

func TestCheckDates(t *testing.T) {
	base, _ := readiness.Defaults("2026-2027", "")
	cases := []struct {
		name   string
		change func(*readiness.Dates)
		fields []string
	}{
		{"the deadline may be the first heating day", func(d *readiness.Dates) { d.ReadinessDeadline = "2026-11-15" }, nil},
		{"trial before the campaign", func(d *readiness.Dates) { d.TrialRunStart = "2026-03-01" }, []string{"trial_run_start"}},
		{"deadline after heating starts", func(d *readiness.Dates) { d.ReadinessDeadline = "2026-11-20" }, []string{"heating_start"}},
		{"heating ends before it starts", func(d *readiness.Dates) { d.HeatingEnd = "2026-11-01" },
			[]string{"heating_end", "heating_end"}},
		{"heating starts the next year", func(d *readiness.Dates) {
			d.HeatingStart, d.HeatingEnd = "2027-01-02", "2027-03-15"
		}, []string{"heating_start"}},
		{"not a date", func(d *readiness.Dates) { d.HeatingEnd = "2027-02-30" }, []string{"heating_end"}},
		{"summary day after the deadline", func(d *readiness.Dates) { d.SummaryDays = []string{"11-01"} }, []string{"summary_days"}},
		{"02-29 outside a leap year", func(d *readiness.Dates) { d.SummaryDays = []string{"02-29"} }, []string{"summary_days"}},
		{"a summary day twice", func(d *readiness.Dates) { d.SummaryDays = []string{"10-15", "10-15"} }, []string{"summary_days"}},
	}
	for _, c := range cases {
		d := base
		d.SummaryDays = slices.Clone(base.SummaryDays)
		c.change(&d)
		var got []string
		for _, f := range readiness.CheckDates("2026-2027", d) {
			got = append(got, f.Field)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("%s: fields at fault %v, want %v", c.name, got, c.fields)
		}
	}
	// 02-29 is a summary day of a leap year's season when it falls in the
	// campaign.
	d, _ := readiness.Defaults("2028-2029", "2028-02-20")
	d.SummaryDays = []string{"02-29"}
	if bad := readiness.CheckDates("2028-2029", d); len(bad) > 0 {
		t.Errorf("02-29 of 2028: %v", bad)
	}
	if got := readiness.SummaryDaysBefore(base); !slices.Equal(got, []int{16, 6}) {
		t.Errorf("summary rungs %v, want [16 6]", got)
	}
}

func ptr(s string) *string { return &s }

func TestNeeded(t *testing.T) {
	d, _ := readiness.Defaults("2026-2027", "")
	boiler, valve, gauge, pump := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	clocks := []readiness.Clock{
		// internal inspection valid through 2027-01-15: inside the season,
		// needs a shutdown → before 10-31.
		{EquipmentID: boiler, EquipmentName: "3#锅炉", Kind: enum.EquipBoiler, Type: enum.InspInternal, Due: ptr("2027-01-15"), Readiness: enum.TestThroughEnd},
		// external inspection due 12-08: done running, valid on 11-15.
		{EquipmentID: boiler, EquipmentName: "3#锅炉", Kind: enum.EquipBoiler, Type: enum.InspExternal, Due: ptr("2026-12-08"), Readiness: enum.TestOnStart},
		// valve due 10-21: not valid on 11-15; due before the deadline.
		{EquipmentID: valve, EquipmentName: "1#锅炉安全阀A", Kind: enum.EquipSafetyValve, Type: enum.InspValveCalibration, Due: ptr("2026-10-21"), Readiness: enum.TestOnStart},
		// a gauge without a record.
		{EquipmentID: gauge, EquipmentName: "出水压力表", Kind: enum.EquipPressureGauge, Type: enum.InspGaugeVerification, Readiness: enum.TestOnStart},
		// due the first heating day: still valid that day.
		{EquipmentID: pump, EquipmentName: "探测器", Kind: enum.EquipGasDetector, Type: enum.InspDetectorCalibration, Due: ptr("2026-11-15"), Readiness: enum.TestOnStart},
		// not asked by the season.
		{EquipmentID: pump, EquipmentName: "探测器", Kind: enum.EquipGasDetector, Type: enum.InspHydroTest, Readiness: enum.TestNone},
	}
	got := readiness.Needed(clocks, d)
	want := []readiness.NewItem{
		{Category: enum.ItemBoilerAux, Title: "3#锅炉 内部检验：提前至10月31日前完成", DueOn: "2026-10-31", SourceKey: boiler.String() + "/internal_inspection", EquipmentID: boiler},
		{Category: enum.ItemCalibration, Title: "1#锅炉安全阀A 安全阀校验：提前至10月21日前完成", DueOn: "2026-10-21", SourceKey: valve.String() + "/valve_calibration", EquipmentID: valve},
		{Category: enum.ItemCalibration, Title: "出水压力表 压力表检定：无有效记录，须于10月31日前完成", DueOn: "2026-10-31", SourceKey: gauge.String() + "/gauge_verification", EquipmentID: gauge},
	}
	if !slices.Equal(got, want) {
		t.Errorf("needed:\n%+v\nwant\n%+v", got, want)
	}
}

func TestBlockers(t *testing.T) {
	d, _ := readiness.Defaults("2026-2027", "")
	item, unit, hz := uuid.New(), uuid.New(), uuid.New()
	f := readiness.Facts{
		Items: []readiness.ItemFact{{ID: uuid.New(), Title: "a", Status: enum.ItemDone}, {ID: uuid.New(), Title: "b", Status: enum.ItemVerified},
			{ID: uuid.New(), Title: "c", Status: enum.ItemWaived}, {ID: item, Title: "换热站检修", Status: enum.ItemRejected}},
		Units: []readiness.UnitFact{{ID: unit, Name: "2#循环泵", SiteName: "学府换热站", Status: enum.EquipInService, Condition: enum.ConditionDefective},
			{ID: uuid.New(), Name: "备用泵", Status: enum.EquipStandby, Condition: enum.ConditionIntact},
			{ID: uuid.New(), Name: "报废泵", Status: enum.EquipScrapped, Condition: enum.ConditionDefective}},
		Clocks: []readiness.Clock{{EquipmentID: unit, EquipmentName: "安全阀A", Type: enum.InspValveCalibration, Due: ptr("2026-10-21"), Readiness: enum.TestOnStart},
			{EquipmentID: unit, EquipmentName: "1#锅炉", Type: enum.InspExternal, Due: ptr("2026-12-08"), Readiness: enum.TestOnStart}},
		Hazards: []readiness.HazardFact{{ID: hz, Code: "YH-2026-000001", Address: "时代奥城锅炉房"}},
	}
	bl := readiness.Blockers(f, d)
	var codes []string
	for _, b := range bl {
		codes = append(codes, b.Code)
	}
	if want := []string{"item_open", "equipment_defective", "inspection_invalid", "major_hazard_open"}; !slices.Equal(codes, want) {
		t.Fatalf("blockers %v, want %v", codes, want)
	}
	if *bl[0].ItemID != item || *bl[1].EquipmentID != unit || *bl[2].EquipmentID != unit || *bl[3].HazardID != hz {
		t.Errorf("blockers name the wrong records: %+v", bl)
	}
	if bl[0].Message != "任务「换热站检修」尚未完成（当前状态：退回）" {
		t.Errorf("item blocker says %q", bl[0].Message)
	}
	if len(readiness.Blockers(readiness.Facts{Items: f.Items[:3], Units: f.Units[1:], Clocks: f.Clocks[1:]}, d)) != 0 {
		t.Error("a plan with nothing open is blocked")
	}
}

func TestRateAndTrend(t *testing.T) {
	if r := readiness.RateOf(111, 113); *r.Rate != 0.9823 || r.Numerator != 111 || r.Denominator != 113 {
		t.Errorf("111/113 = %+v", r)
	}
	if r := readiness.RateOf(0, 0); r.Rate != nil {
		t.Errorf("0/0 has a rate: %v", *r.Rate)
	}
}

func equal(a, b readiness.Dates) bool {
	return a.CampaignStart == b.CampaignStart && a.TrialRunStart == b.TrialRunStart && a.ReadinessDeadline == b.ReadinessDeadline &&
		a.HeatingStart == b.HeatingStart && a.HeatingEnd == b.HeatingEnd && slices.Equal(a.SummaryDays, b.SummaryDays)
}

package renovation_test

import (
	"testing"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services/renovation"
)

func TestPointLevel(t *testing.T) {
	for p, want := range map[enum.PressureLevel]enum.HazardLevel{
		enum.PressureLow: enum.LevelGeneral, enum.PressureMediumB: enum.LevelMajor, enum.PressureMediumA: enum.LevelMajor,
		enum.PressureSubHigh: enum.LevelMajor, enum.PressureHigh: enum.LevelMajor,
	} {
		if got := renovation.PointLevel(p); got != want {
			t.Errorf("a point on a %s pipe is %s, want %s", p, got, want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		km, planned   float64
		hh, plannedHH int
		want          float64
	}{
		{4.9, 6.8, 0, 3100, 72.1},
		{9.6, 9.6, 0, 0, 100},
		{9.65, 9.6, 0, 0, 100}, // rounding over the plan is capped
		{0, 7.9, 0, 0, 0},
		{0, 0, 1200, 2400, 50},
		{0, 0, 0, 0, 0},
		{71.3, 88.0, 0, 0, 81.0},
	} {
		if got := renovation.Percent(c.km, c.planned, c.hh, c.plannedHH); got != c.want {
			t.Errorf("Percent(%v, %v, %v, %v) = %v, want %v", c.km, c.planned, c.hh, c.plannedHH, got, c.want)
		}
	}
}

func TestBehindSchedule(t *testing.T) {
	for _, c := range []struct {
		status     enum.ProjectStatus
		percent    float64
		start, end string
		today      string
		want       bool
	}{
		// Half the period passed (2026-03-01..2026-12-31: 2026-07-31 is 152/305 days).
		{enum.ProjectInConstruction, 50, "2026-03-01", "2026-12-31", "2026-07-31", false},
		{enum.ProjectInConstruction, 46, "2026-03-01", "2026-12-31", "2026-07-31", false}, // within the margin
		{enum.ProjectInConstruction, 44, "2026-03-01", "2026-12-31", "2026-07-31", true},
		{enum.ProjectSuspended, 30, "2026-03-01", "2026-12-31", "2026-07-31", true},
		{enum.ProjectPlanned, 0, "2026-03-01", "2026-12-31", "2026-02-01", false},        // not started by its plan
		{enum.ProjectPreparing, 0, "2026-03-01", "2026-12-31", "2026-03-01", false},      // its first day
		{enum.ProjectInConstruction, 99, "2026-03-01", "2026-10-31", "2026-11-01", true}, // past its end
		{enum.ProjectInConstruction, 100, "2026-03-01", "2026-10-31", "2026-10-31", false},
		{enum.ProjectCompleted, 100, "2026-03-01", "2026-10-31", "2026-11-25", false},
		{enum.ProjectCancelled, 0, "2026-03-01", "2026-10-31", "2026-11-25", false},
	} {
		if got := renovation.BehindSchedule(c.status, c.percent, c.start, c.end, c.today); got != c.want {
			t.Errorf("%s at %v%% on %s (%s..%s): behind %v, want %v", c.status, c.percent, c.today, c.start, c.end, got, c.want)
		}
	}
	if s := renovation.ElapsedShare("2026-01-01", "2026-01-11", "2026-01-06"); s != 0.5 {
		t.Errorf("elapsed share %v, want 0.5", s)
	}
}

func TestCheckMove(t *testing.T) {
	co, bu := renovation.ByCompany, renovation.ByBureau
	for _, c := range []struct {
		from, to  enum.ProjectStatus
		by        renovation.Actor
		reason    string
		resume    string
		ok        bool
		forbidden bool
	}{
		{enum.ProjectPlanned, enum.ProjectPreparing, co, "", "", true, false},
		{enum.ProjectPreparing, enum.ProjectInConstruction, co, "", "", true, false},
		{enum.ProjectInConstruction, enum.ProjectCompleted, co, "", "", true, false},
		{enum.ProjectCompleted, enum.ProjectGasRestored, co, "", "", true, false},
		{enum.ProjectGasRestored, enum.ProjectAccepted, co, "", "", false, true},
		{enum.ProjectGasRestored, enum.ProjectAccepted, bu, "", "", true, false},
		{enum.ProjectPlanned, enum.ProjectInConstruction, co, "", "", false, false},   // skips a step
		{enum.ProjectInConstruction, enum.ProjectSuspended, co, "", "", false, false}, // no reason
		{enum.ProjectInConstruction, enum.ProjectSuspended, co, "协调拆违", "", true, false},
		{enum.ProjectPreparing, enum.ProjectSuspended, co, "手续未批", "", true, false},
		{enum.ProjectPlanned, enum.ProjectSuspended, co, "x", "", false, false},
		{enum.ProjectSuspended, enum.ProjectInConstruction, co, "", "in_construction", true, false},
		{enum.ProjectSuspended, enum.ProjectPreparing, co, "", "in_construction", false, false}, // back where it stopped
		{enum.ProjectInConstruction, enum.ProjectCancelled, co, "取消", "", false, true},
		{enum.ProjectInConstruction, enum.ProjectCancelled, bu, "", "", false, false},
		{enum.ProjectInConstruction, enum.ProjectCancelled, bu, "规划调整", "", true, false},
		{enum.ProjectAccepted, enum.ProjectCancelled, bu, "x", "", false, false},
		{enum.ProjectCancelled, enum.ProjectPlanned, bu, "", "", false, false},
		{enum.ProjectCompleted, enum.ProjectInConstruction, bu, "", "", false, false},
	} {
		err := renovation.CheckMove(c.from, c.to, c.by, c.reason, c.resume)
		if (err == nil) != c.ok || (err != nil && err.Forbidden != c.forbidden) {
			t.Errorf("%s → %s by %d (reason %q): %v, want ok %v forbidden %v", c.from, c.to, c.by, c.reason, err, c.ok, c.forbidden)
		}
	}
}

func TestPointStatusOf(t *testing.T) {
	ps := func(s enum.ProjectStatus) *enum.ProjectStatus { return &s }
	for _, c := range []struct {
		h        enum.HazardStatus
		deferred bool
		project  *enum.ProjectStatus
		want     enum.PointStatus
	}{
		{enum.StatusReported, false, nil, enum.PointIdentified},
		{enum.StatusRectifying, false, nil, enum.PointInProgress},
		{enum.StatusRectifying, false, ps(enum.ProjectPlanned), enum.PointPlanned},
		{enum.StatusRectifying, false, ps(enum.ProjectSuspended), enum.PointPlanned},
		{enum.StatusRectifying, false, ps(enum.ProjectInConstruction), enum.PointInProgress},
		{enum.StatusRectifying, false, ps(enum.ProjectGasRestored), enum.PointInProgress},
		{enum.StatusRectifying, true, ps(enum.ProjectInConstruction), enum.PointDeferred},
		{enum.StatusReported, true, nil, enum.PointDeferred},
		{enum.StatusRectified, false, ps(enum.ProjectCompleted), enum.PointEliminated},
		{enum.StatusRectified, true, nil, enum.PointEliminated},
		{enum.StatusVerified, false, ps(enum.ProjectAccepted), enum.PointVerified},
	} {
		if got := renovation.PointStatusOf(c.h, c.deferred, c.project); got != c.want {
			t.Errorf("hazard %s deferred %v project %v: point %s, want %s", c.h, c.deferred, c.project, got, c.want)
		}
	}
}

func TestReportRules(t *testing.T) {
	if !renovation.ReportLower(4.8, 0, 4.9, 0) || !renovation.ReportLower(4.9, 10, 4.9, 11) || renovation.ReportLower(4.9, 11, 4.9, 11) {
		t.Error("a lower cumulative figure is told")
	}
	if renovation.KmTooHigh(6.85, 6.8) || !renovation.KmTooHigh(6.86, 6.8) {
		t.Error("km over the plan by more than 50 m is refused, within it kept")
	}
	for _, c := range []struct{ last, from, want string }{
		{"2026-11-20", "", "2026-12-25"},
		{"2026-11-25", "", "2026-12-25"},
		{"2026-11-26", "", "2027-01-25"},
		{"2026-12-31", "", "2027-02-25"}, // after the 25th: counts for January, so February's is next
		{"", "2026-03-10", "2026-03-25"},
		{"", "2026-03-28", "2026-04-25"},
	} {
		if got := renovation.ReportDueOn(c.last, c.from); got != c.want {
			t.Errorf("ReportDueOn(%q, %q) = %s, want %s", c.last, c.from, got, c.want)
		}
	}
	if got := renovation.SilentFrom("2026-10-30", "2026-03-01"); got != "2026-11-29" {
		t.Errorf("silent from %s", got)
	}
	if got := renovation.SilentFrom("", "2026-03-01"); got != "2026-03-31" {
		t.Errorf("silent from %s", got)
	}
	if got := renovation.WeeklyAnchor(2026); got != "2028-01-03" {
		t.Errorf("weekly anchor %s, want the first Monday of 2028", got)
	}
}

func TestFigures(t *testing.T) {
	f := renovation.NewFigures()
	f.AddProject(renovation.ProjectFact{Status: enum.ProjectAccepted, PlannedKm: 9.6, KmDone: 9.6})
	f.AddProject(renovation.ProjectFact{Status: enum.ProjectInConstruction, PlannedKm: 6.8, KmDone: 4.9, Behind: true})
	f.AddProject(renovation.ProjectFact{Status: enum.ProjectCancelled, PlannedKm: 3, KmDone: 1})
	for _, p := range []renovation.PointFact{{enum.PointVerified, true}, {enum.PointEliminated, true}, {enum.PointInProgress, true},
		{enum.PointDeferred, false}, {enum.PointVerified, false}} {
		f.AddPoint(p)
	}
	target, points := 88.0, 387
	f.Finish(&target, &points)
	if f.TargetKm != 88 || f.DoneKm != 14.5 || f.Projects != 3 || f.BehindSchedule != 1 || f.ProjectsByStatus["cancelled"] != 1 {
		t.Errorf("projects: %+v", f)
	}
	if f.EliminatedPoints != 3 || f.VerifiedPoints != 2 || f.MajorOpen != 2 || f.TargetPoints != 387 || f.PointsByStatus["deferred"] != 1 {
		t.Errorf("points: %+v", f)
	}
	g := renovation.NewFigures()
	g.AddProject(renovation.ProjectFact{Status: enum.ProjectInConstruction, PlannedKm: 10, KmDone: 5})
	g.AddPoint(renovation.PointFact{Status: enum.PointVerified})
	g.Finish(nil, nil)
	if g.TargetKm != 10 || g.PercentKm != 50 || g.TargetPoints != 1 || g.VerificationRate != 100 {
		t.Errorf("without a plan: %+v", g)
	}
}

package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/renovation"
	"github.com/hearthsafety/hearth/services/seed"
	"github.com/hearthsafety/hearth/storage"
)

// TestRenovationDemo seeds programmes §2.6 and reads its board on
// 2026-11-25 as the bureau does: 88.0 km planned, 71.3 done (81.0 %), 387
// points of which 301 eliminated and 276 verified, 18 major ones open, by
// street 62/71/98/84/72; the occupier types and the 43 points on medium-
// pressure mains; every point's hazard in the matching status with its
// evidence and verifier; 仓廒 supervised, 兴南 suspended; the trail intact.
func TestRenovationDemo(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	if _, err := seed.Demo(ctx, db.Client, cheap, "demo-password-1"); err != nil {
		t.Fatal(err)
	}
	engine := reminders.NewEngine(db.Client, nil, nil, nil)
	started := time.Now()
	if err := seed.RenovationDemo(ctx, db.Client, engine, storage.Dir{Root: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	t.Logf("renovation demo seeded in %v", time.Since(started).Round(time.Millisecond))
	tn, err := db.Client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.Client.User.Query().Where(user.TenantID(tn.ID), user.Username("bureau.admin")).WithOrg().Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	bureau := policy.NewContext(ctx, &policy.Viewer{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone, OrgID: u.OrgID, OrgName: u.Edges.Org.Name,
		OrgKind: u.Edges.Org.Kind, Roles: []string{policy.RoleBureauAdmin}})
	day, _ := time.ParseInLocation(time.DateOnly, seed.DemoRenovationDay, time.FixedZone("CST", 8*3600))
	now := func() time.Time { return day.Add(17 * time.Hour) }
	rn := renovation.New(db.Client, nil, nil, ledger.New(db.Client, nil, nil, now), now)
	b, err := rn.BoardOf(bureau, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if b.PlanName != "2026年燃气旧管网改造计划" || b.TargetKm != 88.0 || b.DoneKm != 71.3 || b.PercentKm != 81.0 {
		t.Errorf("plan %q: target %.2f km, done %.2f (%.1f %%); want 88.0, 71.3 (81.0 %%)", b.PlanName, b.TargetKm, b.DoneKm, b.PercentKm)
	}
	if b.TargetPoints != 387 || b.Points != 387 || b.EliminatedPoints != 301 || b.VerifiedPoints != 276 || b.MajorOpen != 18 {
		t.Errorf("points: target %d, counted %d, eliminated %d, verified %d, major open %d; want 387, 387, 301, 276, 18",
			b.TargetPoints, b.Points, b.EliminatedPoints, b.VerifiedPoints, b.MajorOpen)
	}
	wantStatus := map[string]int{"verified": 276, "eliminated": 25, "in_progress": 54, "planned": 20, "deferred": 12}
	if !sameCounts(b.PointsByStatus, wantStatus) {
		t.Errorf("points by status %v, want %v", b.PointsByStatus, wantStatus)
	}
	wantProjects := map[string]int{"accepted": 1, "gas_restored": 2, "completed": 2, "in_construction": 4, "suspended": 1}
	if !sameCounts(b.ProjectsByStatus, wantProjects) {
		t.Errorf("projects by status %v, want %v", b.ProjectsByStatus, wantProjects)
	}
	wantStreets := map[string]struct {
		points int
		target float64
		done   float64
	}{
		"体育中心街": {62, 17.8, 17.8}, "学府街": {71, 14.2, 12.3}, "鼓楼街": {98, 19.6, 12.7},
		"广开街": {84, 19.2, 19.2}, "兴南街": {72, 17.2, 9.3},
	}
	if len(b.ByStreet) != len(wantStreets) {
		t.Errorf("%d streets on the board, want 5", len(b.ByStreet))
	}
	for _, r := range b.ByStreet {
		w, ok := wantStreets[r.Name]
		if !ok || r.Points != w.points || r.TargetKm != w.target || r.DoneKm != w.done {
			t.Errorf("street %s: %d points, %.2f of %.2f km; want %+v", r.Name, r.Points, r.DoneKm, r.TargetKm, w)
		}
	}

	// The points: occupier types, pressure, and each one's hazard.
	pts, err := db.Client.OccupationPoint.Query().Where(occupationpoint.TenantID(tn.ID)).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	major, folded := 0, 0
	for _, p := range pts {
		types[string(p.OccupierType)]++
		if renovation.PointLevel(p.PipePressure) == enum.LevelMajor {
			major++
		}
		h, err := db.Client.Hazard.Get(sys, p.HazardID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Category != enum.CategoryPipelineOccupation || h.Level != renovation.PointLevel(p.PipePressure) {
			t.Errorf("point %s: hazard %s %s %s", p.PointNo, h.Code, h.Category, h.Level)
		}
		if p.ProjectID != nil {
			folded++
		}
		var ps *enum.ProjectStatus
		if p.ProjectID != nil {
			pr, err := db.Client.RenovationProject.Get(sys, *p.ProjectID)
			if err != nil {
				t.Fatal(err)
			}
			ps = &pr.Status
			if pr.StreetID != p.StreetID || h.Deadline != pr.PlannedEnd || p.Disposition == nil || *p.Disposition != enum.DisposeRerouteByProject {
				t.Errorf("point %s folded into %s of another street, or its hazard's deadline %s is not the project's end %s",
					p.PointNo, pr.ProjectNo, h.Deadline, pr.PlannedEnd)
			}
		}
		if want := renovation.PointStatusOf(h.Status, p.Status == enum.PointDeferred, ps); p.Status != want {
			t.Errorf("point %s is %s, its hazard %s %s: want %s", p.PointNo, p.Status, h.Code, h.Status, want)
		}
		switch p.Status {
		case enum.PointVerified, enum.PointEliminated:
			n, err := db.Client.Attachment.Query().Where(attachment.HazardID(h.ID)).Count(sys)
			if err != nil || n == 0 {
				t.Errorf("point %s %s without evidence (%v)", p.PointNo, p.Status, err)
			}
			if p.Status == enum.PointVerified && (h.VerifiedByName == "" || p.VerifiedOn == nil) {
				t.Errorf("point %s verified without a verifier or date", p.PointNo)
			}
		case enum.PointDeferred:
			if p.ProjectID != nil || p.InterimMeasures == "" {
				t.Errorf("deferred point %s: project %v, measures %v", p.PointNo, p.ProjectID, p.InterimMeasures)
			}
		}
	}
	wantTypes := map[string]int{"building": 141, "shed": 97, "stall": 58, "storage": 44, "carport": 25, "greenery": 22}
	if !sameCounts(types, wantTypes) || major != 43 || folded != 387-12 {
		t.Errorf("occupiers %v (want %v), %d major (want 43), %d folded (want 375)", types, wantTypes, major, folded)
	}
	if n, err := db.Client.Hazard.Query().Where(hazard.TenantID(tn.ID), hazard.CategoryEQ(enum.CategoryPipelineOccupation)).Count(sys); err != nil || n != 387 {
		t.Errorf("%d occupation hazards in the ledger (%v), want 387", n, err)
	}

	// 仓廒 挂牌督办 and its questioned report; 兴南 suspended.
	six, err := db.Client.RenovationProject.Query().Where(renovationproject.Name("仓廒片区中低压管改造")).Only(sys)
	if err != nil || !six.Supervised || six.KmDone != 5.0 {
		t.Errorf("仓廒: %+v, %v", six, err)
	}
	if q, err := db.Client.ProgressReport.Query().Where(progressreport.ProjectID(six.ID),
		progressreport.DecisionEQ(enum.ReportQuestioned)).Count(sys); err != nil || q != 1 {
		t.Errorf("仓廒 has %d questioned reports (%v), want 1", q, err)
	}
	ten, err := db.Client.RenovationProject.Query().Where(renovationproject.Name("兴南片区庭院管改造")).Only(sys)
	if err != nil || ten.Status != enum.ProjectSuspended || ten.SuspendReason == "" || ten.KmDone != 6.2 {
		t.Errorf("兴南: %+v, %v", ten, err)
	}
	reports, err := db.Client.ProgressReport.Query().Where(progressreport.TenantID(tn.ID)).Count(sys)
	if err != nil || reports < 40 {
		t.Errorf("%d progress reports (%v), want months of them", reports, err)
	}
	rep, err := audit.Verify(ctx, db.Client, tn.ID)
	if err != nil || !rep.OK {
		t.Errorf("audit %+v, %v", rep, err)
	}
}

func sameCounts(got, want map[string]int) bool {
	for k, v := range got {
		if v != 0 && want[k] != v {
			return false
		}
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

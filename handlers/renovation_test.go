package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

// gasProject writes, as the system, this year's renovation plan and one
// project of 津燃华润 in 广开街 (GW-2026-901, 10 km from 2026-03-01 to
// 2026-10-31) in status; under way, it started on its planned start.
func (l *ledger) gasProject(t *testing.T, status enum.ProjectStatus) *ent.RenovationProject {
	t.Helper()
	ctx := policy.System(context.Background())
	gas1 := uuid.MustParse(l.OrgID("津燃华润燃气有限公司"))
	o, err := l.DB.Client.Org.Get(ctx, gas1)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := l.DB.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	pl, err := tx.RenovationPlan.Create().SetTenantID(o.TenantID).SetYear(2026).SetName("2026年燃气旧管网改造计划").
		SetTargetKm(88).SetTargetPoints(387).SetCompanyIds([]uuid.UUID{gas1}).SetDueOn("2026-12-31").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := tx.RenovationProject.Create().SetTenantID(o.TenantID).SetPlanID(pl.ID).SetProjectNo("GW-2026-901").
		SetName("广开片区庭院管改造").SetCompanyID(gas1).SetStreetID(uuid.MustParse(l.OrgID("广开街"))).
		SetScopeType(enum.ScopeCourtyard).SetAgingReason(enum.AgingGreyCastIron).SetPlannedKm(10).
		SetPlannedStart("2026-03-01").SetPlannedEnd("2026-10-31").SetStatus(status)
	if status != enum.ProjectPlanned && status != enum.ProjectPreparing {
		c.SetActualStart("2026-03-01")
	}
	p, err := c.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSuspendedProjectSaysWhereItResumes: a project suspended while in
// preparation answers resume_status preparing (from its history), resumes
// there and not into construction; a project under way answers none.
func TestSuspendedProjectSaysWhereItResumes(t *testing.T) {
	l := newLedger(t)
	p := l.gasProject(t, enum.ProjectPreparing)
	url := "/api/v1/renovation/projects/" + p.ID.String()
	if got := l.read(gas1Clerk, url); got["resume_status"] != nil {
		t.Fatalf("a project in preparation says it resumes to %v", got["resume_status"])
	}
	if r := l.As(gas1Clerk, http.MethodPost, url+"/status", obj{"to": "suspended", "reason": "协调拆违"}); r.Status != http.StatusOK {
		t.Fatalf("suspend: %d %s", r.Status, r.Body)
	}
	if got := l.read(gas1Clerk, url); got["status"] != "suspended" || got["resume_status"] != "preparing" {
		t.Fatalf("suspended: status %v, resume_status %v, want preparing", got["status"], got["resume_status"])
	}
	if r := l.As(gas1Clerk, http.MethodPost, url+"/status", obj{"to": "in_construction"}); r.Status == http.StatusOK {
		t.Fatal("a project suspended in preparation resumed into construction")
	}
	if r := l.As(gas1Clerk, http.MethodPost, url+"/status", obj{"to": "preparing"}); r.Status != http.StatusOK {
		t.Fatalf("resume: %d %s", r.Status, r.Body)
	}
}

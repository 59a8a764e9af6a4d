package renovation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/renovation"
)

// A batch is all or nothing and each point in it goes through the rules of
// one alone: a bad input refuses the batch naming it, points recorded into
// a project start folded (the hazard rectifying to the project's end, the
// fold event), a batch without evidence eliminates none, one with a photo
// eliminates all, and the verified batch leaves the trail intact.
func TestBatches(t *testing.T) {
	w := newWorld(t)
	sys := policy.System(context.Background())
	_, pr := w.plan2026(t)
	in := func(addr string) renovation.PointInput {
		return renovation.PointInput{StreetID: w.s1, Address: addr, PipePressure: enum.PressureMediumA, PipeDn: "DN300",
			OccupierType: enum.OccupierBuilding, OccupierName: "私搭住房", DiscoveredOn: "2026-02-20", Deadline: "2026-06-30"}
	}
	bad := in("鼓楼东街2号")
	bad.Deadline = ""
	hazards := must1(w.client.Hazard.Query().Count(sys))
	_, err := w.svc.CreatePoints(w.asBureau, &pr.ID, []renovation.PointInput{in("鼓楼东街1号"), bad, in("鼓楼东街3号")})
	var e *services.Error
	if code(err) != "validation_failed" || !asErr(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != "1.deadline" {
		t.Fatalf("a batch with a point without deadline: %v", err)
	}
	if n := must1(w.client.Hazard.Query().Count(sys)); n != hazards {
		t.Fatalf("a refused batch left %d hazards", n-hazards)
	}
	// Named on no company by the bureau: refused too.
	if _, err := w.svc.CreatePoints(w.asBureau, &pr.ID, []renovation.PointInput{in("鼓楼东街1号")}); code(err) == "" {
		t.Fatalf("the bureau named no company: %v", err)
	}
	ins := []renovation.PointInput{in("鼓楼东街1号"), in("鼓楼东街2号"), in("鼓楼东街3号")}
	for i := range ins {
		ins[i].CompanyID = &w.gas
	}
	pts := must1(w.svc.CreatePoints(w.asBureau, &pr.ID, ins))
	ids := make([]uuid.UUID, len(pts))
	for i, p := range pts {
		ids[i] = p.ID
		h := w.hazard(t, p)
		if p.PointNo != []string{"ZY-2026-001", "ZY-2026-002", "ZY-2026-003"}[i] || p.ProjectID == nil || *p.ProjectID != pr.ID ||
			p.Status != enum.PointPlanned || h.Status != enum.StatusRectifying || h.Deadline != pr.PlannedEnd ||
			h.OriginalDeadline != "2026-06-30" || h.Level != enum.LevelMajor {
			t.Errorf("point %d: %+v, hazard %+v", i, p, h)
		}
		ev := must1(w.client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("fold")).Only(sys))
		if ev.Note != "纳入改造项目 "+pr.ProjectNo+" "+pr.Name || ev.ToStatus != string(enum.StatusRectifying) {
			t.Errorf("fold event %+v", ev)
		}
	}
	// No evidence: none eliminated.
	if _, err := w.svc.EliminateMany(w.asGas, ids, renovation.NoteInput{}, nil); code(err) != "evidence_required" {
		t.Fatalf("eliminating without a photo: %v", err)
	}
	if p := w.reload(t, pts[0]); p.Status != enum.PointPlanned {
		t.Fatalf("a refused batch moved the first point to %s", p.Status)
	}
	done := must1(w.svc.EliminateMany(w.asGas, ids, renovation.NoteInput{Note: "改线完成"},
		&renovation.Document{Filename: "现场.png", Data: photo()}))
	for _, p := range done {
		if p.Status != enum.PointEliminated || w.hazard(t, p).Status != enum.StatusRectified {
			t.Errorf("eliminated: %+v", p)
		}
	}
	for _, p := range must1(w.svc.VerifyMany(w.asBureau, ids[:2], renovation.NoteInput{Note: "同意销号"})) {
		if p.Status != enum.PointVerified || p.VerifiedOn == nil || w.hazard(t, p).VerifiedByName == "" {
			t.Errorf("verified: %+v", p)
		}
	}
	if _, err := w.svc.VerifyMany(w.asBureau, ids[:2], renovation.NoteInput{}); code(err) != "invalid_transition" {
		t.Errorf("verifying twice: %v", err)
	}
	rep, err := audit.Verify(context.Background(), w.client, pr.TenantID)
	if err != nil || !rep.OK {
		t.Errorf("audit %+v, %v", rep, err)
	}
}

func asErr(err error, e **services.Error) bool { return errors.As(err, e) }

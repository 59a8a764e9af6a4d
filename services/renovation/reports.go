package renovation

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/documents"
)

// ReportInput is a progress report (进度报告) of a project: its cumulative
// figures on a day. A report lower than the last one needs lower_reason.
type ReportInput struct {
	ReportedOn               string  `json:"reported_on" validate:"required,date"`
	KmDoneCumulative         float64 `json:"km_done_cumulative" validate:"min=0,max=10000"`
	HouseholdsDoneCumulative int     `json:"households_done_cumulative" validate:"min=0,max=1000000"`
	Note                     string  `json:"note" validate:"max=2000"`
	LowerReason              string  `json:"lower_reason" validate:"max=500"`
}

// DecisionInput is the bureau's decision on a report.
type DecisionInput struct {
	Decision enum.ReportDecision `json:"decision" validate:"required,enum"`
	Note     string              `json:"note" validate:"max=500"`
}

// latest is the project's latest report not questioned, nil when none.
func latest(ctx context.Context, tx *ent.Tx, projectID uuid.UUID) (*ent.ProgressReport, error) {
	r, err := tx.ProgressReport.Query().Where(progressreport.ProjectID(projectID), progressreport.DecisionNEQ(enum.ReportQuestioned)).
		Order(ent.Desc(progressreport.FieldReportedOn), ent.Desc(progressreport.FieldID)).First(policy.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}

// follow sets the project's progress from its latest report not
// questioned (zero without one), in tx, the project's row locked.
func followReports(ctx context.Context, tx *ent.Tx, p *ent.RenovationProject) (*ent.RenovationProject, error) {
	r, err := latest(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	u := tx.RenovationProject.UpdateOneID(p.ID).AddVersion(1)
	if r == nil {
		u.SetKmDone(0).SetHouseholdsDone(0).ClearLastReportOn()
	} else {
		u.SetKmDone(r.KmDoneCumulative).SetHouseholdsDone(r.HouseholdsDoneCumulative).SetLastReportOn(r.ReportedOn)
	}
	return u.Save(policy.System(ctx))
}

// AddReport records a progress report of the project id, the project's row
// locked: its figures are compared with the latest report not questioned
// (lower needs lower_reason: 422 otherwise), km may not pass the planned
// km by more than the rounding, a report is not in the future nor before
// an earlier one, and the project's km and households follow the latest.
func (s *Service) AddReport(ctx context.Context, projectID uuid.UUID, in ReportInput) (*ent.ProgressReport, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.RenovationProject.Get(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if cur.Status == enum.ProjectCancelled || cur.Status == enum.ProjectAccepted || cur.Status == enum.ProjectPlanned {
		return nil, conflict("invalid_transition", fmt.Sprintf("项目处于「%s」，不能报送进度", cur.Status.Label()), string(cur.Status))
	}
	if in.ReportedOn > s.Today(ctx) {
		return nil, services.Invalid(services.Field("reported_on", "不能晚于今天"))
	}
	v := policy.FromContext(ctx)
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	var r *ent.ProgressReport
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err := lockProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		if KmTooHigh(in.KmDoneCumulative, p.PlannedKm) {
			return services.Invalid(services.Field("km_done_cumulative", fmt.Sprintf("累计完成 %.2f 公里超过计划 %.2f 公里", in.KmDoneCumulative, p.PlannedKm)))
		}
		last, err := latest(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if last != nil {
			if in.ReportedOn < last.ReportedOn {
				return services.Invalid(services.Field("reported_on", "不能早于上一次报告日期 "+last.ReportedOn))
			}
			if ReportLower(in.KmDoneCumulative, in.HouseholdsDoneCumulative, last.KmDoneCumulative, last.HouseholdsDoneCumulative) && in.LowerReason == "" {
				return services.Invalid(services.Field("lower_reason", fmt.Sprintf("累计数低于上一次报告（%s：%.2f 公里、%d 户），须说明原因",
					last.ReportedOn, last.KmDoneCumulative, last.HouseholdsDoneCumulative)))
			}
		}
		r, err = tx.ProgressReport.Create().SetProjectID(p.ID).SetCompanyID(p.CompanyID).SetStreetID(p.StreetID).
			SetReportedOn(in.ReportedOn).SetKmDoneCumulative(in.KmDoneCumulative).
			SetHouseholdsDoneCumulative(in.HouseholdsDoneCumulative).SetNote(in.Note).SetLowerReason(in.LowerReason).
			SetReporterName(personName(v)).Save(ctx)
		if ent.IsConstraintError(err) {
			return conflict("report_exists", "该项目 "+in.ReportedOn+" 已有进度报告，一天只报一次", "")
		} else if err != nil {
			return err
		}
		if p, err = followReports(ctx, tx, p); err != nil {
			return err
		}
		if err := projectEvent(tx, v, p, "report", "", "", in.Note, map[string]any{"report_id": r.ID,
			"reported_on": r.ReportedOn, "km_done_cumulative": r.KmDoneCumulative, "households_done_cumulative": r.HouseholdsDoneCumulative}).Exec(ctx); err != nil {
			return err
		}
		return plan(ctx, tx, rp, ProjectDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return r, nil
}

// DecideReport is the bureau's decision on the report rid of the project
// id: accepted, or questioned (a note required); a questioned report no
// longer counts, so the project's figures go back to the latest one that
// does. A decision may be changed.
func (s *Service) DecideReport(ctx context.Context, projectID, rid uuid.UUID, in DecisionInput) (*ent.ProgressReport, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.Decision == enum.ReportPending {
		return nil, services.Invalid(services.Field("decision", "须为通过或存疑"))
	}
	if in.Decision == enum.ReportQuestioned && in.Note == "" {
		return nil, services.Invalid(services.Field("note", "存疑须说明理由"))
	}
	r, err := s.client.ProgressReport.Query().Where(progressreport.ID(rid), progressreport.ProjectID(projectID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err := lockProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		if r, err = tx.ProgressReport.UpdateOneID(r.ID).AddVersion(1).SetDecision(in.Decision).SetDecisionNote(in.Note).
			SetDecidedByName(personName(v)).SetDecidedAt(s.now().UTC()).Save(ctx); err != nil {
			return err
		}
		if p, err = followReports(ctx, tx, p); err != nil {
			return err
		}
		if err := projectEvent(tx, v, p, "report_"+string(in.Decision), "", "", in.Note, map[string]any{"report_id": r.ID,
			"reported_on": r.ReportedOn}).Exec(ctx); err != nil {
			return err
		}
		return plan(ctx, tx, rp, ProjectDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return r, nil
}

// ReportDocumentOwner names progress reports as the owner of their photos.
const ReportDocumentOwner = "progress_report"

// PointDocumentOwner names occupation points as the owner of theirs.
const PointDocumentOwner = "occupation_point"

// MaxDocuments caps the photos of one report or point.
const MaxDocuments = 20

var errFull = services.Errorf(services.KindConflict, "too_many_documents", "一条记录最多保存 %d 个附件", MaxDocuments)

// ReportDocs is the report as documents hang on it.
func ReportDocs(r *ent.ProgressReport) documents.Of {
	return documents.Of{Owner: ReportDocumentOwner, ID: r.ID, TenantID: r.TenantID, CompanyID: r.CompanyID,
		StreetID: r.StreetID, Dir: "renovation", Max: MaxDocuments, Full: errFull}
}

// PointDocs is the point as documents hang on it.
func PointDocs(p *ent.OccupationPoint) documents.Of {
	return documents.Of{Owner: PointDocumentOwner, ID: p.ID, TenantID: p.TenantID, CompanyID: p.CompanyID,
		StreetID: p.StreetID, Dir: "renovation", Max: MaxDocuments, Full: errFull}
}

// Document is an uploaded file.
type Document struct {
	Filename string
	Data     []byte
}

// AttachReport stores a photo of the report rid of the project id, counted
// under the project's lock, with a step in its history.
func (s *Service) AttachReport(ctx context.Context, projectID, rid uuid.UUID, in Document) (*ent.Document, error) {
	r, err := s.client.ProgressReport.Query().Where(progressreport.ID(rid), progressreport.ProjectID(projectID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.client.RenovationProject.Get(ctx, projectID)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	return documents.Attach(ctx, s.client, s.storage, ReportDocs(r), in.Filename, in.Data, func(tx *ent.Tx) (uuid.UUID, error) {
		locked, err := lockProject(ctx, tx, projectID)
		if err != nil {
			return uuid.Nil, err
		}
		p = locked // its history entry is in the street it is in now
		return p.StreetID, nil
	}, func(tx *ent.Tx, d *ent.Document) error {
		return projectEvent(tx, v, p, "document_added", "", "", "", map[string]any{"report_id": r.ID, "document_id": d.ID, "filename": d.Filename}).Exec(ctx)
	})
}

// AttachPoint stores a photo of the point id (evidence of its
// elimination, among others), counted under its lock.
func (s *Service) AttachPoint(ctx context.Context, id uuid.UUID, in Document) (*ent.Document, error) {
	p, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	return documents.Attach(ctx, s.client, s.storage, PointDocs(p), in.Filename, in.Data, func(tx *ent.Tx) (uuid.UUID, error) {
		locked, err := lockPoint(ctx, tx, id)
		if err != nil {
			return uuid.Nil, err
		}
		p = locked
		return p.StreetID, nil
	}, func(tx *ent.Tx, d *ent.Document) error {
		return pointEvent(tx, v, p, "document_added", "", "", "", map[string]any{"document_id": d.ID, "filename": d.Filename}).Exec(ctx)
	})
}

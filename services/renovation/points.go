package renovation

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// PointSeries is the district counter series of point numbers
// (ZY-<year recorded>-NNN).
const PointSeries = "occupation_point"

// PointInput is a new occupation point (占压点位): where, the occupied
// pipe, the occupier, when and how it was found, and the deadline of its
// hazard. A company records its own; the bureau and street offices name
// the gas company whose pipe it is.
type PointInput struct {
	CompanyID       *uuid.UUID         `json:"company_id"`
	StreetID        uuid.UUID          `json:"street_id" validate:"required"`
	CommunityID     *uuid.UUID         `json:"community_id"`
	Address         string             `json:"address" validate:"required,max=200"`
	Lat             *float64           `json:"lat" validate:"omitnil,latitude"`
	Lng             *float64           `json:"lng" validate:"omitnil,longitude"`
	PipePressure    enum.PressureLevel `json:"pipe_pressure" validate:"required,enum"`
	PipeDn          string             `json:"pipe_dn" validate:"max=20"`
	PipeMaterial    string             `json:"pipe_material" validate:"max=40"`
	PipeOwner       string             `json:"pipe_owner" validate:"max=100"`
	OccupierType    enum.OccupierType  `json:"occupier_type" validate:"required,enum"`
	OccupierName    string             `json:"occupier_name" validate:"max=100"`
	OccupierContact string             `json:"occupier_contact" validate:"omitempty,max=30,phone"`
	DiscoveredOn    string             `json:"discovered_on" validate:"required,date"`
	Source          enum.PointSource   `json:"source" validate:"omitempty,enum"`
	Deadline        string             `json:"deadline" validate:"required,date"`
	Supervised      bool               `json:"supervised"`
	Note            string             `json:"note" validate:"max=2000"`
}

// PointPatch changes a point's description; nil leaves a field as it is.
// Its place moves with its hazard (the ledger's edit), its deadline by the
// ledger's extensions or a fold, its status by its steps.
type PointPatch struct {
	Address         *string            `json:"address" validate:"omitnil,min=1,max=200"`
	Lat             *float64           `json:"lat" validate:"omitnil,latitude"`
	Lng             *float64           `json:"lng" validate:"omitnil,longitude"`
	PipeDn          *string            `json:"pipe_dn" validate:"omitnil,max=20"`
	PipeMaterial    *string            `json:"pipe_material" validate:"omitnil,max=40"`
	PipeOwner       *string            `json:"pipe_owner" validate:"omitnil,max=100"`
	OccupierType    *enum.OccupierType `json:"occupier_type" validate:"omitnil,enum"`
	OccupierName    *string            `json:"occupier_name" validate:"omitnil,max=100"`
	OccupierContact *string            `json:"occupier_contact" validate:"omitnil,max=30,phone"`
	Source          *enum.PointSource  `json:"source" validate:"omitnil,enum"`
	Disposition     *enum.Disposition  `json:"disposition" validate:"omitnil,enum"`
	Supervised      *bool              `json:"supervised"`
	Note            *string            `json:"note" validate:"omitnil,max=2000"`
}

// hazardSource is the ledger's source of a point found by src.
func hazardSource(src enum.PointSource) enum.HazardSource {
	switch src {
	case enum.FoundStreetInspection:
		return enum.SourceStreetInspection
	case enum.FoundComplaint:
		return enum.SourceComplaint
	}
	return enum.SourceSelfInspection
}

// Description is a point's hazard description in Chinese, from its
// occupier and the pipe it sits on.
func Description(in *PointInput) string {
	var b strings.Builder
	b.WriteString("燃气管道占压：")
	b.WriteString(in.OccupierType.Label())
	if in.OccupierName != "" {
		b.WriteString("（" + in.OccupierName + "）")
	}
	b.WriteString("占压" + in.PipePressure.Label() + "燃气管道")
	var pipe []string
	if in.PipeDn != "" {
		pipe = append(pipe, in.PipeDn)
	}
	if in.PipeMaterial != "" {
		pipe = append(pipe, in.PipeMaterial)
	}
	if in.PipeOwner != "" {
		pipe = append(pipe, "权属 "+in.PipeOwner)
	}
	if len(pipe) > 0 {
		b.WriteString("（" + strings.Join(pipe, "，") + "）")
	}
	b.WriteString("，位于" + in.Address)
	if PointLevel(in.PipePressure) == enum.LevelMajor {
		b.WriteString("；中压及以上管线保护范围内占压，属重大隐患")
	}
	return b.String()
}

// hazardInput is the ledger's hazard of a point.
func hazardInput(in *PointInput) ledger.CreateInput {
	return ledger.CreateInput{CompanyID: in.CompanyID, StreetID: in.StreetID, CommunityID: in.CommunityID,
		Address: in.Address, Lat: in.Lat, Lng: in.Lng, Category: enum.CategoryPipelineOccupation,
		Level: PointLevel(in.PipePressure), Source: hazardSource(in.Source), FoundOn: in.DiscoveredOn,
		Description: Description(in), Measure: "设置警示标志，加强巡查", ResponsiblePerson: truncRunes(in.OccupierName, 50),
		ResponsiblePhone: in.OccupierContact, Deadline: in.Deadline}
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// checkGasCompany refuses a point named on a company that is not a gas
// company (a company records its own: casbin keeps heating ones out).
func (s *Service) checkGasCompany(ctx context.Context, in *PointInput) error {
	if policy.FromContext(ctx).Scope() == policy.ScopeCompany || in.CompanyID == nil {
		return nil
	}
	ok, err := s.client.Org.Query().Where(org.ID(*in.CompanyID), org.KindEQ(enum.OrgGasCompany)).Exist(policy.System(ctx))
	if err != nil {
		return err
	}
	if !ok {
		return services.Invalid(services.Field("company_id", "须是本区的燃气企业"))
	}
	return nil
}

// CreatePoint records a point and its ledger hazard (category
// pipeline_occupation, level by the pipe's pressure) in one transaction,
// under the year's next point number (ZY-2026-001).
func (s *Service) CreatePoint(ctx context.Context, in PointInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.Source == "" {
		in.Source = enum.FoundPatrol
	}
	if err := s.checkGasCompany(ctx, &in); err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = s.createPointIn(ctx, tx, rp, bureau, &in)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// createPointIn writes a checked point and its hazard in tx.
func (s *Service) createPointIn(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, bureau uuid.UUID, in *PointInput) (*ent.OccupationPoint, error) {
	h, err := s.ledger.CreateIn(ctx, tx, rp, hazardInput(in), ledger.Link{})
	if err != nil {
		return nil, err
	}
	year := yearOf(s.Today(ctx))
	n, err := services.Reserve(ctx, tx, PointSeries, year, 1)
	if err != nil {
		return nil, err
	}
	p, err := pointCreate(tx, in, h, PointNumber(year, n)).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := pointEvent(tx, policy.FromContext(ctx), p, "create", "", string(p.Status), "", map[string]any{"hazard_id": h.ID, "hazard_code": h.Code}).Exec(ctx); err != nil {
		return nil, err
	}
	return p, plan(ctx, tx, rp, PointDues(p, bureau, true)...)
}

func pointCreate(tx *ent.Tx, in *PointInput, h *ent.Hazard, no string) *ent.OccupationPointCreate {
	return tx.OccupationPoint.Create().SetPointNo(no).SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
		SetNillableCommunityID(h.CommunityID).SetAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).
		SetPipePressure(in.PipePressure).SetPipeDn(in.PipeDn).SetPipeMaterial(in.PipeMaterial).SetPipeOwner(in.PipeOwner).
		SetOccupierType(in.OccupierType).SetOccupierName(in.OccupierName).SetOccupierContact(in.OccupierContact).
		SetDiscoveredOn(in.DiscoveredOn).SetSource(in.Source).SetDeadline(in.Deadline).SetSupervised(in.Supervised).
		SetNote(in.Note).SetStatus(PointStatusOf(h.Status, false, nil))
}

func yearOf(date string) int {
	y := 0
	fmt.Sscanf(date[:4], "%d", &y)
	return y
}

// PatchPoint changes the point id's description at version.
func (s *Service) PatchPoint(ctx context.Context, id uuid.UUID, version int64, in PointPatch) (*ent.OccupationPoint, error) {
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.Disposition != nil && (*in.Disposition == enum.DisposeRerouteByProject) != (cur.ProjectID != nil) {
		return nil, services.Invalid(services.Field("disposition", "纳入改造计划改线消除须通过纳入项目（fold）设定，移出项目（unfold）取消"))
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = tx.OccupationPoint.UpdateOneID(id).Where(occupationpoint.Version(version)).AddVersion(1).
			SetNillableAddress(in.Address).SetNillableLat(in.Lat).SetNillableLng(in.Lng).SetNillablePipeDn(in.PipeDn).
			SetNillablePipeMaterial(in.PipeMaterial).SetNillablePipeOwner(in.PipeOwner).SetNillableOccupierType(in.OccupierType).
			SetNillableOccupierName(in.OccupierName).SetNillableOccupierContact(in.OccupierContact).SetNillableSource(in.Source).
			SetNillableDisposition(in.Disposition).SetNillableSupervised(in.Supervised).SetNillableNote(in.Note).Save(ctx)
		if ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if err := pointEvent(tx, v, p, "edit", "", "", "", nil).Exec(ctx); err != nil {
			return err
		}
		return plan(ctx, tx, rp, PointDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// lockHazard holds the hazard's row: every step on a point locks its
// project (if any), then its hazard, then the point, the order the
// ledger's own steps (hazard, then the point through the hook) keep.
func lockHazard(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Hazard, error) {
	return services.Locked(func(forUpdate bool) (*ent.Hazard, error) {
		q := tx.Hazard.Query().Where(hazard.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

// FoldInput names the project a point is folded into.
type FoldInput struct {
	ProjectID uuid.UUID `json:"project_id" validate:"required"`
}

func projectTitle(pr *ent.RenovationProject) string { return pr.ProjectNo + " " + pr.Name }

// Fold puts the point id into a renovation project: disposition reroute by
// project, its hazard rectifying with the project's planned end as its
// deadline and the event "纳入改造项目 GW-… 名称", in one transaction with the
// project, the hazard and the point locked. A point is never in two
// projects (409, naming the one it is in); a cancelled or accepted
// project takes no point (409).
func (s *Service) Fold(ctx context.Context, id uuid.UUID, in FoldInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.client.RenovationProject.Get(ctx, in.ProjectID); ent.IsNotFound(err) {
		return nil, services.Invalid(services.Field("project_id", "没有这个改造项目"))
	} else if err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = s.foldIn(ctx, tx, rp, v, cur.ID, cur.HazardID, in.ProjectID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// foldIn folds the point id (of hazard hid) into the project pid in tx.
func (s *Service) foldIn(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, v *policy.Viewer, id, hid, pid uuid.UUID) (*ent.OccupationPoint, error) {
	pr, err := lockProject(ctx, tx, pid)
	if err != nil {
		return nil, err
	}
	if Closed(pr.Status) {
		return nil, conflict("project_closed", fmt.Sprintf("改造项目 %s 已%s，不能再纳入占压点位", projectTitle(pr), pr.Status.Label()), string(pr.Status))
	}
	if _, err := lockHazard(ctx, tx, hid); err != nil {
		return nil, err
	}
	cur, err := lockPoint(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if cur.ProjectID != nil {
		in, err := tx.RenovationProject.Get(policy.System(ctx), *cur.ProjectID)
		if err != nil {
			return nil, err
		}
		return nil, conflict("already_folded", "该占压点位已纳入改造项目 "+projectTitle(in)+"，一个点位只能纳入一个项目；如需调整请先移出", string(cur.Status))
	}
	switch cur.Status {
	case enum.PointEliminated, enum.PointVerified:
		return nil, conflict("invalid_transition", "该占压点位已"+cur.Status.Label()+"，不能纳入改造项目", string(cur.Status))
	case enum.PointDeferred:
		return nil, conflict("invalid_transition", "该占压点位已暂缓整治，须先恢复整治再纳入改造项目", string(cur.Status))
	}
	p, err := tx.OccupationPoint.UpdateOneID(cur.ID).AddVersion(1).SetProjectID(pr.ID).
		SetDisposition(enum.DisposeRerouteByProject).Save(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.ledger.RescheduleIn(ctx, tx, rp, cur.HazardID, ledger.Reschedule{Deadline: pr.PlannedEnd, Rectify: true,
		Action: "fold", Note: "纳入改造项目 " + projectTitle(pr), Details: map[string]any{"project_id": pr.ID, "point_id": p.ID}}); err != nil {
		return nil, err
	}
	if err := pointEvent(tx, v, p, "fold", "", "", "纳入改造项目 "+projectTitle(pr), map[string]any{"project_id": pr.ID}).Exec(ctx); err != nil {
		return nil, err
	}
	return tx.OccupationPoint.Get(ctx, p.ID) // as the hook left it
}

// Unfold takes the point id out of its project: its disposition cleared,
// its hazard's deadline back to the point's own with the event "移出改造项目
// GW-… 名称". A point eliminated or verified stays where it was.
func (s *Service) Unfold(ctx context.Context, id uuid.UUID) (*ent.OccupationPoint, error) {
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.ProjectID == nil {
		return nil, conflict("not_folded", "该占压点位未纳入改造项目", string(cur.Status))
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		pr, err := lockProject(ctx, tx, *cur.ProjectID)
		if err != nil {
			return err
		}
		if _, err := lockHazard(ctx, tx, cur.HazardID); err != nil {
			return err
		}
		pt, err := lockPoint(ctx, tx, id)
		if err != nil {
			return err
		}
		if pt.ProjectID == nil || *pt.ProjectID != pr.ID {
			return conflict("not_folded", "该占压点位已不在这个改造项目中，请刷新后重试", string(pt.Status))
		}
		if pt.Status == enum.PointEliminated || pt.Status == enum.PointVerified {
			return conflict("invalid_transition", "该占压点位已"+pt.Status.Label()+"，不能移出改造项目", string(pt.Status))
		}
		if _, err := tx.OccupationPoint.UpdateOneID(pt.ID).AddVersion(1).ClearProjectID().ClearDisposition().Save(ctx); err != nil {
			return err
		}
		if _, err := s.ledger.RescheduleIn(ctx, tx, rp, pt.HazardID, ledger.Reschedule{Deadline: pt.Deadline,
			Action: "unfold", Note: "移出改造项目 " + projectTitle(pr), Details: map[string]any{"project_id": pr.ID, "point_id": pt.ID}}); err != nil {
			return err
		}
		if err := pointEvent(tx, v, pt, "unfold", "", "", "移出改造项目 "+projectTitle(pr), map[string]any{"project_id": pr.ID}).Exec(ctx); err != nil {
			return err
		}
		p, err = tx.OccupationPoint.Get(ctx, pt.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// NoteInput is a step's note.
type NoteInput struct {
	Note string `json:"note" validate:"max=2000"`
}

// Eliminate records the point id eliminated (已消除): evidence required (at
// least one photo on its hazard or on the point), its hazard submitted as
// rectified (started first if only reported), awaiting verification.
func (s *Service) Eliminate(ctx context.Context, id uuid.UUID, in NoteInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	note := in.Note
	if note == "" {
		note = "占压已消除"
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = s.eliminateIn(ctx, tx, rp, cur, note, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// eliminateIn records the point cur eliminated in tx, its project (if
// any), hazard and point locked in that order; photo, when given, is
// attached to its hazard first as the evidence.
func (s *Service) eliminateIn(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, cur *ent.OccupationPoint, note string, photo *Document) (*ent.OccupationPoint, error) {
	if cur.ProjectID != nil {
		if _, err := lockProject(ctx, tx, *cur.ProjectID); err != nil {
			return nil, err
		}
	}
	h, err := lockHazard(ctx, tx, cur.HazardID)
	if err != nil {
		return nil, err
	}
	pt, err := lockPoint(ctx, tx, cur.ID)
	if err != nil {
		return nil, err
	}
	if pt.Status == enum.PointEliminated || pt.Status == enum.PointVerified {
		return nil, conflict("invalid_transition", "该占压点位已"+pt.Status.Label(), string(pt.Status))
	}
	if photo != nil {
		if _, err := s.ledger.AttachIn(ctx, tx, h.ID, ledger.Evidence{Stage: "after", Filename: photo.Filename, Data: photo.Data}); err != nil {
			return nil, err
		}
	}
	sys := policy.System(ctx)
	na, err := tx.Attachment.Query().Where(attachment.HazardID(h.ID)).Count(sys)
	if err != nil {
		return nil, err
	}
	nd, err := tx.Document.Query().Where(document.Owner(PointDocumentOwner), document.OwnerID(pt.ID)).Count(sys)
	if err != nil {
		return nil, err
	}
	if na+nd == 0 {
		return nil, &services.Error{Kind: services.KindInvalid, Code: "evidence_required",
			Message: "请先上传占压消除的照片（改线竣工或拆除照片），再登记消除"}
	}
	if h.Status == enum.StatusReported {
		if _, err := s.ledger.StepIn(ctx, tx, rp, h.ID, ledger.Start, ""); err != nil {
			return nil, err
		}
	}
	if _, err := s.ledger.StepIn(ctx, tx, rp, h.ID, ledger.Submit, note); err != nil {
		return nil, err
	}
	return tx.OccupationPoint.Get(ctx, pt.ID)
}

// Verify accepts the elimination of the point id (销号): its hazard
// verified through the ledger's step, the point verified with the date.
func (s *Service) Verify(ctx context.Context, id uuid.UUID, in NoteInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = s.verifyIn(ctx, tx, rp, cur, in.Note)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// verifyIn verifies the point cur's hazard in tx, hazard and point locked.
func (s *Service) verifyIn(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, cur *ent.OccupationPoint, note string) (*ent.OccupationPoint, error) {
	h, err := lockHazard(ctx, tx, cur.HazardID)
	if err != nil {
		return nil, err
	}
	if h.Status != enum.StatusRectified {
		return nil, conflict("invalid_transition", "占压点位须先登记消除（待验收）才能销号", string(cur.Status))
	}
	if _, err := lockPoint(ctx, tx, cur.ID); err != nil {
		return nil, err
	}
	if _, err := s.ledger.StepIn(ctx, tx, rp, h.ID, ledger.Verify, note); err != nil {
		return nil, err
	}
	return tx.OccupationPoint.Get(ctx, cur.ID)
}

// DeferInput is the bureau's approval of a deferral (暂缓整治): the interim
// measures kept meanwhile, the date it is reviewed, why.
type DeferInput struct {
	InterimMeasures string `json:"interim_measures" validate:"required,max=500"`
	ReviewOn        string `json:"review_on" validate:"required,date"`
	Reason          string `json:"reason" validate:"required,max=2000"`
}

// Defer defers the open point id with the bureau's approval.
func (s *Service) Defer(ctx context.Context, id uuid.UUID, in DeferInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.ReviewOn <= s.Today(ctx) {
		return nil, services.Invalid(services.Field("review_on", "复核日期须晚于今天"))
	}
	return s.deferral(ctx, id, func(tx *ent.Tx, v *policy.Viewer, pt *ent.OccupationPoint, h *ent.Hazard) (*ent.OccupationPoint, error) {
		switch pt.Status {
		case enum.PointEliminated, enum.PointVerified, enum.PointDeferred:
			return nil, conflict("invalid_transition", "该占压点位已"+pt.Status.Label()+"，不能暂缓", string(pt.Status))
		}
		p, err := tx.OccupationPoint.UpdateOneID(pt.ID).AddVersion(1).SetStatus(enum.PointDeferred).
			SetInterimMeasures(in.InterimMeasures).SetReviewOn(in.ReviewOn).SetDeferralApprovedByName(personName(v)).Save(ctx)
		if err != nil {
			return nil, err
		}
		return p, pointEvent(tx, v, p, "defer", string(pt.Status), string(p.Status), in.Reason,
			map[string]any{"interim_measures": in.InterimMeasures, "review_on": in.ReviewOn}).Exec(ctx)
	})
}

// Resume ends the deferral of the point id: its status is its hazard's
// again.
func (s *Service) Resume(ctx context.Context, id uuid.UUID, in NoteInput) (*ent.OccupationPoint, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	return s.deferral(ctx, id, func(tx *ent.Tx, v *policy.Viewer, pt *ent.OccupationPoint, h *ent.Hazard) (*ent.OccupationPoint, error) {
		if pt.Status != enum.PointDeferred {
			return nil, conflict("invalid_transition", "该占压点位未暂缓整治", string(pt.Status))
		}
		var ps *enum.ProjectStatus
		if pt.ProjectID != nil {
			pr, err := tx.RenovationProject.Get(policy.System(ctx), *pt.ProjectID)
			if err != nil {
				return nil, err
			}
			ps = &pr.Status
		}
		to := PointStatusOf(h.Status, false, ps)
		p, err := tx.OccupationPoint.UpdateOneID(pt.ID).AddVersion(1).SetStatus(to).ClearReviewOn().Save(ctx)
		if err != nil {
			return nil, err
		}
		return p, pointEvent(tx, v, p, "resume", string(pt.Status), string(p.Status), in.Note, nil).Exec(ctx)
	})
}

// deferral runs a deferral step on the point id with its hazard and the
// point locked, and plans its reminders.
func (s *Service) deferral(ctx context.Context, id uuid.UUID,
	step func(tx *ent.Tx, v *policy.Viewer, pt *ent.OccupationPoint, h *ent.Hazard) (*ent.OccupationPoint, error)) (*ent.OccupationPoint, error) {
	cur, err := s.client.OccupationPoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var p *ent.OccupationPoint
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		h, err := lockHazard(ctx, tx, cur.HazardID)
		if err != nil {
			return err
		}
		pt, err := lockPoint(ctx, tx, id)
		if err != nil {
			return err
		}
		if p, err = step(tx, v, pt, h); err != nil {
			return err
		}
		return plan(ctx, tx, rp, PointDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

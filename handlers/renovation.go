package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/renovationplan"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/documents"
	"github.com/hearthsafety/hearth/services/renovation"
)

// documentsReady refuses an upload to a record that keeps its most
// documents already, before the body is read.
func documentsReady(c *fiber.Ctx, a *api, of documents.Of) error {
	return documents.Ready(c.UserContext(), a.Client, of)
}

// ---------------------------------------------------------------- names

// renoNames are the names a page of renovation records shows: its
// organisations, projects and hazards, read once under System (the viewer
// reached the records that name them).
type renoNames struct {
	orgs     map[uuid.UUID]string
	projects map[uuid.UUID]*ent.RenovationProject
	hazards  map[uuid.UUID]*ent.Hazard
}

func (a *api) renoNamesOf(c *fiber.Ctx, orgIDs, projectIDs, hazardIDs []uuid.UUID) (*renoNames, error) {
	ctx := policy.System(c.UserContext())
	n := &renoNames{orgs: map[uuid.UUID]string{}, projects: map[uuid.UUID]*ent.RenovationProject{}, hazards: map[uuid.UUID]*ent.Hazard{}}
	if len(orgIDs) > 0 {
		os, err := a.Client.Org.Query().Where(org.IDIn(orgIDs...)).Select(org.FieldID, org.FieldName).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			n.orgs[o.ID] = o.Name
		}
	}
	if len(projectIDs) > 0 {
		ps, err := a.Client.RenovationProject.Query().Where(renovationproject.IDIn(projectIDs...)).
			Select(renovationproject.FieldID, renovationproject.FieldProjectNo, renovationproject.FieldName, renovationproject.FieldStatus).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			n.projects[p.ID] = p
		}
	}
	if len(hazardIDs) > 0 {
		hs, err := a.Client.Hazard.Query().Where(hazard.IDIn(hazardIDs...)).
			Select(hazard.FieldID, hazard.FieldCode, hazard.FieldStatus, hazard.FieldLevel, hazard.FieldDeadline).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			n.hazards[h.ID] = h
		}
	}
	return n, nil
}

func (n *renoNames) org(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return n.orgs[*id]
}

// ---------------------------------------------------------------- plans

type renovationPlanOut struct {
	ID           uuid.UUID   `json:"id"`
	Year         int         `json:"year"`
	Name         string      `json:"name"`
	TargetKm     float64     `json:"target_km"`
	TargetPoints int         `json:"target_points"`
	CompanyIDs   []uuid.UUID `json:"company_ids"`
	CompanyNames []string    `json:"company_names"`
	DueOn        string      `json:"due_on" format:"date"`
	Basis        string      `json:"basis"`
	Status       string      `json:"status" enum:"RenovationPlanStatus"`
	StatusLabel  string      `json:"status_label"`
	Note         string      `json:"note"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

func (a *api) toRenovationPlans(c *fiber.Ctx, ps ...*ent.RenovationPlan) ([]renovationPlanOut, error) {
	var ids []uuid.UUID
	for _, p := range ps {
		ids = append(ids, p.CompanyIds...)
	}
	n, err := a.renoNamesOf(c, ids, nil, nil)
	if err != nil {
		return nil, err
	}
	out := make([]renovationPlanOut, len(ps))
	for i, p := range ps {
		cids := p.CompanyIds
		if cids == nil {
			cids = []uuid.UUID{}
		}
		names := make([]string, len(cids))
		for j, id := range cids {
			names[j] = n.orgs[id]
		}
		out[i] = renovationPlanOut{ID: p.ID, Year: p.Year, Name: p.Name, TargetKm: p.TargetKm, TargetPoints: p.TargetPoints,
			CompanyIDs: cids, CompanyNames: names, DueOn: p.DueOn, Basis: p.Basis, Status: string(p.Status),
			StatusLabel: p.Status.Label(), Note: p.Note, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	}
	return out, nil
}

func (a *api) oneRenovationPlan(c *fiber.Ctx, p *ent.RenovationPlan, status int) error {
	out, err := a.toRenovationPlans(c, p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.Status(status).JSON(out[0])
}

// createRenovationPlan handles POST /api/v1/renovation/plans.
func (a *api) createRenovationPlan(c *fiber.Ctx) error {
	in, err := decode[renovation.PlanInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.CreatePlan(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/renovation/plans/"+p.ID.String())
	return a.oneRenovationPlan(c, p, http.StatusCreated)
}

// listRenovationPlans handles GET /api/v1/renovation/plans: newest year first.
func (a *api) listRenovationPlans(c *fiber.Ctx) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.RenovationPlan.Query().Order(ent.Desc(renovationplan.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(renovationplan.IDLT(*pg.After))
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	outs, err := a.toRenovationPlans(c, rows...)
	if err != nil {
		return err
	}
	byID := map[uuid.UUID]renovationPlanOut{}
	for _, o := range outs {
		byID[o.ID] = o
	}
	return c.JSON(finish(rows, pg, func(p *ent.RenovationPlan) uuid.UUID { return p.ID },
		func(p *ent.RenovationPlan) renovationPlanOut { return byID[p.ID] }))
}

// getRenovationPlan handles GET /api/v1/renovation/plans/{id}.
func (a *api) getRenovationPlan(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := a.Client.RenovationPlan.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	return a.oneRenovationPlan(c, p, http.StatusOK)
}

// patchRenovationPlan handles PATCH /api/v1/renovation/plans/{id} (If-Match).
func (a *api) patchRenovationPlan(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.Client.RenovationPlan.Get(c.UserContext(), id); err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.PlanPatch](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.PatchPlan(c.UserContext(), id, ver, *in)
	if err != nil {
		return err
	}
	return a.oneRenovationPlan(c, p, http.StatusOK)
}

// ---------------------------------------------------------------- projects

type projectOut struct {
	ID                 uuid.UUID            `json:"id"`
	PlanID             uuid.UUID            `json:"plan_id"`
	ProjectNo          string               `json:"project_no"`
	Name               string               `json:"name"`
	CompanyID          uuid.UUID            `json:"company_id"`
	CompanyName        string               `json:"company_name"`
	StreetID           uuid.UUID            `json:"street_id"`
	StreetName         string               `json:"street_name"`
	CommunityID        *uuid.UUID           `json:"community_id"`
	CommunityName      string               `json:"community_name"`
	ScopeType          string               `json:"scope_type" enum:"ScopeType"`
	ScopeTypeLabel     string               `json:"scope_type_label"`
	AgingReason        string               `json:"aging_reason" enum:"AgingReason"`
	AgingReasonLabel   string               `json:"aging_reason_label"`
	MaterialBefore     string               `json:"material_before"`
	PressureLevel      string               `json:"pressure_level" enum:"PressureLevel"`
	PressureLevelLabel string               `json:"pressure_level_label"`
	DnRange            string               `json:"dn_range"`
	PlannedKm          float64              `json:"planned_km"`
	PlannedHouseholds  int                  `json:"planned_households"`
	PlannedStart       string               `json:"planned_start" format:"date"`
	PlannedEnd         string               `json:"planned_end" format:"date"`
	ActualStart        *string              `json:"actual_start" format:"date"`
	ActualEnd          *string              `json:"actual_end" format:"date"`
	BuildUnit          string               `json:"build_unit"`
	ConstructionUnit   string               `json:"construction_unit"`
	SupervisionUnit    string               `json:"supervision_unit"`
	Contact            string               `json:"contact"`
	Status             string               `json:"status" enum:"ProjectStatus"`
	StatusLabel        string               `json:"status_label"`
	SuspendReason      string               `json:"suspend_reason"`
	ResumeStatus       string               `json:"resume_status,omitempty" enum:"ProjectStatus"` // a suspended project's: the status it was suspended from
	Supervised         bool                 `json:"supervised"`
	KmDone             float64              `json:"km_done"`
	HouseholdsDone     int                  `json:"households_done"`
	PercentDone        float64              `json:"percent_done"`
	BehindSchedule     bool                 `json:"behind_schedule"`
	LastReportOn       *string              `json:"last_report_on" format:"date"`
	Note               string               `json:"note"`
	EndMoved           *renovation.EndMoved `json:"end_moved,omitempty"`
	CreatedAt          time.Time            `json:"created_at"`
	UpdatedAt          time.Time            `json:"updated_at"`
}

func (a *api) toProjects(c *fiber.Ctx, ps ...*ent.RenovationProject) ([]projectOut, error) {
	var ids []uuid.UUID
	for _, p := range ps {
		ids = append(ids, p.CompanyID, p.StreetID)
		if p.CommunityID != nil {
			ids = append(ids, *p.CommunityID)
		}
	}
	n, err := a.renoNamesOf(c, ids, nil, nil)
	if err != nil {
		return nil, err
	}
	resume, err := renovation.ResumeStatuses(c.UserContext(), a.Client, ps...)
	if err != nil {
		return nil, err
	}
	today := a.today(viewer(c))
	out := make([]projectOut, len(ps))
	for i, p := range ps {
		pct := renovation.Percent(p.KmDone, p.PlannedKm, p.HouseholdsDone, p.PlannedHouseholds)
		out[i] = projectOut{ID: p.ID, PlanID: p.PlanID, ProjectNo: p.ProjectNo, Name: p.Name,
			CompanyID: p.CompanyID, CompanyName: n.orgs[p.CompanyID], StreetID: p.StreetID, StreetName: n.orgs[p.StreetID],
			CommunityID: p.CommunityID, CommunityName: n.org(p.CommunityID),
			ScopeType: string(p.ScopeType), ScopeTypeLabel: p.ScopeType.Label(), AgingReason: string(p.AgingReason),
			AgingReasonLabel: p.AgingReason.Label(), MaterialBefore: p.MaterialBefore, PressureLevel: string(p.PressureLevel),
			PressureLevelLabel: p.PressureLevel.Label(), DnRange: p.DnRange, PlannedKm: p.PlannedKm, PlannedHouseholds: p.PlannedHouseholds,
			PlannedStart: p.PlannedStart, PlannedEnd: p.PlannedEnd, ActualStart: p.ActualStart, ActualEnd: p.ActualEnd,
			BuildUnit: p.BuildUnit, ConstructionUnit: p.ConstructionUnit, SupervisionUnit: p.SupervisionUnit, Contact: p.Contact,
			Status: string(p.Status), StatusLabel: p.Status.Label(), SuspendReason: p.SuspendReason, Supervised: p.Supervised,
			KmDone: p.KmDone, HouseholdsDone: p.HouseholdsDone, PercentDone: pct,
			BehindSchedule: renovation.BehindSchedule(p.Status, pct, p.PlannedStart, p.PlannedEnd, today),
			LastReportOn:   p.LastReportOn, Note: p.Note, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
			ResumeStatus: resume[p.ID]}
	}
	return out, nil
}

func (a *api) oneProject(c *fiber.Ctx, p *ent.RenovationProject, moved *renovation.EndMoved, status int) error {
	out, err := a.toProjects(c, p)
	if err != nil {
		return err
	}
	out[0].EndMoved = moved
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.Status(status).JSON(out[0])
}

// projectQuery is the project list's filters: plan_id or year, street_id,
// status, scope_type, supervised, q (number or name).
func (a *api) projectQuery(c *fiber.Ctx) (*ent.RenovationProjectQuery, error) {
	q := a.Client.RenovationProject.Query()
	var bad []services.FieldError
	if s := c.Query("plan_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			bad = append(bad, services.Field("plan_id", "is not a uuid"))
		}
		q.Where(renovationproject.PlanID(id))
	}
	if s := c.Query("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			bad = append(bad, services.Field("year", "must be a year"))
		}
		q.Where(renovationproject.HasPlanWith(renovationplan.Year(y)))
	}
	if s := c.Query("street_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			bad = append(bad, services.Field("street_id", "is not a uuid"))
		}
		q.Where(renovationproject.StreetID(id))
	}
	if s := c.Query("status"); s != "" {
		if !enum.ProjectStatus(s).Valid() {
			bad = append(bad, services.Field("status", "is not a project status"))
		}
		q.Where(renovationproject.StatusEQ(enum.ProjectStatus(s)))
	}
	if s := c.Query("scope_type"); s != "" {
		if !enum.ScopeType(s).Valid() {
			bad = append(bad, services.Field("scope_type", "is not a scope type"))
		}
		q.Where(renovationproject.ScopeTypeEQ(enum.ScopeType(s)))
	}
	if s := c.Query("supervised"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			bad = append(bad, services.Field("supervised", "must be true or false"))
		}
		q.Where(renovationproject.Supervised(b))
	}
	if s := strings.TrimSpace(c.Query("q")); s != "" {
		if len([]rune(s)) > 100 {
			bad = append(bad, services.Field("q", "must be at most 100 long"))
		}
		q.Where(renovationproject.Or(renovationproject.ProjectNoContains(s), renovationproject.NameContains(s)))
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	return q, nil
}

// listProjects handles GET /api/v1/renovation/projects.
func (a *api) listProjects(c *fiber.Ctx) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q, err := a.projectQuery(c)
	if err != nil {
		return err
	}
	q.Order(ent.Asc(renovationproject.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(renovationproject.IDGT(*pg.After))
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	outs, err := a.toProjects(c, rows...)
	if err != nil {
		return err
	}
	byID := map[uuid.UUID]projectOut{}
	for _, o := range outs {
		byID[o.ID] = o
	}
	return c.JSON(finish(rows, pg, func(p *ent.RenovationProject) uuid.UUID { return p.ID },
		func(p *ent.RenovationProject) projectOut { return byID[p.ID] }))
}

// exportProjects handles GET /api/v1/renovation/projects/export.xlsx: the
// project ledger (旧管网改造项目台账) of the list's filters, at most 10,000.
func (a *api) exportProjects(c *fiber.Ctx) error {
	q, err := a.projectQuery(c)
	if err != nil {
		return err
	}
	rows, err := q.Order(ent.Asc(renovationproject.FieldProjectNo)).Limit(10000).All(c.UserContext())
	if err != nil {
		return err
	}
	f, err := a.renovation.ProjectsWorkbook(c.UserContext(), rows, "共 "+strconv.Itoa(len(rows))+" 个项目")
	if err != nil {
		return err
	}
	defer f.Close()
	today := a.today(viewer(c))
	return sendWorkbook(c, f, "renovation-projects-"+today+".xlsx", "旧管网改造项目台账-"+today+".xlsx")
}

// createProject handles POST /api/v1/renovation/projects.
func (a *api) createProject(c *fiber.Ctx) error {
	in, err := decode[renovation.ProjectInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.CreateProject(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/renovation/projects/"+p.ID.String())
	return a.oneProject(c, p, nil, http.StatusCreated)
}

func (a *api) projectOfRoute(c *fiber.Ctx) (*ent.RenovationProject, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.RenovationProject.Get(c.UserContext(), id)
}

// getProject handles GET /api/v1/renovation/projects/{id}.
func (a *api) getProject(c *fiber.Ctx) error {
	p, err := a.projectOfRoute(c)
	if err != nil {
		return err
	}
	return a.oneProject(c, p, nil, http.StatusOK)
}

// patchProject handles PATCH /api/v1/renovation/projects/{id} (If-Match).
func (a *api) patchProject(c *fiber.Ctx) error {
	cur, err := a.projectOfRoute(c)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.ProjectPatch](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, moved, err := a.renovation.PatchProject(c.UserContext(), cur.ID, ver, *in)
	if err != nil {
		return err
	}
	return a.oneProject(c, p, moved, http.StatusOK)
}

// moveProject handles POST /api/v1/renovation/projects/{id}/status.
func (a *api) moveProject(c *fiber.Ctx) error {
	cur, err := a.projectOfRoute(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.MoveInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.MoveStatus(c.UserContext(), cur.ID, *in)
	if err != nil {
		return err
	}
	return a.oneProject(c, p, nil, http.StatusOK)
}

// ---------------------------------------------------------------- reports

type reportOut struct {
	ID                       uuid.UUID  `json:"id"`
	ProjectID                uuid.UUID  `json:"project_id"`
	ReportedOn               string     `json:"reported_on" format:"date"`
	KmDoneCumulative         float64    `json:"km_done_cumulative"`
	HouseholdsDoneCumulative int        `json:"households_done_cumulative"`
	Note                     string     `json:"note"`
	LowerReason              string     `json:"lower_reason"`
	ReporterName             string     `json:"reporter_name"`
	Decision                 string     `json:"decision" enum:"ReportDecision"`
	DecisionLabel            string     `json:"decision_label"`
	DecisionNote             string     `json:"decision_note"`
	DecidedByName            string     `json:"decided_by_name"`
	DecidedAt                *time.Time `json:"decided_at"`
	CreatedAt                time.Time  `json:"created_at"`
}

func toReport(r *ent.ProgressReport) reportOut {
	return reportOut{ID: r.ID, ProjectID: r.ProjectID, ReportedOn: r.ReportedOn, KmDoneCumulative: r.KmDoneCumulative,
		HouseholdsDoneCumulative: r.HouseholdsDoneCumulative, Note: r.Note, LowerReason: r.LowerReason, ReporterName: r.ReporterName,
		Decision: string(r.Decision), DecisionLabel: r.Decision.Label(), DecisionNote: r.DecisionNote, DecidedByName: r.DecidedByName,
		DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt}
}

// listReports handles GET /api/v1/renovation/projects/{id}/reports: newest first.
func (a *api) listReports(c *fiber.Ctx) error {
	p, err := a.projectOfRoute(c)
	if err != nil {
		return err
	}
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.ProgressReport.Query().Where(progressreport.ProjectID(p.ID)).Order(ent.Desc(progressreport.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(progressreport.IDLT(*pg.After))
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, pg, func(r *ent.ProgressReport) uuid.UUID { return r.ID }, toReport))
}

// addReport handles POST /api/v1/renovation/projects/{id}/reports.
func (a *api) addReport(c *fiber.Ctx) error {
	p, err := a.projectOfRoute(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.ReportInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	r, err := a.renovation.AddReport(c.UserContext(), p.ID, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/renovation/projects/"+p.ID.String()+"/reports/"+r.ID.String())
	c.Set(fiber.HeaderETag, etag(r.Version))
	return c.Status(http.StatusCreated).JSON(toReport(r))
}

func (a *api) reportOfRoute(c *fiber.Ctx) (*ent.ProgressReport, error) {
	p, err := a.projectOfRoute(c)
	if err != nil {
		return nil, err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return nil, err
	}
	return a.Client.ProgressReport.Query().Where(progressreport.ID(rid), progressreport.ProjectID(p.ID)).Only(c.UserContext())
}

// decideReport handles POST /api/v1/renovation/projects/{id}/reports/{rid}/decision.
func (a *api) decideReport(c *fiber.Ctx) error {
	r, err := a.reportOfRoute(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.DecisionInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	r, err = a.renovation.DecideReport(c.UserContext(), r.ProjectID, r.ID, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(r.Version))
	return c.JSON(toReport(r))
}

func reportDocs(projectID, reportID uuid.UUID) string {
	return v1 + "/renovation/projects/" + projectID.String() + "/reports/" + reportID.String() + "/documents/"
}

// addReportDocument handles POST …/reports/{rid}/documents (multipart: file).
func (a *api) addReportDocument(c *fiber.Ctx) error {
	r, err := a.reportOfRoute(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := documentsReady(c, a, renovation.ReportDocs(r)); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	d, err := a.renovation.AttachReport(ctx, r.ProjectID, r.ID, renovation.Document{Filename: fh.Filename, Data: data})
	if err != nil {
		return err
	}
	out := toDocument(d, reportDocs(r.ProjectID, r.ID))
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listReportDocuments handles GET …/reports/{rid}/documents.
func (a *api) listReportDocuments(c *fiber.Ctx) error {
	r, err := a.reportOfRoute(c)
	if err != nil {
		return err
	}
	return a.listOwnedDocuments(c, renovation.ReportDocumentOwner, r.ID, reportDocs(r.ProjectID, r.ID))
}

// getReportDocument handles GET …/reports/{rid}/documents/{did}: the file.
func (a *api) getReportDocument(c *fiber.Ctx) error {
	r, err := a.reportOfRoute(c)
	if err != nil {
		return err
	}
	return a.sendOwnedDocument(c, renovation.ReportDocumentOwner, r.ID)
}

func (a *api) listOwnedDocuments(c *fiber.Ctx, owner string, id uuid.UUID, dir string) error {
	rows, err := a.Client.Document.Query().Where(document.Owner(owner), document.OwnerID(id)).
		Order(ent.Asc(document.FieldID)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[documentOut]{Items: make([]documentOut, len(rows))}
	for i, d := range rows {
		out.Items[i] = toDocument(d, dir)
	}
	return c.JSON(out)
}

func (a *api) sendOwnedDocument(c *fiber.Ctx, owner string, id uuid.UUID) error {
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	d, err := a.Client.Document.Query().Where(document.ID(did), document.Owner(owner), document.OwnerID(id)).Only(c.UserContext())
	if err != nil {
		return err
	}
	return a.sendFile(c, docFile(d))
}

// ---------------------------------------------------------------- points

type pointOut struct {
	ID                     uuid.UUID  `json:"id"`
	PointNo                string     `json:"point_no"`
	HazardID               uuid.UUID  `json:"hazard_id"`
	HazardCode             string     `json:"hazard_code"`
	HazardStatus           string     `json:"hazard_status" enum:"HazardStatus,empty"`
	HazardStatusLabel      string     `json:"hazard_status_label"`
	HazardDeadline         string     `json:"hazard_deadline"`
	Level                  string     `json:"level" enum:"HazardLevel"`
	LevelLabel             string     `json:"level_label"`
	CompanyID              uuid.UUID  `json:"company_id"`
	CompanyName            string     `json:"company_name"`
	StreetID               uuid.UUID  `json:"street_id"`
	StreetName             string     `json:"street_name"`
	CommunityID            *uuid.UUID `json:"community_id"`
	CommunityName          string     `json:"community_name"`
	Address                string     `json:"address"`
	Lat                    *float64   `json:"lat"`
	Lng                    *float64   `json:"lng"`
	PipePressure           string     `json:"pipe_pressure" enum:"PressureLevel"`
	PipePressureLabel      string     `json:"pipe_pressure_label"`
	PipeDn                 string     `json:"pipe_dn"`
	PipeMaterial           string     `json:"pipe_material"`
	PipeOwner              string     `json:"pipe_owner"`
	OccupierType           string     `json:"occupier_type" enum:"OccupierType"`
	OccupierTypeLabel      string     `json:"occupier_type_label"`
	OccupierName           string     `json:"occupier_name"`
	OccupierContact        string     `json:"occupier_contact"`
	DiscoveredOn           string     `json:"discovered_on" format:"date"`
	Source                 string     `json:"source" enum:"PointSource"`
	SourceLabel            string     `json:"source_label"`
	Disposition            *string    `json:"disposition" enum:"Disposition"`
	DispositionLabel       string     `json:"disposition_label"`
	ProjectID              *uuid.UUID `json:"project_id"`
	ProjectNo              string     `json:"project_no"`
	ProjectName            string     `json:"project_name"`
	Deadline               string     `json:"deadline" format:"date"`
	Status                 string     `json:"status" enum:"PointStatus"`
	StatusLabel            string     `json:"status_label"`
	InterimMeasures        string     `json:"interim_measures"`
	ReviewOn               *string    `json:"review_on" format:"date"`
	DeferralApprovedByName string     `json:"deferral_approved_by_name"`
	Supervised             bool       `json:"supervised"`
	EliminatedOn           *string    `json:"eliminated_on" format:"date"`
	VerifiedOn             *string    `json:"verified_on" format:"date"`
	Note                   string     `json:"note"`
	CreatedAt              time.Time  `json:"created_at"`
	UpdatedAt              time.Time  `json:"updated_at"`
}

func (a *api) toPoints(c *fiber.Ctx, ps ...*ent.OccupationPoint) ([]pointOut, error) {
	var oids, pids, hids []uuid.UUID
	for _, p := range ps {
		oids = append(oids, p.CompanyID, p.StreetID)
		if p.CommunityID != nil {
			oids = append(oids, *p.CommunityID)
		}
		if p.ProjectID != nil {
			pids = append(pids, *p.ProjectID)
		}
		hids = append(hids, p.HazardID)
	}
	n, err := a.renoNamesOf(c, oids, pids, hids)
	if err != nil {
		return nil, err
	}
	out := make([]pointOut, len(ps))
	for i, p := range ps {
		level := renovation.PointLevel(p.PipePressure)
		o := pointOut{ID: p.ID, PointNo: p.PointNo, HazardID: p.HazardID, Level: string(level), LevelLabel: level.Label(),
			CompanyID: p.CompanyID, CompanyName: n.orgs[p.CompanyID], StreetID: p.StreetID, StreetName: n.orgs[p.StreetID],
			CommunityID: p.CommunityID, CommunityName: n.org(p.CommunityID), Address: p.Address, Lat: p.Lat, Lng: p.Lng,
			PipePressure: string(p.PipePressure), PipePressureLabel: p.PipePressure.Label(), PipeDn: p.PipeDn,
			PipeMaterial: p.PipeMaterial, PipeOwner: p.PipeOwner, OccupierType: string(p.OccupierType),
			OccupierTypeLabel: p.OccupierType.Label(), OccupierName: p.OccupierName, OccupierContact: p.OccupierContact,
			DiscoveredOn: p.DiscoveredOn, Source: string(p.Source), SourceLabel: p.Source.Label(), ProjectID: p.ProjectID,
			Deadline: p.Deadline, Status: string(p.Status), StatusLabel: p.Status.Label(), InterimMeasures: p.InterimMeasures,
			ReviewOn: p.ReviewOn, DeferralApprovedByName: p.DeferralApprovedByName, Supervised: p.Supervised,
			EliminatedOn: p.EliminatedOn, VerifiedOn: p.VerifiedOn, Note: p.Note, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
		if p.Disposition != nil {
			d := string(*p.Disposition)
			o.Disposition, o.DispositionLabel = &d, p.Disposition.Label()
		}
		if p.ProjectID != nil {
			if pr := n.projects[*p.ProjectID]; pr != nil {
				o.ProjectNo, o.ProjectName = pr.ProjectNo, pr.Name
			}
		}
		if h := n.hazards[p.HazardID]; h != nil {
			o.HazardCode, o.HazardStatus, o.HazardStatusLabel, o.HazardDeadline = h.Code, string(h.Status), h.Status.Label(), h.Deadline
		}
		out[i] = o
	}
	return out, nil
}

func (a *api) onePoint(c *fiber.Ctx, p *ent.OccupationPoint, status int) error {
	out, err := a.toPoints(c, p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.Status(status).JSON(out[0])
}

// pointQuery is the point list's filters: street_id, status, project_id,
// level or major, q (number, address or occupier).
func (a *api) pointQuery(c *fiber.Ctx) (*ent.OccupationPointQuery, error) {
	q := a.Client.OccupationPoint.Query()
	var bad []services.FieldError
	for _, f := range []struct {
		name string
		set  func(uuid.UUID)
	}{{"street_id", func(id uuid.UUID) { q.Where(occupationpoint.StreetID(id)) }},
		{"project_id", func(id uuid.UUID) { q.Where(occupationpoint.ProjectID(id)) }},
		{"hazard_id", func(id uuid.UUID) { q.Where(occupationpoint.HazardID(id)) }}} {
		if s := c.Query(f.name); s != "" {
			id, err := uuid.Parse(s)
			if err != nil {
				bad = append(bad, services.Field(f.name, "is not a uuid"))
			}
			f.set(id)
		}
	}
	if s := c.Query("status"); s != "" {
		if !enum.PointStatus(s).Valid() {
			bad = append(bad, services.Field("status", "is not a point status"))
		}
		q.Where(occupationpoint.StatusEQ(enum.PointStatus(s)))
	}
	major := c.Query("major")
	if s := c.Query("level"); s != "" {
		switch enum.HazardLevel(s) {
		case enum.LevelMajor:
			major = "true"
		case enum.LevelGeneral:
			major = "false"
		default:
			bad = append(bad, services.Field("level", "is not a hazard level"))
		}
	}
	if major != "" {
		b, err := strconv.ParseBool(major)
		if err != nil {
			bad = append(bad, services.Field("major", "must be true or false"))
		}
		high := []enum.PressureLevel{enum.PressureMediumB, enum.PressureMediumA, enum.PressureSubHigh, enum.PressureHigh}
		if b {
			q.Where(occupationpoint.PipePressureIn(high...))
		} else {
			q.Where(occupationpoint.PipePressureNotIn(high...))
		}
	}
	if s := strings.TrimSpace(c.Query("q")); s != "" {
		if len([]rune(s)) > 100 {
			bad = append(bad, services.Field("q", "must be at most 100 long"))
		}
		q.Where(occupationpoint.Or(occupationpoint.PointNoContains(s), occupationpoint.AddressContains(s),
			occupationpoint.OccupierNameContains(s)))
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	return q, nil
}

// listPoints handles GET /api/v1/occupation_points.
func (a *api) listPoints(c *fiber.Ctx) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q, err := a.pointQuery(c)
	if err != nil {
		return err
	}
	q.Order(ent.Asc(occupationpoint.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(occupationpoint.IDGT(*pg.After))
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	outs, err := a.toPoints(c, rows...)
	if err != nil {
		return err
	}
	byID := map[uuid.UUID]pointOut{}
	for _, o := range outs {
		byID[o.ID] = o
	}
	return c.JSON(finish(rows, pg, func(p *ent.OccupationPoint) uuid.UUID { return p.ID },
		func(p *ent.OccupationPoint) pointOut { return byID[p.ID] }))
}

// exportPoints handles GET /api/v1/occupation_points/export.xlsx: the point
// ledger (占压点位台账) of the list's filters, at most 100,000.
func (a *api) exportPoints(c *fiber.Ctx) error {
	q, err := a.pointQuery(c)
	if err != nil {
		return err
	}
	rows, err := q.Order(ent.Asc(occupationpoint.FieldPointNo)).Limit(100000).All(c.UserContext())
	if err != nil {
		return err
	}
	f, err := a.renovation.PointsWorkbook(c.UserContext(), rows, "共 "+strconv.Itoa(len(rows))+" 处占压点位")
	if err != nil {
		return err
	}
	defer f.Close()
	today := a.today(viewer(c))
	return sendWorkbook(c, f, "occupation-points-"+today+".xlsx", "占压点位台账-"+today+".xlsx")
}

// createPoint handles POST /api/v1/occupation_points: the point and its
// ledger hazard.
func (a *api) createPoint(c *fiber.Ctx) error {
	in, err := decode[renovation.PointInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.CreatePoint(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/occupation_points/"+p.ID.String())
	return a.onePoint(c, p, http.StatusCreated)
}

func (a *api) pointOfRoute(c *fiber.Ctx) (*ent.OccupationPoint, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.OccupationPoint.Get(c.UserContext(), id)
}

// getPoint handles GET /api/v1/occupation_points/{id}.
func (a *api) getPoint(c *fiber.Ctx) error {
	p, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	return a.onePoint(c, p, http.StatusOK)
}

// patchPoint handles PATCH /api/v1/occupation_points/{id} (If-Match).
func (a *api) patchPoint(c *fiber.Ctx) error {
	cur, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[renovation.PointPatch](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, err := a.renovation.PatchPoint(c.UserContext(), cur.ID, ver, *in)
	if err != nil {
		return err
	}
	return a.onePoint(c, p, http.StatusOK)
}

// pointStep handles a step on a point with a body of type In.
func pointStep[In any](a *api, step func(s *renovation.Service, ctx context.Context, id uuid.UUID, in In) (*ent.OccupationPoint, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		cur, err := a.pointOfRoute(c)
		if err != nil {
			return err
		}
		in, err := decode[In](c, a.BodyLimit)
		if err != nil {
			return err
		}
		p, err := step(a.renovation, c.UserContext(), cur.ID, *in)
		if err != nil {
			return err
		}
		return a.onePoint(c, p, http.StatusOK)
	}
}

// unfoldPoint handles POST /api/v1/occupation_points/{id}/unfold.
func (a *api) unfoldPoint(c *fiber.Ctx) error {
	cur, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	p, err := a.renovation.Unfold(c.UserContext(), cur.ID)
	if err != nil {
		return err
	}
	return a.onePoint(c, p, http.StatusOK)
}

func pointDocs(id uuid.UUID) string { return v1 + "/occupation_points/" + id.String() + "/documents/" }

// addPointDocument handles POST /api/v1/occupation_points/{id}/documents.
func (a *api) addPointDocument(c *fiber.Ctx) error {
	p, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	if err := documentsReady(c, a, renovation.PointDocs(p)); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	d, err := a.renovation.AttachPoint(c.UserContext(), p.ID, renovation.Document{Filename: fh.Filename, Data: data})
	if err != nil {
		return err
	}
	out := toDocument(d, pointDocs(p.ID))
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listPointDocuments handles GET /api/v1/occupation_points/{id}/documents.
func (a *api) listPointDocuments(c *fiber.Ctx) error {
	p, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	return a.listOwnedDocuments(c, renovation.PointDocumentOwner, p.ID, pointDocs(p.ID))
}

// getPointDocument handles GET /api/v1/occupation_points/{id}/documents/{did}.
func (a *api) getPointDocument(c *fiber.Ctx) error {
	p, err := a.pointOfRoute(c)
	if err != nil {
		return err
	}
	return a.sendOwnedDocument(c, renovation.PointDocumentOwner, p.ID)
}

// ---------------------------------------------------------------- board

// renovationYear is the board's year: ?year=, this year by default.
func (a *api) renovationYear(c *fiber.Ctx) (int, error) {
	s := c.Query("year")
	if s == "" {
		y, _ := strconv.Atoi(a.today(viewer(c))[:4])
		return y, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 {
		return 0, services.Invalid(services.Field("year", "must be a year"))
	}
	return y, nil
}

// renovationBoard handles GET /api/v1/renovation/board.
func (a *api) renovationBoard(c *fiber.Ctx) error {
	y, err := a.renovationYear(c)
	if err != nil {
		return err
	}
	b, err := a.renovation.BoardOf(c.UserContext(), y)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// renovationBoardWorkbook handles GET /api/v1/renovation/board/export.xlsx.
func (a *api) renovationBoardWorkbook(c *fiber.Ctx) error {
	y, err := a.renovationYear(c)
	if err != nil {
		return err
	}
	f, err := a.renovation.BoardWorkbook(c.UserContext(), y)
	if err != nil {
		return err
	}
	defer f.Close()
	ys := strconv.Itoa(y)
	today := a.today(viewer(c))
	return sendWorkbook(c, f, "renovation-board-"+ys+"-"+today+".xlsx", ys+"年旧管网改造进度汇总-"+today+".xlsx")
}

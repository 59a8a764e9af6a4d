package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/readinessevent"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/readiness"
)

// ---------------------------------------------------------------- seasons

type seasonOut struct {
	ID                uuid.UUID `json:"id"`
	Code              string    `json:"code"`
	CampaignStart     string    `json:"campaign_start" format:"date"`
	TrialRunStart     string    `json:"trial_run_start" format:"date"`
	ReadinessDeadline string    `json:"readiness_deadline" format:"date"`
	HeatingStart      string    `json:"heating_start" format:"date"`
	HeatingEnd        string    `json:"heating_end" format:"date"`
	SummaryDays       []string  `json:"summary_days"`
	Status            string    `json:"status" enum:"SeasonStatus"`
	StatusLabel       string    `json:"status_label"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

func toSeason(s *ent.Season) seasonOut {
	days := s.SummaryDays
	if days == nil {
		days = []string{}
	}
	return seasonOut{ID: s.ID, Code: s.Code, CampaignStart: s.CampaignStart, TrialRunStart: s.TrialRunStart,
		ReadinessDeadline: s.ReadinessDeadline, HeatingStart: s.HeatingStart, HeatingEnd: s.HeatingEnd, SummaryDays: days,
		Status: string(s.Status), StatusLabel: s.Status.Label(), CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

// createSeason handles POST /api/v1/seasons.
func (a *api) createSeason(c *fiber.Ctx) error {
	in, err := decode[readiness.SeasonInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	s, err := a.readiness.CreateSeason(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(s.Version))
	c.Set(fiber.HeaderLocation, v1+"/seasons/"+s.ID.String())
	return c.Status(http.StatusCreated).JSON(toSeason(s))
}

// listSeasons handles GET /api/v1/seasons: newest first.
func (a *api) listSeasons(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Season.Query().Order(ent.Desc(season.FieldID)).Limit(p.Limit + 1)
	if p.After != nil {
		q.Where(season.IDLT(*p.After))
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(s *ent.Season) uuid.UUID { return s.ID }, toSeason))
}

// getSeason handles GET /api/v1/seasons/{id}.
func (a *api) getSeason(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	s, err := a.Client.Season.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(s.Version))
	return c.JSON(toSeason(s))
}

// patchSeason handles PATCH /api/v1/seasons/{id} (If-Match).
func (a *api) patchSeason(c *fiber.Ctx) error {
	return patchRecord(a, c, a.Client.Season.Get, a.readiness.PatchSeason,
		func(s *ent.Season) int64 { return s.Version }, func(s *ent.Season) any { return toSeason(s) })
}

// ---------------------------------------------------------------- plans

type planOut struct {
	ID             uuid.UUID         `json:"id"`
	SeasonID       uuid.UUID         `json:"season_id"`
	Season         string            `json:"season"`
	CompanyID      uuid.UUID         `json:"company_id"`
	Company        string            `json:"company"`
	Status         string            `json:"status" enum:"PlanStatus"`
	StatusLabel    string            `json:"status_label"`
	DeclaredAt     *time.Time        `json:"declared_at"`
	DeclaredByName string            `json:"declared_by_name"`
	Result         *string           `json:"result" enum:"AcceptanceResult"`
	DecidedAt      *time.Time        `json:"decided_at"`
	Note           string            `json:"note"`
	Counts         *readiness.Counts `json:"counts,omitempty"`
	Generated      *int              `json:"generated,omitempty"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

// names reads the names of organisations and the codes of seasons a page
// shows, once.
func (a *api) planNames(c *fiber.Ctx, ps ...*ent.ReadinessPlan) (orgs, seasons map[uuid.UUID]string, err error) {
	var oids, sids []uuid.UUID
	for _, p := range ps {
		oids, sids = append(oids, p.CompanyID), append(sids, p.SeasonID)
	}
	ctx := policy.System(c.UserContext()) // names of records the viewer reached
	os, err := a.Client.Org.Query().Where(org.IDIn(oids...)).Select(org.FieldID, org.FieldName).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	ss, err := a.Client.Season.Query().Where(season.IDIn(sids...)).Select(season.FieldID, season.FieldCode).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	orgs, seasons = map[uuid.UUID]string{}, map[uuid.UUID]string{}
	for _, o := range os {
		orgs[o.ID] = o.Name
	}
	for _, s := range ss {
		seasons[s.ID] = s.Code
	}
	return orgs, seasons, nil
}

func toPlan(p *ent.ReadinessPlan, orgs, seasons map[uuid.UUID]string) planOut {
	var result *string
	if p.Result != nil {
		r := string(*p.Result)
		result = &r
	}
	return planOut{ID: p.ID, SeasonID: p.SeasonID, Season: seasons[p.SeasonID], CompanyID: p.CompanyID, Company: orgs[p.CompanyID],
		Status: string(p.Status), StatusLabel: p.Status.Label(), DeclaredAt: p.DeclaredAt, DeclaredByName: p.DeclaredByName,
		Result: result, DecidedAt: p.DecidedAt, Note: p.Note, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// onePlan answers one plan with its names and item counts.
func (a *api) onePlan(c *fiber.Ctx, p *ent.ReadinessPlan, generated *int, status int) error {
	orgs, seasons, err := a.planNames(c, p)
	if err != nil {
		return err
	}
	counts, err := a.readiness.CountItems(c.UserContext(), []uuid.UUID{p.ID}, a.today(viewer(c)))
	if err != nil {
		return err
	}
	out := toPlan(p, orgs, seasons)
	out.Counts, out.Generated = counts[p.ID], generated
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.Status(status).JSON(out)
}

// createPlan handles POST /api/v1/readiness/plans: the plan and its items
// generated from the register.
func (a *api) createPlan(c *fiber.Ctx) error {
	in, err := decode[readiness.PlanInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	p, n, err := a.readiness.CreatePlan(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/readiness/plans/"+p.ID.String())
	return a.onePlan(c, p, &n, http.StatusCreated)
}

// planOf loads the plan of the route's :id within the viewer's scope.
func (a *api) planOf(c *fiber.Ctx) (*ent.ReadinessPlan, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.ReadinessPlan.Get(c.UserContext(), id)
}

// getPlan handles GET /api/v1/readiness/plans/{id}.
func (a *api) getPlan(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	return a.onePlan(c, p, nil, http.StatusOK)
}

// listPlans handles GET /api/v1/readiness/plans: filters season_id,
// company_id, status; keyset pages by id.
func (a *api) listPlans(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.ReadinessPlan.Query().Order(ent.Asc(readinessplan.FieldID)).Limit(p.Limit + 1)
	if p.After != nil {
		q.Where(readinessplan.IDGT(*p.After))
	}
	var bad []services.FieldError
	for _, f := range []struct {
		name string
		add  func(uuid.UUID)
	}{{"season_id", func(id uuid.UUID) { q.Where(readinessplan.SeasonID(id)) }},
		{"company_id", func(id uuid.UUID) { q.Where(readinessplan.CompanyID(id)) }}} {
		if s := c.Query(f.name); s != "" {
			id, err := uuid.Parse(s)
			if err != nil {
				bad = append(bad, services.Field(f.name, "must be a UUID"))
				continue
			}
			f.add(id)
		}
	}
	if s := c.Query("status"); s != "" {
		if !enum.PlanStatus(s).Valid() {
			bad = append(bad, services.Field("status", "is not a plan status"))
		}
		q.Where(readinessplan.StatusEQ(enum.PlanStatus(s)))
	}
	if len(bad) > 0 {
		return services.Invalid(bad...)
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	orgs, seasons, err := a.planNames(c, rows...)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	counts, err := a.readiness.CountItems(c.UserContext(), ids, a.today(viewer(c)))
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(r *ent.ReadinessPlan) uuid.UUID { return r.ID }, func(r *ent.ReadinessPlan) planOut {
		out := toPlan(r, orgs, seasons)
		out.Counts = counts[r.ID]
		return out
	}))
}

// generatePlan handles POST /api/v1/readiness/plans/{id}/generate.
func (a *api) generatePlan(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	p, n, err := a.readiness.Generate(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	return a.onePlan(c, p, &n, http.StatusOK)
}

type declareIn struct {
	Note string `json:"note" validate:"max=2000"`
}

// declarePlan handles POST /api/v1/readiness/plans/{id}/declare.
func (a *api) declarePlan(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	in := &declareIn{}
	if len(c.Body()) > 0 {
		if in, err = decode[declareIn](c, a.BodyLimit); err != nil {
			return err
		}
	}
	p, err = a.readiness.Declare(c.UserContext(), p.ID, in.Note)
	if err != nil {
		return err
	}
	return a.onePlan(c, p, nil, http.StatusOK)
}

type acceptanceOut struct {
	ID            uuid.UUID   `json:"id"`
	PlanID        uuid.UUID   `json:"plan_id"`
	Result        string      `json:"result" enum:"AcceptanceResult"`
	InspectedOn   string      `json:"inspected_on" format:"date"`
	InspectorOrg  uuid.UUID   `json:"inspector_org_id"`
	InspectorName string      `json:"inspector_name"`
	Note          string      `json:"note"`
	ItemIDs       []uuid.UUID `json:"item_ids"`
	HazardIDs     []uuid.UUID `json:"hazard_ids"`
	PlanStatus    string      `json:"plan_status" enum:"PlanStatus"`
	CreatedAt     time.Time   `json:"created_at"`
}

// acceptPlan handles POST /api/v1/readiness/plans/{id}/accept.
func (a *api) acceptPlan(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	in, err := decode[readiness.AcceptInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	acc, p, err := a.readiness.Accept(c.UserContext(), p.ID, *in)
	if err != nil {
		return err
	}
	ids := func(v []uuid.UUID) []uuid.UUID {
		if v == nil {
			return []uuid.UUID{}
		}
		return v
	}
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.Status(http.StatusCreated).JSON(acceptanceOut{ID: acc.ID, PlanID: acc.PlanID, Result: string(acc.Result),
		InspectedOn: acc.InspectedOn, InspectorOrg: acc.InspectorOrgID, InspectorName: acc.InspectorName, Note: acc.Note,
		ItemIDs: ids(acc.ItemIds), HazardIDs: ids(acc.HazardIds), PlanStatus: string(p.Status), CreatedAt: acc.CreatedAt})
}

type readinessEventOut struct {
	ID         uuid.UUID      `json:"id"`
	ItemID     *uuid.UUID     `json:"item_id"`
	Action     string         `json:"action"`
	FromStatus string         `json:"from_status" enum:"ReadinessStatus,empty"`
	ToStatus   string         `json:"to_status" enum:"ReadinessStatus,empty"`
	Note       string         `json:"note"`
	Details    map[string]any `json:"details,omitempty"`
	ActorID    *uuid.UUID     `json:"actor_id"`
	Actor      string         `json:"actor"`
	At         time.Time      `json:"at"`
}

// planHistory handles GET /api/v1/readiness/plans/{id}/history: every
// step of the plan and its items, oldest first.
func (a *api) planHistory(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.ReadinessEvent.Query().Where(readinessevent.PlanID(p.ID)).Order(ent.Asc(readinessevent.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(readinessevent.IDGT(*pg.After))
	}
	evs, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(evs, pg, func(e *ent.ReadinessEvent) uuid.UUID { return e.ID }, func(e *ent.ReadinessEvent) readinessEventOut {
		return readinessEventOut{ID: e.ID, ItemID: e.ItemID, Action: e.Action, FromStatus: e.FromStatus, ToStatus: e.ToStatus,
			Note: e.Note, Details: e.Details, ActorID: e.ActorID, Actor: e.Actor, At: e.At}
	}))
}

// ---------------------------------------------------------------- items

type readinessItemOut struct {
	ID                uuid.UUID  `json:"id"`
	PlanID            uuid.UUID  `json:"plan_id"`
	CompanyID         uuid.UUID  `json:"company_id"`
	StreetID          uuid.UUID  `json:"street_id"`
	Category          string     `json:"category" enum:"ItemCategory"`
	CategoryLabel     string     `json:"category_label"`
	SiteID            *uuid.UUID `json:"site_id"`
	EquipmentID       *uuid.UUID `json:"equipment_id"`
	Title             string     `json:"title"`
	Description       string     `json:"description"`
	QtyPlanned        float64    `json:"qty_planned"`
	QtyDone           float64    `json:"qty_done"`
	Unit              string     `json:"unit"`
	DueOn             string     `json:"due_on" format:"date"`
	Overdue           bool       `json:"overdue"`
	ResponsiblePerson string     `json:"responsible_person"`
	ResponsiblePhone  string     `json:"responsible_phone"`
	Status            string     `json:"status" enum:"ItemStatus"`
	StatusLabel       string     `json:"status_label"`
	Source            string     `json:"source" enum:"ItemSource"`
	SourceKey         *string    `json:"source_key"`
	HazardID          *uuid.UUID `json:"hazard_id"`
	Note              string     `json:"note"`
	VerifiedByName    string     `json:"verified_by_name"`
	DoneOn            *string    `json:"done_on" format:"date"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func toItem(it *ent.ReadinessItem, today string) readinessItemOut {
	return readinessItemOut{ID: it.ID, PlanID: it.PlanID, CompanyID: it.CompanyID, StreetID: it.StreetID,
		Category: string(it.Category), CategoryLabel: it.Category.Label(), SiteID: it.SiteID, EquipmentID: it.EquipmentID,
		Title: it.Title, Description: it.Description, QtyPlanned: it.QtyPlanned, QtyDone: it.QtyDone, Unit: it.Unit,
		DueOn: it.DueOn, Overdue: !readiness.Closed(it.Status) && it.DueOn < today,
		ResponsiblePerson: it.ResponsiblePerson, ResponsiblePhone: it.ResponsiblePhone,
		Status: string(it.Status), StatusLabel: it.Status.Label(), Source: string(it.Source), SourceKey: it.SourceKey,
		HazardID: it.HazardID, Note: it.Note, VerifiedByName: it.VerifiedByName, DoneOn: it.DoneOn,
		CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
}

// listItems handles GET /api/v1/readiness/plans/{id}/items: a street sees
// the items in its street.
func (a *api) listItems(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID)).Order(ent.Asc(readinessitem.FieldID)).Limit(pg.Limit + 1)
	if pg.After != nil {
		q.Where(readinessitem.IDGT(*pg.After))
	}
	var bad []services.FieldError
	if s := c.Query("status"); s != "" {
		if !enum.ItemStatus(s).Valid() {
			bad = append(bad, services.Field("status", "is not an item status"))
		}
		q.Where(readinessitem.StatusEQ(enum.ItemStatus(s)))
	}
	if s := c.Query("category"); s != "" {
		if !enum.ItemCategory(s).Valid() {
			bad = append(bad, services.Field("category", "is not an item category"))
		}
		q.Where(readinessitem.CategoryEQ(enum.ItemCategory(s)))
	}
	if len(bad) > 0 {
		return services.Invalid(bad...)
	}
	rows, err := q.All(c.UserContext())
	if err != nil {
		return err
	}
	today := a.today(viewer(c))
	return c.JSON(finish(rows, pg, func(it *ent.ReadinessItem) uuid.UUID { return it.ID },
		func(it *ent.ReadinessItem) readinessItemOut { return toItem(it, today) }))
}

// addItem handles POST /api/v1/readiness/plans/{id}/items.
func (a *api) addItem(c *fiber.Ctx) error {
	p, err := a.planOf(c)
	if err != nil {
		return err
	}
	in, err := decode[readiness.ItemInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	it, err := a.readiness.AddItem(c.UserContext(), p.ID, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(it.Version))
	c.Set(fiber.HeaderLocation, v1+"/readiness/plans/"+p.ID.String()+"/items/"+it.ID.String())
	return c.Status(http.StatusCreated).JSON(toItem(it, a.today(viewer(c))))
}

// itemOfRoute loads the item :iid of the plan :id within the viewer's scope.
func (a *api) itemOfRoute(c *fiber.Ctx) (*ent.ReadinessItem, error) {
	pid, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	iid, err := idParam(c, "iid")
	if err != nil {
		return nil, err
	}
	return a.readiness.Item(c.UserContext(), pid, iid)
}

// getItem handles GET /api/v1/readiness/plans/{id}/items/{iid}.
func (a *api) getItem(c *fiber.Ctx) error {
	it, err := a.itemOfRoute(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(it.Version))
	return c.JSON(toItem(it, a.today(viewer(c))))
}

// patchItem handles PATCH /api/v1/readiness/plans/{id}/items/{iid} (If-Match).
func (a *api) patchItem(c *fiber.Ctx) error {
	it, err := a.itemOfRoute(c)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[readiness.ItemPatch](c, a.BodyLimit)
	if err != nil {
		return err
	}
	it, err = a.readiness.EditItem(c.UserContext(), it.PlanID, it.ID, ver, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(it.Version))
	return c.JSON(toItem(it, a.today(viewer(c))))
}

// itemStep handles POST /api/v1/readiness/plans/{id}/items/{iid}/start|done|verify|reject|waive.
func (a *api) itemStep(t readiness.Step) fiber.Handler {
	return func(c *fiber.Ctx) error {
		it, err := a.itemOfRoute(c)
		if err != nil {
			return err
		}
		in := &readiness.StepInput{}
		if len(c.Body()) > 0 {
			if in, err = decode[readiness.StepInput](c, a.BodyLimit); err != nil {
				return err
			}
		}
		it, err = a.readiness.Take(c.UserContext(), it.PlanID, it.ID, t, *in)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, etag(it.Version))
		return c.JSON(toItem(it, a.today(viewer(c))))
	}
}

// addItemDocument handles POST /api/v1/readiness/plans/{id}/items/{iid}/documents (multipart: file).
func (a *api) addItemDocument(c *fiber.Ctx) error {
	it, err := a.itemOfRoute(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.readiness.AttachReady(ctx, it.PlanID, it.ID); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	d, err := a.readiness.Attach(ctx, it.PlanID, it.ID, readiness.Document{Filename: fh.Filename, Data: data})
	if err != nil {
		return err
	}
	out := toDocument(d, itemDocs(it.PlanID, d.OwnerID))
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listItemDocuments handles GET /api/v1/readiness/plans/{id}/items/{iid}/documents.
func (a *api) listItemDocuments(c *fiber.Ctx) error {
	it, err := a.itemOfRoute(c)
	if err != nil {
		return err
	}
	rows, err := a.Client.Document.Query().Where(document.Owner(readiness.DocumentOwner), document.OwnerID(it.ID)).
		Order(ent.Asc(document.FieldID)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[documentOut]{Items: make([]documentOut, len(rows))}
	for i, d := range rows {
		out.Items[i] = toDocument(d, itemDocs(it.PlanID, d.OwnerID))
	}
	return c.JSON(out)
}

// getItemDocument handles GET /api/v1/readiness/plans/{id}/items/{iid}/documents/{did}: the file.
func (a *api) getItemDocument(c *fiber.Ctx) error {
	it, err := a.itemOfRoute(c)
	if err != nil {
		return err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := a.Client.Document.Query().Where(document.ID(did), document.Owner(readiness.DocumentOwner), document.OwnerID(it.ID)).Only(ctx)
	if err != nil {
		return err
	}
	return a.sendFile(c, docFile(d))
}

// ---------------------------------------------------------------- board

// readinessBoard handles GET /api/v1/readiness/board.
func (a *api) readinessBoard(c *fiber.Ctx) error {
	b, err := a.readiness.BoardOf(c.UserContext(), c.Query("season"), c.Query("group_by", "company"))
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// readinessBoardWorkbook handles GET /api/v1/readiness/board/export.xlsx.
func (a *api) readinessBoardWorkbook(c *fiber.Ctx) error {
	f, b, err := a.readiness.BoardWorkbook(c.UserContext(), c.Query("season"), c.Query("group_by", "company"))
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "readiness-board-"+b.Season+"-"+b.Today+".xlsx", "供热准备汇总-"+b.Season+"-"+b.Today+".xlsx")
}

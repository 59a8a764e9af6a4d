package handlers

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/installvisit"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
)

// The gas-alarm campaigns' routes: campaigns and their targets and rates,
// premises with their visits and devices, device photos (services/alarms).
// Every answer names its street, community and company and labels its
// codes, so the console shows names, never ids or codes.

type milestoneOut struct {
	On      string  `json:"on"`
	Percent float64 `json:"percent"`
}

type campaignOut struct {
	ID                uuid.UUID      `json:"id"`
	Name              string         `json:"name"`
	Scope             string         `json:"scope" enum:"CampaignScope"`
	ScopeLabel        string         `json:"scope_label"`
	Year              int            `json:"year"`
	StartOn           string         `json:"start_on" format:"date"`
	DueOn             string         `json:"due_on" format:"date"`
	Funding           string         `json:"funding" enum:"Funding"`
	FundingLabel      string         `json:"funding_label"`
	NetworkedRequired bool           `json:"networked_required"`
	ShutoffRequired   bool           `json:"shutoff_required"`
	Milestones        []milestoneOut `json:"milestones"`
	CompanyIDs        []uuid.UUID    `json:"company_ids"`
	CompanyNames      []string       `json:"company_names"`
	Status            string         `json:"status" enum:"CampaignStatus"`
	StatusLabel       string         `json:"status_label"`
	Note              string         `json:"note"`
	CreatedAt         time.Time      `json:"created_at"`
	UpdatedAt         time.Time      `json:"updated_at"`
}

// namer names organisations for the answers of one request.
type namer struct {
	names map[uuid.UUID]string
}

// namesOf reads the names of the organisations ids name.
func (a *api) namesOf(ctx context.Context, ids ...uuid.UUID) (namer, error) {
	v := policy.FromContext(ctx)
	if v == nil {
		return namer{names: map[uuid.UUID]string{}}, nil
	}
	m, err := alarms.OrgNames(ctx, a.Client, v.TenantID, ids)
	return namer{names: m}, err
}

func (n namer) of(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return n.names[*id]
}

func toCampaign(c *ent.AlarmCampaign, n namer) campaignOut {
	o := campaignOut{ID: c.ID, Name: c.Name, Scope: string(c.Scope), ScopeLabel: c.Scope.Label(), Year: c.Year,
		StartOn: c.StartOn, DueOn: c.DueOn, Funding: string(c.Funding), FundingLabel: c.Funding.Label(),
		NetworkedRequired: c.NetworkedRequired, ShutoffRequired: c.ShutoffRequired,
		Milestones: make([]milestoneOut, len(c.Milestones)), CompanyIDs: c.CompanyIds,
		CompanyNames: make([]string, len(c.CompanyIds)), Status: string(c.Status), StatusLabel: c.Status.Label(),
		Note: c.Note, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if o.CompanyIDs == nil {
		o.CompanyIDs = []uuid.UUID{}
	}
	for i, m := range c.Milestones {
		o.Milestones[i] = milestoneOut{On: m.On, Percent: m.Percent}
	}
	for i, id := range c.CompanyIds {
		o.CompanyNames[i] = n.of(&id)
	}
	return o
}

func campaignIDs(cs ...*ent.AlarmCampaign) []uuid.UUID {
	var ids []uuid.UUID
	for _, c := range cs {
		ids = append(ids, c.CompanyIds...)
	}
	return ids
}

// listCampaigns handles GET /api/v1/alarm_campaigns.
func (a *api) listCampaigns(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	q := a.Client.AlarmCampaign.Query()
	if p.After != nil {
		q.Where(alarmcampaign.IDGT(*p.After))
	}
	if s := c.Query("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return services.Invalid(services.Field("year", "must be a year from 2000 to 2100"))
		}
		q.Where(alarmcampaign.Year(y))
	}
	if s := c.Query("status"); s != "" {
		st := enum.CampaignStatus(s)
		if !st.Valid() {
			return services.Invalid(services.Field("status", "is not a campaign status"))
		}
		q.Where(alarmcampaign.StatusEQ(st))
	}
	rows, err := q.Order(ent.Asc(alarmcampaign.FieldID)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	n, err := a.namesOf(ctx, campaignIDs(rows...)...)
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(r *ent.AlarmCampaign) uuid.UUID { return r.ID },
		func(r *ent.AlarmCampaign) campaignOut { return toCampaign(r, n) }))
}

// createCampaign handles POST /api/v1/alarm_campaigns.
func (a *api) createCampaign(c *fiber.Ctx) error {
	in, err := decode[alarms.CampaignInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	r, err := a.alarms.CreateCampaign(ctx, *in)
	if err != nil {
		return err
	}
	n, err := a.namesOf(ctx, r.CompanyIds...)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(r.Version))
	c.Set(fiber.HeaderLocation, v1+"/alarm_campaigns/"+r.ID.String())
	return c.Status(http.StatusCreated).JSON(toCampaign(r, n))
}

// getCampaign handles GET /api/v1/alarm_campaigns/{id}.
func (a *api) getCampaign(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	r, err := a.alarms.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	n, err := a.namesOf(ctx, r.CompanyIds...)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(r.Version))
	return c.JSON(toCampaign(r, n))
}

// patchCampaign handles PATCH /api/v1/alarm_campaigns/{id} (If-Match).
func (a *api) patchCampaign(c *fiber.Ctx) error {
	ctx := c.UserContext()
	return patchRecord(a, c, a.alarms.GetCampaign, a.alarms.EditCampaign,
		func(r *ent.AlarmCampaign) int64 { return r.Version }, func(r *ent.AlarmCampaign) any {
			n, _ := a.namesOf(ctx, r.CompanyIds...)
			return toCampaign(r, n)
		})
}

type targetOut struct {
	ID                uuid.UUID  `json:"id"`
	CampaignID        uuid.UUID  `json:"campaign_id"`
	StreetID          uuid.UUID  `json:"street_id"`
	StreetName        string     `json:"street_name"`
	CommunityID       uuid.UUID  `json:"community_id"`
	CommunityName     string     `json:"community_name"`
	CompanyID         uuid.UUID  `json:"company_id"`
	CompanyName       string     `json:"company_name"`
	UserType          string     `json:"user_type" enum:"UserType"`
	UserTypeLabel     string     `json:"user_type_label"`
	TargetCount       int        `json:"target_count"`
	BaselineInstalled int        `json:"baseline_installed"`
	SpecialTarget     int        `json:"special_target"`
	Confirmed         bool       `json:"confirmed"`
	ConfirmedAt       *time.Time `json:"confirmed_at"`
	ConfirmedByName   string     `json:"confirmed_by_name"`
	Note              string     `json:"note"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func toTarget(t *ent.AlarmTarget, n namer) targetOut {
	return targetOut{ID: t.ID, CampaignID: t.CampaignID, StreetID: t.StreetID, StreetName: n.of(&t.StreetID),
		CommunityID: t.CommunityID, CommunityName: n.of(&t.CommunityID), CompanyID: t.CompanyID,
		CompanyName: n.of(&t.CompanyID), UserType: string(t.UserType), UserTypeLabel: t.UserType.Label(),
		TargetCount: t.TargetCount, BaselineInstalled: t.BaselineInstalled, SpecialTarget: t.SpecialTarget,
		Confirmed: t.ConfirmedAt != nil, ConfirmedAt: t.ConfirmedAt, ConfirmedByName: t.ConfirmedByName,
		Note: t.Note, UpdatedAt: t.UpdatedAt}
}

func (a *api) targetNames(ctx context.Context, ts ...*ent.AlarmTarget) (namer, error) {
	var ids []uuid.UUID
	for _, t := range ts {
		ids = append(ids, t.StreetID, t.CommunityID, t.CompanyID)
	}
	return a.namesOf(ctx, ids...)
}

// listTargets handles GET /api/v1/alarm_campaigns/{id}/targets: the
// targets in the viewer's scope.
func (a *api) listTargets(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetCampaign(ctx, id); err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.AlarmTarget.Query().Where(alarmtarget.CampaignID(id))
	if p.After != nil {
		q.Where(alarmtarget.IDGT(*p.After))
	}
	if s := c.Query("street_id"); s != "" {
		u, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.Field("street_id", uuidMessage))
		}
		q.Where(alarmtarget.StreetID(u))
	}
	switch c.Query("confirmed") {
	case "":
	case "true":
		q.Where(alarmtarget.ConfirmedAtNotNil())
	case "false":
		q.Where(alarmtarget.ConfirmedAtIsNil())
	default:
		return services.Invalid(services.Field("confirmed", "must be true or false"))
	}
	rows, err := q.Order(ent.Asc(alarmtarget.FieldID)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	n, err := a.targetNames(ctx, rows...)
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(r *ent.AlarmTarget) uuid.UUID { return r.ID },
		func(r *ent.AlarmTarget) targetOut { return toTarget(r, n) }))
}

// putTargets handles PUT /api/v1/alarm_campaigns/{id}/targets: set many,
// upserted on (community, company, user type).
func (a *api) putTargets(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetCampaign(ctx, id); err != nil {
		return err
	}
	in, err := decode[alarms.TargetsInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	rows, err := a.alarms.SetTargets(ctx, id, in.Targets)
	if err != nil {
		return err
	}
	n, err := a.targetNames(ctx, rows...)
	if err != nil {
		return err
	}
	out := list[targetOut]{Items: make([]targetOut, len(rows))}
	for i, r := range rows {
		out.Items[i] = toTarget(r, n)
	}
	return c.JSON(out)
}

// postTarget handles POST /api/v1/alarm_campaigns/{id}/targets: set one.
func (a *api) postTarget(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetCampaign(ctx, id); err != nil {
		return err
	}
	in, err := decode[alarms.TargetInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	rows, err := a.alarms.SetTargets(ctx, id, []alarms.TargetInput{*in})
	if err != nil {
		return err
	}
	n, err := a.targetNames(ctx, rows...)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(rows[0].Version))
	return c.Status(http.StatusCreated).JSON(toTarget(rows[0], n))
}

// confirmTarget handles POST /api/v1/alarm_campaigns/{id}/targets/{tid}/confirm.
func (a *api) confirmTarget(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	tid, err := idParam(c, "tid")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	t, err := a.alarms.ConfirmTarget(ctx, id, tid)
	if err != nil {
		return err
	}
	n, err := a.targetNames(ctx, t)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTarget(t, n))
}

type confirmAllOut struct {
	Confirmed int `json:"confirmed"`
}

// confirmAll handles POST /api/v1/alarm_campaigns/{id}/targets/confirm:
// every target of the street office's street.
func (a *api) confirmAll(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := a.alarms.ConfirmAll(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(confirmAllOut{Confirmed: n})
}

// campaignRates handles GET /api/v1/alarm_campaigns/{id}/rates.
func (a *api) campaignRates(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.alarms.Rates(c.UserContext(), id, c.Query("group_by"))
	if err != nil {
		return err
	}
	return c.JSON(t)
}

type premiseOut struct {
	ID                uuid.UUID  `json:"id"`
	CompanyID         uuid.UUID  `json:"company_id"`
	CompanyName       string     `json:"company_name"`
	StreetID          uuid.UUID  `json:"street_id"`
	StreetName        string     `json:"street_name"`
	CommunityID       *uuid.UUID `json:"community_id"`
	CommunityName     string     `json:"community_name"`
	UserType          string     `json:"user_type" enum:"UserType"`
	UserTypeLabel     string     `json:"user_type_label"`
	Tags              []string   `json:"tags"`
	TagLabels         []string   `json:"tag_labels"`
	Special           bool       `json:"special"`
	GasAccountNo      *string    `json:"gas_account_no"`
	Estate            string     `json:"estate"`
	Building          string     `json:"building"`
	Unit              string     `json:"unit"`
	Floor             string     `json:"floor"`
	Room              string     `json:"room"`
	ShopName          string     `json:"shop_name"`
	Address           string     `json:"address"`
	GasKind           string     `json:"gas_kind" enum:"GasKind"`
	GasKindLabel      string     `json:"gas_kind_label"`
	Status            string     `json:"status" enum:"PremiseStatus"`
	StatusLabel       string     `json:"status_label"`
	ContactName       *string    `json:"contact_name"` // null for a street office
	Phone             *string    `json:"phone"`        // null for a street office
	Note              string     `json:"note"`
	DeviceID          *uuid.UUID `json:"device_id"`
	DeviceReplaceOn   *string    `json:"device_replace_on" format:"date"`
	DeviceNetworked   bool       `json:"device_networked"`
	DeviceShutoff     bool       `json:"device_shutoff"`
	DeviceStatus      *string    `json:"device_status" enum:"DeviceStatus"`
	DeviceStatusLabel string     `json:"device_status_label"`
	HasValidDevice    bool       `json:"has_valid_device"`
	LastOutcome       *string    `json:"last_outcome" enum:"VisitOutcome"`
	LastOutcomeLabel  string     `json:"last_outcome_label"`
	LastVisitOn       *string    `json:"last_visit_on" format:"date"`
	HazardID          *uuid.UUID `json:"hazard_id"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// seesPhones tells whether the viewer may see a premise's contact and
// phone: the gas company and the bureau, never a street office.
func seesPhones(ctx context.Context) bool {
	v := policy.FromContext(ctx)
	return v != nil && v.Scope() != policy.ScopeStreet
}

func toPremise(p *ent.Premise, n namer, phones bool, today string) premiseOut {
	o := premiseOut{ID: p.ID, CompanyID: p.CompanyID, CompanyName: n.of(&p.CompanyID), StreetID: p.StreetID,
		StreetName: n.of(&p.StreetID), CommunityID: p.CommunityID, CommunityName: n.of(p.CommunityID),
		UserType: string(p.UserType), UserTypeLabel: p.UserType.Label(), Tags: []string{}, TagLabels: []string{},
		Special: p.Special, GasAccountNo: p.GasAccountNo, Estate: p.Estate, Building: p.Building, Unit: p.Unit,
		Floor: p.Floor, Room: p.Room, ShopName: p.ShopName, Address: p.Address, GasKind: string(p.GasKind),
		GasKindLabel: p.GasKind.Label(), Status: string(p.Status), StatusLabel: p.Status.Label(), Note: p.Note,
		DeviceID: p.DeviceID, DeviceReplaceOn: p.DeviceReplaceOn, DeviceNetworked: p.DeviceNetworked,
		DeviceShutoff: p.DeviceShutoff, LastVisitOn: p.LastVisitOn, HazardID: p.HazardID,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, t := range alarms.TagsOf(p.Tags) {
		o.Tags = append(o.Tags, string(t))
		o.TagLabels = append(o.TagLabels, t.Label())
	}
	if phones {
		o.ContactName, o.Phone = &p.ContactName, &p.Phone
	}
	if p.DeviceStatus != nil {
		s := string(*p.DeviceStatus)
		o.DeviceStatus, o.DeviceStatusLabel = &s, p.DeviceStatus.Label()
		o.HasValidDevice = p.DeviceReplaceOn != nil && alarms.Valid(*p.DeviceStatus, *p.DeviceReplaceOn, today)
	}
	if p.LastOutcome != nil {
		s := string(*p.LastOutcome)
		o.LastOutcome, o.LastOutcomeLabel = &s, p.LastOutcome.Label()
	}
	return o
}

func (a *api) premiseNames(ctx context.Context, ps ...*ent.Premise) (namer, error) {
	var ids []uuid.UUID
	for _, p := range ps {
		ids = append(ids, p.StreetID, p.CompanyID)
		if p.CommunityID != nil {
			ids = append(ids, *p.CommunityID)
		}
	}
	return a.namesOf(ctx, ids...)
}

// premiseOuts answers premises with their names.
func (a *api) premiseOut(ctx context.Context, p *ent.Premise) (premiseOut, error) {
	n, err := a.premiseNames(ctx, p)
	if err != nil {
		return premiseOut{}, err
	}
	return toPremise(p, n, seesPhones(ctx), a.alarms.Today(ctx)), nil
}

// listPremises handles GET /api/v1/premises.
func (a *api) listPremises(c *fiber.Ctx) error {
	q, err := alarms.ParseQuery(queryValues(c), alarms.QueryKeys)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	today := a.alarms.Today(ctx)
	rows, err := q.Page(a.Client.Premise.Query().Where(q.Where(today)...)).All(ctx)
	if err != nil {
		return err
	}
	n, err := a.premiseNames(ctx, rows...)
	if err != nil {
		return err
	}
	phones := seesPhones(ctx)
	return c.JSON(finish(rows, page{Limit: q.Limit}, func(p *ent.Premise) uuid.UUID { return p.ID },
		func(p *ent.Premise) premiseOut { return toPremise(p, n, phones, today) }))
}

// createPremise handles POST /api/v1/premises.
func (a *api) createPremise(c *fiber.Ctx) error {
	in, err := decode[alarms.PremiseInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := a.alarms.CreatePremise(ctx, *in)
	if err != nil {
		return err
	}
	out, err := a.premiseOut(ctx, p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(p.Version))
	c.Set(fiber.HeaderLocation, v1+"/premises/"+p.ID.String())
	return c.Status(http.StatusCreated).JSON(out)
}

// getPremise handles GET /api/v1/premises/{id}.
func (a *api) getPremise(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := a.alarms.GetPremise(ctx, id)
	if err != nil {
		return err
	}
	out, err := a.premiseOut(ctx, p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(p.Version))
	return c.JSON(out)
}

// patchPremise handles PATCH /api/v1/premises/{id} (If-Match).
func (a *api) patchPremise(c *fiber.Ctx) error {
	ctx := c.UserContext()
	return patchRecord(a, c, a.alarms.GetPremise, a.alarms.EditPremise,
		func(p *ent.Premise) int64 { return p.Version }, func(p *ent.Premise) any {
			out, _ := a.premiseOut(ctx, p)
			return out
		})
}

type visitOut struct {
	ID           uuid.UUID  `json:"id"`
	PremiseID    uuid.UUID  `json:"premise_id"`
	CampaignID   *uuid.UUID `json:"campaign_id"`
	VisitedOn    string     `json:"visited_on" format:"date"`
	Outcome      string     `json:"outcome" enum:"VisitOutcome"`
	OutcomeLabel string     `json:"outcome_label"`
	DeviceID     *uuid.UUID `json:"device_id"`
	VisitorName  string     `json:"visitor_name"`
	Note         string     `json:"note"`
	CreatedAt    time.Time  `json:"created_at"`
}

func toVisit(v *ent.InstallVisit) visitOut {
	return visitOut{ID: v.ID, PremiseID: v.PremiseID, CampaignID: v.CampaignID, VisitedOn: v.VisitedOn,
		Outcome: string(v.Outcome), OutcomeLabel: v.Outcome.Label(), DeviceID: v.DeviceID,
		VisitorName: v.VisitorName, Note: v.Note, CreatedAt: v.CreatedAt}
}

// listVisits handles GET /api/v1/premises/{id}/visits: oldest first,
// keyset-paged by id.
func (a *api) listVisits(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetPremise(ctx, id); err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.InstallVisit.Query().Where(installvisit.PremiseID(id))
	if p.After != nil {
		q.Where(installvisit.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(installvisit.FieldID)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(v *ent.InstallVisit) uuid.UUID { return v.ID }, toVisit))
}

// addVisit handles POST /api/v1/premises/{id}/visits.
func (a *api) addVisit(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetPremise(ctx, id); err != nil {
		return err
	}
	in, err := decode[alarms.VisitInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	v, err := a.alarms.AddVisit(ctx, id, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/premises/"+id.String()+"/visits")
	return c.Status(http.StatusCreated).JSON(toVisit(v))
}

type deviceOut struct {
	ID                 uuid.UUID  `json:"id"`
	PremiseID          uuid.UUID  `json:"premise_id"`
	CompanyID          uuid.UUID  `json:"company_id"`
	StreetID           uuid.UUID  `json:"street_id"`
	CampaignID         *uuid.UUID `json:"campaign_id"`
	SerialNo           string     `json:"serial_no"`
	Model              string     `json:"model"`
	Manufacturer       string     `json:"manufacturer"`
	Detects            string     `json:"detects" enum:"Detects"`
	DetectsLabel       string     `json:"detects_label"`
	Networked          bool       `json:"networked"`
	PlatformID         string     `json:"platform_id"`
	ShutoffLinked      bool       `json:"shutoff_linked"`
	ValveSerial        string     `json:"valve_serial"`
	InstalledOn        string     `json:"installed_on" format:"date"`
	Installer          string     `json:"installer"`
	CheckHeight        bool       `json:"check_height"`
	CheckDistance      bool       `json:"check_distance"`
	CheckNotAboveStove bool       `json:"check_not_above_stove"`
	ServiceLifeYears   int        `json:"service_life_years"`
	ReplaceOn          string     `json:"replace_on" format:"date"`
	Status             string     `json:"status" enum:"DeviceStatus"`
	StatusLabel        string     `json:"status_label"`
	Valid              bool       `json:"valid"`
	LastSeenAt         *time.Time `json:"last_seen_at"`
	SupersededByID     *uuid.UUID `json:"superseded_by_id"`
	Note               string     `json:"note"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

func toDevice(d *ent.AlarmDevice, today string) deviceOut {
	return deviceOut{ID: d.ID, PremiseID: d.PremiseID, CompanyID: d.CompanyID, StreetID: d.StreetID,
		CampaignID: d.CampaignID, SerialNo: d.SerialNo, Model: d.Model, Manufacturer: d.Manufacturer,
		Detects: string(d.Detects), DetectsLabel: d.Detects.Label(), Networked: d.Networked, PlatformID: d.PlatformID,
		ShutoffLinked: d.ShutoffLinked, ValveSerial: d.ValveSerial, InstalledOn: d.InstalledOn, Installer: d.Installer,
		CheckHeight: d.CheckHeight, CheckDistance: d.CheckDistance, CheckNotAboveStove: d.CheckNotAboveStove,
		ServiceLifeYears: d.ServiceLifeYears, ReplaceOn: d.ReplaceOn, Status: string(d.Status),
		StatusLabel: d.Status.Label(), Valid: alarms.Valid(d.Status, d.ReplaceOn, today), LastSeenAt: d.LastSeenAt,
		SupersededByID: d.SupersededByID, Note: d.Note, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

// listDevices handles GET /api/v1/premises/{id}/devices: newest first.
func (a *api) listDevices(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetPremise(ctx, id); err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.AlarmDevice.Query().Where(alarmdevice.PremiseID(id))
	if p.After != nil {
		q.Where(alarmdevice.IDLT(*p.After))
	}
	rows, err := q.Order(ent.Desc(alarmdevice.FieldID)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	today := a.alarms.Today(ctx)
	return c.JSON(finish(rows, p, func(d *ent.AlarmDevice) uuid.UUID { return d.ID },
		func(d *ent.AlarmDevice) deviceOut { return toDevice(d, today) }))
}

// addDevice handles POST /api/v1/premises/{id}/devices.
func (a *api) addDevice(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetPremise(ctx, id); err != nil {
		return err
	}
	in, err := decode[alarms.DeviceInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	d, err := a.alarms.AddDevice(ctx, id, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(d.Version))
	c.Set(fiber.HeaderLocation, v1+"/alarm_devices/"+d.ID.String())
	return c.Status(http.StatusCreated).JSON(toDevice(d, a.alarms.Today(ctx)))
}

// getDevice handles GET /api/v1/alarm_devices/{id}.
func (a *api) getDevice(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := a.alarms.GetDevice(ctx, id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(d.Version))
	return c.JSON(toDevice(d, a.alarms.Today(ctx)))
}

// patchDevice handles PATCH /api/v1/alarm_devices/{id} (If-Match).
func (a *api) patchDevice(c *fiber.Ctx) error {
	ctx := c.UserContext()
	return patchRecord(a, c, a.alarms.GetDevice, a.alarms.EditDevice,
		func(d *ent.AlarmDevice) int64 { return d.Version },
		func(d *ent.AlarmDevice) any { return toDevice(d, a.alarms.Today(ctx)) })
}

// deviceDocs is where a device's documents are.
func deviceDocs(id uuid.UUID) string { return v1 + "/alarm_devices/" + id.String() + "/documents/" }

// addDeviceDocument handles POST /api/v1/alarm_devices/{id}/documents.
func (a *api) addDeviceDocument(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetDevice(ctx, id); err != nil {
		return err
	}
	if _, err := a.alarms.AttachReady(ctx, id); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	d, err := a.alarms.Attach(ctx, id, fh.Filename, data)
	if err != nil {
		return err
	}
	out := toDocument(d, deviceDocs(id))
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listDeviceDocuments handles GET /api/v1/alarm_devices/{id}/documents.
func (a *api) listDeviceDocuments(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetDevice(ctx, id); err != nil {
		return err
	}
	rows, err := a.Client.Document.Query().Where(document.Owner(alarms.DocumentOwner), document.OwnerID(id)).
		Order(ent.Asc(document.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	out := list[documentOut]{Items: make([]documentOut, len(rows))}
	for i, d := range rows {
		out.Items[i] = toDocument(d, deviceDocs(id))
	}
	return c.JSON(out)
}

// getDeviceDocument handles GET /api/v1/alarm_devices/{id}/documents/{did}.
func (a *api) getDeviceDocument(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.alarms.GetDevice(ctx, id); err != nil {
		return err
	}
	d, err := a.Client.Document.Query().Where(document.ID(did), document.Owner(alarms.DocumentOwner), document.OwnerID(id)).Only(ctx)
	if err != nil {
		return err
	}
	return a.sendFile(c, docFile(d))
}

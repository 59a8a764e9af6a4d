package handlers

import (
	"net/http"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
)

// The heating register's routes: sites, equipment, their inspection
// records and documents, and the district's inspection rules
// (services/equipment).

type siteOut struct {
	ID             uuid.UUID  `json:"id"`
	CompanyID      uuid.UUID  `json:"company_id"`
	StreetID       uuid.UUID  `json:"street_id"`
	CommunityID    *uuid.UUID `json:"community_id"`
	Kind           string     `json:"kind" enum:"SiteKind"`
	KindLabel      string     `json:"kind_label"`
	Name           string     `json:"name"`
	Address        string     `json:"address"`
	Lat            *float64   `json:"lat"`
	Lng            *float64   `json:"lng"`
	CapacityMW     *float64   `json:"capacity_mw"`
	HeatingAreaM2  *float64   `json:"heating_area_m2"`
	Households     *int       `json:"households"`
	CommissionedOn *string    `json:"commissioned_on" format:"date"`
	Status         string     `json:"status" enum:"SiteStatus"`
	StatusLabel    string     `json:"status_label"`
	Note           string     `json:"note"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toSite(s *ent.Site) siteOut {
	return siteOut{ID: s.ID, CompanyID: s.CompanyID, StreetID: s.StreetID, CommunityID: s.CommunityID,
		Kind: string(s.Kind), KindLabel: s.Kind.Label(), Name: s.Name, Address: s.Address, Lat: s.Lat, Lng: s.Lng,
		CapacityMW: s.CapacityMw, HeatingAreaM2: s.HeatingAreaM2, Households: s.Households,
		CommissionedOn: s.CommissionedOn, Status: string(s.Status), StatusLabel: s.Status.Label(), Note: s.Note,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

// createSite handles POST /api/v1/sites.
func (a *api) createSite(c *fiber.Ctx) error {
	in, err := decode[equipment.SiteInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	s, err := a.equipment.CreateSite(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(s.Version))
	c.Set(fiber.HeaderLocation, v1+"/sites/"+s.ID.String())
	return c.Status(http.StatusCreated).JSON(toSite(s))
}

// listSites handles GET /api/v1/sites.
func (a *api) listSites(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Site.Query()
	if p.After != nil {
		q.Where(site.IDGT(*p.After))
	}
	for _, f := range []struct {
		name string
		pred func(uuid.UUID) func(*sql.Selector)
	}{{"street_id", func(u uuid.UUID) func(*sql.Selector) { return site.StreetID(u) }},
		{"company_id", func(u uuid.UUID) func(*sql.Selector) { return site.CompanyID(u) }}} {
		if s := c.Query(f.name); s != "" {
			u, err := uuid.Parse(s)
			if err != nil {
				return services.Invalid(services.Field(f.name, uuidMessage))
			}
			q.Where(f.pred(u))
		}
	}
	if s := c.Query("kind"); s != "" {
		k := enum.SiteKind(s)
		if !k.Valid() {
			return services.Invalid(services.Field("kind", "is not a kind of site"))
		}
		q.Where(site.KindEQ(k))
	}
	text, err := textQuery(c, "q", services.MaxTextFilter)
	if err != nil {
		return err
	}
	if text != "" {
		q.Where(site.Or(site.NameContainsFold(text), site.AddressContainsFold(text)))
	}
	rows, err := q.Order(ent.Asc(site.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(s *ent.Site) uuid.UUID { return s.ID }, toSite))
}

// getSite handles GET /api/v1/sites/{id}.
func (a *api) getSite(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	s, err := a.equipment.GetSite(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(s.Version))
	return c.JSON(toSite(s))
}

// patchSite handles PATCH /api/v1/sites/{id} (If-Match).
func (a *api) patchSite(c *fiber.Ctx) error {
	return patchRecord(a, c, a.equipment.GetSite, a.equipment.EditSite,
		func(s *ent.Site) int64 { return s.Version }, func(s *ent.Site) any { return toSite(s) })
}

type equipmentOut struct {
	ID              uuid.UUID         `json:"id"`
	SiteID          uuid.UUID         `json:"site_id"`
	ParentID        *uuid.UUID        `json:"parent_id"`
	CompanyID       uuid.UUID         `json:"company_id"`
	StreetID        uuid.UUID         `json:"street_id"`
	Kind            string            `json:"kind" enum:"EquipmentKind"`
	KindLabel       string            `json:"kind_label"`
	Name            string            `json:"name"`
	Special         bool              `json:"special"`
	EquipmentCode   string            `json:"equipment_code"`
	RegistrationNo  string            `json:"registration_no"`
	SerialNo        string            `json:"serial_no"`
	Model           string            `json:"model"`
	Manufacturer    string            `json:"manufacturer"`
	Rated           map[string]string `json:"rated"`
	CommissionedOn  *string           `json:"commissioned_on" format:"date"`
	Status          string            `json:"status" enum:"EquipmentStatus"`
	StatusLabel     string            `json:"status_label"`
	Condition       string            `json:"condition" enum:"Condition"`
	ConditionLabel  string            `json:"condition_label"`
	State           *string           `json:"state" enum:"InspectionState"`
	StateLabel      string            `json:"state_label"`
	NextDueOn       *string           `json:"next_due_on" format:"date"`
	SafetyGrade     *int              `json:"safety_grade"`
	InternalBlocked bool              `json:"internal_blocked"`
	Note            string            `json:"note"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
	// Clocks are the inspections it owes (GET of one unit only).
	Clocks []clockOut `json:"clocks,omitempty"`
}

type clockOut struct {
	Type            string     `json:"type" enum:"InspectionType"`
	TypeLabel       string     `json:"type_label"`
	DueOn           *string    `json:"due_on" format:"date"`
	State           string     `json:"state" enum:"InspectionState"`
	StateLabel      string     `json:"state_label"`
	LastRecordID    *uuid.UUID `json:"last_record_id"`
	LastPerformedOn *string    `json:"last_performed_on" format:"date"`
	LeadDays        int        `json:"lead_days"`
	Readiness       string     `json:"readiness" enum:"ReadinessTest"`
	ReadinessLabel  string     `json:"readiness_label"`
}

func toEquipment(e *ent.Equipment) equipmentOut {
	o := equipmentOut{ID: e.ID, SiteID: e.SiteID, ParentID: e.ParentID, CompanyID: e.CompanyID, StreetID: e.StreetID,
		Kind: string(e.Kind), KindLabel: e.Kind.Label(), Name: e.Name, Special: e.Special, EquipmentCode: e.EquipmentCode,
		RegistrationNo: e.RegistrationNo, SerialNo: e.SerialNo, Model: e.Model, Manufacturer: e.Manufacturer,
		Rated: e.Rated, CommissionedOn: e.CommissionedOn, Status: string(e.Status), StatusLabel: e.Status.Label(),
		Condition: string(e.Condition), ConditionLabel: e.Condition.Label(), NextDueOn: e.NextDueOn,
		SafetyGrade: e.SafetyGrade, InternalBlocked: e.InternalBlocked, Note: e.Note, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
	if e.State != nil {
		s := string(*e.State)
		o.State, o.StateLabel = &s, e.State.Label()
	}
	return o
}

// listEquipment handles GET /api/v1/equipment.
func (a *api) listEquipment(c *fiber.Ctx) error {
	q, err := equipment.ParseQuery(queryValues(c), equipment.QueryKeys)
	if err != nil {
		return err
	}
	rows, err := q.Page(a.Client.Equipment.Query().Where(q.Where()...)).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, page{Limit: q.Limit}, func(e *ent.Equipment) uuid.UUID { return e.ID }, toEquipment))
}

// createEquipment handles POST /api/v1/equipment.
func (a *api) createEquipment(c *fiber.Ctx) error {
	in, err := decode[equipment.EquipmentInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	e, err := a.equipment.CreateEquipment(c.UserContext(), *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(e.Version))
	c.Set(fiber.HeaderLocation, v1+"/equipment/"+e.ID.String())
	return c.Status(http.StatusCreated).JSON(toEquipment(e))
}

// getEquipment handles GET /api/v1/equipment/{id}: the unit with its clocks.
func (a *api) getEquipment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	e, err := a.equipment.GetEquipment(ctx, id)
	if err != nil {
		return err
	}
	cs, err := a.Client.InspectionClock.Query().Where(inspectionclock.EquipmentID(e.ID)).
		Order(ent.Asc(inspectionclock.FieldType)).All(ctx)
	if err != nil {
		return err
	}
	out := toEquipment(e)
	out.Clocks = make([]clockOut, len(cs))
	for i, k := range cs {
		out.Clocks[i] = clockOut{Type: string(k.Type), TypeLabel: k.Type.Label(), DueOn: k.DueOn, State: string(k.State),
			StateLabel: k.State.Label(), LastRecordID: k.LastRecordID, LastPerformedOn: k.LastPerformedOn,
			LeadDays: k.LeadDays, Readiness: string(k.Readiness), ReadinessLabel: k.Readiness.Label()}
	}
	c.Set(fiber.HeaderETag, etag(e.Version))
	return c.JSON(out)
}

// patchEquipment handles PATCH /api/v1/equipment/{id} (If-Match).
func (a *api) patchEquipment(c *fiber.Ctx) error {
	return patchRecord(a, c, a.equipment.GetEquipment, a.equipment.EditEquipment,
		func(e *ent.Equipment) int64 { return e.Version }, func(e *ent.Equipment) any { return toEquipment(e) })
}

type recordOut struct {
	ID              uuid.UUID  `json:"id"`
	EquipmentID     uuid.UUID  `json:"equipment_id"`
	Type            string     `json:"type" enum:"InspectionType"`
	TypeLabel       string     `json:"type_label"`
	PerformedOn     string     `json:"performed_on" format:"date"`
	Agency          string     `json:"agency"`
	AgencyCode      string     `json:"agency_code"`
	ReportNo        string     `json:"report_no"`
	Conclusion      string     `json:"conclusion" enum:"InspectionConclusion"`
	ConclusionLabel string     `json:"conclusion_label"`
	SafetyGrade     *int       `json:"safety_grade"`
	MainIssues      string     `json:"main_issues"`
	NextDueOn       *string    `json:"next_due_on" format:"date"`
	Sealed          bool       `json:"sealed"`
	SetPressure     string     `json:"set_pressure"`
	SupersedesID    *uuid.UUID `json:"supersedes_id"`
	HazardID        *uuid.UUID `json:"hazard_id"`
	RecordedBy      *uuid.UUID `json:"recorded_by"`
	RecordedByName  string     `json:"recorded_by_name"`
	CreatedAt       time.Time  `json:"created_at"`
}

func toRecord(r *ent.InspectionRecord) recordOut {
	return recordOut{ID: r.ID, EquipmentID: r.EquipmentID, Type: string(r.Type), TypeLabel: r.Type.Label(),
		PerformedOn: r.PerformedOn, Agency: r.Agency, AgencyCode: r.AgencyCode, ReportNo: r.ReportNo,
		Conclusion: string(r.Conclusion), ConclusionLabel: r.Conclusion.Label(), SafetyGrade: r.SafetyGrade,
		MainIssues: r.MainIssues, NextDueOn: r.NextDueOn, Sealed: r.Sealed, SetPressure: r.SetPressure,
		SupersedesID: r.SupersedesID, HazardID: r.HazardID, RecordedBy: r.RecordedBy, RecordedByName: r.RecordedByName,
		CreatedAt: r.CreatedAt}
}

// addRecord handles POST /api/v1/equipment/{id}/inspections.
func (a *api) addRecord(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.equipment.GetEquipment(c.UserContext(), id); err != nil {
		return err
	}
	in, err := decode[equipment.RecordInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	r, err := a.equipment.AddRecord(c.UserContext(), id, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, v1+"/equipment/"+id.String()+"/inspections/"+r.ID.String())
	return c.Status(http.StatusCreated).JSON(toRecord(r))
}

// listRecords handles GET /api/v1/equipment/{id}/inspections: the history,
// newest first, keyset-paged by (performed_on, id).
func (a *api) listRecords(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.equipment.GetEquipment(ctx, id); err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(id))
	if s := c.Query("type"); s != "" {
		t := enum.InspectionType(s)
		if !t.Valid() {
			return services.Invalid(services.Field("type", "is not an inspection type"))
		}
		q.Where(inspectionrecord.TypeEQ(t))
	}
	if p.After != nil {
		after, err := a.Client.InspectionRecord.Query().Where(inspectionrecord.ID(*p.After), inspectionrecord.EquipmentID(id)).Only(ctx)
		if err != nil {
			return services.Invalid(services.Field("cursor", "is not a cursor this API gave out"))
		}
		q.Where(func(s *sql.Selector) {
			s.Where(sql.CompositeLT([]string{s.C(inspectionrecord.FieldPerformedOn), s.C(inspectionrecord.FieldID)},
				after.PerformedOn, after.ID))
		})
	}
	rows, err := q.Order(ent.Desc(inspectionrecord.FieldPerformedOn), ent.Desc(inspectionrecord.FieldID)).
		Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(r *ent.InspectionRecord) uuid.UUID { return r.ID }, toRecord))
}

// addDocument handles POST …/inspections/{rid}/documents (multipart: file).
func (a *api) addDocument(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.equipment.AttachReady(ctx, id, rid); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	d, err := a.equipment.Attach(ctx, id, rid, fh.Filename, data)
	if err != nil {
		return err
	}
	out := toDocument(d, recordDocs(id, d.OwnerID))
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listDocuments handles GET …/inspections/{rid}/documents.
func (a *api) listDocuments(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.equipment.Record(ctx, id, rid); err != nil {
		return err
	}
	rows, err := a.Client.Document.Query().Where(document.Owner(equipment.DocumentOwner), document.OwnerID(rid)).
		Order(ent.Asc(document.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	out := list[documentOut]{Items: make([]documentOut, len(rows))}
	for i, d := range rows {
		out.Items[i] = toDocument(d, recordDocs(id, d.OwnerID))
	}
	return c.JSON(out)
}

// getDocument handles GET …/inspections/{rid}/documents/{did}: the file.
func (a *api) getDocument(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.equipment.Record(ctx, id, rid); err != nil {
		return err
	}
	d, err := a.Client.Document.Query().Where(document.ID(did), document.Owner(equipment.DocumentOwner), document.OwnerID(rid)).Only(ctx)
	if err != nil {
		return err
	}
	return a.sendFile(c, docFile(d))
}

type ruleOut struct {
	EquipmentKind      string             `json:"equipment_kind" enum:"EquipmentKind"`
	EquipmentKindLabel string             `json:"equipment_kind_label"`
	Type               string             `json:"type" enum:"InspectionType"`
	TypeLabel          string             `json:"type_label"`
	IntervalMonths     int                `json:"interval_months"`
	FirstMonths        *int               `json:"first_months"`
	GradeMonths        []int              `json:"grade_months"`
	LeadDays           int                `json:"lead_days"`
	Readiness          string             `json:"readiness" enum:"ReadinessTest"`
	ReadinessLabel     string             `json:"readiness_label"`
	WhenInternalBlock  bool               `json:"when_internal_blocked"`
	Enabled            bool               `json:"enabled"`
	Basis              string             `json:"basis"`
	Source             string             `json:"source" enum:"RuleSource"`
	Default            *equipment.RuleRef `json:"default,omitempty"`
}

func toRule(r equipment.RuleView) ruleOut {
	grades := r.GradeMonths
	if grades == nil {
		grades = []int{}
	}
	o := ruleOut{EquipmentKind: string(r.Kind), EquipmentKindLabel: r.KindLabel, Type: string(r.Type), TypeLabel: r.TypeLabel,
		IntervalMonths: r.IntervalMonths, FirstMonths: r.FirstMonths, GradeMonths: grades, LeadDays: r.LeadDays,
		Readiness: string(r.Readiness), ReadinessLabel: r.ReadinessLabel, WhenInternalBlock: r.WhenInternalBlocked,
		Enabled: r.Enabled, Basis: r.Basis, Source: "default"}
	if r.Overridden {
		o.Source, o.Default = "overridden", r.Default
	}
	return o
}

// listRules handles GET /api/v1/inspection_rules.
func (a *api) listRules(c *fiber.Ctx) error {
	rs, err := a.equipment.Rules(c.UserContext())
	if err != nil {
		return err
	}
	out := list[ruleOut]{Items: make([]ruleOut, len(rs))}
	for i, r := range rs {
		out.Items[i] = toRule(r)
	}
	return c.JSON(out)
}

// putRule handles PUT /api/v1/inspection_rules/{equipment_kind}/{type}.
func (a *api) putRule(c *fiber.Ctx) error {
	in, err := decode[equipment.RuleInput](c, a.BodyLimit)
	if err != nil {
		return err
	}
	r, err := a.equipment.SetRule(c.UserContext(), enum.EquipmentKind(c.Params("equipment_kind")),
		enum.InspectionType(c.Params("type")), *in)
	if err != nil {
		return err
	}
	return c.JSON(toRule(r))
}

// deleteRule handles DELETE /api/v1/inspection_rules/{equipment_kind}/{type}.
func (a *api) deleteRule(c *fiber.Ctx) error {
	err := a.equipment.ResetRule(c.UserContext(), enum.EquipmentKind(c.Params("equipment_kind")),
		enum.InspectionType(c.Params("type")))
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

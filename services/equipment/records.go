package equipment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/documents"
	"github.com/hearthsafety/hearth/services/ledger"
)

// RecordInput is an inspection, calibration or verification with its
// report, as POST /equipment/{id}/inspections and an import row give it.
type RecordInput struct {
	Type        enum.InspectionType       `json:"type" validate:"required,enum"`
	PerformedOn string                    `json:"performed_on" validate:"required,date"`
	Agency      string                    `json:"agency" validate:"max=100"`
	AgencyCode  string                    `json:"agency_code" validate:"max=40"`
	ReportNo    string                    `json:"report_no" validate:"max=60"`
	Conclusion  enum.InspectionConclusion `json:"conclusion" validate:"required,enum"`
	SafetyGrade *int                      `json:"safety_grade" validate:"omitnil,min=1,max=5"`
	MainIssues  string                    `json:"main_issues" validate:"max=2000"`
	NextDueOn   *string                   `json:"next_due_on" validate:"omitnil,date"`
	Sealed      bool                      `json:"sealed"`
	SetPressure string                    `json:"set_pressure" validate:"max=40"`
}

// checkRecord holds a record to the rules a form cannot: a type its unit's
// kind has a rule for, not in the future, a next date after it, the issues
// of a failing report named.
func (r *reconciler) checkRecord(e *ent.Equipment, in *RecordInput) []services.FieldError {
	var bad []services.FieldError
	known := false
	for _, rule := range r.rules {
		known = known || (rule.Kind == e.Kind && rule.Type == in.Type)
	}
	if !known && in.Type.Valid() {
		bad = append(bad, services.Field("type", fmt.Sprintf("is not an inspection a %s owes", e.Kind.Label())))
	}
	if services.ValidDate(in.PerformedOn) && in.PerformedOn > r.today {
		bad = append(bad, services.Field("performed_on", "cannot be in the future"))
	}
	if in.NextDueOn != nil && services.ValidDate(*in.NextDueOn) && *in.NextDueOn <= in.PerformedOn {
		bad = append(bad, services.Field("next_due_on", "must be after performed_on"))
	}
	if in.Conclusion == enum.ConclusionFail && in.MainIssues == "" {
		bad = append(bad, services.Field("main_issues", "is required when the conclusion is fail: name the defects found"))
	}
	return bad
}

// errScrapped: a scrapped unit takes no more records.
var errScrapped = services.Errorf(services.KindConflict, "equipment_scrapped", "this equipment is scrapped; it takes no more inspection records")

// AddRecord records an inspection of the unit id. It supersedes the latest
// record of its type; a failing one opens a hazard (equipment_defect) in
// the ledger on the unit's site, in the same transaction, linked both ways.
// The unit's clocks, state and condition follow in the same transaction.
func (s *Service) AddRecord(ctx context.Context, id uuid.UUID, in RecordInput) (*ent.InspectionRecord, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	e, err := s.client.Equipment.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	r, err := s.reconciler(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	if bad := r.checkRecord(e, &in); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	var rec *ent.InspectionRecord
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		rec, err = s.addRecord(ctx, tx, r, id, &in)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return rec, nil
}

// addRecord writes a checked record in tx (AddRecord), and brings the
// unit's clocks in line.
func (s *Service) addRecord(ctx context.Context, tx *ent.Tx, r *reconciler, id uuid.UUID, in *RecordInput) (*ent.InspectionRecord, error) {
	rec, e, err := s.writeRecord(ctx, tx, r, id, in)
	if err != nil {
		return nil, err
	}
	return rec, r.run(ctx, tx, []*ent.Equipment{e})
}

// writeRecord writes a checked record in tx: it supersedes the unit's
// latest of its type, and a failing one opens its hazard. The caller brings
// the unit (answered as read under its lock) in line with r.run: the
// import does it once for every unit it touched.
func (s *Service) writeRecord(ctx context.Context, tx *ent.Tx, r *reconciler, id uuid.UUID, in *RecordInput) (*ent.InspectionRecord, *ent.Equipment, error) {
	v := policy.FromContext(ctx)
	// The unit's row, held: records of one unit are added one at a time,
	// so each supersedes the one before it.
	e, err := services.Locked(func(forUpdate bool) (*ent.Equipment, error) {
		q := tx.Equipment.Query().Where(equipment.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
	if err != nil {
		return nil, nil, err
	}
	if e.Status == enum.EquipScrapped {
		return nil, nil, errScrapped
	}
	prev, err := tx.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(e.ID), inspectionrecord.TypeEQ(in.Type)).
		Order(ent.Desc(inspectionrecord.FieldPerformedOn), ent.Desc(inspectionrecord.FieldID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, nil, err
	}
	c := tx.InspectionRecord.Create().SetEquipmentID(e.ID).SetCompanyID(e.CompanyID).SetStreetID(e.StreetID).
		SetType(in.Type).SetPerformedOn(in.PerformedOn).SetAgency(in.Agency).SetAgencyCode(in.AgencyCode).
		SetReportNo(in.ReportNo).SetConclusion(in.Conclusion).SetNillableSafetyGrade(in.SafetyGrade).
		SetMainIssues(in.MainIssues).SetNillableNextDueOn(in.NextDueOn).SetSealed(in.Sealed).
		SetSetPressure(in.SetPressure).SetRecordedBy(v.UserID).SetRecordedByName(personName(v))
	// A record performed before the current one (history entered late)
	// supersedes nothing: the current one stays current.
	if prev != nil && !(in.PerformedOn < prev.PerformedOn) {
		c.SetSupersedesID(prev.ID)
	}
	rec, err := c.Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	if in.Conclusion == enum.ConclusionFail {
		st, err := tx.Site.Get(ctx, e.SiteID)
		if err != nil {
			return nil, nil, err
		}
		h, err := s.ledger.CreateIn(ctx, tx, r.pl, defectHazard(e, st, rec), ledger.Link{SiteID: &st.ID, EquipmentID: &e.ID})
		if err != nil {
			return nil, nil, err
		}
		if rec, err = tx.InspectionRecord.UpdateOneID(rec.ID).SetHazardID(h.ID).Save(ctx); err != nil {
			return nil, nil, err
		}
	}
	return rec, e, nil
}

// defectDays is the rectification deadline of a hazard a failing report
// opens, from the inspection's day. Neither TSG 08-2017 nor TSG 11/21 fix
// one number: the agency's report sets the user a term to correct the
// defects (often "within one month") before it re-inspects, and the unit
// may not be used meanwhile. 30 days keeps the hazard inside that term and
// puts it before the street office within the month; the bureau may extend
// it through the ledger's extension, as any other.
const defectDays = 30

// defectHazard is the hazard a failing record opens: on the unit's site,
// major for a boiler, vessel or safety valve (a pressure part or its
// protection), general otherwise.
func defectHazard(e *ent.Equipment, st *ent.Site, rec *ent.InspectionRecord) ledger.CreateInput {
	level := enum.LevelGeneral
	switch e.Kind {
	case enum.EquipBoiler, enum.EquipPressureVessel, enum.EquipSafetyValve:
		level = enum.LevelMajor
	}
	addr := st.Address
	if addr == "" {
		addr = st.Name
	}
	report := ""
	if rec.ReportNo != "" {
		report = "，报告编号 " + rec.ReportNo
	}
	if rec.Agency != "" {
		report += "，检验机构 " + rec.Agency
	}
	desc := fmt.Sprintf("%s%s（%s）%s结论不合格（%s%s）。主要问题：%s", st.Name, e.Name, e.Kind.Label(),
		rec.Type.Label(), rec.PerformedOn, report, rec.MainIssues)
	if utf8.RuneCountInString(desc) > 2000 {
		desc = string([]rune(desc)[:1999]) + "…"
	}
	return ledger.CreateInput{StreetID: st.StreetID, CommunityID: st.CommunityID, Address: addr,
		Category: enum.CategoryEquipmentDefect, Level: level,
		// The company's own register records it: the report is its own
		// periodic inspection, commissioned from the agency.
		Source:  enum.SourceSelfInspection,
		FoundOn: rec.PerformedOn, Description: desc,
		Measure:  "按检验报告整改，整改后申请复检",
		Deadline: AddDays(rec.PerformedOn, defectDays)}
}

// personName is how the viewer is named where a record keeps who acted.
func personName(v *policy.Viewer) string {
	if n := strings.TrimSpace(v.DisplayName); n != "" {
		return n
	}
	return v.Username
}

// DocumentOwner names inspection records as the owner of documents.
const DocumentOwner = "inspection_record"

// MaxDocuments caps the files of one record (one file: ledger.MaxEvidence).
const MaxDocuments = 20

// Record reads the record rid of the unit id, in the viewer's scope.
func (s *Service) Record(ctx context.Context, id, rid uuid.UUID) (*ent.InspectionRecord, error) {
	return s.client.InspectionRecord.Query().Where(inspectionrecord.ID(rid), inspectionrecord.EquipmentID(id)).Only(ctx)
}

// AttachReady tells whether the record takes one more document: handlers
// ask before reading an upload.
func (s *Service) AttachReady(ctx context.Context, id, rid uuid.UUID) (*ent.InspectionRecord, error) {
	if err := heatingOnly(policy.FromContext(ctx)); err != nil {
		return nil, err
	}
	rec, err := s.Record(ctx, id, rid)
	if err != nil {
		return nil, err
	}
	return rec, documents.Ready(ctx, s.client, docsOf(rec))
}

var errFull = services.Errorf(services.KindConflict, "too_many_documents", "an inspection record keeps at most %d files", MaxDocuments)

// docsOf is the record as documents hang on it.
func docsOf(rec *ent.InspectionRecord) documents.Of {
	return documents.Of{Owner: DocumentOwner, ID: rec.ID, TenantID: rec.TenantID, CompanyID: rec.CompanyID,
		StreetID: rec.StreetID, Dir: "inspections", Max: MaxDocuments, Full: errFull}
}

// Attach stores a document (the report, a certificate, a photo of the
// seal) of the record rid, counted under the unit's lock.
func (s *Service) Attach(ctx context.Context, id, rid uuid.UUID, filename string, data []byte) (*ent.Document, error) {
	rec, err := s.AttachReady(ctx, id, rid)
	if err != nil {
		return nil, err
	}
	return documents.Attach(ctx, s.client, s.storage, docsOf(rec), filename, data, func(tx *ent.Tx) (uuid.UUID, error) {
		// A unit's move to another site updates its row, then its records':
		// the street is the unit's as it is under the lock.
		e, err := services.Locked(func(forUpdate bool) (*ent.Equipment, error) {
			q := tx.Equipment.Query().Where(equipment.ID(rec.EquipmentID))
			if forUpdate {
				q.ForUpdate()
			}
			return q.Only(ctx)
		})
		if err != nil {
			return uuid.Nil, err
		}
		return e.StreetID, nil
	}, nil)
}

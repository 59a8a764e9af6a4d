package handlers

import (
	"encoding/base64"
	"strconv"
	"time"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/auditentry"
)

type auditOut struct {
	ID         uuid.UUID  `json:"id"`
	Seq        int64      `json:"seq"`
	At         time.Time  `json:"at"`
	ActorID    *uuid.UUID `json:"actor_id"`
	Actor      string     `json:"actor"`
	Action     string     `json:"action"`
	RecordType string     `json:"record_type"`
	RecordID   uuid.UUID  `json:"record_id"`
	Before     rawJSON    `json:"before"`
	After      rawJSON    `json:"after"`
	PrevHash   string     `json:"prev_hash"`
	Hash       string     `json:"hash"`
}

// rawJSON is stored canonical JSON passed through as it is ("" as null).
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if r == "" {
		return []byte("null"), nil
	}
	return []byte(r), nil
}

func toAudit(e *ent.AuditEntry) auditOut {
	return auditOut{ID: e.ID, Seq: e.Seq, At: e.At, ActorID: e.ActorID, Actor: e.Actor, Action: e.Action,
		RecordType: e.RecordType, RecordID: e.RecordID, Before: rawJSON(e.Before), After: rawJSON(e.After),
		PrevHash: e.PrevHash, Hash: e.Hash}
}

// listAudit handles GET /api/v1/audit: newest first, filterable by record.
func (a *api) listAudit(c *fiber.Ctx) error {
	limit, err := limitOf(c) // the cursor here is a sequence number, not an id
	if err != nil {
		return err
	}
	q := a.Client.AuditEntry.Query()
	if s := c.Query("record_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.FieldError{Field: "record_id", Message: "must be a UUID"})
		}
		q.Where(auditentry.RecordID(id))
	}
	rt, err := textQuery(c, "record_type", 40)
	if err != nil {
		return err
	}
	if s := rt; s != "" {
		q.Where(auditentry.RecordType(s))
	}
	if s := c.Query("cursor"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		seq, err2 := strconv.ParseInt(string(b), 10, 64)
		if err != nil || err2 != nil {
			return services.Invalid(services.FieldError{Field: "cursor", Message: "is not a cursor this API gave out"})
		}
		q.Where(auditentry.SeqLT(seq))
	}
	rows, err := q.Order(ent.Desc(auditentry.FieldSeq)).Limit(limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[auditOut]{Items: make([]auditOut, 0, len(rows))}
	for i, e := range rows {
		if i == limit {
			out.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(rows[i-1].Seq, 10)))
			break
		}
		out.Items = append(out.Items, toAudit(e))
	}
	return c.JSON(out)
}

// auditReportOut is the answer of the chain verification.
type auditReportOut audit.Report

// verifyAudit handles GET /api/v1/audit/verify: walks the caller's district
// chain, held to its signed checkpoints, and reports the first broken link.
func (a *api) verifyAudit(c *fiber.Ctx) error {
	d := viewer(c).TenantID
	cps, err := a.Checkpoints.List(d)
	if err != nil {
		return err
	}
	rep, err := audit.Verify(c.UserContext(), a.Client, d, cps...)
	if err != nil {
		return err
	}
	return c.JSON(auditReportOut(*rep))
}

// checkpointsOut lists a district's signed checkpoints and the key they
// verify with.
type checkpointsOut struct {
	PublicKey string          `json:"public_key"`
	Items     []checkpointOut `json:"items"`
}

// checkpointOut is a signed checkpoint as listed; checkpointIn the same,
// sent back to be verified.
type (
	checkpointOut audit.Checkpoint
	checkpointIn  audit.Checkpoint
)

// listCheckpoints handles GET /api/v1/audit/checkpoints: the caller's
// district's signed checkpoints, newest first, to export and keep.
func (a *api) listCheckpoints(c *fiber.Ctx) error {
	cps, err := a.Checkpoints.List(viewer(c).TenantID)
	if err != nil {
		return err
	}
	out := checkpointsOut{PublicKey: audit.PublicKey(), Items: make([]checkpointOut, len(cps))}
	for i, cp := range cps {
		out.Items[i] = checkpointOut(cp)
	}
	return c.JSON(out)
}

// verifyCheckpoint handles POST /api/v1/audit/checkpoints/verify: a
// checkpoint the bureau exported earlier, held against the chain as it is
// now (signed by this server, of this district, on the chain).
func (a *api) verifyCheckpoint(c *fiber.Ctx) error {
	in, err := decode[checkpointIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	d := viewer(c).TenantID
	if in.TenantID != d {
		return c.JSON(auditReportOut{TenantID: d, Broken: &audit.Break{Seq: in.Seq, Reason: "the checkpoint is of another district"}})
	}
	rep, err := audit.Verify(c.UserContext(), a.Client, d, audit.Checkpoint(*in))
	if err != nil {
		return err
	}
	return c.JSON(auditReportOut(*rep))
}

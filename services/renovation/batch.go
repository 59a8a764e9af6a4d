package renovation

// Points many at a time, one transaction a batch: a survey's points
// recorded with their hazards and folded into their project at once, a
// batch of points eliminated with their photos, a batch verified. Each
// point goes through the same rules as one does alone; the batch saves
// the round trips of a transaction per point (the demo's 387 points, an
// import of a street's survey).

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// MaxBatch caps the points of one batch.
const MaxBatch = 2000

// bulkRows caps the rows of one insert (a point binds about 25 values).
const bulkRows = 1000

func checkBatch(n int) error {
	if n == 0 || n > MaxBatch {
		return services.Invalid(services.Field("points", fmt.Sprintf("一次须为 1 至 %d 个占压点位", MaxBatch)))
	}
	return nil
}

// CreatePoints records the points ins and their ledger hazards in one
// transaction, as CreatePoint records one (checks, level, description,
// ZY-YYYY-NNN numbers), in bulk: the hazards through ledger.CreateManyIn,
// the points and their history in bulk inserts, the audit entries chained
// in one step (audit.Batch). With projectID the points are folded into
// that project at once, as Fold would just after: disposition reroute by
// project, the hazard rectifying with the project's planned end as its
// deadline and the event "纳入改造项目 GW-… 名称"; a cancelled or accepted
// project takes none (409). A problem in any point writes nothing and names
// it by its index.
func (s *Service) CreatePoints(ctx context.Context, projectID *uuid.UUID, ins []PointInput) ([]*ent.OccupationPoint, error) {
	if err := checkBatch(len(ins)); err != nil {
		return nil, err
	}
	ins = slices.Clone(ins)
	for i := range ins {
		in := &ins[i]
		err := services.Check(in)
		if err == nil {
			if in.Source == "" {
				in.Source = enum.FoundPatrol
			}
			err = s.checkGasCompany(ctx, in)
		}
		if err != nil {
			return nil, indexed(i, err)
		}
	}
	if projectID != nil {
		if _, err := s.client.RenovationProject.Get(ctx, *projectID); ent.IsNotFound(err) {
			return nil, services.Invalid(services.Field("project_id", "没有这个改造项目"))
		} else if err != nil {
			return nil, err
		}
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
	var out []*ent.OccupationPoint
	actx, batch := audit.WithBatch(ctx)
	err = services.InTx(actx, s.client, func(tx *ent.Tx) error {
		var pr *ent.RenovationProject
		if projectID != nil {
			if pr, err = lockProject(actx, tx, *projectID); err != nil {
				return err
			}
			if Closed(pr.Status) {
				return conflict("project_closed", fmt.Sprintf("改造项目 %s 已%s，不能再纳入占压点位", projectTitle(pr), pr.Status.Label()), string(pr.Status))
			}
		}
		ops := make([]ledger.Opening, len(ins))
		for i := range ins {
			ops[i].In = hazardInput(&ins[i])
			if pr != nil {
				ops[i].Then = &ledger.Reschedule{Deadline: pr.PlannedEnd, Rectify: true, Action: "fold",
					Note: "纳入改造项目 " + projectTitle(pr), Details: map[string]any{"project_id": pr.ID}}
			}
		}
		hs, err := s.ledger.CreateManyIn(actx, tx, rp, ops)
		if err != nil {
			return err
		}
		year := yearOf(s.Today(actx))
		next, err := services.Reserve(actx, tx, PointSeries, year, len(ins))
		if err != nil {
			return err
		}
		for part := range slices.Chunk(hs, bulkRows) {
			creates := make([]*ent.OccupationPointCreate, len(part))
			for j, h := range part {
				i := len(out) + j
				c := pointCreate(tx, &ins[i], h, PointNumber(year, next))
				next++
				if pr != nil {
					c.SetProjectID(pr.ID).SetDisposition(enum.DisposeRerouteByProject).
						SetStatus(PointStatusOf(h.Status, false, &pr.Status))
				}
				creates[j] = c
			}
			saved, err := tx.OccupationPoint.CreateBulk(creates...).Save(actx)
			if err != nil {
				return err
			}
			out = append(out, saved...)
		}
		var events []*ent.RenovationEventCreate
		var dues []reminders.Due
		for i, p := range out {
			h := hs[i]
			created := string(PointStatusOf(enum.StatusReported, false, nil))
			events = append(events, pointEvent(tx, v, p, "create", "", created, "",
				map[string]any{"hazard_id": h.ID, "hazard_code": h.Code}))
			if pr != nil {
				from, to := "", ""
				if string(p.Status) != created {
					from, to = created, string(p.Status)
				}
				events = append(events, pointEvent(tx, v, p, "fold", from, to, "纳入改造项目 "+projectTitle(pr),
					map[string]any{"project_id": pr.ID}))
			}
			dues = append(dues, PointDues(p, bureau, true)...)
		}
		for part := range slices.Chunk(events, bulkRows) {
			if err := tx.RenovationEvent.CreateBulk(part...).Exec(actx); err != nil {
				return err
			}
		}
		if err := batch.Flush(actx, tx.Client()); err != nil {
			return err
		}
		return plan(actx, tx, rp, dues...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// indexed names the point i in a service error's fields ("3.deadline"),
// or in its message when it has none.
func indexed(i int, err error) error {
	var e *services.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("point %d: %w", i, err)
	}
	out := *e
	out.Fields = make([]services.FieldError, len(e.Fields))
	for j, f := range e.Fields {
		out.Fields[j] = services.Field(fmt.Sprintf("%d.%s", i, f.Field), f.Message)
	}
	if len(out.Fields) == 0 {
		out.Message = fmt.Sprintf("第 %d 个点位：%s", i+1, e.Message)
	}
	return &out
}

// pointsIn reads the points ids in the order given; an id not seen is
// not found.
func pointsIn(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) ([]*ent.OccupationPoint, error) {
	ps, err := tx.OccupationPoint.Query().Where(occupationpoint.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*ent.OccupationPoint, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]*ent.OccupationPoint, len(ids))
	for i, id := range ids {
		if out[i] = byID[id]; out[i] == nil {
			return nil, indexed(i, &services.Error{Kind: services.KindNotFound, Code: "not_found", Message: "没有这个占压点位"})
		}
	}
	return out, nil
}

// EliminateMany records the points ids eliminated in one transaction,
// each as Eliminate records one (evidence required, its hazard submitted
// as rectified, awaiting verification); photo, when given, is attached to
// each point's hazard first as its evidence (stage after). One refused
// point refuses the batch, named by its index.
func (s *Service) EliminateMany(ctx context.Context, ids []uuid.UUID, in NoteInput, photo *Document) ([]*ent.OccupationPoint, error) {
	if err := checkBatch(len(ids)); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	note := in.Note
	if note == "" {
		note = "占压已消除"
	}
	return s.many(ctx, ids, func(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, cur *ent.OccupationPoint) (*ent.OccupationPoint, error) {
		return s.eliminateIn(ctx, tx, rp, cur, note, photo)
	})
}

// VerifyMany verifies (销号) the eliminated points ids in one transaction,
// each as Verify does one.
func (s *Service) VerifyMany(ctx context.Context, ids []uuid.UUID, in NoteInput) ([]*ent.OccupationPoint, error) {
	if err := checkBatch(len(ids)); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	return s.many(ctx, ids, func(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, cur *ent.OccupationPoint) (*ent.OccupationPoint, error) {
		return s.verifyIn(ctx, tx, rp, cur, in.Note)
	})
}

// many runs step on each of the points ids in one transaction.
func (s *Service) many(ctx context.Context, ids []uuid.UUID,
	step func(ctx context.Context, tx *ent.Tx, rp *reminders.Planner, cur *ent.OccupationPoint) (*ent.OccupationPoint, error)) ([]*ent.OccupationPoint, error) {
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.OccupationPoint
	// The batch's audit entries are chained in one step at the end: each
	// record's entries in the order they were made, the records by id.
	actx, batch := audit.WithBatch(ctx)
	err = services.InTx(actx, s.client, func(tx *ent.Tx) error {
		cur, err := pointsIn(actx, tx, ids)
		if err != nil {
			return err
		}
		out = make([]*ent.OccupationPoint, len(cur))
		for i, c := range cur {
			if out[i], err = step(actx, tx, rp, c); err != nil {
				return indexed(i, err)
			}
		}
		return batch.Flush(actx, tx.Client())
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

package ledger

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/budget"
)

// ImportResult is what an import did, or (dry run) would do: the rows read,
// how many are valid, every problem by row and column, the rows already in
// the ledger (left as they are), and the new hazards.
type ImportResult struct {
	DryRun    bool
	Rows      int
	Valid     int
	Problems  []RowProblem
	Unchanged []UnchangedRow
	IDs       []uuid.UUID
}

// bulkRows caps the rows of one insert: a hazard binds about 25 values;
// PostgreSQL takes 65,535 in a statement, SQLite 32,766.
const bulkRows = 1000

// Import reads the first sheet of an .xlsx upload in the ledger's layout.
// A row whose 编号 is in the viewer's ledger already (an exported ledger
// imported back) is left as it is: an export imports back without a change.
// Every other row is checked as Create checks one; a dry run reports the problems
// and writes nothing; a real import writes every row or, if any row has a
// problem, none. Reading and checking happen before the transaction, which
// holds only bulk inserts (hazards, their first history step, their
// reminders, and last their audit entries in one step of the chain, so the
// district's chain head is held only from there to the commit): writes
// elsewhere wait for the commit at most, never for the parsing. The
// transaction runs under the import's budget (budget.Import).
func (s *Service) Import(ctx context.Context, data []byte, dryRun bool) (*ImportResult, error) {
	v := policy.FromContext(ctx)
	sheet, err := readImportSheet(data, v.Scope() != policy.ScopeCompany)
	if err != nil {
		return nil, err
	}
	rows, problems, unchanged, err := s.checkImport(ctx, v, sheet)
	if err != nil {
		return nil, err
	}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Row] = true
	}
	res := &ImportResult{DryRun: dryRun, Rows: len(sheet.rows), Valid: len(sheet.rows) - len(bad), Problems: problems,
		Unchanged: unchanged, IDs: []uuid.UUID{}}
	if dryRun {
		return res, nil
	}
	if len(problems) > 0 {
		return nil, &services.Error{Kind: services.KindInvalid, Code: "import_failed",
			Message: fmt.Sprintf("%d of %d rows have problems; nothing was imported", len(bad), len(sheet.rows)),
			Extra:   map[string]any{"rows": res.Rows, "valid": res.Valid, "problems": problems}}
	}
	if len(rows) == 0 { // every row is in the ledger already
		return res, nil
	}
	pl, err := s.planner(ctx, v)
	if err != nil {
		return nil, err
	}
	year := yearOf(s.Today(ctx))
	actx, batch := audit.WithBatch(budget.With(ctx, budget.Import))
	err = services.InTx(actx, s.client, func(tx *ent.Tx) error {
		next, err := services.Reserve(actx, tx, CodeSeries, year, len(rows))
		if err != nil {
			return err
		}
		hs := make([]*ent.Hazard, 0, len(rows))
		for part := range slices.Chunk(rows, bulkRows) {
			creates := make([]*ent.HazardCreate, len(part))
			for i := range part {
				creates[i] = createOf(tx, v, &part[i].In, part[i].place, Code(year, next))
				next++
			}
			saved, err := tx.Hazard.CreateBulk(creates...).Save(actx)
			if err != nil {
				return fmt.Errorf("import rows %d–%d: %w", part[0].Row, part[len(part)-1].Row, err)
			}
			hs = append(hs, saved...)
		}
		dues := make([]reminders.Due, len(hs))
		for part := range slices.Chunk(hs, bulkRows) {
			events := make([]*ent.HazardEventCreate, len(part))
			for i, h := range part {
				events[i] = eventOf(tx, v, h, "create", "", string(h.Status), "", nil)
			}
			if err := tx.HazardEvent.CreateBulk(events...).Exec(actx); err != nil {
				return err
			}
		}
		for i, h := range hs {
			dues[i] = ReminderDue(h, true)
			res.IDs = append(res.IDs, h.ID)
		}
		if err := pl.plan(actx, tx, dues...); err != nil {
			return err
		}
		// The district's chain head last: held from here to the commit.
		return batch.Flush(actx, tx.Client())
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return res, nil
}

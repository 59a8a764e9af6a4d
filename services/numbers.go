package services

import (
	"context"
	"fmt"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/counter"
)

// Reserve takes n consecutive numbers of the viewer's district's series for
// year, inside tx, and returns the first. The counter row is upserted by
// adding n to it, so concurrent writers in one district queue on that row
// (PostgreSQL) or on the one writer (SQLite) and never share a number; a
// rolled-back transaction gives its numbers back.
func Reserve(ctx context.Context, tx *ent.Tx, series string, year, n int) (int64, error) {
	if n < 1 {
		return 0, fmt.Errorf("reserve %d numbers of %s", n, series)
	}
	err := tx.Counter.Create().SetSeries(series).SetYear(year).SetLast(int64(n)).
		OnConflictColumns(counter.FieldTenantID, counter.FieldSeries, counter.FieldYear).
		AddLast(int64(n)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("reserve %s numbers: %w", series, err)
	}
	c, err := tx.Counter.Query().Where(counter.Series(series), counter.Year(year)).Only(ctx)
	if err != nil {
		return 0, fmt.Errorf("read %s counter: %w", series, err)
	}
	return c.Last - int64(n) + 1, nil
}

// Number is a record number as people quote it: prefix, year and a
// six-digit sequence (YH-2026-000123).
func Number(prefix string, year int, n int64) string {
	return fmt.Sprintf("%s-%d-%06d", prefix, year, n)
}

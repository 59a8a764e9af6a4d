package policy

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
)

// Row-level security is the second wall behind the privacy rules, on
// PostgreSQL: every table with a tenant_id column has a policy letting a
// statement reach only the rows of the district named by the setting
// TenantSetting (migrations/postgres/…_row_level_security.sql). The
// setting is the server's to give, per transaction, from the context's
// viewer (TenantDriver): a query that forgot the privacy filter still sees
// only its district.
const TenantSetting = "hearth.tenant_id"

// AllTenants is the setting's value for System work, which spans districts
// (sign-in, provisioning, the reminder relay, nightly passes, audit).
const AllTenants = "*"

// TenantOf is the setting a statement under ctx runs with: AllTenants
// under System, the viewer's district, or "" (no district: every policy
// refuses every row, fail closed).
func TenantOf(ctx context.Context) string {
	if IsSystem(ctx) {
		return AllTenants
	}
	if v := FromContext(ctx); v != nil && !v.Operator && v.TenantID != uuid.Nil {
		return v.TenantID.String()
	}
	return ""
}

// TenantDriver wraps a PostgreSQL driver so that every statement runs with
// TenantSetting set from its context, local to a transaction
// (set_config(…, true)), so it never outlives it on a pooled connection:
// a transaction sets it when it begins (and again when a statement's
// context names another district or System); a statement outside one
// runs in a short transaction of its own. Other dialects are returned as
// they are.
func TenantDriver(drv *entsql.Driver) dialect.Driver {
	if drv.Dialect() != dialect.Postgres {
		return drv
	}
	return &tenantDriver{Driver: drv}
}

const setTenant = "SELECT set_config('" + TenantSetting + "', $1, true)"

type tenantDriver struct {
	*entsql.Driver
}

func (d *tenantDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

// BeginTx begins a transaction whose statements run with ctx's district.
func (d *tenantDriver) BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error) {
	tx, err := d.Driver.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	t := &tenantTx{Tx: tx.(*entsql.Tx)}
	if err := t.set(ctx, TenantOf(ctx)); err != nil {
		return nil, errors.Join(err, tx.Rollback())
	}
	return t, nil
}

// Exec runs one statement in a transaction of its own.
func (d *tenantDriver) Exec(ctx context.Context, query string, args, v any) error {
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := tx.Exec(ctx, query, args, v); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// ExecContext is Exec for the client's ExecContext.
func (d *tenantDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	var res stdsql.Result
	if err := d.Exec(ctx, query, args, &res); err != nil {
		return nil, err
	}
	return res, nil
}

// Query runs one statement in a transaction of its own, committed when its
// rows are read to the end or closed (an INSERT … RETURNING is a query).
func (d *tenantDriver) Query(ctx context.Context, query string, args, v any) error {
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := tx.Query(ctx, query, args, v); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	rows := v.(*entsql.Rows)
	rows.ColumnScanner = &committingRows{ColumnScanner: rows.ColumnScanner, tx: tx}
	return nil
}

// committingRows commits its statement's transaction once the rows are
// read to the end (so Err reports a failed commit) or closed.
type committingRows struct {
	entsql.ColumnScanner
	tx   dialect.Tx
	done bool
	err  error
}

func (r *committingRows) finish() error {
	if !r.done {
		r.done = true
		if err := r.ColumnScanner.Close(); err != nil {
			r.err = errors.Join(err, r.tx.Rollback())
		} else if err := r.ColumnScanner.Err(); err != nil {
			r.err = errors.Join(err, r.tx.Rollback())
		} else {
			r.err = r.tx.Commit()
		}
	}
	return r.err
}

func (r *committingRows) Next() bool {
	if r.done {
		return false
	}
	if r.ColumnScanner.Next() {
		return true
	}
	r.finish()
	return false
}

func (r *committingRows) Err() error {
	if r.done {
		return r.err
	}
	return r.ColumnScanner.Err()
}

func (r *committingRows) Close() error { return r.finish() }

// tenantTx is a transaction that keeps TenantSetting as its statements'
// contexts say.
type tenantTx struct {
	*entsql.Tx
	cur string
}

func (t *tenantTx) set(ctx context.Context, tenant string) error {
	if _, err := t.Tx.ExecContext(ctx, setTenant, tenant); err != nil {
		return fmt.Errorf("policy: setting the statement's district: %w", err)
	}
	t.cur = tenant
	return nil
}

// follow moves the setting to a statement's district or System when its
// context says so; a context with neither keeps the transaction's.
func (t *tenantTx) follow(ctx context.Context) error {
	if want := TenantOf(ctx); want != "" && want != t.cur {
		return t.set(ctx, want)
	}
	return nil
}

func (t *tenantTx) Exec(ctx context.Context, query string, args, v any) error {
	if err := t.follow(ctx); err != nil {
		return err
	}
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *tenantTx) Query(ctx context.Context, query string, args, v any) error {
	if err := t.follow(ctx); err != nil {
		return err
	}
	return t.Tx.Query(ctx, query, args, v)
}

func (t *tenantTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	if err := t.follow(ctx); err != nil {
		return nil, err
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t *tenantTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	if err := t.follow(ctx); err != nil {
		return nil, err
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

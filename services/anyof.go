package services

import (
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// LookupRows is how many keys one AnyOf lookup should carry: an import
// looks its rows' keys up in a few queries, within SQLite's 32,766
// parameters.
const LookupRows = 10_000

// AnyOf is the predicate "field is one of values", for looking many keys
// up at once (an import's account numbers, serials, codes). On PostgreSQL
// it is `field IN (SELECT unnest($n::text[]))`, the values one array
// parameter, not an IN list of one parameter each. The list's generic plan,
// made while the table was small and kept by the connection's statement
// cache (or planned on stale statistics: autovacuum behind or off), walks
// the district's whole range of some index and tests each row against the
// values one at a time: 0.2–0.4 s a query of 500 keys at 20,000 premises,
// growing with both. As a semi-join the worst plan is a hash of the values
// probed once per row, the best one index descent per value. SQLite has no
// arrays: there it is the IN list.
func AnyOf(field string, values []string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if s.Dialect() != dialect.Postgres {
			args := make([]any, len(values))
			for i, v := range values {
				args[i] = v
			}
			s.Where(sql.In(s.C(field), args...))
			return
		}
		s.Where(sql.P(func(b *sql.Builder) {
			b.Ident(s.C(field)).WriteString(" IN (SELECT unnest(").Arg(values).WriteString("::text[]))")
		}))
	}
}

// Package seed makes data to try Hearth with: the demo districts that a
// first run shows (Demo), and synthetic load data for the benchmarks
// (Bench). Districts, organisations and logins go through the accounts
// service's writers, audited like any others; bench hazards go in bulk.
package seed

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"

	"github.com/hearthsafety/hearth/ent"
)

// Login is one account a seed made; Tenant is empty for an operator.
type Login struct {
	Tenant, Username, Role, Org string
}

// DB is the database a seed writes: the ent client, and for Bench's bulk
// hazards the raw handle and its dialect (dialect.Postgres or
// dialect.SQLite).
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
}

// RandomPassword returns a password for seeded logins when none is given.
func RandomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

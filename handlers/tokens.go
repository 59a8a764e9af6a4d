package handlers

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// Token lifetimes: access tokens are short; a refresh token renews them for a
// working week. A disabled user or a changed password (token_version) ends
// both at once.
const (
	accessTTL  = 15 * time.Minute
	refreshTTL = 7 * 24 * time.Hour
	issuer     = "hearth"
)

// claims are Hearth's JWT claims.
type claims struct {
	jwt.RegisteredClaims
	Tenant   string `json:"tid,omitempty"` // district id; empty for operators
	Kind     string `json:"knd"`           // "user" or "operator"
	Type     string `json:"typ"`           // "access" or "refresh"
	Version  int    `json:"ver"`           // the account's token_version
	Username string `json:"usr"`
	Session  string `json:"sid"` // the sign-in session (accounts.StartSession)
}

// Tokens signs and checks Hearth's bearer tokens (HS256).
type Tokens struct {
	Key []byte
	Now func() time.Time
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Tokens) sign(c claims, ttl time.Duration) (string, error) {
	now := t.now()
	c.Issuer, c.IssuedAt, c.ExpiresAt = issuer, jwt.NewNumericDate(now), jwt.NewNumericDate(now.Add(ttl))
	if c.ID == "" {
		c.ID = uuid.NewString()
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.Key)
}

// pair issues an access and a refresh token for the same account and
// session; the refresh token's id is the session's current refresh_jti.
func (t *Tokens) pair(c claims, refreshID uuid.UUID) (access, refresh string, err error) {
	c.Type, c.ID = "access", ""
	if access, err = t.sign(c, accessTTL); err != nil {
		return "", "", err
	}
	c.Type, c.ID = "refresh", refreshID.String()
	refresh, err = t.sign(c, refreshTTL)
	return access, refresh, err
}

var errBadToken = errors.New("bad token")

// parse checks signature, issuer, expiry and type.
func (t *Tokens) parse(raw, typ string) (*claims, error) {
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return t.Key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer), jwt.WithExpirationRequired(), jwt.WithTimeFunc(t.now))
	if err != nil || c.Type != typ {
		return nil, errBadToken
	}
	return &c, nil
}

package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/operator"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
)

type loginIn struct {
	// Tenant is the district slug; empty for a platform operator.
	Tenant   string `json:"tenant" validate:"max=40"`
	Username string `json:"username" validate:"required,max=64"`
	Password string `json:"password" validate:"required,max=128" trim:"no"`
}

type tokenOut struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

type refreshIn struct {
	RefreshToken string `json:"refresh_token" validate:"required,max=4096"`
}

var errBadLogin = services.Errorf(services.KindUnauthorized, "invalid_credentials", "wrong district, username or password")

// login handles POST /api/v1/auth/login.
func (a *api) login(c *fiber.Ctx) error {
	in, err := decode[loginIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	ip := c.IP()
	if wait := a.reserveIP(ctx, ip); wait > 0 {
		return &services.Error{Kind: services.KindTooMany, Code: "too_many_attempts",
			Message: "登录失败次数过多，请稍后再试 (too many failed sign-ins from this address; wait before trying again)",
			Extra:   map[string]any{"retry_after": int(wait.Seconds() + 0.999)}}
	}
	key := strings.ToLower(in.Tenant) + "/" + strings.ToLower(in.Username)
	if wait := a.reserve(ctx, key); wait > 0 {
		return &services.Error{Kind: services.KindTooMany, Code: "too_many_attempts",
			Message: "too many failed sign-ins; wait before trying again",
			Extra:   map[string]any{"retry_after": int(wait.Seconds() + 0.999)}}
	}
	cl, hash, err := a.account(ctx, in.Tenant, in.Username)
	if err != nil {
		return err
	}
	ok, err := a.accounts.CheckPassword(ctx, hash, in.Password) // an unknown account (no hash) costs what a known one does
	if err != nil {
		return err
	}
	if cl == nil || !ok {
		return errBadLogin
	}
	a.succeeded(ctx, key)
	a.succeededIP(ctx, ip)
	acc := accounts.Account{ID: must(uuid.Parse(cl.Subject)), Operator: cl.Kind == "operator"}
	if cl.Tenant != "" {
		tid := must(uuid.Parse(cl.Tenant))
		acc.Tenant = &tid
	}
	sess, err := a.accounts.StartSession(ctx, acc)
	if err != nil {
		return err
	}
	cl.Session = sess.ID.String()
	return a.issue(c, *cl, sess.RefreshJti)
}

// account finds a live account by district and username: sign-in happens
// before there is a viewer, so it reads under System.
func (a *api) account(ctx context.Context, slug, username string) (*claims, string, error) {
	sys := policy.System(ctx)
	if slug == "" {
		op, err := a.Client.Operator.Query().Where(operator.Username(username), operator.Disabled(false)).Only(sys)
		if ent.IsNotFound(err) {
			return nil, "", nil
		} else if err != nil {
			return nil, "", err
		}
		return &claims{Kind: "operator", Version: op.TokenVersion, Username: op.Username,
			RegisteredClaims: subject(op.ID)}, op.PasswordHash, nil
	}
	u, err := a.Client.User.Query().Where(
		user.Username(username), user.Disabled(false),
		user.HasTenantWith(tenant.Slug(slug), tenant.Disabled(false)),
		user.HasOrgWith(org.Disabled(false)),
	).Only(sys)
	if ent.IsNotFound(err) {
		return nil, "", nil
	} else if err != nil {
		return nil, "", err
	}
	return &claims{Kind: "user", Tenant: u.TenantID.String(), Version: u.TokenVersion,
		Username: u.Username, RegisteredClaims: subject(u.ID)}, u.PasswordHash, nil
}

func (a *api) issue(c *fiber.Ctx, cl claims, refreshID uuid.UUID) error {
	access, refresh, err := a.Tokens.pair(cl, refreshID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(tokenOut{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		ExpiresIn: int(accessTTL.Seconds())})
}

var errBadRefresh = services.Errorf(services.KindUnauthorized, "invalid_token", "the refresh token is not valid or has expired")

// refreshClaims reads a refresh token: its claims, session and own id.
func (a *api) refreshClaims(raw string) (cl *claims, sid, jti uuid.UUID, err error) {
	if cl, err = a.Tokens.parse(raw, "refresh"); err != nil {
		return nil, sid, jti, errBadRefresh
	}
	if sid, err = uuid.Parse(cl.Session); err != nil {
		return nil, sid, jti, errBadRefresh
	}
	if jti, err = uuid.Parse(cl.ID); err != nil {
		return nil, sid, jti, errBadRefresh
	}
	return cl, sid, jti, nil
}

// refresh handles POST /api/v1/auth/refresh: a live account's current
// refresh token buys a new pair, and is spent; a spent one ends its session.
func (a *api) refresh(c *fiber.Ctx) error {
	in, err := decode[refreshIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	cl, sid, jti, err := a.refreshClaims(in.RefreshToken)
	if err != nil {
		return err
	}
	if _, err := a.loadViewer(c.UserContext(), cl); err != nil {
		return err
	}
	sess, err := a.accounts.RotateSession(c.UserContext(), sid, jti)
	if err != nil {
		return err
	}
	return a.issue(c, claims{Kind: cl.Kind, Tenant: cl.Tenant, Version: cl.Version, Username: cl.Username,
		Session: cl.Session, RegisteredClaims: subject(must(uuid.Parse(cl.Subject)))}, sess.RefreshJti)
}

// logout handles POST /api/v1/auth/logout: the refresh token's session ends,
// and with it every token issued in it.
func (a *api) logout(c *fiber.Ctx) error {
	in, err := decode[refreshIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	_, sid, _, err := a.refreshClaims(in.RefreshToken)
	if err != nil {
		return err
	}
	if err := a.accounts.EndSession(c.UserContext(), sid); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// changeOwnPassword handles POST /api/v1/me/password.
func (a *api) changeOwnPassword(c *fiber.Ctx) error {
	in, err := decode[accounts.OwnPassword](c, a.BodyLimit)
	if err != nil {
		return err
	}
	if err := a.accounts.ChangeOwnPassword(c.UserContext(), *in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func subject(id uuid.UUID) jwt.RegisteredClaims { return jwt.RegisteredClaims{Subject: id.String()} }

// authenticate reads the bearer token and puts the viewer in the request
// context. It reads the account on every request, so a disabled account, a
// disabled organisation or district, or a changed password ends its tokens.
func (a *api) authenticate(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return errUnauthorized
	}
	cl, err := a.Tokens.parse(strings.TrimSpace(raw), "access")
	if err != nil {
		return services.Errorf(services.KindUnauthorized, "invalid_token", "the access token is not valid or has expired")
	}
	v, err := a.loadViewer(c.UserContext(), cl)
	if err != nil {
		return err
	}
	sid, err := uuid.Parse(cl.Session)
	if err != nil {
		return errEnded
	}
	if live, err := a.accounts.SessionLive(c.UserContext(), sid); err != nil {
		return err
	} else if !live {
		return errSessionEnded
	}
	c.Locals("viewer", v)
	c.SetUserContext(policy.NewContext(c.UserContext(), v))
	return c.Next()
}

var errSessionEnded = services.Errorf(services.KindUnauthorized, "invalid_token", "this session has ended (signed out, or a spent refresh token was used again): sign in again")

var errEnded = services.Errorf(services.KindUnauthorized, "invalid_token", "this account can no longer sign in")

// loadViewer builds the viewer for a token's account, under System: the
// viewer does not exist yet.
func (a *api) loadViewer(ctx context.Context, cl *claims) (*policy.Viewer, error) {
	sys := policy.System(ctx)
	id, err := uuid.Parse(cl.Subject)
	if err != nil {
		return nil, errEnded
	}
	if cl.Kind == "operator" {
		op, err := a.Client.Operator.Get(sys, id)
		if ent.IsNotFound(err) || (err == nil && (op.Disabled || op.TokenVersion != cl.Version)) {
			return nil, errEnded
		} else if err != nil {
			return nil, err
		}
		return &policy.Viewer{UserID: op.ID, Username: op.Username, Operator: true,
			Roles: []string{policy.RolePlatformAdmin}}, nil
	}
	tid, err := uuid.Parse(cl.Tenant)
	if err != nil {
		return nil, errEnded
	}
	u, err := a.Client.User.Query().Where(user.ID(id), user.TenantID(tid)).
		WithOrg().WithTenant().Only(sys)
	if ent.IsNotFound(err) {
		return nil, errEnded
	} else if err != nil {
		return nil, err
	}
	o, t := u.Edges.Org, u.Edges.Tenant
	if u.Disabled || u.TokenVersion != cl.Version || o.Disabled || t.Disabled ||
		issuedBefore(cl, o.EnabledAt) || issuedBefore(cl, t.EnabledAt) {
		return nil, errEnded
	}
	v := &policy.Viewer{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		TenantID: t.ID, TenantSlug: t.Slug, Timezone: t.Timezone, OrgID: o.ID, OrgName: o.Name, OrgKind: o.Kind,
		Roles: a.Authz.Roles(u.ID, t.ID)}
	if v.OrgKind == enum.OrgStreet {
		kids, err := a.Client.Org.Query().Where(org.ParentID(o.ID), org.TenantID(t.ID)).IDs(sys)
		if err != nil {
			return nil, err
		}
		v.Streets = append([]uuid.UUID{o.ID}, kids...)
	}
	return v, nil
}

func viewer(c *fiber.Ctx) *policy.Viewer {
	v, _ := c.Locals("viewer").(*policy.Viewer)
	return v
}

// Sign-in throttling lives in Redis so every replica sees the same count:
// after maxFailures failures in failureWindow, each further failure doubles
// the wait, up to maxWait. Without Redis, sign-in still works, unthrottled,
// and the log says so.
const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
	maxWait       = 15 * time.Minute
)

// reserve counts a sign-in attempt on key before its password is checked, so
// concurrent guesses cannot all slip in before the first failure is counted.
// Past maxFailures attempts in failureWindow every attempt is refused, each
// with a doubled wait, until the window ends or a sign-in succeeds. It
// returns how long to wait; 0 lets the attempt through.
func (a *api) reserve(ctx context.Context, key string) time.Duration {
	if a.Redis == nil {
		return 0
	}
	block, fail := a.RedisPrefix+"login:block:"+key, a.RedisPrefix+"login:fail:"+key
	ttl, err := a.Redis.PTTL(ctx, block).Result()
	if err != nil {
		a.Log.Warn("sign-in throttle unavailable", "err", err)
		return 0
	}
	if ttl > 0 {
		return ttl
	}
	n, err := a.Redis.Incr(ctx, fail).Result()
	if err != nil {
		a.Log.Warn("sign-in throttle unavailable", "err", err)
		return 0
	}
	if n == 1 {
		a.Redis.Expire(ctx, fail, failureWindow)
	}
	if n <= maxFailures {
		return 0
	}
	wait := min(time.Second<<min(n-maxFailures-1, 20), maxWait)
	a.Redis.Set(ctx, block, "1", wait)
	return wait
}

// Failed sign-ins are also counted per client address (c.IP(): the peer,
// or behind a trusted proxy the address it forwards), whatever the names
// tried: a flood of made-up accounts from one address, which no account's
// count sees, is refused after ipFailures attempts in ipWindow, with the
// window's rest to wait. The attempt is counted before its password is
// checked and given back when it succeeds, so users behind one address
// who sign in rightly never use up its budget.
const (
	ipFailures = 30
	ipWindow   = time.Minute
)

// reserveIP counts an attempt from ip; it returns how long to wait (0 lets
// the attempt through).
func (a *api) reserveIP(ctx context.Context, ip string) time.Duration {
	if a.Redis == nil {
		return 0
	}
	k := a.RedisPrefix + "login:ip:" + ip
	n, err := a.Redis.Incr(ctx, k).Result()
	if err != nil {
		a.Log.Warn("sign-in throttle unavailable", "err", err)
		return 0
	}
	if n == 1 {
		a.Redis.Expire(ctx, k, ipWindow)
	}
	if n <= ipFailures {
		return 0
	}
	a.Redis.Decr(ctx, k) // a refused attempt is not checked: it does not count
	ttl, err := a.Redis.PTTL(ctx, k).Result()
	if err != nil || ttl <= 0 {
		if err == nil { // a count left without expiry (a lost EXPIRE) ends now
			a.Redis.Expire(ctx, k, ipWindow)
		}
		return ipWindow
	}
	return ttl
}

func (a *api) succeededIP(ctx context.Context, ip string) {
	if a.Redis != nil {
		a.Redis.Decr(ctx, a.RedisPrefix+"login:ip:"+ip)
	}
}

func (a *api) succeeded(ctx context.Context, key string) {
	if a.Redis != nil {
		a.Redis.Del(ctx, a.RedisPrefix+"login:fail:"+key, a.RedisPrefix+"login:block:"+key)
	}
}

// issuedBefore tells whether a token was issued before its organisation or
// district was last enabled again (at), that is before it was disabled:
// such a token stays dead. No token is issued while disabled, and iat is
// in whole seconds, so the comparison is with the enable's second.
func issuedBefore(cl *claims, at *time.Time) bool {
	return at != nil && (cl.IssuedAt == nil || cl.IssuedAt.Time.Before(at.Truncate(time.Second)))
}

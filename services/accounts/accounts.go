package accounts

import (
	"context"
	"time"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// Service holds the rules of districts, organisations, users and operators.
// Its methods act for the viewer in ctx (policy.FromContext): privacy scopes
// what they read and write, and each change commits with its audit entries
// in one transaction. A ctx without a viewer is the command line, acting as
// the platform's owner; it may provision districts and add operators, and
// nothing inside a district.
type Service struct {
	client *ent.Client
	authz  *policy.Authz // role changes reload it and tell the other replicas; nil: the caller reloads
	pw     *passwords
	engine *reminders.Engine // re-lays reminders after a settings change; nil: none
	now    func() time.Time
}

// New returns the accounts service over client. authz may be nil (seeds,
// which reload once at the end); engine may be nil; now is time.Now when nil.
func New(client *ent.Client, authz *policy.Authz, pp PasswordParams, engine *reminders.Engine, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, authz: authz, pw: newPasswords(pp), engine: engine, now: now}
}

// The refusals of this package that callers may test for.
var (
	ErrSlugTaken        = services.Errorf(services.KindConflict, "slug_taken", "a district with that slug exists already")
	ErrOrgNameTaken     = services.Errorf(services.KindConflict, "name_taken", "an organisation of this district has that name already")
	ErrUsernameTaken    = services.Errorf(services.KindConflict, "username_taken", "this district has a user with that username already")
	ErrOperatorTaken    = services.Errorf(services.KindConflict, "username_taken", "an operator with that username exists already")
	ErrBureauDisabled   = services.Errorf(services.KindConflict, "bureau_cannot_be_disabled", "the district's bureau cannot be disabled")
	ErrOwnRoles         = services.Errorf(services.KindConflict, "own_roles", "you cannot change your own roles; ask another admin")
	ErrDisableSelf      = services.Errorf(services.KindConflict, "cannot_disable_self", "you cannot disable your own account")
	ErrOtherCompany     = services.Errorf(services.KindForbidden, "forbidden", "a company admin adds users to its own company only")
	errPlatformOnly     = services.Errorf(services.KindForbidden, "forbidden", "only a platform operator may do this")
	errNoSuchOrgForUser = services.Invalid(services.Field("org_id", "is not an organisation of this district"))
)

// viewer is the viewer in ctx; without one nothing inside a district is
// reached.
func viewer(ctx context.Context) (*policy.Viewer, error) {
	v := policy.FromContext(ctx)
	if v == nil {
		return nil, policy.ErrNoViewer
	}
	return v, nil
}

// platform holds ctx to a platform operator or the command line (no
// viewer): the two who act outside every district.
func platform(ctx context.Context) error {
	if v := policy.FromContext(ctx); v != nil && !v.Operator {
		return errPlatformOnly
	}
	return nil
}

// reload makes committed role changes take effect here and on the other
// replicas.
func (s *Service) reload(ctx context.Context) error {
	if s.authz == nil {
		return nil
	}
	return s.authz.Reload(ctx)
}

// tokenClock is the time an enable is stamped with: the wall clock, the one
// tokens are issued by (their iat), whatever clock the service keeps for
// its records (tests move that one).
func tokenClock() time.Time { return time.Now().UTC() }

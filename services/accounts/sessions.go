package accounts

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/operator"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/session"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// SessionTTL is how long a session lives without a refresh; each refresh
// gives it this long again.
const SessionTTL = 7 * 24 * time.Hour

// The refusals of the session functions.
var (
	ErrSessionEnded  = services.Errorf(services.KindUnauthorized, "invalid_token", "this session has ended: sign in again")
	ErrRefreshReused = services.Errorf(services.KindUnauthorized, "refresh_reused",
		"this refresh token was used already, so the session was ended to be safe: sign in again")
)

// Account is who a session belongs to.
type Account struct {
	ID       uuid.UUID
	Operator bool
	Tenant   *uuid.UUID // nil for an operator
}

// sessionKept is how long an expired session's row stays before a sign-in
// of its account clears it.
const sessionKept = 30 * 24 * time.Hour

// StartSession opens a session for a signed-in account and returns it with
// the id of its first refresh token. The account's sessions that expired
// long ago are cleared on the way.
func (s *Service) StartSession(ctx context.Context, a Account) (*ent.Session, error) {
	sys := policy.System(ctx)
	now := s.now().UTC()
	if _, err := s.client.Session.Delete().Where(session.AccountID(a.ID), session.ExpiresAtLT(now.Add(-sessionKept))).Exec(sys); err != nil {
		return nil, err
	}
	return s.client.Session.Create().SetAccountID(a.ID).SetOperator(a.Operator).SetNillableTenantID(a.Tenant).
		SetRefreshJti(uuid.New()).SetExpiresAt(now.Add(SessionTTL)).Save(sys)
}

// RotateSession trades the session's current refresh token (jti) for the
// next and returns the session with the new one. A token that is not the
// current one ends the session (ErrRefreshReused): one of two holders of a
// refresh token is not its owner. The row is locked while it is checked,
// so two refreshes with one token never both succeed.
func (s *Service) RotateSession(ctx context.Context, id, jti uuid.UUID) (*ent.Session, error) {
	sys := policy.System(ctx)
	now := s.now().UTC()
	var out *ent.Session
	var reused bool
	err := services.InTx(sys, s.client, func(tx *ent.Tx) error {
		cur, err := services.Locked(func(forUpdate bool) (*ent.Session, error) {
			q := tx.Session.Query().Where(session.ID(id))
			if forUpdate {
				q = q.ForUpdate()
			}
			return q.Only(sys)
		})
		if ent.IsNotFound(err) {
			return ErrSessionEnded
		} else if err != nil {
			return err
		}
		if cur.EndedAt != nil || !cur.ExpiresAt.After(now) {
			return ErrSessionEnded
		}
		if cur.RefreshJti != jti {
			reused = true
			return tx.Session.UpdateOne(cur).SetEndedAt(now).SetEndReason("reused").Exec(sys)
		}
		out, err = tx.Session.UpdateOne(cur).SetRefreshJti(uuid.New()).SetExpiresAt(now.Add(SessionTTL)).Save(sys)
		return err
	})
	if err != nil {
		return nil, err
	}
	if reused {
		return nil, ErrRefreshReused
	}
	return out, nil
}

// EndSession ends a session (sign-out): its refresh token and every access
// token issued in it stop working. Ending one that ended already is no
// error.
func (s *Service) EndSession(ctx context.Context, id uuid.UUID) error {
	sys := policy.System(ctx)
	_, err := s.client.Session.Update().Where(session.ID(id), session.EndedAtIsNil()).
		SetEndedAt(s.now().UTC()).SetEndReason("logout").Save(sys)
	return err
}

// endSessions ends, in tx, the open sessions that match where: those of an
// organisation or a district being disabled. Its users' tokens then stay
// dead whenever it is enabled again, however soon (a token's iat counts
// whole seconds, too coarse to tell one issued just before a disable).
func (s *Service) endSessions(ctx context.Context, tx *ent.Tx, where predicate.Session) error {
	sys := policy.System(ctx)
	return tx.Session.Update().Where(where, session.EndedAtIsNil()).
		SetEndedAt(s.now().UTC()).SetEndReason("disabled").Exec(sys)
}

// SessionLive reports whether a session is open: not ended (signed out, or
// a refresh token reused). An access token's own expiry is its own check;
// the session's expiry bounds refreshes only.
func (s *Service) SessionLive(ctx context.Context, id uuid.UUID) (bool, error) {
	return s.client.Session.Query().Where(session.ID(id), session.EndedAtIsNil()).Exist(policy.System(ctx))
}

// OwnPassword is a signed-in account's change of its own password.
type OwnPassword struct {
	CurrentPassword string `json:"current_password" validate:"required,max=128" trim:"no"`
	NewPassword     string `json:"new_password" validate:"required,password" trim:"no"`
}

// ErrWrongPassword refuses a password change whose current password is wrong.
var ErrWrongPassword = &services.Error{Kind: services.KindInvalid, Code: "wrong_password",
	Message: "the current password is wrong", Fields: []services.FieldError{{Field: "current_password", Message: "is wrong"}}}

// ChangeOwnPassword changes the viewer's own password, user or operator,
// after checking the current one. Every session of the account ends
// (token_version), this one included: the account signs in again with the
// new password.
func (s *Service) ChangeOwnPassword(ctx context.Context, in OwnPassword) error {
	if err := services.Check(&in); err != nil {
		return err
	}
	v, err := viewer(ctx)
	if err != nil {
		return err
	}
	if in.NewPassword == in.CurrentPassword {
		return services.Invalid(services.Field("new_password", "must differ from the current password"))
	}
	sys := policy.System(ctx)
	var hash string
	if v.Operator {
		op, err := s.client.Operator.Query().Where(operator.ID(v.UserID)).Only(sys)
		if err != nil {
			return err
		}
		hash = op.PasswordHash
	} else {
		u, err := s.client.User.Query().Where(user.ID(v.UserID), user.TenantID(v.TenantID)).Only(sys)
		if err != nil {
			return err
		}
		hash = u.PasswordHash
	}
	ok, err := s.CheckPassword(ctx, hash, in.CurrentPassword)
	if err != nil {
		return err
	}
	if !ok {
		return ErrWrongPassword
	}
	if hash, err = s.HashPassword(ctx, in.NewPassword); err != nil {
		return err
	}
	if v.Operator {
		return s.client.Operator.UpdateOneID(v.UserID).SetPasswordHash(hash).AddTokenVersion(1).Exec(sys)
	}
	// Under the viewer, so the audit trail names who changed it.
	return services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		return tx.User.UpdateOneID(v.UserID).SetPasswordHash(hash).AddTokenVersion(1).AddVersion(1).Exec(ctx)
	})
}

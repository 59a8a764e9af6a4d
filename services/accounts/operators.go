package accounts

import (
	"context"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/operator"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// NewOperator is a platform operator to add (`hearth operator create`).
type NewOperator struct {
	Username string `json:"username" validate:"required,min=3,max=64,username"`
	Password string `json:"password" validate:"required,password" trim:"no"`
}

// OperatorPassword is an operator's new password (`hearth operator
// password`).
type OperatorPassword struct {
	Username string `json:"username" validate:"required,max=64"`
	Password string `json:"password" validate:"required,password" trim:"no"`
}

// CreateOperator adds a platform operator, who signs in with an empty
// district. Only an operator or the command line adds one; operators exist
// outside every district, so it writes under System. A username in use is
// ErrOperatorTaken.
func (s *Service) CreateOperator(ctx context.Context, in NewOperator) (*ent.Operator, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if err := platform(ctx); err != nil {
		return nil, err
	}
	hash, err := s.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	op, err := s.client.Operator.Create().SetUsername(in.Username).SetPasswordHash(hash).Save(policy.System(ctx))
	if ent.IsConstraintError(err) {
		return nil, ErrOperatorTaken
	}
	return op, err
}

// SetOperatorPassword gives an operator a new password and ends its
// sessions: the way back in for an operator who forgot it. Only an operator
// or the command line sets one.
func (s *Service) SetOperatorPassword(ctx context.Context, in OperatorPassword) (*ent.Operator, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if err := platform(ctx); err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	cur, err := s.client.Operator.Query().Where(operator.Username(in.Username)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, services.Errorf(services.KindNotFound, "not_found", "no operator is named %q", in.Username)
	} else if err != nil {
		return nil, err
	}
	hash, err := s.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	return s.client.Operator.UpdateOne(cur).SetPasswordHash(hash).AddTokenVersion(1).Save(sys)
}

// Package services holds what every module of Hearth's rules shares: the one
// error type, the validator and the transaction helper. The modules live in
// the folders below it (accounts, ledger, calendar, seed, …); they know
// nothing of HTTP: handlers turn a Kind into a status in one place, and the
// CLI prints the message.
package services

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/budget"
)

// Kind is what sort of failure an Error is; each transport maps it once
// (handlers: to an HTTP status).
type Kind int

// The kinds of failure.
const (
	KindInternal     Kind = iota // a fault on our side; its text stays in the log
	KindInvalid                  // the input breaks a rule (fields say which)
	KindBadRequest               // the input cannot be read at all
	KindNotFound                 // no such record, or outside the caller's scope
	KindForbidden                // the caller's role may never do this
	KindUnauthorized             // not signed in, or the credentials are wrong
	KindConflict                 // the record's state does not allow it now
	KindStale                    // the record changed since the caller read it
	KindPrecondition             // a required precondition (If-Match) is missing
	KindTooLarge                 // the input is larger than allowed
	KindUnsupported              // the input is of a type not accepted
	KindTooMany                  // too many at once; try again later
	KindUnavailable              // a dependency is down
)

// FieldError names one field at fault.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is Hearth's one error type: a kind, a stable code clients may switch
// on, a message for people, the fields at fault, and extra members (e.g.
// current_status) that a transport may show beside them.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Extra   map[string]any
}

// Error names the code, the message and every field at fault.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code + ": " + e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + " " + f.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString(")")
	}
	return b.String()
}

// Errorf makes an Error of kind with a code and a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid is the error of input that breaks rules, naming each field.
func Invalid(fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: "validation_failed", Message: "the request has invalid fields", Fields: fields}
}

// Field is one FieldError, for Invalid.
func Field(name, msg string) FieldError { return FieldError{Field: name, Message: msg} }

// The errors every module returns alike.
var (
	ErrNotFound  = Errorf(KindNotFound, "not_found", "no such record")
	ErrForbidden = Errorf(KindForbidden, "forbidden", "your role may not do this")
	ErrStale     = Errorf(KindStale, "stale_etag", "the record changed since you read it; read it again")
	// ErrBusy is a write given up for its district's budget (a lock or a
	// slot not had in time, a statement over its timeout): nothing was
	// written; the same request may be sent again in a moment.
	ErrBusy = &Error{Kind: KindUnavailable, Code: "busy",
		Message: "数据库繁忙，未写入任何数据，请稍后重试 (busy: nothing was written; retry shortly)",
		Extra:   map[string]any{"retry_after": 1}}
)

// As maps any error to an *Error: ours as they are, ent's by kind (a record
// outside the viewer's scope looks the same as an absent one), everything
// else as internal. internal reports that err's text must stay in the log.
func As(err error) (e *Error, internal bool) {
	var ve *ent.ValidationError
	switch {
	case errors.As(err, &e):
		return e, e.Kind == KindInternal
	case ent.IsNotFound(err), errors.Is(err, privacy.Deny), errors.Is(err, policy.ErrNoViewer):
		return ErrNotFound, false
	case errors.As(err, &ve):
		return Invalid(Field(ve.Name, "is not valid")), false
	case budget.Busy(err):
		return ErrBusy, false
	case ent.IsConstraintError(err):
		return Errorf(KindConflict, "conflict", "a record with these values exists already"), false
	}
	return Errorf(KindInternal, "internal", "something went wrong on our side"), true
}

// InTx runs fn in a transaction of client: the change, its history, its
// audit entries and its reminders commit together or not at all. A panic in
// fn rolls back and goes on. The transaction runs under ctx's write budget
// (budget.With; PostgreSQL): it takes one of its district's write slots
// first, and gives up as busy (ErrBusy) on a lock or a statement over
// budget instead of queueing.
func InTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	if v := policy.FromContext(ctx); v != nil && v.TenantID != uuid.Nil {
		release, err := budget.Acquire(ctx, v.TenantID)
		if err != nil {
			return err
		}
		defer release()
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	// A record noted as made (Made) in a transaction rolled back was not.
	l, _ := ctx.Value(locationKey{}).(*location)
	var noted string
	if l != nil {
		noted = l.id
	}
	rollback := func() {
		tx.Rollback()
		if l != nil {
			l.id = noted
		}
	}
	defer func() {
		if p := recover(); p != nil {
			rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		rollback()
		return err
	}
	if guard, ok := ctx.Value(txGuardKey{}).(TxGuard); ok {
		if err := guard(ctx, tx); err != nil {
			rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		if l != nil {
			l.id = noted
		}
		return err
	}
	return nil
}

// TxGuard is a last check a request's transactions make before they commit,
// inside them: an error rolls the transaction back.
type TxGuard func(ctx context.Context, tx *ent.Tx) error

type txGuardKey struct{}

// WithTxGuard is ctx whose transactions (InTx) run guard before they commit:
// an Idempotency-Key's claim proves in the create's own transaction that it
// is still its request's, so a retry that took the key over and the
// request it took over never both commit.
func WithTxGuard(ctx context.Context, guard TxGuard) context.Context {
	return context.WithValue(ctx, txGuardKey{}, guard)
}

// WithLocation is ctx of a request that makes one record, found at prefix
// followed by the record's id: the service notes the id (Made) in the
// transaction that makes it, so that a transaction guard may keep where
// the record is with what it commits (an Idempotency-Key's claim: a retry
// whose first answer was lost learns where its record is).
func WithLocation(ctx context.Context, prefix string) context.Context {
	return context.WithValue(ctx, locationKey{}, &location{prefix: prefix})
}

type locationKey struct{}

type location struct {
	prefix string
	id     string
}

// Made notes, inside the transaction that makes it, the record the request
// of ctx made (the first one noted stays); without WithLocation it does
// nothing.
func Made(ctx context.Context, id fmt.Stringer) {
	if l, ok := ctx.Value(locationKey{}).(*location); ok && l.id == "" {
		l.id = id.String()
	}
}

// Location is where the record the request of ctx made is found (prefix and
// id), or "" when none was noted.
func Location(ctx context.Context) string {
	if l, ok := ctx.Value(locationKey{}).(*location); ok && l.id != "" {
		return l.prefix + l.id
	}
	return ""
}

// Locked reads a row to change with read(true), a SELECT … FOR UPDATE that
// holds it until the transaction ends, so a rule checked after it (a cap, a
// single pending request) holds against concurrent requests. SQLite has no
// row locks and needs none: Hearth opens its write transactions IMMEDIATE,
// one at a time; ent refuses the lock there, and the row is read plainly
// with read(false).
func Locked[T any](read func(forUpdate bool) (T, error)) (T, error) {
	v, err := read(true)
	if err != nil && strings.Contains(err.Error(), "not supported in SQLite") {
		return read(false)
	}
	return v, err
}

package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// Error is Hearth's one error type. Handlers return it (or wrap it); the
// ErrorHandler turns any error into an RFC 9457 problem with a stable code.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  []FieldError
	Extra   map[string]any // more members of the problem, e.g. current_status
}

// FieldError names one field at fault in a request.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalid(fields ...FieldError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Message: "the request has invalid fields", Fields: fields}
}

var (
	errNotFound     = errorf(http.StatusNotFound, "not_found", "no such record")
	errForbidden    = errorf(http.StatusForbidden, "forbidden", "your role may not do this")
	errUnauthorized = errorf(http.StatusUnauthorized, "unauthorized", "sign in first")
	errStale        = errorf(http.StatusPreconditionFailed, "stale_etag", "the record changed since you read it; read it again")
	errNeedIfMatch  = errorf(http.StatusPreconditionRequired, "if_match_required", "send If-Match with the record's ETag")
)

type problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Code      string       `json:"code"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Fields    []FieldError `json:"fields,omitempty"`
}

// asError maps any error to an *Error: ours as they are, ent's and fiber's by
// kind, everything else as an internal error whose text stays in the log.
func asError(err error) (e *Error, internal bool) {
	var fe *fiber.Error
	var ve *ent.ValidationError
	switch {
	case errors.As(err, &e):
		return e, false
	case ent.IsNotFound(err), errors.Is(err, privacy.Deny), errors.Is(err, policy.ErrNoViewer):
		// Outside the viewer's scope looks the same as absent.
		return errNotFound, false
	case errors.As(err, &ve):
		return invalid(FieldError{Field: ve.Name, Message: "is not valid"}), false
	case ent.IsConstraintError(err):
		return errorf(http.StatusConflict, "conflict", "a record with these values exists already"), false
	case errors.As(err, &fe):
		switch fe.Code {
		case http.StatusNotFound:
			return errorf(fe.Code, "route_not_found", "no such route"), false
		case http.StatusMethodNotAllowed:
			return errorf(fe.Code, "method_not_allowed", "method not allowed on this route"), false
		case http.StatusRequestEntityTooLarge:
			return errorf(fe.Code, "payload_too_large", "the request body is too large"), false
		case http.StatusRequestTimeout:
			return errorf(fe.Code, "request_timeout", "the request took too long"), false
		}
		if fe.Code < 500 {
			return errorf(fe.Code, "bad_request", "%s", fe.Message), false
		}
	}
	return errorf(http.StatusInternalServerError, "internal", "something went wrong on our side"), true
}

// errorHandler is fiber's ErrorHandler: the one place errors become HTTP.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		e, internal := asError(err)
		rid, _ := c.Locals("requestid").(string)
		if internal {
			log.Error("request failed", "request_id", rid, "method", c.Method(), "path", c.Path(), "err", err)
		}
		p := problem{
			Type: "about:blank", Title: http.StatusText(e.Status), Status: e.Status,
			Detail: e.Message, Code: e.Code, Instance: c.Path(), RequestID: rid, Fields: e.Fields,
		}
		if e.Status == http.StatusTooManyRequests {
			if ra, ok := e.Extra["retry_after"]; ok {
				c.Set(fiber.HeaderRetryAfter, fmt.Sprint(ra))
			}
		}
		c.Set(fiber.HeaderContentType, "application/problem+json")
		if len(e.Extra) == 0 {
			return c.Status(e.Status).JSON(p, "application/problem+json")
		}
		// Extra members sit beside the standard ones.
		m := map[string]any{
			"type": p.Type, "title": p.Title, "status": p.Status, "detail": p.Detail,
			"code": p.Code, "instance": p.Instance, "request_id": p.RequestID,
		}
		if len(p.Fields) > 0 {
			m["fields"] = p.Fields
		}
		for k, v := range e.Extra {
			m[k] = v
		}
		return c.Status(e.Status).JSON(m, "application/problem+json")
	}
}

package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/services"
)

// status is the one table from a service error's kind to an HTTP status.
var status = map[services.Kind]int{
	services.KindInternal:     http.StatusInternalServerError,
	services.KindInvalid:      http.StatusUnprocessableEntity,
	services.KindBadRequest:   http.StatusBadRequest,
	services.KindNotFound:     http.StatusNotFound,
	services.KindForbidden:    http.StatusForbidden,
	services.KindUnauthorized: http.StatusUnauthorized,
	services.KindConflict:     http.StatusConflict,
	services.KindStale:        http.StatusPreconditionFailed,
	services.KindPrecondition: http.StatusPreconditionRequired,
	services.KindTooLarge:     http.StatusRequestEntityTooLarge,
	services.KindUnsupported:  http.StatusUnsupportedMediaType,
	services.KindTooMany:      http.StatusTooManyRequests,
	services.KindUnavailable:  http.StatusServiceUnavailable,
}

var (
	errUnauthorized = services.Errorf(services.KindUnauthorized, "unauthorized", "sign in first")
	errNeedIfMatch  = services.Errorf(services.KindPrecondition, "if_match_required", "send If-Match with the record's ETag")
)

type problem struct {
	Type      string                `json:"type"`
	Title     string                `json:"title"`
	Status    int                   `json:"status"`
	Detail    string                `json:"detail,omitempty"`
	Code      string                `json:"code"`
	Instance  string                `json:"instance,omitempty"`
	RequestID string                `json:"request_id,omitempty"`
	Fields    []services.FieldError `json:"fields,omitempty"`
}

// asError maps any error to a service error and its status: services' and
// ent's through services.As, fiber's by their status, everything else as an
// internal error whose text stays in the log.
func asError(err error) (e *services.Error, code int, internal bool) {
	var fe *fiber.Error
	if errors.As(err, &fe) && !errors.As(err, &e) {
		switch fe.Code {
		case http.StatusNotFound:
			return services.Errorf(services.KindNotFound, "route_not_found", "no such route"), fe.Code, false
		case http.StatusMethodNotAllowed:
			return services.Errorf(services.KindBadRequest, "method_not_allowed", "method not allowed on this route"), fe.Code, false
		case http.StatusRequestEntityTooLarge:
			return services.Errorf(services.KindTooLarge, "payload_too_large", "请求内容过大"), fe.Code, false
		case http.StatusRequestTimeout:
			return services.Errorf(services.KindBadRequest, "request_timeout", "the request took too long"), fe.Code, false
		}
		if fe.Code < 500 {
			return services.Errorf(services.KindBadRequest, "bad_request", "%s", fe.Message), fe.Code, false
		}
	}
	e, internal = services.As(err)
	return e, status[e.Kind], internal
}

// errorHandler is fiber's ErrorHandler: the one place errors become HTTP.
// Inside observe it leaves the log line to observe, handing it the cause of
// a 500. Called by fasthttp for a request refused before any middleware ran
// (a body over the limit, headers too large, a read timeout), it gives the
// answer its request id and logs it itself: every answer has both.
func (a *api) errorHandler(c *fiber.Ctx, err error) error {
	observed, _ := c.Locals(localObserved).(bool)
	rid, _ := c.Locals("requestid").(string)
	if rid == "" {
		rid = assignRequestID(c)
	}
	e, code, internal := asError(err)
	if internal {
		c.Locals(localCause, err)
	}
	if code == http.StatusMethodNotAllowed {
		if allow := string(c.Response().Header.Peek(fiber.HeaderAllow)); allow != "" {
			e = services.Errorf(services.KindBadRequest, "method_not_allowed",
				"%s is not allowed on this path; it answers %s (see Allow)", c.Method(), allow)
		}
	}
	werr := a.writeProblem(c, e, code, rid)
	if !observed {
		a.record(c, 0) // refused while reading it: fasthttp keeps no start time to measure from
	}
	return werr
}

// writeProblem answers e as an RFC 9457 problem.
func (a *api) writeProblem(c *fiber.Ctx, e *services.Error, code int, rid string) error {
	p := problem{
		Type: "about:blank", Title: http.StatusText(code), Status: code,
		Detail: e.Message, Code: e.Code, Instance: c.Path(), RequestID: rid, Fields: e.Fields,
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		if ra, ok := e.Extra["retry_after"]; ok {
			c.Set(fiber.HeaderRetryAfter, fmt.Sprint(ra))
		}
	}
	c.Set(fiber.HeaderContentType, "application/problem+json")
	if len(e.Extra) == 0 {
		return c.Status(code).JSON(p, "application/problem+json")
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
	return c.Status(code).JSON(m, "application/problem+json")
}

package handlers

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// page is a keyset page request: ids are UUIDv7, so "after this id" follows
// creation order and needs no offset.
type page struct {
	Limit int
	After *uuid.UUID
}

// limitOf reads the page size.
func limitOf(c *fiber.Ctx) (int, error) {
	s := c.Query("limit")
	if s == "" {
		return services.DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > services.MaxLimit {
		return 0, services.Invalid(services.FieldError{Field: "limit", Message: fmt.Sprintf("must be a whole number from 1 to %d", services.MaxLimit)})
	}
	return n, nil
}

func pageOf(c *fiber.Ctx) (page, error) {
	var p page
	var err error
	if p.Limit, err = limitOf(c); err != nil {
		return p, err
	}
	if s := c.Query("cursor"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		id, err2 := uuid.FromBytes(b)
		if err != nil || err2 != nil {
			return p, services.Invalid(services.FieldError{Field: "cursor", Message: "is not a cursor this API gave out"})
		}
		p.After = &id
	}
	return p, nil
}

// finish trims the extra row fetched to learn whether another page exists.
func finish[E any, T any](rows []E, p page, id func(E) uuid.UUID, out func(E) T) list[T] {
	l := list[T]{Items: make([]T, 0, min(len(rows), p.Limit))}
	for i, r := range rows {
		if i == p.Limit {
			l.NextCursor = base64.RawURLEncoding.EncodeToString(must(id(rows[i-1]).MarshalBinary()))
			break
		}
		l.Items = append(l.Items, out(r))
	}
	return l
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// etag is a record's version as an entity tag.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads the version a client claims to have read.
func ifMatch(c *fiber.Ctx) (int64, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" {
		return 0, errNeedIfMatch
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil {
		return 0, services.ErrStale
	}
	return v, nil
}

// idParam reads a UUID path parameter; anything else answers 400
// invalid_id, saying a UUID is expected.
func idParam(c *fiber.Ctx, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params(name))
	if err != nil {
		e := services.Errorf(services.KindBadRequest, "invalid_id",
			"the %s in the path must be a UUID, such as %s", name, exampleUUID)
		e.Fields = []services.FieldError{{Field: name, Message: uuidMessage}}
		return uuid.Nil, e
	}
	return id, nil
}

// textQuery reads a free-text query parameter: storable, at most max
// characters.
func textQuery(c *fiber.Ctx, name string, max int) (string, error) {
	s := strings.TrimSpace(c.Query(name))
	if !services.StorableText(s) || utf8.RuneCountInString(s) > max {
		return "", services.Invalid(services.FieldError{Field: name, Message: fmt.Sprintf("must be UTF-8 text of at most %d characters, without NUL", max)})
	}
	return s, nil
}

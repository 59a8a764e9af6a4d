package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"
)

// decode reads a JSON body strictly (unknown fields are errors) into T and
// validates it with its `validate` tags.
func decode[T any](c *fiber.Ctx, limit int) (*T, error) {
	var in T
	body := c.Body()
	if len(body) > limit {
		return nil, tooLarge(int64(limit), false)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, services.Errorf(services.KindBadRequest, "malformed_json", "the request needs a JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		if f := badMember[T](body); f != "" {
			return nil, services.Invalid(services.FieldError{Field: f, Message: wrongForm[T](f)})
		}
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, services.Errorf(services.KindBadRequest, "malformed_json", "the body holds more than one JSON value")
	}
	if f := nulField(reflect.ValueOf(&in).Elem()); f != "" {
		return nil, services.Invalid(services.FieldError{Field: f, Message: "must not contain NUL characters"})
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	return &in, nil
}

// nulField names the first string field holding a NUL: valid JSON, but no
// database stores it (PostgreSQL refuses it in text), so it is refused here.
func nulField(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return nulField(v.Elem())
		}
	case reflect.String:
		if strings.IndexByte(v.String(), 0) >= 0 {
			return "?"
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if f := nulField(v.Index(i)); f != "" {
				return f
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := nulField(v.Field(i))
			if f == "" {
				continue
			}
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if f == "?" {
				return name
			}
			return name + "." + f
		}
	}
	return ""
}

// badMember names the member of a well-formed JSON object that T refuses
// though its JSON type is right, such as a malformed UUID: the decoder's own
// error does not name it.
func badMember[T any](body []byte) string {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return ""
	}
	for _, k := range slices.Sorted(maps.Keys(members)) {
		one, err := json.Marshal(map[string]json.RawMessage{k: members[k]})
		if err != nil {
			continue
		}
		var v T
		var te *json.UnmarshalTypeError
		if err := json.Unmarshal(one, &v); err != nil && !errors.As(err, &te) {
			return k
		}
	}
	return ""
}

// exampleUUID shows what an id looks like (a UUIDv7, as Hearth's are).
const exampleUUID = "0191b6c4-3f2a-7c1e-9d4b-5e6f7a8b9c0d"

// uuidMessage is what a field or parameter that must be an id says.
const uuidMessage = "must be a UUID, such as " + exampleUUID

// wrongForm says what member name of T (a struct) takes, when its value
// has the right JSON type but not the form its Go type reads: an id that is
// not a UUID says so.
func wrongForm[T any](name string) string {
	t := reflect.TypeFor[T]()
	f, ok := fieldByJSONName(t, name)
	if !ok {
		return "has a value of the wrong form"
	}
	ft, many := f.Type, false
	for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
		many = many || ft.Kind() == reflect.Slice
		ft = ft.Elem()
	}
	switch {
	case ft == uuidType && many:
		return "must be a list of UUIDs, such as [\"" + exampleUUID + "\"]"
	case ft == uuidType:
		return uuidMessage
	case ft == timeType:
		return "must be a date and time, such as 2026-03-02T08:00:00+08:00"
	}
	return "has a value of the wrong form"
}

// fieldByJSONName finds the field of struct type t that JSON member name
// fills, looking into embedded structs as encoding/json does.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name || tag == "" && strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return services.Errorf(services.KindBadRequest, "malformed_json", "the body is not valid JSON")
	case errors.As(err, &te):
		return services.Invalid(services.FieldError{Field: te.Field, Message: "must be a " + te.Type.String()})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return services.Invalid(services.FieldError{Field: f, Message: "is not a field of this request"})
	}
	return services.Errorf(services.KindBadRequest, "malformed_json", "the body could not be read as JSON")
}

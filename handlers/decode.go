package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/gofiber/fiber/v2"
)

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	must(0, v.RegisterValidation("username", func(fl validator.FieldLevel) bool {
		return usernameRE.MatchString(fl.Field().String())
	}))
	must(0, v.RegisterValidation("password", func(fl validator.FieldLevel) bool {
		pw := fl.Field().String()
		return utf8.RuneCountInString(pw) >= 10 && len(pw) <= maxPassword
	}))
	must(0, v.RegisterValidation("date", func(fl validator.FieldLevel) bool {
		return validDate(fl.Field().String())
	}))
	must(0, v.RegisterValidation("phone", func(fl validator.FieldLevel) bool {
		return phoneRE.MatchString(fl.Field().String())
	}))
	must(0, v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugRE.MatchString(fl.Field().String())
	}))
	return v
}()

var (
	usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	slugRE     = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	phoneRE    = regexp.MustCompile(`^\+?[0-9][0-9 -]{2,28}$`)
)

// decode reads a JSON body strictly (unknown fields are errors) into T and
// validates it with its `validate` tags.
func decode[T any](c *fiber.Ctx, limit int) (*T, error) {
	var in T
	body := c.Body()
	if len(body) > limit {
		return nil, errorf(http.StatusRequestEntityTooLarge, "payload_too_large", "the request body is too large")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errorf(http.StatusBadRequest, "malformed_json", "the request needs a JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		if f := badMember[T](body); f != "" {
			return nil, invalid(FieldError{Field: f, Message: "has a value of the wrong form"})
		}
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errorf(http.StatusBadRequest, "malformed_json", "the body holds more than one JSON value")
	}
	if f := nulField(reflect.ValueOf(&in).Elem()); f != "" {
		return nil, invalid(FieldError{Field: f, Message: "must not contain NUL characters"})
	}
	if err := check(&in); err != nil {
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

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(http.StatusBadRequest, "malformed_json", "the body is not valid JSON")
	case errors.As(err, &te):
		return invalid(FieldError{Field: te.Field, Message: "must be a " + te.Type.String()})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(FieldError{Field: f, Message: "is not a field of this request"})
	}
	return errorf(http.StatusBadRequest, "malformed_json", "the body could not be read as JSON")
}

// check runs the validator and turns its complaints into field errors.
func check(v any) error {
	err := validate.Struct(v)
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	fields := make([]FieldError, 0, len(ves))
	for _, fe := range ves {
		fields = append(fields, FieldError{Field: fieldPath(fe.Namespace()), Message: message(fe)})
	}
	return invalid(fields...)
}

func fieldPath(ns string) string {
	_, rest, ok := strings.Cut(ns, ".")
	if !ok {
		return ns
	}
	return rest
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "oneof":
		return "must be one of: " + fe.Param()
	case "min":
		return "must be at least " + fe.Param() + " long"
	case "max":
		return "must be at most " + fe.Param() + " long"
	case "uuid", "uuid4":
		return "must be a UUID"
	case "slug":
		return "must be lower-case letters, digits and dashes, starting with a letter"
	case "password":
		return fmt.Sprintf("must be at least 10 characters and at most %d bytes", maxPassword)
	case "date":
		return "must be a date, YYYY-MM-DD"
	case "phone":
		return "must be a phone number: digits, spaces and dashes"
	case "latitude", "longitude":
		return "must be a " + fe.Tag() + " in degrees"
	case "username":
		return "must be lower-case letters, digits, dots, dashes or underscores"
	}
	return "is not valid (" + fe.Tag() + ")"
}

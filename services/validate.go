package services

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// MaxPassword bounds the work a sign-in may ask for (bytes).
const MaxPassword = 128

// The forms of names and codes, shared by the API and the CLI.
var (
	usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	slugRE     = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	phoneRE    = regexp.MustCompile(`^\+?[0-9][0-9 -]{2,28}$`)
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
	rules := map[string]func(string) bool{
		"username": usernameRE.MatchString,
		"slug":     slugRE.MatchString,
		"phone":    func(s string) bool { return s == "" || phoneRE.MatchString(s) }, // empty: none given
		"date":     ValidDate,
		"password": func(pw string) bool { return utf8.RuneCountInString(pw) >= 10 && len(pw) <= MaxPassword },
	}
	for tag, ok := range rules {
		must(v.RegisterValidation(tag, func(fl validator.FieldLevel) bool { return ok(fl.Field().String()) }))
	}
	// enum: a value of one of package enum's types.
	must(v.RegisterValidation("enum", func(fl validator.FieldLevel) bool {
		e, ok := fl.Field().Interface().(enum.Enum)
		return ok && e.Valid()
	}))
	return v
}()

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// The years a date may fall in: a typo such as 9999-12-31 or 0026-11-05 is
// refused where it is typed, before it reaches a deadline, a ladder or a
// filter.
const (
	MinYear = 2000
	MaxYear = 2100
)

// DateMessage says what ValidDate takes.
var DateMessage = fmt.Sprintf("must be a date, YYYY-MM-DD, from %d to %d", MinYear, MaxYear)

// ValidDate reports whether s is a calendar date written YYYY-MM-DD in the
// years MinYear to MaxYear.
func ValidDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly) && t.Year() >= MinYear && t.Year() <= MaxYear
}

// Check trims the texts of v (a pointer to a struct) and holds it to its
// `validate` tags, reporting every field at fault as one Invalid error;
// fields are named by their JSON names. Trimming first makes a required
// text of blanks alone missing, and a `min=1` one too short, whatever the
// input: one rule for every module, not one per field.
func Check(v any) error {
	trim(reflect.ValueOf(v))
	err := validate.Struct(v)
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	fields := make([]FieldError, 0, len(ves))
	for _, fe := range ves {
		fields = append(fields, FieldError{Field: fieldPath(fe.Namespace()), Message: message(fe)})
	}
	return Invalid(fields...)
}

// trim takes the white space (Chinese full-width spaces included) around
// every text v holds through pointers, structs and slices away. A field
// tagged trim:"no" keeps its own, as a password or a secret must; v passed
// by value cannot be changed and is left as it is.
func trim(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			trim(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("trim") != "no" {
				trim(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			trim(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(strings.TrimSpace(v.String()))
		}
	}
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
	case "enum":
		if e, ok := fe.Value().(enum.Enum); ok {
			return "must be one of: " + strings.Join(e.Values(), " ")
		}
	case "min":
		return "must be at least " + fe.Param() + " long"
	case "max":
		return "must be at most " + fe.Param() + " long"
	case "uuid", "uuid4":
		return "must be a UUID"
	case "slug":
		return "must be lower-case letters, digits and dashes, starting with a letter"
	case "password":
		return fmt.Sprintf("must be at least 10 characters and at most %d bytes", MaxPassword)
	case "date":
		return DateMessage
	case "phone":
		return "must be a phone number: digits, spaces and dashes"
	case "latitude", "longitude":
		return "must be a " + fe.Tag() + " in degrees"
	case "username":
		return "must be lower-case letters, digits, dots, dashes or underscores"
	}
	return "is not valid (" + fe.Tag() + ")"
}

// Package enum declares each of Hearth's enumerations once: a Go string type
// whose values are the API's codes, with the Chinese label people read. ent
// stores fields of these types (field.Enum(...).GoType), and validation, list
// filters, Excel, seeds and messages all read the same table, so a value or a
// label is added in one place.
package enum

// item is one value of an enumeration and its Chinese label.
type item[T ~string] struct {
	Code  T
	Label string
}

// table is an enumeration in its declared order.
type table[T ~string] []item[T]

func (t table[T]) values() []string {
	out := make([]string, len(t))
	for i, it := range t {
		out[i] = string(it.Code)
	}
	return out
}

func (t table[T]) codes() []T {
	out := make([]T, len(t))
	for i, it := range t {
		out[i] = it.Code
	}
	return out
}

func (t table[T]) labels() []string {
	out := make([]string, len(t))
	for i, it := range t {
		out[i] = it.Label
	}
	return out
}

func (t table[T]) label(c T) string {
	for _, it := range t {
		if it.Code == c {
			return it.Label
		}
	}
	return string(c)
}

func (t table[T]) valid(c T) bool {
	for _, it := range t {
		if it.Code == c {
			return true
		}
	}
	return false
}

// parse reads a code or a label.
func (t table[T]) parse(s string) (T, bool) {
	for _, it := range t {
		if string(it.Code) == s || it.Label == s {
			return it.Code, true
		}
	}
	return "", false
}

// Enum is what every enumeration of this package offers: validation reads
// Valid, messages and exports read Label.
type Enum interface {
	Values() []string
	Valid() bool
	Label() string
}

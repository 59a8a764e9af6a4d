package services

import (
	"strings"
	"unicode/utf8"
)

// Page sizes: lists answer at most MaxLimit items a page.
const (
	DefaultLimit = 50
	MaxLimit     = 200
	// MaxTextFilter bounds a free-text filter (characters).
	MaxTextFilter = 100
)

// StorableText reports whether s can be stored and searched as text:
// PostgreSQL refuses NUL and invalid UTF-8 (a 500, were it let through).
func StorableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

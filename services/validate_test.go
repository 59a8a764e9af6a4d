package services_test

import (
	"errors"
	"testing"

	"github.com/hearthsafety/hearth/services"
)

type trimmed struct {
	Name     string    `json:"name" validate:"required,max=10"`
	Note     *string   `json:"note" validate:"omitnil,min=1"`
	Tags     []string  `json:"tags"`
	Password string    `json:"password" validate:"required" trim:"no"`
	Inner    *trimmed  `json:"inner"`
	When     string    `json:"when" validate:"omitempty,date"`
	private  string    //nolint:unused // unexported: left alone
	Many     []*string `json:"many"`
}

// Check trims every text it can reach, leaves a trim:"no" one as given, and
// then holds the trimmed values to the rules.
func TestCheckTrims(t *testing.T) {
	note, m := " 备注 ", "\t x "
	in := trimmed{Name: "\u3000名称 ", Note: &note, Tags: []string{" a ", "b "}, Password: " pass word ",
		Inner: &trimmed{Name: " 内 ", Password: " p "}, When: " 2026-03-01 ", Many: []*string{&m}, private: " x "}
	if err := services.Check(&in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "名称" || *in.Note != "备注" || in.Tags[0] != "a" || in.Tags[1] != "b" || in.Inner.Name != "内" ||
		in.When != "2026-03-01" || m != "x" {
		t.Errorf("not trimmed: %+v %q %q", in, *in.Note, m)
	}
	if in.Password != " pass word " || in.Inner.Password != " p " || in.private != " x " {
		t.Errorf("trimmed what it must keep: %q %q %q", in.Password, in.Inner.Password, in.private)
	}

	blank, pw := "   ", " "
	err := services.Check(&trimmed{Name: " \t\n\u3000", Note: &blank, Password: pw})
	var e *services.Error
	if !errors.As(err, &e) || len(e.Fields) != 2 || e.Fields[0].Field != "name" || e.Fields[1].Field != "note" {
		t.Errorf("blanks alone: %v, want name and note at fault (a password of a space is given)", err)
	}
}

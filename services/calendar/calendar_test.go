package calendar

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// operator is a platform operator's context, as the API gives a request.
func operator(id uuid.UUID) context.Context {
	return policy.NewContext(context.Background(), &policy.Viewer{UserID: id, Username: "ops",
		Operator: true, Roles: []string{policy.RolePlatformAdmin}})
}

// clock is a settable clock for the calendar's snapshot age.
type clock struct{ t atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.t.Store(time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) now() time.Time      { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) add(d time.Duration) { c.t.Add(int64(d)) }
func newCal(client *ent.Client, c *clock) *Calendar {
	cal := New(client)
	cal.now = c.now
	return cal
}

func TestLoad(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	clk := newClock()
	cal, other := newCal(db.Client, clk), newCal(db.Client, clk)
	for _, c := range []*Calendar{cal, other} {
		if err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if cal.Year(2027).Official || !cal.IsWorkday(at(t, "2027-01-01")) {
		t.Fatal("2027 must start provisional")
	}
	if cal.Year(2026).WorkingDays != 248 {
		t.Fatal("the embedded 2026 is missing from a calendar over an empty table")
	}

	t.Run("OK", func(t *testing.T) {
		who := uuid.New()
		y, err := cal.Load(operator(who), notice2027())
		if err != nil {
			t.Fatal(err)
		}
		if !y.Official || y.WorkingDays != 261 || y.Source != notice2027().Source {
			t.Errorf("loaded year = %+v", y)
		}
		if cal.IsWorkday(at(t, "2027-01-01")) || !cal.IsWorkday(at(t, "2027-01-09")) {
			t.Error("the loading calendar does not count with the loaded year at once")
		}
		row, err := db.Client.CalendarYear.Get(policy.System(ctx), 2027)
		if err != nil {
			t.Fatal(err)
		}
		if !row.Official || row.LoadedBy == nil || *row.LoadedBy != who || !row.LoadedAt.Equal(clk.now()) {
			t.Errorf("stored row = %+v; want official, loaded by %s at %v", row, who, clk.now())
		}
	})

	t.Run("OtherReplicaWithinAMinute", func(t *testing.T) {
		if other.Year(2027).Official {
			t.Fatal("the other replica saw the load before its snapshot aged")
		}
		clk.add(maxAge + time.Second)
		other.IsWorkday(at(t, "2027-01-01")) // starts the background re-read
		deadline := time.Now().Add(5 * time.Second)
		for !other.Year(2027).Official {
			if time.Now().After(deadline) {
				t.Fatal("the other replica did not re-read calendar_years once its snapshot aged")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if other.IsWorkday(at(t, "2027-01-01")) {
			t.Error("the other replica counts 2027-01-01 as working after the re-read")
		}
	})

	t.Run("ReplacesAnEarlierLoad", func(t *testing.T) {
		n := notice2027()
		n.Holidays = append(n.Holidays, "2027-01-04")
		n.Source = "a corrected test notice"
		// As the CLI loads: the system, no operator account.
		y, err := cal.Load(policy.System(ctx), n)
		if err != nil {
			t.Fatal(err)
		}
		if y.WorkingDays != 260 || len(y.Holidays) != 4 || y.Source != n.Source {
			t.Errorf("reloaded year = %+v", y)
		}
		row, err := db.Client.CalendarYear.Get(policy.System(ctx), 2027)
		if err != nil {
			t.Fatal(err)
		}
		if row.LoadedBy != nil || row.Source != n.Source || len(row.Holidays) != 4 {
			t.Errorf("stored row = %+v; want the system's load (no loaded_by)", row)
		}
		if n, _ := db.Client.CalendarYear.Query().Count(policy.System(ctx)); n != 1 {
			t.Errorf("%d calendar_years rows, want 1", n)
		}
	})

	t.Run("OverridesTheEmbeddedYear", func(t *testing.T) {
		n := Notice{Year: 2026, Holidays: Embedded().Year(2026).Holidays, Workdays: []string{"2026-02-14"},
			Source: "test: only one make-up day"}
		y, err := cal.Load(operator(uuid.New()), n)
		if err != nil {
			t.Fatal(err)
		}
		if y.WorkingDays != 243 || cal.IsWorkday(at(t, "2026-10-10")) {
			t.Errorf("2026 after a load = %+v; the loaded row must override the embedded year", y)
		}
	})
}

func TestLoadRefused(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	cal := New(db.Client)
	district := policy.NewContext(context.Background(), &policy.Viewer{UserID: uuid.New(), TenantID: uuid.New(),
		OrgKind: enum.OrgBureau, Roles: []string{policy.RoleBureauAdmin}})
	cases := []struct {
		name string
		ctx  context.Context
		edit func(n *Notice)
		kind services.Kind
	}{
		{"ErrDateOutsideYear", operator(uuid.New()), func(n *Notice) { n.Holidays[0] = "2028-01-01" }, services.KindInvalid},
		{"ErrOverlap", operator(uuid.New()), func(n *Notice) { n.Workdays = []string{"2027-01-02"} }, services.KindInvalid},
		{"ErrWeekdayWorkday", operator(uuid.New()), func(n *Notice) { n.Workdays = []string{"2027-01-04"} }, services.KindInvalid},
		{"ErrBureauAdmin", district, func(*Notice) {}, services.KindForbidden},
		{"ErrNoViewer", context.Background(), func(*Notice) {}, services.KindForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := notice2027()
			c.edit(&n)
			_, err := cal.Load(c.ctx, n)
			var se *services.Error
			if !errors.As(err, &se) || se.Kind != c.kind {
				t.Fatalf("Load = %v, want kind %d", err, c.kind)
			}
			if cal.Year(2027).Official {
				t.Error("a refused load changed the calendar")
			}
		})
	}
	if n, _ := db.Client.CalendarYear.Query().Count(policy.System(context.Background())); n != 0 {
		t.Errorf("%d calendar_years rows after refused loads, want 0", n)
	}
}

func TestLoadOnLoad(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	cal := New(db.Client)
	var got []int
	cal.OnLoad = func(ctx context.Context, tx *ent.Tx, tb Table, year int) error {
		// The hook sees the new year in the table it is given and the
		// row in its transaction, before anyone else does.
		if tb.IsWorkday(at(t, "2027-01-01")) || !tb.Year(2027).Official {
			t.Error("OnLoad's table does not count with the loaded year")
		}
		if _, err := tx.CalendarYear.Get(policy.System(ctx), year); err != nil {
			t.Errorf("OnLoad's transaction lacks the row: %v", err)
		}
		got = append(got, year)
		if len(got) == 2 {
			return errors.New("re-laying failed")
		}
		return nil
	}
	if _, err := cal.Load(operator(uuid.New()), notice2027()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != 2027 {
		t.Fatalf("OnLoad saw %v, want [2027]", got)
	}
	n := notice2027()
	n.Source = "a second load whose hook fails"
	if _, err := cal.Load(operator(uuid.New()), n); err == nil {
		t.Fatal("a load whose OnLoad failed succeeded")
	}
	row, err := db.Client.CalendarYear.Get(policy.System(context.Background()), 2027)
	if err != nil || row.Source != notice2027().Source {
		t.Errorf("after a failed hook the row is %+v (%v); want the first load, rolled back to", row, err)
	}
	if cal.Year(2027).Source != notice2027().Source {
		t.Error("after a failed hook the calendar counts with the refused notice")
	}
}

func TestWithoutDatabase(t *testing.T) {
	cal := New(nil)
	if err := cal.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if cal.Year(2026).WorkingDays != 248 {
		t.Error("a calendar without a database lacks the embedded years")
	}
	if _, err := cal.Load(operator(uuid.New()), notice2027()); err == nil {
		t.Error("a calendar without a database loaded a year")
	}
}

// Package calendar is where a district's dates come from: its time zone and
// "today" (Location, Today), and China's working-day calendar (Calendar),
// against which deadlines counted in working days are laid and reminders that
// fall on a day off are moved.
//
// The working-day calendar is platform-wide: every district counts alike.
// Each year is the State Council's annual notice of holidays and make-up
// workdays (a Notice). The years the binary was built with are embedded
// (years/*.json); an operator loads a year when its notice appears
// (`hearth calendar load FILE`, PUT /api/v1/calendar/{year}), which stores it
// in calendar_years and overrides the embedded one. A year with neither is
// provisional: weekends only.
package calendar

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/calendaryear"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

//go:embed years/*.json
var yearFiles embed.FS

// embedded is the calendar of the years built in, read once.
var embedded = func() Table {
	t, err := readYears(yearFiles)
	if err != nil {
		panic(err) // calendar_test.go reads every file; a bad one fails there first
	}
	return t
}()

func readYears(fsys fs.FS) (Table, error) {
	names, err := fs.Glob(fsys, "years/*.json")
	if err != nil {
		return Table{}, err
	}
	var t Table
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return Table{}, err
		}
		n, err := ParseNotice(b)
		if err == nil {
			err = n.Check()
		}
		if err != nil {
			return Table{}, fmt.Errorf("calendar: %s: %w", name, err)
		}
		if want := fmt.Sprintf("years/%d.json", n.Year); name != want {
			return Table{}, fmt.Errorf("calendar: %s holds year %d; name it %s", name, n.Year, want)
		}
		t = t.With(n)
	}
	return t, nil
}

// Embedded is the calendar built into the binary, before any year loaded by
// an operator: for tools and tests that have no database.
func Embedded() Table { return embedded }

// ParseNotice reads a notice written as JSON (the shape of years/2026.json:
// "year", "holidays", "workdays", "source", and optionally "official": true).
// Unknown keys are refused, so a misspelt key does not load an empty year. It
// does not Check the notice.
func ParseNotice(b []byte) (Notice, error) {
	var f struct {
		Notice
		Official *bool `json:"official"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Notice{}, services.Errorf(services.KindBadRequest, "malformed_json", "the notice is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Notice{}, services.Errorf(services.KindBadRequest, "malformed_json", "the notice holds more than one JSON value")
	}
	if f.Official != nil && !*f.Official {
		return Notice{}, services.Invalid(services.Field("official", "must be true or left out: a loaded notice is official"))
	}
	return f.Notice, nil
}

// maxAge is how old a snapshot may grow before the calendar re-reads
// calendar_years: how long another replica's load takes to reach this one.
const maxAge = time.Minute

// retryAfter is how soon a failed re-read is tried again.
const retryAfter = 10 * time.Second

// Calendar is the working-day calendar of a running Hearth: the embedded
// years overlaid with the years operators loaded into calendar_years. It is
// safe for concurrent use.
//
// Reads (IsWorkday, AddWorkdays, Table, …) never wait for the database: they
// answer from an in-memory snapshot. When the snapshot is older than a minute
// a read starts one re-read in the background, so a year another replica
// loads is counted here within about a minute; a load through this Calendar
// counts at once. Call Refresh once at start so the first reads see the
// loaded years.
type Calendar struct {
	// OnLoad, when set, runs inside the transaction that stores a loaded
	// year, after the row is written: the reminder engine re-lays the
	// open deadlines counted in working days and the day rungs that fall
	// in year, using t (the calendar as it will be once the load commits;
	// the Calendar's own snapshot still shows the old year until then).
	// ctx is the loader's (an operator viewer, or System from the CLI):
	// the hook reaches every district's reminders through policy.System
	// itself. Anything to do after commit (waking the relay) it registers
	// with tx.OnCommit. An error rolls the load back.
	OnLoad func(ctx context.Context, tx *ent.Tx, t Table, year int) error

	// Log receives background re-read failures; nil is slog.Default().
	Log *slog.Logger

	client *ent.Client
	now    func() time.Time

	snap       atomic.Pointer[Table]
	due        atomic.Int64 // UnixNano after which the snapshot is re-read
	refreshing atomic.Bool  // a background re-read is running
	mu         sync.Mutex   // serialises re-reads, so an older one never lands last
}

// New returns the calendar over client's calendar_years. Until the first
// Refresh (or the first background re-read) it counts the embedded years
// only. A nil client gives the embedded calendar, never re-read.
func New(client *ent.Client) *Calendar {
	c := &Calendar{client: client, now: time.Now}
	t := embedded
	c.snap.Store(&t)
	return c
}

// Table is the calendar as it stands: a snapshot to lay many dates against
// (a reminder planner takes one per plan, so every rung of a ladder is laid
// against the same calendar).
func (c *Calendar) Table() Table {
	if c.client != nil && c.now().UnixNano() > c.due.Load() && c.refreshing.CompareAndSwap(false, true) {
		go func() {
			defer c.refreshing.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := c.Refresh(ctx); err != nil {
				c.log().Warn("calendar: re-reading calendar_years; counting with the previous snapshot", "err", err)
			}
		}()
	}
	return *c.snap.Load()
}

func (c *Calendar) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.Default()
}

// IsWorkday reports whether d's calendar date is a working day (see Table).
func (c *Calendar) IsWorkday(d time.Time) bool { return c.Table().IsWorkday(d) }

// PrevWorkday is d when d is a working day, else the closest earlier one.
func (c *Calendar) PrevWorkday(d time.Time) time.Time { return c.Table().PrevWorkday(d) }

// NextWorkday is d when d is a working day, else the closest later one.
func (c *Calendar) NextWorkday(d time.Time) time.Time { return c.Table().NextWorkday(d) }

// AddWorkdays is the n-th working day after from, counting from the day
// after (see Table.AddWorkdays).
func (c *Calendar) AddWorkdays(from time.Time, n int) time.Time {
	return c.Table().AddWorkdays(from, n)
}

// CountWorkdays is how many working days lie after from up to and including to.
func (c *Calendar) CountWorkdays(from, to time.Time) int { return c.Table().CountWorkdays(from, to) }

// Year describes year y as the calendar counts it now.
func (c *Calendar) Year(y int) YearInfo { return c.Table().Year(y) }

// Refresh re-reads calendar_years now and makes it the snapshot. A row that
// breaks the notice rules (edited by hand) is skipped and logged; the
// embedded or provisional year stands in for it.
func (c *Calendar) Refresh(ctx context.Context) error {
	if c.client == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// calendar_years is platform-wide and everyone may read it (its query
	// policy allows all); System because a re-read may run with no viewer.
	rows, err := c.client.CalendarYear.Query().Order(ent.Asc(calendaryear.FieldID)).All(policy.System(ctx))
	if err != nil {
		c.due.Store(c.now().Add(retryAfter).UnixNano())
		return fmt.Errorf("calendar: reading calendar_years: %w", err)
	}
	t := embedded
	for _, r := range rows {
		n := Notice{Year: r.ID, Holidays: r.Holidays, Workdays: r.Workdays, Source: r.Source}
		if err := n.Check(); err != nil {
			c.log().Error("calendar: a calendar_years row breaks the notice rules; using the embedded or provisional year", "year", r.ID, "err", err)
			continue
		}
		t = t.with(n, r.Official) // Load writes official years; a draft row would count as written, marked provisional
	}
	c.snap.Store(&t)
	c.due.Store(c.now().Add(maxAge).UnixNano())
	return nil
}

// Load stores n as its year's official calendar, replacing the embedded or
// provisional one (or an earlier load), and counts with it at once. ctx
// carries who loads: a platform operator, or System (the CLI); anyone else
// is refused by calendar_years' privacy. OnLoad runs in the same transaction.
// It returns the year as now counted.
func (c *Calendar) Load(ctx context.Context, n Notice) (YearInfo, error) {
	if err := n.Check(); err != nil {
		return YearInfo{}, err
	}
	if c.client == nil {
		return YearInfo{}, services.Errorf(services.KindUnavailable, "no_database", "the calendar has no database to load a year into")
	}
	n.Holidays, n.Workdays = sortedCopy(n.Holidays), sortedCopy(n.Workdays)
	next := c.Table().With(n)
	err := services.InTx(ctx, c.client, func(tx *ent.Tx) error {
		up := tx.CalendarYear.Create().SetID(n.Year).SetOfficial(true).
			SetHolidays(n.Holidays).SetWorkdays(n.Workdays).SetSource(n.Source).
			SetLoadedAt(c.now().UTC())
		if v := policy.FromContext(ctx); v != nil && v.Operator {
			up.SetLoadedBy(v.UserID)
		}
		err := up.OnConflictColumns(calendaryear.FieldID).UpdateNewValues().
			Update(func(u *ent.CalendarYearUpsert) {
				if _, ok := up.Mutation().LoadedBy(); !ok {
					u.ClearLoadedBy()
				}
			}).Exec(ctx)
		if err != nil {
			return err
		}
		if c.OnLoad != nil {
			if err := c.OnLoad(ctx, tx, next, n.Year); err != nil {
				return fmt.Errorf("calendar: re-laying deadlines for %d: %w", n.Year, err)
			}
		}
		return nil
	})
	if errors.Is(err, privacy.Deny) {
		return YearInfo{}, services.ErrForbidden
	}
	if err != nil {
		return YearInfo{}, err
	}
	if err := c.Refresh(ctx); err != nil {
		// Stored, but not re-read: count with what was stored, on top of
		// the snapshot, until the next re-read.
		c.log().Warn("calendar: re-reading after a load", "year", n.Year, "err", err)
		c.mu.Lock()
		t := c.snap.Load().With(n)
		c.snap.Store(&t)
		c.mu.Unlock()
	}
	return c.Year(n.Year), nil
}

package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/calendar"
)

// maxAddWorkdays bounds GET /calendar/add: a year of working days is more
// than any deadline Hearth lays.
const maxAddWorkdays = 366

// calendarYearOut is one year of China's working-day calendar.
type calendarYearOut struct {
	Year        int      `json:"year"`
	Official    bool     `json:"official"` // false: no notice loaded yet, weekends only
	Holidays    []string `json:"holidays" format:"date"`
	Workdays    []string `json:"workdays" format:"date"`
	WorkingDays int      `json:"working_days"`
	Source      string   `json:"source"`
}

func toCalendarYear(y calendar.YearInfo) calendarYearOut {
	return calendarYearOut{Year: y.Year, Official: y.Official, Holidays: y.Holidays, Workdays: y.Workdays,
		WorkingDays: y.WorkingDays, Source: y.Source}
}

// calendarLoadIn is a year's State Council notice: its days off and its
// make-up workdays (weekend days worked).
type calendarLoadIn struct {
	Holidays []string `json:"holidays" format:"date"`
	Workdays []string `json:"workdays" format:"date"`
	Source   string   `json:"source"`
}

type calendarAddOut struct {
	Date string `json:"date" format:"date"`
}

// yearParam reads the year of /calendar/:year; one that is not a year the
// calendar holds is a missing record.
func yearParam(c *fiber.Ctx) (int, error) {
	s := c.Params("year")
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < calendar.MinYear || y > calendar.MaxYear {
		return 0, services.ErrNotFound
	}
	return y, nil
}

// getCalendarYear handles GET /api/v1/calendar/:year.
func (a *api) getCalendarYear(c *fiber.Ctx) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	return c.JSON(toCalendarYear(a.Calendar.Year(y)))
}

// calendarAdd handles GET /api/v1/calendar/add: the date a number of working
// days after another, counting from the day after.
func (a *api) calendarAdd(c *fiber.Ctx) error {
	var fields []services.FieldError
	s := c.Query("from")
	from, err := time.Parse(time.DateOnly, s)
	if err != nil || !services.ValidDate(s) || from.Year() < calendar.MinYear || from.Year() > calendar.MaxYear {
		fields = append(fields, services.Field("from", fmt.Sprintf("must be a date, YYYY-MM-DD, from %d to %d", calendar.MinYear, calendar.MaxYear)))
	}
	n, err := strconv.Atoi(c.Query("working_days"))
	if err != nil || n < 0 || n > maxAddWorkdays {
		fields = append(fields, services.Field("working_days", fmt.Sprintf("must be a whole number from 0 to %d", maxAddWorkdays)))
	}
	if len(fields) > 0 {
		return services.Invalid(fields...)
	}
	return c.JSON(calendarAddOut{Date: a.Calendar.AddWorkdays(from, n).Format(time.DateOnly)})
}

// putCalendarYear handles PUT /api/v1/calendar/:year: loads the year's
// notice, official from then on; open deadlines counted in working days are
// re-laid with it.
func (a *api) putCalendarYear(c *fiber.Ctx) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	in, err := decode[calendarLoadIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	info, err := a.Calendar.Load(c.UserContext(), calendar.Notice{Year: y, Holidays: in.Holidays,
		Workdays: in.Workdays, Source: in.Source})
	if err != nil {
		return err
	}
	return c.JSON(toCalendarYear(info))
}

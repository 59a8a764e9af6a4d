package handlers

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/ledger"
)

// The 燃气报警器安装台账 in Excel: export, import template, import.

// alarmImportOut is the answer of a real import of the 燃气报警器安装台账:
// the premises created, the devices added, and the rows left as they are
// because their premise (and device) are recorded already.
type alarmImportOut struct {
	Created       int                   `json:"created"`
	IDs           []uuid.UUID           `json:"ids"`
	Devices       int                   `json:"devices"`
	DeviceIDs     []uuid.UUID           `json:"device_ids"`
	Unchanged     int                   `json:"unchanged"`
	UnchangedRows []alarms.UnchangedRow `json:"unchanged_rows"`
}

// alarmImportCheckOut is the answer of a dry run: valid counts the
// unchanged rows too.
type alarmImportCheckOut struct {
	DryRun        bool                  `json:"dry_run"`
	Rows          int                   `json:"rows"`
	Valid         int                   `json:"valid"`
	Problems      []ledger.RowProblem   `json:"problems"`
	Unchanged     int                   `json:"unchanged"`
	UnchangedRows []alarms.UnchangedRow `json:"unchanged_rows"`
}

// exportAlarms handles GET /api/v1/alarms/export.xlsx: every premise the
// list's filters match in the viewer's scope, as the 燃气报警器安装台账.
func (a *api) exportAlarms(c *fiber.Ctx) error {
	q, err := alarms.ParseQuery(queryValues(c), alarms.ExportQueryKeys)
	if err != nil {
		return err
	}
	f, today, err := a.alarms.Export(c.UserContext(), q)
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "gas-alarms-"+today+".xlsx", "燃气报警器安装台账-"+today+".xlsx")
}

// alarmTemplate handles GET /api/v1/alarms/import/template.
func (a *api) alarmTemplate(c *fiber.Ctx) error {
	f, err := a.alarms.Template(c.UserContext())
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "gas-alarms-import-template.xlsx", "燃气报警器安装台账导入模板.xlsx")
}

// importAlarms handles POST /api/v1/alarms/import (multipart `file`;
// ?dry_run=true): the first sheet of an .xlsx in the 燃气报警器安装台账
// layout, all or nothing.
func (a *api) importAlarms(c *fiber.Ctx) error {
	dryRun, err := dryRunOf(c)
	if err != nil {
		return err
	}
	_, data, err := readUpload(c)
	if err != nil {
		return err
	}
	res, err := a.alarms.Import(c.UserContext(), data, dryRun)
	if err != nil {
		return err
	}
	if dryRun {
		return c.JSON(alarmImportCheckOut{DryRun: true, Rows: res.Rows, Valid: res.Valid, Problems: res.Problems,
			Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
	}
	return c.Status(http.StatusCreated).JSON(alarmImportOut{Created: len(res.Premises), IDs: res.Premises,
		Devices: len(res.Devices), DeviceIDs: res.Devices, Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
}

package handlers

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/ledger"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
)

// The hazard ledger in Excel: the export, the import template and the
// import, whose layout and checks are services/ledger's; here they are
// only read from and written to HTTP.

// xlsxMIME is the content type of an .xlsx workbook.
const xlsxMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendWorkbook writes f to a temporary file and streams it as the answer,
// named ascii (the fallback) and name (UTF-8). The file goes when the answer
// has been sent.
func sendWorkbook(c *fiber.Ctx, f *excelize.File, ascii, name string) error {
	tmp, err := os.CreateTemp("", "hearth-*.xlsx")
	if err != nil {
		return err
	}
	body := &tempDownload{tmp}
	size, err := f.WriteTo(tmp)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		body.Close()
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxMIME)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(ascii, name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Content-Type-Options", "nosniff")
	return c.SendStream(body, int(size))
}

// contentDisposition names a download: an ASCII filename for old clients and
// the UTF-8 one (RFC 6266, RFC 8187) for the rest.
func contentDisposition(ascii, name string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// tempDownload is removed when closed (fasthttp closes a body stream once sent).
type tempDownload struct{ *os.File }

func (t *tempDownload) Close() error {
	err := t.File.Close()
	os.Remove(t.File.Name())
	return err
}

// ---------------------------------------------------------------- template

// importForm is the upload, for the OpenAPI document.
type importForm struct {
	File []byte `json:"file" validate:"required"`
}

// importOut is the answer of a real import: the hazards created, and the
// rows left as they are because their 编号 is in the ledger already (已在台账中).
type importOut struct {
	Created       int                   `json:"created"`
	IDs           []uuid.UUID           `json:"ids"`
	Unchanged     int                   `json:"unchanged"`
	UnchangedRows []ledger.UnchangedRow `json:"unchanged_rows"`
}

// importCheckOut is the answer of a dry run: valid counts the unchanged
// rows too.
type importCheckOut struct {
	DryRun        bool                  `json:"dry_run"`
	Rows          int                   `json:"rows"`
	Valid         int                   `json:"valid"`
	Problems      []ledger.RowProblem   `json:"problems"`
	Unchanged     int                   `json:"unchanged"`
	UnchangedRows []ledger.UnchangedRow `json:"unchanged_rows"`
}

// exportHazards handles GET /api/v1/hazards/export.xlsx: every hazard the
// list's filters match in the viewer's scope (no paging), as a ledger
// workbook. Rows stream through excelize's StreamWriter and the workbook
// through a temporary file, so memory stays flat.
func (a *api) exportHazards(c *fiber.Ctx) error {
	vals := queryValues(c)
	vals.Del("limit") // an export is every matching row
	vals.Del("cursor")
	q, err := ledger.ParseQuery(vals)
	if err != nil {
		return err
	}
	f, today, err := a.Ledger.Export(c.UserContext(), q)
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "hazard-ledger-"+today+".xlsx", "隐患台账-"+today+".xlsx")
}

// importTemplate handles GET /api/v1/hazards/import/template: the ledger's
// header row, drop-downs for level and category, date columns as dates, and
// a second sheet that explains every column with an example row made of
// names from the viewer's own scope.
func (a *api) importTemplate(c *fiber.Ctx) error {
	f, err := a.Ledger.Template(c.UserContext())
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "hazard-import-template.xlsx", "隐患台账导入模板.xlsx")
}

// importHazards handles POST /api/v1/hazards/import (multipart `file`;
// ?dry_run=true): the first sheet of an .xlsx in the ledger's layout, all or
// nothing.
func (a *api) importHazards(c *fiber.Ctx) error {
	dryRun, err := dryRunOf(c)
	if err != nil {
		return err
	}
	_, data, err := readUpload(c)
	if err != nil {
		return err
	}
	res, err := a.Ledger.Import(c.UserContext(), data, dryRun)
	if err != nil {
		return err
	}
	if dryRun {
		return c.JSON(importCheckOut{DryRun: true, Rows: res.Rows, Valid: res.Valid, Problems: res.Problems,
			Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
	}
	return c.Status(http.StatusCreated).JSON(importOut{Created: len(res.IDs), IDs: res.IDs,
		Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
}

// ---------------------------------------------------------------- the heating register

// equipmentImportOut is the answer of a real import of the 特种设备台账: the
// units created, the inspection records added, and the rows left as they
// are because their unit (and record) are in the register already.
type equipmentImportOut struct {
	Created       int                      `json:"created"`
	IDs           []uuid.UUID              `json:"ids"`
	Records       int                      `json:"records"`
	RecordIDs     []uuid.UUID              `json:"record_ids"`
	Unchanged     int                      `json:"unchanged"`
	UnchangedRows []equipment.UnchangedRow `json:"unchanged_rows"`
}

// equipmentImportCheckOut is the answer of a dry run: valid counts the
// unchanged rows too.
type equipmentImportCheckOut struct {
	DryRun        bool                     `json:"dry_run"`
	Rows          int                      `json:"rows"`
	Valid         int                      `json:"valid"`
	Problems      []ledger.RowProblem      `json:"problems"`
	Unchanged     int                      `json:"unchanged"`
	UnchangedRows []equipment.UnchangedRow `json:"unchanged_rows"`
}

// exportEquipment handles GET /api/v1/equipment/export.xlsx: every unit the
// list's filters match in the viewer's scope, as the 特种设备台账.
func (a *api) exportEquipment(c *fiber.Ctx) error {
	q, err := equipment.ParseQuery(queryValues(c), equipment.ExportQueryKeys)
	if err != nil {
		return err
	}
	f, today, err := a.equipment.Export(c.UserContext(), q)
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "special-equipment-"+today+".xlsx", "特种设备台账-"+today+".xlsx")
}

// equipmentTemplate handles GET /api/v1/equipment/import/template.
func (a *api) equipmentTemplate(c *fiber.Ctx) error {
	f, err := a.equipment.Template(c.UserContext())
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "special-equipment-import-template.xlsx", "特种设备台账导入模板.xlsx")
}

// importEquipment handles POST /api/v1/equipment/import (multipart `file`;
// ?dry_run=true): the first sheet of an .xlsx in the 特种设备台账 layout,
// all or nothing.
func (a *api) importEquipment(c *fiber.Ctx) error {
	dryRun, err := dryRunOf(c)
	if err != nil {
		return err
	}
	_, data, err := readUpload(c)
	if err != nil {
		return err
	}
	res, err := a.equipment.Import(c.UserContext(), data, dryRun)
	if err != nil {
		return err
	}
	if dryRun {
		return c.JSON(equipmentImportCheckOut{DryRun: true, Rows: res.Rows, Valid: res.Valid, Problems: res.Problems,
			Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
	}
	return c.Status(http.StatusCreated).JSON(equipmentImportOut{Created: len(res.Units), IDs: res.Units,
		Records: len(res.Records), RecordIDs: res.Records, Unchanged: len(res.Unchanged), UnchangedRows: res.Unchanged})
}

// dryRunOf reads ?dry_run (true or false).
func dryRunOf(c *fiber.Ctx) (bool, error) {
	switch c.Query("dry_run") {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, services.Invalid(services.Field("dry_run", "must be true or false"))
}

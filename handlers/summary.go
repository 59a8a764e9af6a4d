package handlers

import "github.com/gofiber/fiber/v2"

// ledgerSummary handles GET /api/v1/ledger/summary?group_by=street|company|
// industry|category&from=&to=.
func (a *api) ledgerSummary(c *fiber.Ctx) error {
	out, err := a.Ledger.Summary(c.UserContext(), c.Query("group_by", "street"), c.Query("from"), c.Query("to"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// ledgerSummaryWorkbook handles GET /api/v1/ledger/summary.xlsx, with the
// parameters of the summary: the same counts as the print-ready summary
// table (汇总表), a row a group and the totals.
func (a *api) ledgerSummaryWorkbook(c *fiber.Ctx) error {
	f, out, err := a.Ledger.SummaryWorkbook(c.UserContext(), c.Query("group_by", "street"), c.Query("from"), c.Query("to"))
	if err != nil {
		return err
	}
	defer f.Close()
	return sendWorkbook(c, f, "hazard-summary-"+out.Today+".xlsx", "隐患汇总-"+out.Today+".xlsx")
}

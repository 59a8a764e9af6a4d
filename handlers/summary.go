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

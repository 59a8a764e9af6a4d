package alarms

import (
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/ledger"
)

type ledgerInput = ledger.CreateInput

type plannerT = *reminders.Planner

// ledgerLink links an alarm hazard to nothing of the heating register.
func ledgerLink() ledger.Link { return ledger.Link{} }

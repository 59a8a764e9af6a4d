package ledger_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// ---------------------------------------------------------------- lifecycle

func testLifecycle(t *testing.T, d *district) {
	attach := func(t *testing.T, ctx context.Context, id uuid.UUID) {
		t.Helper()
		_, err := d.Ledger.Attach(ctx, id, ledger.Evidence{Stage: "after", Filename: "after.png", Data: tinyPNG})
		mustOK(t, err)
	}

	t.Run("OK", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		for _, s := range []struct {
			ctx    context.Context
			step   ledger.Step
			note   string
			to     enum.HazardStatus
			before func()
		}{
			{d.AsGas, ledger.Start, "", enum.StatusRectifying, nil},
			{d.AsGas, ledger.Submit, "已更换阀门", enum.StatusRectified, func() { attach(t, d.AsGas, h.ID) }},
			{d.AsStreet1, ledger.Reject, "照片看不清阀门编号", enum.StatusRectifying, nil},
			{d.AsGasAdmin, ledger.Submit, "补拍阀门编号", enum.StatusRectified, func() { attach(t, d.AsGasAdmin, h.ID) }},
			{d.AsBureau, ledger.Verify, "", enum.StatusVerified, nil},
		} {
			if s.before != nil {
				s.before()
			}
			got, err := d.Ledger.Take(s.ctx, h.ID, s.step, s.note)
			mustOK(t, err)
			if got.Status != s.to {
				t.Fatalf("%s → %s, want %s", s.step.Action, got.Status, s.to)
			}
		}
		got := d.get(t, h.ID)
		if got.RectificationNote != "补拍阀门编号" || got.VerifiedBy == nil || *got.VerifiedBy != d.BureauUser.UserID ||
			got.VerifiedByName != "bureau.admin" || got.VerifiedOn == nil || *got.VerifiedOn != today || got.Version != 6 {
			t.Errorf("the verified hazard does not say who verified it, when, and the last note: %+v", got)
		}
		evs, err := d.Client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID)).
			Order(ent.Asc(hazardevent.FieldAt), ent.Asc(hazardevent.FieldID)).All(d.AsGas)
		mustOK(t, err)
		want := [][4]string{
			{"create", "", "reported", "gas.clerk"},
			{"start", "reported", "rectifying", "gas.clerk"},
			{"attachment_added", "", "", "gas.clerk"},
			{"submit", "rectifying", "rectified", "gas.clerk"},
			{"reject", "rectified", "rectifying", "street.guangkai"},
			{"attachment_added", "", "", "gas.admin"},
			{"submit", "rectifying", "rectified", "gas.admin"},
			{"verify", "rectified", "verified", "bureau.admin"},
		}
		var got2 [][4]string
		for _, e := range evs {
			got2 = append(got2, [4]string{e.Action, e.FromStatus, e.ToStatus, e.Actor})
		}
		if !slices.Equal(got2, want) {
			t.Errorf("history\n%v\nwant\n%v", got2, want)
		}
		// Every step of the history, with its reason, is in the audit
		// chain: the street's reason for the rejection cannot be changed
		// in the table without the chain telling what it was.
		chained, err := d.Client.AuditEntry.Query().Where(auditentry.TenantID(d.Tenant), auditentry.RecordType("hazard_event"),
			auditentry.RecordIDIn(func() (ids []uuid.UUID) {
				for _, e := range evs {
					ids = append(ids, e.ID)
				}
				return
			}()...)).All(policy.System(context.Background()))
		mustOK(t, err)
		if len(chained) != len(evs) {
			t.Errorf("%d of the %d history events are in the audit chain", len(chained), len(evs))
		}
		reason := false
		for _, e := range chained {
			reason = reason || strings.Contains(e.After, "照片看不清阀门编号")
		}
		if !reason {
			t.Error("the rejection's reason is not in the audit chain")
		}
		verifyChain(t, d)
	})
	t.Run("OKStreetVerifies", func(t *testing.T) {
		h := d.create(t, d.AsHeat, input(d.Street2))
		d.drive(t, d.AsHeat, h.ID, "rectified")
		got, err := d.Ledger.Take(d.AsStreet2, h.ID, ledger.Verify, "现场复查合格")
		mustOK(t, err)
		if got.Status != enum.StatusVerified || got.VerifiedByName != "street.xingnan" {
			t.Errorf("verified by %q, status %s", got.VerifiedByName, got.Status)
		}
	})
	t.Run("ErrSubmitNeedsEvidence", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "rectifying")
		_, err := d.Ledger.Take(d.AsGas, h.ID, ledger.Submit, "已整改")
		wantErr(t, err, services.KindInvalid, "evidence_required")
		if got := d.get(t, h.ID); got.Status != enum.StatusRectifying {
			t.Errorf("status %s after a refused submit", got.Status)
		}
	})
	t.Run("ErrSubmitNeedsNote", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "evidenced")
		_, err := d.Ledger.Take(d.AsGas, h.ID, ledger.Submit, "")
		wantFields(t, err, "note")
	})
	t.Run("ErrRejectNeedsNote", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "rectified")
		for _, ctx := range []context.Context{d.AsBureau, d.AsStreet1} {
			_, err := d.Ledger.Take(ctx, h.ID, ledger.Reject, "")
			wantFields(t, err, "note")
		}
		if got := d.get(t, h.ID); got.Status != enum.StatusRectified {
			t.Errorf("status %s after refused rejects", got.Status)
		}
	})
	t.Run("ErrNoteTooLong", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Take(d.AsGas, h.ID, ledger.Start, strings.Repeat("长", ledger.MaxNote+1))
		wantFields(t, err, "note")
		_, err = d.Ledger.Take(d.AsGas, h.ID, ledger.Start, strings.Repeat("长", ledger.MaxNote))
		mustOK(t, err)
	})
	t.Run("ErrOtherScopeNotFound", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Take(d.AsHeat, h.ID, ledger.Start, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		d.drive(t, d.AsGas, h.ID, "rectified")
		_, err = d.Ledger.Take(d.AsStreet2, h.ID, ledger.Verify, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = d.Ledger.Take(d.AsGas, uuid.New(), ledger.Start, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		if got := d.get(t, h.ID); got.Status != enum.StatusRectified {
			t.Errorf("status %s", got.Status)
		}
	})

	// Every step from a status that does not allow it: a conflict naming
	// the status found, and the hazard untouched.
	allowed := map[string]enum.HazardStatus{"start": enum.StatusReported, "submit": enum.StatusRectifying,
		"verify": enum.StatusRectified, "reject": enum.StatusRectified}
	steps := []ledger.Step{ledger.Start, ledger.Submit, ledger.Verify, ledger.Reject}
	for _, state := range []string{"reported", "evidenced", "rectified", "verified"} {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, state)
		h = d.get(t, h.ID)
		for _, step := range steps {
			if allowed[step.Action] == h.Status {
				continue
			}
			t.Run("ErrWrongStatus/"+step.Action+"From"+string(h.Status), func(t *testing.T) {
				ctx := d.AsGas
				if step == ledger.Verify || step == ledger.Reject {
					ctx = d.AsBureau
				}
				_, err := d.Ledger.Take(ctx, h.ID, step, "说明")
				e := wantErr(t, err, services.KindConflict, "invalid_transition")
				if e.Extra["current_status"] != string(h.Status) {
					t.Errorf("current_status %v, want %s", e.Extra["current_status"], h.Status)
				}
				if got := d.get(t, h.ID); got.Version != h.Version || got.Status != h.Status {
					t.Errorf("the refused %s changed the hazard: version %d → %d", step.Action, h.Version, got.Version)
				}
			})
		}
	}

	// A verify and a reject of one rectified hazard at once: exactly one
	// wins; the other is a conflict naming the status the winner left.
	t.Run("OKRacingVerifyAndRejectOneWins", func(t *testing.T) {
		for round := range 3 {
			h := d.create(t, d.AsGas, input(d.Street1))
			d.drive(t, d.AsGas, h.ID, "rectified")
			type try struct {
				ctx  context.Context
				step ledger.Step
				note string
			}
			tries := []try{{d.AsBureau, ledger.Verify, "验收合格"}, {d.AsStreet1, ledger.Reject, "缺少试压记录"}}
			var fns []func() error
			for _, c := range tries {
				fns = append(fns, func() error { _, err := d.Ledger.Take(c.ctx, h.ID, c.step, c.note); return err })
			}
			errs := d.race(t, fns...)
			winner := -1
			for i, err := range errs {
				if err == nil {
					if winner >= 0 {
						t.Fatalf("round %d: both %s and %s won", round, tries[winner].step.Action, tries[i].step.Action)
					}
					winner = i
				}
			}
			if winner < 0 {
				t.Fatalf("round %d: neither won: %v", round, errs)
			}
			won := tries[winner].step
			e := wantErr(t, errs[1-winner], services.KindConflict, "invalid_transition")
			if e.Extra["current_status"] != string(won.To) {
				t.Errorf("round %d: the loser saw current_status %v, want %s", round, e.Extra["current_status"], won.To)
			}
			if got := d.get(t, h.ID); got.Status != won.To {
				t.Errorf("round %d: status %s after %s won", round, got.Status, won.Action)
			}
			hist := d.history(t, d.AsBureau, h.ID)
			if n := occurrences(hist, "verify") + occurrences(hist, "reject"); n != 1 {
				t.Errorf("round %d: history %v holds %d decisions, want 1", round, hist, n)
			}
		}
	})
	t.Run("OKRacingVerifiesOneWins", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "rectified")
		var fns []func() error
		for _, ctx := range []context.Context{d.AsBureau, d.AsStreet1, d.AsBureau, d.AsStreet1} {
			fns = append(fns, func() error { _, err := d.Ledger.Take(ctx, h.ID, ledger.Verify, "验收"); return err })
		}
		errs := d.race(t, fns...)
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			if e := wantErr(t, err, services.KindConflict, "invalid_transition"); e.Extra["current_status"] != "verified" {
				t.Errorf("a losing verify saw %v", e.Extra["current_status"])
			}
		}
		if hist := d.history(t, d.AsBureau, h.ID); won != 1 || occurrences(hist, "verify") != 1 {
			t.Errorf("%d verifies won, history %v; want exactly one", won, hist)
		}
	})
}

// occurrences counts s in list.
func occurrences(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// ---------------------------------------------------------------- extensions

func testExtensions(t *testing.T, d *district) {
	ask := func(ctx context.Context, id uuid.UUID, deadline string) (*ent.Extension, error) {
		return d.Ledger.RequestExtension(ctx, id, ledger.ExtensionInput{Deadline: deadline, Note: "需与物业协调停气"})
	}

	t.Run("OKApproveMovesDeadline", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1, dates("2026-02-01", "2026-03-01")))
		if !ledger.Overdue(h, today) {
			t.Fatal("the fixture is not overdue")
		}
		e, err := ask(d.AsGas, h.ID, "2026-05-31")
		mustOK(t, err)
		if e.Status != enum.ExtensionPending || e.PreviousDeadline != "2026-03-01" || e.RequestedDeadline != "2026-05-31" ||
			e.RequestedByName != "gas.clerk" || e.CompanyID != d.Gas || e.StreetID != d.Street1 {
			t.Errorf("the request: %+v", e)
		}
		if got := d.get(t, h.ID); got.Deadline != "2026-03-01" {
			t.Errorf("a request alone moved the deadline to %s", got.Deadline)
		}
		e, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, true, "同意")
		mustOK(t, err)
		if e.Status != enum.ExtensionApproved || e.DecidedByName != "bureau.admin" || e.DecidedAt == nil ||
			!e.DecidedAt.Equal(day0) || e.DecisionNote != "同意" {
			t.Errorf("the decision: %+v", e)
		}
		got := d.get(t, h.ID)
		if got.Deadline != "2026-05-31" || got.OriginalDeadline != "2026-03-01" || ledger.Overdue(got, today) ||
			got.Version != h.Version+1 {
			t.Errorf("after approval deadline %s, original %s, overdue %v, version %d; want 2026-05-31, 2026-03-01, false, %d",
				got.Deadline, got.OriginalDeadline, ledger.Overdue(got, today), got.Version, h.Version+1)
		}
		if hist := d.history(t, d.AsGas, h.ID); !slices.Equal(hist, []string{"create", "extension_requested", "extension_approved"}) {
			t.Errorf("history %v", hist)
		}
	})
	t.Run("OKRefuseLeavesDeadline", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		e, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, false, "理由不充分")
		mustOK(t, err)
		if e.Status != enum.ExtensionRefused {
			t.Errorf("status %s", e.Status)
		}
		if got := d.get(t, h.ID); got.Deadline != "2026-04-30" || got.OriginalDeadline != "2026-04-30" || got.Version != h.Version {
			t.Errorf("after refusal deadline %s, original %s, version %d", got.Deadline, got.OriginalDeadline, got.Version)
		}
	})
	t.Run("OKExtensionAfterTheFact", func(t *testing.T) { // a rectifying hazard may ask too
		h := d.create(t, d.AsHeat, input(d.Street2))
		d.drive(t, d.AsHeat, h.ID, "rectified")
		_, err := ask(d.AsHeat, h.ID, "2026-05-01")
		mustOK(t, err)
	})
	plain := d.create(t, d.AsGas, input(d.Street1))
	for _, c := range []struct {
		name  string
		in    ledger.ExtensionInput
		field string
	}{
		{"ErrSameDeadline", ledger.ExtensionInput{Deadline: "2026-04-30", Note: "延期"}, "deadline"},
		{"ErrEarlierDeadline", ledger.ExtensionInput{Deadline: "2026-04-01", Note: "延期"}, "deadline"},
		{"ErrNotADate", ledger.ExtensionInput{Deadline: "2026-02-30", Note: "延期"}, "deadline"},
		{"ErrNoDeadline", ledger.ExtensionInput{Note: "延期"}, "deadline"},
		{"ErrNoNote", ledger.ExtensionInput{Deadline: "2026-05-31"}, "note"},
		{"ErrLongNote", ledger.ExtensionInput{Deadline: "2026-05-31", Note: strings.Repeat("长", 2001)}, "note"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Ledger.RequestExtension(d.AsGas, plain.ID, c.in)
			wantFields(t, err, c.field)
			n, err := d.Client.Extension.Query().Where(extension.HazardID(plain.ID)).Count(d.AsBureau)
			mustOK(t, err)
			if n != 0 {
				t.Errorf("the refused request was kept")
			}
		})
	}
	t.Run("ErrOnePending", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		_, err = ask(d.AsGasAdmin, h.ID, "2026-12-31")
		wantErr(t, err, services.KindConflict, "extension_pending")
		_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, false, "")
		mustOK(t, err)
		_, err = ask(d.AsGasAdmin, h.ID, "2026-06-30")
		mustOK(t, err)
	})
	for _, c := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}} {
		verdict := map[bool]string{true: "Approve", false: "Refuse"}
		t.Run("ErrDecidedTwice/"+verdict[c[0]]+"Then"+verdict[c[1]], func(t *testing.T) {
			h := d.create(t, d.AsGas, input(d.Street1))
			e, err := ask(d.AsGas, h.ID, "2026-06-30")
			mustOK(t, err)
			first, err := d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, c[0], "")
			mustOK(t, err)
			before := d.get(t, h.ID)
			_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, c[1], "再议")
			wantErr(t, err, services.KindConflict, "extension_decided")
			if got := d.get(t, h.ID); got.Deadline != before.Deadline || got.Version != before.Version {
				t.Errorf("the second decision moved the deadline %s → %s", before.Deadline, got.Deadline)
			}
			again, err := d.Client.Extension.Get(d.AsBureau, e.ID)
			mustOK(t, err)
			if again.Status != first.Status || again.DecisionNote != "" {
				t.Errorf("the second decision changed the request: %s %q", again.Status, again.DecisionNote)
			}
		})
	}
	t.Run("OKRacingDecisionsOneWins", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		decide := func(approve bool) func() error {
			return func() error { _, err := d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, approve, ""); return err }
		}
		errs := d.race(t, decide(true), decide(false))
		if (errs[0] == nil) == (errs[1] == nil) { // exactly one nil
			t.Fatalf("want exactly one decision to win: %v", errs)
		}
		deadline := map[bool]string{true: "2026-06-30", false: "2026-04-30"} // approved, refused
		for i, err := range errs {
			approved := i == 0
			if err != nil {
				wantErr(t, err, services.KindConflict, "extension_decided")
			} else if got := d.get(t, h.ID).Deadline; got != deadline[approved] {
				t.Errorf("deadline %s after the decision (approved: %v) won, want %s", got, approved, deadline[approved])
			}
		}
	})
	// One pending request at a time, also when requests race: the check
	// runs under the hazard's row lock (PostgreSQL); SQLite serialises write
	// transactions. race (stallChain) makes the overlap certain.
	t.Run("ErrRacingRequestsOnePending", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		var fns []func() error
		for i, ctx := range []context.Context{d.AsGas, d.AsGasAdmin, d.AsGas, d.AsGasAdmin} {
			fns = append(fns, func() error { _, err := ask(ctx, h.ID, fmt.Sprintf("2026-06-%02d", 10+i)); return err })
		}
		errs := d.race(t, fns...)
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			wantErr(t, err, services.KindConflict, "extension_pending")
		}
		pending, err := d.Client.Extension.Query().
			Where(extension.HazardID(h.ID), extension.StatusEQ(enum.ExtensionPending)).Count(d.AsBureau)
		mustOK(t, err)
		if won != 1 || pending != 1 {
			t.Errorf("%d racing requests won and %d are pending, want 1 and 1: %v", won, pending, errs)
		}
	})
	// A request made before the hazard was verified can still be refused,
	// never approved: a closed hazard keeps its deadline.
	t.Run("ErrApproveAfterVerified", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		d.drive(t, d.AsGas, h.ID, "verified")
		_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, true, "同意")
		ee := wantErr(t, err, services.KindConflict, "invalid_transition")
		if ee.Extra["current_status"] != "verified" {
			t.Errorf("current_status %v", ee.Extra["current_status"])
		}
		if got := d.get(t, h.ID); got.Deadline != "2026-04-30" {
			t.Errorf("the deadline of a verified hazard moved to %s", got.Deadline)
		}
		e, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, false, "已验收销号，无需延期")
		mustOK(t, err)
		if e.Status != enum.ExtensionRefused {
			t.Errorf("refused after verification: status %s", e.Status)
		}
	})
	t.Run("ErrVerifiedTakesNone", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "verified")
		_, err := ask(d.AsGas, h.ID, "2026-06-30")
		e := wantErr(t, err, services.KindConflict, "invalid_transition")
		if e.Extra["current_status"] != "verified" {
			t.Errorf("current_status %v", e.Extra["current_status"])
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		other := d.create(t, d.AsGas, input(d.Street1))
		_, err = d.Ledger.DecideExtension(d.AsBureau, other.ID, e.ID, true, "") // a request of another hazard
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, uuid.New(), true, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = ask(d.AsHeat, h.ID, "2026-07-31")
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = d.Ledger.DecideExtension(d.AsStreet2, h.ID, e.ID, true, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		if got, _ := d.Client.Extension.Get(d.AsBureau, e.ID); got.Status != enum.ExtensionPending {
			t.Errorf("the request is %s", got.Status)
		}
	})
	t.Run("ErrDecisionNoteTooLong", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		e, err := ask(d.AsGas, h.ID, "2026-06-30")
		mustOK(t, err)
		_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, true, strings.Repeat("长", ledger.MaxNote+1))
		wantFields(t, err, "note")
	})
}

// ---------------------------------------------------------------- evidence

func testEvidence(t *testing.T, d *district) {
	files := func(t *testing.T) []string {
		t.Helper()
		var out []string
		err := filepath.WalkDir(d.Store.Root, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				out = append(out, p)
			}
			return err
		})
		mustOK(t, err)
		return out
	}
	// fill records n files of evidence on h at once, as its company would,
	// without storing them: the cap counts records, and 50 uploads one by
	// one (each synced to disk) cost seconds.
	fill := func(t *testing.T, h *ent.Hazard, n int) {
		t.Helper()
		mustOK(t, services.InTx(d.AsGas, d.Client, func(tx *ent.Tx) error {
			for i := range n {
				err := tx.Attachment.Create().SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
					SetStage(attachment.StageBefore).SetFilename(fmt.Sprintf("%02d.png", i)).SetContentType("image/png").
					SetSize(int64(len(tinyPNG))).SetSha256("-").SetStorageKey(fmt.Sprintf("filled/%02d.png", i)).
					SetUploadedBy(d.GasUser.UserID).SetUploadedByName(d.GasUser.Username).Exec(d.AsGas)
				if err != nil {
					return err
				}
			}
			return nil
		}))
	}
	atts := func(t *testing.T, id uuid.UUID) int {
		t.Helper()
		n, err := d.Client.Attachment.Query().Where(attachment.HazardID(id)).Count(d.AsBureau)
		mustOK(t, err)
		return n
	}

	t.Run("OK", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		for _, f := range []struct {
			stage, name, ctype string
			data               []byte
		}{
			{"before", "现场照片.png", "image/png", tinyPNG},
			{"after", "整改报告.pdf", "application/pdf", tinyPDF},
		} {
			a, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: f.stage, Filename: f.name, Data: f.data})
			mustOK(t, err)
			sum := sha256.Sum256(f.data)
			if string(a.Stage) != f.stage || a.Filename != f.name || a.ContentType != f.ctype || a.Size != int64(len(f.data)) ||
				a.Sha256 != hex.EncodeToString(sum[:]) || a.HazardID != h.ID || a.CompanyID != d.Gas || a.StreetID != d.Street1 ||
				a.UploadedByName != "gas.clerk" || !strings.HasPrefix(a.StorageKey, d.Tenant.String()+"/hazards/"+h.ID.String()+"/") {
				t.Errorf("uploaded %s: %+v", f.name, a)
			}
			r, err := d.Store.Open(context.Background(), a.StorageKey)
			mustOK(t, err)
			got, _ := io.ReadAll(r)
			r.Close()
			if !bytes.Equal(got, f.data) {
				t.Errorf("%s stored as %d bytes, want %d", f.name, len(got), len(f.data))
			}
		}
		if hist := d.history(t, d.AsStreet1, h.ID); !slices.Equal(hist, []string{"create", "attachment_added", "attachment_added"}) {
			t.Errorf("history %v", hist)
		}
	})
	t.Run("OKNameIsBaseName", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		a, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: "../../etc/照片.png", Data: tinyPNG})
		mustOK(t, err)
		if a.Filename != "照片.png" {
			t.Errorf("filename %q", a.Filename)
		}
		for given, want := range map[string]string{`..\..\windows\win.ini.png`: "win.ini.png",
			`C:\现场\整改后.png`: "整改后.png", "a\x00b\x07.png": "ab.png", "..": "", "/": ""} {
			a, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: given, Data: tinyPNG})
			mustOK(t, err)
			if want == "" {
				want = a.ID.String() + ".png" // nothing of use: named by its id
			}
			if a.Filename != want {
				t.Errorf("%q kept as %q, want %q", given, a.Filename, want)
			}
		}
	})
	t.Run("ErrUnsupportedType", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		before := len(files(t))
		for _, data := range [][]byte{[]byte("这不是照片，只是一段文字。\n"), []byte("<html><body>x</body></html>"),
			append([]byte("PK\x03\x04"), make([]byte, 64)...)} {
			_, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: "photo.jpg", Data: data})
			wantErr(t, err, services.KindUnsupported, "unsupported_file_type")
		}
		if n := atts(t, h.ID); n != 0 {
			t.Errorf("refused files were recorded: %d", n)
		}
		if after := len(files(t)); after != before {
			t.Errorf("refused files were stored: %d", after-before)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: "a.png"})
		wantFields(t, err, "file")
	})
	t.Run("ErrStage", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		for _, stage := range []string{"", "during", "After"} {
			_, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: stage, Filename: "a.png", Data: tinyPNG})
			wantFields(t, err, "stage")
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		big := append(slices.Clone(tinyPNG), make([]byte, ledger.MaxEvidence)...)
		_, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: "big.png", Data: big})
		wantErr(t, err, services.KindTooLarge, "payload_too_large")
	})
	t.Run("ErrFull", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		fill(t, h, ledger.MaxAttachments-2)
		for _, ctx := range []context.Context{d.AsGas, d.AsBureau} { // the last two places
			_, err := d.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: "before", Filename: "a.png", Data: tinyPNG})
			mustOK(t, err)
		}
		for _, ctx := range []context.Context{d.AsGas, d.AsBureau} {
			_, err := d.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: "after", Filename: "b.png", Data: tinyPNG})
			wantErr(t, err, services.KindConflict, "too_many_attachments")
			_, err = d.Ledger.AttachReady(ctx, h.ID, "after")
			wantErr(t, err, services.KindConflict, "too_many_attachments")
		}
		if n := atts(t, h.ID); n != ledger.MaxAttachments {
			t.Errorf("%d files kept, want %d", n, ledger.MaxAttachments)
		}
	})
	// The cap holds when uploads race for the last place: it is counted
	// again inside the transaction, under the hazard's lock.
	t.Run("ErrFullWhenRacing", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		fill(t, h, ledger.MaxAttachments-1)
		var fns []func() error
		for _, ctx := range []context.Context{d.AsGas, d.AsGasAdmin, d.AsBureau} {
			fns = append(fns, func() error {
				_, err := d.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: "after", Filename: "last.png", Data: tinyPNG})
				return err
			})
		}
		won := 0
		for _, err := range d.race(t, fns...) {
			if err == nil {
				won++
				continue
			}
			wantErr(t, err, services.KindConflict, "too_many_attachments")
		}
		if n := atts(t, h.ID); won != 1 || n != ledger.MaxAttachments {
			t.Errorf("%d of 3 uploads racing for the last place were kept; the hazard has %d files, want at most %d",
				won, n, ledger.MaxAttachments)
		}
	})
	t.Run("ErrVerifiedClosedToCompany", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "verified")
		for _, ctx := range []context.Context{d.AsGas, d.AsStreet1} {
			_, err := d.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: "after", Filename: "补充.png", Data: tinyPNG})
			e := wantErr(t, err, services.KindConflict, "invalid_transition")
			if e.Extra["current_status"] != "verified" {
				t.Errorf("current_status %v", e.Extra["current_status"])
			}
		}
		_, err := d.Ledger.Attach(d.AsBureau, h.ID, ledger.Evidence{Stage: "after", Filename: "补充.pdf", Data: tinyPDF})
		mustOK(t, err)
		if n := atts(t, h.ID); n != 2 {
			t.Errorf("%d files, want the company's and the bureau's", n)
		}
	})
	t.Run("ErrOtherScopeNotFound", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		for _, ctx := range []context.Context{d.AsHeat, d.AsStreet2} {
			_, err := d.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: "before", Filename: "a.png", Data: tinyPNG})
			wantErr(t, err, services.KindNotFound, "not_found")
		}
		if n := atts(t, h.ID); n != 0 {
			t.Errorf("%d files", n)
		}
	})
}

// ---------------------------------------------------------------- reminders

// With a real engine the ledger plans a hazard's reminders in the same
// transaction as its change: a create lays them, a move takes them along, an
// approved extension moves them to the new deadline, a verify cancels them.
func testReminders(t *testing.T, d *district) {
	plain := d.Ledger // no engine
	d.withEngine()
	sys := policy.System(context.Background())
	rows := func(t *testing.T, ctx context.Context, id uuid.UUID) []*ent.Reminder {
		t.Helper()
		rs, err := d.Client.Reminder.Query().Where(reminder.SubjectID(id)).All(ctx)
		mustOK(t, err)
		return rs
	}
	scheduled := func(rs []*ent.Reminder) (out []*ent.Reminder) {
		for _, r := range rs {
			if r.State == reminder.StateScheduled {
				out = append(out, r)
			}
		}
		return out
	}

	h := d.create(t, d.AsGas, input(d.Street1))
	t.Run("OKCreatePlans", func(t *testing.T) {
		rs := rows(t, sys, h.ID)
		if len(rs) == 0 || len(scheduled(rs)) != len(rs) {
			t.Fatalf("%d reminders, %d scheduled; want some, all scheduled", len(rs), len(scheduled(rs)))
		}
		for _, r := range rs {
			if r.Subject != "hazard" || r.TenantID != d.Tenant || r.CompanyID != d.Gas ||
				r.StreetID != d.Street1 || r.Deadline != "2026-04-30" || !r.DueAt.After(day0) {
				t.Errorf("reminder %+v", r)
			}
		}
	})
	t.Run("OKWithoutEngineNone", func(t *testing.T) {
		x, err := plain.Create(d.AsGas, input(d.Street1))
		mustOK(t, err)
		if rs := rows(t, sys, x.ID); len(rs) != 0 {
			t.Errorf("a ledger without an engine planned %d reminders", len(rs))
		}
	})
	t.Run("OKMoveTakesThemAlong", func(t *testing.T) {
		h = d.get(t, h.ID)
		_, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2})
		mustOK(t, err)
		for _, r := range rows(t, sys, h.ID) {
			if r.StreetID != d.Street2 {
				t.Errorf("reminder %s stayed in street %s", r.ID, r.StreetID)
			}
		}
		if n := len(rows(t, d.AsStreet2, h.ID)); n == 0 {
			t.Errorf("兴南街 sees none of the moved hazard's reminders")
		}
		if n := len(rows(t, d.AsStreet1, h.ID)); n != 0 {
			t.Errorf("广开街 still sees %d reminders of the moved hazard", n)
		}
	})
	t.Run("OKApprovedExtensionMovesThem", func(t *testing.T) {
		e, err := d.Ledger.RequestExtension(d.AsGas, h.ID, ledger.ExtensionInput{Deadline: "2026-06-30", Note: "等待停气窗口"})
		mustOK(t, err)
		_, err = d.Ledger.DecideExtension(d.AsBureau, h.ID, e.ID, true, "")
		mustOK(t, err)
		rs := rows(t, sys, h.ID)
		old, now := 0, 0
		for _, r := range rs {
			switch {
			case r.Deadline == "2026-04-30" && r.State == reminder.StateCancelled:
				old++
			case r.Deadline == "2026-06-30" && r.State == reminder.StateScheduled && r.StreetID == d.Street2:
				now++
			default:
				t.Errorf("reminder %s: deadline %s, %s, street %s", r.ID, r.Deadline, r.State, r.StreetID)
			}
		}
		if old == 0 || now == 0 {
			t.Errorf("%d rungs of the old deadline cancelled, %d of the new one scheduled", old, now)
		}
	})
	t.Run("OKVerifyCancelsThem", func(t *testing.T) {
		d.drive(t, d.AsGas, h.ID, "rectified")
		_, err := d.Ledger.Take(d.AsStreet2, h.ID, ledger.Verify, "")
		mustOK(t, err)
		rs := rows(t, sys, h.ID)
		if len(rs) == 0 || len(scheduled(rs)) != 0 {
			t.Errorf("%d of %d reminders still scheduled after the verify", len(scheduled(rs)), len(rs))
		}
	})
	t.Run("OKImportPlans", func(t *testing.T) {
		res, err := d.Ledger.Import(d.AsGas, book(t, importHeader,
			[]any{"阀门漏气", "一般", "泄漏", "", street1Name, "广开四马路1号", "2026-03-08", "2026-04-10"},
			[]any{"立管锈蚀", "重大", "老旧管网", "", street2Name, "兴南路2号", "2026-03-08", "2026-04-20"},
		), false)
		mustOK(t, err)
		for i, id := range res.IDs {
			if rs := scheduled(rows(t, sys, id)); len(rs) == 0 || rs[0].Deadline != []string{"2026-04-10", "2026-04-20"}[i] {
				t.Errorf("imported row %d: %d reminders scheduled", i+2, len(rs))
			}
		}
	})
}

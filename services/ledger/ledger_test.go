package ledger_test

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
)

// ---------------------------------------------------------------- create

func testCreate(t *testing.T, d *district) {

	t.Run("OK", func(t *testing.T) {
		h, err := d.Ledger.Create(d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.CommunityID = &d.Comm1 }))
		mustOK(t, err)
		if h.CompanyID != d.Gas || h.StreetID != d.Street1 || h.CommunityID == nil || *h.CommunityID != d.Comm1 {
			t.Errorf("company %s, street %s, community %v; want the clerk's own company, 广开街, its community",
				h.CompanyID, h.StreetID, h.CommunityID)
		}
		if h.Status != enum.StatusReported || h.Version != 1 || h.TenantID != d.Tenant ||
			h.OriginalDeadline != h.Deadline || h.CreatedBy == nil || *h.CreatedBy != d.GasUser.UserID {
			t.Errorf("a new hazard: %+v", h)
		}
		if got := d.history(t, d.AsGas, h.ID); !slices.Equal(got, []string{"create"}) {
			t.Errorf("history %v, want [create]", got)
		}
	})
	t.Run("OKOwnCompanyNamed", func(t *testing.T) {
		if h := d.create(t, d.AsGas, input(d.Street1, company(d.Gas))); h.CompanyID != d.Gas {
			t.Errorf("company %s, want %s", h.CompanyID, d.Gas)
		}
	})
	t.Run("OKBureauNamesCompany", func(t *testing.T) {
		if h := d.create(t, d.AsBureau, input(d.Street2, company(d.Heat))); h.CompanyID != d.Heat || h.StreetID != d.Street2 {
			t.Errorf("company %s street %s, want the heating company in 兴南街", h.CompanyID, h.StreetID)
		}
	})
	t.Run("OKStreetNamesCompany", func(t *testing.T) {
		if h := d.create(t, d.AsStreet1, input(d.Street1, company(d.Gas))); h.CompanyID != d.Gas {
			t.Errorf("company %s, want %s", h.CompanyID, d.Gas)
		}
	})
	t.Run("OKDeadlineOnFoundDay", func(t *testing.T) {
		d.create(t, d.AsGas, input(d.Street1, dates("2026-03-05", "2026-03-05")))
	})
	t.Run("OKPastDeadline", func(t *testing.T) { // recorded overdue, as found
		h := d.create(t, d.AsGas, input(d.Street1, dates("2026-02-01", "2026-03-01")))
		if !ledger.Overdue(h, today) {
			t.Errorf("a hazard past its deadline is not overdue")
		}
	})
	t.Run("OKFoundTodayInDistrictZone", func(t *testing.T) {
		// 16:30 UTC on 10 March is already 11 March in Shanghai.
		d.Clock.set(time.Date(2026, 3, 10, 16, 30, 0, 0, time.UTC))
		defer d.Clock.set(day0)
		d.create(t, d.AsGas, input(d.Street1, dates("2026-03-11", "2026-04-30")))
	})

	before := count(t, d)
	for _, c := range []struct {
		name   string
		ctx    context.Context
		in     ledger.CreateInput
		fields []string
	}{
		{"ErrOtherCompany", d.AsGas, input(d.Street1, company(d.Heat)), []string{"company_id"}},
		{"ErrBureauNamesNoCompany", d.AsBureau, input(d.Street1), []string{"company_id"}},
		{"ErrStreetNamesNoCompany", d.AsStreet1, input(d.Street1), []string{"company_id"}},
		{"ErrCompanyDisabled", d.AsBureau, input(d.Street1, company(d.Closed)), []string{"company_id"}},
		{"ErrCompanyIsBureau", d.AsBureau, input(d.Street1, company(d.Bureau)), []string{"company_id"}},
		{"ErrCompanyIsStreet", d.AsBureau, input(d.Street1, company(d.Street2)), []string{"company_id"}},
		{"ErrCompanyUnknown", d.AsBureau, input(d.Street1, company(uuid.New())), []string{"company_id"}},
		{"ErrStreetIsCompany", d.AsGas, input(d.Heat), []string{"street_id"}},
		{"ErrStreetIsCommunity", d.AsGas, input(d.Comm1), []string{"street_id"}},
		{"ErrStreetUnknown", d.AsBureau, input(uuid.New(), company(d.Gas)), []string{"street_id"}},
		{"ErrStreetNotYours", d.AsStreet1, input(d.Street2, company(d.Gas)), []string{"street_id"}},
		{"ErrCommunityOfOtherStreet", d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.CommunityID = &d.Comm2 }), []string{"community_id"}},
		{"ErrCommunityIsStreet", d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.CommunityID = &d.Street2 }), []string{"community_id"}},
		{"ErrFoundInFuture", d.AsGas, input(d.Street1, dates("2026-03-11", "2026-04-30")), []string{"found_on"}},
		{"ErrDeadlineBeforeFound", d.AsGas, input(d.Street1, dates("2026-03-05", "2026-03-04")), []string{"deadline"}},
		{"ErrNotADate", d.AsGas, input(d.Street1, dates("2026-02-30", "30/04/2026")), []string{"found_on", "deadline"}},
		{"ErrBadPhone", d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.ResponsiblePhone = "call me maybe" }), []string{"responsible_phone"}},
		{"ErrBadEnums", d.AsGas, input(d.Street1, func(in *ledger.CreateInput) {
			in.Category, in.Level, in.Source = "fire", "huge", "rumour"
		}), []string{"category", "level", "source"}},
		{"ErrMissing", d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.Address, in.Description = "", "" }),
			[]string{"address", "description"}},
		{"ErrEveryPlaceAndDateAtOnce", d.AsBureau, input(d.Heat, func(in *ledger.CreateInput) {
			in.CompanyID = &d.Closed
			in.FoundOn, in.Deadline = "2026-03-20", "2026-03-15"
		}), []string{"company_id", "street_id", "found_on", "deadline"}},
		{"ErrCommunityAndDatesAtOnce", d.AsGas, input(d.Street2, func(in *ledger.CreateInput) {
			in.CompanyID, in.CommunityID = &d.Heat, &d.Comm1
			in.FoundOn, in.Deadline = "2026-03-12", "2026-03-11"
		}), []string{"company_id", "community_id", "found_on", "deadline"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Ledger.Create(c.ctx, c.in)
			wantFields(t, err, c.fields...)
		})
	}
	t.Run("ErrNoViewer", func(t *testing.T) {
		_, err := d.Ledger.Create(context.Background(), input(d.Street1, company(d.Gas)))
		wantErr(t, err, services.KindNotFound, "not_found") // privacy fails closed
	})
	if after := count(t, d); after != before {
		t.Errorf("refused creates wrote %d hazards", after-before)
	}
}

// count counts the district's hazards as the bureau sees them.
func count(t testing.TB, d *district) int {
	t.Helper()
	n, err := d.Client.Hazard.Query().Count(d.AsBureau)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// ---------------------------------------------------------------- edit

func testEdit(t *testing.T, d *district) {

	t.Run("OK", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		got, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Measure: ptr("更换 DN25 立管"),
			ResponsiblePhone: ptr("13812345678"), FoundOn: ptr("2026-03-02")})
		mustOK(t, err)
		if got.Measure != "更换 DN25 立管" || got.ResponsiblePhone != "13812345678" || got.FoundOn != "2026-03-02" ||
			got.Version != h.Version+1 || got.Address != h.Address || got.Deadline != h.Deadline {
			t.Errorf("after the edit: %+v", got)
		}
		if hist := d.history(t, d.AsBureau, h.ID); !slices.Equal(hist, []string{"create", "edit"}) {
			t.Errorf("history %v, want [create edit]", hist)
		}
	})
	// An edit clears the phone with "" (a create takes none), while a
	// malformed one is refused (ErrBadPhone).
	t.Run("OKPhoneCleared", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		got, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{ResponsiblePhone: ptr("")})
		if err != nil {
			t.Fatalf("clearing the phone is refused: %v", err)
		}
		if got.ResponsiblePhone != "" {
			t.Errorf("phone %q, want cleared", got.ResponsiblePhone)
		}
	})
	// POST refused a phone of "call me maybe" while PATCH accepted it.
	// Blanks alone are no text: refused on create and edit; spaces around a
	// text are dropped.
	t.Run("ErrBlankText", func(t *testing.T) {
		_, err := d.Ledger.Create(d.AsGas, input(d.Street1, func(in *ledger.CreateInput) {
			in.Description, in.Address = "   ", "\t\n"
		}))
		wantFields(t, err, "address", "description")
		h := d.create(t, d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.Address = "  学府路12号楼  " }))
		if h.Address != "学府路12号楼" {
			t.Errorf("address kept as %q", h.Address)
		}
		_, err = d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Description: ptr("  ")})
		wantFields(t, err, "description")
	})
	t.Run("ErrBadPhone", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{ResponsiblePhone: ptr("call me maybe")})
		wantFields(t, err, "responsible_phone")
		if got := d.get(t, h.ID); got.ResponsiblePhone != h.ResponsiblePhone || got.Version != h.Version {
			t.Errorf("the refused edit changed the hazard: phone %q, version %d", got.ResponsiblePhone, got.Version)
		}
	})
	fixed := d.create(t, d.AsGas, input(d.Street1))
	for _, c := range []struct {
		name   string
		in     ledger.PatchInput
		fields []string
	}{
		{"ErrEmptyTexts", ledger.PatchInput{Address: ptr(""), Description: ptr("")}, []string{"address", "description"}},
		{"ErrFoundInFuture", ledger.PatchInput{FoundOn: ptr("2026-03-11")}, []string{"found_on"}},
		{"ErrNotADate", ledger.PatchInput{FoundOn: ptr("2026-02-30")}, []string{"found_on"}},
		{"ErrBadEnum", ledger.PatchInput{Level: ptr(enum.HazardLevel("huge"))}, []string{"level"}},
		{"ErrStreetIsCommunity", ledger.PatchInput{StreetID: &d.Comm1}, []string{"street_id"}},
		{"ErrStreetIsCompany", ledger.PatchInput{StreetID: &d.Heat}, []string{"street_id"}},
		{"ErrCommunityOfOtherStreet", ledger.PatchInput{CommunityID: &d.Comm2}, []string{"community_id"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Ledger.Edit(d.AsGas, fixed.ID, fixed.Version, c.in)
			wantFields(t, err, c.fields...)
			if got := d.get(t, fixed.ID); got.Version != fixed.Version {
				t.Errorf("the refused edit moved the version to %d", got.Version)
			}
		})
	}
	// A typo of a year (9999-12-31, 0026-03-01) is refused where it is
	// typed: it would otherwise sit among the deadlines every reminder scan
	// and overdue list reads.
	t.Run("ErrYearOutOfRange", func(t *testing.T) {
		_, err := d.Ledger.Create(d.AsGas, input(d.Street1, dates("0026-03-01", "9999-12-31")))
		wantFields(t, err, "found_on", "deadline")
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err = d.Ledger.RequestExtension(d.AsGas, h.ID, ledger.ExtensionInput{Deadline: "2101-01-01", Note: "延期"})
		wantFields(t, err, "deadline")
	})
	t.Run("ErrDeadlineBeforeFound", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1, dates("2026-03-01", "2026-03-05")))
		_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{FoundOn: ptr("2026-03-08")})
		wantFields(t, err, "deadline")
	})
	t.Run("ErrStale", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Measure: ptr("第一次")})
		mustOK(t, err)
		_, err = d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{Measure: ptr("第二次")})
		wantErr(t, err, services.KindStale, "stale_etag")
		if got := d.get(t, h.ID); got.Measure != "第一次" {
			t.Errorf("measure %q after a stale edit", got.Measure)
		}
	})
	t.Run("ErrStaleWhenRacing", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		edit := func(ctx context.Context, measure string) func() error {
			return func() error {
				_, err := d.Ledger.Edit(ctx, h.ID, h.Version, ledger.PatchInput{Measure: &measure})
				return err
			}
		}
		errs := d.race(t, edit(d.AsGas, "甲"), edit(d.AsBureau, "乙"))
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			wantErr(t, err, services.KindStale, "stale_etag")
		}
		if won != 1 {
			t.Errorf("%d edits of one version won, want 1: %v", won, errs)
		}
		if got := d.get(t, h.ID); got.Version != h.Version+1 {
			t.Errorf("version %d, want %d", got.Version, h.Version+1)
		}
	})
	t.Run("ErrOtherCompanyNotFound", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Edit(d.AsHeat, h.ID, h.Version, ledger.PatchInput{Measure: ptr("x")})
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = d.Ledger.Edit(d.AsStreet2, h.ID, h.Version, ledger.PatchInput{Measure: ptr("x")})
		wantErr(t, err, services.KindNotFound, "not_found")
	})
	t.Run("ErrVerifiedClosedToCompany", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "verified")
		h = d.get(t, h.ID)
		_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Measure: ptr("补记")})
		e := wantErr(t, err, services.KindConflict, "invalid_transition")
		if e.Extra["current_status"] != "verified" {
			t.Errorf("current_status %v, want verified", e.Extra["current_status"])
		}
		_, err = d.Ledger.Edit(d.AsStreet1, h.ID, h.Version, ledger.PatchInput{Measure: ptr("补记")})
		wantErr(t, err, services.KindConflict, "invalid_transition")
		got, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{Measure: ptr("区局更正")})
		mustOK(t, err)
		if got.Measure != "区局更正" || got.Status != enum.StatusVerified {
			t.Errorf("the bureau's correction: measure %q, status %s", got.Measure, got.Status)
		}
	})
	// A hazard awaiting verification (rectified) is what the street office
	// is judging: nobody edits or moves it until it is verified or rejected
	// back to rectifying (a company changed it under the verifier's eyes,
	// or moved it away from the street that was to verify it).
	t.Run("ErrAwaitingVerification", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		d.drive(t, d.AsGas, h.ID, "rectified")
		h = d.get(t, h.ID)
		for name, try := range map[string]func() error{
			"company edits": func() error {
				_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Measure: ptr("补记")})
				return err
			},
			"company moves": func() error {
				_, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2})
				return err
			},
			"bureau moves": func() error {
				_, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2})
				return err
			},
			"bureau edits": func() error {
				_, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{Description: ptr("区局改写")})
				return err
			},
		} {
			e := wantErr(t, try(), services.KindConflict, "awaiting_verification")
			if e.Extra["current_status"] != "rectified" {
				t.Errorf("%s: current_status %v, want rectified", name, e.Extra["current_status"])
			}
		}
		if got := d.get(t, h.ID); got.Version != h.Version || got.StreetID != d.Street1 {
			t.Errorf("the hazard changed while awaiting verification: version %d→%d, street %s", h.Version, got.Version, got.StreetID)
		}
		// Rejected back to rectifying, it is the company's to change again.
		_, err := d.Ledger.Take(d.AsStreet1, h.ID, ledger.Reject, "照片不清晰")
		mustOK(t, err)
		h = d.get(t, h.ID)
		got, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{Measure: ptr("补拍照片")})
		mustOK(t, err)
		if got.Measure != "补拍照片" {
			t.Errorf("measure %q after the rejection", got.Measure)
		}
	})
	// A hazard of a company disabled since stays editable: an edit cannot
	// change the company, so the company is not checked again.
	t.Run("OKHazardOfDisabledCompany", func(t *testing.T) {
		sys := policy.System(context.Background())
		var o *ent.Org
		mustOK(t, services.InTx(sys, d.Client, func(tx *ent.Tx) (err error) {
			o, err = tx.Org.Create().SetTenantID(d.Tenant).SetName("即将停业燃气有限公司").
				SetKind(enum.OrgGasCompany).Save(sys)
			return err
		}))
		h := d.create(t, d.AsBureau, input(d.Street1, company(o.ID)))
		mustOK(t, services.InTx(d.AsBureau, d.Client, func(tx *ent.Tx) error {
			return tx.Org.UpdateOneID(o.ID).SetDisabled(true).Exec(d.AsBureau)
		}))
		got, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{Measure: ptr("由区局督办")})
		if err != nil {
			t.Fatalf("the bureau cannot correct a hazard of a disabled company: %v", err)
		}
		if got.Measure != "由区局督办" {
			t.Errorf("measure %q", got.Measure)
		}
	})
	t.Run("ErrStreetNotYours", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		_, err := d.Ledger.Edit(d.AsStreet1, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2})
		wantFields(t, err, "street_id")
		if got := d.get(t, h.ID); got.StreetID != d.Street1 {
			t.Errorf("the street office moved the hazard out of its jurisdiction")
		}
	})

	// A move takes the hazard's history, extension requests and evidence
	// along: the new street's officer sees them all, the old one none.
	t.Run("OKMoveTakesRecordsAlong", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1, func(in *ledger.CreateInput) { in.CommunityID = &d.Comm1 }))
		d.drive(t, d.AsGas, h.ID, "evidenced")
		_, err := d.Ledger.Attach(d.AsGas, h.ID, ledger.Evidence{Stage: "before", Filename: "报告.pdf", Data: tinyPDF})
		mustOK(t, err)
		_, err = d.Ledger.RequestExtension(d.AsGas, h.ID, ledger.ExtensionInput{Deadline: "2026-06-30", Note: "等待停气窗口"})
		mustOK(t, err)
		h = d.get(t, h.ID)
		wantHist := d.history(t, d.AsStreet1, h.ID)
		if len(wantHist) != 5 { // create, start, 2× attachment_added, extension_requested
			t.Fatalf("history before the move %v", wantHist)
		}
		moved, err := d.Ledger.Edit(d.AsBureau, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2})
		mustOK(t, err)
		if moved.StreetID != d.Street2 || moved.CommunityID != nil || moved.CompanyID != d.Gas {
			t.Errorf("moved: street %s community %v company %s; want 兴南街, no community, the same company",
				moved.StreetID, moved.CommunityID, moved.CompanyID)
		}
		wantHist = append(wantHist, "edit")
		sees := func(ctx context.Context) (hist []string, atts, exts int) {
			t.Helper()
			atts, err := d.Client.Attachment.Query().Where(attachment.HazardID(h.ID)).Count(ctx)
			mustOK(t, err)
			exts, err = d.Client.Extension.Query().Where(extension.HazardID(h.ID)).Count(ctx)
			mustOK(t, err)
			return d.history(t, ctx, h.ID), atts, exts
		}
		if hist, atts, exts := sees(d.AsStreet2); !slices.Equal(hist, wantHist) || atts != 2 || exts != 1 {
			t.Errorf("兴南街 sees history %v, %d files, %d extension requests; want %v, 2, 1", hist, atts, exts, wantHist)
		}
		if hist, atts, exts := sees(d.AsStreet1); len(hist)+atts+exts != 0 {
			t.Errorf("广开街 still sees history %v, %d files, %d extension requests of the moved hazard", hist, atts, exts)
		}
		if _, err := d.Ledger.Get(d.AsStreet1, h.ID); !ent.IsNotFound(err) {
			t.Errorf("广开街 reads the moved hazard: %v", err)
		}
		if hist, atts, exts := sees(d.AsGas); len(hist) != len(wantHist) || atts != 2 || exts != 1 {
			t.Errorf("the company lost sight of its moved hazard's records: %v %d %d", hist, atts, exts)
		}
		// The new street's officer takes the next steps.
		_, err = d.Ledger.Take(d.AsGas, h.ID, ledger.Submit, "已整改")
		mustOK(t, err)
		_, err = d.Ledger.Take(d.AsStreet1, h.ID, ledger.Verify, "")
		wantErr(t, err, services.KindNotFound, "not_found")
		_, err = d.Ledger.Take(d.AsStreet2, h.ID, ledger.Verify, "现场复查合格")
		mustOK(t, err)
	})
	t.Run("OKMoveWithCommunity", func(t *testing.T) {
		h := d.create(t, d.AsGas, input(d.Street1))
		got, err := d.Ledger.Edit(d.AsGas, h.ID, h.Version, ledger.PatchInput{StreetID: &d.Street2, CommunityID: &d.Comm2})
		mustOK(t, err)
		if got.StreetID != d.Street2 || got.CommunityID == nil || *got.CommunityID != d.Comm2 {
			t.Errorf("street %s community %v", got.StreetID, got.CommunityID)
		}
		n, err := d.Client.Hazard.Query().Where(hazard.ID(h.ID)).Count(d.AsStreet2)
		mustOK(t, err)
		if n != 1 {
			t.Errorf("兴南街 does not see the hazard moved to it")
		}
	})
}

// ---------------------------------------------------------------- summary

// tally is what a summary group is expected to count.
type tally struct {
	total, overdue, major int
	byStatus              map[string]int // the statuses counted, zeros left out
	rate                  float64
}

func tallyOf(r ledger.SummaryRow) tally {
	out := tally{total: r.Total, overdue: r.Overdue, major: r.Major, byStatus: map[string]int{}, rate: r.RectificationRate}
	for s, n := range r.ByStatus {
		if n != 0 {
			out.byStatus[s] = n
		}
	}
	return out
}

func (a tally) equal(b tally) bool {
	return a.total == b.total && a.overdue == b.overdue && a.major == b.major &&
		maps.Equal(a.byStatus, b.byStatus) && math.Abs(a.rate-b.rate) < 1e-9
}

func testSummary(t *testing.T, d *district) {
	// Five hazards on 10 March: two past their deadline and open, one past
	// it but verified (not overdue), two verified in all.
	for _, h := range []struct {
		ctx                   context.Context
		company, street       uuid.UUID
		category              enum.HazardCategory
		level                 enum.HazardLevel
		found, deadline, want string
	}{
		{d.AsGas, d.Gas, d.Street1, enum.CategoryLeak, enum.LevelMajor, "2026-03-01", "2026-03-05", "reported"},
		{d.AsGas, d.Gas, d.Street1, enum.CategoryAgingPipeline, enum.LevelGeneral, "2026-03-02", "2026-04-30", "rectifying"},
		{d.AsHeat, d.Heat, d.Street1, enum.CategoryHeatingNetworkDefect, enum.LevelGeneral, "2026-02-20", "2026-03-01", "verified"},
		{d.AsHeat, d.Heat, d.Street2, enum.CategoryHeatingNetworkDefect, enum.LevelMajor, "2026-02-10", "2026-03-09", "rectified"},
		{d.AsGas, d.Gas, d.Street2, enum.CategoryLeak, enum.LevelGeneral, "2026-03-03", "2026-04-30", "verified"},
	} {
		x := d.create(t, h.ctx, input(h.street, dates(h.found, h.deadline), func(in *ledger.CreateInput) {
			in.Category, in.Level = h.category, h.level
		}))
		d.drive(t, h.ctx, x.ID, h.want)
	}
	st := func(kv ...any) map[string]int {
		m := map[string]int{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(int)
		}
		return m
	}
	total := tally{5, 2, 2, st("reported", 1, "rectifying", 1, "rectified", 1, "verified", 2), 2.0 / 5}
	for _, c := range []struct {
		name, groupBy string
		want          map[string]tally
		names         map[string]string
	}{
		{"OKByStreet", "street", map[string]tally{
			d.Street1.String(): {3, 1, 1, st("reported", 1, "rectifying", 1, "verified", 1), 1.0 / 3},
			d.Street2.String(): {2, 1, 1, st("rectified", 1, "verified", 1), 1.0 / 2},
		}, map[string]string{d.Street1.String(): street1Name, d.Street2.String(): street2Name}},
		{"OKByCategory", "category", map[string]tally{
			"leak":                   {2, 1, 1, st("reported", 1, "verified", 1), 1.0 / 2},
			"aging_pipeline":         {1, 0, 0, st("rectifying", 1), 0},
			"heating_network_defect": {2, 1, 1, st("verified", 1, "rectified", 1), 1.0 / 2},
		}, map[string]string{"leak": enum.CategoryLeak.Label(), "aging_pipeline": enum.CategoryAgingPipeline.Label(),
			"heating_network_defect": enum.CategoryHeatingNetworkDefect.Label()}},
		{"OKByCompany", "company", map[string]tally{
			d.Gas.String():  {3, 1, 1, st("reported", 1, "rectifying", 1, "verified", 1), 1.0 / 3},
			d.Heat.String(): {2, 1, 1, st("verified", 1, "rectified", 1), 1.0 / 2},
		}, map[string]string{d.Gas.String(): gasName, d.Heat.String(): heatName}},
		{"OKByIndustry", "industry", map[string]tally{
			"gas_company":     {3, 1, 1, st("reported", 1, "rectifying", 1, "verified", 1), 1.0 / 3},
			"heating_company": {2, 1, 1, st("verified", 1, "rectified", 1), 1.0 / 2},
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := d.Ledger.Summary(d.AsBureau, c.groupBy, "", "")
			mustOK(t, err)
			got := map[string]tally{}
			for _, g := range out.Groups {
				got[g.Key] = tallyOf(g)
				if want, ok := c.names[g.Key]; ok && g.Name != want {
					t.Errorf("group %s named %q, want %q", g.Key, g.Name, want)
				}
				if g.Name == "" {
					t.Errorf("group %s has no name", g.Key)
				}
			}
			if !maps.EqualFunc(got, c.want, tally.equal) {
				t.Errorf("groups %v\nwant   %v", got, c.want)
			}
			if tt := tallyOf(out.Total); !tt.equal(total) {
				t.Errorf("total %v, want %v", tt, total)
			}
			if out.Today != today || out.GroupBy != c.groupBy {
				t.Errorf("today %s, group_by %s", out.Today, out.GroupBy)
			}
			for i := 1; i < len(out.Groups); i++ {
				if out.Groups[i].Total > out.Groups[i-1].Total {
					t.Errorf("groups not largest first: %v", out.Groups)
				}
			}
		})
	}
	t.Run("OKDefaultsToStreet", func(t *testing.T) {
		out, err := d.Ledger.Summary(d.AsBureau, "", "", "")
		mustOK(t, err)
		if out.GroupBy != "street" || len(out.Groups) != 2 {
			t.Errorf("group_by %s, %d groups", out.GroupBy, len(out.Groups))
		}
	})
	t.Run("OKPeriod", func(t *testing.T) {
		out, err := d.Ledger.Summary(d.AsBureau, "street", "2026-03-01", "2026-03-02")
		mustOK(t, err)
		if len(out.Groups) != 1 || out.Groups[0].Key != d.Street1.String() ||
			!tallyOf(out.Total).equal(tally{2, 1, 1, st("reported", 1, "rectifying", 1), 0}) {
			t.Errorf("1–2 March: %+v", out)
		}
	})
	t.Run("OKOverdueFollowsClock", func(t *testing.T) {
		d.Clock.set(time.Date(2026, 5, 1, 4, 0, 0, 0, time.UTC))
		defer d.Clock.set(day0)
		out, err := d.Ledger.Summary(d.AsBureau, "street", "", "")
		mustOK(t, err)
		if out.Total.Overdue != 3 || out.Today != "2026-05-01" { // the rectifying one too now; never the verified
			t.Errorf("overdue on 1 May %d, want 3", out.Total.Overdue)
		}
	})
	for _, c := range []struct {
		name   string
		ctx    context.Context
		keys   []uuid.UUID
		totals int
	}{
		{"OKCompanyOwnOnly", d.AsGas, []uuid.UUID{d.Street1, d.Street2}, 3},
		{"OKHeatingCompanyOwnOnly", d.AsHeat, []uuid.UUID{d.Street1, d.Street2}, 2},
		{"OKStreetOwnOnly", d.AsStreet2, []uuid.UUID{d.Street2}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := d.Ledger.Summary(c.ctx, "street", "", "")
			mustOK(t, err)
			var keys []string
			for _, g := range out.Groups {
				keys = append(keys, g.Key)
			}
			var want []string
			for _, k := range c.keys {
				want = append(want, k.String())
			}
			slices.Sort(keys)
			slices.Sort(want)
			if !slices.Equal(keys, want) || out.Total.Total != c.totals {
				t.Errorf("groups %v total %d, want %v and %d", keys, out.Total.Total, want, c.totals)
			}
		})
	}
	t.Run("ErrBadQuery", func(t *testing.T) {
		_, err := d.Ledger.Summary(d.AsBureau, "colour", "2026-02-30", "soon")
		wantFields(t, err, "group_by", "from", "to")
	})
}

// ptr points at v.
func ptr[T any](v T) *T { return &v }

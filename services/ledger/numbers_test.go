package ledger_test

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/services/ledger"
)

// testNumbers: each hazard gets the district's next number for the year it
// is recorded in, also when many are recorded at once, and imports take a
// run of numbers in row order.
func testNumbers(t *testing.T, d *district) {
	const racers = 50
	fns := make([]func() error, racers)
	got := make([]*ent.Hazard, racers)
	for i := range fns {
		as := d.AsGas
		if i%2 == 1 {
			as = d.AsBureau
		}
		fns[i] = func() error {
			in := input(d.Street1)
			if i%2 == 1 {
				in = input(d.Street2, company(d.Gas))
			}
			h, err := d.Ledger.Create(as, in)
			got[i] = h
			return err
		}
	}
	// All at once, without the audit-chain stall of race: 50 waiting
	// transactions would hold more connections than the pool has.
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		mustOK(t, err)
	}
	var codes []string
	for _, h := range got {
		codes = append(codes, h.Code)
	}
	slices.Sort(codes)
	for i, c := range codes {
		if want := fmt.Sprintf("YH-2026-%06d", i+1); c != want {
			t.Fatalf("%d parallel creates: numbers %v; want YH-2026-000001 to YH-2026-%06d, each once", racers, codes, racers)
		}
	}

	res, err := d.Ledger.Import(d.AsBureau, book(t, importHeader,
		[]any{"表后阀门漏气", "重大", "泄漏", gasName, street1Name, "广开四马路12号楼", "2026-03-07", "2026-04-06"},
		[]any{"立管锈蚀", "一般", "老旧管网", gasName, street2Name, "兴南路3号", "2026-03-07", "2026-04-06"},
	), false)
	mustOK(t, err)
	for i, id := range res.IDs {
		if h := d.get(t, id); h.Code != fmt.Sprintf("YH-2026-%06d", racers+1+i) {
			t.Errorf("imported row %d: number %s, want YH-2026-%06d", i+1, h.Code, racers+1+i)
		}
	}

	// The list finds a hazard by its number, in any case; a malformed one is refused.
	q, err := ledger.ParseQuery(url.Values{"code": {"yh-2026-000007"}})
	mustOK(t, err)
	n, err := d.Client.Hazard.Query().Where(q.Where("2026-03-10")...).Count(d.AsBureau)
	mustOK(t, err)
	if n != 1 {
		t.Errorf("code=yh-2026-000007 matched %d hazards, want 1", n)
	}
	_, err = ledger.ParseQuery(url.Values{"code": {"2026-7"}})
	wantFields(t, err, "code")
}

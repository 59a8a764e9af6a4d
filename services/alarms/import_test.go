package alarms_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
)

var alarmHeader = []any{"序号", "街道", "社区", "小区", "楼栋", "单元", "房号/商户", "用户类型", "燃气户号", "报警器型号",
	"编号", "安装日期", "安装人", "是否联网", "是否联动切断", "到期更换日期", "备注"}

// book is an .xlsx whose first sheet holds rows from row 1.
func book(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAlarmImport(t *testing.T) {
	db := migrationstest.Open(t)
	for _, s := range []struct {
		name string
		run  func(*testing.T, *district)
	}{
		{"RoundTrip", testRoundTrip},
		{"Rows", testImportRows},
		{"Problems", testImportProblems},
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, newDistrict(t, db, "ai-"+strings.ToLower(s.name)))
		})
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func verifyChain(t *testing.T, d *district) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), d.Client, d.Tenant)
	mustOK(t, err)
	if !rep.OK {
		t.Fatalf("the audit chain is broken: %+v", rep.Broken)
	}
}

func count(t *testing.T, d *district) (premises, devices int) {
	t.Helper()
	sys := policy.System(context.Background())
	p, err := d.Client.Premise.Query().Where(premise.TenantID(d.Tenant)).Count(sys)
	mustOK(t, err)
	n, err := d.Client.AlarmDevice.Query().Where(alarmdevice.TenantID(d.Tenant)).Count(sys)
	mustOK(t, err)
	return p, n
}

// An export of premises entered by hand (parts, a bare address, a shop, a
// restaurant, with and without devices, one replaced) imports back with
// nothing created, and the file reads as the layout says.
func testRoundTrip(t *testing.T, d *district) {
	p1 := d.premise(t, d.AsGas, d.Comm1, "501", func(in *alarms.PremiseInput) { in.GasAccountNo = ptr("1200000501") })
	d.device(t, p1, "BJQ-001", "2025-05-01")
	d.device(t, p1, "BJQ-002", "2026-03-01", func(in *alarms.DeviceInput) { in.Networked = true })
	p2 := d.premise(t, d.AsGas, d.Comm2, "", func(in *alarms.PremiseInput) {
		in.Estate, in.Building, in.Unit, in.Address = "", "", "", "宾水西道 88 号底商"
	})
	d.device(t, p2, "BJQ-003", "2020-01-10")
	d.premise(t, d.AsGas, d.Comm1, "", func(in *alarms.PremiseInput) {
		in.UserType, in.ShopName, in.Tags = enum.UserCommercial, "老张家面馆", []enum.PremiseTag{enum.TagRestaurant}
		in.Note = "后厨"
	})
	d.premise(t, d.AsGas, d.Comm3, "1101")
	d.premise(t, d.AsGas2, d.Comm1, "601") // another company's: not in this export

	f, today, err := d.Svc.Export(d.AsGas, alarms.Query{})
	mustOK(t, err)
	if today != "2026-03-10" {
		t.Errorf("today %s", today)
	}
	var buf bytes.Buffer
	mustOK(t, f.Write(&buf))
	f.Close()

	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	mustOK(t, err)
	rows, err := x.GetRows("燃气报警器安装台账")
	mustOK(t, err)
	x.Close()
	if !strings.HasPrefix(rows[0][0], "南开区燃气报警器安装台账") {
		t.Errorf("title %q", rows[0][0])
	}
	if got := strings.Join(rows[3], ","); got != "序号,街道,社区,小区,楼栋,单元,房号/商户,用户类型,燃气户号,报警器型号,编号,安装日期,安装人,是否联网,是否联动切断,到期更换日期,备注" {
		t.Errorf("header %s", got)
	}
	if len(rows) != 4+4 {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	want := [][]string{
		{"1", "体育中心街", "时代奥城社区", "时代奥城", "3", "2", "501", "居民", "1200000501", "JT-BZ-6800", "BJQ-002", "2026-03-01", "张师傅", "是", "否", "2031-03-01"},
		{"2", "体育中心街", "凌宾路社区", "宾水西道 88 号底商", "", "", "", "居民", "", "JT-BZ-6800", "BJQ-003", "2020-01-10", "张师傅", "否", "否", "2025-01-10"},
		{"3", "体育中心街", "时代奥城社区", "时代奥城", "3", "2", "老张家面馆", "餐饮", "", "", "", "", "", "", "", "", "后厨"},
		{"4", "学府街", "天大社区", "时代奥城", "3", "2", "1101", "居民"},
	}
	for i, w := range want {
		got := rows[4+i]
		for j := range w {
			if j >= len(got) || got[j] != w[j] {
				t.Errorf("row %d: %q, want %q", i+1, got, w)
				break
			}
		}
	}

	before, devsBefore := count(t, d)
	res, err := d.Svc.Import(d.AsGas, buf.Bytes(), false)
	mustOK(t, err)
	if len(res.Problems) != 0 || len(res.Premises) != 0 || len(res.Devices) != 0 || len(res.Unchanged) != 4 {
		t.Fatalf("round trip: %+v", res)
	}
	if after, devs := count(t, d); after != before || devs != devsBefore {
		t.Errorf("premises %d → %d, devices %d → %d", before, after, devsBefore, devs)
	}
	// The other company's export of its premise, imported by this one:
	// the district's address, another company's user.
	f2, _, err := d.Svc.Export(d.AsGas2, alarms.Query{})
	mustOK(t, err)
	buf.Reset()
	mustOK(t, f2.Write(&buf))
	f2.Close()
	chk, err := d.Svc.Import(d.AsGas, buf.Bytes(), true)
	mustOK(t, err)
	if len(chk.Problems) != 1 || !strings.Contains(chk.Problems[0].Message, "已由其他燃气企业登记") {
		t.Errorf("another company's premise: %+v", chk.Problems)
	}
	verifyChain(t, d)
}

// A fresh file: new premises in bulk with their devices (two rows of one
// premise: the later installation current, the earlier replaced by it), a
// new device of a premise recorded before (supersedes its current one), a
// restaurant without an alarm (its hazard opened). Imported again: nothing
// changes.
func testImportRows(t *testing.T, d *district) {
	old := d.premise(t, d.AsGas, d.Comm1, "502", func(in *alarms.PremiseInput) { in.GasAccountNo = ptr("1200000502") })
	oldDev := d.device(t, old, "OLD-1", "2021-01-01")
	file := book(t,
		[]any{"南开区燃气报警器安装台账"},
		alarmHeader,
		[]any{1, "体育中心街", "时代奥城社区", "时代奥城", "5号楼", "1单元", "101", "居民", "1200100101", "JT-1", "S-101", "2026-01-05", "李工", "是", "否"},
		[]any{2, "体育中心街", "时代奥城社区", "时代奥城", "5", "1", "102", "居民", "", "JT-1", "S-102-A", "2025-06-01", "李工"},
		[]any{3, "体育中心街", "时代奥城社区", "时代奥城", "5栋", "1", "102室", "居民", "", "JT-2", "S-102-B", "2026-02-01", "李工", "是", "是"},
		[]any{4, "体育中心街", "", "时代奥城", "3", "2", "502", "居民", "1200000502", "JT-3", "S-502", "2026-03-01", "王工"},
		[]any{5, "学府街", "天大社区", "卫津路", "", "", "好再来饭店", "餐饮", "1200900001"},
		[]any{6, "学府街", "天大社区", "天大北五村", "2", "3", "201", "居民", 1200900002.0, "", "", "", "", "", "", "", "独居"},
	)
	chk, err := d.Svc.Import(d.AsGas, file, true)
	mustOK(t, err)
	if !chk.DryRun || chk.Rows != 6 || chk.Valid != 6 || len(chk.Problems) != 0 {
		t.Fatalf("dry run: %+v", chk)
	}
	if p, _ := count(t, d); p != 1 {
		t.Fatalf("the dry run wrote: %d premises", p)
	}
	res, err := d.Svc.Import(d.AsGas, file, false)
	mustOK(t, err)
	if len(res.Premises) != 4 || len(res.Devices) != 4 || len(res.Unchanged) != 0 {
		t.Fatalf("import: %d premises, %d devices, %d unchanged", len(res.Premises), len(res.Devices), len(res.Unchanged))
	}
	ctx := d.AsGas
	two, err := d.Client.Premise.Query().Where(premise.AddressKey(alarms.AddressKey("时代奥城", "5", "1", "102", "", ""))).Only(ctx)
	mustOK(t, err)
	b, err := d.Client.AlarmDevice.Query().Where(alarmdevice.SerialNo("S-102-B")).Only(ctx)
	mustOK(t, err)
	a, err := d.Client.AlarmDevice.Query().Where(alarmdevice.SerialNo("S-102-A")).Only(ctx)
	mustOK(t, err)
	if two.DeviceID == nil || *two.DeviceID != b.ID || !two.DeviceNetworked || !two.DeviceShutoff || *two.DeviceReplaceOn != "2031-02-01" {
		t.Errorf("premise 102's device state: %+v", two)
	}
	if a.Status != enum.DeviceReplaced || a.SupersededByID == nil || *a.SupersededByID != b.ID || a.PremiseID != two.ID {
		t.Errorf("the earlier device: %+v", a)
	}
	o, err := d.Client.Premise.Get(ctx, old.ID)
	mustOK(t, err)
	od, err := d.Client.AlarmDevice.Get(ctx, oldDev.ID)
	mustOK(t, err)
	if o.DeviceID == nil || *o.DeviceID == oldDev.ID || od.Status != enum.DeviceReplaced {
		t.Errorf("premise 502 kept its old device: %+v, %+v", o, od)
	}
	shop, err := d.Client.Premise.Query().Where(premise.GasAccountNo("1200900001")).Only(ctx)
	mustOK(t, err)
	if shop.UserType != enum.UserCommercial || shop.Tags != ",restaurant," || !shop.Special || shop.HazardID == nil || shop.ShopName != "好再来饭店" {
		t.Errorf("the restaurant: %+v", shop)
	}
	if n, err := d.Client.Premise.Query().Where(premise.GasAccountNo("1200900002")).Count(ctx); err != nil || n != 1 {
		t.Errorf("an account typed as a number: %d, %v", n, err)
	}
	verifyChain(t, d)

	// Again: every row recorded, nothing written.
	p0, d0 := count(t, d)
	again, err := d.Svc.Import(d.AsGas, file, false)
	mustOK(t, err)
	if len(again.Premises) != 0 || len(again.Devices) != 0 || len(again.Unchanged) != 6 {
		t.Errorf("again: %+v", again)
	}
	if p1, d1 := count(t, d); p1 != p0 || d1 != d0 {
		t.Errorf("again wrote: premises %d → %d, devices %d → %d", p0, p1, d0, d1)
	}
}

// Problems are named by row and column in Chinese; a real import with one
// writes nothing.
func testImportProblems(t *testing.T, d *district) {
	d.premise(t, d.AsGas2, d.Comm1, "701", func(in *alarms.PremiseInput) { in.GasAccountNo = ptr("1200000701") })
	other := d.premise(t, d.AsGas, d.Comm1, "702")
	d.device(t, other, "TAKEN-1", "2026-01-01")
	file := book(t,
		alarmHeader,
		[]any{1, "不存在街", "", "时代奥城", "1", "1", "101", "居民"},                                                  // row 2
		[]any{2, "体育中心街", "天大社区", "时代奥城", "1", "1", "102", "居民"},                                             // row 3
		[]any{3, "体育中心街", "", "时代奥城", "1", "1", "103", "公寓"},                                                 // row 4
		[]any{4, "体育中心街", "", "时代奥城", "1", "1", "104", "居民", "", "JT-1", "", "2026-01-01"},                   // row 5
		[]any{5, "体育中心街", "", "时代奥城", "1", "1", "105", "居民", "", "JT-1", "N-105", "2026-13-01"},              // row 6
		[]any{6, "体育中心街", "", "时代奥城", "1", "1", "106", "居民", "", "JT-1", "N-106", "2026-04-01"},              // row 7: future
		[]any{7, "体育中心街", "", "时代奥城", "1", "1", "107", "居民", "", "JT-1", "N-106", "2026-01-01"},              // row 8: serial twice
		[]any{8, "体育中心街", "", "时代奥城", "1", "1", "108", "居民", "", "JT-1", "TAKEN-1", "2026-01-01"},            // row 9
		[]any{9, "体育中心街", "", "", "", "", "", "居民"},                                                          // row 10: no address
		[]any{10, "体育中心街", "", "时代奥城", "3", "2", "701", "居民", "1200000701"},                                  // row 11: another company's
		[]any{11, "体育中心街", "", "时代奥城", "1", "1", "111", "居民", "", "", "", "", "", "大概"},                      // row 12
		[]any{12, "体育中心街", "时代奥城社区", "时代奥城", "1", "1", "112", "居民", "", "JT-1", "N-112", "2026-01-01", "李工"}, // row 13: good
	)
	chk, err := d.Svc.Import(d.AsGas, file, true)
	mustOK(t, err)
	want := map[int]string{2: "街道", 3: "社区", 4: "用户类型", 5: "编号", 6: "安装日期", 7: "安装日期", 8: "编号", 9: "编号",
		10: "小区", 11: "燃气户号", 12: "是否联网"}
	got := map[int]string{}
	for _, p := range chk.Problems {
		got[p.Row] = p.Column
		if !strings.HasPrefix(p.Message, "第 ") || strings.Contains(p.Message, "must") || strings.Contains(p.Message, "required") {
			t.Errorf("not said in Chinese: %q", p.Message)
		}
	}
	for row, col := range want {
		if got[row] != col {
			t.Errorf("row %d: problem in %q, want %q (%+v)", row, got[row], col, chk.Problems)
		}
	}
	if len(got) != len(want) || chk.Valid != 1 || chk.Rows != 12 {
		t.Errorf("problems %+v, valid %d of %d", chk.Problems, chk.Valid, chk.Rows)
	}
	p0, d0 := count(t, d)
	_, err = d.Svc.Import(d.AsGas, file, false)
	e := wantErr(t, err, services.KindInvalid, "import_failed")
	if !strings.Contains(e.Message, "未导入任何数据") {
		t.Errorf("message %q", e.Message)
	}
	if p1, d1 := count(t, d); p1 != p0 || d1 != d0 {
		t.Errorf("a failed import wrote: premises %d → %d, devices %d → %d", p0, p1, d0, d1)
	}
	// Only gas companies import.
	_, err = d.Svc.Import(d.AsStreet1, file, true)
	wantErr(t, err, services.KindForbidden, "forbidden")
	_, err = d.Svc.Template(d.AsBureau)
	wantErr(t, err, services.KindForbidden, "forbidden")
	tpl, err := d.Svc.Template(d.AsGas)
	mustOK(t, err)
	if dv, err := tpl.GetDataValidations("燃气报警器安装台账"); err != nil || len(dv) < 5 {
		t.Errorf("template drop-downs: %d, %v", len(dv), err)
	}
	tpl.Close()
}

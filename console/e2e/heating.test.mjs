// The heating module in a real Chromium against a real hearth: the heating
// engineer records an inspection with its report on an overdue unit and the
// bureau's readiness board moves; the bureau accepts a declared plan with a
// condition. The demo's 南开区供热服务中心 data is used when the seed has it;
// what a test needs and the seed lacks is made through the API first.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { api, choose, open, phone, png, shot, signIn, startHearth } from './hearth.mjs'

/** The brief's desktop size for the heating pages' screenshots. */
const wide = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' }

let h
before(async () => { h = await startHearth() })
after(async () => { await h?.stop() })

const seasonCode = '2026-2027'

/** The season 2026-2027, opened by the bureau when the seed has none. */
async function season(bureau) {
  const list = (await bureau.get('/seasons?limit=50')).items
  return list.find((s) => s.code === seasonCode) ?? bureau.create('/seasons', {
    code: seasonCode, campaign_start: '2026-03-16', trial_run_start: '2026-10-01', readiness_deadline: '2026-10-31',
    heating_start: '2026-11-15', heating_end: '2027-03-15',
  })
}

/** A company's plan for the season, drawn up when there is none. */
async function planOf(company, seasonId) {
  const list = (await company.get(`/readiness/plans?season_id=${seasonId}`)).items
  return list[0] ?? company.create('/readiness/plans', { season_id: seasonId })
}

/** An overdue unit of 南开区供热服务中心 (the demo's feed-water gauge, else one recorded here). */
async function overdueUnit(heat) {
  const found = (await heat.get('/equipment?state=overdue&limit=1')).items[0]
  if (found) return found
  const streets = (await heat.get('/orgs?kind=street')).items
  const gulou = streets.find((o) => o.name === '鼓楼街')
  const site = await heat.create('/sites', { kind: 'boiler_room', name: '鼓楼东锅炉房', street_id: gulou.id, address: '鼓楼东街8号' })
  const unit = await heat.create('/equipment', {
    site_id: site.id, kind: 'pressure_gauge', name: '1#锅炉给水压力表', special: false, commissioned_on: '2024-05-20',
  })
  await heat.create(`/equipment/${unit.id}/inspections`, {
    type: 'gauge_verification', performed_on: '2026-05-20', agency: '天津市计量监督检测科学研究院', report_no: 'JD-2026-0520',
    conclusion: 'pass', next_due_on: '2026-11-20',
  })
  return heat.get(`/equipment/${unit.id}`)
}

/** The district's 设备完好率 on the board ("98.2%" and "111/113 台完好"). */
async function intactRate(page) {
  const card = page.locator('[data-stat="intact_rate"]')
  await card.locator('.stat-value').waitFor()
  return (await card.innerText()).replace(/\s+/g, ' ').trim()
}

test('the heating engineer records an inspection with its report on an overdue unit, and the bureau\'s board moves', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const heatAPI = await api(h.base, 'nankai', 'heat1.engineer')
  const s = await season(bureauAPI)
  await planOf(heatAPI, s.id)
  const unit = await overdueUnit(heatAPI)

  const bureau = await open(h, wide)
  await signIn(bureau, h.base, 'nankai', 'bureau.admin')
  await bureau.getByRole('menuitem', { name: '供热准备看板' }).click()
  await bureau.waitForURL((u) => u.searchParams.get('season') === seasonCode)
  const before = await intactRate(bureau)
  assert.match(before, /\d+\/\d+/, 'the rate shows its numerator and denominator')
  await shot(bureau, 'heating-1-board-before')

  const eng = await open(h, wide)
  await signIn(eng, h.base, 'nankai', 'heat1.engineer')
  await eng.getByRole('menuitem', { name: '设备台账' }).click()
  await eng.goto(`${h.base}/heating/equipment?state=overdue`)
  await eng.getByRole('link', { name: unit.name }).first().click()
  await eng.waitForURL(/\/heating\/equipment\/[0-9a-f-]{36}$/)
  await eng.locator('.status-line .el-tag', { hasText: '已超期' }).waitFor()
  await shot(eng, 'heating-2-equipment-overdue')
  await eng.getByRole('button', { name: '登记检验记录' }).click()
  const dialog = eng.locator('.el-dialog')
  await dialog.locator('#i-agency').fill('天津市计量监督检测科学研究院')
  await dialog.locator('#i-report').fill('JD-2026-1202')
  await dialog.locator('#i-date').fill('2026-12-01')
  await dialog.locator('#i-date').press('Enter')
  await dialog.locator('#i-next').fill('2027-06-01')
  await dialog.locator('#i-next').press('Enter')
  await dialog.locator('input[type=file]').setInputFiles({ name: '检定证书.png', mimeType: 'image/png', buffer: png() })
  await shot(eng, 'heating-3-record-form')
  await dialog.getByRole('button', { name: '登记', exact: true }).click()
  await eng.locator('[data-report="JD-2026-1202"]').waitFor()
  await eng.locator('[data-report="JD-2026-1202"]').getByText('检定证书.png').waitFor()
  await eng.locator('.status-line .el-tag', { hasText: '有效' }).first().waitFor()
  await shot(eng, 'heating-4-equipment-valid')

  // The board's intact rate moves with the record.
  await bureau.reload()
  await bureau.waitForFunction((b) => {
    const el = document.querySelector('[data-stat="intact_rate"]')
    return el && el.textContent.replace(/\s+/g, ' ').trim() !== b
  }, before.replace(/\s+/g, ''))
  const after = await intactRate(bureau)
  assert.notEqual(after, before, 'the intact rate changes when the overdue unit is inspected')
  await shot(bureau, 'heating-5-board-after')

  // The same pages on a phone.
  const mobile = await open(h, phone)
  await signIn(mobile, h.base, 'nankai', 'bureau.admin')
  await mobile.goto(`${h.base}/bureau/readiness?season=${seasonCode}`)
  await mobile.locator('[data-stat="intact_rate"] .stat-value').waitFor()
  await shot(mobile, 'heating-6-board-phone')
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the board fits the phone (${width}px wide)`)
  assert.deepEqual([...bureau.errors, ...eng.errors, ...mobile.errors], [])
})

test('the engineer adds a unit through the form, finds it in the register, changes it, and exports the register', async () => {
  const heatAPI = await api(h.base, 'nankai', 'heat1.engineer')
  // A boiler of 南开区供热服务中心 (the demo's), for the new valve to hang off.
  let boiler = (await heatAPI.get('/equipment?kind=boiler&limit=1')).items[0]
  if (!boiler) {
    const streets = (await heatAPI.get('/orgs?kind=street')).items
    const st = await heatAPI.create('/sites', { kind: 'boiler_room', name: '时代奥城锅炉房', street_id: streets[0].id })
    boiler = await heatAPI.create('/equipment', { site_id: st.id, kind: 'boiler', name: '1#锅炉', special: true })
  }
  const site = (await heatAPI.get(`/sites/${boiler.site_id}`))
  const name = `${boiler.name}安全阀E`

  const eng = await open(h, wide)
  await signIn(eng, h.base, 'nankai', 'heat1.engineer')
  await eng.goto(`${h.base}/heating/equipment`)
  await eng.getByRole('button', { name: '添加设备' }).click()
  const form = eng.locator('.el-dialog', { hasText: '添加设备' })
  await form.getByRole('button', { name: '保存' }).click()
  await form.locator('.el-form-item', { has: eng.locator('#e-name') }).getByText('请填写设备名称').waitFor() // beside its field
  await choose(eng, '#e-site', site.name)
  await choose(eng, '#e-kind', '安全阀')
  await choose(eng, '#e-parent', `${boiler.name}（锅炉本体）`)
  await form.locator('#e-name').fill(name)
  await form.locator('.el-switch').click()
  await form.locator('#e-reg').fill('阀TJ-2026-0612')
  await form.locator('#e-serial').fill('AQF-2026-0612')
  await form.locator('#e-comm').fill('2025-10-15')
  await form.locator('#e-comm').press('Enter')
  await shot(eng, 'heating-10-unit-form', { fullPage: false })
  await form.getByRole('button', { name: '保存' }).click()
  await form.waitFor({ state: 'hidden' })

  // In the register (searched by name: the company's register is longer than a page).
  await eng.locator('#f-q').fill(name)
  await eng.getByRole('button', { name: '查询' }).click()
  await eng.getByRole('link', { name }).waitFor()
  await shot(eng, 'heating-11-register-with-unit')

  // The export of the filtered register downloads a workbook.
  const [file] = await Promise.all([eng.waitForEvent('download'), eng.getByRole('button', { name: '导出台账' }).click()])
  assert.match(file.suggestedFilename(), /\.xlsx$/)
  const bytes = fs.readFileSync(await file.path())
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip')

  // The export imports back without a change: its rows are the register's already.
  await eng.goto(`${h.base}/heating/equipment/import`)
  await eng.locator('input[type=file]').setInputFiles(await file.path())
  await eng.locator('[data-import-check]').getByText('已在台账中').waitFor()
  await eng.getByRole('button', { name: /查看已在台账中的 \d+ 行/ }).click()
  await eng.getByText(`${site.name} · ${name}`).first().waitFor()
  await eng.getByRole('button', { name: /确认导入 \d+ 条/ }).click()
  const result = eng.locator('[data-import-result]')
  await result.waitFor()
  assert.match((await result.innerText()).replace(/\s+/g, ''), /新增设备0台新增检验记录0条已在台账中，未改动[1-9]\d*行/)
  await shot(eng, 'heating-11b-import-unchanged')
  await eng.goto(`${h.base}/heating/equipment?q=${encodeURIComponent(name)}`)

  // Changed on its page (If-Match): the model, and the host shown.
  await eng.getByRole('link', { name }).click()
  await eng.getByRole('button', { name: '修改设备' }).click()
  const edit = eng.locator('.el-dialog', { hasText: '修改设备' })
  await edit.locator('#e-model').fill('A48Y-16C')
  await edit.getByRole('button', { name: '保存' }).click()
  await eng.locator('.fields').getByText('A48Y-16C').waitFor()
  await eng.locator('.fields').getByRole('link', { name: boiler.name }).waitFor()

  // The form on a phone.
  const mobile = await open(h, phone)
  await signIn(mobile, h.base, 'nankai', 'heat1.engineer')
  await mobile.goto(`${h.base}/heating/equipment`)
  await mobile.getByRole('button', { name: '添加设备' }).click()
  await mobile.locator('#e-name').waitFor()
  await shot(mobile, 'heating-12-unit-form-phone', { fullPage: false })
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the form fits the phone (${width}px wide)`)
  assert.deepEqual([...eng.errors, ...mobile.errors], [])
  await eng.context().close()
  await mobile.context().close()
})

test('the bureau accepts a declared plan with a condition', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const s = await season(bureauAPI)
  // A heating company of its own, so the declaration's gate sees only what this test made.
  const co = await bureauAPI.create('/orgs', { kind: 'heating_company', name: '南开区第二供热站' })
  await bureauAPI.create('/users', {
    org_id: co.id, username: 'heat2.admin', display_name: '孙悦', password: 'e2e-demo-password', roles: ['company_admin'],
  })
  const co2 = await api(h.base, 'nankai', 'heat2.admin')
  const plan = await planOf(co2, s.id)
  const streets = (await co2.get('/orgs?kind=street')).items
  const site = await co2.create('/sites', {
    kind: 'exchange_station', name: '天大换热站', street_id: streets.find((o) => o.name === '学府街').id, address: '卫津路92号',
  })
  const item = await co2.create(`/readiness/plans/${plan.id}/items`, {
    category: 'contingency', title: '修订应急预案和优先保障供暖方案', due_on: '2026-10-31', responsible_person: '孙悦', site_id: site.id,
  })
  await co2.post(`/readiness/plans/${plan.id}/items/${item.id}/start`)

  // The company changes the item (If-Match) and asks the register for what the plan lacks (nothing: no units).
  const admin = await open(h, wide)
  await signIn(admin, h.base, 'nankai', 'heat2.admin')
  await admin.getByRole('menuitem', { name: '冬病夏治' }).click()
  await admin.getByRole('button', { name: '修改：修订应急预案和优先保障供暖方案' }).click()
  const change = admin.locator('.el-dialog', { hasText: '修改任务' })
  await change.locator('#m-person').fill('孙悦、李强')
  await shot(admin, 'heating-7a-item-edit', { fullPage: false })
  await change.getByRole('button', { name: '保存' }).click()
  await admin.locator('[data-item="修订应急预案和优先保障供暖方案"]').getByText('责任人 孙悦、李强').waitFor()
  await admin.getByRole('button', { name: '从台账重新生成' }).click()
  await admin.getByText('设备台账没有需要补充的任务').waitFor()

  // Declared too early, the plan says what stops it and links to the item.
  await admin.getByRole('button', { name: '申报具备供热条件' }).click()
  await admin.locator('.el-message-box__btns .el-button--primary').click()
  const blockers = admin.locator('#blockers')
  await blockers.locator('[data-blocker="item_open"]').waitFor()
  await blockers.getByText('修订应急预案和优先保障供暖方案').waitFor()
  assert.equal(await blockers.getByRole('link', { name: '查看任务' }).count(), 1)
  await admin.evaluate(() => window.scrollTo(0, 0))
  await shot(admin, 'heating-7-declare-blockers')
  assert.deepEqual(admin.errors, [])

  await co2.upload(`/readiness/plans/${plan.id}/items/${item.id}/documents`, '应急预案.png', png())
  await co2.post(`/readiness/plans/${plan.id}/items/${item.id}/done`, { note: '预案已修订并演练' })
  await co2.post(`/readiness/plans/${plan.id}/declare`)

  const bureau = await open(h, wide)
  await signIn(bureau, h.base, 'nankai', 'bureau.inspector')
  await bureau.goto(`${h.base}/bureau/readiness?season=${seasonCode}`)
  await bureau.getByRole('link', { name: '南开区第二供热站' }).first().click()
  await bureau.waitForURL(/\/readiness\/plans\//)
  await bureau.locator('[data-plan-status]', { hasText: '已申报具备供热条件' }).waitFor()
  await bureau.getByRole('button', { name: '验收', exact: true }).click()
  const dialog = bureau.locator('.el-dialog', { hasText: '供热准备验收' })
  await dialog.getByText('有条件通过', { exact: true }).click()
  await dialog.locator('#a-cond-0').fill('补充备用循环泵一台')
  await dialog.locator('#a-note').fill('现场检查基本具备供热条件，备用泵须在期限内到位')
  await shot(bureau, 'heating-8-acceptance-dialog')
  await dialog.getByRole('button', { name: '确认：有条件通过' }).click()
  await bureau.locator('[data-plan-status]', { hasText: '有条件通过' }).waitFor()
  await bureau.locator('[data-item="补充备用循环泵一台"]').waitFor() // the condition is a follow-up item with its deadline
  await shot(bureau, 'heating-9-accepted')
  assert.deepEqual(bureau.errors, [])
})

test('the heating pages on a desktop and a phone; a gas company sees none of them', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const orgs = (await bureauAPI.get('/orgs?limit=200')).items
  const xuefu = orgs.find((o) => o.name === '学府街')
  await bureauAPI.create('/users', {
    org_id: xuefu.id, username: 'street.xuefu', display_name: '钱程', password: 'e2e-demo-password', roles: ['street_officer'],
  })
  const tour = [
    ['heat1.engineer', [['register', '/heating/equipment'], ['sites', '/heating/sites'], ['plan', '/heating/plan']]],
    ['bureau.admin', [['seasons', '/bureau/seasons'], ['rules', '/bureau/inspection-rules']]],
    ['street.xuefu', [['street', '/street/readiness']]],
  ]
  for (const [kind, tag] of [[wide, 'desktop'], [phone, 'phone']]) {
    for (const [user, pages] of tour) {
      const page = await open(h, kind)
      await signIn(page, h.base, 'nankai', user)
      for (const [name, path] of pages) {
        await page.goto(h.base + path)
        await page.waitForLoadState('networkidle')
        await page.locator('.page-head h1').waitFor()
        await shot(page, `heating-tour-${name}-${tag}`)
        if (tag === 'phone') {
          const width = await page.evaluate(() => document.documentElement.scrollWidth)
          assert.ok(width <= 390, `${path} fits the phone (${width}px wide)`)
        }
      }
      assert.deepEqual(page.errors, [])
      await page.context().close()
    }
  }
  // The street officer of 学府街 sees the finished item of its street waiting to be checked.
  const street = await open(h, wide)
  await signIn(street, h.base, 'nankai', 'street.xuefu')
  await street.getByRole('menuitem', { name: '供热准备' }).click()
  await street.locator('[data-item="修订应急预案和优先保障供暖方案"]').waitFor()

  // A gas company's clerk has no heating entry, and its addresses send it home.
  const gas = await open(h, wide)
  await signIn(gas, h.base, 'nankai', 'gas1.clerk')
  assert.equal(await gas.getByRole('menuitem', { name: '设备台账' }).count(), 0)
  assert.equal(await gas.getByRole('menuitem', { name: '冬病夏治' }).count(), 0)
  await gas.goto(h.base + '/heating/equipment')
  await gas.waitForURL((u) => u.pathname === '/my-hazards')
  assert.deepEqual([...street.errors, ...gas.errors], [])
})

// The gas programmes in a real Chromium against a real hearth: an installer
// of 津燃华润燃气有限公司 on a phone records a visit and an alarm on a premise
// in 广开街 and the street's rate for the campaign moves by one; the bureau
// folds an occupation point into a renovation project and the board counts
// it. The demo's data is used when the seed has it; what a test needs and the
// seed lacks is made through the API first.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, open, phone, png, shot, signIn, startHearth } from './hearth.mjs'

/** The brief's desktop size for the gas pages' screenshots. */
const wide = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' }

let h
before(async () => { h = await startHearth() })
after(async () => { await h?.stop() })

const year = new Date().getFullYear()

/** The district's active alarm campaign, opened by the bureau with a target in 广开街 when the seed has none. */
async function campaignWithTarget(bureau, gas, streetId, communityId) {
  const list = (await bureau.get('/alarm_campaigns?limit=50')).items
  const found = list.find((c) => c.status === 'active')
  if (found) return found
  const me = await gas.get('/me')
  const c = await bureau.create('/alarm_campaigns', {
    name: `${year}年居民及工商户燃气报警器安装`, scope: 'both', year, start_on: `${year}-01-01`, due_on: `${year}-12-31`,
    milestones: [{ on: `${year}-06-30`, percent: 50 }, { on: `${year}-12-31`, percent: 100 }],
  })
  await fetch(`${h.base}/api/v1/alarm_campaigns/${c.id}/targets`, {
    method: 'PUT', headers: { Authorization: `Bearer ${bureau.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ targets: [{ community_id: communityId, company_id: me.org.id, user_type: 'resident', target_count: 20 }] }),
  })
  void streetId
  return c
}

/** A premise of the company in 广开街 without a valid alarm (the seed's, else one recorded here). */
async function bareePremise(gas, streetId, communityId) {
  const found = (await gas.get(`/premises?street_id=${streetId}&has_valid_device=false&user_type=resident&limit=1`)).items[0]
  if (found) return found
  return gas.create('/premises', {
    street_id: streetId, community_id: communityId, user_type: 'resident', estate: '万德庄小区', building: '7', unit: '2', room: '502',
    address: '广开街万德庄小区7号楼2单元502', contact_name: '李秀兰', phone: '13800001234', tags: ['elderly_alone'],
  })
}

/** The 安装率 fraction of a street's row on the campaign page ("206 / 214"). */
async function streetRatio(page, street) {
  const row = page.locator('.el-table__row', { has: page.locator(`[data-street="${street}"]`) }).first()
  await row.waitFor()
  return (await row.locator('[data-ratio]').first().innerText()).trim()
}

const counts = (ratio) => ratio.split('/').map((s) => Number(s.replace(/[^\d]/g, '')))

test('an installer on a phone records a visit and an alarm in 广开街, and the street\'s rate moves by one', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const gasAPI = await api(h.base, 'nankai', 'gas1.clerk')
  const streets = (await gasAPI.get('/orgs?kind=street')).items
  const guangkai = streets.find((o) => o.name === '广开街')
  const community = (await gasAPI.get(`/orgs?kind=community&parent_id=${guangkai.id}`)).items.find((o) => o.name === '广开街万德庄社区')
    ?? (await gasAPI.get('/orgs?kind=community')).items.find((o) => o.parent_id === guangkai.id)
  const campaign = await campaignWithTarget(bureauAPI, gasAPI, guangkai.id, community.id)
  const premise = await bareePremise(gasAPI, guangkai.id, community.id)

  // The street's rate before, on its own campaign page.
  const street = await open(h, wide)
  await signIn(street, h.base, 'nankai', 'street.guangkai')
  await street.getByRole('menuitem', { name: '报警器安装' }).click()
  await street.waitForURL(/\/gas\/campaigns$/)
  await street.goto(`${h.base}/gas/campaigns/${campaign.id}`)
  const before = counts(await streetRatio(street, '广开街'))
  await shot(street, 'gas-1-street-rate-before')

  // The installer, on a phone: the premise from the list, a visit, a device.
  const mobile = await open(h, phone)
  await signIn(mobile, h.base, 'nankai', 'gas1.clerk')
  await mobile.goto(`${h.base}/gas/premises?street=${guangkai.id}&valid=false`)
  await mobile.locator('.pcard').first().waitFor()
  await shot(mobile, 'gas-2-premises-phone')
  await mobile.goto(`${h.base}/gas/premises/${premise.id}`)
  await mobile.getByRole('button', { name: '登记入户' }).waitFor()
  await shot(mobile, 'gas-3-premise-phone')
  let width = await mobile.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the premise fits the phone (${width}px wide)`)

  await mobile.getByRole('button', { name: '登记入户' }).click()
  const visit = mobile.locator('.el-dialog', { hasText: '入户结果' })
  await visit.getByText('已安装', { exact: true }).click()
  await visit.locator('#v-note').fill('用户在家，已安装并讲解使用方法')
  await shot(mobile, 'gas-4-visit-form-phone', { fullPage: false })
  await visit.getByRole('button', { name: '保存' }).click()

  // An installed visit without a device opens the device form.
  const form = mobile.locator('.el-dialog', { hasText: '报警器编号' })
  await form.locator('#d-serial').waitFor()
  const serial = `GK-${Date.now()}`
  await form.locator('#d-serial').fill(serial)
  await form.locator('#d-model').fill('JT-AEC2363A')
  await form.locator('#d-maker').fill('汉威科技集团股份有限公司')
  for (const key of ['check_height', 'check_distance', 'check_not_above_stove']) await form.locator(`[data-check="${key}"]`).click()
  await form.locator('input[type=file]').setInputFiles({ name: '安装照片.png', mimeType: 'image/png', buffer: png() })
  await shot(mobile, 'gas-5-device-form-phone', { fullPage: false })
  const box = await form.locator('[data-check="check_height"]').boundingBox()
  assert.ok(box && box.height >= 40, `a placement check is a large touch target (${box?.height}px)`)
  await form.getByRole('button', { name: '保存' }).click()
  await mobile.locator('[data-device] .el-tag', { hasText: '在有效期内' }).waitFor()
  await mobile.locator('[data-visit="installed"]').first().waitFor()
  await shot(mobile, 'gas-6-premise-equipped-phone')
  width = await mobile.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the equipped premise fits the phone (${width}px wide)`)

  // The street's rate moves by one.
  await street.reload()
  const after = counts(await streetRatio(street, '广开街'))
  assert.equal(after[0], before[0] + 1, `广开街's installed count moves by one (${before.join('/')} → ${after.join('/')})`)
  assert.equal(after[1], before[1], 'the target stays')
  await shot(street, 'gas-7-street-rate-after')
  // The community drill-down.
  await street.locator('[data-street="广开街"]').click()
  await street.waitForURL((u) => u.searchParams.get('group_by') === 'community')
  await street.locator('.el-table__row').first().waitFor()
  await shot(street, 'gas-8-street-communities')
  assert.deepEqual([...street.errors, ...mobile.errors], [])
})

/** The year's renovation plan, a project of it in 广开街 and an occupation point there not yet in a project (the seed's, else made here). */
async function renovationFixture(bureau, gas) {
  const streets = (await bureau.get('/orgs?kind=street')).items
  const guangkai = streets.find((o) => o.name === '广开街')
  const me = await gas.get('/me')
  let board = await bureau.get(`/renovation/board?year=${year}`)
  if (!board.plan_id) {
    await bureau.create('/renovation/plans', {
      year, name: `${year}年燃气旧管网改造计划`, target_km: 88, target_points: 387, company_ids: [me.org.id], due_on: `${year}-12-31`,
    })
    board = await bureau.get(`/renovation/board?year=${year}`)
  }
  const projects = (await bureau.get(`/renovation/projects?plan_id=${board.plan_id}&limit=200`)).items
    .filter((p) => !['accepted', 'cancelled'].includes(p.status))
  if (!projects.some((p) => p.street_id === guangkai.id)) {
    await bureau.create('/renovation/projects', {
      plan_id: board.plan_id, company_id: me.org.id, street_id: guangkai.id, name: '万德庄片区庭院管改造', scope_type: 'courtyard',
      aging_reason: 'steel_pe_20y', pressure_level: 'low', planned_km: 11.3, planned_start: `${year}-03-01`, planned_end: `${year}-12-20`,
    })
  }
  const open_ = (await bureau.get(`/occupation_points?status=identified&limit=200`)).items.filter((p) => !p.project_id)
  const point = open_.find((p) => p.street_id === guangkai.id) ?? await bureau.create('/occupation_points', {
    company_id: me.org.id, street_id: guangkai.id, address: '广开街万德庄大街18号院内', pipe_pressure: 'medium_b', pipe_dn: 'DN200',
    occupier_type: 'shed', occupier_name: '彩钢房（临建）', discovered_on: `${year}-04-12`, deadline: `${year}-12-31`, source: 'patrol',
  })
  return { point, streetName: streets.find((o) => o.id === point.street_id)?.name }
}

test('the bureau folds an occupation point into a project and sees it on the renovation board', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const gasAPI = await api(h.base, 'nankai', 'gas1.clerk')
  const { point, streetName } = await renovationFixture(bureauAPI, gasAPI)

  const bureau = await open(h, wide)
  await signIn(bureau, h.base, 'nankai', 'bureau.admin')
  await bureau.getByRole('menuitem', { name: '旧管网改造看板' }).click()
  await bureau.locator('[data-stat="km"] .stat-value').waitFor()
  const rowOf = () => bureau.locator('.el-table__row', { has: bureau.locator(`[data-street="${streetName}"]`) }).first()
  const unfolded = async () => Number((await rowOf().locator('[data-unfolded]').innerText()).trim())
  const before = await unfolded()
  await shot(bureau, 'gas-9-board-before')

  await bureau.getByRole('menuitem', { name: '占压点位' }).click()
  await bureau.goto(`${h.base}/gas/points?q=${encodeURIComponent(point.point_no)}`)
  const row = bureau.locator('.el-table__row', { has: bureau.locator(`[data-point="${point.point_no}"]`) })
  await row.getByRole('button', { name: '纳入项目' }).click()
  const dialog = bureau.locator('.el-dialog', { hasText: '纳入改造项目' })
  await dialog.locator('.el-select__wrapper').click()
  await bureau.locator('.el-select-dropdown__item:visible').first().click()
  await shot(bureau, 'gas-10-fold-dialog', { fullPage: false })
  await dialog.getByRole('button', { name: '纳入', exact: true }).click()
  await row.locator('a', { hasText: /./ }).filter({ hasNotText: '隐患' }).first().waitFor()
  await shot(bureau, 'gas-11-point-folded')

  // Its hazard is rectifying by the project's end, and links back.
  await bureau.goto(`${h.base}/hazards/${point.hazard_id}`)
  await bureau.locator('[data-point-card] [data-project-link]').waitFor()
  await bureau.locator('.status-line .el-tag', { hasText: '整改中' }).waitFor()
  await shot(bureau, 'gas-12-hazard-point-card')

  // The board counts it.
  await bureau.goto(`${h.base}/gas/board?year=${year}`)
  await bureau.locator('[data-stat="km"] .stat-value').waitFor()
  assert.equal(await unfolded(), before - 1, `${streetName}'s points not in a project drop by one`)
  await shot(bureau, 'gas-13-board-after')

  const mobile = await open(h, phone)
  await signIn(mobile, h.base, 'nankai', 'bureau.admin')
  await mobile.goto(`${h.base}/gas/board?year=${year}`)
  await mobile.locator('[data-stat="km"] .stat-value').waitFor()
  await shot(mobile, 'gas-14-board-phone')
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the board fits the phone (${width}px wide)`)
  assert.deepEqual([...bureau.errors, ...mobile.errors], [])
})

test('the gas pages on a desktop and a phone: a progress report with a photo accepted by the bureau; a heating company sees none of them', async () => {
  const bureauAPI = await api(h.base, 'nankai', 'bureau.admin')
  const gasAPI = await api(h.base, 'nankai', 'gas1.clerk')
  await renovationFixture(bureauAPI, gasAPI)
  const campaign = (await bureauAPI.get('/alarm_campaigns?limit=50')).items.find((c) => c.status === 'active')
  const project = (await gasAPI.get('/renovation/projects?limit=200')).items
    .find((p) => ['planned', 'preparing', 'in_construction'].includes(p.status) && p.km_done + 0.3 <= p.planned_km)
  /** The next cumulative figure: a little more than the last. */
  const reportKm = project ? (Math.round((project.km_done + 0.3) * 10) / 10).toFixed(1) : ''
  assert.ok(campaign && project, 'the earlier tests left a campaign and a project')

  // The gas company reports progress with a photo; the bureau accepts it.
  const gas = await open(h, wide)
  await signIn(gas, h.base, 'nankai', 'gas1.clerk')
  await gas.getByRole('menuitem', { name: '改造项目' }).click()
  await gas.getByRole('link', { name: project.name }).first().click()
  // Under way first: the project's next steps, one by one.
  await gas.locator('[data-status]').waitFor()
  for (const step of ['设计/手续办理', '施工中']) {
    const next = gas.getByRole('button', { name: `改为“${step}”` })
    if (!(await next.count())) continue
    await next.click()
    await gas.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await gas.locator('[data-status]', { hasText: step }).waitFor()
  }
  await gas.getByRole('button', { name: '填报进度' }).click()
  const dialog = gas.locator('.el-dialog', { hasText: '累计完成公里数' })
  await dialog.locator('#r-km').fill(reportKm)
  await dialog.locator('#r-km').press('Tab')
  await dialog.locator('#r-note').fill(`完成万德庄大街段开挖及PE管敷设，累计 ${reportKm} km`)
  await dialog.locator('input[type=file]').setInputFiles({ name: '施工现场.png', mimeType: 'image/png', buffer: png() })
  await shot(gas, 'gas-15-report-form', { fullPage: false })
  await dialog.getByRole('button', { name: '提交' }).click()
  await gas.locator('.report', { hasText: '施工现场.png' }).waitFor()
  await shot(gas, 'gas-16-project-reported')

  // The company's 燃气报警器安装台账 exported and imported back: every premise is recognised, none duplicated.
  await gas.goto(`${h.base}/gas/premises`)
  await gas.locator('.page-head h1').waitFor()
  const [ledger] = await Promise.all([gas.waitForEvent('download'), gas.getByRole('button', { name: '导出台账' }).click()])
  assert.match(ledger.suggestedFilename(), /\.xlsx$/)
  await gas.getByRole('button', { name: 'Excel 导入' }).click()
  await gas.waitForURL(/\/gas\/premises\/import$/)
  await gas.locator('input[type=file]').setInputFiles(await ledger.path())
  await gas.locator('[data-import-check]').waitFor()
  assert.match(await gas.locator('[data-import-check]').innerText(), /已在档案中/)
  await shot(gas, 'gas-16b-import-check')
  await gas.getByRole('button', { name: /确认导入/ }).click()
  await gas.locator('[data-import-result]').waitFor()
  assert.equal(await gas.locator('[data-created]').getAttribute('data-created'), '0', 'a re-import duplicates no premise')

  const bureau = await open(h, wide)
  await signIn(bureau, h.base, 'nankai', 'bureau.admin')
  await bureau.goto(`${h.base}/gas/projects/${project.id}`)
  await bureau.locator('.report').first().getByRole('button', { name: '确认' }).click()
  await bureau.locator('.el-dialog').getByRole('button', { name: '确认' }).click()
  await bureau.locator('.report .el-tag', { hasText: '已确认' }).first().waitFor()
  await bureau.locator('.figures', { hasText: `${Number(reportKm)} / ` }).waitFor()
  await shot(bureau, 'gas-17-project-accepted')
  // The workbooks: the projects' and the board's.
  for (const [path, button] of [['/gas/projects', '导出台账'], ['/gas/board', '导出']]) {
    await bureau.goto(h.base + path)
    await bureau.locator('.page-head h1').waitFor()
    const [file] = await Promise.all([bureau.waitForEvent('download'), bureau.getByRole('button', { name: button, exact: true }).click()])
    assert.match(file.suggestedFilename(), /\.xlsx$/, `${path} exports a workbook (${file.suggestedFilename()})`)
  }

  // Every gas page of each side, on a desktop and a phone.
  const tours = {
    'bureau.admin': ['/gas/campaigns', `/gas/campaigns/${campaign.id}`, `/gas/campaigns/${campaign.id}?tab=targets`, '/gas/board', '/gas/projects', '/gas/points'],
    'gas1.clerk': ['/gas/campaigns', '/gas/premises', '/gas/projects', `/gas/projects/${project.id}`, '/gas/points'],
    'street.guangkai': ['/gas/campaigns', '/gas/premises', '/gas/points'],
  }
  const errors = [...gas.errors, ...bureau.errors]
  for (const [kind, tag] of [[wide, 'desktop'], [phone, 'phone']]) {
    for (const [login, paths] of Object.entries(tours)) {
      const page = await open(h, kind)
      await signIn(page, h.base, 'nankai', login)
      for (const p of paths) {
        await page.goto(h.base + p)
        await page.locator('.page-head h1').waitFor()
        await page.waitForLoadState('networkidle')
        await page.locator('.el-skeleton').first().waitFor({ state: 'detached' }).catch(() => {})
        const name = p.split('?')[0].split('/').slice(2).map((x) => (/^[0-9a-f-]{36}$/.test(x) ? 'one' : x)).join('-')
        await shot(page, `gas-tour-${tag}-${login.split('.')[0]}-${name}${p.includes('tab=') ? '-targets' : ''}`)
        if (tag === 'phone') {
          const width = await page.evaluate(() => document.documentElement.scrollWidth)
          assert.ok(width <= 390, `${login} ${p} fits the phone (${width}px wide)`)
        }
      }
      errors.push(...page.errors)
      await page.context().close()
    }
  }

  // A heating company has no gas entry and is sent home from a gas address.
  const heat = await open(h, wide)
  await signIn(heat, h.base, 'nankai', 'heat1.engineer')
  for (const title of ['报警器安装', '用户档案', '改造项目', '占压点位']) {
    assert.equal(await heat.getByRole('menuitem', { name: title }).count(), 0, `a heating company has no ${title}`)
  }
  await heat.goto(`${h.base}/gas/premises`)
  await heat.waitForURL((u) => !u.pathname.startsWith('/gas'))
  assert.deepEqual([...errors, ...heat.errors], [])
})

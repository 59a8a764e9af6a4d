// The console in a real Chromium against a real hearth: what a clerk, a
// street officer and the bureau do, on a desktop and on a phone.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { api, choose, desktop, open, phone, png, shot, signIn, startHearth } from './hearth.mjs'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')
let h

before(async () => { h = await startHearth() })
after(async () => { await h?.stop() })

/** Fills the record form and submits it; resolves to the new hazard's number. */
async function recordHazard(page, address) {
  await choose(page, '#h-street', '广开街')
  await page.fill('#h-address', address)
  await choose(page, '#h-category', '泄漏')
  await page.getByText('重大', { exact: true }).click()
  await page.fill('#h-description', '表后阀门漏气，需更换阀门')
  await page.fill('#h-measure', '更换表后阀门并做气密性检测')
  await page.fill('#h-person', '张工')
  await page.click('button[type=submit]')
  await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/)
  const code = (await page.locator('h1 .code').innerText()).trim()
  assert.match(code, /^YH-\d{4}-\d{6}$/)
  return code
}

async function statusIs(page, label) {
  await page.locator('.status-line .el-tag', { hasText: label }).first().waitFor()
}

test('a clerk records a hazard, attaches a photo and submits; the street officer verifies it', async () => {
  const clerk = await open(h)
  await signIn(clerk, h.base, 'nankai', 'gas1.clerk')
  assert.equal(new URL(clerk.url()).pathname, '/my-hazards', 'a clerk lands on 我的隐患')
  await shot(clerk, 'verify-1-clerk-landing')
  await clerk.getByRole('menuitem', { name: '登记隐患' }).click()
  await clerk.click('button[type=submit]') // empty: every required field says so
  await clerk.getByText('请填写详细地址').waitFor()
  await shot(clerk, 'verify-2-form-errors')
  const code = await recordHazard(clerk, '广开四马路12号楼3单元')
  await statusIs(clerk, '已上报')
  await clerk.getByRole('button', { name: '开始整改' }).click()
  await clerk.locator('.el-message-box__btns .el-button--primary').click()
  await statusIs(clerk, '整改中')
  await clerk.setInputFiles('input[type=file]', { name: '整改后.png', mimeType: 'image/png', buffer: png() })
  await clerk.locator('.thumb img').first().waitFor()
  await clerk.getByRole('button', { name: '提交整改' }).click()
  await clerk.fill('#d-note', '已更换阀门，检测无泄漏')
  await clerk.locator('.el-dialog__footer .el-button--primary').click()
  await statusIs(clerk, '已整改待验收')
  await shot(clerk, 'verify-3-submitted')

  // The bureau's dashboard before the verification: its rectification rate.
  const bureau = await open(h)
  await signIn(bureau, h.base, 'nankai', 'bureau.admin')
  assert.equal(new URL(bureau.url()).pathname, '/bureau', 'the bureau lands on its dashboard')
  const rate = async () => {
    await bureau.waitForFunction(() => /%/.test(document.querySelector('[data-stat="rate"] .stat-value')?.textContent ?? ''))
    return (await bureau.locator('[data-stat="rate"] .stat-value').innerText()).trim()
  }
  const rateBefore = await rate()

  const street = await open(h)
  await signIn(street, h.base, 'nankai', 'street.guangkai')
  assert.equal(new URL(street.url()).pathname, '/street', 'a street officer lands on 辖区验收')
  await street.getByRole('link', { name: code }).click()
  await statusIs(street, '已整改待验收')
  await street.getByRole('button', { name: '验收通过' }).click()
  await street.fill('#d-note', '现场复查合格')
  await street.locator('.el-dialog__footer .el-button--primary').click()
  await statusIs(street, '已验收销号')
  await street.getByText('现场复查合格').waitFor() // in the history, with the note
  await shot(street, 'verify-4-verified')

  // The dashboard's rate moves with the verification.
  await bureau.reload()
  await rate()
  await bureau.waitForFunction((before) => {
    const el = document.querySelector('[data-stat="rate"] .stat-value')
    return el && el.textContent.trim() !== before
  }, rateBefore)
  assert.notEqual(await rate(), rateBefore, 'the rectification rate changes when a hazard is verified')
  await shot(bureau, 'verify-5-dashboard')
  assert.deepEqual([...clerk.errors, ...street.errors, ...bureau.errors], [])
})

test('a dry run of an Excel import shows each row\'s problem in a table', async () => {
  for (const [kind, tag] of [[desktop, 'desktop'], [phone, 'phone']]) {
    const page = await open(h, kind)
    await signIn(page, h.base, 'nankai', 'gas1.clerk')
    await page.goto(h.base + '/hazards/import')
    await page.setInputFiles('input[type=file]', path.join(fixtures, 'import-bad.xlsx'))
    await page.getByText('本区没有名为“不存在街”的街道').waitFor()
    await page.getByText('不能早于发现日期').waitFor()
    assert.ok(await page.getByRole('button', { name: '确认导入' }).isDisabled(), 'nothing is imported while rows have problems')
    await shot(page, `import-dry-run-${tag}`)
    assert.deepEqual(page.errors, [])
  }
})

test('the clerk asks for more time and the bureau approves it', async () => {
  const clerkAPI = await api(h.base, 'nankai', 'gas1.clerk')
  const streets = await clerkAPI.get('/orgs?kind=street')
  const guangkai = streets.items.find((o) => o.name === '广开街')
  const hz = await clerkAPI.post('/hazards', {
    street_id: guangkai.id, address: '广开三马路5号', category: 'aging_pipeline', level: 'general',
    source: 'self_inspection', found_on: '2026-11-01', description: '立管锈蚀', deadline: '2099-01-10',
  })
  const clerk = await open(h)
  await signIn(clerk, h.base, 'nankai', 'gas1.clerk')
  await clerk.goto(`${h.base}/hazards/${hz.id}`)
  await clerk.getByRole('button', { name: '申请延期' }).click()
  await clerk.fill('#d-note', '管材到货延迟')
  await clerk.locator('.el-dialog__footer .el-button--primary').click()
  await statusIs(clerk, '延期审批中')
  await shot(clerk, 'extension-1-requested')

  // The bureau approves it from the district's queue.
  const bureau = await open(h)
  await signIn(bureau, h.base, 'nankai', 'bureau.inspector')
  await bureau.getByRole('menuitem', { name: '延期审批' }).click()
  await bureau.getByRole('button', { name: `批准 ${hz.code} 的延期` }).first().click()
  await bureau.getByRole('button', { name: '批准延期' }).click()
  await bureau.getByRole('button', { name: `批准 ${hz.code} 的延期` }).first().waitFor({ state: 'detached' })
  await shot(bureau, 'extension-2-queue')
  await bureau.goto(`${h.base}/hazards/${hz.id}`)
  await bureau.locator('.exts .el-tag', { hasText: '已批准' }).waitFor()
  await bureau.getByText('原期限 2099年1月10日').waitFor()
  await shot(bureau, 'extension-2-approved')
  assert.deepEqual([...clerk.errors, ...bureau.errors], [])
})

test('a hexi user never sees a nankai name', async () => {
  const nankai = await api(h.base, 'nankai', 'bureau.admin')
  const hexi = await api(h.base, 'hexi', 'bureau.admin')
  const hexiNames = new Set((await hexi.get('/orgs?limit=200')).items.map((o) => o.name))
  const names = (await nankai.get('/orgs?limit=200')).items.map((o) => o.name).filter((n) => !hexiNames.has(n))
  names.push('南开区')
  assert.ok(names.length > 5)
  const page = await open(h)
  await signIn(page, h.base, 'hexi', 'gas1.clerk')
  const seen = []
  const look = async (where) => {
    const text = await page.evaluate(() => document.body.innerText)
    for (const n of names) if (text.includes(n)) seen.push(`${n} on ${where}`)
  }
  for (const p of ['/my-hazards?tab=all', '/inbox', '/account']) {
    await page.goto(h.base + p)
    await page.waitForLoadState('networkidle')
    await look(p)
  }
  await page.goto(h.base + '/hazards/new')
  await page.locator('.el-select__wrapper', { has: page.locator('#h-street') }).click() // the street picker lists names
  await page.getByRole('option').first().waitFor()
  await look('/hazards/new (streets)')
  await shot(page, 'hexi-streets')
  assert.deepEqual(seen, [])
})

test('an expired session returns to sign-in, and signing in returns to the page', async () => {
  const page = await open(h)
  await signIn(page, h.base, 'nankai', 'gas1.clerk')
  const target = '/my-hazards?tab=overdue'
  await page.evaluate(() => {
    const t = JSON.parse(localStorage.getItem('hearth.session'))
    localStorage.setItem('hearth.session', JSON.stringify({ ...t, expiresAt: 0, refresh: 'a-dead-refresh-token' }))
  })
  await page.goto(h.base + target)
  await page.waitForURL((u) => u.pathname === '/login')
  assert.equal(new URL(page.url()).searchParams.get('redirect'), target)
  await page.getByText('登录已过期或尚未登录').waitFor()
  await shot(page, 'expired-sign-in')
  // With the keyboard only.
  await page.focus('#login-username')
  await page.keyboard.type('gas1.clerk')
  await page.keyboard.press('Tab')
  await page.keyboard.type('e2e-demo-password')
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.pathname + u.search === target)
  assert.deepEqual(page.errors, [])
})

test('a quiet refresh rotates the tokens, and signing out ends the session', async () => {
  const page = await open(h)
  await signIn(page, h.base, 'nankai', 'gas1.clerk')
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('hearth.session') ?? 'null'))
  const first = await stored()
  await page.evaluate(() => {
    const t = JSON.parse(localStorage.getItem('hearth.session'))
    localStorage.setItem('hearth.session', JSON.stringify({ ...t, expiresAt: 0 }))
  })
  await page.goto(h.base + '/inbox')
  await page.getByRole('heading', { name: '消息提醒' }).waitFor()
  const second = await stored()
  assert.notEqual(second.refresh, first.refresh, 'the refresh token rotated')
  await page.locator('.user').click()
  await page.getByText('退出登录').click()
  await page.waitForURL((u) => u.pathname === '/login')
  assert.equal(await stored(), null)
  const res = await fetch(h.base + '/api/v1/auth/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: second.refresh }),
  })
  assert.equal(res.status, 401, 'the signed-out session cannot be refreshed')
})

test('on a phone a clerk records a hazard through the drawer menu', async () => {
  const page = await open(h, phone)
  await signIn(page, h.base, 'nankai', 'gas1.clerk')
  await shot(page, 'phone-1-landing')
  await page.getByRole('button', { name: '打开菜单' }).click()
  await shot(page, 'phone-2-drawer')
  await page.getByRole('menuitem', { name: '登记隐患' }).click()
  const code = await recordHazard(page, '广开四马路20号楼')
  assert.ok(await page.locator('input[type=file][capture=environment]').count(), 'photos come straight from the camera')
  await shot(page, 'phone-3-recorded')
  await page.goto(h.base + '/my-hazards?tab=all')
  await page.getByText(code).waitFor()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the page fits the phone (${width}px wide)`)
  assert.deepEqual(page.errors, [])
})

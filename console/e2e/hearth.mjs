// The browser suite's harness: a real hearth binary on a fresh data
// directory with the demo districts, and Debian's Chromium driven by
// playwright-core (no browser is ever downloaded). Screenshots go to
// E2E_SHOTS (default: <tmp>/hearth-e2e-shots), never into git.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const password = 'e2e-demo-password'
export const shots = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'hearth-e2e-shots')
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium'

export const desktop = { viewport: { width: 1366, height: 800 }, locale: 'zh-CN' }
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' }

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Builds and starts hearth; resolves once /readyz answers 200. */
export async function startHearth() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM)`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-'))
  const bin = path.join(dir, 'hearth')
  execFileSync('go', ['build', '-o', bin, './cmd/hearth'], { cwd: repo, stdio: 'inherit' })
  const port = await freePort()
  const log = fs.openSync(path.join(dir, 'hearth.log'), 'w')
  const proc = spawn(bin, [], {
    env: { ...process.env, HEARTH_ADDR: `127.0.0.1:${port}`, HEARTH_DATA_DIR: path.join(dir, 'data'),
      HEARTH_DEMO_PASSWORD: password, HEARTH_LOG_FORMAT: 'text', HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', log, log],
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`hearth exited: see ${dir}/hearth.log`)
    try {
      if ((await fetch(base + '/readyz')).ok) break
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`hearth did not get ready: see ${dir}/hearth.log`)
    await new Promise((r) => setTimeout(r, 200))
  }
  fs.mkdirSync(shots, { recursive: true })
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    base,
    browser,
    async stop() {
      await browser.close()
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The API as a demo login (for setting up what a test does not click through). */
export async function api(base, tenant, username) {
  const res = await fetch(base + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  })
  if (!res.ok) throw new Error(`login ${tenant}/${username}: ${res.status}`)
  const { access_token: token } = await res.json()
  const call = async (method, p, body) => {
    const r = await fetch(base + '/api/v1' + p, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`)
    return r.status === 204 ? null : r.json()
  }
  /** A multipart upload of one file (evidence, a report). */
  const upload = async (p, name, buffer, type = 'image/png', fields = {}) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    form.set('file', new Blob([buffer], { type }), name)
    const r = await fetch(base + '/api/v1' + p, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })
    if (!r.ok) throw new Error(`POST ${p}: ${r.status} ${await r.text()}`)
    return r.json()
  }
  return {
    token, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}), upload,
    /** A create with its Idempotency-Key. */
    create: async (p, b) => {
      const r = await fetch(base + '/api/v1' + p, {
        method: 'POST', body: JSON.stringify(b),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      })
      if (!r.ok) throw new Error(`POST ${p}: ${r.status} ${await r.text()}`)
      return r.json()
    },
  }
}

/** A page in a new browser context; page errors fail the test that reads them. */
export async function open(h, kind = desktop) {
  const ctx = await h.browser.newContext(kind)
  const page = await ctx.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(e.message))
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) page.errors.push(m.text()) })
  return page
}

/** Signs in through the sign-in page. */
export async function signIn(page, base, tenant, username) {
  await page.goto(base + '/login')
  await page.fill('#login-tenant', tenant)
  await page.fill('#login-username', username)
  await page.fill('#login-password', password)
  await page.click('button[type=submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.waitForLoadState('networkidle')
}

/** Saves a screenshot named after the test and step (the whole page; a dialog's: fullPage false, the screen). */
export async function shot(page, name, { fullPage = true } = {}) {
  await page.waitForTimeout(250) // transitions settle
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage })
}

/** Picks an option of an Element Plus select by its label. */
export async function choose(page, selector, label) {
  await page.locator('.el-select__wrapper', { has: page.locator(selector) }).click()
  await page.getByRole('option', { name: label, exact: true }).click()
}

/** A small PNG (a photo of the repair, as far as the server can tell). */
export function png() {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAACAAAAAYCAIAAAAUMWhjAAAAJElEQVR42mOw6YmiKWIYtWDUglELRi0YtWDUglELRi0YGhYAAF7kZi4H3HtOAAAAAElFTkSuQmCC', 'base64')
}

import { chromium } from 'playwright-core'
const base = 'http://127.0.0.1:18080'
const [user, path, tag] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
for (const [name, vp] of [['desk', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  const page = await browser.newPage({ viewport: vp })
  await page.goto(base + '/login')
  await page.fill('#login-tenant', 'nankai')
  await page.fill('#login-username', user)
  await page.fill('#login-password', 'demo-pass-123')
  await page.click('button[type=submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(base + path)
  await page.waitForTimeout(3000)
  const card = page.locator('[data-point-card]')
  if (await card.count()) await card.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `/tmp/${tag}-${name}.png` })
  await page.close()
}
await browser.close()

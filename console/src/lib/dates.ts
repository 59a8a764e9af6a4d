// Dates as the API speaks them: plain "YYYY-MM-DD" days in the district's
// time zone (deadlines, found dates), and RFC 3339 instants (history, inbox).

const dayRE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Today's date in the time zone tz (Asia/Shanghai when unset). */
export function todayIn(tz = 'Asia/Shanghai', now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** day plus n calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  const m = day.match(dayRE)
  if (!m) throw new Error(`not a date: ${day}`)
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n))
  return d.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = from.match(dayRE)
  const b = to.match(dayRE)
  if (!a || !b) return NaN
  const ta = Date.UTC(Number(a[1]), Number(a[2]) - 1, Number(a[3]))
  const tb = Date.UTC(Number(b[1]), Number(b[2]) - 1, Number(b[3]))
  return Math.round((tb - ta) / 86_400_000)
}

/** "2026-11-30" → "2026年11月30日". */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—'
  const m = day.match(dayRE)
  if (!m) return day
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

/** An instant as "2026-11-30 14:05" in the time zone tz. */
export function formatInstant(iso: string | null | undefined, tz = 'Asia/Shanghai'): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** How a deadline stands from today: "还剩 3 天", "今天到期", "逾期 2 天". */
export function deadlineText(deadline: string, today: string): string {
  const n = daysBetween(today, deadline)
  if (Number.isNaN(n)) return ''
  if (n > 0) return `还剩 ${n} 天`
  if (n === 0) return '今天到期'
  return `逾期 ${-n} 天`
}

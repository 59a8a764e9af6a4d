// The ledger's filters in the page's address (?status=reported,rectifying&
// overdue=true&…), so a filtered ledger can be bookmarked, shared, reloaded
// and linked to from the dashboard. Values the API would refuse (an unknown
// status, a malformed date) are dropped rather than sent.
import type { HazardFilters } from '../api/endpoints'
import { hazardCategory, hazardLevel, hazardSource, hazardStatus } from './labels'

type Raw = Record<string, string | null | (string | null)[] | undefined>

const enums = {
  status: new Set(hazardStatus.options.map((o) => o.value as string)),
  category: new Set(hazardCategory.options.map((o) => o.value as string)),
  level: new Set(hazardLevel.options.map((o) => o.value as string)),
  source: new Set(hazardSource.options.map((o) => o.value as string)),
}
type ListKey = keyof typeof enums

export const sorts = ['deadline', '-deadline', 'found_on', '-found_on'] as const
const uuidRE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const dayRE = /^(\d{4})-(\d{2})-(\d{2})$/

function first(v: Raw[string]): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

function validDay(s: string): boolean {
  const m = s.match(dayRE)
  if (!m) return false
  const y = Number(m[1])
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3])))
  return y >= 2000 && y <= 2100 && d.toISOString().slice(0, 10) === s
}

/** The filters named by a route's query; anything malformed is left out. */
export function filtersFromQuery(q: Raw): HazardFilters {
  const f: HazardFilters = {}
  for (const key of Object.keys(enums) as ListKey[]) {
    const raw = q[key]
    const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    const values = [...new Set(parts.map((s) => s.trim()).filter((s) => enums[key].has(s)))]
    if (values.length) f[key] = values
  }
  for (const key of ['company_id', 'street_id', 'community_id'] as const) {
    const v = first(q[key])
    if (uuidRE.test(v)) f[key] = v.toLowerCase()
  }
  const overdue = first(q.overdue)
  if (overdue === 'true') f.overdue = true
  else if (overdue === 'false') f.overdue = false
  for (const key of ['deadline_from', 'deadline_to', 'found_from', 'found_to'] as const) {
    const v = first(q[key])
    if (validDay(v)) f[key] = v
  }
  const text = first(q.q)
  if (text) f.q = text.slice(0, 100)
  const code = first(q.code)
  if (code) f.code = code.slice(0, 20)
  const sort = first(q.sort)
  if ((sorts as readonly string[]).includes(sort)) f.sort = sort
  return f
}

/** The query string of filters: lists joined by commas, empty ones left out, in a stable order. */
export function queryFromFilters(f: HazardFilters): Record<string, string> {
  const out: Record<string, string> = {}
  const keys: (keyof HazardFilters)[] = ['code', 'q', 'status', 'level', 'category', 'source', 'company_id', 'street_id',
    'community_id', 'overdue', 'deadline_from', 'deadline_to', 'found_from', 'found_to', 'sort']
  for (const k of keys) {
    const v = f[k]
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.join(',')
    } else {
      out[k] = String(v)
    }
  }
  return out
}

/** How many filters are set (the sort is an order, not a filter). */
export function filterCount(f: HazardFilters): number {
  return Object.entries(f).filter(([k, v]) => k !== 'sort' && v !== undefined && v !== '' &&
    !(Array.isArray(v) && v.length === 0)).length
}

// The gas programmes' own logic (alarm campaigns, premises and their
// devices, the renovation plan, its projects and occupation points): labels
// of the codes the pages filter by, rates as "206 / 214", pace and status
// tags, replacement dates, the placement checks of GB 50028 §10.8.2, the
// premise list's filters in the address, the board's bar chart. Plain
// functions over the API's records, tested without a browser.
import { percent } from './bureau'
import { daysBetween } from './dates'
import { table } from './labels'
import { can, type Viewer } from './roles'
import type { components } from '../api/schema'

type E = components['schemas']

// ---- labels (mirroring ent/schema/enum/gas.go; records carry *_label too) ----
// Each table is a Record over the enumeration the OpenAPI document declares,
// so a value the API gains or drops fails the type check until labelled here.

export const campaignScope = table<E['CampaignScope']>({ resident: '居民', commercial: '工商户', both: '居民及工商户' })
export const campaignStatus = table<E['CampaignStatus']>({ draft: '草稿', active: '进行中', closing: '收尾', closed: '已结束' })
export const funding = table<E['Funding']>({ government: '政府出资', company: '企业出资', user: '用户自费', shared: '共同出资' })
export const userType = table<E['UserType']>({ resident: '居民', commercial: '工商户', industrial: '工业用户' })
export const premiseTag = table<E['PremiseTag']>({
  elderly_alone: '独居老人', low_income: '低保', restaurant: '餐饮', school: '学校', hospital: '医院', market: '市场', basement: '地下空间',
})
export const gasKind = table<E['GasKind']>({ natural_gas: '天然气', lpg: '液化石油气' })
export const premiseStatus = table<E['PremiseStatus']>({ active: '正常用气', vacant: '空置', disconnected: '停气' })
export const visitOutcome = table<E['VisitOutcome']>({
  installed: '已安装', not_home: '到访不遇', refused: '拒装', vacant: '空置', has_valid_device: '已有合格设备',
})
export const detects = table<E['Detects']>({ methane: '甲烷', propane: '丙烷', co: '一氧化碳' })
export const deviceStatus = table<E['DeviceStatus']>({
  installed: '已安装', online: '在线', offline: '离线', faulty: '故障', replaced: '已更换', removed: '已拆除',
})
export const pace = table<E['Pace']>({ on_track: '正常', behind: '滞后', at_risk: '严重滞后' })
export const renovationPlanStatus = table<E['RenovationPlanStatus']>({ draft: '草稿', approved: '已批准', in_progress: '实施中', closed: '已结束' })
export const scopeType = table<E['ScopeType']>({
  municipal: '市政管道', courtyard: '庭院管道', riser: '立管(含引入管、水平干管)', station: '场站和设施', user_facility: '用户设施',
})
export const agingReason = table<E['AgingReason']>({
  grey_cast_iron: '灰口铸铁管', ductile_iron_unsafe: '球墨铸铁管不满足安全运行要求', steel_pe_20y: '钢质/PE管满20年存在隐患',
  steel_pe_uncontrollable: '不满20年存在隐患且难以管控', riser_20y: '立管满20年存在隐患', occupation: '存在被占压风险', other: '其他',
})
export const pressureLevel = table<E['PressureLevel']>({ low: '低压', medium_b: '中压B', medium_a: '中压A', sub_high: '次高压', high: '高压' })
export const projectStatus = table<E['ProjectStatus']>({
  planned: '已列入计划', preparing: '设计/手续办理', in_construction: '施工中', completed: '完工', gas_restored: '已通气',
  accepted: '竣工验收', suspended: '停工', cancelled: '已取消',
})
export const reportDecision = table<E['ReportDecision']>({ pending: '待审核', accepted: '已确认', questioned: '有疑问' })
export const occupierType = table<E['OccupierType']>({
  building: '违建房屋', structure: '构筑物', shed: '彩钢房/临建', stall: '商铺/摊点', storage: '堆物', greenery: '树木绿化', carport: '车棚', other: '其他',
})
export const pointSource = table<E['PointSource']>({ patrol: '企业巡线', street_inspection: '街道巡查', video: '视频监控', complaint: '群众举报', survey: '普查' })
export const disposition = table<E['Disposition']>({
  reroute_by_project: '纳入改造计划改线消除', demolish: '拆除', relocate: '搬迁', protect_interim: '临时防护+管控', other: '其他',
})
export const pointStatus = table<E['PointStatus']>({
  identified: '已登记', planned: '已纳入计划', in_progress: '整治中', eliminated: '已消除待销号', verified: '已销号', deferred: '暂缓整治',
})

type Tone = 'success' | 'warning' | 'danger' | 'info' | 'primary'

// ---- rates -----------------------------------------------------------------

/**
 * A rate as the API gives it: numerator over denominator (its `rate` is in
 * percent on the gas routes; the share shown is always computed from the two
 * counts, so it cannot disagree with them).
 */
export interface RateLike {
  numerator: number
  denominator: number
  rate?: number | null
}

/** "206 / 214" (what the rate is of); "— / —" without a rate. */
export function ratio(r: RateLike | null | undefined): string {
  if (!r) return '— / —'
  return `${r.numerator.toLocaleString('zh-CN')} / ${r.denominator.toLocaleString('zh-CN')}`
}

/** "96.3%"; "—" when there is nothing to count. */
export function share(r: RateLike | null | undefined): string {
  if (!r || !r.denominator) return '—'
  return percent(r.numerator / r.denominator)
}

/** The share as a number of percent with one decimal (for charts); 0 without a denominator. */
export function sharePercent(r: RateLike | null | undefined): number {
  if (!r || !r.denominator) return 0
  return Math.round((r.numerator / r.denominator) * 1000) / 10
}

/** The tag colour of a campaign's pace against its milestone. */
export function paceTone(p: string | null | undefined): Tone {
  switch (p) {
    case 'on_track':
      return 'success'
    case 'behind':
      return 'warning'
    case 'at_risk':
      return 'danger'
  }
  return 'info'
}

export interface Milestone {
  on: string
  percent: number
}

/** A milestone's day in the campaign's year ("06-30" or "2026-06-30" → "2026-06-30"). */
export function milestoneDay(on: string, year: number): string {
  return on.length === 5 ? `${year}-${on}` : on
}

/** The milestone the campaign is measured against today: the first not yet past, else the last. */
export function nextMilestone(ms: Milestone[] | null | undefined, today: string, year = Number(today.slice(0, 4))): Milestone | null {
  const sorted = [...(ms ?? [])].sort((a, b) => milestoneDay(a.on, year).localeCompare(milestoneDay(b.on, year)))
  return sorted.find((m) => milestoneDay(m.on, year) >= today) ?? sorted[sorted.length - 1] ?? null
}

/** "06-30 前完成 50%，12-31 前完成 100%" for a milestone list. */
export function milestoneText(ms: Milestone[] | null | undefined): string {
  const md = (on: string) => (on.length === 5 ? on : on.slice(5))
  const sorted = [...(ms ?? [])].sort((a, b) => md(a.on).localeCompare(md(b.on)))
  return sorted.map((m) => `${md(m.on)} 前完成 ${m.percent}%`).join('，') || '—'
}

// ---- premises and devices ---------------------------------------------------

/** CJJ/T 146: a detector serves 5 years in a dwelling, 3 in commercial or industrial premises. */
export function serviceLife(type: string | null | undefined): number {
  return type === 'resident' ? 5 : 3
}

/** The day a device installed on `installed` is due for replacement: its service life later (29 Feb → 28 Feb). */
export function replaceOn(installed: string, type: string | null | undefined): string {
  const y = Number(installed.slice(0, 4)) + serviceLife(type)
  const md = installed.slice(4) === '-02-29' ? '-02-28' : installed.slice(4)
  return `${y}${md}`
}

/** How a device's replacement date stands: expired, due within 90 days, or fine. */
export function replaceState(replace: string | null | undefined, today: string): { text: string; tone: Tone } {
  if (!replace) return { text: '无设备', tone: 'info' }
  const n = daysBetween(today, replace)
  if (n < 0) return { text: `已过期 ${-n} 天，需更换`, tone: 'danger' }
  if (n <= 90) return { text: `${n} 天后到期更换`, tone: 'warning' }
  return { text: '在有效期内', tone: 'success' }
}

/** The tag colour of a device's status. */
export function deviceTone(s: string | null | undefined): Tone {
  switch (s) {
    case 'online':
      return 'success'
    case 'installed':
      return 'primary'
    case 'offline':
      return 'warning'
    case 'faulty':
      return 'danger'
  }
  return 'info'
}

/** The tag colour of a visit's outcome. */
export function outcomeTone(o: string | null | undefined): Tone {
  switch (o) {
    case 'installed':
    case 'has_valid_device':
      return 'success'
    case 'refused':
      return 'danger'
    case 'not_home':
      return 'warning'
  }
  return 'info'
}

/** The placement checks of GB 50028 §10.8.2 as the device form asks them, for the premise's gas. */
export function placementChecks(gas: string | null | undefined): { key: 'check_height' | 'check_distance' | 'check_not_above_stove'; label: string }[] {
  const lpg = gas === 'lpg'
  return [
    { key: 'check_height', label: lpg ? '距地面 0.3 m 以内（液化石油气比空气重）' : '距顶棚 0.3 m 以内（天然气比空气轻）' },
    { key: 'check_distance', label: lpg ? '距燃具或阀门水平距离不大于 4 m' : '距燃具或阀门水平距离不大于 8 m' },
    { key: 'check_not_above_stove', label: '不在燃具正上方' },
  ]
}

/** The gas a detector must detect for the premise's gas kind. */
export function detectsFor(gas: string | null | undefined): string {
  return gas === 'lpg' ? 'propane' : 'methane'
}

/** Tags as the API stores them (",a,b,") or as a list → labels joined. */
export function tagsText(tags: string | string[] | null | undefined): string {
  const list = Array.isArray(tags) ? tags : (tags ?? '').split(',')
  return list.filter(Boolean).map((t) => premiseTag.label(t)).join('、')
}

/** A premise's address in one line, from its parts when the API gives them. */
export interface AddressLike {
  address?: string | null
  estate?: string | null
  building?: string | null
  unit?: string | null
  room?: string | null
  shop_name?: string | null
}

export function addressText(p: AddressLike): string {
  if (p.address) return p.shop_name && !p.address.includes(p.shop_name) ? `${p.address}（${p.shop_name}）` : p.address
  const parts = [p.estate, p.building && `${p.building}号楼`, p.unit && `${p.unit}单元`, p.room].filter(Boolean)
  return parts.join('') + (p.shop_name ? `（${p.shop_name}）` : '')
}

/** The premise list's filters (GET /premises and its export take the same), in the address bar. */
export interface PremiseFilters {
  street_id?: string
  community_id?: string
  user_type?: string
  tag?: string
  has_valid_device?: boolean
  q?: string
}

type QueryLike = Record<string, unknown>
const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** The filters a route's query names (?street=&community=&type=&tag=&valid=&q=). */
export function premiseFiltersOf(q: QueryLike): PremiseFilters {
  const f: PremiseFilters = {}
  if (str(q.street)) f.street_id = str(q.street)
  if (str(q.community)) f.community_id = str(q.community)
  if (str(q.type)) f.user_type = str(q.type)
  if (str(q.tag)) f.tag = str(q.tag)
  if (q.valid === 'true' || q.valid === 'false') f.has_valid_device = q.valid === 'true'
  if (str(q.q).trim()) f.q = str(q.q).trim()
  return f
}

/** The route query of filters (what premiseFiltersOf reads back). */
export function premiseQueryOf(f: PremiseFilters): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.street_id) q.street = f.street_id
  if (f.community_id) q.community = f.community_id
  if (f.user_type) q.type = f.user_type
  if (f.tag) q.tag = f.tag
  if (f.has_valid_device !== undefined) q.valid = String(f.has_valid_device)
  if (f.q?.trim()) q.q = f.q.trim()
  return q
}

// ---- renovation ---------------------------------------------------------------

/** The projects' way from the plan to acceptance (停工 and 取消 stand aside). */
export const projectFlow = ['planned', 'preparing', 'in_construction', 'completed', 'gas_restored', 'accepted'] as const

/** Where a project stands on its way (for el-steps): the index of its status, -1 when suspended or cancelled. */
export function projectStep(status: string): number {
  return (projectFlow as readonly string[]).indexOf(status)
}

/** The status a project may move to next (the following step), or none. */
export function nextProjectStatus(status: string): string | null {
  const i = projectStep(status)
  return i >= 0 && i < projectFlow.length - 1 ? projectFlow[i + 1]! : null
}

/** The tag colour of a project's status. */
export function projectTone(s: string | null | undefined): Tone {
  switch (s) {
    case 'accepted':
      return 'success'
    case 'completed':
    case 'gas_restored':
      return 'primary'
    case 'in_construction':
    case 'preparing':
      return 'warning'
    case 'suspended':
      return 'danger'
  }
  return 'info'
}

/** The tag colour of an occupation point's status. */
export function pointTone(s: string | null | undefined): Tone {
  switch (s) {
    case 'verified':
      return 'success'
    case 'eliminated':
      return 'primary'
    case 'in_progress':
    case 'planned':
      return 'warning'
    case 'deferred':
      return 'danger'
  }
  return 'info'
}

/** The tag colour of a report's decision. */
export function decisionTone(s: string | null | undefined): Tone {
  return s === 'accepted' ? 'success' : s === 'questioned' ? 'danger' : 'info'
}

/** "71.3 km" (one decimal, trailing zero kept: 88.0 km). */
export function km(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—'
  return `${(Math.round(n * 10) / 10).toFixed(1)} km`
}

export interface ProjectLike {
  status: string
  planned_km: number
  km_done?: number | null
  planned_start: string
  planned_end: string
}

/** Done km over planned km as a rate. */
export function projectProgress(p: ProjectLike): RateLike {
  const done = p.km_done ?? 0
  return { numerator: Math.round(done * 10) / 10, denominator: p.planned_km, rate: p.planned_km ? Math.min(done / p.planned_km, 1) : null }
}

/** How many points of percent a project may trail its elapsed time (services/renovation BehindMargin). */
export const behindMargin = 5

/**
 * Whether a project is behind its schedule on `today` (as services/renovation
 * judges it, for a draft the server has not seen): not built nor cancelled,
 * and past its planned end or its percent done trailing the share of its
 * planned period elapsed by more than behindMargin points.
 */
export function behindSchedule(p: ProjectLike, today: string): boolean {
  if (['completed', 'gas_restored', 'accepted', 'cancelled'].includes(p.status)) return false
  if (today > p.planned_end) return true
  const span = daysBetween(p.planned_start, p.planned_end)
  const gone = Math.min(Math.max(daysBetween(p.planned_start, today), 0), span)
  if (!(span > 0)) return false
  const done = p.planned_km ? Math.min((p.km_done ?? 0) / p.planned_km, 1) * 100 : 0
  return done + behindMargin < (gone / span) * 100
}

export interface ReportDraft {
  reported_on: string
  km_done_cumulative: number | null
  households_done_cumulative: number | null
  note: string
  lower_reason: string
}

/** The progress report form's problems by field (a lower cumulative figure needs a reason; km within the plan + 50 m). */
export function checkReport(d: ReportDraft, last: { km_done?: number | null; households_done?: number | null } | null, planned?: number): Record<string, string> {
  const e: Record<string, string> = {}
  const k = d.km_done_cumulative
  if (!d.reported_on) e.reported_on = '请选择填报日期'
  if (k == null || !Number.isFinite(k) || k < 0) e.km_done_cumulative = '请填写累计完成公里数'
  else if (planned && k > planned + 0.05 + 1e-9) e.km_done_cumulative = `累计完成公里数超出计划公里数（${km(planned)}）`
  if (d.households_done_cumulative != null && d.households_done_cumulative < 0) e.households_done_cumulative = '户数不能为负'
  const lower = (k ?? 0) < (last?.km_done ?? 0) - 1e-9 || (d.households_done_cumulative ?? 0) < (last?.households_done ?? 0)
  if (lower && !d.lower_reason.trim()) e.lower_reason = '累计数比上次填报少，请说明原因'
  return e
}

export type PointAction = 'fold' | 'eliminate' | 'verify' | 'defer'

/**
 * What an occupation point lets the viewer do next (policy/roles/renovation.csv):
 * the bureau folds a point not in a project and defers an open one; the gas
 * company eliminates an open one (with evidence); a street or the bureau
 * 销号 an eliminated one.
 */
export function pointActions(me: Viewer | null | undefined, status: string, projectId?: string | null): PointAction[] {
  const out: PointAction[] = []
  const kind = me?.org?.kind
  const open = ['identified', 'planned', 'in_progress'].includes(status)
  if (kind === 'bureau' && (open || status === 'deferred') && !projectId && can(me, 'occupation_point:update')) out.push('fold')
  if (kind === 'gas_company' && open && can(me, 'occupation_point:update')) out.push('eliminate')
  if ((kind === 'street' || kind === 'bureau') && status === 'eliminated' && can(me, 'occupation_point:verify')) out.push('verify')
  if (kind === 'bureau' && open && can(me, 'occupation_point:defer')) out.push('defer')
  return out
}

// ---- charts ---------------------------------------------------------------------

export interface RateRowLike {
  name: string
  rate: RateLike
}

/** The campaign's 安装率 per street (or community) as horizontal bars, the fraction in the tooltip; the share expected today as a line, the rows under it in amber. */
export function installBarOption(rows: RateRowLike[], milestone?: number | null) {
  const shown = [...rows].reverse()
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const r = shown[params[0]?.dataIndex ?? 0]
        return r ? `${r.name}<br/>安装率：${share(r.rate)}（${ratio(r.rate)}）` : ''
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => ([...r.name].length > 10 ? [...r.name].slice(0, 9).join('') + '…' : r.name)), axisTick: { show: false } },
    series: [{
      name: '安装率', type: 'bar', barMaxWidth: 18,
      data: shown.map((r) => ({ value: sharePercent(r.rate), itemStyle: { color: milestone != null && sharePercent(r.rate) < milestone ? '#e6a23c' : '#2563eb' } })),
      label: { show: true, position: 'right', formatter: '{c}%' },
      ...(milestone != null ? { markLine: { symbol: 'none', label: { formatter: `今天应达 ${milestone}%` }, lineStyle: { color: '#dc2626', type: 'dashed' }, data: [{ xAxis: milestone }] } } : {}),
    }],
  }
}

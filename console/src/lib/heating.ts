// The heating pages' own logic (the register, the readiness plan, the
// declaration's blockers, the acceptance, the board's figures): plain
// functions over the API's records, tested without a browser.
import { percent } from './bureau'
import { daysBetween, formatDay } from './dates'
import { can, type Viewer } from './roles'
import { inspectionType, itemCategory } from './labels'
import type { Problem } from './errors'
import type { components } from '../api/schema'

type S = components['schemas']

/** A rate as the API gives it: numerator over denominator, and their share (0–1). */
export interface RateLike {
  numerator: number
  denominator: number
  rate?: number | null
}

/** "98.2%"; "—" when there is nothing to count. */
export function rateText(r: RateLike | null | undefined): string {
  if (!r || !r.denominator) return '—'
  return percent(r.rate ?? r.numerator / r.denominator)
}

/** "111/113" (what the rate is of); "0/0" when nothing is counted. */
export function fractionText(r: RateLike | null | undefined): string {
  if (!r) return '—'
  return `${r.numerator}/${r.denominator}`
}

/** A rate with what it is of: "98.2%（111/113）"; "—（无）" when nothing is counted. */
export function rateWithFraction(r: RateLike | null | undefined): string {
  if (!r) return '—'
  if (!r.denominator) return '—（0/0）'
  return `${rateText(r)}（${fractionText(r)}）`
}

/** How a rate looks: complete (success), short (warning), far short (danger), nothing to count (info). */
export function rateTone(r: RateLike | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  if (!r || !r.denominator) return 'info'
  if (r.numerator >= r.denominator) return 'success'
  return r.numerator / r.denominator >= 0.9 ? 'warning' : 'danger'
}

/** The tag colour of an inspection state (有效/即将到期/已超期/无记录). */
export function stateTagType(state: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  switch (state) {
    case 'valid':
      return 'success'
    case 'due_soon':
      return 'warning'
    case 'overdue':
      return 'danger'
  }
  return 'info'
}

/** The tag colour of a readiness item's status. */
export function itemTagType(status: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (status) {
    case 'verified':
      return 'success'
    case 'done':
      return 'warning'
    case 'in_progress':
      return 'primary'
    case 'rejected':
      return 'danger'
  }
  return 'info'
}

/** The tag colour of a plan's status. */
export function planTagType(status: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (status) {
    case 'accepted':
      return 'success'
    case 'conditionally_accepted':
      return 'warning'
    case 'rejected':
      return 'danger'
    case 'declared_ready':
      return 'primary'
  }
  return 'info'
}

/** How an inspection's due date stands from today: "还剩 12 天", "今天到期", "已超期 5 天". */
export function dueText(due: string | null | undefined, today: string): string {
  if (!due) return '无记录'
  const n = daysBetween(today, due)
  if (Number.isNaN(n)) return ''
  if (n > 0) return `还剩 ${n} 天`
  if (n === 0) return '今天到期'
  return `已超期 ${-n} 天`
}

// ---- the plan's items ---------------------------------------------------

export interface ItemLike {
  id: string
  category: string
  status: string
  title: string
  qty_planned?: number | null
  qty_done?: number | null
  unit?: string | null
  due_on: string
}

const categoryOrder = itemCategory.options.map((o) => o.value as string)

export interface ItemGroup<T extends ItemLike> {
  category: string
  label: string
  items: T[]
  /** Done or verified. */
  done: number
  /** Not waived (what the 检修完成率 counts). */
  counted: number
}

/** Items grouped by category in the categories' order, each group by due date, with its counts. */
export function groupItems<T extends ItemLike>(items: T[]): ItemGroup<T>[] {
  const by = new Map<string, T[]>()
  for (const it of items) {
    const list = by.get(it.category) ?? []
    list.push(it)
    by.set(it.category, list)
  }
  const rank = (c: string) => {
    const i = categoryOrder.indexOf(c)
    return i < 0 ? categoryOrder.length : i
  }
  return [...by.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([category, list]) => {
    const sorted = [...list].sort((a, b) => a.due_on.localeCompare(b.due_on) || a.title.localeCompare(b.title, 'zh-CN'))
    return {
      category,
      label: itemCategory.label(category),
      items: sorted,
      done: list.filter((i) => i.status === 'done' || i.status === 'verified').length,
      counted: list.filter((i) => i.status !== 'waived').length,
    }
  })
}

/** The plan's progress over its items: done or verified of those not waived. */
export function planProgress(items: ItemLike[]): RateLike {
  const counted = items.filter((i) => i.status !== 'waived')
  const done = counted.filter((i) => i.status === 'done' || i.status === 'verified').length
  return { numerator: done, denominator: counted.length, rate: counted.length ? done / counted.length : null }
}

function qty(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100)
}

/** "1.2/2.4 km" (done of planned with its unit); '' when the item has no quantity. */
export function qtyText(it: ItemLike): string {
  const planned = it.qty_planned ?? 0
  if (!planned) return ''
  return `${qty(it.qty_done ?? 0)}/${qty(planned)}${it.unit ? ` ${it.unit}` : ''}`
}

/** Whether an item is past its deadline and still open. */
export function itemOverdue(it: ItemLike, today: string): boolean {
  return !['done', 'verified', 'waived'].includes(it.status) && it.due_on < today
}

export type ItemStep = 'start' | 'done' | 'verify' | 'reject' | 'waive'

/** The steps an item in its status lets the viewer take (policy/roles/readiness.csv). */
export function itemActions(me: Viewer | null | undefined, status: string): ItemStep[] {
  const out: ItemStep[] = []
  if (status === 'todo' && can(me, 'readiness:update')) out.push('start')
  if ((status === 'in_progress' || status === 'rejected') && can(me, 'readiness:update')) out.push('done')
  if (status === 'done' && can(me, 'readiness:verify')) out.push('verify', 'reject')
  if (!['verified', 'waived'].includes(status) && can(me, 'readiness:waive')) out.push('waive')
  return out
}

export const itemStepText: Record<ItemStep, string> = {
  start: '开始', done: '完成', verify: '复核通过', reject: '退回', waive: '不适用',
}

// ---- the declaration's blockers ------------------------------------------

/** A refused declaration's blocker, as the API's Problem types it (member blockers of 422 not_ready). */
export type Blocker = S['ReadinessBlocker']
export type BlockerCode = Blocker['code']

/** What the page knows to name a blocker's records by. */
export interface BlockerNames {
  item?: (id: string) => string | undefined
  equipment?: (id: string) => string | undefined
  hazard?: (id: string) => string | undefined
}

export interface BlockerView {
  /** The sentence: what stops the declaration (the API's own, naming the record). */
  text: string
  /** Where to go to clear it: a page, or an item of this plan (its anchor #item-…). */
  to?: string
  /** The link's words ("查看任务", "查看设备", "查看隐患"). */
  linkText?: string
}

/** What each kind of blocker is about: the heading its blockers are listed under. */
export const blockerTitle: Record<BlockerCode, string> = {
  item_open: '任务未完成',
  equipment_defective: '设备完好率未达 100%',
  inspection_invalid: '供热期所需的检验不在有效期内',
  major_hazard_open: '重大隐患未验收销号',
}

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s)

/**
 * One blocker in words, with a link to what clears it. The API's message
 * names the record (「1#锅炉安全阀A」安全阀校验有效期至…); a message that is
 * not Chinese gives way to the record's name from the page, else the code's
 * heading.
 */
export function blockerView(b: Blocker, names: BlockerNames = {}): BlockerView {
  const msg = hasChinese(b.message ?? '') ? b.message : ''
  const fallback = (what: string, name: string | undefined) => msg || (name ? `${what}「${name}」` : blockerTitle[b.code] ?? (b.message || b.code))
  if (b.item_id) return { text: fallback('任务', names.item?.(b.item_id)), to: `#item-${b.item_id}`, linkText: '查看任务' }
  if (b.equipment_id) {
    return { text: fallback('设备', names.equipment?.(b.equipment_id)), to: `/heating/equipment/${b.equipment_id}`, linkText: '查看设备' }
  }
  if (b.hazard_id) return { text: fallback('隐患', names.hazard?.(b.hazard_id)), to: `/hazards/${b.hazard_id}`, linkText: '查看隐患' }
  return { text: fallback('', undefined) }
}

export interface BlockerGroup {
  code: string
  title: string
  entries: BlockerView[]
}

/** Blockers under their kind's heading, in the gate's order (the API's), each with its link. */
export function groupBlockers(list: Blocker[], names: BlockerNames = {}): BlockerGroup[] {
  const groups: BlockerGroup[] = []
  for (const b of list) {
    let g = groups.find((x) => x.code === b.code)
    if (!g) {
      g = { code: b.code, title: blockerTitle[b.code] ?? '其他原因', entries: [] }
      groups.push(g)
    }
    g.entries.push(blockerView(b, names))
  }
  return groups
}

/** A board row's blockers by kind in words: "任务未完成 2 项；重大隐患未验收销号 1 项". */
export function blockerSummary(counts: Record<string, number> | null | undefined): string {
  const parts = Object.entries(counts ?? {}).filter(([, n]) => n > 0)
    .sort(([a], [b]) => Object.keys(blockerTitle).indexOf(a) - Object.keys(blockerTitle).indexOf(b))
    .map(([code, n]) => `${blockerTitle[code as BlockerCode] ?? code} ${n} 项`)
  return parts.join('；')
}

/** The blockers of a refused declaration (the problem's `blockers`), [] when there are none. */
export function blockersOf(p: Pick<Problem, 'blockers'> | null | undefined): Blocker[] {
  return p?.blockers ?? []
}

// ---- the acceptance ---------------------------------------------------------

export interface ConditionDraft {
  title: string
  due_on: string
  /** The site the follow-up lies on ('' : the server's choice, the company's first). */
  site_id?: string
}

export interface FindingDraft {
  description: string
  /** The company's site the hazard it becomes lies on. */
  site_id: string
  level: 'general' | 'major'
  deadline: string
}

export interface AcceptanceDraft {
  result: '' | 'pass' | 'conditional' | 'fail'
  inspected_on: string
  note: string
  conditions: ConditionDraft[]
  findings: FindingDraft[]
}

/** The acceptance form's problems by field ("conditions.0.due_on"); none when it may be sent. */
export function checkAcceptance(f: AcceptanceDraft, today: string): Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.result) e.result = '请选择验收结论'
  if (!f.inspected_on) e.inspected_on = '请选择验收日期'
  else if (f.inspected_on > today) e.inspected_on = '验收日期不能晚于今天'
  if (f.result === 'conditional') {
    if (!f.conditions.length) e.conditions = '有条件通过须列出至少一项整改条件'
    f.conditions.forEach((c, i) => {
      if (!c.title.trim()) e[`conditions.${i}.title`] = '请填写条件内容'
      if (!c.due_on) e[`conditions.${i}.due_on`] = '请选择完成期限'
      else if (c.due_on < (f.inspected_on || today)) e[`conditions.${i}.due_on`] = '期限不能早于验收日期'
    })
  }
  if (f.result === 'fail') {
    if (!f.findings.length) e.findings = '验收不通过须列出至少一项问题'
    f.findings.forEach((x, i) => {
      if (!x.description.trim()) e[`findings.${i}.description`] = '请填写问题描述'
      if (!x.site_id) e[`findings.${i}.site_id`] = '请选择场站'
      if (!x.deadline) e[`findings.${i}.deadline`] = '请选择整改期限'
    })
  }
  if ((f.result === 'fail' || f.result === 'conditional') && !f.note.trim()) e.note = '请填写验收意见'
  return e
}

/** The acceptance as POST …/accept takes it: only the list its result needs. */
export function acceptanceBody(f: AcceptanceDraft) {
  return {
    result: f.result,
    inspected_on: f.inspected_on,
    note: f.note.trim(),
    conditions: f.result === 'conditional'
      ? f.conditions.map((c) => ({ title: c.title.trim(), due_on: c.due_on, ...(c.site_id ? { site_id: c.site_id } : {}) }))
      : [],
    findings: f.result === 'fail'
      ? f.findings.map((x) => ({ description: x.description.trim(), site_id: x.site_id, level: x.level, deadline: x.deadline }))
      : [],
  }
}

// ---- the register's form -------------------------------------------------------

/** The kinds an accessory (a valve, a gauge) may hang off: its parent is one of these on the same site. */
export const hostKinds: readonly string[] = ['boiler', 'pressure_vessel']
export const isHostKind = (kind: string | null | undefined) => !!kind && hostKinds.includes(kind)

/** The unit form's fields, as the form holds them (dates YYYY-MM-DD, '' for none). */
export interface EquipmentDraft {
  site_id: string
  parent_id: string
  kind: S['EquipmentKind'] | ''
  name: string
  special: boolean
  equipment_code: string
  registration_no: string
  serial_no: string
  model: string
  manufacturer: string
  commissioned_on: string
  status: S['EquipmentStatus']
  internal_blocked: boolean
  note: string
}

export function emptyEquipment(siteId = ''): EquipmentDraft {
  return {
    site_id: siteId, parent_id: '', kind: '', name: '', special: false, equipment_code: '', registration_no: '', serial_no: '',
    model: '', manufacturer: '', commissioned_on: '', status: 'in_service', internal_blocked: false, note: '',
  }
}

/** A unit of the register as the form shows it. */
export function equipmentDraftOf(e: S['Equipment']): EquipmentDraft {
  return {
    site_id: e.site_id, parent_id: e.parent_id ?? '', kind: e.kind, name: e.name, special: e.special, equipment_code: e.equipment_code,
    registration_no: e.registration_no, serial_no: e.serial_no, model: e.model, manufacturer: e.manufacturer,
    commissioned_on: e.commissioned_on ?? '', status: e.status, internal_blocked: e.internal_blocked, note: e.note,
  }
}

/** The unit form's problems by field; `was` is the unit as it stood when a change began. */
export function checkEquipment(d: EquipmentDraft, today: string, was?: EquipmentDraft): Record<string, string> {
  const e: Record<string, string> = {}
  if (!d.site_id) e.site_id = '请选择所属场站'
  if (!d.kind) e.kind = '请选择设备类别'
  if (!d.name.trim()) e.name = '请填写设备名称'
  if (d.commissioned_on && d.commissioned_on > today) e.commissioned_on = '投用日期不能晚于今天'
  if (was?.commissioned_on && !d.commissioned_on) e.commissioned_on = '已登记投用日期，只能改为另一日期，不能清空'
  return e
}

const unitText = ['name', 'equipment_code', 'registration_no', 'serial_no', 'model', 'manufacturer', 'note'] as const

/** A new unit as POST /equipment takes it. */
export function equipmentCreateBody(d: EquipmentDraft): S['EquipmentInput'] {
  const body: S['EquipmentInput'] = {
    site_id: d.site_id, kind: d.kind as S['EquipmentKind'], name: '', special: d.special, status: d.status,
    internal_blocked: isHostKind(d.kind) && d.internal_blocked,
  }
  for (const k of unitText) body[k] = d[k].trim()
  if (d.parent_id) body.parent_id = d.parent_id
  if (d.commissioned_on) body.commissioned_on = d.commissioned_on
  return body
}

/** Only what the form changed, as PATCH /equipment/{id} takes it ({} when nothing changed). */
export function equipmentPatchBody(was: EquipmentDraft, d: EquipmentDraft): S['EquipmentPatch'] {
  const body: S['EquipmentPatch'] = {}
  for (const k of unitText) if (d[k].trim() !== was[k].trim()) body[k] = d[k].trim()
  if (d.site_id !== was.site_id) body.site_id = d.site_id
  if (d.kind !== was.kind && d.kind) body.kind = d.kind
  if (d.special !== was.special) body.special = d.special
  if (d.status !== was.status) body.status = d.status
  const blocked = isHostKind(d.kind) && d.internal_blocked
  if (blocked !== was.internal_blocked) body.internal_blocked = blocked
  if (d.commissioned_on && d.commissioned_on !== was.commissioned_on) body.commissioned_on = d.commissioned_on
  if (d.parent_id !== was.parent_id) {
    if (d.parent_id) body.parent_id = d.parent_id
    else body.clear_parent = true
  }
  return body
}

// ---- changing a plan's item ---------------------------------------------------------

/** The fields of an item its company may change (PATCH …/items/{iid}). */
export interface ItemDraft {
  title: string
  description: string
  qty_planned: number | null
  qty_done: number | null
  unit: string
  due_on: string
  responsible_person: string
  responsible_phone: string
}

export function itemDraftOf(it: S['ReadinessItem']): ItemDraft {
  return {
    title: it.title, description: it.description, qty_planned: it.qty_planned || null, qty_done: it.qty_planned ? it.qty_done : null,
    unit: it.unit, due_on: it.due_on, responsible_person: it.responsible_person, responsible_phone: it.responsible_phone,
  }
}

/**
 * The item form's problems; `deadline` is the season's readiness deadline,
 * which an item's due date may not pass unless it is an acceptance's condition.
 */
export function checkItemEdit(d: ItemDraft, deadline: string | undefined, fromCondition: boolean): Record<string, string> {
  const e: Record<string, string> = {}
  if (!d.title.trim()) e.title = '请填写任务'
  if (!d.due_on) e.due_on = '请选择完成期限'
  else if (deadline && !fromCondition && d.due_on > deadline) e.due_on = `不能晚于供热准备完成期限 ${deadline}`
  if (d.responsible_phone.trim() && !/^\+?[\d\s-]+$/.test(d.responsible_phone.trim())) e.responsible_phone = '请填写有效的电话号码（数字、空格或短横线）'
  if (d.qty_planned != null && d.qty_done != null && d.qty_done < 0) e.qty_done = '完成量不能为负数'
  return e
}

/** Only what the item form changed ({} when nothing changed). */
export function itemPatchBody(was: ItemDraft, d: ItemDraft): S['ReadinessItemPatchRequest'] {
  const body: S['ReadinessItemPatchRequest'] = {}
  for (const k of ['title', 'description', 'unit', 'responsible_person', 'responsible_phone'] as const) {
    if (d[k].trim() !== was[k].trim()) body[k] = d[k].trim()
  }
  if (d.due_on !== was.due_on) body.due_on = d.due_on
  if ((d.qty_planned ?? 0) !== (was.qty_planned ?? 0)) body.qty_planned = d.qty_planned ?? 0
  if (d.qty_planned && d.qty_done != null && d.qty_done !== was.qty_done) body.qty_done = d.qty_done
  return body
}

// ---- inspection records -------------------------------------------------------

export interface InspectionDraft {
  type: string
  performed_on: string
  agency: string
  report_no: string
  conclusion: string
  safety_grade: number | null
  next_due_on: string
  main_issues: string
  sealed: boolean
  set_pressure: string
}

/** The inspection form's problems by field. */
export function checkInspection(f: InspectionDraft, today: string, kind: string): Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.type) e.type = '请选择检验类型'
  if (!f.performed_on) e.performed_on = '请选择检验日期'
  else if (f.performed_on > today) e.performed_on = '检验日期不能晚于今天'
  if (!f.agency.trim()) e.agency = '请填写检验机构'
  if (!f.report_no.trim()) e.report_no = '请填写报告编号'
  if (!f.conclusion) e.conclusion = '请选择检验结论'
  if (f.next_due_on && f.performed_on && f.next_due_on <= f.performed_on) e.next_due_on = '下次检验日期须晚于检验日期'
  if (kind === 'pressure_vessel' && f.type === 'periodic_inspection' && f.safety_grade == null) e.safety_grade = '压力容器定期检验须填写安全状况等级'
  if (f.conclusion !== 'pass' && f.conclusion && !f.main_issues.trim()) e.main_issues = '结论不是“合格”时，请填写主要问题'
  return e
}

/** The inspection as POST /equipment/{id}/inspections takes it. */
export function inspectionBody(f: InspectionDraft) {
  return {
    type: f.type,
    performed_on: f.performed_on,
    agency: f.agency.trim(),
    report_no: f.report_no.trim(),
    conclusion: f.conclusion,
    safety_grade: f.safety_grade ?? undefined,
    next_due_on: f.next_due_on || undefined,
    main_issues: f.main_issues.trim(),
    sealed: f.sealed,
    set_pressure: f.set_pressure.trim(),
  }
}

/** The inspection types a kind of equipment owes, as its clocks say (for the form's choices). */
export function typesOf(clocks: { type: string }[]): { value: string; label: string }[] {
  return clocks.map((c) => ({ value: c.type, label: inspectionType.label(c.type) }))
}

/** "2026年11月20日（已超期 5 天）" for a clock, "无记录" when it has no date. */
export function clockText(due: string | null | undefined, today: string): string {
  if (!due) return '无记录'
  return `${formatDay(due)}（${dueText(due, today)}）`
}


// ---- seasons --------------------------------------------------------------------

export interface SeasonLike {
  id: string
  code: string
  status: string
  campaign_start: string
  heating_end: string
}

/**
 * The season a page opens on: the one whose campaign or heating runs today,
 * else the latest not closed, else the latest; null when there is none.
 */
export function currentSeason<T extends SeasonLike>(list: T[], today: string): T | null {
  const sorted = [...list].sort((a, b) => b.code.localeCompare(a.code))
  return sorted.find((s) => s.campaign_start <= today && today <= s.heating_end && s.status !== 'closed')
    ?? sorted.find((s) => s.status !== 'closed') ?? sorted[0] ?? null
}

/** The default dates of a new season (Tianjin): campaign from the day after the last heating, trial run 10-01, ready by 10-31, heating 11-15 to 03-15. */
export function seasonDefaults(startYear: number) {
  return {
    code: `${startYear}-${startYear + 1}`,
    campaign_start: `${startYear}-03-16`,
    trial_run_start: `${startYear}-10-01`,
    readiness_deadline: `${startYear}-10-31`,
    heating_start: `${startYear}-11-15`,
    heating_end: `${startYear + 1}-03-15`,
  }
}

/** The season form's problems by field: the dates in their order. */
export function checkSeason(f: ReturnType<typeof seasonDefaults>): Record<string, string> {
  const e: Record<string, string> = {}
  if (!/^\d{4}-\d{4}$/.test(f.code) || Number(f.code.slice(5)) !== Number(f.code.slice(0, 4)) + 1) e.code = '格式如 2026-2027'
  const order: [keyof typeof f, string][] = [
    ['campaign_start', '冬病夏治开始'], ['trial_run_start', '注水打压开始'], ['readiness_deadline', '准备完成期限'],
    ['heating_start', '供热开始'], ['heating_end', '供热结束'],
  ]
  order.forEach(([k], i) => {
    if (!f[k]) e[k] = '请选择日期'
    else if (i > 0 && f[order[i - 1]![0]] && f[k] < f[order[i - 1]![0]]) e[k] = `不能早于${order[i - 1]![1]}`
  })
  return e
}

// ---- the board's charts ------------------------------------------------------------

export interface BoardRowLike {
  key: string
  name: string
  intact_rate: RateLike
  overhaul_rate: RateLike
  inspection_rate: RateLike
}

export const rateSeries = [
  { key: 'intact_rate', name: '设备完好率', color: '#16a34a' },
  { key: 'overhaul_rate', name: '检修完成率', color: '#2563eb' },
  { key: 'inspection_rate', name: '年度校验完成率', color: '#d97706' },
] as const

/** A rate as a bar's value in percent (one decimal); null (no bar) when nothing is counted. */
export function ratePercent(r: RateLike): number | null {
  if (!r.denominator) return null
  return Math.round(((r.rate ?? r.numerator / r.denominator) * 1000)) / 10
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** One row's tooltip: its name and each rate with numerator/denominator. */
export function rateTooltip(r: BoardRowLike): string {
  return [`<strong>${esc(r.name)}</strong>`, ...rateSeries.map((s) => `${s.name}：${rateWithFraction(r[s.key])}`)].join('<br/>')
}

/** Horizontal bars, one group per company (or street), the three rates side by side, 0–100%. */
export function rateBarOption(rows: BoardRowLike[]) {
  const shown = [...rows].reverse() // ECharts draws the first category at the bottom
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const r = shown[params[0]?.dataIndex ?? 0]
        return r ? rateTooltip(r) : ''
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => ([...r.name].length > 10 ? [...r.name].slice(0, 9).join('') + '…' : r.name)), axisTick: { show: false } },
    series: rateSeries.map((s) => ({
      name: s.name, type: 'bar', barMaxWidth: 14, itemStyle: { color: s.color },
      data: shown.map((r) => ratePercent(r[s.key])),
    })),
  }
}

/** The campaign's trend: the district's 检修完成率 at the end of each week, with its fraction in the tooltip. */
export function trendOption(points: { date: string; rate: RateLike }[], deadline?: string) {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis', confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const p = points[params[0]?.dataIndex ?? 0]
        return p ? `${formatDay(p.date)}<br/>检修完成率：${rateWithFraction(p.rate)}` : ''
      },
    },
    xAxis: { type: 'category', boundaryGap: false, data: points.map((p) => p.date.slice(5).replace('-', '/')) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      name: '检修完成率', type: 'line', smooth: false, symbolSize: 6, itemStyle: { color: '#2563eb' }, areaStyle: { opacity: 0.08 },
      data: points.map((p) => ratePercent(p.rate)),
    }],
    ...(deadline ? { title: { text: `完成期限 ${formatDay(deadline)}`, right: 8, top: 0, textStyle: { fontSize: 12, fontWeight: 'normal', color: '#6b7280' } } } : {}),
  }
}

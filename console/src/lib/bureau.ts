// The bureau's pages' own logic: labels of the codes they show (webhooks,
// deliveries, the reminder queue, the audit trail), the dashboard's figures
// from a ledger summary, reminder rungs in words, the roles an organisation's
// kind allows and the checks of the district settings' form.
import { ApiError, fieldText } from './errors'
import { hazardCategory, table } from './labels'
import type { components } from '../api/schema'

type E = components['schemas']

export const webhookKind = table<E['WebhookKind']>({
  generic: '通用（签名 JSON）',
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
})

export const deliveryState = table<E['DeliveryState']>({
  pending: '待发送',
  succeeded: '已送达',
  failed: '失败',
})

/** Where a delivery stands, telling a pending one that failed before (retrying) from a new one. */
export function deliveryText(state: string, attempts: number): string {
  return state === 'pending' && attempts > 0 ? '重试中' : deliveryState.label(state)
}

export const reminderQueue = table<E['ReminderQueue']>({
  scheduled: '待到期',
  due: '待发送',
  retrying: '重试中',
  sent: '已发送',
  cancelled: '已取消',
  failed: '发送失败',
})

export const audience = table<E['Audience']>({
  company: '责任企业',
  street: '所在街道',
  bureau: '主管部门',
})

export const auditRecord = table({
  hazard: '隐患',
  attachment: '证据文件',
  extension: '延期申请',
  org: '组织机构',
  user: '用户',
  tenant: '辖区',
  webhook: '消息推送',
  webhook_delivery: '推送记录',
  reminder: '提醒',
})

const auditVerb: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  retry: '重试',
}

/** "hazard.update" → "修改隐患", "user.roles" → "变更用户角色"; an unknown action as it is. */
export function auditActionText(action: string): string {
  const dot = action.lastIndexOf('.')
  if (dot < 0) return action
  const what = action.slice(dot + 1)
  const record = auditRecord.label(action.slice(0, dot))
  if (what === 'roles') return `变更${record}角色`
  const verb = auditVerb[what]
  return verb ? `${verb}${record}` : action
}

/** A reminder's rung in words: d3 到期前 3 天, h4 到期前 4 小时, e0 期限届满时, e1 届满后第 2 次. */
export function rungText(rung: string): string {
  const m = rung.match(/^([dhme])(\d+)$/)
  if (!m) return rung
  const n = Number(m[2])
  switch (m[1]) {
    case 'd':
      return `到期前 ${n} 天`
    case 'h':
      return `到期前 ${n} 小时`
    case 'm':
      return `到期前 ${n} 分钟`
    default:
      return n === 0 ? '期限届满时' : `届满后第 ${n + 1} 次`
  }
}

/** The roles a user of an organisation of this kind may hold (policy.RolesForKind). */
export function rolesForKind(kind: string | null | undefined): string[] {
  switch (kind) {
    case 'bureau':
      return ['bureau_admin', 'bureau_inspector']
    case 'gas_company':
    case 'heating_company':
      return ['company_admin', 'company_staff']
    case 'street':
      return ['street_officer']
  }
  return []
}

/** A share as a percentage with one decimal: 0.5384 → "53.8%". */
export function percent(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate)) return '—'
  const p = Math.round(rate * 1000) / 10
  return `${p % 1 === 0 ? p.toFixed(0) : p.toFixed(1)}%`
}

/** The counts of one summary row the dashboard shows. */
export interface RowCounts {
  total: number
  by_status: { reported: number; rectifying: number; rectified: number; verified: number }
  overdue: number
  major_open: number
  rectification_rate: number
}

export interface Figures {
  total: number
  /** Not yet verified (reported, rectifying, awaiting verification). */
  open: number
  overdue: number
  majorOpen: number
  /** Verified of all, 0–1; null when there is nothing to count. */
  rate: number | null
  awaiting: number
}

/** The stat cards' figures of a summary's total. */
export function figuresOf(row: RowCounts | null | undefined): Figures {
  if (!row) return { total: 0, open: 0, overdue: 0, majorOpen: 0, rate: null, awaiting: 0 }
  const s = row.by_status
  return {
    total: row.total,
    open: s.reported + s.rectifying + s.rectified,
    overdue: row.overdue,
    majorOpen: row.major_open,
    rate: row.total > 0 ? s.verified / row.total : null,
    awaiting: s.rectified,
  }
}

/** A category group's name in Chinese (the summary names categories; the label is the fallback). */
export function groupName(groupBy: string, row: { key: string; name: string }): string {
  if (groupBy === 'category') return row.name || hazardCategory.label(row.key)
  return row.name || '（未命名）'
}

/** The district settings' form: its problems by field, none when it may be saved. */
export function checkSettings(f: { name: string; timezone: string; reminder_days: number[]; reminder_hour: number | null }):
  Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.name.trim()) e.name = '请填写辖区名称'
  else if ([...f.name.trim()].length > 100) e.name = '最多 100 个字'
  if (!f.timezone) e.timezone = '请选择时区'
  const days = f.reminder_days
  if (!days.length) e.reminder_days = '请至少设置 1 个提醒日'
  else if (days.length > 5) e.reminder_days = '最多设置 5 个提醒日'
  else if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 60)) e.reminder_days = '提醒日须为 1 到 60 之间的整数'
  else if (new Set(days).size !== days.length) e.reminder_days = '提醒日不能重复'
  if (f.reminder_hour == null || !Number.isInteger(f.reminder_hour) || f.reminder_hour < 0 || f.reminder_hour > 23) {
    e.reminder_hour = '请选择 0 到 23 点之间的整点'
  }
  return e
}

/** The reminder ladder in one sentence: "到期前 7、3、1 天的 9:00 提醒责任企业；逾期当日升级通知企业、街道和主管部门". */
export function ladderText(days: number[], hour: number): string {
  const sorted = [...new Set(days)].sort((a, b) => b - a)
  const before = sorted.length ? `到期前 ${sorted.join('、')} 天的 ${hour}:00 提醒责任企业` : '到期前不提醒'
  return `${before}；到期仍未销号时，通知责任企业、所在街道和主管部门`
}

/** A webhook delivery's event in words: ping 测试消息, hazard.overdue 隐患逾期升级. */
export function eventText(event: string): string {
  if (event === 'ping') return '测试消息'
  const dot = event.lastIndexOf('.')
  const subject = dot < 0 ? '' : auditRecord.label(event.slice(0, dot))
  switch (event.slice(dot + 1)) {
    case 'due_soon':
      return `${subject}即将到期提醒`
    case 'overdue':
      return `${subject}逾期升级`
  }
  return event
}

// Why an audit chain failed its check (audit.Verify's reasons), in Chinese.
const breakRules: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^entry (\d+) is missing/, (m) => `第 ${m[1]} 条记录缺失（记录被删除）`],
  [/^previous-hash link does not match/, () => '与前一条记录的哈希链接不符（记录被插入、删除或改动）'],
  [/^entry content does not match its hash/, () => '记录内容与其哈希不符（记录被改动）'],
  [/^the district has no audit chain/, () => '本辖区的审计记录已被全部删除'],
  [/^chain head says (\d+) entries, found (\d+)/, (m) => `链头登记 ${m[1]} 条记录，实际只有 ${m[2]} 条：末尾的记录被删除，或链头被改动`],
]

/** An audit chain's break reason in Chinese; the server's text when unknown. */
export function breakText(reason: string): string {
  for (const [re, text] of breakRules) {
    const m = reason.match(re)
    if (m) return text(m)
  }
  return reason
}

// Field problems of the administration's forms (users, organisations,
// webhooks, settings) in Chinese; anything else as errors.ts says it.
const adminRules: [RegExp, string][] = [
  [/^must be lower-case letters, digits, dots, dashes or underscores/, '只能使用小写字母、数字、点、短横线或下划线，并以字母或数字开头'],
  [/^must be at least 10 characters and at most/, '至少 10 个字符'],
  [/user may hold only/, '该单位的用户不能拥有所选角色'],
  [/^lists a role twice/, '角色不能重复'],
  [/^users belong to the bureau, a company or a street/, '用户只能属于主管部门、企业或街道，不能属于社区'],
  [/^is not an organisation of this district|^no such organisation in this district/, '请选择本区的单位'],
  [/^only a community has a parent/, '只有社区需要选择所属街道'],
  [/^a community needs its street/, '请选择社区所属的街道'],
  [/^must be a street of this district/, '请选择本区的街道'],
  [/^must be your own organisation/, '只能为本单位添加'],
  [/^only a DingTalk robot takes a secret/, '只有钉钉机器人需要填写加签密钥'],
  [/^must be an http\(s\) URL/, '请填写以 http:// 或 https:// 开头的地址（不含用户名和密码）'],
  [/internal address/, '不能推送到内网或本机地址'],
  [/does not resolve/, '无法解析该域名，请检查地址'],
  [/^is not valid \(timezone\)/, '请选择有效的时区'],
  [/^is not valid \(unique\)/, '不能重复'],
]

/** The field problems of a failed save, by field ("reminder_days[1]" counts as reminder_days). */
export function adminErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError)) return out
  for (const f of err.fields) {
    const field = f.field.replace(/\[\d+\]$/, '')
    if (out[field]) continue
    out[field] = adminRules.find(([re]) => re.test(f.message))?.[1] ?? fieldText(f)
  }
  return out
}

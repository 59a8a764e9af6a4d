// An audit entry in words: which fields a change touched, each with its
// Chinese name and its values before and after as people read them (names
// for organisation ids, labels for codes), leaving out internals (ids with
// a name beside them, hashes, storage keys, the district's id).
import {
  attachmentStage, extensionStatus, hazardCategory, hazardLevel, hazardSource, hazardStatus, orgKind, role,
} from './labels'
import { auditRecord, deliveryState, reminderQueue, webhookKind } from './bureau'
import { formatInstant } from './dates'

export interface Change {
  field: string
  label: string
  before: string
  after: string
}

const labels: Record<string, string> = {
  code: '隐患编号', status: '状态', state: '状态', deadline: '整改期限', original_deadline: '原整改期限',
  rectification_note: '整改说明', verified_by_name: '验收人', verified_on: '验收日期', company_id: '责任企业',
  street_id: '街道', community_id: '社区', address: '详细地址', category: '隐患类别', level: '隐患等级', source: '隐患来源',
  found_on: '发现日期', description: '隐患描述', measure: '整改措施', responsible_person: '整改责任人',
  responsible_phone: '责任人电话', lat: '纬度', lng: '经度', name: '名称', kind: '类型', parent_id: '所属街道',
  disabled: '停用', enabled: '启用', username: '用户名', display_name: '姓名', org_id: '所属单位', roles: '角色',
  password_hash: '密码', url: '推送地址', secret: '密钥', signed: '签名', slug: '区代码', timezone: '时区',
  reminder_days: '到期前提醒（天）', reminder_hour: '提醒时间（点）', note: '说明', decision_note: '审批意见',
  requested_deadline: '申请的期限', previous_deadline: '原期限', requested_by_name: '申请人', decided_by_name: '审批人',
  filename: '文件名', content_type: '文件类型', size: '大小（字节）', stage: '证据类型', uploaded_by_name: '上传人',
  decided_at: '审批时间', attempts: '尝试次数', last_error: '错误', due_at: '计划时间', done_at: '完成时间',
  delivered_at: '送达时间', state_note: '说明',
}

// Internals nobody reads: the district, ids whose name is beside them, hashes, keys.
const hidden = new Set(['tenant_id', 'token_version', 'created_by', 'requested_by', 'decided_by', 'uploaded_by', 'verified_by',
  'storage_key', 'sha256', 'hazard_id', 'version', 'created_at', 'updated_at', 'enabled_at'])
const orgFields = new Set(['company_id', 'street_id', 'community_id', 'org_id', 'parent_id'])

/** One value as people read it, for a field of a record type. */
export function auditValue(recordType: string, field: string, v: unknown, orgName: (id: string) => string, tz = 'Asia/Shanghai'): string {
  if (v === null || v === undefined) return '—'
  if (v === '[redacted]' || field === 'password_hash' || field === 'secret') return '（已设置，不显示）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.length ? v.map((x) => auditValue(recordType, field, x, orgName, tz)).join('、') : '（无）'
  if (typeof v === 'object') return JSON.stringify(v)
  const s = String(v)
  if (s === '') return '（空）'
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return formatInstant(s, tz)
  if (orgFields.has(field)) return orgName(s)
  switch (field) {
    case 'status':
      return recordType === 'extension' ? extensionStatus.label(s) : hazardStatus.label(s)
    case 'state':
      return recordType === 'webhook_delivery' ? deliveryState.label(s) : reminderQueue.label(s)
    case 'category':
      return hazardCategory.label(s)
    case 'level':
      return hazardLevel.label(s)
    case 'source':
      return hazardSource.label(s)
    case 'kind':
      return recordType === 'webhook' ? webhookKind.label(s) : orgKind.label(s)
    case 'stage':
      return attachmentStage.label(s)
    case 'roles':
      return role.label(s)
  }
  return s
}

type Doc = Record<string, unknown> | null | undefined

/** The fields an entry shows: on a create its values, on a change what changed. */
export function auditChanges(recordType: string, before: Doc, after: Doc, orgName: (id: string) => string,
  tz = 'Asia/Shanghai'): Change[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !hidden.has(k))
  const order = Object.keys(labels)
  keys.sort((a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999) || a.localeCompare(b))
  const out: Change[] = []
  for (const k of keys) {
    const b = before?.[k]
    const a = after?.[k]
    // A secret (a password, a signing key, a robot's URL) changed: the entry keeps no value of it.
    if (before && after && b === '[redacted]' && a === '[redacted]') {
      out.push({ field: k, label: labels[k] ?? k, before: '', after: k === 'secret' ? '（已更换）' : '（已修改）' })
      continue
    }
    if (before && after && JSON.stringify(a) === JSON.stringify(b)) continue
    out.push({
      field: k,
      label: labels[k] ?? k,
      before: before && k in before ? auditValue(recordType, k, b, orgName, tz) : '',
      after: after && k in after ? auditValue(recordType, k, a, orgName, tz) : '',
    })
  }
  return out
}

/** The name of a record the page has looked up ('' when it has none). */
export type Lookup = (kind: 'hazard' | 'user' | 'webhook', id: string) => string

/**
 * What an entry is about, by name where the entry or the lookup has one:
 * "隐患 YH-2026-000001", "用户 gas1.clerk", "证据文件 a.png（隐患 YH-2026-000001）".
 */
export function auditSubject(recordType: string, recordId: string, before: Doc, after: Doc, orgName: (id: string) => string,
  districtName = '', lookup: Lookup = () => ''): string {
  const doc = { ...(before ?? {}), ...(after ?? {}) }
  const kind = auditRecord.label(recordType)
  const str = (k: string) => (typeof doc[k] === 'string' && doc[k] ? (doc[k] as string) : '')
  const named = (name: string) => (name ? `${kind} ${name}` : kind)
  const hazard = auditHazard(recordType, recordId, before, after)
  const ofHazard = hazard && lookup('hazard', hazard) ? `（隐患 ${lookup('hazard', hazard)}）` : ''
  switch (recordType) {
    case 'org':
      return named(str('name') || orgName(recordId))
    case 'hazard':
      return named(str('code') || lookup('hazard', recordId))
    case 'user':
      return named(str('username') || lookup('user', recordId))
    case 'webhook': {
      const name = str('name') || lookup('webhook', recordId)
      return name ? `${kind}“${name}”` : kind
    }
    case 'attachment':
      return named(str('filename')) + ofHazard
    case 'tenant':
      return named(str('name') || districtName)
  }
  return kind + ofHazard
}

/** The hazard an entry concerns, for a link: the hazard itself or the record's hazard_id. */
export function auditHazard(recordType: string, recordId: string, before: Doc, after: Doc): string {
  if (recordType === 'hazard') return recordId
  const id = (after?.hazard_id ?? before?.hazard_id) as unknown
  return typeof id === 'string' ? id : ''
}

// Chinese labels of the API's enumerations, mirroring ent/schema/enum (the
// Go side's Label()): people read these, never the codes. Each table is a
// Record over the enumeration the OpenAPI document declares, so a value the
// API gains or drops fails the type check until it is labelled here.
import type { components } from '../api/schema'

type E = components['schemas']

export interface Option<T extends string = string> {
  value: T
  label: string
}

export function table<T extends string>(labels: Record<T, string>) {
  const pairs = Object.entries(labels) as [T, string][]
  const map = new Map<string, string>(pairs)
  return {
    options: pairs.map(([value, label]) => ({ value, label })) as Option<T>[],
    /** The label of a code; the code itself when unknown (never empty). */
    label(code: string | null | undefined): string {
      if (code == null || code === '') return '—'
      return map.get(code) ?? code
    },
  }
}

export const hazardCategory = table<E['HazardCategory']>({
  pipeline_occupation: '占压',
  aging_pipeline: '老旧管网',
  leak: '泄漏',
  alarm_missing: '报警器缺失或故障',
  illegal_use: '违规用气',
  equipment_defect: '设备缺陷',
  heating_network_defect: '供热管网缺陷',
  other: '其他',
})

export const hazardLevel = table<E['HazardLevel']>({
  general: '一般',
  major: '重大',
})

export const hazardSource = table<E['HazardSource']>({
  self_inspection: '企业自查',
  bureau_inspection: '区局检查',
  street_inspection: '街道排查',
  complaint: '群众投诉',
  hotline: '12345热线',
})

export const hazardStatus = table<E['HazardStatus']>({
  reported: '已上报',
  rectifying: '整改中',
  rectified: '已整改待验收',
  verified: '已验收销号',
})

export const orgKind = table<E['OrgKind']>({
  bureau: '主管部门',
  gas_company: '燃气企业',
  heating_company: '供热企业',
  street: '街道',
  community: '社区',
})

export const extensionStatus = table<E['ExtensionStatus']>({
  pending: '待审批',
  approved: '已批准',
  refused: '已驳回',
})

export const reminderKind = table<E['ReminderKind']>({
  due_soon: '即将到期',
  overdue: '逾期升级',
})

export const role = table<E['Role']>({
  platform_admin: '平台管理员',
  bureau_admin: '主管部门管理员',
  bureau_inspector: '主管部门督查员',
  company_admin: '企业管理员',
  company_staff: '企业填报员',
  street_officer: '街道工作人员',
})

export const attachmentStage = table<E['AttachmentStage']>({
  before: '整改前',
  after: '整改后',
})

/** What a hazard history step was, in Chinese. */
export const hazardAction = table({
  create: '登记隐患',
  edit: '修改信息',
  start: '开始整改',
  submit: '提交整改',
  verify: '验收销号',
  reject: '验收退回',
  attachment_added: '上传证据',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_refused: '驳回延期',
})

/** The tag colour a status shows with (Element Plus tag types). */
export function statusTagType(status: string, overdue = false): 'danger' | 'warning' | 'success' | 'info' | 'primary' {
  if (status === 'verified') return 'success'
  if (overdue) return 'danger'
  if (status === 'rectified') return 'warning'
  if (status === 'rectifying') return 'primary'
  return 'info'
}

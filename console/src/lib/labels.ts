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
  // steps the gas programmes take on a hazard (services/renovation, services/alarms)
  fold: '纳入改造项目',
  unfold: '移出改造项目',
  deadline_moved: '随项目调整期限',
})

/** The tag colour a status shows with (Element Plus tag types). */
export function statusTagType(status: string, overdue = false): 'danger' | 'warning' | 'success' | 'info' | 'primary' {
  if (status === 'verified') return 'success'
  if (overdue) return 'danger'
  if (status === 'rectified') return 'warning'
  if (status === 'rectifying') return 'primary'
  return 'info'
}

// ---- heating: the register, inspections, the season and readiness -----

export const siteKind = table<E['SiteKind']>({
  boiler_room: '锅炉房',
  heat_source: '热源厂',
  exchange_station: '换热站',
  network_segment: '管网段',
  gas_facility: '燃气设施',
})

export const siteStatus = table<E['SiteStatus']>({
  in_service: '在用',
  standby: '备用',
  decommissioned: '停用',
})

export const equipmentKind = table<E['EquipmentKind']>({
  boiler: '锅炉本体',
  pressure_vessel: '压力容器',
  safety_valve: '安全阀',
  pressure_gauge: '压力表',
  burner: '燃烧器',
  plate_exchanger: '板式换热器',
  circulation_pump: '循环泵',
  makeup_pump: '补水泵',
  strainer: '除污器',
  water_treatment: '水处理设备',
  gas_regulator: '调压装置',
  gas_detector: '可燃气体探测器',
  shutoff_valve: '紧急切断阀',
  control_cabinet: '电气控制柜',
  other: '其他设备',
})

export const equipmentStatus = table<E['EquipmentStatus']>({
  in_service: '在用',
  standby: '备用',
  under_repair: '维修中',
  sealed: '停用封存',
  scrapped: '报废',
})

export const condition = table<E['Condition']>({
  intact: '完好',
  defective: '带病',
  unknown: '未评定',
})

export const inspectionType = table<E['InspectionType']>({
  external_inspection: '外部检验',
  internal_inspection: '内部检验',
  hydro_test: '水(耐)压试验',
  periodic_inspection: '定期检验',
  annual_check: '年度检查',
  valve_calibration: '安全阀校验',
  gauge_verification: '压力表检定',
  detector_calibration: '探测器标定',
})

export const inspectionConclusion = table<E['InspectionConclusion']>({
  pass: '合格',
  conditional: '基本符合要求',
  fail: '不合格',
})

export const inspectionState = table<E['InspectionState']>({
  valid: '有效',
  due_soon: '即将到期',
  overdue: '已超期',
  missing: '无记录',
})

export const readinessTest = table<E['ReadinessTest']>({
  on_start: '供热开始日有效',
  through_end: '整个供热期有效',
  none: '不作为供热条件',
})

export const seasonStatus = table<E['SeasonStatus']>({
  planning: '筹备中',
  campaign_open: '冬病夏治进行中',
  readiness_review: '供热准备验收',
  heating: '供热中',
  closed: '已结束',
})

export const planStatus = table<E['PlanStatus']>({
  in_progress: '进行中',
  declared_ready: '已申报具备供热条件',
  accepted: '验收通过',
  conditionally_accepted: '有条件通过',
  rejected: '验收不通过',
})

export const itemCategory = table<E['ItemCategory']>({
  boiler_aux: '锅炉及辅机检修',
  heat_network: '热力管网',
  exchange_station: '换热站',
  gas_facility: '燃气设施',
  calibration: '年度校验',
  household_fix: '入户查找问题/户内改造',
  network_renewal: '旧管网改造',
  trial_run: '注水打压冷态循环',
  supplies: '燃料合同储备',
  staffing: '持证上岗/供热管家',
  contingency: '应急预案/优先保障供暖方案',
  other: '其他',
})

export const itemStatus = table<E['ItemStatus']>({
  todo: '待办',
  in_progress: '进行中',
  done: '已完成',
  verified: '复核通过',
  rejected: '退回',
  waived: '不适用',
})

export const itemSource = table<E['ItemSource']>({
  register: '台账生成',
  manual: '手工添加',
  hazard: '隐患',
  condition: '验收条件',
})

export const acceptanceResult = table<E['AcceptanceResult']>({
  pass: '验收通过',
  conditional: '有条件通过',
  fail: '验收不通过',
})

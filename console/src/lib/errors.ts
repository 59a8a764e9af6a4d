// Problems (RFC 9457 bodies with a stable `code`) turned into what people
// read: a Chinese sentence per code, and per field a Chinese message to show
// beside that field. The server's own text is the fallback for anything this
// table does not know yet.
import type { components } from '../api/schema'

/** The API's problem body (RFC 9457 with its members: fields, problems, blockers…). */
export type Problem = components['schemas']['Problem']

export interface FieldProblem {
  field: string
  message: string
}

/** An API call that failed: its status, stable code and field problems. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly fields: FieldProblem[]
  readonly requestId: string
  readonly extra: Record<string, unknown>
  /** The body as the OpenAPI document types it (its members are all optional but code, status, title, type). */
  readonly problem: Partial<Problem>

  constructor(status: number, body: Record<string, unknown> | null, requestId = '') {
    const code = typeof body?.code === 'string' ? body.code : status === 0 ? 'network_error' : `http_${status}`
    const detail = typeof body?.detail === 'string' ? body.detail : ''
    super(detail || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
    this.fields = Array.isArray(body?.fields)
      ? (body.fields as unknown[]).filter(isFieldProblem)
      : []
    this.requestId = requestId || (typeof body?.request_id === 'string' ? body.request_id : '')
    this.extra = body ?? {}
    this.problem = (body ?? {}) as Partial<Problem>
  }
}

function isFieldProblem(x: unknown): x is FieldProblem {
  return typeof x === 'object' && x !== null && typeof (x as FieldProblem).field === 'string' &&
    typeof (x as FieldProblem).message === 'string'
}

/** Chinese text per problem code. {name} is filled from the problem's members. */
export const codeTexts: Record<string, string> = {
  validation_failed: '填写的内容有误，请按提示修改',
  malformed_json: '请求格式有误，请刷新页面后重试',
  bad_request: '请求有误，请刷新页面后重试',
  not_found: '记录不存在，或您无权查看',
  route_not_found: '请求的功能不存在，请刷新页面后重试',
  method_not_allowed: '请求的功能不存在，请刷新页面后重试',
  forbidden: '您没有权限执行此操作',
  unauthorized: '请先登录',
  invalid_token: '登录已过期，请重新登录',
  refresh_reused: '登录已失效（同一登录凭据被重复使用，已全部退出），请重新登录',
  invalid_credentials: '区、用户名或密码不正确',
  too_many_attempts: '登录失败次数过多，请 {retry_after} 秒后再试',
  stale_etag: '该记录已被他人修改，请刷新后再试',
  if_match_required: '该记录已被他人修改，请刷新后再试',
  conflict: '操作与记录当前的状态冲突，请刷新后再试',
  invalid_transition: '隐患当前状态（{current_status}）不能执行此操作，请刷新后再试',
  awaiting_verification: '隐患已整改待验收，验收或退回整改前不能修改或移交',
  evidence_required: '提交整改前，请至少上传一张整改照片或一份 PDF',
  extension_pending: '已有一个延期申请在审批中，请等待审批结果',
  extension_decided: '该延期申请已审批，不能再次审批',
  payload_too_large: '文件或内容过大（单个文件最大 10 MB）',
  unsupported_file_type: '文件类型不支持：请上传 JPEG、PNG、WebP、GIF 图片或 PDF',
  too_many_attachments: '每条隐患最多上传 50 个证据文件',
  not_xlsx: '请选择 Excel 文件（.xlsx）',
  // "code.member": the text when the problem carries that member.
  'not_xlsx.format': '这是 OpenDocument 文件，不是 Excel .xlsx 工作簿：请另存为 .xlsx 后再导入（LibreOffice 或 WPS：文件 › 另存为 › Excel 2007-365 (.xlsx)）',
  invalid_id: '链接中的记录编号无效：记录不存在',
  no_rows: 'Excel 文件中没有数据行',
  too_many_rows: '一次最多导入 5000 行，请分批导入',
  too_many_columns: '单元格 {cell} 在台账各列的右侧，但有内容（空格也算）：请清除或删除台账右侧的列后再导入',
  too_many_blank_rows: '表格中台账下方有大量空行（设置了格式但未填写）：请删除台账下方的行后再导入',
  missing_headers: 'Excel 表头缺少必需的列，请使用导入模板',
  duplicate_headers: 'Excel 表头有重复的列，请使用导入模板',
  import_failed: '导入未完成：有数据行存在问题，请查看下方列表',
  file_missing: '请选择文件',
  attachment_missing: '证据文件已丢失，请联系平台运维人员',
  request_in_progress: '同一请求正在处理中，请稍候再试',
  idempotency_key_reused: '请求重复，请刷新页面后重试',
  request_timeout: '请求超时，请重试',
  username_taken: '用户名已被使用',
  name_taken: '名称已被使用',
  slug_taken: '区代码已被使用',
  own_roles: '不能修改自己的角色',
  cannot_disable_self: '不能停用自己的账号',
  bureau_cannot_be_disabled: '主管部门不能停用',
  too_many_webhooks: '每个单位最多 10 个消息推送',
  not_generic: '只有通用推送有签名密钥',
  test_pending: '上一条测试消息尚未送达，请稍候',
  not_failed: '只有失败的记录可以重试',
  busy: '系统繁忙，请稍后再试',
  no_database: '系统暂时不可用，请稍后再试',
  internal: '服务器出错了，请稍后重试',
  network_error: '无法连接服务器，请检查网络后重试',
  wrong_password: '当前密码不正确',
  invalid_password: '当前密码不正确',
}

/** Status-based fallbacks when a code is unknown and the server said nothing. */
const statusTexts: Record<number, string> = {
  0: codeTexts.network_error!,
  401: codeTexts.invalid_token!,
  403: codeTexts.forbidden!,
  404: codeTexts.not_found!,
  409: codeTexts.conflict!,
  412: codeTexts.stale_etag!,
  413: codeTexts.payload_too_large!,
  429: '操作太频繁，请稍后再试',
  500: codeTexts.internal!,
  503: '系统暂时不可用，请稍后再试',
}

function fill(text: string, members: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = members[k]
    if (k === 'current_status' && typeof v === 'string') return statusLabel(v)
    return v == null ? '' : String(v)
  })
}

// statusLabel without importing labels (keeps this module standalone).
const statuses: Record<string, string> = {
  reported: '已上报', rectifying: '整改中', rectified: '已整改待验收', verified: '已验收销号',
}
function statusLabel(s: string) {
  return statuses[s] ?? s
}

/** The sentence to show for a failed call. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const variant = Object.keys(err.extra).map((m) => codeTexts[`${err.code}.${m}`]).find(Boolean)
    const known = variant ?? codeTexts[err.code]
    let text = known ? fill(known, err.extra) : err.detail || statusTexts[err.status] || `请求失败（${err.status}）`
    if (err.status >= 500 && err.requestId) text += `（编号 ${err.requestId}）`
    return text
  }
  if (err instanceof Error && err.message) return err.message
  return '操作失败，请重试'
}

/** Chinese names of request fields, for messages that name them. */
export const fieldNames: Record<string, string> = {
  tenant: '区',
  username: '用户名',
  password: '密码',
  street_id: '所在街道',
  community_id: '所在社区',
  company_id: '责任企业',
  address: '详细地址',
  lat: '纬度',
  lng: '经度',
  category: '隐患类别',
  level: '隐患等级',
  source: '隐患来源',
  found_on: '发现日期',
  description: '隐患描述',
  measure: '整改措施',
  responsible_person: '整改责任人',
  responsible_phone: '责任人电话',
  deadline: '整改期限',
  note: '说明',
  file: '文件',
  stage: '证据类型',
  current_password: '当前密码',
  new_password: '新密码',
  // heating
  site_id: '所属场站',
  parent_id: '所属设备',
  kind: '类别',
  name: '名称',
  registration_no: '使用登记证编号',
  equipment_code: '设备代码',
  serial_no: '出厂编号',
  commissioned_on: '投用日期',
  performed_on: '检验日期',
  agency: '检验机构',
  report_no: '报告编号',
  conclusion: '检验结论',
  next_due_on: '下次检验日期',
  safety_grade: '安全状况等级',
  due_on: '完成期限',
  title: '任务',
  inspected_on: '验收日期',
  result: '验收结论',
}

// Server field messages (English, stable) → Chinese. First match wins.
const list = (s: string) => s.split(/,\s*|\s+/).filter(Boolean).join('、')
const fieldRules: [RegExp, (m: RegExpMatchArray) => string][] = [
  // Import rows (the ledger columns' problems) and places.
  [/^a company imports its own hazards only: leave it empty or write (.+) \(not (.+)\)$/, (m) => `只能导入本企业的隐患：请留空或填写“${m[1]}”（而不是“${m[2]}”）`],
  [/^a company records its own hazards/, () => '企业只能登记本企业的隐患'],
  [/^is required: the full name of a gas or heating company/, () => '必填：本区燃气或供热企业的全称'],
  [/^is required: name the gas or heating company/, () => '必填：请选择燃气或供热企业'],
  [/^no gas or heating company of this district is named (.+)$/, (m) => `本区没有名为“${m[1]}”的燃气或供热企业`],
  [/^must be a gas or heating company of this district/, () => '请选择本区的燃气或供热企业'],
  [/^this company is disabled/, () => '该企业已停用'],
  [/^is required: the full name of a street/, () => '必填：本区街道的全称'],
  [/^must be your street, (.+) \(not (.+)\)$/, (m) => `只能是本街道“${m[1]}”（而不是“${m[2]}”）`],
  [/^must be your street/, () => '只能是本街道'],
  [/^no street of this district is named (.+)$/, (m) => `本区没有名为“${m[1]}”的街道`],
  [/^must be a street of this district/, () => '请选择本区的街道'],
  [/^must be a community of that street/, () => '请选择所选街道下的社区'],
  [/^is required: describe the hazard/, () => '必填：请描述隐患情况'],
  [/^is required: 一般 or 重大/, () => '必填：一般 或 重大'],
  [/^must be 一般 or 重大/, () => '只能填写 一般 或 重大'],
  [/^is required: one of (.+)$/, (m) => `必填，可选：${list(m[1]!)}`],
  [/^is required: a date/, () => '必填：日期，如 2026-11-05'],
  [/^must be a date.*also do/, () => '日期格式不正确，请填写如 2026-11-05 或 2026/11/05'],
  // The heating register.
  [/^must be a site of your company/, () => '请选择本企业的场站'],
  [/^your company has a site of this name already/, () => '本企业已有同名场站'],
  [/^cannot be the equipment itself/, () => '不能选择设备本身'],
  [/^must be equipment of your register/, () => '请选择本企业台账中的设备'],
  [/^must be a boiler or a pressure vessel/, () => '附件只能挂在锅炉或压力容器上'],
  [/^must be on the same site/, () => '须与所属设备在同一场站'],
  [/^accessories hang off this unit/, () => '该设备挂有安全附件，只能是锅炉或压力容器'],
  [/^is not an inspection an? (.+) owes$/, (m) => `${m[1]}没有这项检验`],
  [/^is required when the conclusion is fail/, () => '结论为不合格时，请填写发现的缺陷'],
  [/^must be after performed_on/, () => '须晚于检验日期'],
  // Readiness: seasons, plans, items, the acceptance.
  [/^must be two following years/, () => '格式如 2026-2027（前后相连的两年）'],
  [/^must be after (campaign_start|trial_run_start|readiness_deadline|heating_start)$/, (m) => `须晚于${({ campaign_start: '冬病夏治开始', trial_run_start: '注水打压开始', readiness_deadline: '准备完成期限', heating_start: '供热开始' } as Record<string, string>)[m[1]!]}`],
  [/^must be in (\d{4})$/, (m) => `须在 ${m[1]} 年内`],
  [/^must be on or before the readiness deadline (\S+)$/, (m) => `不能晚于供热准备完成期限 ${m[1]}`],
  [/^is required while the company has no site/, () => '本单位还没有场站：请选择任务所在街道'],
  [/^no such site of the company/, () => '请选择本企业的场站'],
  [/^is not the unit's site/, () => '须为该设备所在的场站'],
  [/^no such unit in the company's register/, () => '请选择本企业台账中的设备'],
  [/^lies outside your street/, () => '不在本街道辖区内'],
  [/^a conditional acceptance needs at least one condition/, () => '有条件通过须列出至少一项整改条件'],
  [/^only a conditional acceptance has conditions/, () => '只有“有条件通过”才列整改条件'],
  [/^name a site: the company has none/, () => '该企业还没有场站，无法登记整改条件'],
  [/^is required when the plan fails/, () => '验收不通过时请填写验收意见'],
  [/^must be on or after inspected_on/, () => '期限不能早于验收日期'],
  [/^is required without a document/, () => '没有上传证据时，请填写完成情况'],
  [/^is required: the quantity done/, () => '请填写完成量'],
  [/^is required for (\w+)/, () => '请填写理由'],
  [/^a company opens its own plan only/, () => '企业只能建立本单位的任务清单'],
  [/^must be an enabled heating company of the district/, () => '请选择本区在用的供热企业'],
  [/^no such season/, () => '没有这个采暖季'],
  // Any request.
  [/^is required/, () => '必填'],
  [/^is empty$/, () => '不能为空'],
  [/^must be at most (\d+) long$/, (m) => `最多 ${m[1]} 个字`],
  [/^must be at least (\d+) long$/, (m) => `至少 ${m[1]} 个字`],
  [/^must be a date/, () => '请填写有效日期（年-月-日）'],
  [/^cannot be in the future$/, () => '不能晚于今天'],
  [/^must be on or after (found_on|发现日期)$/, () => '不能早于发现日期'],
  [/^must be later than the current deadline (\S+)$/, (m) => `须晚于当前整改期限 ${m[1]}`],
  [/^must be a phone number/, () => '请填写有效的电话号码（数字、空格或短横线）'],
  [/^must be a (latitude|longitude)/, (m) => (m[1] === 'latitude' ? '纬度无效' : '经度无效')],
  [/^must be at least 10 characters/, () => '至少 10 个字符'],
  [/^must be one of:? (.+)$/, (m) => (/[\u4e00-\u9fff]/.test(m[1]!) ? `只能是：${list(m[1]!)}` : '请从列表中选择')],
  [/^must be a UUID$/, () => '请从列表中选择'],
  [/^has a value of the wrong form$/, () => '格式不正确'],
  [/^is not a field of this request$/, () => '不是可填写的项目'],
  [/^must not contain NUL/, () => '包含无效字符'],
  [/^(is wrong|does not match|is not your current password)/, () => '当前密码不正确'],
]

/** A field problem in Chinese; the server's text when no rule knows it. */
export function fieldText(p: FieldProblem): string {
  for (const [re, text] of fieldRules) {
    const m = p.message.match(re)
    if (m) return text(m)
  }
  return p.message
}

/** A row problem of an Excel import in Chinese. */
export const rowProblemText = (p: { column: string; message: string }) => fieldText({ field: p.column, message: p.message })

/** Field problems as a map field → Chinese message, for a form's errors. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError)) return out
  for (const f of err.fields) {
    // conditions[0].due_on → conditions.0.due_on, as the forms name their rows.
    const field = f.field.replace(/\[(\d+)\]/g, '.$1')
    if (!out[field]) out[field] = fieldText(f)
  }
  return out
}

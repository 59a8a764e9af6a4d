import { describe, expect, it } from 'vitest'
import {
  acceptanceBody, blockersOf, blockerSummary, blockerView, checkAcceptance, checkInspection, checkSeason, currentSeason, dueText, seasonDefaults, fractionText, groupBlockers,
  groupItems, itemActions, itemOverdue, planProgress, qtyText, rateBarOption, rateText, rateTone, rateWithFraction, trendOption,
  type AcceptanceDraft, type Blocker, type InspectionDraft,
  checkEquipment, checkItemEdit, emptyEquipment, equipmentCreateBody, equipmentPatchBody, itemPatchBody, type EquipmentDraft, type ItemDraft,
} from './heating'
import { navFor } from '../nav'
import { can } from './roles'
import { ApiError, fieldErrors } from './errors'

const heatStaff = { roles: ['company_staff'], org: { kind: 'heating_company' } }
const heatAdmin = { roles: ['company_admin'], org: { kind: 'heating_company' } }
const gasAdmin = { roles: ['company_admin'], org: { kind: 'gas_company' } }
const street = { roles: ['street_officer'], org: { kind: 'street' } }
const inspector = { roles: ['bureau_inspector'], org: { kind: 'bureau' } }

describe('rates', () => {
  it('shows the share with what it is of', () => {
    const r = { numerator: 111, denominator: 113, rate: 111 / 113 }
    expect(rateText(r)).toBe('98.2%')
    expect(fractionText(r)).toBe('111/113')
    expect(rateWithFraction(r)).toBe('98.2%（111/113）')
    expect(rateWithFraction({ numerator: 76, denominator: 76, rate: 1 })).toBe('100%（76/76）')
  })

  it('says nothing is counted rather than 0% or 100%', () => {
    expect(rateText({ numerator: 0, denominator: 0, rate: null })).toBe('—')
    expect(rateWithFraction({ numerator: 0, denominator: 0 })).toBe('—（0/0）')
    expect(rateTone({ numerator: 0, denominator: 0 })).toBe('info')
  })

  it('computes the share when the API leaves it out, and colours it', () => {
    expect(rateText({ numerator: 1, denominator: 3 })).toBe('33.3%')
    expect(rateTone({ numerator: 76, denominator: 76 })).toBe('success')
    expect(rateTone({ numerator: 74, denominator: 76 })).toBe('warning')
    expect(rateTone({ numerator: 5, denominator: 10 })).toBe('danger')
  })
})

describe('due dates', () => {
  it('counts days left or overdue', () => {
    expect(dueText('2026-12-08', '2026-11-25')).toBe('还剩 13 天')
    expect(dueText('2026-11-25', '2026-11-25')).toBe('今天到期')
    expect(dueText('2026-11-20', '2026-11-25')).toBe('已超期 5 天')
    expect(dueText(null, '2026-11-25')).toBe('无记录')
  })
})

describe('plan items', () => {
  const items = [
    { id: 'a', category: 'calibration', status: 'done', title: '安全阀校验', due_on: '2026-10-31' },
    { id: 'b', category: 'boiler_aux', status: 'todo', title: '3#锅炉内部检验', due_on: '2026-10-31' },
    { id: 'c', category: 'boiler_aux', status: 'verified', title: '1#锅炉检修', due_on: '2026-09-30' },
    { id: 'd', category: 'household_fix', status: 'in_progress', title: '入户查找问题', due_on: '2026-10-15',
      qty_planned: 320, qty_done: 120.5, unit: '户' },
    { id: 'e', category: 'other', status: 'waived', title: '不适用的任务', due_on: '2026-10-31' },
  ]

  it('groups by category in the categories\' order, earliest deadline first', () => {
    const g = groupItems(items)
    expect(g.map((x) => x.label)).toEqual(['锅炉及辅机检修', '年度校验', '入户查找问题/户内改造', '其他'])
    expect(g[0]!.items.map((i) => i.id)).toEqual(['c', 'b'])
    expect(g[0]).toMatchObject({ done: 1, counted: 2 })
    expect(g[3]).toMatchObject({ done: 0, counted: 0 })
  })

  it('counts progress over the items not waived', () => {
    expect(planProgress(items)).toEqual({ numerator: 2, denominator: 4, rate: 0.5 })
    expect(planProgress([]).rate).toBeNull()
  })

  it('shows quantities with their unit and tells an open item past its deadline', () => {
    expect(qtyText(items[3]!)).toBe('120.5/320 户')
    expect(qtyText(items[0]!)).toBe('')
    expect(itemOverdue(items[1]!, '2026-11-01')).toBe(true)
    expect(itemOverdue(items[0]!, '2026-11-01')).toBe(false)
    expect(itemOverdue(items[1]!, '2026-10-31')).toBe(false)
  })

  it('offers each role the steps policy/roles/readiness.csv grants', () => {
    expect(itemActions(heatStaff, 'todo')).toEqual(['start'])
    expect(itemActions(heatStaff, 'in_progress')).toEqual(['done'])
    expect(itemActions(heatStaff, 'rejected')).toEqual(['done'])
    expect(itemActions(heatStaff, 'done')).toEqual([])
    expect(itemActions(street, 'done')).toEqual(['verify', 'reject'])
    expect(itemActions(street, 'todo')).toEqual([])
    expect(itemActions(inspector, 'todo')).toEqual(['waive'])
    expect(itemActions(inspector, 'verified')).toEqual([])
    expect(itemActions(gasAdmin, 'todo')).toEqual([])
  })
})

describe('the declaration\'s blockers', () => {
  it('says what stops it in the API\'s words and links to the record', () => {
    expect(blockerView({ code: 'item_open', message: '任务「3#锅炉内部检验」尚未完成（待办）', item_id: 'i1' }))
      .toEqual({ text: '任务「3#锅炉内部检验」尚未完成（待办）', to: '#item-i1', linkText: '查看任务' })
    expect(blockerView({ code: 'inspection_invalid', equipment_id: 'e1', message: '「1#锅炉安全阀A」安全阀校验有效期至2026-10-20，不满足本采暖季要求（供热开始日有效）' }))
      .toMatchObject({ to: '/heating/equipment/e1', linkText: '查看设备' })
    expect(blockerView({ code: 'major_hazard_open', hazard_id: 'h1', message: '重大隐患 YH-2026-000012（广开四马路）尚未验收销号' }))
      .toEqual({ text: '重大隐患 YH-2026-000012（广开四马路）尚未验收销号', to: '/hazards/h1', linkText: '查看隐患' })
  })

  it('names the record from the page when the message is not Chinese, else says the kind', () => {
    expect(blockerView({ code: 'item_open', message: 'item open', item_id: 'i1' }, { item: () => '3#锅炉内部检验' }).text)
      .toBe('任务「3#锅炉内部检验」')
    expect(blockerView({ code: 'equipment_defective', equipment_id: 'e1', message: '' }).text).toBe('设备完好率未达 100%')
    // A code the console does not know yet (a newer server): its message, else the code.
    const newer = (b: object) => b as Blocker
    expect(blockerView(newer({ code: 'something_new', message: 'new reason' }))).toEqual({ text: 'new reason' })
    expect(blockerView(newer({ code: 'something_new' })).text).toBe('something_new')
  })

  it('lists blockers under their kind in the gate\'s order', () => {
    const g = groupBlockers([
      { code: 'item_open', item_id: 'a', message: '任务「甲」尚未完成（待办）' },
      { code: 'major_hazard_open', hazard_id: 'h', message: '重大隐患 YH-1（某地）尚未验收销号' },
      { code: 'item_open', item_id: 'b', message: '任务「乙」尚未完成（进行中）' },
    ])
    expect(g.map((x) => [x.title, x.entries.map((e) => e.text)])).toEqual([
      ['任务未完成', ['任务「甲」尚未完成（待办）', '任务「乙」尚未完成（进行中）']],
      ['重大隐患未验收销号', ['重大隐患 YH-1（某地）尚未验收销号']],
    ])
  })

  it('sums a board row\'s blockers by kind', () => {
    expect(blockerSummary({ major_hazard_open: 1, item_open: 2, inspection_invalid: 0 })).toBe('任务未完成 2 项；重大隐患未验收销号 1 项')
    expect(blockerSummary({})).toBe('')
    expect(blockerSummary(null)).toBe('')
  })

  it('reads them from a 422 problem and ignores what is not one', () => {
    const body = { type: 'about:blank', title: 'Unprocessable Entity', status: 422, code: 'not_ready',
      blockers: [{ code: 'item_open', message: '任务「修订应急预案」未完成', item_id: 'i1' }] }
    const e = new ApiError(422, body)
    expect(blockersOf(e.problem)).toEqual([{ code: 'item_open', message: '任务「修订应急预案」未完成', item_id: 'i1' }])
    expect(blockersOf(new ApiError(422, { code: 'validation_failed' }).problem)).toEqual([])
    expect(blockersOf(null)).toEqual([])
  })
})

describe('the acceptance form', () => {
  const base: AcceptanceDraft = { result: 'conditional', inspected_on: '2026-11-05', note: '3#锅炉内部检验列为后续整改', conditions: [], findings: [] }

  it('asks a conditional acceptance for its conditions, each with a deadline', () => {
    expect(checkAcceptance(base, '2026-11-05')).toEqual({ conditions: '有条件通过须列出至少一项整改条件' })
    const f = { ...base, conditions: [{ title: '3#锅炉内部检验', due_on: '' }, { title: ' ', due_on: '2026-11-01' }] }
    expect(checkAcceptance(f, '2026-11-05')).toEqual({
      'conditions.0.due_on': '请选择完成期限', 'conditions.1.title': '请填写条件内容', 'conditions.1.due_on': '期限不能早于验收日期',
    })
    const ok = { ...base, conditions: [{ title: '3#锅炉内部检验', due_on: '2027-05-31' }] }
    expect(checkAcceptance(ok, '2026-11-05')).toEqual({})
  })

  it('asks a failing acceptance for its findings, and a result and date of any', () => {
    expect(checkAcceptance({ ...base, result: 'fail', note: '' }, '2026-11-05'))
      .toEqual({ findings: '验收不通过须列出至少一项问题', note: '请填写验收意见' })
    expect(checkAcceptance({ ...base, result: 'fail', findings: [{ description: '备用泵缺失', site_id: '', level: 'general', deadline: '' }] }, '2026-11-05'))
      .toEqual({ 'findings.0.site_id': '请选择场站', 'findings.0.deadline': '请选择整改期限' })
    expect(checkAcceptance({ ...base, result: '', inspected_on: '' }, '2026-11-05')).toEqual({ result: '请选择验收结论', inspected_on: '请选择验收日期' })
    expect(checkAcceptance({ ...base, result: 'pass', note: '', inspected_on: '2026-11-06' }, '2026-11-05'))
      .toEqual({ inspected_on: '验收日期不能晚于今天' })
  })

  it('sends only the list its result needs', () => {
    const f: AcceptanceDraft = {
      ...base, result: 'pass', conditions: [{ title: 'x', due_on: '2027-01-01' }],
      findings: [{ description: 'y', site_id: 's1', level: 'major', deadline: '2026-12-01' }],
    }
    expect(acceptanceBody(f)).toMatchObject({ result: 'pass', conditions: [], findings: [] })
    expect(acceptanceBody({ ...f, result: 'conditional' }).conditions).toEqual([{ title: 'x', due_on: '2027-01-01' }])
    expect(acceptanceBody({ ...f, result: 'conditional', conditions: [{ title: 'x', due_on: '2027-01-01', site_id: 's1' }] }).conditions)
      .toEqual([{ title: 'x', due_on: '2027-01-01', site_id: 's1' }])
    expect(acceptanceBody({ ...f, result: 'fail' }).findings).toEqual([{ description: 'y', site_id: 's1', level: 'major', deadline: '2026-12-01' }])
  })
})

describe('the inspection form', () => {
  const f: InspectionDraft = {
    type: 'valve_calibration', performed_on: '2026-11-03', agency: '天津市特种设备监督检验技术研究院', report_no: 'AF-2026-1103',
    conclusion: 'pass', safety_grade: null, next_due_on: '2027-11-03', main_issues: '', sealed: true, set_pressure: '1.1 MPa',
  }
  it('accepts a complete record and names each missing field', () => {
    expect(checkInspection(f, '2026-11-25', 'safety_valve')).toEqual({})
    expect(checkInspection({ ...f, agency: ' ', report_no: '', next_due_on: '2026-11-01' }, '2026-11-25', 'safety_valve'))
      .toEqual({ agency: '请填写检验机构', report_no: '请填写报告编号', next_due_on: '下次检验日期须晚于检验日期' })
    expect(checkInspection({ ...f, performed_on: '2026-11-26' }, '2026-11-25', 'safety_valve')).toEqual({ performed_on: '检验日期不能晚于今天' })
    expect(checkInspection({ ...f, type: 'periodic_inspection' }, '2026-11-25', 'pressure_vessel'))
      .toEqual({ safety_grade: '压力容器定期检验须填写安全状况等级' })
    expect(checkInspection({ ...f, conclusion: 'fail' }, '2026-11-25', 'safety_valve')).toEqual({ main_issues: '结论不是“合格”时，请填写主要问题' })
  })
})

describe('heating menus', () => {
  const canOf = (me: typeof heatStaff) => (p: string) => can(me, p)
  it('refuses a gas company every heating permission whatever its role', () => {
    expect(can(gasAdmin, 'equipment:list')).toBe(false)
    expect(can(gasAdmin, 'readiness:declare')).toBe(false)
    expect(can(heatAdmin, 'readiness:declare')).toBe(true)
    expect(can(heatStaff, 'readiness:declare')).toBe(false)
    expect(can(gasAdmin, 'hazard:create')).toBe(true)
  })
  it('shows a heating company its register and plan, and a gas company none of it', () => {
    const heat = navFor('company', canOf(heatStaff), 'heating_company').map((n) => n.title)
    expect(heat).toEqual(expect.arrayContaining(['设备台账', '场站', '冬病夏治']))
    expect(heat[0]).toBe('我的隐患')
    const gas = navFor('company', canOf(gasAdmin), 'gas_company').map((n) => n.title)
    expect(gas).not.toContain('设备台账')
    expect(gas).not.toContain('场站')
    expect(gas).not.toContain('冬病夏治')
  })
  it('shows the bureau its board, seasons and rules, and the street its readiness work', () => {
    const bureau = navFor('bureau', () => true, 'bureau').map((n) => n.title)
    expect(bureau[0]).toBe('看板')
    expect(bureau).toEqual(expect.arrayContaining(['供热准备看板', '采暖季', '检验规则']))
    expect(navFor('street', () => true, 'street').map((n) => n.title)).toContain('供热准备')
  })
})

describe('seasons', () => {
  const s = (code: string, status: string, campaign: string, end: string) => ({ id: code, code, status, campaign_start: campaign, heating_end: end })
  const list = [s('2025-2026', 'closed', '2025-03-16', '2026-03-15'), s('2026-2027', 'heating', '2026-03-16', '2027-03-15'), s('2027-2028', 'planning', '2027-03-16', '2028-03-15')]
  it('opens on the season running today, else the latest open one', () => {
    expect(currentSeason(list, '2026-11-25')?.code).toBe('2026-2027')
    expect(currentSeason(list, '2030-01-01')?.code).toBe('2027-2028')
    expect(currentSeason([list[0]!], '2030-01-01')?.code).toBe('2025-2026')
    expect(currentSeason([], '2030-01-01')).toBeNull()
  })
  it('proposes Tianjin\'s dates and keeps them in order', () => {
    const d = seasonDefaults(2026)
    expect(d).toEqual({ code: '2026-2027', campaign_start: '2026-03-16', trial_run_start: '2026-10-01', readiness_deadline: '2026-10-31',
      heating_start: '2026-11-15', heating_end: '2027-03-15' })
    expect(checkSeason(d)).toEqual({})
    expect(checkSeason({ ...d, code: '2026-2028', heating_start: '2026-10-30' })).toEqual({ code: '格式如 2026-2027', heating_start: '不能早于准备完成期限' })
  })
})

describe('the board\'s charts', () => {
  const rows = [
    { key: 'a', name: '南开区供热服务中心', intact_rate: { numerator: 111, denominator: 113, rate: 0.9823 },
      overhaul_rate: { numerator: 24, denominator: 26, rate: 0.9231 }, inspection_rate: { numerator: 74, denominator: 76, rate: 0.9737 } },
    { key: 'b', name: '天津能源投资集团供热有限公司', intact_rate: { numerator: 0, denominator: 0, rate: null },
      overhaul_rate: { numerator: 1, denominator: 2, rate: 0.5 }, inspection_rate: { numerator: 0, denominator: 0, rate: null } },
  ]
  it('draws the three rates per company in percent, no bar where nothing is counted', () => {
    const o = rateBarOption(rows)
    expect(o.yAxis.data).toEqual(['天津能源投资集团供…', '南开区供热服务中心'])
    expect(o.series.map((s) => s.name)).toEqual(['设备完好率', '检修完成率', '年度校验完成率'])
    expect(o.series[0]!.data).toEqual([null, 98.2])
    expect(o.series[1]!.data).toEqual([50, 92.3])
    expect(o.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      '<strong>南开区供热服务中心</strong><br/>设备完好率：98.2%（111/113）<br/>检修完成率：92.3%（24/26）<br/>年度校验完成率：97.4%（74/76）')
  })
  it('draws the trend by week with the fraction in the tooltip', () => {
    const o = trendOption([{ date: '2026-09-06', rate: { numerator: 10, denominator: 26, rate: 0.3846 } },
      { date: '2026-09-13', rate: { numerator: 0, denominator: 0, rate: null } }])
    expect(o.xAxis.data).toEqual(['09/06', '09/13'])
    expect(o.series[0]!.data).toEqual([38.5, null])
    expect(o.tooltip.formatter([{ dataIndex: 0 }])).toBe('2026年9月6日<br/>检修完成率：38.5%（10/26）')
  })
})

describe('the API\'s field problems in Chinese', () => {
  it('names each row of a list as the forms do, in Chinese', () => {
    const err = new ApiError(422, { code: 'validation_failed', fields: [
      { field: 'conditions[0].due_on', message: 'must be on or after inspected_on' },
      { field: 'conditions', message: 'name a site: the company has none to place a condition at' },
      { field: 'due_on', message: 'must be on or before the readiness deadline 2026-10-31' },
      { field: 'type', message: 'is not an inspection a 压力表 owes' },
    ] })
    expect(fieldErrors(err)).toEqual({
      'conditions.0.due_on': '期限不能早于验收日期', conditions: '该企业还没有场站，无法登记整改条件',
      due_on: '不能晚于供热准备完成期限 2026-10-31', type: '压力表没有这项检验',
    })
  })
})

describe('the register\'s unit form', () => {
  const valve: EquipmentDraft = {
    ...emptyEquipment('s1'), kind: 'safety_valve', name: ' 1#锅炉安全阀A ', parent_id: 'b1', special: true, serial_no: 'AQF-0912',
    commissioned_on: '2024-05-20',
  }

  it('asks for the site, the kind and the name, and a commissioning date not after today', () => {
    expect(checkEquipment(emptyEquipment(), '2026-06-01')).toEqual({ site_id: '请选择所属场站', kind: '请选择设备类别', name: '请填写设备名称' })
    expect(checkEquipment({ ...valve, commissioned_on: '2026-06-02' }, '2026-06-01')).toEqual({ commissioned_on: '投用日期不能晚于今天' })
    expect(checkEquipment(valve, '2026-06-01')).toEqual({})
    // The API cannot clear a commissioning date once recorded: the form says so rather than dropping the change.
    expect(checkEquipment({ ...valve, commissioned_on: '' }, '2026-06-01', valve)).toEqual({ commissioned_on: '已登记投用日期，只能改为另一日期，不能清空' })
  })

  it('sends a new unit trimmed, with its host, and internal_blocked only for a boiler or vessel', () => {
    const body = equipmentCreateBody({ ...valve, internal_blocked: true })
    expect(body).toMatchObject({ site_id: 's1', kind: 'safety_valve', name: '1#锅炉安全阀A', parent_id: 'b1', special: true, status: 'in_service',
      serial_no: 'AQF-0912', commissioned_on: '2024-05-20', internal_blocked: false })
    const boiler = equipmentCreateBody({ ...emptyEquipment('s1'), kind: 'boiler', name: '1#锅炉', internal_blocked: true })
    expect(boiler.internal_blocked).toBe(true)
    expect('parent_id' in boiler || 'commissioned_on' in boiler).toBe(false)
  })

  it('sends only what changed, and clears the host when the accessory leaves it', () => {
    expect(equipmentPatchBody(valve, { ...valve })).toEqual({})
    expect(equipmentPatchBody(valve, { ...valve, name: '1#锅炉安全阀B', status: 'standby', registration_no: ' 容3TJ-0001 ' }))
      .toEqual({ name: '1#锅炉安全阀B', status: 'standby', registration_no: '容3TJ-0001' })
    expect(equipmentPatchBody(valve, { ...valve, site_id: 's2', parent_id: '' })).toEqual({ site_id: 's2', clear_parent: true })
    expect(equipmentPatchBody({ ...valve, parent_id: '' }, valve)).toEqual({ parent_id: 'b1' })
    const boiler = { ...emptyEquipment('s1'), kind: 'boiler' as const, name: '1#锅炉' }
    expect(equipmentPatchBody(boiler, { ...boiler, internal_blocked: true })).toEqual({ internal_blocked: true })
  })
})

describe('changing an item', () => {
  const item: ItemDraft = {
    title: '1#锅炉安全阀校验', description: '', qty_planned: 2, qty_done: 0, unit: '只', due_on: '2026-10-20', responsible_person: '王工',
    responsible_phone: '022-2735 1234',
  }

  it('keeps the due date within the readiness deadline unless the item is an acceptance\'s condition', () => {
    expect(checkItemEdit(item, '2026-10-31', false)).toEqual({})
    expect(checkItemEdit({ ...item, due_on: '2026-11-05' }, '2026-10-31', false)).toEqual({ due_on: '不能晚于供热准备完成期限 2026-10-31' })
    expect(checkItemEdit({ ...item, due_on: '2026-11-05' }, '2026-10-31', true)).toEqual({})
    expect(checkItemEdit({ ...item, title: ' ', responsible_phone: '王工手机' }, '2026-10-31', false))
      .toEqual({ title: '请填写任务', responsible_phone: '请填写有效的电话号码（数字、空格或短横线）' })
  })

  it('sends only what changed', () => {
    expect(itemPatchBody(item, { ...item })).toEqual({})
    expect(itemPatchBody(item, { ...item, title: ' 1#锅炉安全阀A、B校验 ', qty_done: 1, due_on: '2026-10-25' }))
      .toEqual({ title: '1#锅炉安全阀A、B校验', qty_done: 1, due_on: '2026-10-25' })
    expect(itemPatchBody(item, { ...item, qty_planned: null })).toEqual({ qty_planned: 0 })
  })
})

import { describe, expect, it } from 'vitest'
import {
  addressText, behindSchedule, checkReport, installBarOption, km, milestoneText, nextMilestone, nextProjectStatus, paceTone,
  placementChecks, premiseFiltersOf, premiseQueryOf, projectProgress, projectStep, ratio, replaceOn, replaceState, share,
  sharePercent, tagsText, detectsFor, pointActions,
} from './gas'
import { navFor } from '../nav'
import { can } from './roles'

const gasStaff = { roles: ['company_staff'], org: { kind: 'gas_company' } }
const heatStaff = { roles: ['company_staff'], org: { kind: 'heating_company' } }
const street = { roles: ['street_officer'], org: { kind: 'street' } }
const bureau = { roles: ['bureau_admin'], org: { kind: 'bureau' } }

describe('rates', () => {
  it('shows numerator over denominator and the share', () => {
    const r = { numerator: 206, denominator: 214, rate: 206 / 214 }
    expect(ratio(r)).toBe('206 / 214')
    expect(share(r)).toBe('96.3%')
    expect(sharePercent(r)).toBe(96.3)
    expect(ratio({ numerator: 22850, denominator: 23800 })).toBe('22,850 / 23,800')
  })

  it('says nothing is counted rather than 0%', () => {
    expect(share({ numerator: 0, denominator: 0 })).toBe('—')
    expect(sharePercent({ numerator: 0, denominator: 0 })).toBe(0)
    expect(ratio(null)).toBe('— / —')
  })

  it('colours the pace and names the milestone measured against', () => {
    expect(paceTone('on_track')).toBe('success')
    expect(paceTone('behind')).toBe('warning')
    expect(paceTone('at_risk')).toBe('danger')
    expect(paceTone(undefined)).toBe('info')
    const ms = [{ on: '2026-12-31', percent: 100 }, { on: '2026-06-30', percent: 50 }]
    expect(nextMilestone(ms, '2026-05-01')).toEqual({ on: '2026-06-30', percent: 50 })
    expect(nextMilestone(ms, '2026-07-01')).toEqual({ on: '2026-12-31', percent: 100 })
    expect(nextMilestone(ms, '2027-01-05')).toEqual({ on: '2026-12-31', percent: 100 })
    expect(nextMilestone([], '2026-01-01')).toBeNull()
    expect(milestoneText(ms)).toBe('06-30 前完成 50%，12-31 前完成 100%')
    expect(milestoneText([{ on: '12-31', percent: 100 }, { on: '06-30', percent: 50 }])).toBe('06-30 前完成 50%，12-31 前完成 100%')
    expect(nextMilestone([{ on: '06-30', percent: 50 }, { on: '12-31', percent: 100 }], '2026-07-01')).toEqual({ on: '12-31', percent: 100 })
  })

  it('draws the rate per street as bars, the ones under the milestone in amber', () => {
    const o = installBarOption([
      { name: '广开街', rate: { numerator: 96, denominator: 100 } },
      { name: '鼓楼街', rate: { numerator: 40, denominator: 100 } },
    ], 50)
    expect(o.yAxis.data).toEqual(['鼓楼街', '广开街'])
    const data = o.series[0]!.data
    expect(data.map((d) => d.value)).toEqual([40, 96])
    expect(data[0]!.itemStyle.color).not.toBe(data[1]!.itemStyle.color)
    expect(o.tooltip.formatter([{ dataIndex: 1 }])).toBe('广开街<br/>安装率：96%（96 / 100）')
    // the API's rate is in percent: the share comes from the counts
    expect(share({ numerator: 1, denominator: 4, rate: 25 })).toBe('25%')
  })
})

describe('devices', () => {
  it('dates the replacement by CJJ/T 146 service life', () => {
    expect(replaceOn('2026-05-10', 'resident')).toBe('2031-05-10')
    expect(replaceOn('2026-05-10', 'commercial')).toBe('2029-05-10')
    expect(replaceOn('2024-02-29', 'resident')).toBe('2029-02-28')
  })

  it('says whether a device is due for replacement', () => {
    expect(replaceState('2026-12-01', '2026-12-02')).toEqual({ text: '已过期 1 天，需更换', tone: 'danger' })
    expect(replaceState('2027-01-31', '2026-12-02').tone).toBe('warning')
    expect(replaceState('2031-05-10', '2026-12-02').tone).toBe('success')
    expect(replaceState(null, '2026-12-02').tone).toBe('info')
  })

  it('asks the GB 50028 placement checks for the premise\'s gas', () => {
    expect(placementChecks('natural_gas').map((c) => c.label)).toEqual([
      '距顶棚 0.3 m 以内（天然气比空气轻）', '距燃具或阀门水平距离不大于 8 m', '不在燃具正上方'])
    expect(placementChecks('lpg')[0]!.label).toContain('距地面 0.3 m')
    expect(placementChecks('lpg')[1]!.label).toContain('4 m')
    expect(detectsFor('lpg')).toBe('propane')
    expect(detectsFor('natural_gas')).toBe('methane')
  })
})

describe('premises', () => {
  it('names tags and addresses', () => {
    expect(tagsText(',elderly_alone,low_income,')).toBe('独居老人、低保')
    expect(tagsText(['restaurant'])).toBe('餐饮')
    expect(tagsText('')).toBe('')
    expect(addressText({ address: '万德庄大街12号', shop_name: '老王面馆' })).toBe('万德庄大街12号（老王面馆）')
    expect(addressText({ estate: '万德庄小区', building: '3', unit: '2', room: '301' })).toBe('万德庄小区3号楼2单元301')
  })

  it('keeps the list filters in the address and reads them back', () => {
    const f = { street_id: 's1', community_id: 'c1', user_type: 'commercial', tag: 'restaurant', has_valid_device: false, q: ' 面馆 ' }
    const q = premiseQueryOf(f)
    expect(q).toEqual({ street: 's1', community: 'c1', type: 'commercial', tag: 'restaurant', valid: 'false', q: '面馆' })
    expect(premiseFiltersOf(q)).toEqual({ ...f, q: '面馆' })
    expect(premiseFiltersOf({ valid: 'maybe', street: ['a'] })).toEqual({})
  })
})

describe('renovation', () => {
  const p = { status: 'in_construction', planned_km: 10, km_done: 4, planned_start: '2026-03-01', planned_end: '2026-12-31' }

  it('walks the project\'s statuses', () => {
    expect(projectStep('planned')).toBe(0)
    expect(projectStep('accepted')).toBe(5)
    expect(projectStep('suspended')).toBe(-1)
    expect(nextProjectStatus('in_construction')).toBe('completed')
    expect(nextProjectStatus('accepted')).toBeNull()
    expect(nextProjectStatus('suspended')).toBeNull()
  })

  it('flags a project behind its schedule', () => {
    expect(behindSchedule(p, '2026-11-25')).toBe(true) // 40% done, 88% of the time gone
    expect(behindSchedule({ ...p, km_done: 9.5 }, '2026-11-25')).toBe(false)
    expect(behindSchedule({ ...p, km_done: 9.5 }, '2027-01-02')).toBe(true) // past its end
    expect(behindSchedule({ ...p, status: 'completed' }, '2027-01-02')).toBe(false)
    expect(behindSchedule(p, '2026-02-01')).toBe(false)
    // within five points of the elapsed share is on schedule
    expect(behindSchedule({ ...p, planned_start: '2026-01-01', planned_end: '2026-12-31', km_done: 4.6 }, '2026-06-01')).toBe(false)
    expect(projectProgress(p)).toEqual({ numerator: 4, denominator: 10, rate: 0.4 })
    expect(km(88)).toBe('88.0 km')
    expect(km(71.25)).toBe('71.3 km')
  })

  it('asks a reason for a report that lowers the cumulative figures', () => {
    const d = { reported_on: '2026-11-25', km_done_cumulative: 3.5, households_done_cumulative: 100, note: '', lower_reason: '' }
    expect(checkReport(d, { km_done: 4, households_done: 100 }, 10)).toEqual({ lower_reason: '累计数比上次填报少，请说明原因' })
    expect(checkReport({ ...d, lower_reason: '复测长度' }, { km_done: 4 }, 10)).toEqual({})
    expect(checkReport({ ...d, households_done_cumulative: 90 }, { km_done: 3, households_done: 100 }, 10)).toHaveProperty('lower_reason')
    expect(checkReport({ ...d, km_done_cumulative: null }, null)).toHaveProperty('km_done_cumulative')
    expect(checkReport({ ...d, km_done_cumulative: 10.05 }, null, 10)).toEqual({})
    expect(checkReport({ ...d, km_done_cumulative: 10.2 }, null, 10).km_done_cumulative).toContain('超出计划')
  })
})

describe('occupation points', () => {
  it('offer each side its next step', () => {
    const inspector = { roles: ['bureau_inspector'], org: { kind: 'bureau' } }
    expect(pointActions(bureau, 'identified', null)).toEqual(['fold', 'defer'])
    expect(pointActions(bureau, 'planned', 'p1')).toEqual(['defer'])
    expect(pointActions(bureau, 'eliminated', 'p1')).toEqual(['verify'])
    expect(pointActions(inspector, 'identified', null)).toEqual([])
    expect(pointActions(inspector, 'eliminated', null)).toEqual(['verify'])
    expect(pointActions(gasStaff, 'in_progress', 'p1')).toEqual(['eliminate'])
    expect(pointActions(gasStaff, 'eliminated', 'p1')).toEqual([])
    expect(pointActions(street, 'eliminated', 'p1')).toEqual(['verify'])
    expect(pointActions(street, 'identified', null)).toEqual([])
    expect(pointActions(heatStaff, 'identified', null)).toEqual([])
  })
})

describe('menus', () => {
  it('give the gas pages to gas companies, streets and the bureau, never to heating companies', () => {
    const titles = (me: typeof gasStaff, side: 'company' | 'street' | 'bureau') =>
      navFor(side, (perm) => can(me, perm), me.org.kind).map((n) => n.title)
    expect(titles(gasStaff, 'company')).toEqual(expect.arrayContaining(['报警器安装', '用户档案', '改造项目', '占压点位']))
    expect(titles(heatStaff, 'company')).not.toContain('报警器安装')
    expect(titles(heatStaff, 'company')).not.toContain('占压点位')
    expect(titles(street, 'street')).toEqual(expect.arrayContaining(['报警器安装', '用户档案', '占压点位']))
    expect(titles(bureau, 'bureau')).toEqual(expect.arrayContaining(['报警器安装工作', '旧管网改造看板', '改造项目', '占压点位']))
  })
})

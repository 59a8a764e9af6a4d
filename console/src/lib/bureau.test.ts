import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from './errors'
import {
  adminErrors, auditActionText, breakText, checkSettings, deliveryText, eventText, figuresOf, ladderText, percent, rolesForKind, rungText,
} from './bureau'
import { auditChanges, auditHazard, auditSubject } from './audit'
import { categoryPieOption, categorySlices, groupTooltip, shortName, statusBarOption, topRows, type SummaryRowLike } from './charts'
import { filterCount, filtersFromQuery, queryFromFilters } from './ledgerQuery'
import { can } from './roles'
import { landingFor, navFor } from '../nav'

const row = (key: string, name: string, s: [number, number, number, number], overdue = 0, majorOpen = 0): SummaryRowLike => {
  const total = s[0] + s[1] + s[2] + s[3]
  return {
    key, name, total, overdue, major_open: majorOpen, rectification_rate: total ? s[3] / total : 0,
    by_status: { reported: s[0], rectifying: s[1], rectified: s[2], verified: s[3] },
  }
}

describe('dashboard figures', () => {
  it('counts open as everything not verified and the rate as verified of all', () => {
    const f = figuresOf(row('total', '合计', [3, 2, 1, 6], 4, 2))
    expect(f).toEqual({ total: 12, open: 6, overdue: 4, majorOpen: 2, rate: 0.5, awaiting: 1 })
  })

  it('has no rate without hazards, rather than 0%', () => {
    expect(figuresOf(row('total', '合计', [0, 0, 0, 0])).rate).toBeNull()
    expect(figuresOf(undefined).rate).toBeNull()
    expect(percent(null)).toBe('—')
  })

  it('writes rates as percentages with at most one decimal', () => {
    expect(percent(0.5)).toBe('50%')
    expect(percent(7 / 13)).toBe('53.8%')
    expect(percent(1)).toBe('100%')
    expect(percent(1 / 3)).toBe('33.3%')
    expect(percent(0.0004)).toBe('0%')
  })
})

describe('charts', () => {
  const rows = [row('a', '广开街', [1, 1, 0, 2]), row('b', '兴南街', [0, 0, 0, 9]), row('c', '学府街', [2, 0, 0, 0]),
    row('d', '万兴街', [0, 1, 0, 0])]

  it('keeps the largest groups and sums the rest as 其他', () => {
    const top = topRows(rows, 3)
    expect(top.map((r) => r.name)).toEqual(['兴南街', '广开街', '其他 2 个'])
    expect(top[2]!.total).toBe(3)
    expect(top[2]!.by_status).toEqual({ reported: 2, rectifying: 1, rectified: 0, verified: 0 })
    expect(topRows(rows, 10)).toHaveLength(4)
  })

  it('stacks a bar per status with the largest group on top', () => {
    const o = statusBarOption('street', rows)
    expect(o.yAxis.data).toEqual(['万兴街', '学府街', '广开街', '兴南街'])
    expect(o.series.map((s) => s.name)).toEqual(['已上报', '整改中', '已整改待验收', '已验收销号'])
    expect(o.series[3]!.data).toEqual([0, 0, 2, 9])
    expect(o.tooltip.formatter([{ dataIndex: 3 }])).toContain('兴南街')
  })

  it('escapes names in tooltips and shortens long axis labels', () => {
    expect(groupTooltip('company', row('x', '<b>公司</b>', [1, 0, 0, 1]))).toContain('&lt;b&gt;公司&lt;/b&gt;')
    expect(groupTooltip('company', row('x', '甲', [1, 0, 0, 1]))).toContain('整改率 50%')
    expect(shortName('天津市南开燃气服务有限公司', 8)).toBe('天津市南开燃气…')
    expect(shortName('广开街', 8)).toBe('广开街')
  })

  it('draws categories as a ring without empty slices', () => {
    const rows = [row('leak', '泄漏', [1, 0, 0, 1]), row('other', '其他', [0, 0, 0, 0]), row('aging_pipeline', '老旧管网', [3, 0, 0, 0])]
    const o = categoryPieOption(rows)
    expect(o.series[0]!.data).toEqual([
      { name: '老旧管网', value: 3, open: 3, itemStyle: { color: '#c2410c' } },
      { name: '泄漏', value: 2, open: 1, itemStyle: { color: '#409eff' } },
    ])
    expect(categorySlices(rows).map((s) => s.color)).toEqual(['#c2410c', '#409eff'])
  })
})

describe('ledger filters in the address', () => {
  it('reads lists, ids, dates, flags and text, dropping what the API would refuse', () => {
    const f = filtersFromQuery({
      status: 'reported,rectifying,bogus', level: ['major'], category: 'leak', source: 'hotline,nope',
      company_id: '01A2355C-AF7E-7294-BB55-2CA4DF75E559', street_id: 'not-a-uuid', overdue: 'true',
      deadline_from: '2026-02-30', deadline_to: '2026-12-31', found_from: '1999-01-01', q: '  阀门 ', code: 'YH-2026-000001',
      sort: '-found_on',
    })
    expect(f).toEqual({
      status: ['reported', 'rectifying'], level: ['major'], category: ['leak'], source: ['hotline'],
      company_id: '01a2355c-af7e-7294-bb55-2ca4df75e559', overdue: true, deadline_to: '2026-12-31', q: '阀门',
      code: 'YH-2026-000001', sort: '-found_on',
    })
    expect(filtersFromQuery({ overdue: 'false', sort: 'colour' })).toEqual({ overdue: false })
    expect(filtersFromQuery({})).toEqual({})
  })

  it('writes filters back in a stable order, lists joined by commas, empties left out', () => {
    const q = queryFromFilters({ sort: 'deadline', status: ['reported', 'rectified'], overdue: true, q: '', level: [], code: 'YH-1' })
    expect(q).toEqual({ code: 'YH-1', status: 'reported,rectified', overdue: 'true', sort: 'deadline' })
    expect(Object.keys(q)).toEqual(['code', 'status', 'overdue', 'sort'])
  })

  it('round-trips', () => {
    const f = { status: ['verified'], street_id: '01a2355c-b123-79db-91b3-779cd53e5c11', found_from: '2026-01-01',
      found_to: '2026-06-30', overdue: false }
    expect(filtersFromQuery(queryFromFilters(f))).toEqual(f)
  })

  it('counts filters, not the order', () => {
    expect(filterCount({ sort: 'deadline', status: ['reported'], q: '', level: [] })).toBe(1)
  })
})

describe('labels of the bureau pages', () => {
  it('says rungs in words', () => {
    expect(rungText('d3')).toBe('到期前 3 天')
    expect(rungText('h4')).toBe('到期前 4 小时')
    expect(rungText('m30')).toBe('到期前 30 分钟')
    expect(rungText('e0')).toBe('期限届满时')
    expect(rungText('e1')).toBe('届满后第 2 次')
    expect(rungText('x')).toBe('x')
  })

  it('names audit actions, events and chain breaks', () => {
    expect(auditActionText('hazard.update')).toBe('修改隐患')
    expect(auditActionText('user.roles')).toBe('变更用户角色')
    expect(auditActionText('webhook_delivery.retry')).toBe('重试推送记录')
    expect(auditActionText('odd')).toBe('odd')
    expect(deliveryText('pending', 0)).toBe('待发送')
    expect(deliveryText('pending', 2)).toBe('重试中')
    expect(deliveryText('failed', 9)).toBe('失败')
    expect(eventText('ping')).toBe('测试消息')
    expect(eventText('hazard.overdue')).toBe('隐患逾期升级')
    expect(eventText('hazard.due_soon')).toBe('隐患即将到期提醒')
    expect(breakText('entry 7 is missing')).toBe('第 7 条记录缺失（记录被删除）')
    expect(breakText('chain head says 9 entries, found 8: entries removed from the end, or the head changed'))
      .toContain('链头登记 9 条记录，实际只有 8 条')
    expect(breakText('something new')).toBe('something new')
  })

  it('offers the roles an organisation kind allows', () => {
    expect(rolesForKind('bureau')).toEqual(['bureau_admin', 'bureau_inspector'])
    expect(rolesForKind('heating_company')).toEqual(['company_admin', 'company_staff'])
    expect(rolesForKind('street')).toEqual(['street_officer'])
    expect(rolesForKind('community')).toEqual([])
  })

  it('translates the administration forms\' field problems', () => {
    const e = new ApiError(422, {
      code: 'validation_failed', fields: [
        { field: 'username', message: 'must be lower-case letters, digits, dots, dashes or underscores' },
        { field: 'roles', message: 'a street user may hold only: street_officer' },
        { field: 'url', message: '10.0.0.1 is an internal address' },
        { field: 'reminder_days[1]', message: 'is not valid (unique)' },
        { field: 'name', message: 'is required' },
      ],
    })
    expect(adminErrors(e)).toEqual({
      username: '只能使用小写字母、数字、点、短横线或下划线，并以字母或数字开头',
      roles: '该单位的用户不能拥有所选角色',
      url: '不能推送到内网或本机地址',
      reminder_days: '不能重复',
      name: '必填',
    })
    expect(adminErrors(new Error('x'))).toEqual({})
  })
})

describe('district settings', () => {
  const ok = { name: '南开区', timezone: 'Asia/Shanghai', reminder_days: [7, 3, 1], reminder_hour: 9 }

  it('accepts a good ladder', () => {
    expect(checkSettings(ok)).toEqual({})
  })

  it('holds the ladder to the API\'s rules', () => {
    expect(checkSettings({ ...ok, reminder_days: [] }).reminder_days).toBeTruthy()
    expect(checkSettings({ ...ok, reminder_days: [1, 2, 3, 4, 5, 6] }).reminder_days).toBe('最多设置 5 个提醒日')
    expect(checkSettings({ ...ok, reminder_days: [0] }).reminder_days).toBe('提醒日须为 1 到 60 之间的整数')
    expect(checkSettings({ ...ok, reminder_days: [61] }).reminder_days).toBe('提醒日须为 1 到 60 之间的整数')
    expect(checkSettings({ ...ok, reminder_days: [3, 3] }).reminder_days).toBe('提醒日不能重复')
    expect(checkSettings({ ...ok, reminder_hour: 24 }).reminder_hour).toBeTruthy()
    expect(checkSettings({ ...ok, reminder_hour: null }).reminder_hour).toBeTruthy()
    expect(checkSettings({ ...ok, name: '  ' }).name).toBe('请填写辖区名称')
    expect(checkSettings({ ...ok, timezone: '' }).timezone).toBe('请选择时区')
  })

  it('says the ladder in one sentence, latest day first', () => {
    expect(ladderText([1, 7, 3], 9)).toBe('到期前 7、3、1 天的 9:00 提醒责任企业；到期仍未销号时，通知责任企业、所在街道和主管部门')
  })
})

describe('audit entries in words', () => {
  const names: Record<string, string> = { c1: '津燃华润燃气有限公司', s1: '广开街' }
  const orgName = (id: string) => names[id] ?? '（未知单位）'

  it('shows a change by its fields, with labels and names, hiding internals', () => {
    const changes = auditChanges('hazard',
      { status: 'rectified', verified_by: null, verified_by_name: '', tenant_id: 't' },
      { status: 'verified', verified_by: 'u1', verified_by_name: 'bureau.admin', tenant_id: 't' }, orgName)
    expect(changes).toEqual([
      { field: 'status', label: '状态', before: '已整改待验收', after: '已验收销号' },
      { field: 'verified_by_name', label: '验收人', before: '（空）', after: 'bureau.admin' },
    ])
  })

  it('shows a create by its values, organisations by name, passwords never', () => {
    const changes = auditChanges('user', null,
      { username: 'gas1.zhang', org_id: 'c1', password_hash: '[redacted]', roles: ['company_staff'], disabled: false }, orgName)
    expect(changes.map((c) => [c.label, c.after])).toEqual([
      ['停用', '否'], ['用户名', 'gas1.zhang'], ['所属单位', '津燃华润燃气有限公司'], ['角色', '企业填报员'], ['密码', '（已设置，不显示）'],
    ])
    expect(auditChanges('user', { password_hash: '[redacted]' }, { password_hash: '[redacted]' }, orgName))
      .toEqual([{ field: 'password_hash', label: '密码', before: '', after: '（已修改）' }])
    expect(auditChanges('webhook', { secret: '[redacted]' }, { secret: '[redacted]' }, orgName))
      .toEqual([{ field: 'secret', label: '密钥', before: '', after: '（已更换）' }])
    expect(auditChanges('webhook', { url: '[redacted]' }, { url: '[redacted]' }, orgName))
      .toEqual([{ field: 'url', label: '推送地址', before: '', after: '（已修改）' }])
    expect(auditChanges('webhook', null, { url: '[redacted]' }, orgName)[0]!.after).toBe('（已设置，不显示）')
    expect(auditChanges('extension', { decided_at: null }, { decided_at: '2026-12-02T06:59:07.6473Z' }, orgName))
      .toEqual([{ field: 'decided_at', label: '审批时间', before: '—', after: '2026-12-02 14:59' }])
  })

  it('names the subject and finds its hazard', () => {
    expect(auditSubject('hazard', 'h1', null, { code: 'YH-2026-000001' }, orgName)).toBe('隐患 YH-2026-000001')
    expect(auditSubject('org', 's1', null, null, orgName)).toBe('组织机构 广开街')
    expect(auditSubject('tenant', 't', null, { reminder_days: [3] }, orgName, '南开区')).toBe('辖区 南开区')
    const known: Record<string, string> = { 'hazard:h1': 'YH-2026-000002', 'hazard:h9': 'YH-2026-000009', 'user:u1': 'gas1.clerk' }
    const lookup = (kind: string, id: string) => known[`${kind}:${id}`] ?? ''
    expect(auditSubject('hazard', 'h1', { status: 'rectified' }, { status: 'verified' }, orgName, '', lookup)).toBe('隐患 YH-2026-000002')
    expect(auditSubject('extension', 'x1', null, { hazard_id: 'h9' }, orgName, '', lookup)).toBe('延期申请（隐患 YH-2026-000009）')
    expect(auditSubject('attachment', 'a1', null, { hazard_id: 'h9', filename: '现场.jpg' }, orgName, '', lookup))
      .toBe('证据文件 现场.jpg（隐患 YH-2026-000009）')
    expect(auditSubject('user', 'u1', { disabled: false }, { disabled: true }, orgName, '', lookup)).toBe('用户 gas1.clerk')
    expect(auditSubject('user', 'u2', { disabled: false }, { disabled: true }, orgName, '', lookup)).toBe('用户')
    expect(auditSubject('hazard', 'h3', null, null, orgName)).toBe('隐患')
    expect(auditHazard('extension', 'x1', null, { hazard_id: 'h9' })).toBe('h9')
    expect(auditHazard('hazard', 'h1', null, null)).toBe('h1')
    expect(auditHazard('user', 'u1', null, null)).toBe('')
  })
})

// The console's permissions mirror the server's policy: read them from the CSV files.
describe('the bureau pages follow policy/roles', () => {
  const dir = join(__dirname, '..', '..', '..', 'policy', 'roles')
  const granted = new Map<string, Set<string>>()
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const p = line.split(',').map((s) => s.trim())
      if (p[0] !== 'p' || p.length < 5) continue
      const perm = `${p[3]}:${p[4]}`
      if (!granted.has(perm)) granted.set(perm, new Set())
      granted.get(perm)!.add(p[1]!)
    }
  }
  const roles = ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer']

  it.each(['org:create', 'org:update', 'org:disable', 'user:list', 'user:create', 'user:update', 'user:disable', 'webhook:list',
    'webhook:create', 'webhook:delete', 'reminder:list', 'reminder:retry', 'audit:list', 'audit:verify', 'settings:read',
    'settings:update', 'extension:list', 'extension:decide', 'ledger:summary'])('%s', (perm) => {
    for (const r of roles) {
      expect(can({ roles: [r] }, perm), `${r} ${perm}`).toBe(granted.get(perm)?.has(r) ?? false)
    }
  })

  it('lands the bureau on its dashboard and shows webhooks to its admin only', () => {
    expect(landingFor('bureau')).toBe('/bureau')
    const admin = navFor('bureau', (p) => can({ roles: ['bureau_admin'] }, p)).map((n) => n.path)
    const inspector = navFor('bureau', (p) => can({ roles: ['bureau_inspector'] }, p)).map((n) => n.path)
    expect(admin).toContain('/bureau/webhooks')
    expect(inspector).not.toContain('/bureau/webhooks')
    expect(inspector).toContain('/bureau/audit')
    expect(navFor('company').map((n) => n.path)).not.toContain('/bureau')
  })
})

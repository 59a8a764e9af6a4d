import { describe, expect, it } from 'vitest'
import { extensionStatus, hazardAction, hazardCategory, hazardLevel, hazardSource, hazardStatus, orgKind, role, statusTagType } from './labels'

describe('labels', () => {
  it('speaks the Go enums Chinese (ent/schema/enum)', () => {
    expect(hazardCategory.label('pipeline_occupation')).toBe('占压')
    expect(hazardCategory.label('heating_network_defect')).toBe('供热管网缺陷')
    expect(hazardLevel.label('major')).toBe('重大')
    expect(hazardSource.label('hotline')).toBe('12345热线')
    expect(hazardStatus.label('rectified')).toBe('已整改待验收')
    expect(hazardStatus.label('verified')).toBe('已验收销号')
    expect(orgKind.label('heating_company')).toBe('供热企业')
    expect(extensionStatus.label('refused')).toBe('已驳回')
    expect(role.label('street_officer')).toBe('街道工作人员')
    expect(hazardAction.label('extension_approved')).toBe('批准延期')
  })

  it('lists options in the API order, every value once', () => {
    expect(hazardStatus.options.map((o) => o.value)).toEqual(['reported', 'rectifying', 'rectified', 'verified'])
    expect(hazardCategory.options).toHaveLength(8)
    expect(new Set(hazardCategory.options.map((o) => o.label)).size).toBe(8)
  })

  it('never shows an empty label', () => {
    expect(hazardLevel.label('')).toBe('—')
    expect(hazardLevel.label(null)).toBe('—')
    expect(hazardLevel.label('catastrophic')).toBe('catastrophic')
  })

  it('colours a status by what it asks of people', () => {
    expect(statusTagType('verified', true)).toBe('success')
    expect(statusTagType('rectifying', true)).toBe('danger')
    expect(statusTagType('rectified')).toBe('warning')
    expect(statusTagType('reported')).toBe('info')
  })
})

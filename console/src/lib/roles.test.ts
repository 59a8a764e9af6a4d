import { describe, expect, it } from 'vitest'
import { can, hazardActions, sideOf } from './roles'
import { tabFilters } from './tabs'
import { landingFor, navFor } from '../nav'

const clerk = { roles: ['company_staff'], org: { kind: 'gas_company' } }
const heat = { roles: ['company_admin'], org: { kind: 'heating_company' } }
const street = { roles: ['street_officer'], org: { kind: 'street' } }
const inspector = { roles: ['bureau_inspector'], org: { kind: 'bureau' } }

describe('roles', () => {
  it('tells the side of a person', () => {
    expect(sideOf(clerk)).toBe('company')
    expect(sideOf(heat)).toBe('company')
    expect(sideOf(street)).toBe('street')
    expect(sideOf(inspector)).toBe('bureau')
    expect(sideOf({ operator: true, roles: ['platform_admin'] })).toBe('operator')
    expect(sideOf(null)).toBe('none')
  })

  it('offers each role the steps policy/roles/ledger.csv grants', () => {
    expect(hazardActions(clerk, 'reported')).toEqual(['start', 'attach', 'extension'])
    expect(hazardActions(clerk, 'rectifying')).toEqual(['submit', 'attach', 'extension'])
    expect(hazardActions(clerk, 'rectified')).toEqual(['attach', 'extension'])
    expect(hazardActions(clerk, 'verified')).toEqual([])
    expect(hazardActions(street, 'rectified')).toEqual(['verify', 'reject', 'attach'])
    expect(hazardActions(street, 'reported')).toEqual(['attach'])
    expect(can(inspector, 'extension:decide')).toBe(true)
    expect(can(clerk, 'extension:decide')).toBe(false)
    expect(can(null, 'hazard:create')).toBe(false)
  })

  it('lands each side on its first page', () => {
    expect(landingFor('company')).toBe('/my-hazards')
    expect(landingFor('street')).toBe('/street')
    expect(landingFor('operator')).toBe('/account')
    expect(navFor('street').map((n) => n.path)).not.toContain('/my-hazards')
  })
})

describe('work tabs', () => {
  it('means by "due soon" open hazards due within a week', () => {
    expect(tabFilters('due', '2026-12-28')).toEqual({
      status: ['reported', 'rectifying'], overdue: false, deadline_from: '2026-12-28', deadline_to: '2027-01-04', sort: 'deadline',
    })
    expect(tabFilters('overdue', '2026-12-28')).toEqual({ overdue: true, sort: 'deadline' })
    expect(tabFilters('rectified', '2026-12-28').status).toEqual(['rectified'])
    expect(tabFilters('all', '2026-12-28', { q: '阀门' })).toEqual({ sort: '-found_on', q: '阀门' })
  })
})

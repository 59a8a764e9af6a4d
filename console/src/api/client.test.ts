import { describe, expect, it } from 'vitest'
import { filenameOf, withQuery } from './client'

describe('withQuery', () => {
  it('leaves out empty values and joins lists', () => {
    expect(withQuery('/hazards', { status: ['reported', 'rectifying'], q: '', level: undefined, overdue: false, limit: 50 }))
      .toBe('/hazards?status=reported%2Crectifying&overdue=false&limit=50')
    expect(withQuery('/hazards', { status: [] })).toBe('/hazards')
    expect(withQuery('/hazards')).toBe('/hazards')
    expect(withQuery('/hazards', { q: '广开 4号' })).toBe('/hazards?q=%E5%B9%BF%E5%BC%80+4%E5%8F%B7')
  })
})

describe('filenameOf', () => {
  it('prefers the UTF-8 name of Content-Disposition', () => {
    expect(filenameOf(`attachment; filename="ledger.xlsx"; filename*=UTF-8''%E9%9A%90%E6%82%A3%E5%8F%B0%E8%B4%A6.xlsx`)).toBe('隐患台账.xlsx')
    expect(filenameOf('attachment; filename="ledger.xlsx"')).toBe('ledger.xlsx')
    expect(filenameOf(null)).toBeNull()
  })
})

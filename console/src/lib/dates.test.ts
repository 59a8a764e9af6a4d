import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, deadlineText, formatDay, formatInstant, todayIn } from './dates'

describe('dates', () => {
  it("takes today in the district's zone, not the browser's", () => {
    // 2026-12-01 17:30 UTC is already 12-02 in Shanghai.
    const at = new Date(Date.UTC(2026, 11, 1, 17, 30))
    expect(todayIn('Asia/Shanghai', at)).toBe('2026-12-02')
    expect(todayIn('UTC', at)).toBe('2026-12-01')
  })

  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-11-28', 7)).toBe('2026-12-05')
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(() => addDays('12/01/2026', 1)).toThrow()
  })

  it('counts days between dates', () => {
    expect(daysBetween('2026-12-02', '2026-12-05')).toBe(3)
    expect(daysBetween('2026-12-05', '2026-12-02')).toBe(-3)
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
    expect(daysBetween('x', '2026-03-30')).toBeNaN()
  })

  it('tells how a deadline stands', () => {
    expect(deadlineText('2026-12-05', '2026-12-02')).toBe('还剩 3 天')
    expect(deadlineText('2026-12-02', '2026-12-02')).toBe('今天到期')
    expect(deadlineText('2026-11-28', '2026-12-02')).toBe('逾期 4 天')
  })

  it('formats days and instants for people', () => {
    expect(formatDay('2026-01-05')).toBe('2026年1月5日')
    expect(formatDay(null)).toBe('—')
    expect(formatInstant('2026-12-02T05:31:00Z', 'Asia/Shanghai')).toBe('2026-12-02 13:31')
    expect(formatInstant('2026-12-31T16:00:00Z', 'Asia/Shanghai')).toBe('2027-01-01 00:00')
    expect(formatInstant(undefined)).toBe('—')
  })
})

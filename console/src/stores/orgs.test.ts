import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const list = vi.fn()
vi.mock('../api/endpoints', () => ({ orgs: { list: (q: unknown) => list(q) } }))

const { useOrgs } = await import('./orgs')

const org = (id: string, name: string, kind: string, parent_id: string | null = null) =>
  ({ id, name, kind, parent_id, disabled: false, created_at: '', updated_at: '' })

describe('orgs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    list.mockReset()
  })

  it('reads every page once and names organisations', async () => {
    list
      .mockResolvedValueOnce({ items: [org('s1', '广开街', 'street'), org('c1', '燃气一', 'gas_company')], next_cursor: 'n' })
      .mockResolvedValueOnce({ items: [org('m1', '广开社区', 'community', 's1')] })
    const o = useOrgs()
    expect(o.name('s1')).toBe('…')
    await Promise.all([o.load(), o.load()])
    expect(list).toHaveBeenCalledTimes(2)
    expect(o.name('s1')).toBe('广开街')
    expect(o.name('zz')).toBe('（未知单位）')
    expect(o.name(null)).toBe('—')
    expect(o.streets.map((s) => s.name)).toEqual(['广开街'])
    expect(o.companies.map((s) => s.name)).toEqual(['燃气一'])
    expect(o.communitiesOf('s1').map((s) => s.name)).toEqual(['广开社区'])
    await o.load()
    expect(list).toHaveBeenCalledTimes(2) // loaded once per session
  })

  it("drops a load under way when another person signs in", async () => {
    let release!: (v: unknown) => void
    list.mockReturnValueOnce(new Promise((r) => (release = r)))
    const o = useOrgs()
    const first = o.load()
    o.reset() // the next person
    list.mockResolvedValueOnce({ items: [org('h1', '河西街', 'street')] })
    await o.load()
    release({ items: [org('s1', '南开的街', 'street')] })
    await first
    expect(o.all.map((x) => x.name)).toEqual(['河西街'])
  })
})

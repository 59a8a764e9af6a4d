import { describe, expect, it, vi } from 'vitest'
import { Session, storageKey, type KeyValueStore, type LockFn, type RefreshResult, type TokenPair } from './session'

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

const pair = (n: number, expiresIn = 900): TokenPair => ({ access_token: `a${n}`, refresh_token: `r${n}`, expires_in: expiresIn })

/** A fake server that rotates refresh tokens and, like Hearth, kills the family on reuse. */
function rotatingServer() {
  let live = 'r1'
  let n = 1
  let dead = false
  const calls: string[] = []
  const refresh = vi.fn(async (rt: string): Promise<RefreshResult> => {
    calls.push(rt)
    await new Promise((r) => setTimeout(r, 5))
    if (dead || rt !== live) {
      dead = true
      return { ok: false }
    }
    n++
    live = `r${n}`
    return { ok: true, pair: pair(n) }
  })
  return { refresh, calls, get dead() { return dead } }
}

describe('Session', () => {
  it('keeps a pair and reads it back', () => {
    const store = memory()
    const s = new Session(store, async () => ({ ok: false }), undefined, () => 1000)
    const t = s.set(pair(1, 900))
    expect(t).toEqual({ access: 'a1', refresh: 'r1', expiresAt: 1000 + 900_000 })
    expect(s.get()).toEqual(t)
    expect(JSON.parse(store.data.get(storageKey)!)).toEqual(t)
    s.clear()
    expect(s.get()).toBeNull()
  })

  it('refreshes once for many callers at once (single flight)', async () => {
    const server = rotatingServer()
    let now = 0
    const s = new Session(memory(), server.refresh, undefined, () => now)
    s.set(pair(1, 900))
    now = 900_000 // expired
    const tokens = await Promise.all([s.access(), s.access(), s.access(), s.refresh('r1')])
    expect(server.refresh).toHaveBeenCalledTimes(1)
    expect(tokens.slice(0, 3)).toEqual(['a2', 'a2', 'a2'])
    expect(server.dead).toBe(false)
    expect(s.get()?.refresh).toBe('r2') // the rotated token is what is kept
  })

  it('stores every rotated refresh token and never reuses an old one', async () => {
    const server = rotatingServer()
    let now = 0
    const s = new Session(memory(), server.refresh, undefined, () => now)
    s.set(pair(1, 900))
    for (let i = 0; i < 3; i++) {
      now += 900_000
      await s.access()
    }
    expect(server.calls).toEqual(['r1', 'r2', 'r3'])
    expect(server.dead).toBe(false)
    expect(s.get()?.access).toBe('a4')
  })

  it('does not refresh while the access token is good', async () => {
    const server = rotatingServer()
    const s = new Session(memory(), server.refresh, undefined, () => 0)
    s.set(pair(1, 900))
    expect(await s.access()).toBe('a1')
    expect(server.refresh).not.toHaveBeenCalled()
  })

  it('adopts tokens another tab rotated instead of spending its stale refresh token', async () => {
    const server = rotatingServer()
    const store = memory()
    let now = 0
    // Two tabs share storage and a lock that runs one holder at a time.
    let chain = Promise.resolve()
    const lock: LockFn = (_n, fn) => {
      const run = chain.then(fn)
      chain = run.then(() => undefined, () => undefined)
      return run
    }
    const tabA = new Session(store, server.refresh, lock, () => now)
    const tabB = new Session(store, server.refresh, lock, () => now)
    tabA.set(pair(1, 900))
    now = 900_000
    const [a, b] = await Promise.all([tabA.refresh('r1'), tabB.refresh('r1')])
    expect(server.refresh).toHaveBeenCalledTimes(1)
    expect(a?.refresh).toBe('r2')
    expect(b?.refresh).toBe('r2')
    expect(server.dead).toBe(false)
  })

  it('ends the session when the refresh token is refused', async () => {
    const s = new Session(memory(), async () => ({ ok: false }), undefined, () => 10_000_000)
    s.set(pair(1, 1))
    const seen: (string | null)[] = []
    s.onChange((t) => seen.push(t?.access ?? null))
    expect(await s.access()).toBeNull()
    expect(s.get()).toBeNull()
    expect(seen).toEqual([null])
  })

  it('keeps the session when the refresh fails for the network', async () => {
    const s = new Session(memory(), async () => { throw new Error('offline') }, undefined, () => 10_000_000)
    s.set(pair(1, 1))
    await expect(s.access()).rejects.toThrow('offline')
    expect(s.get()?.refresh).toBe('r1')
    // and a later call may try again
    await expect(s.refresh()).rejects.toThrow('offline')
  })

  it('answers null without a session', async () => {
    const s = new Session(memory(), async () => ({ ok: false }))
    expect(await s.access()).toBeNull()
    expect(await s.refresh()).toBeNull()
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../lib/errors'
import { call, onSessionExpired, session } from './client'

// A fake Hearth: access tokens a<n>, rotating refresh tokens r<n>.
function server(opts: { accessDead?: boolean } = {}) {
  let n = 1
  const refreshes: string[] = []
  const seen: string[] = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    if (url.endsWith('/auth/refresh')) {
      const rt = JSON.parse(String(init.body)).refresh_token as string
      refreshes.push(rt)
      await new Promise((r) => setTimeout(r, 5))
      if (rt !== `r${n}`) return new Response(JSON.stringify({ code: 'invalid_token' }), { status: 401 })
      n++
      return new Response(JSON.stringify({ access_token: `a${n}`, refresh_token: `r${n}`, expires_in: 900, token_type: 'Bearer' }))
    }
    const auth = (init.headers as Record<string, string>).Authorization ?? ''
    seen.push(auth)
    if (opts.accessDead && auth === 'Bearer a1') {
      return new Response(JSON.stringify({ code: 'invalid_token', status: 401 }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } })
    }
    if (auth !== `Bearer a${n}`) return new Response(JSON.stringify({ code: 'invalid_token' }), { status: 401 })
    return new Response(JSON.stringify({ ok: true }))
  })
  return { fetch, refreshes, seen }
}

describe('send', () => {
  beforeEach(() => session.clear())
  afterEach(() => vi.unstubAllGlobals())

  it('refreshes an expired token once for calls made together, then sends them all', async () => {
    const s = server()
    vi.stubGlobal('fetch', s.fetch)
    session.set({ access_token: 'a1', refresh_token: 'r1', expires_in: -1 })
    const out = await Promise.all([call('GET', '/me'), call('GET', '/orgs'), call('GET', '/notifications/unread_count')])
    expect(out).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(s.refreshes).toEqual(['r1'])
    expect(s.seen).toEqual(['Bearer a2', 'Bearer a2', 'Bearer a2'])
    expect(session.get()?.refresh).toBe('r2')
  })

  it('retries once after a 401 with a fresh token', async () => {
    const s = server({ accessDead: true })
    vi.stubGlobal('fetch', s.fetch)
    session.set({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 })
    expect(await call('GET', '/me')).toEqual({ ok: true })
    expect(s.seen).toEqual(['Bearer a1', 'Bearer a2'])
  })

  it('ends the session and says so when the refresh token is dead', async () => {
    const s = server()
    vi.stubGlobal('fetch', s.fetch)
    session.set({ access_token: 'a0', refresh_token: 'r0', expires_in: -1 })
    const expired = vi.fn()
    onSessionExpired(expired)
    await expect(call('GET', '/me')).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    expect(expired).toHaveBeenCalledTimes(1)
    expect(session.get()).toBeNull()
  })

  it('turns problems into ApiError with fields', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      code: 'validation_failed', detail: 'the request has invalid fields', fields: [{ field: 'address', message: 'is required' }],
    }), { status: 422, headers: { 'X-Request-ID': 'rid1' } })))
    session.set({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 })
    const err = await call('POST', '/hazards', { body: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).fields).toEqual([{ field: 'address', message: 'is required' }])
    expect((err as ApiError).requestId).toBe('rid1')
  })

  it('reports a network failure without ending the session', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    session.set({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 })
    await expect(call('GET', '/me')).rejects.toMatchObject({ status: 0, code: 'network_error' })
    expect(session.get()?.refresh).toBe('r1')
  })
})

// The one way the console talks to the API: JSON in and out, the bearer
// token on every call, a quiet refresh before the access token expires and
// once more on a 401, problems turned into ApiError.
import { ApiError } from '../lib/errors'
import { Session, browserLock, type KeyValueStore, type RefreshResult, type TokenPair } from './session'

export const apiBase = '/api/v1'

export type QueryValue = string | number | boolean | null | undefined | string[]
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  query?: Query
  /** A JSON body. */
  body?: unknown
  /** A multipart body (uploads). */
  form?: FormData
  headers?: Record<string, string>
  /** Sends no bearer token and never refreshes (sign-in, refresh). */
  anonymous?: boolean
  signal?: AbortSignal
}

/** path?query, leaving out empty values; arrays as comma lists. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v == null || v === '') continue
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','))
    } else {
      q.set(k, String(v))
    }
  }
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> | null = null
  try {
    body = (await res.json()) as Record<string, unknown>
  } catch {
    body = null
  }
  return new ApiError(res.status, body, res.headers.get('X-Request-ID') ?? '')
}

async function refreshCall(refreshToken: string): Promise<RefreshResult> {
  let res: Response
  try {
    res = await fetch(apiBase + '/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    })
  } catch {
    throw new ApiError(0, null)
  }
  if (res.ok) return { ok: true, pair: (await res.json()) as TokenPair }
  if (res.status >= 400 && res.status < 500 && res.status !== 429) return { ok: false }
  throw await problemOf(res) // the server is down or busy: the session stays
}

const memoryStore = (): KeyValueStore => {
  const m = new Map<string, string>()
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) }
}

export const session = new Session(
  typeof localStorage !== 'undefined' ? localStorage : memoryStore(),
  refreshCall,
  browserLock,
)

let expiredHandler: () => void = () => {}

/** What to do when the session is over (the router sends people to sign-in). */
export function onSessionExpired(fn: () => void) {
  expiredHandler = fn
}

function expired(): ApiError {
  session.clear()
  expiredHandler()
  return new ApiError(401, { code: 'invalid_token', detail: 'the session is over' })
}

/** A call answered 2xx as its Response; anything else as a thrown ApiError. */
export async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const url = withQuery(apiBase + path, opts.query)
  const attempt = async (token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers }
    let body: BodyInit | undefined
    if (opts.form) {
      body = opts.form
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(opts.body)
    }
    if (token) headers.Authorization = `Bearer ${token}`
    try {
      return await fetch(url, { method, headers, body, signal: opts.signal })
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e
      throw new ApiError(0, null)
    }
  }
  if (opts.anonymous) {
    const res = await attempt(null)
    if (!res.ok) throw await problemOf(res)
    return res
  }
  const token = await session.access()
  if (!token) throw expired()
  let res = await attempt(token)
  if (res.status === 401) {
    // The token died early (a restart, a clock skew): refresh once and retry.
    const used = session.get()
    const fresh = used && used.access === token ? await session.refresh(used.refresh) : used
    if (!fresh) throw expired()
    res = await attempt(fresh.access)
    if (res.status === 401) {
      const err = await problemOf(res)
      if (err.code === 'invalid_token' || err.code === 'unauthorized') throw expired()
      throw err
    }
  }
  if (!res.ok) throw await problemOf(res)
  return res
}

/** A JSON call: the parsed answer (undefined for 204). */
export async function call<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

export const get = <T>(path: string, query?: Query) => call<T>('GET', path, { query })
export const post = <T>(path: string, body?: unknown, opts: RequestOptions = {}) => call<T>('POST', path, { ...opts, body })

/** A fresh Idempotency-Key for a create: kept by the caller across its retries. */
export function idempotencyKey(): string {
  return crypto.randomUUID()
}

/** Fetches a file through the API (with the token) and saves it. */
export async function download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  const res = await send('GET', path, { query })
  const blob = await res.blob()
  const name = filenameOf(res.headers.get('Content-Disposition')) ?? fallbackName
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The file name of a Content-Disposition header (RFC 6266, UTF-8 form first). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null
  const star = header.match(/filename\*\s*=\s*UTF-8''([^;]+)/i)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall through */
    }
  }
  const plain = header.match(/filename\s*=\s*"?([^";]+)"?/i)
  return plain?.[1]?.trim() ?? null
}

/** An image of the API as an object URL (img tags cannot send the token). */
export async function objectURL(path: string): Promise<string> {
  const res = await send('GET', path.startsWith(apiBase) ? path.slice(apiBase.length) : path)
  return URL.createObjectURL(await res.blob())
}

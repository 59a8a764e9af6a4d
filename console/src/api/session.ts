// The signed-in session: the access and refresh tokens, kept in
// localStorage so a reload or a second tab stays signed in.
//
// Refresh tokens rotate: each refresh answers a new pair and the old refresh
// token is dead from then on (using it again revokes the whole family, every
// tab signed out). So there is never more than one refresh at a time: within
// a tab the calls share one promise (single flight), and across tabs a Web
// Lock serialises them; a tab that gets the lock after another tab refreshed
// finds newer tokens in storage and adopts them instead of spending its stale
// refresh token.

export interface Tokens {
  access: string
  refresh: string
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number
}

/** What POST /auth/login and /auth/refresh answer. */
export interface TokenPair {
  access_token: string
  refresh_token: string
  expires_in: number
}

/** The refresh call's outcome: new tokens, or the refresh token is dead. */
export type RefreshResult = { ok: true; pair: TokenPair } | { ok: false }

export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Runs fn while holding the named lock (navigator.locks where there is one). */
export type LockFn = <T>(name: string, fn: () => Promise<T>) => Promise<T>

export const storageKey = 'hearth.session'

/** Refresh this long before the access token expires, not after. */
export const refreshMargin = 60_000

export class Session {
  private inflight: Promise<Tokens | null> | null = null
  private listeners = new Set<(t: Tokens | null) => void>()

  constructor(
    private store: KeyValueStore,
    private doRefresh: (refreshToken: string) => Promise<RefreshResult>,
    private lock: LockFn = (_name, fn) => fn(),
    private now: () => number = Date.now,
  ) {}

  /** The stored tokens, or null when signed out. */
  get(): Tokens | null {
    const raw = this.store.getItem(storageKey)
    if (!raw) return null
    try {
      const t = JSON.parse(raw) as Tokens
      return t.access && t.refresh ? t : null
    } catch {
      return null
    }
  }

  /** Keeps a pair the API answered. */
  set(pair: TokenPair): Tokens {
    const t: Tokens = {
      access: pair.access_token,
      refresh: pair.refresh_token,
      expiresAt: this.now() + pair.expires_in * 1000,
    }
    this.store.setItem(storageKey, JSON.stringify(t))
    this.emit(t)
    return t
  }

  clear(): void {
    this.store.removeItem(storageKey)
    this.emit(null)
  }

  /** Called with the tokens whenever they change (null: signed out). */
  onChange(fn: (t: Tokens | null) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private emit(t: Tokens | null) {
    for (const fn of this.listeners) fn(t)
  }

  /** Whether the access token is expired or about to be. */
  stale(t: Tokens): boolean {
    return t.expiresAt - this.now() < refreshMargin
  }

  /**
   * A fresh access token: the stored one while it is good, else one
   * refresh shared by every caller. Null when the session is over.
   */
  async access(): Promise<string | null> {
    const t = this.get()
    if (!t) return null
    if (!this.stale(t)) return t.access
    const n = await this.refresh(t.refresh)
    return n?.access ?? null
  }

  /**
   * Trades the refresh token `seen` (the one the caller holds) for a new
   * pair, once, whoever else asks meanwhile. Resolves to the new tokens, or
   * null when the session is over (the refresh token was refused). A
   * network failure rejects and keeps the session.
   */
  refresh(seen?: string): Promise<Tokens | null> {
    if (this.inflight) return this.inflight
    const held = seen ?? this.get()?.refresh
    if (!held) return Promise.resolve(null)
    this.inflight = this.lock('hearth-refresh', async () => {
      const current = this.get()
      if (!current) return null
      // Another tab (or an earlier flight) already rotated it: take theirs.
      if (current.refresh !== held && !this.stale(current)) return current
      const res = await this.doRefresh(current.refresh)
      if (!res.ok) {
        // Refused: but another tab may have rotated it meanwhile.
        const after = this.get()
        if (after && after.refresh !== current.refresh) return after
        this.clear()
        return null
      }
      return this.set(res.pair)
    }).finally(() => {
      this.inflight = null
    })
    return this.inflight
  }
}

/** The browser's lock: navigator.locks when present, else none needed beyond the tab. */
export const browserLock: LockFn = (name, fn) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return fn()
  return locks.request(name, fn) as ReturnType<typeof fn>
}

// The API's endpoints the console calls, typed from the OpenAPI document.
import { call, get, idempotencyKey, post, send, type Query } from './client'
import type {
  Attachment, CreateHazard, Extension, ExtensionRequest, Hazard, HazardEvent, ImportCheck, ImportResult, Me,
  Notification, Org, Page, QueuedExtension, ReadAll, TokenPair, Unread,
} from './types'

export const auth = {
  login: (tenant: string, username: string, password: string) =>
    call<TokenPair>('POST', '/auth/login', { body: { tenant, username, password }, anonymous: true }),
  /** Revokes the refresh token (its whole family) on the server. */
  logout: (refreshToken: string) =>
    call<void>('POST', '/auth/logout', { body: { refresh_token: refreshToken }, anonymous: true }),
  me: () => get<Me>('/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<void>('/me/password', { current_password: currentPassword, new_password: newPassword }),
}

/** The hazard list's filters (GET /hazards and the export take the same). */
export interface HazardFilters {
  status?: string[]
  category?: string[]
  level?: string[]
  source?: string[]
  company_id?: string
  street_id?: string
  community_id?: string
  overdue?: boolean
  deadline_from?: string
  deadline_to?: string
  found_from?: string
  found_to?: string
  q?: string
  code?: string
  sort?: string
}

const path = (id: string) => `/hazards/${encodeURIComponent(id)}`

export const hazards = {
  list: (f: HazardFilters, limit = 50, cursor?: string) =>
    get<Page<Hazard>>('/hazards', { ...(f as Query), limit, cursor }),
  get: async (id: string) => {
    const res = await send('GET', path(id))
    return { hazard: (await res.json()) as Hazard, etag: res.headers.get('ETag') ?? '' }
  },
  create: (body: CreateHazard, key: string) =>
    post<Hazard>('/hazards', body, { headers: { 'Idempotency-Key': key } }),
  step: (id: string, step: 'start' | 'submit' | 'verify' | 'reject', note = '') =>
    post<Hazard>(`${path(id)}/${step}`, note ? { note } : {}),
  history: (id: string) => get<Page<HazardEvent>>(`${path(id)}/history`),
  attachments: (id: string) => get<Page<Attachment>>(`${path(id)}/attachments`),
  attach: (id: string, file: File, stage: 'before' | 'after') => {
    const form = new FormData()
    form.set('stage', stage)
    form.set('file', file, file.name)
    return call<Attachment>('POST', `${path(id)}/attachments`, { form })
  },
  extensions: (id: string) => get<Page<Extension>>(`${path(id)}/extensions`),
  requestExtension: (id: string, body: ExtensionRequest) => post<Extension>(`${path(id)}/extensions`, body),
  decideExtension: (id: string, eid: string, approve: boolean, note = '') =>
    post<Extension>(`${path(id)}/extensions/${encodeURIComponent(eid)}/${approve ? 'approve' : 'refuse'}`, { note }),
  /** A dry run: each row's problems, nothing written. */
  checkImport: (file: File, key = idempotencyKey()) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<ImportCheck>('POST', '/hazards/import', { form, query: { dry_run: true }, headers: { 'Idempotency-Key': key } })
  },
  import: (file: File, key: string) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<ImportResult>('POST', '/hazards/import', { form, headers: { 'Idempotency-Key': key } })
  },
}

export const extensions = {
  /** The extension requests in scope (the bureau: the district's; a company: its own). */
  list: (status = 'pending', cursor?: string) => get<Page<QueuedExtension>>('/extensions', { status, cursor, limit: 100 }),
}

export const orgs = {
  list: (query: Query = {}) => get<Page<Org>>('/orgs', { limit: 200, ...query }),
}

export const inbox = {
  list: (unread?: boolean, cursor?: string) => get<Page<Notification>>('/notifications', { unread, cursor, limit: 30 }),
  get: (id: string) => get<Notification>(`/notifications/${encodeURIComponent(id)}`),
  unread: () => get<Unread>('/notifications/unread_count'),
  read: (id: string) => post<Notification>(`/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => post<ReadAll>('/notifications/read_all'),
}

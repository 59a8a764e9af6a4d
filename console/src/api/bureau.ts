// The bureau's endpoints: the dashboard's summary, the extension queue's
// decisions, organisations and users, webhooks, the reminder queue, the
// audit trail and the district's settings. Types come from the OpenAPI
// document (schema.d.ts); a change that needs If-Match reads the record with
// its ETag first (`withTag`).
import { call, get, post, send, type Query } from './client'
import type { components } from './schema'
import type { Page } from './types'

type S = components['schemas']

export type SummaryGroup = S['SummaryGroup']
export type LedgerSummary = S['LedgerSummary']
export type SummaryRow = S['LedgerSummaryRow']
export type QueuedExtension = S['ExtensionQueue']
export type Org = S['Org']
export type OrgKind = S['OrgKind']
export type CreatableKind = S['CreatableKind']
export type OrgCreate = S['OrgCreateRequest']
export type OrgPatch = S['OrgPatchRequest']
export type User = S['User']
export type DistrictRole = S['DistrictRole']
export type UserCreate = S['UserCreateRequest']
export type UserPatch = S['UserPatchRequest']
export type Webhook = S['Webhook']
export type WebhookKind = S['WebhookKind']
export type WebhookCreate = S['WebhookCreateRequest']
export type WebhookPatch = S['WebhookPatchRequest']
export type Delivery = S['Delivery']
export type DeliveryState = S['DeliveryState']
export type Reminder = S['Reminder']
export type ReminderQueue = S['ReminderQueue']
export type QueueSummary = S['QueueSummary']
export type AuditEntry = S['AuditEntry']
export type AuditReport = S['AuditReport']
export type Settings = S['Tenant']
export type SettingsPatch = S['SettingsPatchRequest']

/** A record with the ETag its next change must send as If-Match. */
export interface Tagged<T> {
  value: T
  etag: string
}

async function withTag<T>(path: string): Promise<Tagged<T>> {
  const res = await send('GET', path)
  return { value: (await res.json()) as T, etag: res.headers.get('ETag') ?? '' }
}

const patch = <T>(path: string, body: unknown, etag: string) =>
  call<T>('PATCH', path, { body, headers: { 'If-Match': etag } })

const created = <T>(path: string, body: unknown, key: string) =>
  post<T>(path, body, { headers: { 'Idempotency-Key': key } })

const id = encodeURIComponent

export const summary = {
  get: (groupBy: SummaryGroup, from?: string, to?: string) =>
    get<LedgerSummary>('/ledger/summary', { group_by: groupBy, from, to }),
}

export const extensionQueue = {
  /** The district's requests in a state (pending: the queue), oldest first. */
  list: (status: 'pending' | 'approved' | 'refused' = 'pending', cursor?: string) =>
    get<Page<QueuedExtension>>('/extensions', { status, cursor, limit: 100 }),
  decide: (hazardId: string, extId: string, approve: boolean, note: string) =>
    post<S['Extension']>(`/hazards/${id(hazardId)}/extensions/${id(extId)}/${approve ? 'approve' : 'refuse'}`,
      note ? { note } : {}),
}

export const orgAdmin = {
  list: (query: Query = {}) => get<Page<Org>>('/orgs', { limit: 200, ...query }),
  get: (orgId: string) => withTag<Org>(`/orgs/${id(orgId)}`),
  create: (body: OrgCreate, key: string) => created<Org>('/orgs', body, key),
  update: (orgId: string, body: OrgPatch, etag: string) => patch<Org>(`/orgs/${id(orgId)}`, body, etag),
  setDisabled: (orgId: string, disabled: boolean) => post<Org>(`/orgs/${id(orgId)}/${disabled ? 'disable' : 'enable'}`),
}

export const userAdmin = {
  list: (query: Query = {}) => get<Page<User>>('/users', { limit: 100, ...query }),
  get: (userId: string) => withTag<User>(`/users/${id(userId)}`),
  create: (body: UserCreate, key: string) => created<User>('/users', body, key),
  update: (userId: string, body: UserPatch, etag: string) => patch<User>(`/users/${id(userId)}`, body, etag),
  setDisabled: (userId: string, disabled: boolean) =>
    post<User>(`/users/${id(userId)}/${disabled ? 'disable' : 'enable'}`),
}

export const webhooks = {
  list: () => get<Page<Webhook>>('/webhooks'),
  get: (hookId: string) => withTag<Webhook>(`/webhooks/${id(hookId)}`),
  create: (body: WebhookCreate, key: string) => created<Webhook>('/webhooks', body, key),
  update: (hookId: string, body: WebhookPatch, etag: string) => patch<Webhook>(`/webhooks/${id(hookId)}`, body, etag),
  remove: (hookId: string) => call<void>('DELETE', `/webhooks/${id(hookId)}`),
  /** A new signing secret (generic webhooks): in the answer, once. */
  rotate: (hookId: string) => post<Webhook>(`/webhooks/${id(hookId)}/rotate_secret`),
  test: (hookId: string) => post<Delivery>(`/webhooks/${id(hookId)}/test`),
  deliveries: (hookId: string, state?: DeliveryState, cursor?: string) =>
    get<Page<Delivery>>(`/webhooks/${id(hookId)}/deliveries`, { state, cursor, limit: 50 }),
  retry: (hookId: string, deliveryId: string) =>
    post<Delivery>(`/webhooks/${id(hookId)}/deliveries/${id(deliveryId)}/retry`),
}

export const reminderQueue = {
  list: (queue?: ReminderQueue, cursor?: string) => get<Page<Reminder>>('/reminders', { queue, cursor, limit: 50 }),
  summary: () => get<QueueSummary>('/reminders/summary'),
  retry: (reminderId: string) => post<Reminder>(`/reminders/${id(reminderId)}/retry`),
}

export const auditTrail = {
  list: (recordType?: string, cursor?: string, recordId?: string) =>
    get<Page<AuditEntry>>('/audit', { record_type: recordType, record_id: recordId, cursor, limit: 50 }),
  verify: () => get<AuditReport>('/audit/verify'),
}

export const settings = {
  get: () => withTag<Settings>('/settings'),
  update: (body: SettingsPatch, etag: string) => patch<Settings>('/settings', body, etag),
}

// The alarm campaigns' endpoints: campaigns with their targets and rates,
// premises with their visits and devices (and the devices' photos), the
// 燃气报警器安装台账 import and export. Types come from the OpenAPI document
// (schema.d.ts).
import { call, download, get, idempotencyKey, post, send, type Query } from './client'
import type { components } from './schema'
import type { Page } from './types'

type S = components['schemas']

export type Campaign = S['AlarmCampaign']
export type CampaignCreate = S['AlarmCampaignCreateRequest']
export type CampaignPatch = S['AlarmCampaignPatchRequest']
export type Target = S['AlarmTarget']
export type TargetInput = S['AlarmTargetRequest']
export type RateTable = S['AlarmRateTable']
export type RateRow = S['AlarmRateRow']
export type Premise = S['Premise']
export type PremiseCreate = S['PremiseCreateRequest']
export type PremisePatch = S['PremisePatchRequest']
export type Visit = S['InstallVisit']
export type VisitCreate = S['InstallVisitCreateRequest']
export type Device = S['AlarmDevice']
export type DeviceCreate = S['AlarmDeviceCreateRequest']
export type GasDocument = S['Document']
/** The import's dry run: rows, valid, problems by row and column, the rows whose premises are recorded already. */
export type AlarmImportCheck = S['AlarmImportCheck']
/** The import done: premises and alarms created, the rows left as they were. */
export type AlarmImportResult = S['AlarmImportResult']

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
const upload = <T>(path: string, file: File, fields: Record<string, string> = {}) => {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  form.set('file', file, file.name)
  return call<T>('POST', path, { form })
}

/** Every page of a list (small lists: campaigns, targets, a premise's visits). */
export async function all<T>(path: string, query: Query = {}): Promise<T[]> {
  const out: T[] = []
  let cursor: string | undefined
  do {
    const page = await get<Page<T>>(path, { limit: 200, ...query, cursor })
    out.push(...page.items)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return out
}

const campaign = (cid: string) => `/alarm_campaigns/${id(cid)}`

export type RateGroup = 'street' | 'community' | 'company' | 'user_type'

export const campaigns = {
  list: (query: Query = {}) => all<Campaign>('/alarm_campaigns', query),
  get: (cid: string) => withTag<Campaign>(campaign(cid)),
  create: (body: CampaignCreate, key: string) => created<Campaign>('/alarm_campaigns', body, key),
  update: (cid: string, body: CampaignPatch, etag: string) => patch<Campaign>(campaign(cid), body, etag),
  targets: (cid: string, query: Query = {}) => all<Target>(`${campaign(cid)}/targets`, query),
  setTargets: (cid: string, rows: TargetInput[]) => call<Target[]>('PUT', `${campaign(cid)}/targets`, { body: { targets: rows } }),
  confirm: (cid: string, streetId?: string) => post<{ confirmed: number }>(`${campaign(cid)}/targets/confirm`, streetId ? { street_id: streetId } : {}),
  rates: (cid: string, groupBy: RateGroup, query: Query = {}) =>
    get<RateTable>(`${campaign(cid)}/rates`, { group_by: groupBy, ...query }),
}

/** The premise list's filters (GET /premises and its export take the same). */
export interface PremiseQuery {
  street_id?: string
  community_id?: string
  user_type?: string
  tag?: string
  has_valid_device?: boolean
  q?: string
}

const premise = (pid: string) => `/premises/${id(pid)}`

export const premises = {
  list: (f: PremiseQuery, limit = 50, cursor?: string) => get<Page<Premise>>('/premises', { ...(f as Query), limit, cursor }),
  get: (pid: string) => withTag<Premise>(premise(pid)),
  create: (body: PremiseCreate, key: string) => created<Premise>('/premises', body, key),
  update: (pid: string, body: PremisePatch, etag: string) => patch<Premise>(premise(pid), body, etag),
  visits: (pid: string) => all<Visit>(`${premise(pid)}/visits`),
  visit: (pid: string, body: VisitCreate, key: string) => created<Visit>(`${premise(pid)}/visits`, body, key),
  devices: (pid: string) => all<Device>(`${premise(pid)}/devices`),
  device: (pid: string, body: DeviceCreate, key: string) => created<Device>(`${premise(pid)}/devices`, body, key),
  devicePhoto: (did: string, file: File) => upload<GasDocument>(`/alarm_devices/${id(did)}/documents`, file),
  deviceDocuments: (did: string) => all<GasDocument>(`/alarm_devices/${id(did)}/documents`),
  export: (f: PremiseQuery) => download('/alarms/export.xlsx', f as Query, '燃气报警器安装台账.xlsx'),
  template: () => download('/alarms/import/template', undefined, '燃气报警器安装台账导入模板.xlsx'),
  checkImport: (file: File) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<AlarmImportCheck>('POST', '/alarms/import', { form, query: { dry_run: true }, headers: { 'Idempotency-Key': idempotencyKey() } })
  },
  import: (file: File, key: string) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<AlarmImportResult>('POST', '/alarms/import', { form, headers: { 'Idempotency-Key': key } })
  },
}


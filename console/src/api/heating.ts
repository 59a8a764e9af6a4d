// The heating module's endpoints: the register (sites, equipment, their
// inspections and documents, the district's inspection rules) and the
// season's readiness (seasons, plans, items, the declaration, acceptance,
// the board). Types come from the OpenAPI document (schema.d.ts).
import { call, download, get, idempotencyKey, post, send, type Query } from './client'
import type { components } from './schema'
import type { Page } from './types'

type S = components['schemas']

export type Site = S['Site']
export type SiteCreate = S['SiteInput']
export type SitePatch = S['SitePatch']
export type Equipment = S['Equipment']
export type EquipmentCreate = S['EquipmentInput']
export type EquipmentPatch = S['EquipmentPatch']
export type Clock = S['Clock']
export type Inspection = S['Record']
export type InspectionCreate = S['RecordInput']
export type HeatingDocument = S['Document']
export type InspectionRule = S['Rule']
export type RuleInput = S['RuleInput']
export type Season = S['Season']
export type SeasonCreate = S['SeasonCreateRequest']
export type SeasonPatch = S['SeasonPatchRequest']
export type Plan = S['Plan']
export type Item = S['ReadinessItem']
export type ItemCreate = S['ReadinessItemCreateRequest']
export type ItemPatch = S['ReadinessItemPatchRequest']
export type PlanEvent = S['ReadinessEvent']
export type Acceptance = S['ReadinessAcceptRequest']
export type Board = S['ReadinessBoard']
export type BoardRow = S['ReadinessBoardRow']
export type Rate = S['ReadinessRate']
/** A refused declaration's blocker (422 not_ready: the problem's member blockers). */
export type Blocker = S['ReadinessBlocker']
/** The register import's dry run: rows, valid, problems by row and column, the rows already in the register. */
export type EquipmentImportCheck = S['EquipmentImportCheck']
/** The register import done: units and inspection records created, the rows left as they were. */
export type EquipmentImportResult = S['EquipmentImportResult']
/** A row of the import whose unit (by site and name, or 设备代码) is in the register already. */
export type EquipmentUnchangedRow = S['EquipmentUnchangedRow']

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

/** Every page of a list (small lists: sites, seasons, rules, a plan's items). */
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

export const sites = {
  list: (query: Query = {}) => all<Site>('/sites', query),
  get: (siteId: string) => withTag<Site>(`/sites/${id(siteId)}`),
  create: (body: SiteCreate, key: string) => created<Site>('/sites', body, key),
  update: (siteId: string, body: SitePatch, etag: string) => patch<Site>(`/sites/${id(siteId)}`, body, etag),
}

/** The register's filters (GET /equipment and its export take the same). */
export interface EquipmentFilters {
  site_id?: string
  company_id?: string
  kind?: string[]
  status?: string[]
  special?: boolean
  state?: string[]
  due_before?: string
  q?: string
}

export const equipment = {
  list: (f: EquipmentFilters, limit = 50, cursor?: string) =>
    get<Page<Equipment>>('/equipment', { ...(f as Query), limit, cursor }),
  get: (eqId: string) => withTag<Equipment>(`/equipment/${id(eqId)}`),
  create: (body: EquipmentCreate, key: string) => created<Equipment>('/equipment', body, key),
  update: (eqId: string, body: EquipmentPatch, etag: string) => patch<Equipment>(`/equipment/${id(eqId)}`, body, etag),
  export: (f: EquipmentFilters) => download('/equipment/export.xlsx', f as Query, '特种设备台账.xlsx'),
  template: () => download('/equipment/import/template', undefined, '设备台账导入模板.xlsx'),
  checkImport: (file: File) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<EquipmentImportCheck>('POST', '/equipment/import', { form, query: { dry_run: true }, headers: { 'Idempotency-Key': idempotencyKey() } })
  },
  import: (file: File, key: string) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<EquipmentImportResult>('POST', '/equipment/import', { form, headers: { 'Idempotency-Key': key } })
  },
  inspections: (eqId: string) => all<Inspection>(`/equipment/${id(eqId)}/inspections`),
  record: (eqId: string, body: InspectionCreate, key: string) =>
    created<Inspection>(`/equipment/${id(eqId)}/inspections`, body, key),
  documents: (eqId: string, recordId: string) =>
    all<HeatingDocument>(`/equipment/${id(eqId)}/inspections/${id(recordId)}/documents`),
  attach: (eqId: string, recordId: string, file: File) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<HeatingDocument>('POST', `/equipment/${id(eqId)}/inspections/${id(recordId)}/documents`, { form })
  },
}

const rule = (kind: string, type: string) => `/inspection_rules/${id(kind)}/${id(type)}`

export const inspectionRules = {
  list: () => all<InspectionRule>('/inspection_rules'),
  /** The district's override of the rule (the whole rule). */
  set: (kind: string, type: string, body: RuleInput) => call<InspectionRule>('PUT', rule(kind, type), { body }),
  /** Back to the statutory default. */
  reset: (kind: string, type: string) => call<void>('DELETE', rule(kind, type)),
}

export const seasons = {
  list: () => all<Season>('/seasons'),
  get: (seasonId: string) => withTag<Season>(`/seasons/${id(seasonId)}`),
  create: (body: SeasonCreate, key: string) => created<Season>('/seasons', body, key),
  update: (seasonId: string, body: SeasonPatch, etag: string) => patch<Season>(`/seasons/${id(seasonId)}`, body, etag),
}

const plan = (planId: string) => `/readiness/plans/${id(planId)}`

export const plans = {
  list: (query: Query = {}) => all<Plan>('/readiness/plans', query),
  get: (planId: string) => withTag<Plan>(plan(planId)),
  create: (body: { season_id: string; company_id?: string }, key: string) => created<Plan>('/readiness/plans', body, key),
  items: (planId: string, query: Query = {}) => all<Item>(`${plan(planId)}/items`, query),
  addItem: (planId: string, body: ItemCreate, key: string) => created<Item>(`${plan(planId)}/items`, body, key),
  item: (planId: string, itemId: string) => withTag<Item>(`${plan(planId)}/items/${id(itemId)}`),
  updateItem: (planId: string, itemId: string, body: ItemPatch, etag: string) =>
    patch<Item>(`${plan(planId)}/items/${id(itemId)}`, body, etag),
  /** Adds the items the register calls for that the plan lacks; the plan's `generated` tells how many. */
  generate: (planId: string) => post<Plan>(`${plan(planId)}/generate`),
  step: (planId: string, itemId: string, step: 'start' | 'done' | 'verify' | 'reject' | 'waive', body: Record<string, unknown> = {}) =>
    post<Item>(`${plan(planId)}/items/${id(itemId)}/${step}`, body),
  itemDocuments: (planId: string, itemId: string) => all<HeatingDocument>(`${plan(planId)}/items/${id(itemId)}/documents`),
  attach: (planId: string, itemId: string, file: File) => {
    const form = new FormData()
    form.set('file', file, file.name)
    return call<HeatingDocument>('POST', `${plan(planId)}/items/${id(itemId)}/documents`, { form })
  },
  declare: (planId: string) => post<Plan>(`${plan(planId)}/declare`),
  accept: (planId: string, body: Acceptance) => post<Plan>(`${plan(planId)}/accept`, body),
  history: (planId: string) => all<PlanEvent>(`${plan(planId)}/history`),
}

export const board = {
  get: (season: string, groupBy: 'company' | 'street' = 'company') =>
    get<Board>('/readiness/board', { season, group_by: groupBy }),
  export: (season: string, groupBy: 'company' | 'street' = 'company') =>
    download('/readiness/board/export.xlsx', { season, group_by: groupBy }, `供热准备看板-${season}.xlsx`),
}

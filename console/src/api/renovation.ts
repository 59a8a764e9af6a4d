// The renovation plan's endpoints: plans, projects with their status moves
// and progress reports (and their photos), occupation points (fold, defer,
// eliminate, 销号) and the board. Types come from the OpenAPI document
// (schema.d.ts).
import { call, download, get, post, send, type Query } from './client'
import type { components } from './schema'
import type { Page } from './types'

type S = components['schemas']

export type RenovationPlan = S['RenovationPlan']
export type Project = S['RenovationProject']
export type ProjectCreate = S['RenovationProjectCreateRequest']
export type ProjectPatch = S['RenovationProjectPatchRequest']
export type Report = S['ProgressReport']
export type ReportCreate = S['ProgressReportCreateRequest']
export type Point = S['OccupationPoint']
export type Board = S['RenovationBoard']
export type GasDocument = S['Document']

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

const project = (pid: string) => `/renovation/projects/${id(pid)}`

export const renovation = {
  plans: () => all<RenovationPlan>('/renovation/plans'),
  projects: (query: Query = {}) => all<Project>('/renovation/projects', query),
  /** The 旧管网改造项目台账 workbook (the list's filters). */
  exportProjects: (query: Query = {}) => download('/renovation/projects/export.xlsx', query, '旧管网改造项目台账.xlsx'),
  project: (pid: string) => withTag<Project>(project(pid)),
  createProject: (body: ProjectCreate, key: string) => created<Project>('/renovation/projects', body, key),
  updateProject: (pid: string, body: ProjectPatch, etag: string) => patch<Project>(project(pid), body, etag),
  /** A status move (services/renovation Moves): suspending and cancelling need a reason. */
  move: (pid: string, to: string, reason = '') => post<Project>(`${project(pid)}/status`, reason ? { to, reason } : { to }),
  reports: (pid: string) => all<Report>(`${project(pid)}/reports`),
  report: (pid: string, body: ReportCreate, key: string) => created<Report>(`${project(pid)}/reports`, body, key),
  reportPhoto: (pid: string, rid: string, file: File) => upload<GasDocument>(`${project(pid)}/reports/${id(rid)}/documents`, file),
  reportDocuments: (pid: string, rid: string) => all<GasDocument>(`${project(pid)}/reports/${id(rid)}/documents`),
  decide: (pid: string, rid: string, decision: 'accepted' | 'questioned', note: string) =>
    post<Report>(`${project(pid)}/reports/${id(rid)}/decision`, note ? { decision, note } : { decision }),
  board: (year: number) => get<Board>('/renovation/board', { year }),
  exportBoard: (year: number) => download('/renovation/board/export.xlsx', { year }, `旧管网改造看板-${year}.xlsx`),
}

const point = (pid: string) => `/occupation_points/${id(pid)}`

export const points = {
  list: (query: Query, limit = 50, cursor?: string) => get<Page<Point>>('/occupation_points', { ...query, limit, cursor }),
  get: (pid: string) => withTag<Point>(point(pid)),
  /** The 占压点位台账 workbook (the list's filters). */
  export: (query: Query) => download('/occupation_points/export.xlsx', query, '占压点位台账.xlsx'),
  fold: (pid: string, projectId: string) => post<Point>(`${point(pid)}/fold`, { project_id: projectId }),
  defer: (pid: string, body: { interim_measures: string; review_on: string; reason: string }) => post<Point>(`${point(pid)}/defer`, body),
  eliminate: (pid: string, note: string) => post<Point>(`${point(pid)}/eliminate`, { note }),
  verify: (pid: string, note = '') => post<Point>(`${point(pid)}/verify`, note ? { note } : {}),
}

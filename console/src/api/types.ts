// The API's types, from the OpenAPI document the server serves
// (src/api/openapi.json, kept equal to it by a Go test; schema.d.ts is
// generated from it on every build). This file only names them: a change
// of the API shows up here, and as type errors wherever it matters.
import type { components } from './schema'

type S = components['schemas']

export type Hazard = S['Hazard']
export type HazardEvent = S['HazardEvent']
export type Attachment = S['Attachment']
export type Extension = S['Extension']
/** An extension request with its hazard's number and names: GET /extensions. */
export type QueuedExtension = S['ExtensionQueue']
export type Org = S['Org']
export type Me = S['Me']
export type Notification = S['Notification']
export type NotificationItem = S['NotificationItem']
export type Unread = S['Unread']
export type ReadAll = S['ReadAll']
export type TokenPair = S['Token']
export type ImportCheck = S['ImportCheck']
export type ImportResult = S['ImportResult']
export type RowProblem = S['RowProblem']
export type CreateHazard = S['HazardCreateRequest']
export type PatchHazard = S['HazardPatchRequest']
export type ExtensionRequest = S['ExtensionCreateRequest']
export type OwnPassword = S['OwnPassword']
export type Tenant = S['Tenant']

/** A page of a list: items and, unless it is the last, the next cursor. */
export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

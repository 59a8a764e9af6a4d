// Names for records that entries name by id only (audit entries,
// reminders): a hazard's number, a user's username, a webhook's name. Each
// is read once, a few at a time, and kept for the session, so those pages
// show "YH-2026-000123" or "gas1.clerk" rather than an id. A record the
// viewer cannot read (gone, or out of its sight) keeps its kind only.
import { reactive } from 'vue'
import { hazards } from '../../api/endpoints'
import { userAdmin, webhooks } from '../../api/bureau'

export type Named = 'hazard' | 'user' | 'webhook'

const fetchers: Record<Named, (id: string) => Promise<string>> = {
  hazard: async (id) => (await hazards.get(id)).hazard.code,
  user: async (id) => (await userAdmin.get(id)).value.username,
  webhook: async (id) => (await webhooks.get(id)).value.name,
}

const names = reactive(new Map<string, string>())
const queued = new Set<string>()
const waiting: [Named, string][] = []
let running = 0
const parallel = 4
const key = (kind: Named, id: string) => `${kind}:${id}`

function pump() {
  while (running < parallel && waiting.length) {
    const [kind, id] = waiting.shift()!
    running++
    fetchers[kind](id)
      .then((name) => void names.set(key(kind, id), name))
      .catch(() => void names.set(key(kind, id), ''))
      .finally(() => {
        running--
        pump()
      })
  }
}

/** Remembers a name the page already has (an audit entry of the record's creation). */
export function rememberName(kind: Named, id: string, name: unknown) {
  if (id && typeof name === 'string' && name) names.set(key(kind, id), name)
}

/** Asks for the names of these records (those not known or asked for yet). */
export function wantNames(kind: Named, ids: (string | null | undefined)[]) {
  for (const id of ids) {
    if (!id || names.has(key(kind, id)) || queued.has(key(kind, id))) continue
    queued.add(key(kind, id))
    waiting.push([kind, id])
  }
  pump()
}

/** The name of a record, '' until it is known. */
export function nameOf(kind: Named, id: string | null | undefined): string {
  return (id && names.get(key(kind, id))) || ''
}

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgs as orgsApi } from '../api/endpoints'
import type { Org } from '../api/types'

/**
 * The organisations the viewer may see (its own, the streets and their
 * communities, and for streets and the bureau the companies), read once per
 * session: records carry ids, people read names.
 */
export const useOrgs = defineStore('orgs', () => {
  const all = ref<Org[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | null = null
  let generation = 0 // a reset (another person signs in) voids loads under way

  const byId = computed(() => new Map(all.value.map((o) => [o.id, o])))
  const streets = computed(() => all.value.filter((o) => o.kind === 'street' && !o.disabled))
  const companies = computed(() =>
    all.value.filter((o) => (o.kind === 'gas_company' || o.kind === 'heating_company') && !o.disabled))

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    if (loading) return loading
    const gen = generation
    loading = (async () => {
      const out: Org[] = []
      let cursor: string | undefined
      do {
        const page = await orgsApi.list({ cursor })
        out.push(...(page.items as Org[]))
        cursor = page.next_cursor ?? undefined
      } while (cursor && gen === generation)
      if (gen !== generation) return
      all.value = out
      loaded.value = true
    })().finally(() => {
      if (gen === generation) loading = null
    })
    return loading
  }

  /** The name of an organisation; '—' when none, '（未知单位）' outside the viewer's sight. */
  function name(id: string | null | undefined): string {
    if (!id) return '—'
    return byId.value.get(id)?.name ?? (loaded.value ? '（未知单位）' : '…')
  }

  function communitiesOf(streetId: string | null | undefined): Org[] {
    if (!streetId) return []
    return all.value.filter((o) => o.kind === 'community' && o.parent_id === streetId && !o.disabled)
  }

  function reset() {
    generation++
    loading = null
    all.value = []
    loaded.value = false
  }

  return { all, loaded, streets, companies, load, name, communitiesOf, reset }
})

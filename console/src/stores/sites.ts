import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { sites as sitesApi, type Site } from '../api/heating'

/**
 * The heating sites the viewer may see (a company's own, a street's, the
 * district's), read once per session: equipment and items carry a site id,
 * people read its name.
 */
export const useSites = defineStore('sites', () => {
  const all = ref<Site[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | null = null
  let generation = 0

  const byId = computed(() => new Map(all.value.map((s) => [s.id, s])))

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    if (loading && !force) return loading
    const gen = generation
    loading = sitesApi.list().then((list) => {
      if (gen !== generation) return
      all.value = list
      loaded.value = true
    }).finally(() => {
      if (gen === generation) loading = null
    })
    return loading
  }

  /** A site's name; '—' when none, '（未知场站）' outside the viewer's sight. */
  function name(id: string | null | undefined): string {
    if (!id) return '—'
    return byId.value.get(id)?.name ?? (loaded.value ? '（未知场站）' : '…')
  }

  function reset() {
    generation++
    loading = null
    all.value = []
    loaded.value = false
  }

  return { all, loaded, byId, load, name, reset }
})

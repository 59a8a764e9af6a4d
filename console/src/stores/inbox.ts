import { defineStore } from 'pinia'
import { ref } from 'vue'
import { inbox } from '../api/endpoints'

/** The unread count behind the header's badge, polled while signed in. */
export const useInbox = defineStore('inbox', () => {
  const unread = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh() {
    try {
      unread.value = (await inbox.unread()).unread
    } catch {
      // The badge waits for the next poll; the page shows real errors.
    }
  }

  function start(everyMs = 60_000) {
    stop()
    void refresh()
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh()
    }, everyMs)
  }

  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }

  return { unread, refresh, start, stop }
})

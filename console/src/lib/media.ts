import { onBeforeUnmount, ref } from 'vue'

/** Whether the screen is phone-sized (≤ 768 px wide), kept current. */
export function usePhone() {
  const mq = window.matchMedia('(max-width: 768px)')
  const phone = ref(mq.matches)
  const on = (e: MediaQueryListEvent) => (phone.value = e.matches)
  mq.addEventListener('change', on)
  onBeforeUnmount(() => mq.removeEventListener('change', on))
  return phone
}

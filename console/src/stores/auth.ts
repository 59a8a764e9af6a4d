import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { auth as authApi } from '../api/endpoints'
import { session } from '../api/client'
import type { Me } from '../api/types'
import { can as canDo, sideOf, type Permission } from '../lib/roles'
import { useOrgs } from './orgs'
import { useSites } from './sites'

const lastTenantKey = 'hearth.tenant'

/** The signed-in person: who, which organisation, which roles. */
export const useAuth = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  const side = computed(() => sideOf(me.value))
  const tz = computed(() => me.value?.tenant?.timezone || 'Asia/Shanghai')
  const signedIn = computed(() => me.value !== null)

  async function load(): Promise<Me | null> {
    if (!session.get()) {
      me.value = null
      return null
    }
    me.value = await authApi.me()
    return me.value
  }

  async function login(tenant: string, username: string, password: string) {
    const pair = await authApi.login(tenant.trim(), username.trim(), password)
    // Whoever was here before (an expired session) leaves nothing behind.
    useOrgs().reset()
    useSites().reset()
    session.set(pair)
    localStorage.setItem(lastTenantKey, tenant.trim())
    await load()
  }

  /** Revokes the session on the server, then forgets it here whatever the answer. */
  async function logout() {
    const t = session.get()
    try {
      if (t) await authApi.logout(t.refresh)
    } catch {
      // Offline or already revoked: the tokens are forgotten all the same.
    } finally {
      session.clear()
      me.value = null
      useOrgs().reset()
      useSites().reset()
    }
  }

  /** Forgets the person after the session ended elsewhere (expired, revoked). */
  function forget() {
    me.value = null
    useOrgs().reset()
    useSites().reset()
  }

  const can = (perm: Permission) => canDo(me.value, perm)
  const lastTenant = () => localStorage.getItem(lastTenantKey) ?? ''

  return { me, side, tz, signedIn, load, login, logout, forget, can, lastTenant }
})

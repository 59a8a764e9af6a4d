import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { onSessionExpired, session } from './api/client'
import { useAuth } from './stores/auth'
import type { Permission, Side } from './lib/roles'
import { landingFor } from './nav'
import { bureauRoutes } from './pages/bureau/menu'
import { heatingRoutes } from './pages/heating/menu'
import { gasRoutes } from './pages/gas/menu'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean
    /** The sides that may open the page (all signed-in when absent). */
    sides?: Side[]
    /** A permission the page needs besides its side. */
    perm?: Permission
    /** The kinds of organisation whose people may open the page (heating: heating companies). */
    kinds?: string[]
    title?: string
  }
}

const company: Side[] = ['company']

export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./pages/HomeRedirect.vue') },
      { path: 'my-hazards', component: () => import('./pages/company/MyHazards.vue'), meta: { sides: company, title: '我的隐患' } },
      { path: 'hazards/new', component: () => import('./pages/company/HazardNew.vue'), meta: { sides: company, title: '登记隐患' } },
      { path: 'hazards/import', component: () => import('./pages/company/HazardImport.vue'), meta: { sides: company, title: 'Excel 导入' } },
      { path: 'hazards/:id', component: () => import('./pages/HazardDetail.vue'), props: true, meta: { title: '隐患详情' } },
      { path: 'street', component: () => import('./pages/street/StreetVerify.vue'), meta: { sides: ['street'], title: '辖区验收' } },
      ...bureauRoutes,
      ...heatingRoutes,
      ...gasRoutes,
      { path: 'inbox', component: () => import('./pages/InboxPage.vue'), meta: { title: '消息提醒' } },
      { path: 'account', component: () => import('./pages/AccountPage.vue'), meta: { title: '我的账号' } },
      { path: ':rest(.*)*', component: () => import('./pages/NotFound.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

/** The sign-in page, remembering where the person was going. */
export function loginRoute(redirect: string): RouteLocationRaw {
  return redirect && redirect !== '/' && !redirect.startsWith('/login')
    ? { path: '/login', query: { redirect } }
    : { path: '/login' }
}

router.beforeEach(async (to) => {
  const auth = useAuth()
  if (to.meta.public) return true
  if (!session.get()) return loginRoute(to.fullPath)
  if (!auth.me) {
    try {
      await auth.load()
    } catch {
      // A dead session already sent us to sign-in; anything else (offline)
      // lets the page show its own error.
    }
    if (!session.get()) return loginRoute(to.fullPath)
  }
  if (to.meta.sides && !to.meta.sides.includes(auth.side)) return landingFor(auth.side)
  if (to.meta.perm && !auth.can(to.meta.perm)) return landingFor(auth.side)
  if (to.meta.kinds && !to.meta.kinds.includes(auth.me?.org?.kind ?? '')) return landingFor(auth.side)
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 燃气供热安全监管平台` : '燃气供热安全监管平台'
})

// An expired or revoked session: back to sign-in, keeping the page.
onSessionExpired(() => {
  const auth = useAuth()
  auth.forget()
  const here = router.currentRoute.value
  if (!here.meta.public) void router.replace(loginRoute(here.fullPath))
})

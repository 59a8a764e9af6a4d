// The side menu: each entry says which side (company, street, bureau,
// operator) sees it. A person lands on the first entry of their side, so
// the order here is also "what does this role need first".
import type { Component } from 'vue'
import { Bell, Document, DocumentAdd, FolderChecked, Upload, User } from '@element-plus/icons-vue'
import type { Permission, Side } from './lib/roles'
import { bureauNav } from './pages/bureau/menu'
import { heatingBureauNav, heatingCompanyNav, heatingStreetNav } from './pages/heating/menu'
import { gasBureauNav, gasCompanyNav, gasStreetNav } from './pages/gas/menu'

export interface NavItem {
  path: string
  title: string
  icon: Component
  sides: Side[]
  /** Shows the inbox's unread count. */
  badge?: 'unread'
  /** Only for those whose roles hold this permission. */
  perm?: Permission
  /** Only for people of organisations of these kinds (heating pages: heating companies). */
  kinds?: string[]
}

const everyone: Side[] = ['company', 'street', 'bureau', 'operator']

export const nav: NavItem[] = [
  { path: '/my-hazards', title: '我的隐患', icon: Document, sides: ['company'] },
  { path: '/hazards/new', title: '登记隐患', icon: DocumentAdd, sides: ['company'] },
  { path: '/hazards/import', title: 'Excel 导入', icon: Upload, sides: ['company'] },
  ...heatingCompanyNav,
  ...gasCompanyNav,
  { path: '/street', title: '辖区验收', icon: FolderChecked, sides: ['street'] },
  ...heatingStreetNav,
  ...gasStreetNav,
  ...bureauNav.slice(0, 1),
  ...heatingBureauNav,
  ...gasBureauNav,
  ...bureauNav.slice(1),
  { path: '/inbox', title: '消息提醒', icon: Bell, sides: ['company', 'street', 'bureau'], badge: 'unread' },
  { path: '/account', title: '我的账号', icon: User, sides: everyone },
]

/**
 * The menu of a side (without the entries whose permission `can` denies, nor
 * those for other kinds of organisation than `kind`).
 */
export function navFor(side: Side, can: (perm: Permission) => boolean = () => true, kind?: string | null): NavItem[] {
  return nav.filter((n) => n.sides.includes(side) && (!n.perm || can(n.perm)) && (!n.kinds || (!!kind && n.kinds.includes(kind))))
}

/** Where a person of this side starts. */
export function landingFor(side: Side): string {
  return navFor(side)[0]?.path ?? '/account'
}

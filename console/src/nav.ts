// The side menu: each entry says which side (company, street, bureau,
// operator) sees it. A person lands on the first entry of their side, so
// the order here is also "what does this role need first".
import type { Component } from 'vue'
import { User } from '@element-plus/icons-vue'
import type { Side } from './lib/roles'

export interface NavItem {
  path: string
  title: string
  icon: Component
  sides: Side[]
  /** Shows the inbox's unread count. */
  badge?: 'unread'
}

const everyone: Side[] = ['company', 'street', 'bureau', 'operator']

export const nav: NavItem[] = [
  { path: '/account', title: '我的账号', icon: User, sides: everyone },
]

/** The menu of a side. */
export function navFor(side: Side): NavItem[] {
  return nav.filter((n) => n.sides.includes(side))
}

/** Where a person of this side starts. */
export function landingFor(side: Side): string {
  return navFor(side)[0]?.path ?? '/account'
}

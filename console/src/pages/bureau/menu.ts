// The bureau's side menu and routes (its pages load when first opened). The
// dashboard comes first: it is where the bureau lands.
import type { RouteRecordRaw } from 'vue-router'
import { AlarmClock, DataBoard, Notebook, OfficeBuilding, Promotion, Setting, Tickets, Timer, UserFilled } from '@element-plus/icons-vue'
import type { NavItem } from '../../nav'
import type { Side } from '../../lib/roles'

const bureau: Side[] = ['bureau']

export const bureauNav: NavItem[] = [
  { path: '/bureau', title: '看板', icon: DataBoard, sides: bureau },
  { path: '/bureau/ledger', title: '隐患台账', icon: Tickets, sides: bureau },
  { path: '/bureau/extensions', title: '延期审批', icon: Timer, sides: bureau },
  { path: '/bureau/orgs', title: '组织机构', icon: OfficeBuilding, sides: bureau },
  { path: '/bureau/users', title: '用户', icon: UserFilled, sides: bureau },
  { path: '/bureau/webhooks', title: '消息推送', icon: Promotion, sides: bureau, perm: 'webhook:list' },
  { path: '/bureau/reminders', title: '提醒队列', icon: AlarmClock, sides: bureau },
  { path: '/bureau/audit', title: '审计日志', icon: Notebook, sides: bureau },
  { path: '/bureau/settings', title: '辖区设置', icon: Setting, sides: bureau },
]

export const bureauRoutes: RouteRecordRaw[] = [
  { path: 'bureau', component: () => import('./BureauDashboard.vue'), meta: { sides: bureau, title: '看板' } },
  { path: 'bureau/ledger', component: () => import('./BureauLedger.vue'), meta: { sides: bureau, title: '隐患台账' } },
  { path: 'bureau/extensions', component: () => import('./ExtensionQueue.vue'), meta: { sides: bureau, title: '延期审批' } },
  { path: 'bureau/orgs', component: () => import('./OrgAdmin.vue'), meta: { sides: bureau, title: '组织机构' } },
  { path: 'bureau/users', component: () => import('./UserAdmin.vue'), meta: { sides: bureau, title: '用户' } },
  { path: 'bureau/webhooks', component: () => import('./WebhookAdmin.vue'), meta: { sides: bureau, title: '消息推送', perm: 'webhook:list' } },
  { path: 'bureau/reminders', component: () => import('./ReminderQueue.vue'), meta: { sides: bureau, title: '提醒队列' } },
  { path: 'bureau/audit', component: () => import('./AuditTrail.vue'), meta: { sides: bureau, title: '审计日志' } },
  { path: 'bureau/settings', component: () => import('./DistrictSettings.vue'), meta: { sides: bureau, title: '辖区设置' } },
]

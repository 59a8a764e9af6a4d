// The heating module's menu entries and routes (its pages load when first
// opened). Only heating companies, streets and the bureau have them: a gas
// company's people see none of these entries and are sent home from these
// addresses (the server refuses them anyway: policy.KindObjects).
import type { RouteRecordRaw } from 'vue-router'
import { Calendar, Checked, DataLine, Box, House, Sunny, Tools } from '@element-plus/icons-vue'
import type { NavItem } from '../../nav'
import type { Side } from '../../lib/roles'

const heatingCo = ['heating_company']
/** Whoever may see heating records: a heating company, a street, the bureau. */
const heatingKinds = ['heating_company', 'street', 'bureau']
const company: Side[] = ['company']
const bureau: Side[] = ['bureau']
const street: Side[] = ['street']
const anySide: Side[] = ['company', 'street', 'bureau']

export const heatingCompanyNav: NavItem[] = [
  { path: '/heating/equipment', title: '设备台账', icon: Box, sides: company, kinds: heatingCo, perm: 'equipment:list' },
  { path: '/heating/sites', title: '场站', icon: House, sides: company, kinds: heatingCo, perm: 'site:list' },
  { path: '/heating/plan', title: '冬病夏治', icon: Sunny, sides: company, kinds: heatingCo, perm: 'readiness:list' },
]

export const heatingStreetNav: NavItem[] = [
  { path: '/street/readiness', title: '供热准备', icon: Checked, sides: street, perm: 'readiness:list' },
]

export const heatingBureauNav: NavItem[] = [
  { path: '/bureau/readiness', title: '供热准备看板', icon: DataLine, sides: bureau, perm: 'readiness:board' },
  { path: '/bureau/seasons', title: '采暖季', icon: Calendar, sides: bureau, perm: 'season:list' },
  { path: '/bureau/inspection-rules', title: '检验规则', icon: Tools, sides: bureau, perm: 'inspection_rule:list' },
]

export const heatingRoutes: RouteRecordRaw[] = [
  { path: 'heating/equipment', component: () => import('./EquipmentList.vue'),
    meta: { sides: anySide, kinds: heatingKinds, perm: 'equipment:list', title: '设备台账' } },
  { path: 'heating/equipment/import', component: () => import('./EquipmentImport.vue'),
    meta: { sides: company, kinds: heatingCo, perm: 'equipment:create', title: '导入设备台账' } },
  { path: 'heating/equipment/:id', component: () => import('./EquipmentDetail.vue'), props: true,
    meta: { sides: anySide, kinds: heatingKinds, perm: 'equipment:list', title: '设备详情' } },
  { path: 'heating/sites', component: () => import('./SiteList.vue'),
    meta: { sides: anySide, kinds: heatingKinds, perm: 'site:list', title: '场站' } },
  { path: 'heating/plan', component: () => import('./MyPlan.vue'),
    meta: { sides: company, kinds: heatingCo, perm: 'readiness:list', title: '冬病夏治' } },
  { path: 'readiness/plans/:id', component: () => import('./PlanDetail.vue'), props: true,
    meta: { sides: anySide, kinds: heatingKinds, perm: 'readiness:list', title: '冬病夏治任务清单' } },
  { path: 'street/readiness', component: () => import('./StreetReadiness.vue'),
    meta: { sides: street, perm: 'readiness:list', title: '供热准备' } },
  { path: 'bureau/readiness', component: () => import('./ReadinessBoard.vue'),
    meta: { sides: bureau, perm: 'readiness:board', title: '供热准备看板' } },
  { path: 'bureau/seasons', component: () => import('./SeasonAdmin.vue'),
    meta: { sides: bureau, perm: 'season:list', title: '采暖季' } },
  { path: 'bureau/inspection-rules', component: () => import('./InspectionRules.vue'),
    meta: { sides: bureau, perm: 'inspection_rule:list', title: '检验规则' } },
]

// The gas programmes' menu entries and routes: alarm installation campaigns
// (报警器安装), premises and their devices (用户档案), the renovation plan's
// board, projects and occupation points. Gas companies, streets and the
// bureau have them; a heating company's people see none of these entries and
// are sent home from these addresses (the server refuses them anyway:
// policy.KindObjects). The pages are shared by the sides and show each side
// its own actions.
import type { RouteRecordRaw } from 'vue-router'
import { DataBoard, Guide, House, Location, WarningFilled } from '@element-plus/icons-vue'
import type { NavItem } from '../../nav'
import type { Side } from '../../lib/roles'

const gasCo = ['gas_company']
/** Whoever may see gas records: a gas company, a street, the bureau. */
const gasKinds = ['gas_company', 'street', 'bureau']
const company: Side[] = ['company']
const bureau: Side[] = ['bureau']
const street: Side[] = ['street']
const anySide: Side[] = ['company', 'street', 'bureau']

export const gasCompanyNav: NavItem[] = [
  { path: '/gas/campaigns', title: '报警器安装', icon: Guide, sides: company, kinds: gasCo, perm: 'alarm_campaign:list' },
  { path: '/gas/premises', title: '用户档案', icon: House, sides: company, kinds: gasCo, perm: 'premise:list' },
  { path: '/gas/projects', title: '改造项目', icon: DataBoard, sides: company, kinds: gasCo, perm: 'renovation:list' },
  { path: '/gas/points', title: '占压点位', icon: WarningFilled, sides: company, kinds: gasCo, perm: 'occupation_point:list' },
]

export const gasStreetNav: NavItem[] = [
  { path: '/gas/campaigns', title: '报警器安装', icon: Guide, sides: street, perm: 'alarm_campaign:list' },
  { path: '/gas/premises', title: '用户档案', icon: House, sides: street, perm: 'premise:list' },
  { path: '/gas/points', title: '占压点位', icon: WarningFilled, sides: street, perm: 'occupation_point:list' },
]

export const gasBureauNav: NavItem[] = [
  { path: '/gas/campaigns', title: '报警器安装工作', icon: Guide, sides: bureau, perm: 'alarm_campaign:list' },
  { path: '/gas/board', title: '旧管网改造看板', icon: DataBoard, sides: bureau, perm: 'renovation:board' },
  { path: '/gas/projects', title: '改造项目', icon: Location, sides: bureau, perm: 'renovation:list' },
  { path: '/gas/points', title: '占压点位', icon: WarningFilled, sides: bureau, perm: 'occupation_point:list' },
]

export const gasRoutes: RouteRecordRaw[] = [
  { path: 'gas/campaigns', component: () => import('./CampaignList.vue'),
    meta: { sides: anySide, kinds: gasKinds, perm: 'alarm_campaign:list', title: '报警器安装' } },
  { path: 'gas/campaigns/:id', component: () => import('./CampaignDetail.vue'), props: true,
    meta: { sides: anySide, kinds: gasKinds, perm: 'alarm_campaign:list', title: '报警器安装率' } },
  { path: 'gas/premises', component: () => import('./PremiseList.vue'),
    meta: { sides: anySide, kinds: gasKinds, perm: 'premise:list', title: '用户档案' } },
  { path: 'gas/premises/import', component: () => import('./PremiseImport.vue'),
    meta: { sides: company, kinds: gasCo, perm: 'premise:create', title: '导入燃气报警器安装台账' } },
  { path: 'gas/premises/:id', component: () => import('./PremiseDetail.vue'), props: true,
    meta: { sides: anySide, kinds: gasKinds, perm: 'premise:list', title: '用户详情' } },
  { path: 'gas/board', component: () => import('./RenovationBoard.vue'),
    meta: { sides: [...bureau, ...street], kinds: gasKinds, perm: 'renovation:board', title: '旧管网改造看板' } },
  { path: 'gas/projects', component: () => import('./ProjectList.vue'),
    meta: { sides: anySide, kinds: gasKinds, perm: 'renovation:list', title: '改造项目' } },
  { path: 'gas/projects/:id', component: () => import('./ProjectDetail.vue'), props: true,
    meta: { sides: anySide, kinds: gasKinds, perm: 'renovation:list', title: '改造项目详情' } },
  { path: 'gas/points', component: () => import('./PointList.vue'),
    meta: { sides: anySide, kinds: gasKinds, perm: 'occupation_point:list', title: '占压点位' } },
]

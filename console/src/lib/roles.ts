// Who the signed-in person is, in the terms pages decide by: a company
// (gas or heating), a street office, the bureau, or a platform operator; and
// which hazard actions their roles allow (policy/roles/ledger.csv, mirrored:
// the server decides, the console only hides what would be refused).

export interface Viewer {
  operator?: boolean
  roles?: string[] | null
  org?: { kind?: string } | null
}

export type Side = 'company' | 'street' | 'bureau' | 'operator' | 'none'

export function sideOf(me: Viewer | null | undefined): Side {
  if (!me) return 'none'
  if (me.operator) return 'operator'
  switch (me.org?.kind) {
    case 'gas_company':
    case 'heating_company':
      return 'company'
    case 'street':
      return 'street'
    case 'bureau':
      return 'bureau'
  }
  return 'none'
}

const grants: Record<string, string[]> = {
  'hazard:create': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'hazard:update': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff'],
  'hazard:attach': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'hazard:start': ['company_admin', 'company_staff'],
  'hazard:submit': ['company_admin', 'company_staff'],
  'hazard:verify': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  'hazard:reject': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  'hazard:export': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'extension:request': ['company_admin', 'company_staff'],
  'extension:decide': ['bureau_admin', 'bureau_inspector'],
  // The bureau's administration (policy/roles/*.csv): the inspector reads, the admin also changes.
  'extension:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'ledger:summary': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'org:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'org:create': ['bureau_admin'],
  'org:update': ['bureau_admin'],
  'org:disable': ['bureau_admin'],
  'user:list': ['bureau_admin', 'bureau_inspector', 'company_admin'],
  'user:create': ['bureau_admin', 'company_admin'],
  'user:update': ['bureau_admin', 'company_admin'],
  'user:disable': ['bureau_admin', 'company_admin'],
  'webhook:list': ['bureau_admin', 'company_admin'],
  'webhook:create': ['bureau_admin', 'company_admin'],
  'webhook:update': ['bureau_admin', 'company_admin'],
  'webhook:delete': ['bureau_admin', 'company_admin'],
  'reminder:list': ['bureau_admin', 'bureau_inspector'],
  'reminder:retry': ['bureau_admin'],
  'audit:list': ['bureau_admin', 'bureau_inspector'],
  'audit:verify': ['bureau_admin', 'bureau_inspector'],
  'settings:read': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'settings:update': ['bureau_admin'],
  // Heating (policy/roles/equipment.csv, readiness.csv): heating companies only (gas companies are refused).
  'site:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'site:create': ['company_admin', 'company_staff'],
  'site:update': ['company_admin', 'company_staff'],
  'equipment:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'equipment:export': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'equipment:create': ['company_admin', 'company_staff'],
  'equipment:update': ['company_admin', 'company_staff'],
  'inspection:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'inspection:create': ['company_admin', 'company_staff'],
  'inspection_rule:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'inspection_rule:update': ['bureau_admin'],
  'season:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'season:create': ['bureau_admin'],
  'season:update': ['bureau_admin'],
  'readiness:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'readiness:create': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff'],
  'readiness:update': ['company_admin', 'company_staff'],
  'readiness:declare': ['company_admin'],
  'readiness:verify': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  'readiness:waive': ['bureau_admin', 'bureau_inspector'],
  'readiness:accept': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  'readiness:board': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  // Gas (policy/roles/alarms.csv, renovation.csv): gas companies, streets, the bureau (heating companies are refused).
  'alarm_campaign:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'alarm_campaign:create': ['bureau_admin'],
  'alarm_campaign:update': ['bureau_admin'],
  'alarm_campaign:target': ['bureau_admin'],
  'alarm_campaign:confirm': ['street_officer'],
  'premise:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'premise:export': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'premise:create': ['company_admin', 'company_staff'],
  'premise:update': ['company_admin', 'company_staff'],
  'premise:record': ['company_admin', 'company_staff'],
  'renovation:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'renovation:board': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'renovation:create': ['bureau_admin'],
  'renovation:update': ['bureau_admin'],
  'renovation:status': ['bureau_admin', 'company_admin', 'company_staff'],
  'renovation:report': ['company_admin', 'company_staff'],
  'renovation:decide': ['bureau_admin'],
  'occupation_point:list': ['bureau_admin', 'bureau_inspector', 'company_admin', 'company_staff', 'street_officer'],
  'occupation_point:create': ['bureau_admin', 'company_admin', 'company_staff'],
  'occupation_point:update': ['bureau_admin', 'company_admin', 'company_staff'],
  'occupation_point:verify': ['bureau_admin', 'bureau_inspector', 'street_officer'],
  'occupation_point:defer': ['bureau_admin'],
}

/** The objects a gas company is refused whatever its roles (policy.KindObjects). */
const heatingObjects = new Set(['site', 'equipment', 'inspection', 'inspection_rule', 'season', 'readiness'])
/** The objects a heating company is refused whatever its roles (policy.KindObjects). */
const gasObjects = new Set(['alarm_campaign', 'premise', 'renovation', 'occupation_point'])

export type Permission = keyof typeof grants | (string & {})

/** Whether one of the viewer's roles holds the permission "object:action". */
export function can(me: Viewer | null | undefined, perm: Permission): boolean {
  const allowed = grants[perm]
  if (!me || !allowed) return false
  const object = perm.slice(0, perm.indexOf(':'))
  if (me.org?.kind === 'gas_company' && heatingObjects.has(object)) return false
  if (me.org?.kind === 'heating_company' && gasObjects.has(object)) return false
  return (me.roles ?? []).some((r) => allowed.includes(r))
}

/** What a hazard in status s lets the viewer do next. */
export function hazardActions(me: Viewer | null | undefined, status: string): string[] {
  const out: string[] = []
  if (status === 'reported' && can(me, 'hazard:start')) out.push('start')
  if (status === 'rectifying' && can(me, 'hazard:submit')) out.push('submit')
  if (status === 'rectified' && can(me, 'hazard:verify')) out.push('verify', 'reject')
  if (status !== 'verified' && can(me, 'hazard:attach')) out.push('attach')
  if (status !== 'verified' && can(me, 'extension:request')) out.push('extension')
  return out
}

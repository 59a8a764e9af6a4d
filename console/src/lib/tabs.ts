// The work lists of a company and a street, as list filters: what "due
// soon", "overdue" and "awaiting verification" mean, in one place.
import type { HazardFilters } from '../api/endpoints'
import { addDays } from './dates'

/** Days ahead a deadline counts as due soon. */
export const dueSoonDays = 7

export type WorkTab = 'due' | 'overdue' | 'rectified' | 'all'

export function tabFilters(tab: WorkTab, today: string, all: HazardFilters = {}): HazardFilters {
  switch (tab) {
    case 'due':
      return { status: ['reported', 'rectifying'], overdue: false, deadline_from: today, deadline_to: addDays(today, dueSoonDays), sort: 'deadline' }
    case 'overdue':
      return { overdue: true, sort: 'deadline' }
    case 'rectified':
      return { status: ['rectified'], sort: 'deadline' }
    case 'all':
      return { sort: '-found_on', ...all }
  }
}

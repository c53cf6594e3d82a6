import type { Knex } from 'knex'
import { rebuildAppointmentCaches } from '../appointments/caches'
import { rebuildDealCaches } from '../deals/caches'
import { settleVisits, type CheckIn, type CheckOut, type VisitState } from './settle'

/**
 * The caches of visits, deals and appointments, made again from the rows they summarise for
 * some customers: after every local command that writes them and after every sync apply that
 * brings rows about these customers. Plain writes: caches never enter the change log.
 */
export async function rebuildVisitCaches(db: Knex, customerIds: readonly string[]): Promise<void> {
  const unique = [...new Set(customerIds)]
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK)
    await rebuildDealCaches(db, chunk)
    await rebuildAppointmentCaches(db, chunk)
    await rebuildVisitStates(db, chunk)
  }
}

const CHUNK = 500

type VisitRow = CheckIn & VisitState & { customer_id: string; store_id: string }

const STATE_COLUMNS: (keyof VisitState)[] = ['open', 'merged_into', 'checked_out_at', 'checked_out_by', 'checkout_kind', 'checkout_hlc', 'final_deal_id']

async function rebuildVisitStates(db: Knex, customerIds: string[]): Promise<void> {
  const visits: VisitRow[] = await db('visits').select('id', 'hlc', 'deal_id', 'checked_in_at', 'local_date', 'customer_id', 'store_id', ...STATE_COLUMNS).whereIn('customer_id', customerIds)
  if (visits.length === 0) return
  const checkOuts: (CheckOut & { customer_id: string; store_id: string })[] = await db('visit_checkouts')
    .select('id', 'visit_id', 'hlc', 'checked_out_at', 'user_id', 'kind', 'deal_id', 'customer_id', 'store_id')
    .whereIn('customer_id', customerIds)
  const groupOf = (row: { customer_id: string; store_id: string }) => `${row.customer_id} ${row.store_id}`
  const groups = new Map<string, { visits: VisitRow[]; outs: CheckOut[] }>()
  for (const visit of visits) {
    const group = groups.get(groupOf(visit)) ?? { visits: [], outs: [] }
    group.visits.push(visit)
    groups.set(groupOf(visit), group)
  }
  for (const out of checkOuts) groups.get(groupOf(out))?.outs.push(out)
  for (const group of groups.values()) {
    const states = settleVisits(group.visits, group.outs)
    for (const visit of group.visits) {
      const state = states.get(visit.id)!
      if (STATE_COLUMNS.every((column) => visit[column] === state[column])) continue
      await db('visits').where({ id: visit.id }).update(state)
    }
  }
}

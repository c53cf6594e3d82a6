import type { ParsedInput } from '../../contract'
import type { AssignedWork } from '../../contract/users'
import { requireStoreId, type CommandContext } from '../context'
import { notFound } from '../errors'
import { storeTerms } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { findUserById } from './repo'

/**
 * What stays with a user when they are deactivated: nothing is handed over by itself, so the
 * confirmation says how much someone will have to reassign. Three counts on indexes made for
 * them (migration assigned_work_indexes), whatever the size of the store.
 *
 * "Upcoming" is from this store's today on: an appointment at another store in a zone already a
 * day ahead may be counted for a few hours more than it is there.
 */
export async function assignedWork(ctx: CommandContext, input: ParsedInput<'users:assignedWork'>): Promise<AssignedWork> {
  const storeId = requireStoreId(ctx)
  if (!(await findUserById(ctx.db, input.id))) throw notFound('User')
  const today = localDateOf(ctx.now(), (await storeTerms(ctx, storeId)).timeZone)
  const count = async (query: Promise<{ n: number | string }[]>) => Number((await query)[0]?.n ?? 0)
  const [openDeals, upcomingAppointments, assignedCustomers] = await Promise.all([
    // The statuses as literals, not bound values: SQLite uses a partial index only for a WHERE it can see implies the index's.
    count(ctx.db('deals').where({ assigned_user_id: input.id }).whereRaw("status = 'open'").count({ n: '*' })),
    count(ctx.db('appointments').where({ staff_id: input.id }).whereRaw("status = 'scheduled'").where('local_date', '>=', today).count({ n: '*' })),
    count(
      ctx
        .db('customer_staff as s')
        .join('customers as c', 'c.id', 's.customer_id')
        .where('s.user_id', input.id)
        .where('c.active', 1)
        .whereNull('c.erased_at')
        .whereNull('c.merged_into')
        .count({ n: '*' }),
    ),
  ])
  return { openDeals, upcomingAppointments, assignedCustomers }
}

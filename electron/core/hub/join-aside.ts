import type { Knex } from 'knex'
import { putBack, setAside, type SetAside } from '../db/defer-indexes'

/**
 * A bulk join's first step (customers) writes many pages into tables that start empty: their
 * secondary indexes and full-text triggers are set aside once for the whole step and made again
 * once at its end (one sort each, one full-text rebuild), not kept up row by row or rebuilt at
 * every page. What was dropped is saved in hub_link in the drop's transaction, so a store killed
 * mid-step goes on without them and puts them back when the step ends, or when it leaves the hub.
 * Nothing queries these tables but the join meanwhile: the store is usable only after the step.
 */
export const JOIN_ASIDE_TABLES = ['customers', 'customer_stores', 'customer_staff'] as const

export async function setAsideForJoin(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('hub_link').where({ id: 1 }).first('join_aside')
    if (!row || row.join_aside) return
    const aside: SetAside[] = []
    for (const table of JOIN_ASIDE_TABLES) aside.push(await setAside(trx, table))
    await trx('hub_link').where({ id: 1 }).update({ join_aside: JSON.stringify(aside) })
  })
}

/** Puts back what setAsideForJoin dropped (nothing if nothing is aside), in `trx` with the caller's own writes. */
export async function putBackAfterJoin(trx: Knex.Transaction): Promise<void> {
  const row = await trx('hub_link').where({ id: 1 }).first('join_aside')
  if (!row?.join_aside) return
  for (const aside of JSON.parse(row.join_aside) as SetAside[]) await putBack(trx, aside)
  await trx('hub_link').where({ id: 1 }).update({ join_aside: null })
}

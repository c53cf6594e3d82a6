import type { Knex } from 'knex'
import { putBack, setAside, type SetAside } from '../db/defer-indexes'
import { AppError } from '../errors'

/**
 * A bulk join's first step (customers) writes many pages into tables that start empty: their
 * secondary indexes and full-text triggers are set aside once for the whole step and made again
 * once at its end (one sort each, one full-text rebuild), not kept up row by row or rebuilt at
 * every page; only on a hub large enough for that to pay (hub/worker.ts, worthSettingAside): a
 * join of a few hundred entries keeps them. What was dropped is saved in hub_link in the drop's
 * transaction, so a store killed mid-step goes on without them and puts them back when the step
 * ends, or when it leaves the hub. Nothing queries these tables but the join meanwhile: the store
 * is usable only after the step.
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

/** What a command is told that read through an index the join's first step has set aside. */
export const STILL_JOINING_MESSAGE =
  'This store is still taking its customers from the hub (the first sync): this works again as soon as that step is done.'

/**
 * A query that names an index set aside by the join (`INDEXED BY`, as the customer list, the
 * duplicate checks and the imports' customer lookups do to keep their plans) fails in SQLite
 * with "no such index" until the step ends. The renderer shows the join's progress meanwhile,
 * but a command can still come (a File menu item, an import started before): it is refused in
 * words, never an INTERNAL. Any other "no such index" is a real defect and stays one.
 */
export function refusedWhileJoining(error: unknown): AppError | null {
  if (!(error instanceof Error)) return null
  const missing = /no such index: (\w+)/.exec(error.message)?.[1]
  if (!missing || !JOIN_ASIDE_TABLES.some((table) => missing.startsWith(`${table}_`))) return null
  return new AppError('CONFLICT', STILL_JOINING_MESSAGE)
}

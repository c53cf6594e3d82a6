import type { Knex } from 'knex'

/**
 * An appointment's time, staff, note and status are each the latest (by HLC, id) of its events
 * that set them: a reschedule here and a cancel elsewhere both count, the later one last.
 */
const latest = (column: string) =>
  `(SELECT e.${column} FROM appointment_events AS e WHERE e.appointment_id = appointments.id AND e.${column} IS NOT NULL ORDER BY e.hlc DESC, e.id DESC LIMIT 1)`

const APPOINTMENT_CACHES = `
  local_start = ${latest('local_start')},
  local_date = substr(${latest('local_start')}, 1, 10),
  staff_id = ${latest('staff_id')},
  note = ${latest('note')},
  status = COALESCE(${latest('status')}, 'scheduled')`

/** Recomputes the caches of every appointment of these customers (at most a few hundred ids a call). */
export async function rebuildAppointmentCaches(db: Knex, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return
  await db.raw(`UPDATE appointments SET ${APPOINTMENT_CACHES} WHERE customer_id IN (${customerIds.map(() => '?').join(', ')})`, [...customerIds])
}

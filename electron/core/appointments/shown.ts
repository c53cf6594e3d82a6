import type { Rows } from '../db/prepared'
import { localTimeOf } from '../time/local-dates'

/**
 * Which appointments the customer came for (PRODUCT §5.6). A check-in at the store on an
 * appointment's store-local day is for one appointment of that day: the one nearest its time
 * (on a tie, the earlier), among those not cancelled before it (by HLC: a cancel made after the
 * visit, at a store or PC that had not heard of it, does not undo it). So one check-in marks one
 * appointment shown, and a later appointment that day stays booked until a check-in near it.
 * Every check-in counts, also a second one of the same stay (merged into the first): a customer
 * checked in on two PCs near one time still marks one appointment. Worked out from the rows,
 * never stored, so it is the same on every store.
 */
export interface DayAppointment {
  id: string
  customer_id: string
  store_id: string
  local_date: string
  local_start: string | null
  status: string | null
  /** The stamp of its latest status event: its cancel, when it is cancelled. */
  status_hlc: string | null
}

export interface DayCheckIn {
  customer_id: string
  store_id: string
  local_date: string
  checked_in_at: string
  hlc: string
  time_zone: string
}

const dayOf = (row: { customer_id: string; store_id: string; local_date: string }) => `${row.customer_id} ${row.store_id} ${row.local_date}`
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** The ids of the appointments some check-in is for: a pure function of the rows, in any order. */
export function appointmentsShown(appointments: readonly DayAppointment[], checkIns: readonly DayCheckIn[]): Set<string> {
  const byDay = new Map<string, DayAppointment[]>()
  for (const appointment of appointments) {
    if (!appointment.local_start) continue
    const day = byDay.get(dayOf(appointment))
    if (day) day.push(appointment)
    else byDay.set(dayOf(appointment), [appointment])
  }
  const shown = new Set<string>()
  for (const visit of checkIns) {
    const at = minutes(localTimeOf(new Date(visit.checked_in_at), visit.time_zone))
    let best: { id: string; distance: number; start: string } | undefined
    for (const appointment of byDay.get(dayOf(visit)) ?? []) {
      // A cancel stamped before the check-in: the customer came without this appointment.
      if (appointment.status === 'cancelled' && appointment.status_hlc !== null && appointment.status_hlc < visit.hlc) continue
      const start = appointment.local_start!
      const distance = Math.abs(minutes(start.slice(11, 16)) - at)
      const nearer = !best || distance < best.distance || (distance === best.distance && (start < best.start || (start === best.start && appointment.id < best.id)))
      if (nearer) best = { id: appointment.id, distance, start }
    }
    if (best) shown.add(best.id)
  }
  return shown
}

/** The listed appointments' days, as (customer, store, day) triples a JSON array carries to SQLite. */
const DAYS = `WITH d AS (SELECT value ->> '$[0]' AS customer_id, value ->> '$[1]' AS store_id, value ->> '$[2]' AS local_date FROM json_each(?))`

const STATUS_HLC = `(SELECT e.hlc FROM appointment_events AS e WHERE e.appointment_id = a.id AND e.status IS NOT NULL ORDER BY e.hlc DESC, e.id DESC LIMIT 1)`

const DAY_APPOINTMENTS = `${DAYS} SELECT a.id, a.customer_id, a.store_id, a.local_date, a.local_start, a.status, ${STATUS_HLC} AS status_hlc
  FROM d JOIN appointments AS a ON a.customer_id = d.customer_id AND a.store_id = d.store_id AND a.local_date = d.local_date`

const DAY_CHECK_INS = `${DAYS} SELECT v.customer_id, v.store_id, v.local_date, v.checked_in_at, v.hlc, s.time_zone
  FROM d JOIN visits AS v ON v.customer_id = d.customer_id AND v.store_id = d.store_id AND v.local_date = d.local_date JOIN stores AS s ON s.id = v.store_id`

/**
 * Which of these appointments were shown: every appointment and check-in of their days (the
 * customer's, at that store) is read, since a check-in's nearest appointment may not be listed.
 */
export async function shownAmong(read: Rows, listed: readonly { customer_id: string; store_id: string; local_date: string | null }[]): Promise<Set<string>> {
  const days = new Map<string, [string, string, string]>()
  for (const row of listed) if (row.local_date) days.set(dayOf({ ...row, local_date: row.local_date }), [row.customer_id, row.store_id, row.local_date])
  if (days.size === 0) return new Set()
  const json = JSON.stringify([...days.values()])
  const [appointments, checkIns] = await Promise.all([read<DayAppointment>(DAY_APPOINTMENTS, [json]), read<DayCheckIn>(DAY_CHECK_INS, [json])])
  return appointmentsShown(appointments, checkIns)
}

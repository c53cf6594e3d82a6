import type { Rows } from '../db/prepared'
import { localTimeOf } from '../time/local-dates'

/**
 * Which appointments the customer came for (PRODUCT §5.6). A check-in at the store on an
 * appointment's store-local day is for one appointment of that day: the one nearest its time
 * (on a tie, the earlier), among those booked as they are now before it. That is by HLC, from the
 * appointment's events stamped before the check-in: its start then was the one it has now, and it
 * was not cancelled then. So a cancel made after the visit, at a store or PC that had not heard of
 * it, does not undo it; and an appointment booked (or moved there, or brought back) after the
 * check-in is not shown by it: a walk-in told "come back at 16:00" still has the 16:00 booked.
 * One check-in marks one appointment shown, and a later appointment that day stays booked until a
 * check-in near it. Every check-in counts, also a second one of the same stay (merged into the
 * first): a customer checked in on two PCs near one time still marks one appointment. Worked out
 * from the rows, never stored, so it is the same on every store.
 */
export interface DayAppointment {
  id: string
  customer_id: string
  store_id: string
  local_date: string
  local_start: string | null
  status: string | null
}

/** One of an appointment's events: what it set (null: left as it was) and its stamp. */
export interface DayAppointmentEvent {
  id: string
  appointment_id: string
  local_start: string | null
  status: string | null
  hlc: string
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

const byStamp = (a: DayAppointmentEvent, b: DayAppointmentEvent) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Whether, just before a check-in stamped `hlc`, the appointment already started when it starts
 * now and was not cancelled: its events are replayed up to that stamp, as its caches are made.
 */
function bookedBefore(appointment: DayAppointment, events: readonly DayAppointmentEvent[], hlc: string): boolean {
  let start: string | null = null
  let status: string | null = null
  for (const event of events) {
    if (event.hlc >= hlc) break
    if (event.local_start !== null) start = event.local_start
    if (event.status !== null) status = event.status
  }
  return start === appointment.local_start && status !== 'cancelled'
}

/** The ids of the appointments some check-in is for: a pure function of the rows, in any order. */
export function appointmentsShown(appointments: readonly DayAppointment[], events: readonly DayAppointmentEvent[], checkIns: readonly DayCheckIn[]): Set<string> {
  const eventsOf = new Map<string, DayAppointmentEvent[]>()
  for (const event of events) {
    const list = eventsOf.get(event.appointment_id)
    if (list) list.push(event)
    else eventsOf.set(event.appointment_id, [event])
  }
  for (const list of eventsOf.values()) list.sort(byStamp)
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
      // Booked at this time only after the check-in, or cancelled before it: not what the customer came for.
      if (!bookedBefore(appointment, eventsOf.get(appointment.id) ?? [], visit.hlc)) continue
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

const DAY_APPOINTMENTS = `${DAYS} SELECT a.id, a.customer_id, a.store_id, a.local_date, a.local_start, a.status
  FROM d JOIN appointments AS a ON a.customer_id = d.customer_id AND a.store_id = d.store_id AND a.local_date = d.local_date`

const DAY_APPOINTMENT_EVENTS = `${DAYS} SELECT e.id, e.appointment_id, e.local_start, e.status, e.hlc
  FROM d JOIN appointments AS a ON a.customer_id = d.customer_id AND a.store_id = d.store_id AND a.local_date = d.local_date
  JOIN appointment_events AS e ON e.appointment_id = a.id`

const DAY_CHECK_INS = `${DAYS} SELECT v.customer_id, v.store_id, v.local_date, v.checked_in_at, v.hlc, s.time_zone
  FROM d JOIN visits AS v ON v.customer_id = d.customer_id AND v.store_id = d.store_id AND v.local_date = d.local_date JOIN stores AS s ON s.id = v.store_id`

/**
 * Which of these appointments were shown: every appointment (with its events) and check-in of
 * their days (the customer's, at that store) is read, since a check-in's nearest appointment may
 * not be listed.
 */
export async function shownAmong(read: Rows, listed: readonly { customer_id: string; store_id: string; local_date: string | null }[]): Promise<Set<string>> {
  const days = new Map<string, [string, string, string]>()
  for (const row of listed) if (row.local_date) days.set(dayOf({ ...row, local_date: row.local_date }), [row.customer_id, row.store_id, row.local_date])
  if (days.size === 0) return new Set()
  const json = JSON.stringify([...days.values()])
  const [appointments, events, checkIns] = await Promise.all([
    read<DayAppointment>(DAY_APPOINTMENTS, [json]),
    read<DayAppointmentEvent>(DAY_APPOINTMENT_EVENTS, [json]),
    read<DayCheckIn>(DAY_CHECK_INS, [json]),
  ])
  return appointmentsShown(appointments, events, checkIns)
}

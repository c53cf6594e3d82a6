import type { Knex } from 'knex'
import type { Appointment, AppointmentStatus } from '../../contract/appointments'
import { insertTracked, type Writer } from '../db/changelog'
import type { Rows } from '../db/prepared'
import { newId } from '../ids'
import { localDateOf } from '../time/local-dates'
import { CUSTOMER_REF_SQL, toCustomerRef } from '../visits/repo'
import { shownAmong } from './shown'

/** An appointment with its caches (appointments/caches.ts). */
export interface AppointmentRow {
  id: string
  store_id: string
  customer_id: string
  created_by: string | null
  created_at: string
  local_start: string | null
  local_date: string | null
  staff_id: string | null
  note: string | null
  status: 'scheduled' | 'cancelled' | null
}

export interface AppointmentChange {
  local_start?: string | null
  staff_id?: string | null
  note?: string | null
  status?: 'scheduled' | 'cancelled' | null
}

export function findAppointment(db: Knex, id: string): Promise<AppointmentRow | undefined> {
  return db<AppointmentRow>('appointments').where({ id }).first()
}

/** A new appointment at this store, as its row and its first event. Caches are the caller's to rebuild. */
export async function insertAppointment(w: Writer, customerId: string, change: AppointmentChange): Promise<string> {
  const id = newId()
  await insertTracked(w, 'appointments', { id, store_id: w.storeId, customer_id: customerId, created_by: w.userId, created_at: w.at })
  await insertAppointmentEvent(w, { id, customer_id: customerId }, change)
  return id
}

export async function insertAppointmentEvent(w: Writer, appointment: Pick<AppointmentRow, 'id' | 'customer_id'>, change: AppointmentChange): Promise<void> {
  await insertTracked(w, 'appointment_events', {
    id: newId(),
    appointment_id: appointment.id,
    customer_id: appointment.customer_id,
    store_id: w.storeId,
    local_start: null,
    staff_id: null,
    note: null,
    status: null,
    ...change,
    user_id: w.userId,
    hlc: w.tick(),
    created_at: w.at,
  })
}

type ListedRow = AppointmentRow & {
  first_name: string
  last_name: string | null
  flagged: number
  flag_reason: string | null
  staff_name: string | null
  store_name: string
  time_zone: string
  /** Whether another appointment at the store starts then with the same staff member / customer (0 or 1). */
  staff_clash: number
  customer_clash: number
  /** Whether a check-in was for it (appointments/shown.ts). */
  shown: boolean
}

/**
 * Another scheduled appointment at the store starting at the same time (found by the store-day
 * index). The commands refuse a second one, but two PCs (or stores) offline from each other can
 * each book the slot; both are kept, as every write is, and the lists say so until one is moved.
 */
const CLASH = (who: 'staff_id' | 'customer_id') => `EXISTS (SELECT 1 FROM appointments AS o
    WHERE o.store_id = a.store_id AND o.local_date = a.local_date AND o.local_start = a.local_start
      AND o.${who} = a.${who} AND o.status = 'scheduled' AND o.id <> a.id)`

const LISTED = `SELECT a.*, ${CUSTOMER_REF_SQL}, u.display_name AS staff_name, s.name AS store_name, s.time_zone,
    ${CLASH('staff_id')} AS staff_clash, ${CLASH('customer_id')} AS customer_clash
  FROM appointments AS a JOIN customers AS c ON c.id = a.customer_id JOIN stores AS s ON s.id = a.store_id LEFT JOIN users AS u ON u.id = a.staff_id
  WHERE a.local_start IS NOT NULL`

/** Which appointments a list holds, and in what order (each reads one index). */
const LISTS = {
  one: `${LISTED} AND a.id = ?`,
  /** A store's on days from…to, by time (store, from, to). */
  storeDays: `${LISTED} AND a.store_id = ? AND a.local_date BETWEEN ? AND ? ORDER BY a.local_start, a.id LIMIT 2000`,
  /** A customer's at every store, the latest 200 first. */
  customer: `${LISTED} AND a.customer_id = ? ORDER BY a.local_start DESC, a.id DESC LIMIT 200`,
} as const

/**
 * Appointments with who they are for, the staff and the store, and whether the customer came
 * for it: a check-in at that store on that store-local day nearest its time (appointments/
 * shown.ts). The status is worked out from that, never stored, so it is the same on every store.
 */
export async function listedAppointments(read: Rows, list: keyof typeof LISTS, params: readonly string[]): Promise<ListedRow[]> {
  const rows = await read<Omit<ListedRow, 'shown'>>(LISTS[list], params)
  const shown = await shownAmong(read, rows)
  return rows.map((row) => ({ ...row, shown: shown.has(row.id) }))
}

/**
 * A visit that happened wins over a cancel made after it: a cancel typed at another store (or
 * PC) that had not heard of the check-in must not turn an appointment the customer came to into
 * a cancelled one, nor let it be rescheduled. A cancel before the check-in stays (the customer
 * came anyway, without the appointment). Which came first is by HLC, the same on every store.
 */
export function statusOf(row: Pick<ListedRow, 'status' | 'shown' | 'local_date'>, today: string): AppointmentStatus {
  if (row.shown) return 'shown'
  if (row.status === 'cancelled') return 'cancelled'
  return row.local_date! < today ? 'no_show' : 'scheduled'
}

export function presentAppointments(rows: ListedRow[], now: Date): Appointment[] {
  const todayIn = new Map<string, string>()
  const today = (timeZone: string) => todayIn.get(timeZone) ?? todayIn.set(timeZone, localDateOf(now, timeZone)).get(timeZone)!
  return rows.map((row) => {
    const status = statusOf(row, today(row.time_zone))
    return {
      id: row.id,
      customer: toCustomerRef(row),
      storeName: row.store_name,
      date: row.local_start!.slice(0, 10),
      time: row.local_start!.slice(11, 16),
      staff: row.staff_id ? { id: row.staff_id, name: row.staff_name ?? '' } : null,
      note: row.note ?? '',
      status,
      // Only while it can still be fixed: a clash in the past is history.
      doubleBooked: status === 'scheduled' && (row.staff_clash || row.customer_clash) ? { staff: !!row.staff_clash, customer: !!row.customer_clash } : null,
    }
  })
}

/** The customer's scheduled appointment at the store that starts then, other than `exceptId` (one being moved). */
export async function scheduledAt(db: Knex, slot: { customerId: string; storeId: string; localStart: string; exceptId?: string }): Promise<string | undefined> {
  const found = await db('appointments')
    .where({ customer_id: slot.customerId, store_id: slot.storeId, local_start: slot.localStart, status: 'scheduled' })
    .whereNot('id', slot.exceptId ?? '')
    .first('id')
  return found?.id as string | undefined
}

/** The staff member's scheduled appointment at the store that starts then, other than `exceptId` (one being moved). */
export async function staffBookedAt(db: Knex, slot: { staffId: string; storeId: string; localStart: string; exceptId?: string }): Promise<string | undefined> {
  const found = await db('appointments')
    .where({ store_id: slot.storeId, local_date: slot.localStart.slice(0, 10), local_start: slot.localStart, staff_id: slot.staffId, status: 'scheduled' })
    .whereNot('id', slot.exceptId ?? '')
    .first('id')
  return found?.id as string | undefined
}

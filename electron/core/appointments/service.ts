import type { ParsedInput } from '../../contract'
import { MAX_APPOINTMENT_DAYS, type Appointment } from '../../contract/appointments'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { pageCustomerId } from '../customers/lookup'
import { rowsOf } from '../db/prepared'
import { AppError, fieldError, notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer } from '../loyalty/accounts'
import { findStore } from '../stores/repo'
import { cachedStore } from '../stores/terms'
import { addDays, lastInstantOf, localDateOf, localTimeExists, localTimeOf } from '../time/local-dates'
import { rebuildAppointmentCaches } from './caches'
import { findAppointment, insertAppointment, insertAppointmentEvent, listedAppointments, presentAppointments, scheduledAt, staffBookedAt, statusOf, type AppointmentRow } from './repo'

interface StoreNow {
  instant: Date
  today: string
  now: string
  timeZone: string
  /** A time ('HH:MM') as the store writes it (its lists show 02:30 PM in the US): in a refusal, the words the user typed in. */
  clock: (time: string) => string
}

/** 'HH:MM' the store's way, in its language (Settings → Language), as the renderer's lists show it. */
function storeClock(locale: string): (time: string) => string {
  const format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
  return (time) => format.format(new Date(`1970-01-01T${time}:00Z`))
}

/** Today and the time now ('HH:MM') on the clock of the store an appointment is at, and its zone. */
async function todayAt(ctx: CommandContext, w: Writer, storeId: string): Promise<StoreNow> {
  const store = await findStore(w.trx, storeId)
  if (!store) throw notFound('Store')
  const instant = ctx.now()
  return { instant, today: localDateOf(instant, store.time_zone), now: localTimeOf(instant, store.time_zone), timeZone: store.time_zone, clock: storeClock(store.locale) }
}

async function requireStaff(w: Writer, staffId: string): Promise<void> {
  if (!(await w.trx('users').where({ id: staffId, active: true }).first('id'))) throw fieldError('staffId', 'Choose an active staff member')
}

/**
 * A start not yet past on the store's clock. The dialog takes a time to the minute, so the
 * current minute still counts (a customer booked for right now, at the desk). On the night the
 * clocks go back, a time of the repeated hour is past only once it has come round the second
 * time: at the first 01:30, the clock will still read 01:15 again, and the owner books for that.
 */
function requireNotPast(date: string, time: string, at: StoreNow): void {
  if (date < at.today) throw fieldError('date', 'Choose today or a later day')
  if (date !== at.today || time >= at.now) return
  const last = lastInstantOf(date, time, at.timeZone)
  const thisMinute = Math.floor(at.instant.getTime() / 60_000) * 60_000
  if (!last || last.getTime() < thisMinute) throw fieldError('time', `${at.clock(time)} today has already passed (it is ${at.clock(at.now)} at the store): choose a later time`)
}

/** A day and time that happens at the store: not one the clocks skip when daylight saving time begins. */
function requireRealTime(date: string, time: string, at: StoreNow): void {
  if (!localTimeExists(date, time, at.timeZone)) {
    throw fieldError('time', `${at.clock(time)} does not exist on that day in the store’s time zone (the clocks go forward): choose another time`)
  }
}

/** One customer is not booked twice at a store for the same day and time (a cancelled appointment frees its slot). */
async function requireFreeSlot(w: Writer, slot: { customerId: string; storeId: string; localStart: string; movingId?: string }): Promise<void> {
  if (!(await scheduledAt(w.trx, { ...slot, exceptId: slot.movingId }))) return
  const customer = await findCustomerAccount(w.trx, slot.customerId)
  throw fieldError('time', `${customer?.name ?? 'This customer'} already has an appointment then: reschedule that one, or choose another time`, 'CONFLICT')
}

/**
 * Nor is a staff member: an appointment has a start and no length, so two overlap when they
 * start at the same time at the store. Cancelled ones free the slot; a no-show's is past.
 */
async function requireFreeStaff(w: Writer, slot: { staffId: string; storeId: string; localStart: string; movingId?: string }, clock: StoreNow['clock']): Promise<void> {
  if (!(await staffBookedAt(w.trx, { ...slot, exceptId: slot.movingId }))) return
  const staff = await w.trx('users').where({ id: slot.staffId }).first('display_name')
  const at = clock(slot.localStart.slice(11, 16))
  throw fieldError('time', `${staff?.display_name ?? 'This staff member'} already has an appointment at ${at} that day: choose another time, or other staff`, 'CONFLICT')
}

async function presentOne(ctx: CommandContext, w: Writer, id: string): Promise<Appointment> {
  const [appointment] = presentAppointments(await listedAppointments(rowsOf(w.trx), 'one', [id]), ctx.now())
  return appointment
}

/**
 * A request saved before (its draft put back, sent again) answers with the appointment it made,
 * as it is now: not refused as past or as booked twice, which that appointment itself now is.
 */
export async function schedule(ctx: CommandContext, input: ParsedInput<'appointments:schedule'>): Promise<Appointment> {
  const storeId = requireStoreId(ctx)
  const request = commandRequest('appointments:schedule', input)
  return transact(ctx, storeId, async (w) => {
    const id = await savedOnce(w, request, async () => {
      await requireActiveCustomer(w.trx, input.customerId)
      await requireStaff(w, input.staffId)
      const at = await todayAt(ctx, w, storeId)
      requireNotPast(input.date, input.time, at)
      requireRealTime(input.date, input.time, at)
      const localStart = `${input.date}T${input.time}`
      await requireFreeSlot(w, { customerId: input.customerId, storeId, localStart })
      await requireFreeStaff(w, { staffId: input.staffId, storeId, localStart }, at.clock)
      const made = await insertAppointment(w, input.customerId, { local_start: localStart, staff_id: input.staffId, note: input.note, status: 'scheduled' })
      await rebuildAppointmentCaches(w.trx, [input.customerId])
      return made
    })
    return presentOne(ctx, w, id)
  })
}

/** An appointment that can still change: not over (shown, or its day gone by). */
async function requireChangeable(ctx: CommandContext, w: Writer, id: string): Promise<{ row: AppointmentRow } & StoreNow> {
  const row = await findAppointment(w.trx, id)
  if (!row) throw notFound('Appointment')
  const at = await todayAt(ctx, w, row.store_id)
  const [listed] = await listedAppointments(rowsOf(w.trx), 'one', [id])
  const status = statusOf(listed, at.today)
  if (status === 'shown') throw new AppError('CONFLICT', 'The customer came for this appointment: it is over')
  if (status === 'no_show') throw new AppError('CONFLICT', 'This appointment’s day is over: schedule a new one')
  return { row, ...at }
}

/**
 * Rescheduling books the customer again (and brings a cancelled appointment back), so it asks
 * what scheduling asks: an active customer. Cancelling does not: making a customer inactive
 * leaves their appointments, and the store must still be able to take them off its days.
 */
async function requireActiveFor(w: Writer, row: AppointmentRow): Promise<void> {
  const customer = await findCustomerAccount(w.trx, row.customer_id)
  if (!customer) throw notFound('Customer')
  if (!customer.active) throw new AppError('CONFLICT', `${customer.name} is inactive; restore them first`)
}

export async function reschedule(ctx: CommandContext, input: ParsedInput<'appointments:reschedule'>): Promise<Appointment> {
  return transact(ctx, requireStoreId(ctx), async (w) => {
    const { row, ...at } = await requireChangeable(ctx, w, input.id)
    await requireActiveFor(w, row)
    const localStart = `${input.date}T${input.time}`
    // A new note or staff for one that started earlier today keeps its start; moving it, or
    // bringing a cancelled one back, books a start, which must not be past.
    const booking = localStart !== row.local_start || row.status === 'cancelled'
    // A note changed on an appointment whose staff member has since been deactivated keeps them
    // (it was booked with them); a new time or another staff member is a booking with someone active.
    if (booking || input.staffId !== row.staff_id) await requireStaff(w, input.staffId)
    if (booking) requireNotPast(input.date, input.time, at)
    requireRealTime(input.date, input.time, at)
    await requireFreeSlot(w, { customerId: row.customer_id, storeId: row.store_id, localStart, movingId: row.id })
    if (booking || input.staffId !== row.staff_id) await requireFreeStaff(w, { staffId: input.staffId, storeId: row.store_id, localStart, movingId: row.id }, at.clock)
    // Rescheduling a cancelled appointment brings it back.
    await insertAppointmentEvent(w, row, { local_start: localStart, staff_id: input.staffId, note: input.note, status: 'scheduled' })
    await rebuildAppointmentCaches(w.trx, [row.customer_id])
    return presentOne(ctx, w, row.id)
  })
}

export async function cancel(ctx: CommandContext, input: ParsedInput<'appointments:cancel'>): Promise<Appointment> {
  return transact(ctx, requireStoreId(ctx), async (w) => {
    const { row } = await requireChangeable(ctx, w, input.id)
    if (row.status === 'cancelled') throw new AppError('CONFLICT', 'This appointment is already cancelled')
    await insertAppointmentEvent(w, row, { status: 'cancelled' })
    await rebuildAppointmentCaches(w.trx, [row.customer_id])
    return presentOne(ctx, w, row.id)
  })
}

export async function list(ctx: CommandContext, input: ParsedInput<'appointments:list'>): Promise<Appointment[]> {
  const storeId = requireStoreId(ctx)
  if (input.customerId) {
    const customerId = await pageCustomerId(ctx.db, input.customerId)
    return presentAppointments(await listedAppointments(rowsOf(ctx.db), 'customer', [customerId]), ctx.now())
  }
  const store = await cachedStore(ctx, storeId)
  const today = localDateOf(ctx.now(), store.time_zone)
  const from = input.from ?? today
  const to = input.to ?? addDays(from, 6)
  // The contract compares the two when both are given; an end alone is compared with today here.
  if (to < from) throw fieldError('to', 'The end date is before today, where the list starts when From is empty')
  if (to > addDays(from, MAX_APPOINTMENT_DAYS - 1)) throw fieldError('to', `Choose at most ${MAX_APPOINTMENT_DAYS} days`)
  return presentAppointments(await listedAppointments(rowsOf(ctx.db), 'storeDays', [storeId, from, to]), ctx.now())
}

import type { ParsedInput } from '../../contract'
import { MAX_APPOINTMENT_DAYS, type Appointment } from '../../contract/appointments'
import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { pageCustomerId } from '../customers/lookup'
import { rowsOf } from '../db/prepared'
import { AppError, fieldError, notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer } from '../loyalty/accounts'
import { findStore } from '../stores/repo'
import { cachedStore } from '../stores/terms'
import { addDays, localDateOf } from '../time/local-dates'
import { rebuildAppointmentCaches } from './caches'
import { findAppointment, insertAppointment, insertAppointmentEvent, listedAppointments, presentAppointments, statusOf, type AppointmentRow } from './repo'

/** Today in the time zone of the store an appointment is at. */
async function todayAt(ctx: CommandContext, w: Writer, storeId: string): Promise<string> {
  const store = await findStore(w.trx, storeId)
  if (!store) throw notFound('Store')
  return localDateOf(ctx.now(), store.time_zone)
}

async function requireStaff(w: Writer, staffId: string): Promise<void> {
  if (!(await w.trx('users').where({ id: staffId, active: true }).first('id'))) throw fieldError('staffId', 'Choose an active staff member')
}

function requireNotPast(date: string, today: string): void {
  if (date < today) throw fieldError('date', 'Choose today or a later day')
}

async function presentOne(ctx: CommandContext, w: Writer, id: string): Promise<Appointment> {
  const [appointment] = presentAppointments(await listedAppointments(rowsOf(w.trx), 'one', [id]), ctx.now())
  return appointment
}

export async function schedule(ctx: CommandContext, input: ParsedInput<'appointments:schedule'>): Promise<Appointment> {
  const storeId = requireStoreId(ctx)
  return transact(ctx, storeId, async (w) => {
    await requireActiveCustomer(w.trx, input.customerId)
    await requireStaff(w, input.staffId)
    requireNotPast(input.date, await todayAt(ctx, w, storeId))
    const id = await insertAppointment(w, input.customerId, { local_start: `${input.date}T${input.time}`, staff_id: input.staffId, note: input.note, status: 'scheduled' })
    await rebuildAppointmentCaches(w.trx, [input.customerId])
    return presentOne(ctx, w, id)
  })
}

/** An appointment that can still change: not over (shown, or its day gone by). */
async function requireChangeable(ctx: CommandContext, w: Writer, id: string): Promise<{ row: AppointmentRow; today: string }> {
  const row = await findAppointment(w.trx, id)
  if (!row) throw notFound('Appointment')
  const today = await todayAt(ctx, w, row.store_id)
  const [listed] = await listedAppointments(rowsOf(w.trx), 'one', [id])
  const status = statusOf(listed, today)
  if (status === 'shown') throw new AppError('CONFLICT', 'The customer came for this appointment: it is over')
  if (status === 'no_show') throw new AppError('CONFLICT', 'This appointment’s day is over: schedule a new one')
  return { row, today }
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
    const { row, today } = await requireChangeable(ctx, w, input.id)
    await requireActiveFor(w, row)
    await requireStaff(w, input.staffId)
    requireNotPast(input.date, today)
    // Rescheduling a cancelled appointment brings it back.
    await insertAppointmentEvent(w, row, { local_start: `${input.date}T${input.time}`, staff_id: input.staffId, note: input.note, status: 'scheduled' })
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
  if (to > addDays(from, MAX_APPOINTMENT_DAYS - 1)) throw fieldError('to', `Choose at most ${MAX_APPOINTMENT_DAYS} days`)
  return presentAppointments(await listedAppointments(rowsOf(ctx.db), 'storeDays', [storeId, from, to]), ctx.now())
}

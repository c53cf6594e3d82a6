import type { Envelope } from '../../../electron/contract'
import { DEAL_MOVES, type DealStatus } from '../../../electron/contract/deals'
import { addDays, localDateOf } from '../../../electron/core/time/local-dates'
import type { SyncStore, WorldClock } from './cluster'

/**
 * The convergence schedule's steps for visits, deals and appointments (steps.ts runs them):
 * check-ins (also of one customer at a store and its second PC, or at two stores, with no
 * delivery between), check-outs that pick a deal or close duplicates, deals opened, moved and
 * reassigned, appointments scheduled, moved and cancelled, the automatic check-out switched on
 * and off, and a night passing. Notes quote the customer's marker: erasing them must clear it.
 */
export const VISIT_COMMANDS = [
  'checkIn',
  'checkInTwice',
  'checkOut',
  'newDeal',
  'dealStatus',
  'assignDeal',
  'schedule',
  'reschedule',
  'cancelAppointment',
  'autoCheckout',
  'newDay',
] as const
export type VisitCommand = (typeof VISIT_COMMANDS)[number]

export interface VisitStep {
  command: VisitCommand
  pick: number
  text: number
  flag: boolean
}

const pickFrom = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined)

const db = (store: SyncStore) => store.core.services.db

const liveCustomers = (store: SyncStore): Promise<string[]> => db(store)('customers').where({ active: 1 }).whereNull('erased_at').orderBy('id').pluck('id')

async function liveCustomer(store: SyncStore, pick: number): Promise<string | undefined> {
  return pickFrom(await liveCustomers(store), pick)
}

const staff = async (store: SyncStore, pick: number) => pickFrom(await db(store)('users').where({ active: 1 }).orderBy('id').pluck('id'), pick)!

/** Another place the same customer can be checked in at the same time: the store's second PC, else another store. */
function elsewhere(stores: SyncStore[], store: SyncStore, pick: number): SyncStore {
  const twin = stores.find((s) => s.twinOf === store || store.twinOf === s)
  return twin ?? stores.filter((s) => s !== store)[pick % (stores.length - 1)]!
}

function today(store: SyncStore): string {
  return localDateOf(store.core.services.now(), 'America/New_York')
}

export async function visitCommand(stores: SyncStore[], store: SyncStore, world: WorldClock, step: VisitStep, markers: Map<string, string>): Promise<Envelope<unknown> | undefined> {
  const { pick, text, flag } = step
  const storeId = store.core.services.localStoreId()!
  const about = (customerId: string) => markers.get(customerId) ?? 'someone'
  switch (step.command) {
    case 'checkIn': {
      const customer = await liveCustomer(store, pick)
      return customer ? store.call('visits:checkIn', { customerId: customer }) : undefined
    }
    case 'checkInTwice': {
      // Two PCs of one store (or two stores) offline: both check the customer in.
      // A customer both places know: the point is two check-ins written apart, not a missing row.
      const other = elsewhere(stores, store, text)
      const known = new Set<string>(await db(other)('customers').where({ active: 1 }).whereNull('erased_at').pluck('id'))
      const customer = pickFrom((await liveCustomers(store)).filter((id) => known.has(id)), pick)
      if (!customer) return undefined
      await store.call('visits:checkIn', { customerId: customer })
      return other.call('visits:checkIn', { customerId: customer })
    }
    case 'checkOut': {
      const customer = pickFrom(await db(store)('visits').where({ store_id: storeId, open: 1 }).orderBy('id').pluck('customer_id'), pick)
      if (!customer) return undefined
      const open: string[] = await db(store)('deals').where({ customer_id: customer, status: 'open' }).orderBy('id').pluck('id')
      const dealId = flag ? (pickFrom(open, text) ?? null) : null
      const closeDealIds = text % 3 === 0 ? open.filter((id) => id !== dealId).slice(0, 1) : []
      return store.call('visits:checkOut', { customerId: customer, dealId, closeDealIds })
    }
    case 'newDeal': {
      // Half of them say they mean a second open deal (refused otherwise beside one), so duplicates still reach check-out.
      const customer = await liveCustomer(store, pick)
      return customer ? store.call('deals:create', { customerId: customer, assignedUserId: await staff(store, text), note: `Deal of ${about(customer)}`, alsoWhenOpen: flag }) : undefined
    }
    case 'dealStatus': {
      const deal = pickFrom(await db(store)('deals').orderBy('id').select('id', 'status', 'customer_id'), pick)
      if (!deal) return undefined
      const status = pickFrom(DEAL_MOVES[deal.status as DealStatus], text) ?? 'lost'
      return store.call('deals:setStatus', { dealId: deal.id, status, note: `Because of ${about(deal.customer_id)}` })
    }
    case 'assignDeal': {
      const deal = pickFrom(await db(store)('deals').orderBy('id').pluck('id'), pick)
      return deal ? store.call('deals:assign', { dealId: deal, userId: await staff(store, text) }) : undefined
    }
    case 'schedule': {
      const customer = await liveCustomer(store, pick)
      if (!customer) return undefined
      const date = addDays(today(store), text % 3)
      return store.call('appointments:schedule', { customerId: customer, date, time: `1${text}:30`, staffId: await staff(store, pick), note: `See ${about(customer)}` })
    }
    case 'reschedule': {
      const appointment = pickFrom(await db(store)('appointments').orderBy('id').select('id', 'customer_id'), pick)
      if (!appointment) return undefined
      const date = addDays(today(store), 1 + (text % 2))
      return store.call('appointments:reschedule', { id: appointment.id, date, time: `0${text}:15`, staffId: await staff(store, text), note: flag ? `Moved for ${about(appointment.customer_id)}` : '' })
    }
    case 'cancelAppointment': {
      const appointment = pickFrom(await db(store)('appointments').orderBy('id').pluck('id'), pick)
      return appointment ? store.call('appointments:cancel', { id: appointment }) : undefined
    }
    case 'autoCheckout': {
      const settings = await store.call('settings:get', {})
      return settings.ok ? store.call('settings:update', { ...settings.data, autoCheckoutAtDayStart: flag }) : undefined
    }
    case 'newDay': {
      // The night passes everywhere; this store opens first (its visits command starts its day).
      world.advance(24 * 3600_000)
      return store.call('visits:today', {})
    }
  }
}

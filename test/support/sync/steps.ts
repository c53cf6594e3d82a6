import fc from 'fast-check'
import type { CommandOutput, Envelope } from '../../../electron/contract'
import { OWNER } from '../core'
import { deliver, restart, type SyncStore, type WorldClock } from './cluster'
import { IMPORT_COMMANDS, importCommand } from './import-steps'
import { RECEIPT_IMPORT_COMMANDS, importReceiptsCommand } from './receipt-import-steps'
import { salePointsCommand } from './sale-points-steps'
import { OWNER_COMMANDS, ownerAtDesk, ownerCommand } from './owner-steps'
import { VISIT_COMMANDS, visitCommand } from './visit-steps'

/**
 * One step of a schedule: a command at one store, a (partial, reordered, repeated) delivery
 * from one store to another, a restart with the clock moved, or time passing. Numbers pick
 * among what exists when the step runs (`pick % candidates`), so any schedule is valid.
 */
export type Step =
  | { kind: 'command'; store: number; command: CommandKind; pick: number; text: number; flag: boolean }
  | { kind: 'deliver'; from: number; to: number; start: number; end: number; shuffle: number; duplicates: number }
  | { kind: 'restart'; store: number; jump: number }
  | { kind: 'skew'; store: number; skew: number }
  | { kind: 'wait'; ms: number }

/** A store's email settings (no server is reachable from the cluster: messages wait in the outbox). */
const MAIL_SETTINGS = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls' as const,
  username: 'shop@example.com',
  fromName: 'Corner Shop',
  fromAddress: 'shop@example.com',
  replyTo: '',
  attachPdf: false,
}

export const COMMANDS = [
  'createCustomer',
  'editCustomer',
  'openForm',
  'staleEdit',
  'changeStores',
  'changeStaff',
  'inactivate',
  'restore',
  'erase',
  'flag',
  'unflag',
  'points',
  'sale',
  'salePoints',
  'void',
  'emailReceipt',
  'feedback',
  'photo',
  'removePhoto',
  'createUser',
  'editUser',
  'toggleUser',
  'resetPin',
  'settings',
  'lockPolicy',
  'taxRate',
  'merge',
  'resolveConflict',
  ...IMPORT_COMMANDS,
  ...RECEIPT_IMPORT_COMMANDS,
  ...VISIT_COMMANDS,
  ...OWNER_COMMANDS,
] as const
export type CommandKind = (typeof COMMANDS)[number]

/** Commands that make what the others work on come up more often. */
const WEIGHTED: CommandKind[] = [
  ...COMMANDS,
  ...['createCustomer', 'createCustomer', 'createCustomer', 'openForm', 'openForm', 'openForm', 'staleEdit', 'editCustomer', 'sale', 'sale', 'salePoints', 'points', 'void', 'merge'] as const,
  // Points pay only once a customer earned or was given some: ask often, most asks find none.
  ...['salePoints', 'salePoints'] as const,
  // Conflicts come up only when a shared username or card met another store's: resolve them often.
  ...['resolveConflict', 'resolveConflict'] as const,
  // Check-ins and check-outs, the visit commands two PCs race on.
  ...['checkIn', 'checkInTwice', 'checkOut'] as const,
]

/** What a store's second PC runs (see cluster.ts `twinStore`): not what numbers things per store. */
const TWIN_COMMANDS = new Set<CommandKind>([
  ...VISIT_COMMANDS,
  'editCustomer', 'openForm', 'staleEdit', 'changeStores', 'changeStaff', 'inactivate', 'restore', 'erase', 'flag', 'unflag', 'points', 'feedback',
  'photo', 'removePhoto', 'editUser', 'toggleUser', 'resetPin', 'settings', 'resolveConflict', 'merge', 'dropOwner',
])

/** `owners`: also add owners and demote or deactivate them (owner-steps.ts). Both property tests use them. */
export function stepArbitrary(stores: number, { owners = false } = {}): fc.Arbitrary<Step> {
  const store = fc.nat({ max: stores - 1 })
  const commands = owners ? WEIGHTED : WEIGHTED.filter((c) => !(OWNER_COMMANDS as readonly string[]).includes(c))
  return fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('command' as const), store, command: fc.constantFrom(...commands), pick: fc.nat(), text: fc.nat({ max: 7 }), flag: fc.boolean() }) },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('deliver' as const),
        from: store,
        to: store,
        start: fc.double({ min: 0, max: 1, noNaN: true }),
        end: fc.double({ min: 0, max: 1, noNaN: true }),
        shuffle: fc.nat(),
        duplicates: fc.nat({ max: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), store, jump: fc.integer({ min: -3_600_000, max: 60_000 }) }) },
    // Mostly small skews; sometimes more than five minutes ahead, which other stores hold back.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('skew' as const), store, skew: fc.oneof(fc.integer({ min: -120_000, max: 120_000 }), fc.constant(10 * 60_000)) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 90_000 }) }) },
  )
}

/** Values typed, with a few shared on purpose: the same username or gift card at two stores offline. */
const NAMES = ['Ana', 'Björn', 'Chloé', 'Dmitri', 'Eve', 'Farah', 'Gus', 'Hana']
const USERNAMES = ['ana.g', 'bjorn', 'chloe', 'dmitri']
/** The last two are GC-1 and GC-2 written other ways: the same cards (contract/claim-keys.ts). */
const GIFT_CARDS = ['GC-1', 'GC-2', 'GC-3', 'gc 1', 'ＧＣ－２']
const CITIES = ['Lisbon', 'Porto', 'Faro', 'Braga']
/** A 1×1 PNG in two colours: main re-encodes them as JPEG photos. */
const PHOTOS = [
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
]

type Detail = CommandOutput<'customers:get'>

/** What the schedule remembers between steps: forms opened and not yet saved, and each customer's unique marker. */
export interface Memory {
  /** Commands that answered ok and that a rule refused, by command: a schedule must do real work. */
  outcomes: Map<string, number>
  forms: Map<string, Detail>
  /** Text that belongs to one customer only (in their last name): must vanish when they are erased. */
  markers: Map<string, string>
  erased: Set<string>
  serial: number
}

export function newMemory(): Memory {
  return { outcomes: new Map(), forms: new Map(), markers: new Map(), erased: new Set(), serial: 0 }
}

const pickFrom = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined)

async function ids(store: SyncStore, table: string, where: Record<string, unknown> = {}, extra?: (q: ReturnType<SyncStore['core']['services']['db']>) => void): Promise<string[]> {
  const q = store.core.services.db(table).where(where).orderBy('id')
  extra?.(q)
  return q.pluck('id')
}

const liveCustomers = (store: SyncStore, active = true) => ids(store, 'customers', active ? { active: 1 } : {}, (q) => q.whereNull('erased_at'))

/** The form fields of a customer as customers:get answered them (what an edit form sends back). */
export function formOf(detail: Detail) {
  const { id: _id, customerNumber: _n, photo: _p, hasPassword: _h, assignedStaff: _a, stores: _s, flag: _f, loyaltyPoints: _l, lastLoyaltyReason: _r, active: _ac, erased: _e, createdAt: _c, updatedAt: _u, ...fields } = detail
  return fields
}

/** Runs one command step. Refusals (a rule, a missing row) are fine; INTERNAL is a failure. */
async function command(stores: SyncStore[], world: WorldClock, step: Extract<Step, { kind: 'command' }>, memory: Memory): Promise<Envelope<unknown> | undefined> {
  const store = stores[step.store]
  if (store.twinOf && !TWIN_COMMANDS.has(step.command)) return undefined
  const { pick, text, flag } = step
  const storeId = store.core.services.localStoreId()!
  const customer = pickFrom(await liveCustomers(store), pick)
  const anyCustomer = pickFrom(await liveCustomers(store, false), pick)
  const get = async (id: string) => {
    const answer = await store.call('customers:get', { id })
    return answer.ok ? answer.data : undefined
  }
  const save = async (id: string, loaded: Detail, change: Partial<ReturnType<typeof formOf>>) =>
    store.call('customers:update', { ...formOf(loaded), ...change, id, loaded: formOf(loaded) })
  switch (step.command) {
    case 'createCustomer': {
      memory.serial += 1
      const marker = `Qz${store.name}x${memory.serial}`
      const stores = await ids(store, 'stores')
      const staff = await ids(store, 'users', { active: 1 })
      const answer = await store.call('customers:create', {
        firstName: NAMES[text],
        lastName: marker,
        email: `${marker.toLowerCase()}@example.org`,
        username: flag ? USERNAMES[pick % USERNAMES.length] : '',
        giftCardNumber: pick % 3 === 0 ? GIFT_CARDS[text % GIFT_CARDS.length] : '',
        loyaltyEnrolled: true,
        storeIds: flag ? [storeId, pickFrom(stores, text)!] : [storeId],
        assignedStaffIds: pick % 2 ? [pickFrom(staff, text)!] : [],
        notes: `Note about ${marker}`,
      })
      if (answer.ok) memory.markers.set(answer.data.id, marker)
      return answer
    }
    case 'openForm': {
      const answer = customer ? await store.call('customers:get', { id: customer }) : undefined
      if (answer?.ok) memory.forms.set(`${store.name}:${answer.data.id}`, answer.data)
      return answer
    }
    case 'editCustomer': {
      const detail = customer && (await get(customer))
      if (!detail) return undefined
      return save(detail.id, detail, flag ? { city: CITIES[text % CITIES.length] } : { phone: `+1 415 555 ${String(1000 + pick % 9000)}` })
    }
    case 'staleEdit': {
      // A form opened earlier, saved now: only what was changed in it may be written.
      const key = pickFrom([...memory.forms.keys()].filter((k) => k.startsWith(`${store.name}:`)), pick)
      if (!key) return undefined
      const loaded = memory.forms.get(key)!
      memory.forms.delete(key)
      return save(loaded.id, loaded, flag ? { nickname: NAMES[text] } : { email: `stale${text}.${memory.markers.get(loaded.id)?.toLowerCase() ?? 'x'}@example.org` })
    }
    case 'changeStores': {
      const detail = customer && (await get(customer))
      if (!detail) return undefined
      const other = pickFrom(await ids(store, 'stores'), text)!
      const storeIds = detail.storeIds.includes(other) && detail.storeIds.length > 1 ? detail.storeIds.filter((s) => s !== other) : [...new Set([...detail.storeIds, other])]
      return save(detail.id, detail, { storeIds })
    }
    case 'changeStaff': {
      const detail = customer && (await get(customer))
      if (!detail) return undefined
      const user = pickFrom(await ids(store, 'users', { active: 1 }), text)!
      const assignedStaffIds = detail.assignedStaffIds.includes(user) ? detail.assignedStaffIds.filter((u) => u !== user) : [...detail.assignedStaffIds, user].slice(-2)
      return save(detail.id, detail, { assignedStaffIds })
    }
    case 'inactivate':
      return customer ? store.call('customers:inactivate', { id: customer }) : undefined
    case 'restore':
      return anyCustomer ? store.call('customers:restore', { id: anyCustomer }) : undefined
    case 'erase': {
      if (!anyCustomer || pick % 3 !== 0) return undefined
      const answer = await store.call('customers:erase', { id: anyCustomer })
      if (answer.ok) memory.erased.add(anyCustomer)
      return answer
    }
    case 'flag':
      return customer ? store.call('customers:setFlag', { id: customer, flagged: true, reason: `Flagged ${memory.markers.get(customer) ?? ''} ${text}` }) : undefined
    case 'unflag':
      return customer ? store.call('customers:setFlag', { id: customer, flagged: false, reason: '' }) : undefined
    case 'points': {
      if (!customer) return undefined
      const owner = await store.core.services.db('users').where({ username: OWNER.username }).first()
      return store.call('loyalty:adjust', {
        customerId: customer,
        direction: flag ? 'add' : 'remove',
        points: 1 + (pick % 50),
        reason: `Adjusted for ${memory.markers.get(customer) ?? 'someone'}`,
        approverId: owner.id,
        approverPin: OWNER.pin,
      })
    }
    case 'sale': {
      const rate = pickFrom(await ids(store, 'tax_rates', { store_id: storeId, active: 1 }), text)
      const buyer = flag ? null : (customer ?? null)
      return store.call('sales:create', {
        customerId: buyer,
        items: [{ name: `Item ${text}`, quantity: 1 + (pick % 3), unitPriceMinor: 100 + (pick % 5000), taxRateId: rate ?? null }],
        // A payment reference that quotes the buyer (a gift card in their name): erasing them clears it.
        payments: [{ method: 'cash', amountMinor: 1_000_000, reference: buyer ? `Ref ${memory.markers.get(buyer) ?? ''}` : '' }],
      })
    }
    case 'salePoints':
      return salePointsCommand(store, step, customer)
    case 'void': {
      const receipt = pickFrom(await ids(store, 'receipts', { kind: 'sale' }), pick)
      if (!receipt) return undefined
      // The reason quotes the receipt's own customer: erasing them must clear it.
      const buyer = (await store.core.services.db('receipts').where({ id: receipt }).first('customer_id'))?.customer_id
      return store.call('sales:void', { receiptId: receipt, reason: `Returned by ${(buyer && memory.markers.get(buyer)) || 'a walk-in'}` })
    }
    case 'emailReceipt': {
      const receipt = pickFrom(await ids(store, 'receipts'), pick)
      if (!receipt) return undefined
      const settings = await store.call('mail:getSettings', {})
      if (settings.ok && !settings.data.configured) await store.call('mail:saveSettings', { ...MAIL_SETTINGS, password: 'app password' })
      // To the buyer's own address when there is one: erasing them must clear it everywhere.
      const buyer = (await store.core.services.db('receipts').where({ id: receipt }).first('customer_id'))?.customer_id
      const marker = buyer && memory.markers.get(buyer)
      return store.call('receipts:send', { receiptId: receipt, to: marker ? `${marker.toLowerCase()}@example.org` : `desk${text}@example.org` })
    }
    case 'feedback':
      return customer ? store.call('feedback:add', { customerId: customer, sentiment: flag ? 'positive' : 'negative', comment: `About ${memory.markers.get(customer) ?? ''}` }) : undefined
    case 'photo': {
      const detail = customer && (await get(customer))
      return detail ? store.call('customers:update', { ...formOf(detail), id: detail.id, loaded: formOf(detail), photo: PHOTOS[text % 2] }) : undefined
    }
    case 'removePhoto': {
      const detail = customer && (await get(customer))
      return detail ? store.call('customers:update', { ...formOf(detail), id: detail.id, loaded: formOf(detail), photo: null }) : undefined
    }
    case 'createUser':
      return store.call('users:create', {
        username: `staff${text % 3}`,
        displayName: `Staff ${store.name} ${memory.serial++}`,
        role: flag ? 'manager' : 'staff',
        password: 'a staff password',
        pin: '1357',
      })
    case 'editUser': {
      const user = pickFrom(await ids(store, 'users', {}, (q) => q.whereNot({ role: 'owner' })), pick)
      return user ? store.call('users:update', { id: user, displayName: `Renamed ${store.name} ${memory.serial++}`, role: flag ? 'manager' : 'staff' }) : undefined
    }
    case 'toggleUser': {
      const user = pickFrom(await ids(store, 'users', {}, (q) => q.whereNot({ role: 'owner' })), pick)
      return user ? store.call('users:setActive', { id: user, active: flag }) : undefined
    }
    case 'resetPin': {
      const user = pickFrom(await ids(store, 'users', {}, (q) => q.whereNot({ role: 'owner' })), pick)
      return user ? store.call('users:resetPin', { id: user, pin: String(2000 + text) }) : undefined
    }
    case 'settings': {
      const settings = await store.call('settings:get', {})
      return settings.ok ? store.call('settings:update', { ...settings.data, loyaltyPointsPerUnit: 1 + (text % 3) }) : undefined
    }
    case 'lockPolicy':
      // The screen lock's policy lives on the store row, synced with the other store settings.
      return store.call('lock:setPolicy', { idleMinutes: text * 5, pinUnlock: flag })
    case 'taxRate':
      return store.call('taxRates:save', { name: `Tax ${text}`, ratePercent: text })
    case 'merge': {
      // Two customers this store has (often the two every store knows): other stores may sell to
      // or edit the one merged away before the merge reaches them.
      const live = await liveCustomers(store)
      const merged = pickFrom(live.filter((id) => id !== customer), pick + text)
      if (!customer || !merged) return undefined
      // More staff together than a customer can have: the user picks whom to keep (here the
      // merged one's first, so the survivor loses one of its own), or, with no pick, the merge is refused.
      const [kept, gone] = [await get(customer), await get(merged)]
      const both = [...new Set([...(gone?.assignedStaffIds ?? []), ...(kept?.assignedStaffIds ?? [])])]
      const assignedStaffIds = both.length > 2 && text % 2 ? both.slice(0, 2) : undefined
      const keep = flag ? ({ lastName: 'merged', city: 'merged', giftCardNumber: 'merged' } as const) : ({ email: 'merged' } as const)
      return store.call('duplicates:merge', { survivorId: customer, mergedId: merged, keep, assignedStaffIds })
    }
    case 'resolveConflict': {
      // A new value that may itself be taken (or taken meanwhile at another store), or none.
      const listed = await store.call('conflicts:list', {})
      const conflict = listed.ok ? pickFrom(listed.data.conflicts, pick) : undefined
      if (!conflict) return undefined
      const value = flag ? '' : conflict.kind === 'username' ? `${USERNAMES[text % USERNAMES.length]}${text % 2 ? '' : '.2'}` : GIFT_CARDS[text % GIFT_CARDS.length] + (text % 2 ? '' : '0')
      return store.call('conflicts:resolve', { id: conflict.id, value })
    }
    case 'importCustomers':
      return importCommand(store, step, memory.markers, () => ++memory.serial)
    case 'importReceipts':
      return importReceiptsCommand(store, step, () => ++memory.serial)
    case 'addOwner':
    case 'dropOwner':
    case 'newRecoveryKey':
      return ownerCommand(store, { ...step, command: step.command }, () => ++memory.serial)
    case 'checkIn':
    case 'checkInTwice':
    case 'checkOut':
    case 'newDeal':
    case 'dealStatus':
    case 'assignDeal':
    case 'schedule':
    case 'reschedule':
    case 'cancelAppointment':
    case 'autoCheckout':
    case 'newDay':
      return visitCommand(stores, store, world, { ...step, command: step.command }, memory.markers)
  }
}

/** Runs one step; answers what went wrong when a command answered INTERNAL. */
export async function runStep(stores: SyncStore[], world: WorldClock, step: Step, memory: Memory): Promise<void> {
  switch (step.kind) {
    case 'command': {
      // Owners may have been demoted or deactivated (owner-steps.ts): the desk's window is an owner's.
      await ownerAtDesk(stores[step.store])
      const answer = await command(stores, world, step, memory)
      if (answer && !answer.ok && answer.error.code === 'INTERNAL') throw new Error(`${step.command} at ${stores[step.store].name} answered INTERNAL`)
      const outcome = `${step.command} ${answer ? (answer.ok ? 'ok' : answer.error.code) : 'skipped'}`
      memory.outcomes.set(outcome, (memory.outcomes.get(outcome) ?? 0) + 1)
      return
    }
    case 'deliver':
      if (step.from === step.to) return
      await deliver(stores[step.from], stores[step.to], {
        from: Math.min(step.start, step.end),
        to: Math.max(step.start, step.end),
        shuffle: step.shuffle,
        duplicates: step.duplicates,
      })
      return
    case 'restart':
      stores[step.store].skew += step.jump
      await restart(world, stores[step.store])
      return
    case 'skew':
      stores[step.store].skew = step.skew
      return
    case 'wait':
      world.advance(step.ms)
  }
}

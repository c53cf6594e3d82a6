import type { SyncStore } from './cluster'
import type { Memory } from './steps'

/** The convergence test's conflict phases (issue 10): the same values given at two stores, then settled by staff at two stores. */

/**
 * Two stores each give `shared.user` and card GC-SHARED (the second writes it "gc shared", the
 * same card) to a customer of their own before they hear from each other: a conflict in every
 * schedule, for staff to settle after the sync.
 */
export async function giveTheSameValuesAtTwoStores(stores: SyncStore[], memory: Memory): Promise<void> {
  for (const [index, store] of stores.filter((s) => !s.twinOf).slice(0, 2).entries()) {
    memory.serial += 1
    const marker = `Qz${store.name}x${memory.serial}`
    const answer = await store.call('customers:create', {
      firstName: 'Shared',
      lastName: marker,
      username: 'shared.user',
      giftCardNumber: index === 0 ? 'GC-SHARED' : 'gc shared',
      storeIds: [store.core.services.localStoreId()!],
    })
    if (answer.ok) memory.markers.set(answer.data.id, marker)
  }
}

/**
 * Staff at two stores settle every conflict the sync listed, each their own way, before the
 * stores hear from each other: the same conflict answered twice, and new values that may meet
 * again (`solved.0` given at both stores to two customers). Answers whether anything was written.
 */
export async function resolveListedConflicts(stores: SyncStore[], memory: Memory): Promise<boolean> {
  let wrote = false
  for (const [index, store] of stores.filter((s) => !s.twinOf).slice(0, 2).entries()) {
    const listed = await store.call('conflicts:list', {})
    if (!listed.ok) throw new Error(`conflicts:list at ${store.name} answered ${listed.error.code}`)
    for (const [n, conflict] of listed.data.conflicts.entries()) {
      const value = (n + index) % 3 === 0 ? '' : conflict.kind === 'username' ? `solved.${n}` : `GC-S${n}`
      const answer = await store.call('conflicts:resolve', { id: conflict.id, value })
      if (!answer.ok && answer.error.code === 'INTERNAL') throw new Error(`conflicts:resolve at ${store.name} answered INTERNAL`)
      const outcome = `resolveListed ${answer.ok ? 'ok' : answer.error.code}`
      memory.outcomes.set(outcome, (memory.outcomes.get(outcome) ?? 0) + 1)
      wrote ||= answer.ok
    }
  }
  return wrote
}

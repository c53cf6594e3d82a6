import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { flushEntries, newWriter, type LogEntry } from '../db/changelog'
import { inTransaction } from '../db/transaction'
import { newId } from '../ids'
import { compareEntries } from '../sync/entry'
import { updateUser, type UserRow } from '../users/repo'
import { hashSecret, weakerThan } from './kdf'

type SecretField = 'password_hash' | 'pin_hash'

/**
 * The write that set a user's password or PIN hash as this store holds it: the latest update of
 * the field by (HLC, id), or the row's insert (or snapshot), which set both.
 */
export async function secretWrite(db: Knex, userId: string, field: SecretField): Promise<Pick<LogEntry, 'hlc' | 'id'> | undefined> {
  const writes: Pick<LogEntry, 'hlc' | 'id'>[] = await db('change_log')
    .select('hlc', 'id')
    .where({ table_name: 'users', row_id: userId })
    .where((q) => q.where({ field }).orWhereIn('op', ['insert', 'snapshot']))
  return writes.sort(compareEntries).at(-1)
}

/**
 * A secret that just proved right against a hash made at a lower cost than this store's (an
 * older app's default) is hashed again at the store's cost and saved, so the stored hash keeps
 * up with the cost without anyone choosing a new password. Called after the check succeeded; a
 * wrong secret never gets here. A failure is logged and changes nothing: the sign-in stands.
 *
 * Users sync, so the new hash is written through the tracked writer, as **the same version** of
 * the secret: its entry takes the HLC of the write that set the hash it replaces. By (HLC, id) it
 * then beats that write everywhere (its id is newer) and loses to every later one. Written with
 * a fresh HLC instead, a rehash of the old password at a store that had not yet heard of a reset
 * made elsewhere (the reset of a leaked password) would win over the reset at every store. And
 * the stores that apply it see the secret's version unchanged: it ends nobody's session there
 * (sync/sign-ins.ts), as it is the same password.
 */
export async function rehashIfWeak(services: CoreServices, user: Pick<UserRow, 'id'>, field: SecretField, secret: string, checked: string): Promise<void> {
  const storeId = services.localStoreId()
  if (!storeId || !weakerThan(checked, services.kdf)) return
  try {
    // A rehash that could not be saved costs no hash: the same read-only checks come first,
    // then again in the transaction, for what changed while the secret was being hashed.
    if (!(await savableVersion(services.db, user.id, field, checked))) return
    const hash = await hashSecret(secret, services.kdf)
    await inTransaction(services.db, async (trx) => {
      const version = await savableVersion(trx, user.id, field, checked)
      if (!version) return
      const w = newWriter(trx, { storeId, userId: user.id, at: services.now().toISOString(), tick: () => version.hlc })
      await updateUser(w, user.id, { [field]: hash })
      await flushEntries(w)
    })
  } catch (error) {
    services.log(`The ${field === 'pin_hash' ? 'PIN' : 'password'} of user ${user.id} was not hashed again at the current cost: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/**
 * The version a rehash of `checked` would be saved as, or undefined when it cannot be: the hash
 * changed (a reset, an apply: that write stands), or the version's entry has an id no entry made
 * now comes after, so the rehash would lose to it elsewhere and win here (a version written by a
 * PC whose clock ran ahead). Ids count up on this PC (ids.ts): one made now is below the entry's.
 */
async function savableVersion(db: Knex, userId: string, field: SecretField, checked: string) {
  const row = await db('users').where({ id: userId }).first(field)
  if (row?.[field] !== checked) return undefined
  const version = await secretWrite(db, userId, field)
  if (!version || newId() <= version.id) return undefined
  return version
}

import type { ParsedInput } from '../../contract'
import type { Conflict, ConflictKind, ConflictParty } from '../../contract/conflicts'
import { requireStoreId, transact, type CommandContext } from '../context'
import { writeFieldTracked } from '../db/changelog'
import { AppError, fieldError } from '../errors'
import { CLAIM_COLUMN, claimKey, setClaim } from '../customers/claims'
import { requireCustomer } from '../customers/lookup'
import { storeNames } from '../customers/repo'
import { displayName } from '../loyalty/accounts'
import { readNewValue } from './validate'

/**
 * Sync conflicts (issue 10). Two stores gave one username or gift card number to two customers
 * offline; the claims rule (customers/claims.ts) let the earliest write keep it everywhere and
 * listed the other customer in `sync_conflicts`. That list is made by each store from the
 * claims it holds, so it is the same at every store once they have the same entries.
 *
 * Resolving is an ordinary synced write of the other customer's field: a new value, or none.
 * It replaces (or drops) their claim on the contested value, so every store that applies it
 * settles that value again and takes the conflict off its list: resolved everywhere, without a
 * table of its own to sync. Two stores resolving the same conflict at once: the later write
 * wins (last writer wins, as for any field); a new value taken meanwhile elsewhere becomes a
 * new conflict, settled the same way.
 */
interface ConflictRow {
  id: string
  kind: ConflictKind
  value: string
  winner_id: string
  loser_id: string
  created_at: string
}

interface ClaimRow {
  customer_id: string
  value: string
  hlc: string
  entry_id: string
}

const openConflicts = (ctx: CommandContext) => ctx.db<ConflictRow>('sync_conflicts').whereNull('resolved_at')

export async function count(ctx: CommandContext): Promise<{ open: number }> {
  const row = await openConflicts(ctx).count<{ n: number }[]>({ n: '*' }).first()
  return { open: Number(row?.n ?? 0) }
}

export async function list(ctx: CommandContext): Promise<{ conflicts: Conflict[] }> {
  // Oldest first; those listed by one apply (the same time) by kind and value, the same order at every store.
  const rows = await openConflicts(ctx).orderBy([{ column: 'created_at' }, { column: 'kind' }, { column: 'value' }, { column: 'id' }])
  const stores = await storeNames(ctx.db)
  const conflicts: Conflict[] = []
  for (const row of rows) {
    const claims: ClaimRow[] = await ctx.db('customer_claims')
      .where({ kind: row.kind, value_key: row.value })
      .orderBy([{ column: 'hlc' }, { column: 'entry_id' }])
    // Who holds it now, from the claims (the earliest), not the row's winner_id: an earlier claim
    // may have arrived after the conflict was listed.
    const [holderClaim] = claims
    const otherClaim = claims.find((c) => c.customer_id === row.loser_id)
    if (!holderClaim || !otherClaim || holderClaim.customer_id === row.loser_id) continue
    const holder = await party(ctx, holderClaim, stores)
    const other = await party(ctx, otherClaim, stores)
    if (!holder || !other) continue
    conflicts.push({ id: row.id, kind: row.kind, value: holderClaim.value, holder, other, createdAt: row.created_at })
  }
  return { conflicts }
}

/** A customer of a conflict (red with a flag when flagged), with the store that gave them the value and when. */
async function party(ctx: CommandContext, claim: ClaimRow, stores: Map<string, string>): Promise<ConflictParty | undefined> {
  const customer = await ctx.db('customers')
    .select('first_name', 'last_name', 'customer_number', 'store_id', 'erased_at', 'flagged', 'flag_reason')
    .where({ id: claim.customer_id })
    .first()
  // An erased customer is named nowhere: no party, so no flag or reason either.
  if (!customer || customer.erased_at) return undefined
  const write = await ctx.db('change_log').select('store_id', 'created_at').where({ id: claim.entry_id }).first()
  const storeId: string = write?.store_id ?? customer.store_id
  return {
    customerId: claim.customer_id,
    name: displayName(customer),
    customerNumber: Number(customer.customer_number),
    flagged: Boolean(customer.flagged),
    flagReason: customer.flagged ? customer.flag_reason : null,
    storeName: stores.get(storeId) ?? null,
    givenAt: write?.created_at ?? null,
  }
}

const GONE = 'This conflict is no longer open: it was resolved here or at another store. The list shows what is left.'

export async function resolve(ctx: CommandContext, input: ParsedInput<'conflicts:resolve'>): Promise<{ customerId: string; value: string | null }> {
  const storeId = requireStoreId(ctx)
  const first = await openConflicts(ctx).where({ id: input.id }).first()
  if (!first) throw new AppError('NOT_FOUND', GONE)
  const value = readNewValue(first.kind, input.value)
  return transact(ctx, storeId, async (w) => {
    // Read again inside the transaction: a sync may have settled it since.
    const conflict = await w.trx<ConflictRow>('sync_conflicts').whereNull('resolved_at').where({ id: input.id }).first()
    if (!conflict) throw new AppError('NOT_FOUND', GONE)
    const customer = await requireCustomer(w.trx, conflict.loser_id)
    const kind = conflict.kind
    const lost: ClaimRow | undefined = await w.trx('customer_claims').where({ kind, customer_id: customer.id }).first()
    if (value !== null) {
      const taken = await w.trx('customer_claims').where({ kind, value_key: claimKey(kind, value) }).whereNot({ customer_id: customer.id }).first()
      if (taken) throw fieldError('value', `That ${kind === 'username' ? 'username' : 'gift card number'} is already taken`, 'CONFLICT')
    }
    const column = CLAIM_COLUMN[kind]
    const entry = await writeFieldTracked(w, 'customers', customer.id, column, value, lost?.value ?? null)
    await w.trx('customers').where({ id: customer.id }).update({ updated_at: w.at })
    // The claim moves (or goes): the contested value is settled again and leaves the list.
    await setClaim(w.trx, kind, customer.id, value, { hlc: entry.hlc, entryId: entry.id, at: w.at })
    return { customerId: customer.id, value }
  })
}

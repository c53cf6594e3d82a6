import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import { requireStoreId, transact, type CommandContext } from '../context'
import { eraseCustomerReceiptEmails } from '../mail/receipt-emails'
import { FIELD_COLUMNS } from './columns'
import { DERIVED_COLUMNS } from './derived'
import { requireCustomer } from './lookup'
import { updateCustomer } from './repo'

/** Every personal value on the row, cleared: the form's fields, the password and the caches that quote them. */
function clearedColumns(): Record<string, unknown> {
  const cleared: Record<string, unknown> = {}
  for (const column of Object.values(FIELD_COLUMNS)) cleared[column] = null
  for (const column of DERIVED_COLUMNS) cleared[column] = null
  return {
    ...cleared,
    first_name: '',
    name_key: '',
    search_text: '',
    sms_opt_in: false,
    email_opt_in: false,
    loyalty_enrolled: false,
    assigned_staff_ids: '[]',
    store_ids: '[]',
    password_hash: null,
    flagged: false,
    flag_reason: null,
    loyalty_points: 0,
    last_loyalty_reason: null,
  }
}

/** Rows about the customer that may quote them (reasons, comments): removed with their log entries. */
const PERSONAL_HISTORY_TABLES = ['flag_events', 'loyalty_ledger', 'feedback'] as const

/**
 * The customer's past, for good: its change-log entries, its flag events, points ledger and
 * feedback (and their entries), its photo, the addresses its receipts were emailed to. Receipts stay: they are the store's accounts, and
 * once the row is cleared they point at a customer with no personal data.
 */
async function removeHistory(trx: Knex.Transaction, customerId: string): Promise<void> {
  for (const table of PERSONAL_HISTORY_TABLES) {
    const ids = trx(table).select('id').where({ customer_id: customerId })
    await trx('change_log').where({ table_name: table }).whereIn('row_id', ids).delete()
    await trx(table).where({ customer_id: customerId }).delete()
  }
  await trx('change_log').whereIn('table_name', ['customers', 'customer_photos']).andWhere({ row_id: customerId }).delete()
  await trx('customer_photos').where({ id: customerId }).delete()
  await eraseCustomerReceiptEmails(trx, customerId)
}

/**
 * Erases a customer: personal data, photo, flag events and change history are removed for
 * good. A tombstone row stays (id, store, number, dates, marked erased) so sync cannot bring
 * the customer back, and the erase itself is logged: who and when, with no personal value.
 * The personal columns are cleared with a plain update, because a tracked one would copy
 * the old values into the log.
 */
export async function erase(ctx: CommandContext, input: ParsedInput<'customers:erase'>) {
  await transact(ctx, requireStoreId(ctx), async (w) => {
    await requireCustomer(w.trx, input.id)
    await removeHistory(w.trx, input.id)
    await w.trx('customers').where({ id: input.id }).update(clearedColumns())
    await updateCustomer(w, input.id, { active: false, erased_at: w.at })
  })
  return {}
}

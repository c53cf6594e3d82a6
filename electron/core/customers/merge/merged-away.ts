import type { Knex } from 'knex'
import { AppError, notFound } from '../../errors'
import { survivorOf } from './family'

/**
 * A merged customer is gone: it lives on in the customer it was merged into (its survivor),
 * which holds its receipts, points and history, and it cannot be restored on its own. A
 * command that would act on it (from an old link, or a screen opened before the merge) is
 * refused naming the survivor, rather than told to restore a customer who cannot be restored.
 * The survivor's number goes with its name (the two records of one person often share a name), as
 * the duplicate warning names a customer; typed in the search box, it finds them. No field is
 * named: the dialogs that write about a customer (feedback, deal, loyalty) have no customer field
 * to show it next to, so the message is the form's own.
 */
export async function mergedAway(db: Knex, mergedId: string): Promise<AppError> {
  const survivor: { first_name: string; last_name: string | null; customer_number: number; erased_at: string | null } | undefined = await db('customers')
    .where({ id: await survivorOf(db, mergedId) })
    .first('first_name', 'last_name', 'customer_number', 'erased_at')
  // An erased survivor takes the customers merged into it along (erase-family.ts): nothing is left to open.
  if (!survivor || survivor.erased_at) return notFound('Customer')
  const name = [survivor.first_name, survivor.last_name].filter(Boolean).join(' ')
  const message = `This customer was merged into ${name} (#${survivor.customer_number}); open ${name} instead`
  return new AppError('CONFLICT', message)
}

import type { ParsedInput } from '../../contract'
import type { CustomerDetail } from '../../contract/customers'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError } from '../errors'
import { appendFlagEvent, flagEvents, flagState } from './flag-events'
import { pageCustomerId, requireCustomer } from './lookup'
import { mergedAway } from './merge/merged-away'
import { customerDetail } from './present'

/**
 * Flags (reason required, checked by the contract) or un-flags a customer by appending an
 * event. Flagging a flagged customer again records the new reason; un-flagging a customer
 * who is not flagged is refused, so the history holds only real changes. A request saved before
 * (its draft put back, sent again) answers with the customer as they are now, and no second event.
 */
export async function setFlag(ctx: CommandContext, input: ParsedInput<'customers:setFlag'>): Promise<CustomerDetail> {
  const storeId = requireStoreId(ctx)
  const request = commandRequest('customers:setFlag', input)
  await transact(ctx, storeId, (w) =>
    savedOnce(w, request, async () => {
      const customer = await requireCustomer(w.trx, input.id)
      // Not put on the survivor unasked: an un-flag from a screen of the merged customer would clear the survivor's own flag (merge/keep-flag.ts).
      if (customer.merged_into) throw await mergedAway(w.trx, input.id)
      if (!input.flagged && !(await flagState(w.trx, input.id)).flagged) {
        throw new AppError('CONFLICT', 'This customer is not flagged')
      }
      return appendFlagEvent(w, input.id, input.flagged ? 'flagged' : 'unflagged', input.reason)
    }),
  )
  return customerDetail(ctx, await requireCustomer(ctx.db, input.id))
}

export async function flagHistory(ctx: CommandContext, input: ParsedInput<'customers:flagHistory'>) {
  const events = await flagEvents(ctx.db, await pageCustomerId(ctx.db, input.id))
  return events.map((e) => ({ action: e.action, at: e.created_at, user: e.user_name, reason: e.reason }))
}

import { MAX_GONE_ASKED } from '@contract/customers'
import { id } from '@contract/fields'
import { ApiError, backroom, unwrap } from '@/api/client'
import { customersOfDrafts, forgetDraftsAbout } from './useFormDraft'

/**
 * Removes every draft on this PC about a customer who is gone: erased at another store (the
 * erase applied by sync). A customer not in this store's data at all (a backup from before they
 * were added restored) is not gone: their drafts wait. Asked at start and after each sync round (syncStatus); an erase made at this
 * desk removes its drafts at once (DeleteCustomerDialog). Costs nothing while no draft names a
 * customer, and one command per MAX_GONE_ASKED customers otherwise.
 */
export async function forgetDraftsAboutGoneCustomers(): Promise<void> {
  // A hand-edited draft's id that is not one would make the whole question refused.
  const ids = customersOfDrafts().filter((customerId) => id.safeParse(customerId).success)
  try {
    for (let start = 0; start < ids.length; start += MAX_GONE_ASKED) {
      const { gone } = await unwrap(backroom().customers.gone({ ids: ids.slice(start, start + MAX_GONE_ASKED) }))
      gone.forEach(forgetDraftsAbout)
    }
  } catch (error) {
    // Signed out or locked meanwhile: the drafts are looked at again next time.
    if (!(error instanceof ApiError)) throw error
  }
}

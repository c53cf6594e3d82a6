import type { CustomerRow } from '@contract/customers'
import { computed, ref, watch } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'

/** A customer as the picker shows one, from their id (the row shape the search answers with). */
export async function readCustomer(id: string): Promise<CustomerRow> {
  const { flag, ...rest } = await unwrap(backroom().customers.get({ id }))
  return { ...rest, flagged: flag.flagged, flagReason: flag.reason } as unknown as CustomerRow
}

/**
 * The customer of the sale on screen, as main has them now. A sale put back (its draft after a
 * reload, a parked sale resumed) reads its customer again: flagged since, the sale must ask
 * again. While that read is on its way nothing may save or park the sale (`reading`). When it
 * fails (the data folder busy; or a customer this store does not have, a backup from before them
 * restored), the sale still names them (`unread`, kept in its draft and its parked copy) until
 * the cashier tries again, picks a customer, or goes on without them: a sale that was someone's
 * is never rung up for a walk-in unsaid, nor loses its customer for good.
 */
export function useSaleCustomer() {
  const customer = ref<CustomerRow | null>(null)
  const unread = ref<{ customer: CustomerRow; why: string } | null>(null)
  /** The customer being read again meanwhile: the sale is still theirs (a draft written, a park). */
  const pending = ref<CustomerRow | null>(null)
  const reading = computed(() => pending.value !== null)
  // A customer picked by hand is the cashier's answer.
  watch(customer, (picked) => picked && (unread.value = null))

  /** The customer the sale is for, read or not: what its draft and a parked copy keep. */
  const forSale = computed(() => customer.value ?? pending.value ?? unread.value?.customer ?? null)

  /** Puts a kept sale's customer back as they are now (none for a walk-in's sale). */
  async function putBack(kept: CustomerRow | null): Promise<void> {
    customer.value = null
    unread.value = null
    if (!kept) return
    pending.value = kept
    try {
      customer.value = await readCustomer(kept.id)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      unread.value = { customer: kept, why: error.message }
    } finally {
      pending.value = null
    }
  }

  /** Starts the sale for customer `id` (New sale on their page): the refusal's message, or ''. */
  async function startFor(id: string): Promise<string> {
    try {
      customer.value = await readCustomer(id)
      return ''
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      return error.message
    }
  }

  return {
    customer,
    reading,
    unread,
    forSale,
    putBack,
    startFor,
    retry: () => unread.value && putBack(unread.value.customer),
    clear: () => {
      customer.value = null
      unread.value = null
    },
  }
}

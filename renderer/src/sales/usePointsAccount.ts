import type { CustomerRow } from '@contract/customers'
import { ref, type Ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import type { PointsAccount } from './useSaleDraft'

/**
 * The sale's customer's points balance and enrolment, for a payment by points (main checks them
 * again when the sale is saved). `load` again after a refusal: another desk may have spent them.
 */
export function usePointsAccount(customer: Ref<CustomerRow | null>) {
  const account = ref<PointsAccount | null>(null)

  async function load(picked: CustomerRow | null) {
    account.value = null
    if (!picked) return
    try {
      const { balance, enrolled } = await unwrap(backroom().loyalty.history({ customerId: picked.id, limit: 1 }))
      // Only for the customer still on the sale: another may have been picked meanwhile.
      if (customer.value?.id === picked.id) account.value = { name: [picked.firstName, picked.lastName].filter(Boolean).join(' '), balance, enrolled }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
  }

  return { account, load }
}

import type { LoyaltyEntry } from '@contract/loyalty'
import { computed } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useKeysetPages } from '@/api/useKeysetPages'

/** A customer's points ledger, newest first: the balance, the entries, and more on request. */
export function useLoyaltyHistory(customerId: () => string) {
  const pages = useKeysetPages<LoyaltyEntry, { balance: number; rows: LoyaltyEntry[]; nextCursor: string | null }>((after) =>
    unwrap(backroom().loyalty.history({ customerId: customerId(), after })),
  )
  const balance = computed(() => pages.lastPage.value?.balance ?? 0)
  /** The reason of the last change (PRODUCT 3.1): the newest entry's. */
  const lastReason = computed(() => pages.rows.value[0]?.reason ?? null)
  /** False until main has answered once: a balance of 0 shown meanwhile would be a wrong figure. */
  const loaded = computed(() => pages.lastPage.value !== null)
  return { ...pages, balance, lastReason, loaded }
}

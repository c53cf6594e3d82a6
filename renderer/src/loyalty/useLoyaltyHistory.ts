import type { LoyaltyEntry } from '@contract/loyalty'
import { computed } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useKeysetPages } from '@/api/useKeysetPages'

/** A customer's points ledger, newest first: the balance, the entries, and more on request. */
export function useLoyaltyHistory(customerId: () => string) {
  const pages = useKeysetPages<LoyaltyEntry, { balance: number; enrolled: boolean; rows: LoyaltyEntry[]; nextCursor: string | null }>((after) =>
    unwrap(backroom().loyalty.history({ customerId: customerId(), after })),
  )
  const balance = computed(() => pages.lastPage.value?.balance ?? 0)
  /** The reason of the last change (PRODUCT 3.1): the newest entry's. */
  const lastReason = computed(() => pages.rows.value[0]?.reason ?? null)
  /** In the programme (true until main answers): one who is not may only have points removed. */
  const enrolled = computed(() => pages.lastPage.value?.enrolled ?? true)
  /** False until main has answered once: a balance of 0 shown meanwhile would be a wrong figure. */
  const loaded = computed(() => pages.lastPage.value !== null)
  return { ...pages, balance, enrolled, lastReason, loaded }
}

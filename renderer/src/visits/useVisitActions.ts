import type { Deal } from '@contract/deals'
import type { VisitStatus } from '@contract/visits'
import { useToast } from 'primevue/usetoast'
import { ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'

/** A customer the desk is checking out, with their open deals when main asked which one the visit is for. */
export interface PendingCheckOut {
  customerId: string
  name: string
  deals: Deal[]
  message: string
}

/**
 * Check-in and check-out as every screen does them (customer page, quick lookup, Today): main
 * decides; its refusals are shown as they are worded (who checked the customer in and when, the
 * missing permission). A check-out refused for several open deals opens the deal choice
 * (ChooseDealDialog) instead of a message.
 *
 * A refusal most often means the screen was out of date: another desk checked the customer in or
 * out first, their deal was reassigned, they were made inactive. So after one `stale` is called
 * to read again what main has, and the screen stops offering the button that was just refused.
 */
export function useVisitActions(changed: (status: VisitStatus) => void, stale: () => void) {
  const toast = useToast()
  const busy = ref(false)
  const choosing = ref<PendingCheckOut | null>(null)

  const refused = (error: unknown) => {
    if (!(error instanceof ApiError)) throw error
    toast.add({ severity: 'error', summary: error.message, life: 8000 })
    stale()
    return error
  }

  async function checkIn(customerId: string, name: string) {
    busy.value = true
    try {
      changed(await unwrap(backroom().visits.checkIn({ customerId })))
      toast.add({ severity: 'success', summary: `${name} checked in`, life: 4000 })
    } catch (error) {
      refused(error)
    } finally {
      busy.value = false
    }
  }

  async function checkOut(customerId: string, name: string, choice: { dealId?: string | null; closeDealIds?: string[] } = {}) {
    busy.value = true
    try {
      changed(await unwrap(backroom().visits.checkOut({ customerId, dealId: choice.dealId ?? null, closeDealIds: choice.closeDealIds ?? [] })))
      choosing.value = null
      toast.add({ severity: 'success', summary: `${name} checked out`, life: 4000 })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT' && error.fields.dealId) {
        const { deals } = await unwrap(backroom().deals.listForCustomer({ customerId }))
        choosing.value = { customerId, name, deals: deals.filter((d) => d.status === 'open'), message: error.message }
      } else refused(error)
    } finally {
      busy.value = false
    }
  }

  return { busy, choosing, checkIn, checkOut }
}

import type { CustomerRow } from '@contract/customers'
import { ref } from 'vue'
import { customerFullName } from '@/customers/labels'
import { discardParkedSale, listParkedSales, MAX_PARKED_SALES, parkSale, resumeParkedSale, type ParkedSale, type ParkedSaleValues, type ParkOutcome } from './parkedSales'

/**
 * Who a sale is for: its parked name, else its customer, else the walk-in, as `walkIn` says it
 * (in the screen's sentences "the walk-in customer"; the parked list's rows say "Walk-in").
 */
export const whoIsIt = (sale: { customer: CustomerRow | null; name?: string }, walkIn = 'the walk-in customer') =>
  sale.name || (sale.customer && customerFullName(sale.customer)) || walkIn

/** Why Park sale left the sale on screen. */
export const PARK_REFUSED: Record<Exclude<ParkOutcome, 'parked'>, string> = {
  full: `${MAX_PARKED_SALES} sales are parked already: resume or discard one before parking another. This sale is still here.`,
  unwritable: 'This PC’s storage refused the parked sale: it is still here. Save it, or start over.',
}

/** Why the sale on screen stayed when the desk opened a sale for another customer (it could not be parked). */
export function stillHere(sale: ParkedSaleValues, outcome: Exclude<ParkOutcome, 'parked'>): string {
  const why = outcome === 'full' ? `${MAX_PARKED_SALES} sales are parked already` : 'this PC’s storage refused to park it'
  return `The unsaved sale for ${whoIsIt(sale)} is still here (${why}): save it, or start over, before a new sale.`
}

/**
 * The New sale screen's queue of parked sales (guide 002), read afresh before each use: another
 * user at this PC may have parked, resumed or discarded one since. The queue is the desk's, not
 * the user's: it is kept under the store's id (`storeId`, known once the screen has loaded).
 */
export function useParkedQueue() {
  const storeId = ref('')
  const parked = ref<ParkedSale[]>([])
  const showList = ref(false)
  /** What the last park, resume or discard did, said where the cashier looks. */
  const notice = ref('')

  const refresh = () => void (parked.value = listParkedSales(storeId.value))

  function isFull(): boolean {
    refresh()
    return parked.value.length >= MAX_PARKED_SALES
  }

  function park(sale: ParkedSaleValues): ParkOutcome {
    const outcome = parkSale(storeId.value, sale)
    refresh()
    return outcome
  }

  /** Takes sale `id` off the queue, `current` (the sale on screen, if any) parked in its place; see resumeParkedSale. */
  function take(id: string, current: ParkedSaleValues | null): ParkedSale | null {
    const resumed = resumeParkedSale(storeId.value, id, current)
    refresh()
    showList.value = false
    return resumed
  }

  function open() {
    refresh()
    showList.value = true
  }

  function discard(id: string) {
    discardParkedSale(storeId.value, id)
    refresh()
    notice.value = 'The parked sale was discarded.'
  }

  return { storeId, parked, showList, notice, refresh, isFull, park, take, open, discard }
}

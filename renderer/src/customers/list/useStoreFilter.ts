import type { Choice } from '@/ui/form/options'
import { computed, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useOwnAddress } from '@/ui/useOwnAddress'
import { backroom, unwrap } from '@/api/client'
import { useCustomerFiltersStore } from './filtersStore'

/** The address's word for "every store's customers" (`?store=all`); any other value is a store's id. */
export const ALL_STORES = 'all'

interface KnownStore {
  id: string
  name: string
  local?: boolean
}

/**
 * Which store's customers the list shows, kept in the page's address (`?store=<id>` or
 * `?store=all`) so Back from a customer and a reload keep it.
 *
 * The list opens on this store's customers when the PC shares customers with other stores (it
 * knows more than one: a hub brought them). Guide 004's list is the "customers assigned to this
 * Store", and at a desk of one shop of several, the other shops' customers are mostly noise. A
 * store on its own opens on all: its customers are its own (and one made before it had any
 * store chosen still shows), and no store filter is offered.
 */
export function useStoreFilter(reload: () => Promise<void>) {
  const route = useRoute()
  const router = useRouter()
  const { filters } = useCustomerFiltersStore()
  const stores = ref<KnownStore[]>([])
  const loaded = ref(false)
  // Written once the stores answer: only while the user is still on the list.
  const { replaceOwnAddress } = useOwnAddress()

  const known = (id: unknown): id is string => typeof id === 'string' && stores.value.some((s) => s.id === id)
  const thisStore = () => stores.value.find((s) => s.local)?.id ?? null
  /** The store the address asks for; without one (the menu's link), the one chosen before on this visit, or the default. */
  function wanted(): string | null {
    const asked = route.query.store
    if (asked === ALL_STORES) return null
    if (known(asked)) return asked
    if (filters.storeId === null || known(filters.storeId)) return filters.storeId
    return stores.value.length > 1 ? thisStore() : null
  }

  /** Sets the filter from the address, and the address from the filter; true when the filter changed. */
  async function settle(): Promise<boolean> {
    const storeId = wanted()
    const changed = storeId !== filters.storeId
    filters.storeId = storeId
    const inAddress = storeId ?? ALL_STORES
    if (stores.value.length > 1 && route.query.store !== inAddress) await replaceOwnAddress({ query: { ...route.query, store: inAddress } })
    return changed
  }

  /** Reads the owner's stores and the address before the list's first search. */
  async function load(): Promise<void> {
    stores.value = await unwrap(backroom().stores.list({}))
    loaded.value = true
    await settle()
  }

  // Back and Forward between two choices change only the address.
  watch(
    () => route.query.store,
    async () => {
      if (loaded.value && route.name === 'customers' && (await settle())) await reload()
    },
  )

  const options = computed<Choice[]>(() => [
    { value: ALL_STORES, label: 'All stores' },
    ...stores.value.map((s) => ({ value: s.id, label: s.local ? `${s.name} (this store)` : s.name })),
  ])
  const choice = computed({
    get: () => filters.storeId ?? ALL_STORES,
    set: (value: string) => void router.replace({ query: { ...route.query, store: value } }),
  })
  /** Offered only where there is a choice: a store on its own has all its customers in one list. */
  const offered = computed(() => stores.value.length > 1)
  const chosenName = computed(() => stores.value.find((s) => s.id === filters.storeId)?.name ?? null)

  return { load, options, choice, offered, chosenName }
}

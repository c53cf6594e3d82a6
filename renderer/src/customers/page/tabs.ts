import type { CustomerDetail } from '@contract/customers'
import { defineAsyncComponent, type Component } from 'vue'

/**
 * The tabs of a customer's page. A tab is a component taking `customer` (and emitting
 * `updated` with the new detail when it changes the customer); a new tab — sales history,
 * loyalty history — is one more entry here.
 */
export interface CustomerPageTab {
  value: string
  label: string
  component: Component<{ customer: CustomerDetail }>
}

export const customerPageTabs: CustomerPageTab[] = [
  { value: 'details', label: 'Details', component: defineAsyncComponent(() => import('./DetailsTab.vue')) },
  {
    value: 'changes',
    label: 'Change history',
    component: defineAsyncComponent(() => import('./ChangeHistoryTab.vue')),
  },
  { value: 'sales', label: 'Sales history', component: defineAsyncComponent(() => import('@/sales/SalesHistoryTab.vue')) },
  { value: 'deals', label: 'Deals', component: defineAsyncComponent(() => import('@/deals/DealsTab.vue')) },
  { value: 'appointments', label: 'Appointments', component: defineAsyncComponent(() => import('@/appointments/AppointmentsTab.vue')) },
  {
    value: 'loyalty',
    label: 'Loyalty history',
    component: defineAsyncComponent(() => import('@/loyalty/LoyaltyHistoryTab.vue')),
  },
]

import type { RouteRecordRaw } from 'vue-router'
import { mergeRoutes } from './merge/routes'

/** The customer list (a navigation item) and the screens reached from a customer, which keep it lit. */
export const customerRoutes: RouteRecordRaw[] = [
  { path: 'customers', name: 'customers', component: () => import('./CustomersView.vue'), meta: { title: 'Customers', nav: true } },
  {
    path: 'customers/new',
    name: 'customer-new',
    component: () => import('./CustomerFormView.vue'),
    meta: { title: 'New customer', section: 'customers' },
  },
  ...mergeRoutes,
  {
    path: 'customers/:id/edit',
    name: 'customer-edit',
    component: () => import('./CustomerFormView.vue'),
    props: true,
    meta: { title: 'Edit customer', section: 'customers' },
  },
  {
    path: 'customers/:id',
    name: 'customer',
    component: () => import('./CustomerView.vue'),
    props: true,
    meta: { title: 'Customer', section: 'customers' },
  },
]

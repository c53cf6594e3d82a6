import type { RouteRecordRaw } from 'vue-router'

export const customerRoutes: RouteRecordRaw[] = [
  { path: 'customers', name: 'customers', component: () => import('./CustomersView.vue'), meta: { title: 'Customers' } },
  { path: 'customers/new', name: 'customer-new', component: () => import('./CustomerFormView.vue') },
  { path: 'customers/:id/edit', name: 'customer-edit', component: () => import('./CustomerFormView.vue'), props: true },
  { path: 'customers/:id', name: 'customer', component: () => import('./CustomerView.vue'), props: true },
]

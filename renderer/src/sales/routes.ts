import type { RouteRecordRaw } from 'vue-router'

export const salesRoutes: RouteRecordRaw[] = [
  { path: 'sales/new', name: 'sale-new', component: () => import('./NewSaleView.vue'), meta: { title: 'New sale', nav: true } },
]

import type { RouteRecordRaw } from 'vue-router'

export const receiptRoutes: RouteRecordRaw[] = [
  { path: 'receipts', name: 'receipts', component: () => import('./ReceiptsView.vue'), meta: { title: 'Receipts', nav: true } },
  {
    path: 'receipts/:id',
    name: 'receipt',
    component: () => import('./ReceiptView.vue'),
    props: true,
    meta: { title: 'Receipt', section: 'receipts' },
  },
]

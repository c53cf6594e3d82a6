import type { RouteRecordRaw } from 'vue-router'

export const receiptRoutes: RouteRecordRaw[] = [
  { path: 'receipts/:id', name: 'receipt', component: () => import('./ReceiptView.vue'), props: true, meta: { title: 'Receipt' } },
]

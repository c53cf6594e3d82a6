import type { RouteRecordRaw } from 'vue-router'

export const receiptRoutes: RouteRecordRaw[] = [
  { path: 'receipts', name: 'receipts', component: () => import('./ReceiptsView.vue'), meta: { title: 'Receipts', nav: true } },
  {
    path: 'receipts/import',
    name: 'receipt-import',
    component: () => import('./import/ReceiptImportView.vue'),
    meta: { title: 'Import receipts', section: 'receipts', permission: 'import_customers' },
  },
  {
    path: 'receipts/:id',
    name: 'receipt',
    component: () => import('./ReceiptView.vue'),
    props: true,
    meta: { title: 'Receipt', section: 'receipts' },
  },
]

import type { RouteRecordRaw } from 'vue-router'

export const metricsRoutes: RouteRecordRaw[] = [
  {
    path: 'customers/:id/metrics',
    name: 'customer-metrics',
    component: () => import('./CustomerMetricsView.vue'),
    props: true,
    meta: { title: 'Customer metrics', section: 'customers' },
  },
]

import type { RouteRecordRaw } from 'vue-router'

export const mailRoutes: RouteRecordRaw[] = [
  { path: 'outbox', name: 'outbox', component: () => import('./OutboxView.vue'), meta: { title: 'Outbox', nav: true } },
]

import type { RouteRecordRaw } from 'vue-router'

/** Today (who is in, today's appointments, who left) and the conversion figures: navigation items. */
export const visitRoutes: RouteRecordRaw[] = [
  { path: 'today', name: 'today', component: () => import('./TodayView.vue'), meta: { title: 'Today', nav: true } },
  { path: 'conversion', name: 'conversion', component: () => import('./ConversionView.vue'), meta: { title: 'Conversion', nav: true } },
]

import type { RouteLocationRaw, RouteRecordRaw } from 'vue-router'
import { backroom, unwrap } from '@/api/client'

/** Today (who is in, today's appointments, who left) and the conversion figures: navigation items. */
export const visitRoutes: RouteRecordRaw[] = [
  { path: 'today', name: 'today', component: () => import('./TodayView.vue'), meta: { title: 'Today', nav: true } },
  { path: 'conversion', name: 'conversion', component: () => import('./ConversionView.vue'), meta: { title: 'Conversion', nav: true } },
]

/**
 * Where the app opens after sign-in: Today once the store checks customers in (or books
 * appointments), the customer list before that (issue 12).
 */
export async function startScreen(): Promise<RouteLocationRaw> {
  try {
    const { inUse } = await unwrap(backroom().visits.inUse({}))
    return { name: inUse ? 'today' : 'customers' }
  } catch {
    return { name: 'customers' }
  }
}

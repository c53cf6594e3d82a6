import type { RouteRecordRaw } from 'vue-router'

/** The store's appointments over a range of days: a navigation item. */
export const appointmentRoutes: RouteRecordRaw[] = [
  { path: 'appointments', name: 'appointments', component: () => import('./AppointmentsView.vue'), meta: { title: 'Appointments', nav: true } },
]

import type { RouteRecordRaw } from 'vue-router'

export const syncRoutes: RouteRecordRaw[] = [
  {
    path: 'conflicts',
    name: 'conflicts',
    component: () => import('./ConflictsView.vue'),
    meta: { title: 'Conflicts', nav: true, permission: 'resolve_conflicts' },
  },
]

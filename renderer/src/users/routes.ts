import type { RouteRecordRaw } from 'vue-router'

export const userRoutes: RouteRecordRaw[] = [
  {
    path: 'users',
    name: 'users',
    component: () => import('./UsersView.vue'),
    meta: { title: 'Users & permissions', nav: true, permission: 'manage_users' },
  },
]

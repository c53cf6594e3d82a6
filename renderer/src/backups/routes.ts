import type { RouteRecordRaw } from 'vue-router'

export const backupRoutes: RouteRecordRaw[] = [
  {
    path: 'settings/backups',
    name: 'backups',
    component: () => import('./BackupsView.vue'),
    meta: { title: 'Backups', nav: true, permission: 'manage_backups' },
  },
]

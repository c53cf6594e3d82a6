import type { RouteRecordRaw } from 'vue-router'

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'settings',
    name: 'settings',
    component: () => import('./SettingsView.vue'),
    meta: { title: 'Settings', nav: true, permission: 'manage_settings' },
  },
]

import type { RouteRecordRaw } from 'vue-router'

export const syncRoutes: RouteRecordRaw[] = [
  {
    path: 'conflicts',
    name: 'conflicts',
    component: () => import('./ConflictsView.vue'),
    meta: { title: 'Conflicts', nav: true, permission: 'resolve_conflicts' },
  },
  {
    path: 'settings/sync',
    name: 'sync-settings',
    component: () => import('./SyncSettingsView.vue'),
    meta: { title: 'Sync settings', permission: 'manage_settings', section: 'settings' },
  },
]

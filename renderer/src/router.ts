import type { Permission } from '@contract/index'
import { createRouter, createWebHashHistory } from 'vue-router'
import { useSessionStore } from './stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Hidden from users without it (main refuses the commands anyway). */
    permission?: Permission
    title?: string
  }
}

export const router = createRouter({
  // Hash history: the app is loaded from a file in Electron, where paths cannot be served.
  history: createWebHashHistory(),
  routes: [
    { path: '/setup', name: 'setup', component: () => import('./views/SetupView.vue'), meta: { public: true } },
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./views/AppShell.vue'),
      children: [
        // The desk works from the customer list, so that is where the app opens.
        { path: '', name: 'home', redirect: { name: 'customers' } },
        {
          path: 'customers',
          name: 'customers',
          component: () => import('./views/CustomersView.vue'),
          meta: { title: 'Customers' },
        },
        { path: 'customers/new', name: 'customer-new', component: () => import('./views/CustomerFormView.vue') },
        {
          path: 'customers/:id/edit',
          name: 'customer-edit',
          component: () => import('./views/CustomerFormView.vue'),
          props: true,
        },
        { path: 'customers/:id', name: 'customer', component: () => import('./views/CustomerView.vue'), props: true },
        {
          path: 'customers/:id/metrics',
          name: 'customer-metrics',
          component: () => import('./views/CustomerMetricsView.vue'),
          props: true,
        },
        { path: 'sales/new', name: 'sale-new', component: () => import('./views/NewSaleView.vue'), meta: { title: 'New sale' } },
        { path: 'receipts/:id', name: 'receipt', component: () => import('./views/ReceiptView.vue'), props: true },
        {
          path: 'users',
          name: 'users',
          component: () => import('./views/UsersView.vue'),
          meta: { title: 'Users & permissions', permission: 'manage_users' },
        },
        {
          path: 'settings',
          name: 'settings',
          component: () => import('./views/SettingsView.vue'),
          meta: { title: 'Settings', permission: 'manage_settings' },
        },
        {
          path: 'settings/backups',
          name: 'backups',
          component: () => import('./backups/BackupsView.vue'),
          meta: { title: 'Backups', permission: 'manage_backups' },
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) await session.refresh()
  if (session.needsSetup) return to.name === 'setup' ? true : { name: 'setup' }
  if (to.name === 'setup') return { name: 'home' }
  // A locked window keeps its screen (under the lock) until someone signs in over it.
  if (session.locked) return to.name === 'login' ? { name: 'home' } : true
  if (!session.user) return to.meta.public ? true : { name: 'login' }
  if (to.name === 'login') return { name: 'home' }
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'home' }
  return true
})

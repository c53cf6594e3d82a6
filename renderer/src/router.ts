import type { Permission } from '@contract/index'
import { createRouter, createWebHashHistory } from 'vue-router'
import { appointmentRoutes } from './appointments/routes'
import { authRoutes } from './auth/routes'
import { backupRoutes } from './backups/routes'
import { useSessionStore } from './auth/sessionStore'
import { customerRoutes } from './customers/routes'
import { mailRoutes } from './mail/routes'
import { metricsRoutes } from './metrics/routes'
import { receiptRoutes } from './receipts/routes'
import { salesRoutes } from './sales/routes'
import { settingsRoutes } from './settings/routes'
import { syncRoutes } from './sync/routes'
import { setWindowTitle } from './ui/a11y/windowTitle'
import { userRoutes } from './users/routes'
import { visitRoutes } from './visits/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Hidden from users without it (main refuses the commands anyway). */
    permission?: Permission
    /** The screen's name, in the window title ("Customers — Backroom"). */
    title?: string
    /** Listed in the side navigation (in the order the domains are spread below). */
    nav?: boolean
    /** The navigation item (a route name) that stays lit on this sub-page. */
    section?: string
  }
}

/**
 * Each domain declares its own routes (`<domain>/routes.ts`); this file only puts them in
 * place. The app shell's navigation lists the routes marked `nav`, in the order given here.
 */
export const router = createRouter({
  // Hash history: the app is loaded from a file in Electron, where paths cannot be served.
  history: createWebHashHistory(),
  routes: [
    ...authRoutes,
    {
      path: '/',
      component: () => import('./shell/AppShell.vue'),
      children: [
        // The desk works from Today once it checks customers in, from the customer list before:
        // the guard below sends 'home' to the session's start screen.
        { path: '', name: 'home', component: { render: () => null } },
        ...customerRoutes,
        ...visitRoutes,
        ...appointmentRoutes,
        ...metricsRoutes,
        ...salesRoutes,
        ...receiptRoutes,
        ...mailRoutes,
        ...userRoutes,
        ...settingsRoutes,
        ...backupRoutes,
        ...syncRoutes,
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
  if (session.locked) return to.name === 'login' || to.name === 'home' ? { name: session.startScreen } : true
  if (!session.user) return to.meta.public ? true : { name: 'login' }
  if (to.name === 'login' || to.name === 'home') return { name: session.startScreen }
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'home' }
  return true
})

router.afterEach((to) => setWindowTitle(to.meta.title))

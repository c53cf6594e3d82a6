import type { RouteRecordRaw } from 'vue-router'

/** First-run setup and sign-in: the only screens outside the app shell, reachable signed out. */
export const authRoutes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: () => import('./SetupView.vue'), meta: { public: true, title: 'Set up your store' } },
  { path: '/login', name: 'login', component: () => import('./LoginView.vue'), meta: { public: true, title: 'Sign in' } },
]

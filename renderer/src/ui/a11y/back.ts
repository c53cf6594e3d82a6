import type { RouteLocationRaw, Router } from 'vue-router'

/** Back to the screen the user came from; opened directly (no page before it), to `fallback`. */
export function goBack(router: Router, fallback: RouteLocationRaw): void {
  if (window.history.state?.back) router.back()
  else void router.push(fallback)
}

import { onUnmounted } from 'vue'
import { onBeforeRouteLeave, useRoute, useRouter, type RouteLocationNormalized, type RouteLocationRaw } from 'vue-router'

/**
 * A screen's own changes to its address — a filter written in, a merged customer followed, a
 * handled request forgotten — come after something it loaded has answered, and by then the user
 * may have clicked to another screen that is still loading. A replace then is a navigation of
 * its own: it cancelled theirs (they stayed where they were) or rewrote the next screen's
 * address. So a screen replaces its address only while the user is not leaving it; one skipped
 * meanwhile is made after all if the leave does not happen (refused, failed, or sent back here).
 *
 * Covers leaving the screen's route (onBeforeRouteLeave), for route components: call in setup.
 */
export function useOwnAddress() {
  const router = useRouter()
  /** The route record this screen shows: a leave that ends on it has left nothing. */
  const own = useRoute().matched.at(-1)
  /** Where the user is going from here, while that navigation has not ended. */
  let leavingTo: RouteLocationNormalized | null = null
  /** The last replace skipped while leaving. */
  let skipped: RouteLocationRaw | null = null

  onBeforeRouteLeave((to) => {
    leavingTo = to
  })
  const isTheLeave = (to: RouteLocationNormalized) => leavingTo !== null && (to === leavingTo || to.redirectedFrom === leavingTo)
  function stayed() {
    leavingTo = null
    const to = skipped
    skipped = null
    if (to) void router.replace(to)
  }
  // Only the leave this screen saw counts: another navigation cancelled on the way (a first
  // click overtaken by a second) says nothing about whether the user is staying.
  const stopAfter = router.afterEach((to, _from, failure) => {
    if (isTheLeave(to) && (failure || (own !== undefined && to.matched.includes(own)))) stayed()
  })
  // A screen that failed to load (its code, a guard's error) ends with no afterEach.
  const stopOnError = router.onError((_error, to) => {
    if (isTheLeave(to)) stayed()
  })
  onUnmounted(() => {
    stopAfter()
    stopOnError()
  })

  /** router.replace, unless the user is leaving this screen (then once they are back, if they are). */
  function replaceOwnAddress(to: RouteLocationRaw): Promise<unknown> {
    if (leavingTo === null) return router.replace(to)
    skipped = to
    return Promise.resolve()
  }
  return { replaceOwnAddress }
}

import { onUnmounted } from 'vue'
import { onBeforeRouteLeave, useRouter, type RouteLocationRaw } from 'vue-router'

/**
 * A screen's own changes to its address — a filter written in, a merged customer followed, a
 * handled request forgotten — come after something it loaded has answered, and by then the user
 * may have clicked to another screen that is still loading. A replace then is a navigation of
 * its own: it cancelled theirs (they stayed where they were) or rewrote the next screen's
 * address. So a screen replaces its address only while the user is still on it.
 *
 * For route components (onBeforeRouteLeave): call in setup.
 */
export function useOwnAddress() {
  const router = useRouter()
  let leaving = false
  onBeforeRouteLeave(() => {
    leaving = true
  })
  // A leave that did not happen (refused, or replaced on the way) leaves the screen the user's again.
  const stopFollowingLeaves = router.afterEach((_to, _from, failure) => {
    if (failure) leaving = false
  })
  onUnmounted(stopFollowingLeaves)

  /** router.replace, unless the user is leaving or has left this screen. */
  function replaceOwnAddress(to: RouteLocationRaw): Promise<unknown> {
    return leaving ? Promise.resolve() : router.replace(to)
  }
  return { replaceOwnAddress }
}

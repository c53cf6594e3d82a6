import { nextTick, onBeforeUnmount } from 'vue'

/** Elements a person can Tab to, in a container, in page order. */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** Focuses an element that is not focusable by itself (a heading) without adding it to the Tab order. */
export function focusElement(element: HTMLElement | null | undefined): boolean {
  if (!element) return false
  if (!element.matches(FOCUSABLE) && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1')
  element.focus()
  return document.activeElement === element
}

/** The first field or button inside `container` (a dialog, a new line of a form). */
export function firstFocusable(container: ParentNode | null | undefined): HTMLElement | null {
  if (!container) return null
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].find((el) => el.offsetParent !== null || el === document.activeElement) ?? null
}

/**
 * Waits (up to `timeoutMs`) until `find` answers an element — a screen shows its heading once
 * its data has come — and focuses it. Answers whether it did.
 */
export async function focusWhenShown(root: Node, find: () => HTMLElement | null, timeoutMs = 3000): Promise<boolean> {
  await nextTick()
  if (find()) return focusElement(find())
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const element = find()
      if (!element) return
      stop()
      resolve(focusElement(element))
    })
    const timer = setTimeout(() => {
      stop()
      resolve(false)
    }, timeoutMs)
    function stop() {
      observer.disconnect()
      clearTimeout(timer)
    }
    observer.observe(root, { childList: true, subtree: true })
  })
}

/** After the DOM has updated, focuses the first field of the element `selector` finds (a new line, a dialog). */
export async function focusFirstFieldOf(selector: string): Promise<void> {
  await nextTick()
  focusElement(firstFocusable(document.querySelector(selector)))
}

/** The screen's heading: where focus goes when what had it is gone and nothing nearer is named. */
const screenHeading = () => document.querySelector<HTMLElement>('main h1')

/** How long after a dialog closes the screen may still take its opener away (its reload after the dialog's action). */
const OPENER_WATCH_MS = 5000

/**
 * Call in a dialog's setup: remembers what had focus when it opened (the button that opened
 * it) and gives focus back to it when the dialog goes, instead of leaving it on the page body.
 * `fallback` is asked when that element is gone (a row that was deleted); without one, or when
 * it finds nothing, the screen's heading.
 *
 * The opener can also go a moment later: the dialog's action done, the screen reloads and the
 * button has no more reason to be (Void receipt on a receipt just voided, Mark delivered on a
 * deal delivered). Chromium then leaves focus on the body, where a keyboard or screen-reader
 * user is lost; so, for a few seconds and while focus stays on the opener, its removal sends
 * focus on to the fallback.
 */
export function useRestoreFocus(fallback?: () => HTMLElement | null): void {
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
  const elsewhere = () => fallback?.() ?? screenHeading()
  onBeforeUnmount(() => {
    // After the dialog has left the DOM: its focus trap lets go first.
    setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return
      if (opener?.isConnected && focusElement(opener)) followWhenRemoved(opener, elsewhere)
      else focusElement(elsewhere())
    })
  })
}

/** While `element` keeps focus (up to OPENER_WATCH_MS), its removal from the page moves focus to `next()`. */
function followWhenRemoved(element: HTMLElement, next: () => HTMLElement | null): void {
  const observer = new MutationObserver(() => {
    if (element.isConnected) return
    stop()
    if (!document.activeElement || document.activeElement === document.body) focusElement(next())
  })
  const timer = setTimeout(stop, OPENER_WATCH_MS)
  // Focus moved on by the user (or by the screen itself): nothing to follow any more.
  const moved = (event: FocusEvent) => event.target !== element && stop()
  function stop() {
    observer.disconnect()
    clearTimeout(timer)
    document.removeEventListener('focusin', moved)
  }
  observer.observe(document.body, { childList: true, subtree: true })
  document.addEventListener('focusin', moved)
}

/**
 * Call from a dialog's `show` (when it starts to open): focus goes to its first field at once,
 * so typing starts there. PrimeVue's Dialog then focuses the element marked autofocus (else its
 * ✕) only when its opening animation ends, which on a busy PC comes a moment after it is on
 * screen and usable: by then the user may be typing in another field, and that late focus sent
 * the rest of their typing into the first one (a browser test saw a username typed into Name).
 * So the mark follows focus: the late focus lands where the user already is.
 */
export function openAtFirstField(container: HTMLElement | null | undefined): void {
  const first = firstFocusable(container)
  if (!container || !first) return
  first.setAttribute('autofocus', '')
  focusElement(first)
  container.addEventListener('focusin', (event) => {
    if (!(event.target instanceof HTMLElement)) return
    container.querySelector('[autofocus]')?.removeAttribute('autofocus')
    event.target.setAttribute('autofocus', '')
  })
}

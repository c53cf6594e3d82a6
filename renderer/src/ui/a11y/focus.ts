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

/**
 * Call in a dialog's setup: remembers what had focus when it opened (the button that opened
 * it) and gives focus back to it when the dialog goes, instead of leaving it on the page body.
 * `fallback` is asked when that element is gone (a row that was deleted).
 */
export function useRestoreFocus(fallback?: () => HTMLElement | null): void {
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
  onBeforeUnmount(() => {
    // After the dialog has left the DOM: its focus trap lets go first.
    setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return
      if (opener?.isConnected) focusElement(opener)
      else focusElement(fallback?.() ?? null)
    })
  })
}

/**
 * PrimeVue's Dialog, once open, focuses the first element marked autofocus (else its ✕):
 * marking the first field of `container` makes the dialog open where the typing starts.
 */
export function markFirstField(container: ParentNode | null | undefined): void {
  firstFocusable(container)?.setAttribute('autofocus', '')
}

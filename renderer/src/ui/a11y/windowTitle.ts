import { onBeforeUnmount, watchEffect } from 'vue'

const APP = 'Backroom'

/** "Customers — Backroom": the window (and the screen reader's tab) says which screen this is. */
export function setWindowTitle(screen: string | undefined | null): void {
  document.title = screen ? `${screen} — ${APP}` : APP
}

/**
 * For a screen whose title depends on what it shows (a customer's name, a receipt number):
 * the route's own title stands until `title()` has something to say.
 */
export function useWindowTitle(title: () => string | null | undefined): void {
  let active = true
  watchEffect(() => {
    const text = title()
    if (active && text) setWindowTitle(text)
  })
  onBeforeUnmount(() => (active = false))
}

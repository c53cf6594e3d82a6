import { useToast } from 'primevue/usetoast'
import { onUnmounted } from 'vue'
import { useRouter } from 'vue-router'

/** How Chromium (Electron's engine) and the others word a dynamic import that did not load. */
const CODE_NOT_LOADED = /dynamically imported module|Importing a module script failed|error loading dynamically imported/i

/**
 * A screen whose code did not load (a file missing from a damaged install, a drive that did not
 * answer) left the user where they were with nothing said: vue-router drops that navigation and
 * tells only its onError. Says which screen did not open and what to do: the next click asks for
 * the file again (screens-load-failure.test.ts), and a restart helps a drive that woke up late.
 */
export function useScreenLoadFailure(): void {
  const toast = useToast()
  const stop = useRouter().onError((error: unknown, to) => {
    const screen = to.meta.title ? `The ${to.meta.title} screen` : 'The screen'
    const notLoaded = error instanceof Error && CODE_NOT_LOADED.test(error.message)
    toast.add({
      severity: 'error',
      summary: `${screen} did not open`,
      detail: notLoaded
        ? 'Part of Backroom did not load. Try again; if it keeps happening, restart Backroom, and if that does not help, reinstall it.'
        : 'Something went wrong opening it. Try again; if it keeps happening, restart Backroom.',
      life: 15000,
    })
  })
  onUnmounted(stop)
}

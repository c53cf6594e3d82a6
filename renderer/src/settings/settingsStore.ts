import type { Settings } from '@contract/settings'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { setDisplayLocale, setStoreTimeZone } from '@/ui/format/locale'

/**
 * The store's settings as the screens need them everywhere (the locale for every date and
 * number, the time zone every moment is shown in). Loaded when the app shell opens; Settings
 * puts the saved values back here.
 */
export const useStoreSettings = defineStore('storeSettings', () => {
  const settings = ref<Settings | null>(null)

  function show(saved: Settings) {
    settings.value = saved
    setDisplayLocale(saved.locale)
    setStoreTimeZone(saved.timeZone)
  }

  async function load() {
    show(await unwrap(backroom().settings.get({})))
  }

  return { settings, load, show }
})

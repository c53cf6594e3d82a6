import { createPinia } from 'pinia'
import 'primeicons/primeicons.css'
import PrimeVue from 'primevue/config'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import { createApp } from 'vue'
import App from './App.vue'
import './ui/styles.css'
import { accessiblePassThrough, BackroomTheme } from './ui/theme'
import { router } from './router'

createApp(App)
  .use(createPinia())
  .use(router)
  .use(PrimeVue, { theme: { preset: BackroomTheme, options: { darkModeSelector: false } }, pt: accessiblePassThrough })
  .use(ToastService)
  .use(ConfirmationService)
  .mount('#app')

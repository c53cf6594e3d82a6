import type { CommandInput, Permission } from '@contract/index'
import type { SessionUser } from '@contract/auth'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { backroom, unwrap } from '@/api/client'

/** Who is signed in, as main says; the renderer only uses it to hide what one may not do. */
export const useSessionStore = defineStore('session', () => {
  const loaded = ref(false)
  const needsSetup = ref(false)
  const user = ref<SessionUser | null>(null)

  async function refresh() {
    const status = await unwrap(backroom().auth.status({}))
    needsSetup.value = status.needsSetup
    user.value = status.user
    loaded.value = true
  }

  async function setup(input: CommandInput<'auth:setup'>) {
    user.value = await unwrap(backroom().auth.setup(input))
    needsSetup.value = false
  }

  async function login(input: CommandInput<'auth:login'>) {
    user.value = await unwrap(backroom().auth.login(input))
  }

  async function logout() {
    await unwrap(backroom().auth.logout({}))
    user.value = null
  }

  const can = computed(() => (permission: Permission) => user.value?.permissions.includes(permission) ?? false)

  return { loaded, needsSetup, user, can, refresh, setup, login, logout }
})

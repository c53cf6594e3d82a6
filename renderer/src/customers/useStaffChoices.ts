import { onMounted, ref } from 'vue'
import { backroom, unwrap } from '@/api/client'
import type { Choice } from '@/ui/form/options'

/** The store's active staff as a pick-one list (a deal's or an appointment's staff), loaded on mount. */
export function useStaffChoices() {
  const staff = ref<Choice[]>([])
  onMounted(async () => {
    staff.value = (await unwrap(backroom().customers.staffOptions({}))).map((s) => ({ value: s.id, label: s.name }))
  })
  return staff
}

import { useToast } from 'primevue/usetoast'
import { useForm, type GenericObject } from 'vee-validate'
import { ref } from 'vue'
import type { z } from 'zod'
import { ApiError } from '@/api/client'
import { zodSchema } from './zodSchema'

/**
 * A form checked by a contract schema before it is sent, and by main when it arrives. Field
 * messages from either side land next to the field; whatever was typed stays in the form.
 */
export function useCommandForm<S extends z.ZodType<GenericObject, GenericObject>>(
  schema: S,
  initialValues: z.input<S>,
  options: { toastErrors?: boolean } = {},
) {
  const form = useForm<z.input<S>, z.output<S>>({
    validationSchema: zodSchema(schema),
    initialValues: initialValues as never,
  })
  const toast = useToast()
  const formError = ref('')

  /** Validates, then runs `send`; returns true when it succeeded. */
  async function submit(send: (values: z.output<S>) => Promise<unknown>, success?: string): Promise<boolean> {
    formError.value = ''
    const { valid, values } = await form.validate()
    if (!valid) return false
    try {
      await send(values as z.output<S>)
      if (success) toast.add({ severity: 'success', summary: success, life: 4000 })
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const fields = Object.entries(error.fields).filter(([path]) => path !== '_')
      if (fields.length) {
        form.setErrors(Object.fromEntries(fields) as never)
        return false
      }
      // No field to point at: say it once, above the form (and in a toast unless the form opts out).
      formError.value = error.message
      if (options.toastErrors !== false) toast.add({ severity: 'error', summary: error.message, life: 6000 })
      return false
    }
  }

  return { ...form, submit, formError }
}

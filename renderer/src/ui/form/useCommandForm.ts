import { useToast } from 'primevue/usetoast'
import { useForm, type GenericObject } from 'vee-validate'
import { readonly, ref } from 'vue'
import type { z } from 'zod'
import { ApiError } from '@/api/client'
import { zodSchema } from './zodSchema'

/**
 * A form checked by a contract schema before it is sent, and by main when it arrives. Field
 * messages from either side land next to the field; whatever was typed stays in the form.
 * It sends one command at a time: see `isSubmitting`.
 */
export function useCommandForm<S extends z.ZodType<GenericObject, GenericObject>>(
  schema: S,
  initialValues: z.input<S>,
  options: { toastErrors?: boolean; unshown?: readonly string[] } = {},
) {
  const form = useForm<z.input<S>, z.output<S>>({
    validationSchema: zodSchema(schema),
    initialValues: initialValues as never,
  })
  const toast = useToast()
  const formError = ref('')
  // vee-validate's own isSubmitting is only set by its handleSubmit, which this form does not
  // use: it stayed false, the submit buttons bound to it never turned off, and a double click
  // added the points twice. This one covers the whole submit, the command's round trip too.
  const busy = ref(false)
  /**
   * How many answers said "It was saved, but the answer could not be shown": the form keeps its
   * values and says so, and its draft (useCommandFormDraft) goes, so it does not invite a second save.
   */
  const savedUnanswered = ref(0)

  /**
   * Validates, then runs `send`; returns true when it succeeded. While one submit is on its
   * way, another (a second click, Enter in a field) does nothing and returns false.
   */
  async function submit(send: (values: z.output<S>) => Promise<unknown>, success?: string): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    try {
      return await validateAndSend(send, success)
    } finally {
      busy.value = false
    }
  }

  async function validateAndSend(send: (values: z.output<S>) => Promise<unknown>, success?: string): Promise<boolean> {
    formError.value = ''
    const { valid, values } = await form.validate()
    if (!valid) return false
    try {
      await send(values as z.output<S>)
      if (success) toast.add({ severity: 'success', summary: success, life: 4000 })
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (error.saved) savedUnanswered.value += 1
      // A message about a value the form sends but does not show (the customer a dialog is
      // for) would sit beside no field, and Save would seem to do nothing: it goes above the form.
      const hidden = (path: string) => options.unshown?.includes(path.split('.')[0]) ?? false
      const fields = Object.entries(error.fields).filter(([path]) => path !== '_' && !hidden(path))
      if (fields.length) {
        form.setErrors(Object.fromEntries(fields) as never)
        return false
      }
      // No field to point at: say it once, above the form (and in a toast unless the form opts out).
      formError.value = Object.entries(error.fields).find(([path]) => hidden(path))?.[1] ?? error.message
      if (options.toastErrors !== false) toast.add({ severity: 'error', summary: error.message, life: 6000 })
      return false
    }
  }

  /** What the submit buttons bind (`:loading`, which also disables them): true while a submit runs. */
  const isSubmitting = readonly(busy)
  return { ...form, submit, formError, isSubmitting, savedUnanswered: readonly(savedUnanswered) }
}

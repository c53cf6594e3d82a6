// @vitest-environment happy-dom
import { useForm } from 'vee-validate'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick, reactive, type App } from 'vue'
import { setupInputSchema } from '@contract/auth'
import { feedbackCommands } from '@contract/feedback'
import { loyaltyAdjustInputSchema } from '@contract/loyalty'
import { updateUserInputSchema } from '@contract/users'
import { useCommandFormDraft, type CommandFormDraftOptions } from '../../renderer/src/ui/form/useCommandFormDraft'
import { useFormDraft } from '../../renderer/src/ui/form/useFormDraft'

/**
 * Drafts (PRODUCT 7.1) in happy-dom's localStorage: a component holding the form, mounted and
 * unmounted as a screen or a dialog is, on faked timers (a draft is written 400 ms after typing).
 */
let app: App | undefined

beforeEach(() => {
  vi.useFakeTimers()
  localStorage.clear()
})
afterEach(() => {
  app?.unmount()
  app = undefined
  vi.useRealTimers()
})

function mount(setup: () => void) {
  app?.unmount()
  app = createApp(defineComponent({ setup: () => (setup(), () => h('div')) }))
  app.mount(document.createElement('div'))
}

/** Lets the watcher run and the 400 ms pass. */
async function settle() {
  await nextTick()
  vi.advanceTimersByTime(400)
}

const stored = () => Object.fromEntries(Object.entries(localStorage).map(([key, raw]) => [key, JSON.parse(raw as string).values]))

describe('useFormDraft', () => {
  interface Login {
    name: string
    password: string
  }
  let draft!: ReturnType<typeof useFormDraft<Login>>
  const values = { name: '', password: '' }
  let form!: Login

  async function mountKeeping() {
    mount(() => {
      form = reactive({ ...values })
      draft = useFormDraft<Login>('draft-key', ['password'])
      draft.keep(() => form, () => form.name !== '' || form.password !== '')
    })
  }

  it('writes what is typed a moment later, never what `omit` names', async () => {
    await mountKeeping()
    form.name = 'Ada'
    form.password = 'secret words'
    await nextTick()
    expect(localStorage.getItem('draft-key')).toBeNull()
    await settle()
    expect(stored()).toEqual({ 'draft-key': { name: 'Ada' } })
    expect(JSON.stringify(localStorage)).not.toContain('secret words')
    expect(draft.read()?.values).toEqual({ name: 'Ada' })
  })

  it('removes the draft when the typing is taken back to where the form started', async () => {
    await mountKeeping()
    form.name = 'Ada'
    await settle()
    form.name = ''
    await settle()
    expect(localStorage.getItem('draft-key')).toBeNull()
  })

  it('writes the last moment’s typing when the form goes, and nothing after clear()', async () => {
    await mountKeeping()
    form.name = 'Ada L'
    await nextTick()
    app!.unmount()
    app = undefined
    expect(stored()).toEqual({ 'draft-key': { name: 'Ada L' } })
    await mountKeeping()
    form.name = 'Ada Lovelace'
    await nextTick()
    draft.clear()
    app!.unmount()
    app = undefined
    expect(localStorage.getItem('draft-key')).toBeNull()
  })

  it('reads nothing from storage that is not a draft', async () => {
    await mountKeeping()
    for (const raw of ['not json', '5', 'null', '[]', '{"values":{}}', '{"savedAt":"2026-06-15T10:00:00Z","values":3}', '{"savedAt":"soon","values":{}}']) {
      localStorage.setItem('draft-key', raw)
      expect(draft.read()).toBeNull()
    }
    localStorage.setItem('draft-key', '{"savedAt":"2026-06-15T10:00:00.000Z","values":{"name":"Ada"}}')
    expect(draft.read()).toEqual({ savedAt: '2026-06-15T10:00:00.000Z', values: { name: 'Ada' } })
  })
})

describe('useCommandFormDraft', () => {
  type Values = Record<string, unknown>
  let form!: ReturnType<typeof useForm<Values>>
  let draft!: ReturnType<typeof useCommandFormDraft>

  function open(initialValues: Values, options: CommandFormDraftOptions) {
    mount(() => {
      form = useForm<Values>({ initialValues })
      draft = useCommandFormDraft(form as never, options)
      draft.start()
    })
  }

  const feedback = (record = 'customer-1', user = 'user-1'): CommandFormDraftOptions => ({
    form: 'feedback',
    record,
    user,
    schema: feedbackCommands['feedback:add'].input,
    fields: ['sentiment', 'comment'],
    carry: ['requestId'],
  })
  const blankFeedback = () => ({ sentiment: undefined, comment: '', requestId: crypto.randomUUID() })

  it('puts an earlier draft of the same user and record back, with its request id, and says when', async () => {
    open(blankFeedback(), feedback())
    form.setFieldValue('sentiment', 'negative')
    form.setFieldValue('comment', 'The beans were stale')
    const { requestId } = form.values
    await settle()
    expect(Object.keys(localStorage)).toEqual(['backroom.draft.feedback.user-1.customer-1'])

    open(blankFeedback(), feedback())
    expect(form.values).toMatchObject({ sentiment: 'negative', comment: 'The beans were stale', requestId })
    expect(draft.restoredAt.value).not.toBe('')
  })

  it('puts nothing back for another record or another user', async () => {
    open(blankFeedback(), feedback())
    form.setFieldValue('comment', 'The beans were stale')
    await settle()
    open(blankFeedback(), feedback('customer-2'))
    expect(form.values.comment).toBe('')
    expect(draft.restoredAt.value).toBe('')
    open(blankFeedback(), feedback('customer-1', 'user-2'))
    expect(form.values.comment).toBe('')
    expect(draft.restoredAt.value).toBe('')
  })

  it('keeps only the fields named, cut at the contract’s maximum, and takes no other back', async () => {
    const loyalty: CommandFormDraftOptions = {
      form: 'loyalty-adjust',
      record: 'customer-1',
      user: 'user-1',
      schema: loyaltyAdjustInputSchema,
      fields: ['points', 'reason'],
      carry: ['direction'],
    }
    const blank = { direction: 'add', points: undefined, reason: '', approverPin: '' }
    open(blank, loyalty)
    form.setFieldValue('points', 25)
    form.setFieldValue('reason', 'r'.repeat(5000))
    form.setFieldValue('approverPin', '2468')
    await settle()
    const [kept] = Object.values(stored())
    expect(kept).toEqual({ points: 25, reason: 'r'.repeat(200), direction: 'add' })

    // A draft someone wrote by hand with a PIN and an object in it: neither is put back.
    const key = 'backroom.draft.loyalty-adjust.user-1.customer-1'
    localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: { reason: 'Bonus', points: { n: 1 }, approverPin: '1357' } }))
    open(blank, loyalty)
    expect(form.values).toMatchObject({ reason: 'Bonus', points: undefined, approverPin: '' })
  })

  it('keeps a set of ticks (permission overrides) as true/false only, the same ticks in another order being no draft', async () => {
    const user: CommandFormDraftOptions = {
      form: 'user-edit',
      record: 'user-2',
      user: 'user-1',
      schema: updateUserInputSchema,
      fields: ['displayName', 'permissionOverrides'],
    }
    const saved = { id: 'user-2', displayName: 'Maria', permissionOverrides: { view_reports: true, void_receipts: false } }
    open(saved, user)
    form.setFieldValue('permissionOverrides', { void_receipts: false, view_reports: true })
    await settle()
    expect(stored()).toEqual({})
    form.setFieldValue('permissionOverrides', { void_receipts: true })
    await settle()
    expect(Object.values(stored())).toEqual([{ permissionOverrides: { void_receipts: true } }])
    open(saved, user)
    expect(form.values.permissionOverrides).toEqual({ void_receipts: true })

    // Anything but true/false under a name is not a set of ticks: not put back.
    localStorage.setItem('backroom.draft.user-edit.user-1.user-2', JSON.stringify({ savedAt: new Date().toISOString(), values: { permissionOverrides: { view_reports: 'yes' } } }))
    open(saved, user)
    expect(form.values.permissionOverrides).toEqual(saved.permissionOverrides)
    expect(draft.restoredAt.value).toBe('')
  })

  it('removes a draft that says nothing the form does not, and offers nothing', () => {
    localStorage.setItem('backroom.draft.feedback.user-1.customer-1', JSON.stringify({ savedAt: new Date().toISOString(), values: { comment: '', requestId: crypto.randomUUID() } }))
    open(blankFeedback(), feedback())
    expect(draft.restoredAt.value).toBe('')
    expect(localStorage.length).toBe(0)
  })

  it('starts over from where the form started, the fields that were empty too, with the form’s own request id', async () => {
    open(blankFeedback(), feedback())
    form.setFieldValue('sentiment', 'positive')
    form.setFieldValue('comment', 'Lovely')
    const putBack = form.values.requestId
    await settle()
    const fresh = blankFeedback()
    open(fresh, feedback())
    expect(form.values.requestId).toBe(putBack)
    draft.startOver()
    // The id put back may be saved already: what is typed after Start over is another request.
    expect(form.values).toMatchObject({ sentiment: undefined, comment: '', requestId: fresh.requestId })
    expect(draft.restoredAt.value).toBe('')
    await settle()
    expect(localStorage.length).toBe(0)
  })

  it('starts again from new values after a save (clear, reset, start): the reset is no draft', async () => {
    open(blankFeedback(), feedback())
    form.setFieldValue('comment', 'Lovely')
    await settle()
    draft.clear()
    form.resetForm({ values: { sentiment: 'positive', comment: 'Saved words' } })
    draft.start()
    await settle()
    expect(localStorage.length).toBe(0)
  })

  it('keeps only the fields changed, each with what it started from, and puts none back over a value saved since', async () => {
    const settings: CommandFormDraftOptions = {
      form: 'mail-settings',
      record: () => 'store-1',
      user: 'user-1',
      schema: feedbackCommands['feedback:add'].input,
      fields: ['comment', 'sentiment'],
      startsFromSaved: true,
      labels: { comment: 'Comment' },
    }
    open({ comment: 'Saved comment', sentiment: 'positive' }, settings)
    form.setFieldValue('comment', 'Mine')
    await settle()
    const raw = JSON.parse(localStorage.getItem('backroom.draft.mail-settings.user-1.store-1')!)
    expect(raw).toMatchObject({ values: { comment: 'Mine' }, from: { comment: 'Saved comment' } })
    expect(raw.values).not.toHaveProperty('sentiment')

    // Someone saved another sentiment meanwhile: not the field typed into, so it stays as saved.
    open({ comment: 'Saved comment', sentiment: 'negative' }, settings)
    expect(form.values).toEqual({ comment: 'Mine', sentiment: 'negative' })
    expect(draft.changedSince.value).toEqual([])
    // Someone saved another comment meanwhile: the draft's is not put over it, and the notice says so.
    open({ comment: 'Their comment', sentiment: 'negative' }, settings)
    expect(form.values.comment).toBe('Their comment')
    expect(draft.restoredAt.value).not.toBe('')
    expect(draft.changedSince.value).toEqual([{ field: 'Comment', typed: '“Mine”' }])
  })

  it('puts typing back over a form’s default that moved since (a new appointment’s next quarter hour), when it starts from no saved value', async () => {
    const appointment: CommandFormDraftOptions = {
      form: 'appointment',
      record: 'customer-1',
      user: 'user-1',
      schema: feedbackCommands['feedback:add'].input,
      fields: ['comment'],
      labels: { comment: 'Time' },
    }
    open({ comment: '11:00' }, appointment)
    form.setFieldValue('comment', '14:00')
    await settle()
    // Reopened later: the default is the next quarter hour now, and the typed time goes back.
    open({ comment: '11:30' }, appointment)
    expect(form.values.comment).toBe('14:00')
    expect(draft.changedSince.value).toEqual([])
    expect(draft.putBack.value).toBe(true)
  })

  it('keeps a nested field (the first-run setup’s) under its path, cut at its contract maximum, and puts it back there, never a field not named', async () => {
    const setup: CommandFormDraftOptions = {
      form: 'setup',
      record: 'new',
      user: undefined,
      schema: setupInputSchema,
      fields: ['store.name', 'store.currency', 'owner.username'],
    }
    const blank = () => ({ store: { name: '', currency: 'USD' }, owner: { username: '', password: '' } })
    // A nested path, as the setup screen's fields name theirs (this test's values are typed flat).
    const type = (path: string, value: string) => form.setFieldValue(path as never, value as never)
    open(blank(), setup)
    type('store.name', 's'.repeat(500))
    type('owner.username', 'olivia')
    type('owner.password', 'correct horse battery')
    await settle()
    expect(stored()).toEqual({ 'backroom.draft.setup..new': { 'store.name': 's'.repeat(120), 'owner.username': 'olivia' } })

    open(blank(), setup)
    expect(form.values).toEqual({ store: { name: 's'.repeat(120), currency: 'USD' }, owner: { username: 'olivia', password: '' } })
    expect(draft.restoredAt.value).not.toBe('')
  })
})

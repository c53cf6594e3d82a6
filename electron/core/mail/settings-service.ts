import { createHash } from 'node:crypto'
import type { ParsedInput } from '../../contract'
import type { MailSettings } from '../../contract/mail'
import { requireStoreId, type CommandContext } from '../context'
import { fieldError } from '../errors'
import { loadStoreTerms } from '../stores/terms'
import { isAccount, loadSmtpAccount, openPassword, readMailSettings, writeMailSettings, type MailSettingsRow } from './account'
import { makeQueuedDueNow } from './outbox-repo'
import { describeSendFailure } from './problems'
import { createSmtpTransport, sendDeadline } from './transport'

const UNSET: MailSettings = {
  configured: false,
  host: '',
  port: 587,
  security: 'starttls',
  username: '',
  passwordSaved: false,
  passwordUnreadable: false,
  fromName: '',
  fromAddress: '',
  replyTo: '',
  attachPdf: true,
}

function toMailSettings(row: MailSettingsRow | undefined, ctx: CommandContext): MailSettings {
  if (!row) return UNSET
  return {
    configured: true,
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    passwordSaved: row.password_sealed !== null,
    passwordUnreadable: openPassword(row, ctx.mail.secrets) === null,
    fromName: row.from_name,
    fromAddress: row.from_address,
    replyTo: row.reply_to,
    attachPdf: Boolean(row.attach_pdf),
  }
}

export async function getSettings(ctx: CommandContext): Promise<MailSettings> {
  return toMailSettings(await readMailSettings(ctx.db, requireStoreId(ctx)), ctx)
}

const KEEP_ONLY_FOR_SAME_ACCOUNT = 'Type the password again for another server, port or user name'

/**
 * Whether the saved password may be kept (password null) for what is being saved: only for the
 * same server, port and user name, as hub:testConnection keeps the hub's (hub/commands.ts).
 * Otherwise anyone who may change these settings, without knowing the password, could point
 * them at a server of their own and have Send test email sign in there with the saved one.
 */
function sameAccount(current: MailSettingsRow, input: ParsedInput<'mail:saveSettings'>): boolean {
  return current.host.toLowerCase() === input.host.toLowerCase() && current.port === input.port && current.username === input.username
}

/**
 * Saves the store's SMTP account. The password is sealed by the platform's secret storage
 * before it is written, and only the sealed text is kept; the table is local (never synced)
 * and its writes never enter the change log. Saving wakes every queued message.
 */
export async function saveSettings(ctx: CommandContext, input: ParsedInput<'mail:saveSettings'>): Promise<MailSettings> {
  const storeId = requireStoreId(ctx)
  const current = await readMailSettings(ctx.db, storeId)
  let sealed = current?.password_sealed ?? null
  if (input.password === null && sealed !== null && current && !sameAccount(current, input)) {
    throw fieldError('password', KEEP_ONLY_FOR_SAME_ACCOUNT)
  }
  if (input.password !== null) {
    if (input.password === '') sealed = null
    else if (!ctx.mail.secrets.isAvailable()) {
      throw fieldError('password', 'This computer has no safe place to keep the password (no system keyring). Set one up, then save again.')
    } else sealed = ctx.mail.secrets.seal(input.password)
  }
  const at = ctx.now().toISOString()
  // The version tells the outbox worker to drop connections made with the old settings.
  const version = createHash('sha256').update(`${at}|${sealed ?? ''}|${input.host}|${input.port}|${input.username}`).digest('hex').slice(0, 16)
  await writeMailSettings(ctx.db, {
    store_id: storeId,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password_sealed: sealed,
    from_name: input.fromName,
    from_address: input.fromAddress,
    reply_to: input.replyTo,
    attach_pdf: input.attachPdf,
    updated_at: `${at}#${version}`,
  })
  await makeQueuedDueNow(ctx.db, at)
  ctx.mail.wake()
  return getSettings(ctx)
}

/** Sends a short message now with the saved settings and answers, in plain words, how it went. */
export async function sendTest(ctx: CommandContext, input: ParsedInput<'mail:sendTest'>) {
  const storeId = requireStoreId(ctx)
  const account = await loadSmtpAccount(ctx.db, storeId, ctx.mail.secrets)
  if (!isAccount(account)) return { delivered: false, problem: account.problem, message: account.message }
  const store = await loadStoreTerms(ctx.db, storeId)
  const transport = createSmtpTransport(account, ctx.mail.connection)
  try {
    await transport.sendMail({
      from: { name: account.fromName, address: account.fromAddress },
      to: input.to,
      ...(account.replyTo ? { replyTo: account.replyTo } : {}),
      subject: `Test email from ${store.name}`,
      text: `This is a test email from Backroom at ${store.name}. Receipts will be sent from ${account.fromAddress} through ${account.host}.`,
      signal: sendDeadline(ctx.mail.connection.timeoutsMs),
    })
    return { delivered: true, problem: null, message: `The server accepted the test email to ${input.to}. If it does not arrive, look in the spam folder.` }
  } catch (error) {
    const failure = describeSendFailure(error, { host: account.host, port: account.port, from: account.fromAddress, to: input.to })
    return { delivered: false, problem: failure.problem, message: failure.message }
  } finally {
    transport.close()
  }
}

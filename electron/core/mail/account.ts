import type { Knex } from 'knex'
import type { MailSecurity } from '../../contract/mail'
import { NOT_CONFIGURED, PASSWORD_UNREADABLE, type SendFailure } from './problems'
import type { SecretsPort } from './secrets'

/** A row of mail_settings: local to this store, never synced, never in the change log. */
export interface MailSettingsRow {
  store_id: string
  host: string
  port: number
  security: MailSecurity
  username: string
  password_sealed: string | null
  from_name: string
  from_address: string
  reply_to: string
  attach_pdf: number | boolean
  updated_at: string
}

export function readMailSettings(db: Knex, storeId: string): Promise<MailSettingsRow | undefined> {
  return db<MailSettingsRow>('mail_settings').where({ store_id: storeId }).first()
}

export async function writeMailSettings(db: Knex, row: MailSettingsRow): Promise<void> {
  await db('mail_settings').insert(row).onConflict('store_id').merge()
}

/** Everything a transport needs to sign in and send, the password opened: lives only in main's memory. */
export interface SmtpAccount {
  host: string
  port: number
  security: MailSecurity
  username: string
  password: string
  fromName: string
  fromAddress: string
  replyTo: string
  /** Changes whenever the settings are saved: a pooled transport for an older version is closed. */
  version: string
}

/** Opens the saved password; a password this computer cannot open any more reads as null. */
export function openPassword(row: MailSettingsRow, secrets: SecretsPort): string | null {
  if (!row.password_sealed) return ''
  try {
    return secrets.open(row.password_sealed)
  } catch {
    return null
  }
}

/** The store's SMTP account, or why there is none to send with. */
export async function loadSmtpAccount(db: Knex, storeId: string, secrets: SecretsPort): Promise<SmtpAccount | SendFailure> {
  const row = await readMailSettings(db, storeId)
  if (!row) return NOT_CONFIGURED
  const password = openPassword(row, secrets)
  if (password === null) return PASSWORD_UNREADABLE
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    password,
    fromName: row.from_name,
    fromAddress: row.from_address,
    replyTo: row.reply_to,
    version: row.updated_at,
  }
}

export function isAccount(value: SmtpAccount | SendFailure): value is SmtpAccount {
  return 'host' in value
}

import type { z } from 'zod'
import { appointmentsCommands } from './appointments'
import { authCommands } from './auth'
import { backupsCommands } from './backups'
import { conflictsCommands } from './conflicts'
import { customersCommands } from './customers'
import { customerExportCommands } from './customer-export'
import { dealsCommands } from './deals'
import { duplicatesCommands } from './duplicates'
import { demoCommands } from './demo'
import { feedbackCommands } from './feedback'
import { importsCommands } from './imports'
import { hubCommands } from './hub'
import { lockCommands } from './lock'
import { loyaltyCommands } from './loyalty'
import { mailCommands } from './mail'
import { metricsCommands } from './metrics'
import { receiptsCommands } from './receipts'
import { receiptImportsCommands } from './receipt-imports'
import { salesCommands } from './sales'
import { settingsCommands } from './settings'
import { storageCommands } from './storage'
import { taxRatesCommands } from './tax-rates'
import { usersCommands } from './users'
import { visitsCommands } from './visits'
import type { Envelope } from './envelope'

/** Every command the renderer may send. Adding a command starts with one entry here. */
export const contract = {
  ...authCommands,
  ...usersCommands,
  ...settingsCommands,
  ...customersCommands,
  ...customerExportCommands,
  ...taxRatesCommands,
  ...salesCommands,
  ...receiptsCommands,
  ...mailCommands,
  ...loyaltyCommands,
  ...feedbackCommands,
  ...metricsCommands,
  ...demoCommands,
  ...backupsCommands,
  ...storageCommands,
  ...lockCommands,
  ...visitsCommands,
  ...dealsCommands,
  ...appointmentsCommands,
  ...importsCommands,
  ...receiptImportsCommands,
  ...duplicatesCommands,
  ...conflictsCommands,
  ...hubCommands,
}

export type Contract = typeof contract
export type CommandName = keyof Contract
export type CommandInput<K extends CommandName> = z.input<Contract[K]['input']>
export type ParsedInput<K extends CommandName> = z.output<Contract[K]['input']>
export type CommandOutput<K extends CommandName> = z.output<Contract[K]['output']>

export const commandNames = Object.keys(contract) as CommandName[]

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}

type DomainOf<K> = K extends `${infer D}:${string}` ? D : never
type VerbOf<K, D extends string> = K extends `${D}:${infer V}` ? V : never

/** window.backroom: one function per command, grouped by domain (`backroom.users.create(input)`). */
export type BackroomApi = {
  [D in DomainOf<CommandName>]: {
    [V in VerbOf<CommandName, D>]: (input: CommandInput<`${D}:${V}` & CommandName>) => Promise<Envelope<CommandOutput<`${D}:${V}` & CommandName>>>
  }
}

export * from './envelope'
export * from './permissions'

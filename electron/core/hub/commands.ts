import type { CommandOutput, ParsedInput } from '../../contract'
import type { CommandContext } from '../context'
import { AppError } from '../errors'

// Stubs of the hub commands: the contract is final, the work behind it comes next.

const notConnected = () => new AppError('NOT_CONNECTED', 'This store is not connected to a hub')

export async function status(_ctx: CommandContext, _input: ParsedInput<'hub:status'>): Promise<CommandOutput<'hub:status'>> {
  return {
    state: 'not_connected',
    online: false,
    syncing: false,
    waitingToSend: 0,
    lastSyncAt: null,
    lastError: null,
    lastProblem: null,
    nextAttemptAt: null,
    heldForClock: 0,
    waiting: 0,
    conflicts: 0,
    firstSync: null,
  }
}

export async function settings(ctx: CommandContext, _input: ParsedInput<'hub:settings'>): Promise<CommandOutput<'hub:settings'>> {
  return {
    connected: false,
    host: '',
    port: 5432,
    database: '',
    user: '',
    tls: 'verify',
    passwordSaved: false,
    passwordUnreadable: false,
    storeId: ctx.localStoreId(),
    joinedAt: null,
    joinedAs: null,
    hubSchemaVersion: null,
  }
}

export async function testConnection(_ctx: CommandContext, _input: ParsedInput<'hub:testConnection'>): Promise<CommandOutput<'hub:testConnection'>> {
  return { ok: false, problem: 'unreachable', message: 'The hub cannot be reached yet (not built)', schemaVersion: null, joinAs: null, store: null }
}

export async function connect(_ctx: CommandContext, _input: ParsedInput<'hub:connect'>): Promise<CommandOutput<'hub:connect'>> {
  throw notConnected()
}
export async function leave(_ctx: CommandContext, _input: ParsedInput<'hub:leave'>): Promise<CommandOutput<'hub:leave'>> {
  throw notConnected()
}
export async function syncNow(_ctx: CommandContext, _input: ParsedInput<'hub:syncNow'>): Promise<CommandOutput<'hub:syncNow'>> {
  throw notConnected()
}
export async function prepare(_ctx: CommandContext, _input: ParsedInput<'hub:prepare'>): Promise<CommandOutput<'hub:prepare'>> {
  throw notConnected()
}
export async function createStoreCredentials(_ctx: CommandContext, _input: ParsedInput<'hub:createStoreCredentials'>): Promise<CommandOutput<'hub:createStoreCredentials'>> {
  throw notConnected()
}
export async function stores(_ctx: CommandContext, _input: ParsedInput<'hub:stores'>): Promise<CommandOutput<'hub:stores'>> {
  throw notConnected()
}
export async function revokeStore(_ctx: CommandContext, _input: ParsedInput<'hub:revokeStore'>): Promise<CommandOutput<'hub:revokeStore'>> {
  throw notConnected()
}

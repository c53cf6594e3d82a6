import type { CommandName, CommandOutput, ParsedInput } from '../contract'
import * as appointments from './appointments/service'
import * as auth from './auth/service'
import * as ownSecrets from './auth/own-secrets'
import * as recovery from './auth/recovery'
import * as backupCopies from './backups/copy-service'
import * as backupRestore from './backups/restore'
import * as backups from './backups/service'
import * as conflicts from './conflicts/service'
import type { CommandContext } from './context'
import * as deals from './deals/service'
import * as demo from './demo/service'
import * as customers from './customers/service'
import * as customerErase from './customers/erasure/command'
import * as customerExport from './customers/export/service'
import * as customerFlags from './customers/flags'
import * as customerLookup from './customers/lookup'
import * as duplicateCheck from './customers/duplicates/check'
import * as duplicateList from './customers/duplicates/list'
import * as customerMerge from './customers/merge/command'
import * as customerHistory from './customers/history'
import * as customerSearch from './customers/search/service'
import * as customerImport from './customers/import/service'
import * as feedback from './feedback/service'
import * as hub from './hub/commands'
import * as lock from './lock/service'
import * as loyalty from './loyalty/service'
import * as mail from './mail/service'
import * as mailSettings from './mail/settings-service'
import * as metrics from './metrics/service'
import * as sales from './sales/service'
import * as receiptSearch from './sales/search'
import * as receiptImport from './sales/import/service'
import * as settings from './settings/service'
import * as storage from './storage/service'
import * as stores from './stores/service'
import * as taxRates from './tax-rates/service'
import * as users from './users/service'
import { assignedWork } from './users/assigned-work'
import * as checkIns from './visits/check-in'
import * as checkOuts from './visits/check-out'
import * as conversion from './visits/conversion'
import * as visitsToday from './visits/today'

type Handler<K extends CommandName> = (ctx: CommandContext, input: ParsedInput<K>) => Promise<CommandOutput<K>>

/** One line per command: the contract entry of the same name says who may call it. */
export const handlers: { [K in CommandName]: Handler<K> } = {
  'auth:status': auth.status,
  'auth:setup': auth.setup,
  'auth:login': auth.login,
  'auth:logout': auth.logout,
  'auth:changePassword': ownSecrets.changePassword,
  'auth:changePin': ownSecrets.changePin,
  'auth:recoveryStatus': recovery.recoveryStatus,
  'auth:newRecoveryKey': recovery.newRecoveryKey,
  'auth:recover': recovery.recover,
  'users:list': users.list,
  'users:create': users.create,
  'users:update': users.update,
  'users:resetPassword': users.resetPassword,
  'users:resetPin': users.resetPin,
  'users:assignedWork': assignedWork,
  'users:setActive': users.setActive,
  'settings:get': settings.get,
  'settings:locks': settings.locks,
  'settings:update': settings.update,
  'customers:search': customerSearch.search,
  'customers:count': customerSearch.count,
  'customers:get': customers.get,
  'customers:create': customers.create,
  'customers:update': customers.update,
  'customers:history': customerHistory.history,
  'customers:inactivate': customers.inactivate,
  'customers:restore': customers.restore,
  'customers:erase': customerErase.erase,
  'customers:setFlag': customerFlags.setFlag,
  'customers:flagHistory': customerFlags.flagHistory,
  'customers:gone': customerLookup.gone,
  'customers:staffOptions': customers.staffOptions,
  'customers:exportStart': customerExport.exportStart,
  'customers:exportProgress': customerExport.exportProgress,
  'customers:exportCancel': customerExport.exportCancel,
  'imports:pickFile': customerImport.pickFile,
  'imports:readAs': customerImport.readAs,
  'imports:check': customerImport.check,
  'imports:status': customerImport.status,
  'imports:running': customerImport.running,
  'imports:commit': customerImport.commit,
  'imports:cancel': customerImport.cancel,
  'imports:saveReport': customerImport.saveReport,
  'receiptImports:pickFile': receiptImport.pickFile,
  'receiptImports:readAs': receiptImport.readAs,
  'receiptImports:check': receiptImport.check,
  'receiptImports:status': receiptImport.status,
  'receiptImports:running': receiptImport.running,
  'receiptImports:commit': receiptImport.commit,
  'receiptImports:cancel': receiptImport.cancel,
  'receiptImports:saveReport': receiptImport.saveReport,
  'stores:list': stores.list,
  'taxRates:list': taxRates.list,
  'taxRates:save': taxRates.save,
  'sales:create': sales.create,
  'sales:void': sales.voidSale,
  'receipts:get': sales.get,
  'receipts:listForCustomer': sales.listForCustomer,
  'receipts:search': receiptSearch.search,
  'receipts:send': mail.send,
  'receipts:emails': mail.emails,
  'mail:getSettings': mailSettings.getSettings,
  'mail:saveSettings': mailSettings.saveSettings,
  'mail:sendTest': mailSettings.sendTest,
  'mail:outbox': mail.outbox,
  'mail:retry': mail.retry,
  'mail:cancel': mail.cancel,
  'loyalty:approvers': loyalty.approvers,
  'loyalty:adjust': loyalty.adjust,
  'loyalty:history': loyalty.history,
  'feedback:add': feedback.add,
  'feedback:listForCustomer': feedback.listForCustomer,
  'metrics:customer': metrics.customer,
  'metrics:customerTotals': metrics.customerTotals,
  'demo:fill': demo.fill,
  'backups:list': backups.list,
  'backups:create': backups.create,
  'backups:pickFile': backupRestore.pickFile,
  'backups:inspect': backupRestore.inspect,
  'backups:restore': backupRestore.restore,
  'backups:chooseCopyFolder': backupCopies.chooseCopyFolder,
  'backups:stopCopying': backupCopies.stopCopying,
  'storage:status': storage.status,
  'lock:policy': lock.policy,
  'lock:setPolicy': lock.setPolicy,
  'lock:inUse': lock.inUse,
  'lock:engage': lock.engage,
  'lock:unlock': lock.unlock,
  'visits:checkIn': checkIns.checkIn,
  'visits:checkOut': checkOuts.checkOut,
  'visits:status': checkIns.status,
  'visits:today': visitsToday.today,
  'visits:inUse': visitsToday.inUse,
  'visits:conversion': conversion.conversion,
  'deals:listForCustomer': deals.listForCustomer,
  'deals:create': deals.create,
  'deals:setStatus': deals.setStatus,
  'deals:assign': deals.assign,
  'appointments:schedule': appointments.schedule,
  'appointments:reschedule': appointments.reschedule,
  'appointments:cancel': appointments.cancel,
  'appointments:list': appointments.list,
  'duplicates:check': duplicateCheck.check,
  'duplicates:list': duplicateList.list,
  'duplicates:merge': customerMerge.merge,
  'conflicts:list': conflicts.list,
  'conflicts:count': conflicts.count,
  'conflicts:resolve': conflicts.resolve,
  'hub:status': hub.status,
  'hub:settings': hub.settings,
  'hub:testConnection': hub.testConnection,
  'hub:connect': hub.connect,
  'hub:leave': hub.leave,
  'hub:syncNow': hub.syncNow,
  'hub:prepare': hub.prepare,
  'hub:createStoreCredentials': hub.createStoreCredentials,
  'hub:stores': hub.stores,
  'hub:revokeStore': hub.revokeStore,
}

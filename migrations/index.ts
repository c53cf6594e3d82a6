import type { Knex } from 'knex'
import * as foundation from './20261123000000_foundation'
import * as customers from './20261123010000_customers'
import * as salesLoyalty from './20261123020000_sales_loyalty'
import * as customerSearchTuning from './20261123040500_customer_search_tuning'
import * as syncReady from './20261202000100_sync_ready'
import * as storeLocaleLoyaltyDefault from './20261202100000_store_locale_loyalty_default'
import * as lockPolicy from './20261202200000_lock_policy'
import * as mailOutbox from './20261202300000_mail_outbox'
import * as readCacheToken from './20261202400000_read_cache_token'
import * as visitsDealsAppointments from './20261202500000_visits_deals_appointments'
import * as erasedEntries from './20261202600000_erased_entries'
import * as customerMerge from './20261202750000_customer_merge'
import * as hubLink from './20261202710000_hub_link'
import * as hubLinkReclaim from './20261203700000_hub_link_reclaim'
import * as hubLinkJoin from './20261204030000_hub_link_join'
import * as hubLinkJoinAside from './20261204031500_hub_link_join_aside'
import * as photoHashIndex from './20261204100000_photo_hash_index'
import * as changeLogByStore from './20261204200000_change_log_by_store'
import * as loginThrottle from './20261205100000_login_throttle'
import * as receiptsDayCurrency from './20261205300000_receipts_day_currency'
import * as claimKeys from './20261206100000_claim_keys'
import * as listingWithoutMerged from './20261206110000_listing_without_merged'
import * as historyMergedFrom from './20261206200000_history_merged_from'
import * as saleRequests from './20261206400000_sale_requests'
import * as commandRequests from './20261206500000_command_requests'
import * as loyaltyReasonIndex from './20261207100000_loyalty_reason_index'
import * as customerStoresByStore from './20261208100000_customer_stores_by_store'
import * as paymentPoints from './20261208200000_payment_points'
import * as receiptsNetSales from './20261209100000_receipts_net_sales'
import * as assignedWorkIndexes from './20261210100000_assigned_work_indexes'
import * as recoveryKey from './20261211100000_recovery_key'
import * as foldApostrophes from './20261212100000_fold_apostrophes'

/** Every migration, by file name. A new migration file adds one line here (a test checks). */
export const migrations: Record<string, Knex.Migration> = {
  '20261123000000_foundation': foundation,
  '20261123010000_customers': customers,
  '20261123020000_sales_loyalty': salesLoyalty,
  '20261123040500_customer_search_tuning': customerSearchTuning,
  '20261202000100_sync_ready': syncReady,
  '20261202100000_store_locale_loyalty_default': storeLocaleLoyaltyDefault,
  '20261202200000_lock_policy': lockPolicy,
  '20261202300000_mail_outbox': mailOutbox,
  '20261202400000_read_cache_token': readCacheToken,
  '20261202500000_visits_deals_appointments': visitsDealsAppointments,
  '20261202600000_erased_entries': erasedEntries,
  '20261202750000_customer_merge': customerMerge,
  '20261202710000_hub_link': hubLink,
  '20261203700000_hub_link_reclaim': hubLinkReclaim,
  '20261204030000_hub_link_join': hubLinkJoin,
  '20261204031500_hub_link_join_aside': hubLinkJoinAside,
  '20261204100000_photo_hash_index': photoHashIndex,
  '20261204200000_change_log_by_store': changeLogByStore,
  '20261205100000_login_throttle': loginThrottle,
  '20261205300000_receipts_day_currency': receiptsDayCurrency,
  '20261206100000_claim_keys': claimKeys,
  '20261206110000_listing_without_merged': listingWithoutMerged,
  '20261206200000_history_merged_from': historyMergedFrom,
  '20261206400000_sale_requests': saleRequests,
  '20261206500000_command_requests': commandRequests,
  '20261207100000_loyalty_reason_index': loyaltyReasonIndex,
  '20261208100000_customer_stores_by_store': customerStoresByStore,
  '20261208200000_payment_points': paymentPoints,
  '20261209100000_receipts_net_sales': receiptsNetSales,
  '20261210100000_assigned_work_indexes': assignedWorkIndexes,
  '20261211100000_recovery_key': recoveryKey,
  '20261212100000_fold_apostrophes': foldApostrophes,
}

import type { CustomerRow } from '@contract/customers'
import type { Permission } from '@contract/permissions'
import type { MenuItem } from 'primevue/menuitem'
import type { Router } from 'vue-router'

export interface RowActionContext {
  can(permission: Permission): boolean
  router: Router
  /** Actions that open a dialog on the list screen rather than another screen. */
  remove(row: CustomerRow): void
  restore(row: CustomerRow): void
  loyalty(row: CustomerRow): void
}

/**
 * The ••• menu of one customer row (guide 004: edit, view metrics, delete, loyalty). A screen
 * reached from a customer adds one entry here; what the user may not do is left out, and main
 * refuses it anyway.
 */
export function customerRowActions(row: CustomerRow, ctx: RowActionContext): MenuItem[] {
  const open = (name: string) => () => void ctx.router.push({ name, params: { id: row.id } })
  const items: MenuItem[] = [
    { label: 'View details', icon: 'pi pi-id-card', command: open('customer') },
    { label: 'Edit', icon: 'pi pi-pencil', command: open('customer-edit') },
    { label: 'View metrics', icon: 'pi pi-chart-bar', command: open('customer-metrics') },
    { label: 'Loyalty', icon: 'pi pi-heart', command: () => ctx.loyalty(row) },
  ]
  if (ctx.can('delete_customers')) {
    items.push(
      row.active
        ? { label: 'Delete', icon: 'pi pi-trash', command: () => ctx.remove(row) }
        : { label: 'Restore', icon: 'pi pi-replay', command: () => ctx.restore(row) },
    )
  }
  return items
}

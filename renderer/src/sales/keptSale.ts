import type { CustomerRow } from '@contract/customers'
import type { PaymentMethod } from '@contract/sales'

// The shapes of a sale as typed, apart from the screen's logic (useSaleDraft): parkedSales.ts
// keeps them without the screen's imports.

/** One item line as typed: amounts in currency units, as the user thinks of them. */
export interface ItemLine {
  key: number
  name: string
  quantity: number | null
  unitPrice: number | null
  taxRateId: string | null
}

export interface PaymentLine {
  key: number
  method: PaymentMethod
  amount: number | null
  reference: string
  /** Loyalty points only: the whole points typed (their value is the payment's amount). */
  points?: number | null
}

/**
 * A sale as it is kept on this PC, half rung up: the draft of the sale on screen, and each sale
 * parked. Nothing in it is secret: a sale asks for no password or PIN.
 */
export interface KeptSale {
  customer: CustomerRow | null
  items: ItemLine[]
  payments: PaymentLine[]
  /** The sale's request id: sent again after a crash, a sale main already saved is not saved twice. */
  requestId: string
  /**
   * The name the sale was parked under ("Lady in the red coat"), '' or absent when none: a sale
   * resumed keeps it, so parking it again offers the same name.
   */
  name?: string
}

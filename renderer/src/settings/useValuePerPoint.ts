import { sameFigureInMinorUnits } from '@contract/money/rounding'
import { computed, ref, type Ref } from 'vue'
import { formatMinor, minorUnitName } from '@/ui/format/money'

/**
 * The value per point is a number of minor units of the store's currency, so choosing another
 * currency (before the first sale) carries it over as the same figure ($0.01 → KWD 0.010, 1 → 10)
 * and says so under the field, or empties it and asks for it again when the new currency has no
 * whole number of minor units for it (5 cents in yen). The note says which, beside the field's
 * own message (an empty box is also "Enter a number"). What is saved says which currency the
 * number is in (`loyaltyValueCurrency`), so main does not carry it over a second time.
 */
export function useValuePerPoint(valuePerPoint: Ref<number | undefined>) {
  /** The currency the field's number is in. */
  const valueCurrency = ref('')
  const note = ref('')

  function loaded(currency: string) {
    valueCurrency.value = currency
    note.value = ''
  }

  function currencyChosen(next: string | undefined) {
    const from = valueCurrency.value
    if (!next || !from || next === from) return
    const value = valuePerPoint.value
    if (typeof value === 'number') {
      const carried = sameFigureInMinorUnits(value, from, next)
      const figure = formatMinor(value, from)
      note.value =
        carried === null
          ? `${figure} per point is no whole number of ${next} minor units: enter what one point is worth in ${next}`
          : `Changed with the currency: ${figure} per point is ${formatMinor(carried, next)} (${carried}). Check it before saving`
      valuePerPoint.value = carried ?? undefined
    }
    valueCurrency.value = next
  }

  const hint = computed(() => (valueCurrency.value ? `What one point is worth: 1 is ${formatMinor(1, valueCurrency.value)}` : ''))
  /** The field's label names what its number counts: "Value per point (in cents of USD)", "(in Japanese yen)". */
  const label = computed(() => (valueCurrency.value ? `Value per point (in ${minorUnitName(valueCurrency.value)})` : 'Value per point'))

  return { valueCurrency, note, hint, label, loaded, currencyChosen }
}

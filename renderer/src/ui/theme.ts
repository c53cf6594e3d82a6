import { definePreset } from '@primeuix/themes'
import Aura from '@primeuix/themes/aura'

type Palette = Record<string, string>

/**
 * Aura with every colour's middle shades moved darker, so that what the theme draws with them
 * meets WCAG AA: white on a primary button, green text buttons, active tabs, red outlined
 * buttons, warning and success messages (Aura's own shades give 2.5–3.5:1; these 4.5:1 and
 * more). The light shades (50–300), which are backgrounds and borders, stay as they are.
 */
const DARKER: Record<string, string> = { 400: '600', 500: '700', 600: '800', 700: '800', 800: '900', 900: '950', 950: '950' }

function darker(palette: Palette): Palette {
  return Object.fromEntries(Object.entries(palette).map(([shade, colour]) => [shade, DARKER[shade] ? palette[DARKER[shade]]! : colour]))
}

const primitive = Aura.primitive as Record<string, unknown>
const palettes = Object.fromEntries(
  Object.entries(primitive)
    .filter((entry): entry is [string, Palette] => typeof entry[1] === 'object' && entry[1] !== null && '500' in entry[1])
    .map(([name, palette]) => [name, darker(palette)]),
)

export const BackroomTheme = definePreset(Aura, {
  primitive: palettes,
  semantic: {
    // A focus ring one can see from the desk: 2 px in the primary colour (3:1 and more on every surface).
    focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '2px' },
  },
})

/** The focus sentinels of a pop-up list are focusable, so they must not be aria-hidden (axe: aria-hidden-focus). */
const focusSentinels = {
  hiddenFirstFocusableEl: { 'aria-hidden': undefined },
  hiddenLastFocusableEl: { 'aria-hidden': undefined },
}

/**
 * Pass-through attributes that mend what PrimeVue's markup gets wrong for screen readers
 * (found by axe-core in the browser tests). `undefined` removes PrimeVue's own attribute.
 */
export const accessiblePassThrough = {
  select: focusSentinels,
  multiselect: focusSentinels,
  listbox: focusSentinels,
  // An option's name is what it shows (name, phone, flag), not only the field the input keeps.
  autocomplete: { option: { 'aria-label': undefined } },
  datepicker: {
    // aria-selected belongs to a grid cell, not to the span inside it.
    day: { 'aria-selected': undefined },
    // "Choose Month" read for a button that shows "December": let the button's text name it.
    selectMonth: { 'aria-label': undefined },
    selectYear: { 'aria-label': undefined },
  },
}

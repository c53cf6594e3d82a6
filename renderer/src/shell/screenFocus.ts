import { focusWhenShown } from '@/ui/a11y/focus'

/**
 * Where focus goes when a screen opens: the element the screen marks `data-screen-focus` (the
 * customer search, where the desk's next action is), else its `h1`, so a screen reader starts
 * reading the new screen and Tab goes on from its top. Focus the user already put inside the
 * screen is left alone.
 */
export function focusScreen(main: HTMLElement): Promise<boolean> {
  const find = () => main.querySelector<HTMLElement>('[data-screen-focus]') ?? main.querySelector<HTMLElement>('h1')
  return focusWhenShown(main, () => (main.contains(document.activeElement) && document.activeElement !== main ? null : find()))
}

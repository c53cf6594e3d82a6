/**
 * Builds the `window.backroom` object from command names: `users:create` becomes
 * `backroom.users.create(input)`. Self-contained (no imports, no closures) because the browser
 * host serialises it into the page with Function.prototype.toString.
 */
export function buildSurface(
  names: readonly string[],
  send: (name: string, input: unknown) => Promise<unknown>,
): Record<string, Record<string, (input: unknown) => Promise<unknown>>> {
  const surface: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {}
  for (const name of names) {
    const [domain, verb] = name.split(':')
    const group = (surface[domain] ??= {})
    group[verb] = (input: unknown) => send(name, input === undefined ? {} : input)
  }
  for (const group of Object.values(surface)) Object.freeze(group)
  return Object.freeze(surface)
}

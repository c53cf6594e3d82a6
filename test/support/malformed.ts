/**
 * Turns one valid command input into many malformed ones: wrong shapes, unknown keys, missing
 * keys, wrong leaf types and oversized strings. Each case says what was done, for the report.
 */
export interface MalformedCase {
  label: string
  input: unknown
}

type Path = (string | number)[]

const ONE_MB = 'x'.repeat(1024 * 1024)
export const UNKNOWN_KEY = '__unexpected__'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every position in the value, depth first: [path, value at that path]. */
function walk(value: unknown, path: Path = []): [Path, unknown][] {
  const here: [Path, unknown][] = [[path, value]]
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => walk(item, [...path, i])))
  if (isPlainObject(value)) return here.concat(Object.entries(value).flatMap(([k, v]) => walk(v, [...path, k])))
  return here
}

/** A deep copy with the value at `path` replaced (or removed when `remove` is set). */
function edit(value: unknown, path: Path, replacement: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>
  let parent: Record<string | number, unknown> = copy
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path[path.length - 1]
  if (remove) delete parent[last]
  else parent[last] = replacement
  return copy
}

const show = (path: Path) => (path.length ? path.join('.') : '(root)')

/** Values of other types than `value`'s: number↔string, boolean, object, array, null. */
function wrongTypes(value: unknown): unknown[] {
  const candidates: unknown[] = [42, 'text', true, { nested: 1 }, ['a'], null]
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
  return candidates.filter((c) => kind(c) !== kind(value))
}

export function malformedInputs(sample: unknown): MalformedCase[] {
  const cases: MalformedCase[] = [null, undefined, 42, 'x', [], true].map((input) => ({
    label: `non-object ${JSON.stringify(input) ?? 'undefined'}`,
    input,
  }))
  for (const [path, value] of walk(sample)) {
    if (isPlainObject(value)) {
      cases.push({ label: `unknown key at ${show(path)}`, input: edit(sample, [...path, UNKNOWN_KEY], 'surprise') })
    }
    if (path.length === 0) continue
    if (typeof path[path.length - 1] === 'string') {
      cases.push({ label: `${show(path)} removed`, input: edit(sample, path, undefined, true) })
    }
    for (const wrong of wrongTypes(value)) {
      cases.push({ label: `${show(path)} as ${JSON.stringify(wrong)}`, input: edit(sample, path, wrong) })
    }
    if (typeof value === 'string') {
      cases.push({ label: `${show(path)} as a 1 MB string`, input: edit(sample, path, ONE_MB) })
    }
  }
  return cases
}

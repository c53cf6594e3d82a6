import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/)
      return [name, sources] as const
    }),
  )
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it('runs only the app’s own scripts: no inline script, no eval', () => {
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })

  it('relaxes inline styles only (PrimeVue’s injected theme)', () => {
    const withInline = [...policy].filter(([, sources]) => sources.includes("'unsafe-inline'")).map(([name]) => name)
    expect(withInline).toEqual(['style-src'])
  })

  it('shuts plugins, base rewriting, form posts and framing', () => {
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(policy.get(name)).toEqual(["'none'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
  })

  it('does not import electron, so the browser host can use it', () => {
    const source = readFileSync(join(__dirname, '../../electron/main/csp.ts'), 'utf8')
    expect(source).not.toMatch(/^\s*import\b|\brequire\(/m)
  })
})

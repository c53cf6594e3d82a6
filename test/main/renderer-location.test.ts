import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appUrlPredicate, rendererLocation } from '../../electron/main/renderer-location'

const indexHtmlPath = join('/opt', 'Backroom Stores', 'resources', 'app.asar', 'out', 'renderer', 'index.html')

describe('rendererLocation', () => {
  it('uses the dev server only in an unpackaged app', () => {
    const devServerUrl = 'http://localhost:5173/'
    expect(rendererLocation({ isPackaged: false, devServerUrl, indexHtmlPath })).toEqual({ devServerUrl })
    expect(rendererLocation({ isPackaged: true, devServerUrl, indexHtmlPath })).toEqual({ indexHtmlPath })
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, indexHtmlPath })).toEqual({ indexHtmlPath })
  })
})

describe('appUrlPredicate', () => {
  it('accepts the built index.html, whatever its hash or query, and nothing else', () => {
    const isAppUrl = appUrlPredicate({ indexHtmlPath })
    const page = pathToFileURL(indexHtmlPath).href
    expect(isAppUrl(page)).toBe(true)
    expect(isAppUrl(`${page}#/customers/42`)).toBe(true)
    expect(isAppUrl(`${page}?tab=history`)).toBe(true)
    expect(isAppUrl(pathToFileURL(join(indexHtmlPath, '..', 'other.html')).href)).toBe(false)
    expect(isAppUrl('file:///etc/passwd')).toBe(false)
    expect(isAppUrl('https://evil.example/index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('accepts any page of the dev server origin and nothing else', () => {
    const isAppUrl = appUrlPredicate({ devServerUrl: 'http://localhost:5173' })
    expect(isAppUrl('http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5173/customers#x')).toBe(true)
    expect(isAppUrl('http://localhost:5174/')).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false)
    expect(isAppUrl('https://evil.example/')).toBe(false)
  })
})

import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { APP_INDEX_URL } from '../../electron/main/app-protocol'
import { appUrlPredicate, pageUrl, rendererLocation } from '../../electron/main/renderer-location'

const rendererDir = join('/opt', 'Backroom Stores', 'resources', 'app.asar', 'out', 'renderer')

describe('rendererLocation', () => {
  it('uses the dev server only in an unpackaged app', () => {
    const devServerUrl = 'http://localhost:5173/'
    expect(rendererLocation({ isPackaged: false, devServerUrl, rendererDir })).toEqual({ devServerUrl })
    expect(rendererLocation({ isPackaged: true, devServerUrl, rendererDir })).toEqual({ rendererDir })
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, rendererDir })).toEqual({ rendererDir })
  })

  it('loads app://backroom/index.html for the built files, the dev server URL otherwise', () => {
    expect(APP_INDEX_URL).toBe('app://backroom/index.html')
    expect(pageUrl({ rendererDir })).toBe(APP_INDEX_URL)
    expect(pageUrl({ devServerUrl: 'http://localhost:5173/' })).toBe('http://localhost:5173/')
  })
})

describe('appUrlPredicate', () => {
  it('accepts app://backroom/index.html, whatever its hash or query, and nothing else', () => {
    const isAppUrl = appUrlPredicate({ rendererDir })
    expect(isAppUrl('app://backroom/index.html')).toBe(true)
    expect(isAppUrl('app://backroom/index.html#/customers/42')).toBe(true)
    expect(isAppUrl('app://backroom/index.html?tab=history')).toBe(true)
    for (const other of [
      // The same index.html as a file: URL, as the app loaded it before.
      pathToFileURL(join(rendererDir, 'index.html')).href,
      'file:///etc/passwd',
      'app://backroom/',
      'app://backroom/other.html',
      'app://backroom/assets/index.html',
      'app://backroom/index.html/x',
      'app://other/index.html',
      'app://backroom.evil.example/index.html',
      'app://backroom:8080/index.html',
      'app://user@backroom/index.html',
      'other://backroom/index.html',
      'https://backroom/index.html',
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'not a url',
    ]) {
      expect(isAppUrl(other), other).toBe(false)
    }
  })

  it('accepts any page of the dev server origin and nothing else', () => {
    const isAppUrl = appUrlPredicate({ devServerUrl: 'http://localhost:5173' })
    expect(isAppUrl('http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5173/customers#x')).toBe(true)
    expect(isAppUrl('http://localhost:5174/')).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false)
    expect(isAppUrl('https://evil.example/')).toBe(false)
    expect(isAppUrl('app://backroom/index.html')).toBe(false)
  })
})

import { join, resolve } from 'node:path'
import { createCore } from '../../electron/core'
import { startBrowserHost } from './browserHost'
import { HostFileExchange } from './file-exchange'

/**
 * `npm run start:browser`: the real core on a real SQLite file (BACKROOM_DATA_DIR, default
 * .tmp/dev-data) behind the built renderer, for working on the UI without Electron.
 */
async function main() {
  const repo = resolve(__dirname, '../..')
  const dataDir = process.env.BACKROOM_DATA_DIR ?? join(repo, '.tmp', 'dev-data')
  // Backups saved "to a file" download through the browser; restoring one from a file uploads it.
  const files = new HostFileExchange(join(repo, '.tmp', 'dev-files'))
  const core = await createCore({ dataDir, dialogs: files.dialogs })
  const host = await startBrowserHost({
    dispatch: core.dispatch,
    files,
    rendererDir: join(repo, 'out', 'renderer'),
    port: Number(process.env.PORT ?? 5178),
  })
  console.log(`Backroom (browser host) on ${host.origin}\nOpen: ${host.url}\nData: ${dataDir}`)
  console.log('Each address works once. Press Enter for another (another browser or profile).')
  process.stdin.on('data', () => console.log(`Open: ${host.issueUrl()}`))
  const stop = async () => {
    await host.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()

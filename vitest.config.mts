import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import LongestFirst from './test/longest-first'

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // Transformed modules kept on disk: each browser batch is a vitest process of its own (test/run-all.mjs).
    experimental: { fsModuleCache: true },
    // The minutes-long core files start first (test/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // The renderer's pure modules tested here (test/renderer) import the contract as the build does.
        resolve: { alias: { '@contract': resolve(__dirname, 'electron/contract') } },
        test: {
          name: 'core',
          // test/renderer: the renderer's plain-TypeScript helpers (date formatting, the store's new
          // day, the date box's calendar); a file needing a DOM says `@vitest-environment happy-dom`.
          include: ['test/core/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/host/**/*.test.ts', 'test/renderer/**/*.test.ts'],
          environment: 'node',
          // Migrates one empty database per run, which each test's core copies (test/support/core.ts).
          globalSetup: ['./test/support/template-setup.ts'],
          // Folders made with tempDir are removed after each file.
          setupFiles: ['./test/support/remove-temp-dirs.ts'],
          testTimeout: 20_000,
          // Files share a worker's modules: each file importing the core (knex, sqlite3, pdfkit,
          // exceljs, nodemailer…) anew cost ~1.5 s, some 190 s of a run's CPU. These files keep
          // their state in the cores they open, and restore what they spy on.
          isolate: false,
        },
      },
      {
        test: {
          // The Electron adapter's tests mock `electron` with vi.mock: each file gets its own modules.
          name: 'main',
          include: ['test/main/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/support/template-setup.ts'],
          setupFiles: ['./test/support/remove-temp-dirs.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: these machines have two cores.
          fileParallelism: false,
          // Cores start from the run's migrated copy, as in the core project. (It was left out here
          // when sync-conflicts.test.ts once found no conflict on a copy: that test read the Conflicts
          // table before its list arrived, a race of timing, not of the copy (bf68deb); it passes on
          // the copy. A copy holds nothing a store must have of its own: its node id is made at
          // start, and read_cache_token's value only has to change on writes, per core.)
          globalSetup: ['./test/support/template-setup.ts'],
          setupFiles: ['./test/support/remove-temp-dirs.ts'],
          // Each file imported Playwright, the core and the host anew: 285 s of a 1351 s run (load
          // ~15). The files share no state but a user counter and the process's Chromium (each page
          // a browser profile of its own: test/support/browser.ts sharedChromium); each starts its own app.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores shared with other work: a screen may take more than poll's default second to answer.
          expect: { poll: { timeout: 8_000 } },
        },
      },
    ],
  },
})

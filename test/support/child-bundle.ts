import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

export const ROOT = join(__dirname, '../..')

/**
 * A child process's entry bundled once into one plain CommonJS file in `.tmp/<folder>`, so each
 * of the many processes a crash test starts and kills loads in a fraction of a second (loading
 * hundreds of small module files, date-fns, zod…, was most of each process's start).
 * Native drivers stay outside, and pdfkit too: its ES module build reads import.meta.url, which
 * a CommonJS bundle does not have (the child died at load, "Invalid URL"); required, it loads as CJS.
 */
export async function bundleChild(entry: string, folder: string, name: string, options: { packagesOutside?: boolean; exactName?: boolean } = {}): Promise<string> {
  const dir = join(ROOT, '.tmp', folder)
  mkdirSync(dir, { recursive: true })
  // `exactName`: a file the bundled code looks for by its name (the SMTP thread's `smtp-thread.js`).
  const outfile = join(dir, options.exactName ? name : `${name}-${process.pid}.cjs`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `import('pg')` (loaded at first use) becomes a require: the launcher compiles the bundle as a
    // plain script (child-launcher.cjs), which has no loader for import() of its own.
    supported: { 'dynamic-import': false },
    // `packagesOutside`: every package is required from node_modules, as electron-vite leaves the
    // app's dependencies outside its main bundle (the file sits below ROOT, so they are found).
    ...(options.packagesOutside
      ? { packages: 'external' as const }
      : { external: ['sqlite3', 'pg', 'pg-query-stream', 'pg-native', 'mysql', 'mysql2', 'mariadb', 'mariadb/*', 'oracledb', 'tedious', 'better-sqlite3', 'pdfkit'] }),
    logLevel: 'silent',
  })
  return outfile
}

/**
 * The arguments that start a bundled child: through child-launcher.cjs, which compiles its files
 * from V8's code cache (an earlier child's), so each start skips compiling the 8 MB bundle.
 */
export function childArgs(bundle: string, args: readonly string[] = []): string[] {
  return [join(__dirname, 'child-launcher.cjs'), bundle, ...args]
}

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Folders `tempDir` made in this test file, removed after it (test/support/remove-temp-dirs.ts).
 * A module of its own, not part of support/core.ts: the setup file that removes them runs before
 * every test file, and importing the whole core there cost each file that never opens one
 * (contract, main, unit tests) about a second and a half.
 */
const madeTempDirs: string[] = []

export function tempDir(prefix = 'backroom-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  madeTempDirs.push(dir)
  return dir
}

/** Removes every folder `tempDir` made so far: each full run left some 70 behind in /tmp. */
export function removeTempDirs(): void {
  for (const dir of madeTempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

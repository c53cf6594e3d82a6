import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { xorshift } from '../../bench/customers/generate'
import { bundleChild, childArgs, ROOT } from '../../support/child-bundle'


/** The writer bundled once (test/support/child-bundle.ts). */
export const bundleWriter = (): Promise<string> => bundleChild(join(__dirname, 'writer.ts'), 'crash', 'writer')

export interface Writer {
  child: ChildProcess
  /** Resolves when the writer printed `line` (rejects if it exits first). */
  saw(line: string): Promise<void>
  /** Resolves with the exit code (null when killed). */
  exited: Promise<number | null>
  output(): string
}

export function startWriter(bundle: string, args: string[]): Writer {
  const child = spawn(process.execPath, childArgs(bundle, args), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const waiting: { line: string; resolve: () => void; reject: (e: Error) => void }[] = []
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const settle = () => {
    for (const w of [...waiting]) {
      if (out.split('\n').includes(w.line)) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve()
      }
    }
  }
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    settle()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`writer exited before "${w.line}":\n${out}`))
  })
  return {
    child,
    exited,
    output: () => out,
    saw(line) {
      return new Promise((resolve, reject) => {
        waiting.push({ line, resolve, reject })
        settle()
      })
    },
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGKILL: no handler runs, nothing is flushed or closed; the power cut of a process. */
export async function killNow(writer: Writer): Promise<void> {
  writer.child.kill('SIGKILL')
  await writer.exited
}

/** A seeded generator, so a failing round can be replayed with the same delays. */
export const seeded = xorshift

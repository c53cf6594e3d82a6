import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { bundleChild, childArgs, ROOT } from '../child-bundle'


/** apply-child.ts bundled once (test/support/child-bundle.ts), as the crash tests' writer. */
export const bundleApplyChild = (): Promise<string> => bundleChild(join(__dirname, 'apply-child.ts'), 'hub-convergence', 'apply-child')

interface Child {
  process: ChildProcess
  output(): string
  exited: Promise<[number | null, NodeJS.Signals | null]>
}

function startChild(bundle: string): Child {
  const child = spawn(process.execPath, childArgs(bundle), { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stdin!.on('error', () => {})
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
  return { process: child, output: () => out, exited }
}

/**
 * Child processes that each run one round of a store and kill themselves mid-apply. Loading the
 * core is most of a child's cost (about 0.55 s of CPU with the code cache of child-launcher.cjs;
 * 0.8–1.0 s while the core loaded the PDF and workbook writers at start), so the next child is
 * started as soon as one is taken: it loads while the schedule goes on.
 */
export class ApplyKiller {
  private next: Child
  constructor(private readonly bundle: string) {
    this.next = startChild(bundle)
  }

  /**
   * Runs a round of the store in `dir` (closed meanwhile) on the clock `nowMs`, killed by SIGKILL
   * before its `killAt`-th write in a transaction. Answers 'killed', or 'finished' when the round
   * wrote less than that.
   */
  async run(dir: string, nowMs: number, killAt: number): Promise<'killed' | 'finished'> {
    const child = this.next
    this.next = startChild(this.bundle)
    child.process.stdin!.end(`${JSON.stringify([dir, nowMs, killAt])}\n`)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.process.kill('SIGKILL')
    }, 60_000)
    const [code, signal] = await child.exited
    clearTimeout(timer)
    const out = child.output()
    if (timedOut) throw new Error(`the apply child did not end in 60 s: ${out.slice(0, 500)}`)
    if (signal === 'SIGKILL' && !/^done/m.test(out)) return 'killed'
    if (code !== 0 || !/^done/m.test(out)) throw new Error(`the apply child failed (${code ?? signal}): ${out.slice(0, 1000)}`)
    return 'finished'
  }

  stop() {
    this.next.process.kill('SIGKILL')
  }
}

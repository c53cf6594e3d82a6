import { observeDerivations } from '../../electron/core/auth/kdf'

/** The N of each scrypt derivation `run` makes: a check's work, counted rather than timed. */
export async function derivations(run: () => Promise<unknown>): Promise<number[]> {
  const seen: number[] = []
  observeDerivations((params) => seen.push(params.N))
  try {
    await run()
  } finally {
    observeDerivations(undefined)
  }
  return seen
}

export const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0)

import { z } from 'zod'
import { command } from './define'
import { empty } from './fields'

export const storageCommands = {
  /**
   * Whether the data folder takes writes: null, or why not. Public: the banner asks it while a
   * user is signing in too. It writes nothing (its test write is rolled back).
   */
  'storage:status': command({
    input: empty,
    output: z.object({ problem: z.enum(['disk-full', 'read-only']).nullable(), message: z.string().nullable() }),
    access: 'public',
    // Polled while the banner shows.
    activity: false,
  }),
}

import type { HubFirstSync } from '@contract/hub'

/**
 * The step of a bulk join (a hub at schema step 3 reads customers first, then history), in the
 * words the sync settings and the frame show; empty for a first sync that has no steps.
 */
export function firstSyncStep(phase: HubFirstSync['phase']): string {
  if (phase === 'customers') return 'Step 1 of 2: customers…'
  if (phase === 'history') return 'Step 2 of 2: history… (the store can be used meanwhile)'
  return ''
}

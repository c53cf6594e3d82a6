import type { CommandLine } from 'electron'

/**
 * Command-line switches that would open the app to a debugger: Chromium's DevTools protocol
 * (remote debugging, which reaches the window's page and, through it, the command bridge) and
 * Node's inspector for main. The enableNodeCliInspectArguments fuse already makes a packaged
 * build ignore the --inspect family; no fuse covers --remote-debugging-*, so a packaged build
 * refuses to start when any of these is given (index.ts). Unpackaged (development) runs accept them.
 */
export const DEBUGGING_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-wait',
  'inspect-brk-node',
] as const

/** The debugging switches present on the command line, in the order above. */
export function debuggingSwitchesGiven(commandLine: Pick<CommandLine, 'hasSwitch'>): string[] {
  return DEBUGGING_SWITCHES.filter((name) => commandLine.hasSwitch(name))
}

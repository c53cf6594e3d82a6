import type { Step } from '../sync/steps'

/**
 * Hub schedules fast-check found failing once, replayed by the hub's convergence test on every
 * run (a change of the step generator draws other schedules: these stay).
 */
export interface FoundSchedule {
  /** What it found, and what the cause turned out to be. */
  about: string
  /** The stores' starting clock skews (ms). */
  skews: number[]
  steps: Step[]
}

export const FOUND_SCHEDULES: FoundSchedule[] = [
  {
    // Found with the owner steps in the generator (seed 10, path 10); it has no owner step.
    about:
      'no store did a round before the end: S2 pushed its inactivation of a customer (faults only), S0 its own, later one; ' +
      'S1 then joined last, after compaction took the superseded S2 write, and never got it (by design: a join reads the ' +
      'compacted hub). The check of missing entries now allows exactly that.',
    skews: [28673, 57369, -13],
    steps: [
      { kind: 'deliver', from: 2, to: 1, start: 1.9088972385734343e-52, end: 1.1140858559791645e-27, shuffle: 721538276, duplicates: 3 },
      { kind: 'deliver', from: 0, to: 2, start: 6.64330652290053e-301, end: 4.79204133542469e-123, shuffle: 2046685848, duplicates: 3 },
      { kind: 'command', store: 2, command: 'checkInTwice', pick: 1509692053, text: 7, flag: false },
      { kind: 'deliver', from: 1, to: 2, start: 2.550939226816845e-199, end: 1.052777707845888e-185, shuffle: 1154222059, duplicates: 2 },
      { kind: 'deliver', from: 0, to: 2, start: 1.021971911678424e-83, end: 2.076658565859968e-42, shuffle: 1363258174, duplicates: 2 },
      { kind: 'command', store: 2, command: 'feedback', pick: 1438199137, text: 5, flag: true },
      { kind: 'wait', ms: 30395 },
      { kind: 'command', store: 1, command: 'createUser', pick: 2025787834, text: 6, flag: false },
      { kind: 'command', store: 0, command: 'createUser', pick: 1050182542, text: 4, flag: true },
      { kind: 'deliver', from: 1, to: 1, start: 1.3203299547395806e-174, end: 2.9452783583294673e-125, shuffle: 118224530, duplicates: 2 },
      { kind: 'command', store: 2, command: 'changeStaff', pick: 1788365628, text: 3, flag: true },
      { kind: 'restart', store: 0, jump: -3311438 },
      { kind: 'command', store: 0, command: 'inactivate', pick: 372692236, text: 0, flag: true },
      { kind: 'command', store: 2, command: 'inactivate', pick: 1063761286, text: 7, flag: false },
      { kind: 'command', store: 1, command: 'createCustomer', pick: 1631736555, text: 1, flag: false },
      { kind: 'command', store: 2, command: 'sale', pick: 393676118, text: 5, flag: false },
      { kind: 'restart', store: 0, jump: -3114126 },
      { kind: 'command', store: 0, command: 'openForm', pick: 1004035491, text: 3, flag: true },
      { kind: 'deliver', from: 2, to: 0, start: 8.36742696315492e-224, end: 2.145608013636078e-116, shuffle: 1658175159, duplicates: 3 },
    ],
  },
  {
    // Found by the CI at 3fbbd91 (seed 10, path 131), the receipt import new in the generator.
    about:
      'S1 imported receipts during its join, while the join had the customers’ indexes set aside: the import’s customer ' +
      'lookup names customers_dup_email (INDEXED BY) and answered INTERNAL. A command reading through an index set aside ' +
      'is now refused in words (hub/join-aside.ts refusedWhileJoining).',
    skews: [10477, 21492, -110381],
    steps: [
      { kind: 'command', store: 0, command: 'checkIn', pick: 182037430, text: 5, flag: true },
      { kind: 'command', store: 2, command: 'toggleUser', pick: 1152809561, text: 6, flag: false },
      { kind: 'deliver', from: 0, to: 1, start: 0.9999999999999982, end: 1.0672225993038864e-278, shuffle: 1434259185, duplicates: 2 },
      { kind: 'command', store: 1, command: 'importReceipts', pick: 41330183, text: 1, flag: true },
      { kind: 'command', store: 1, command: 'merge', pick: 1873822441, text: 7, flag: false },
      { kind: 'command', store: 0, command: 'editCustomer', pick: 2147483626, text: 0, flag: true },
      { kind: 'command', store: 1, command: 'unflag', pick: 18025375, text: 2, flag: true },
      { kind: 'command', store: 2, command: 'autoCheckout', pick: 621618060, text: 5, flag: true },
    ],
  },
]

import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import sqlite3 from 'sqlite3'
import { withSender } from './sender-headers'
import { errorFields, MESSAGE_GONE, type FromThread, type ThreadData, type ToThread } from './smtp-thread-protocol'
import { PooledTransports, sendDeadline } from './transport'

/**
 * The outbox's SMTP conversations, on a thread of their own: TLS, the SMTP dialogue, nodemailer's
 * bookkeeping and the messages' bytes (tens of kilobytes each, a PDF attached) cost the desk's
 * event loop as much as the commands it answers meanwhile. Here they run beside it, at the
 * lowest priority the OS gives (a Linux thread has its own nice value), so a command the desk is
 * waiting for wins the CPU. The thread reads each message through a read-only connection of
 * its own (WAL: it never waits for a writer); main keeps every write.
 */
try {
  setPriority(19)
} catch {
  // Not allowed on this platform: the thread still takes the work off the desk's loop.
}

const { databaseFile } = workerData as ThreadData
const reads = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY)
reads.configure('busyTimeout', 5000)
const transports = new PooledTransports()
const port = parentPort!

function messageBytes(outboxId: string): Promise<string | undefined> {
  return new Promise((resolve, reject) =>
    reads.get('SELECT raw FROM mail_outbox WHERE id = ?', [outboxId], (error: Error | null, row?: { raw: string }) => (error ? reject(error) : resolve(row?.raw))),
  )
}

async function send(message: Extract<ToThread, { kind: 'send' }>): Promise<string> {
  const { account, pool, envelope, outboxId } = message
  const raw = await messageBytes(outboxId)
  if (raw === undefined) throw Object.assign(new Error('The message is no longer in the outbox'), { code: MESSAGE_GONE })
  return String((await transports.for(account, pool).sendMail({ envelope, raw: withSender(raw, account), signal: sendDeadline(pool.timeoutsMs) })).response ?? '')
}

port.on('message', (message: ToThread) => {
  if (message.kind === 'close') {
    transports.close()
    reads.close(() => port.close())
    return
  }
  send(message).then(
    (response) => port.postMessage({ id: message.id, ok: true, response } satisfies FromThread),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: errorFields(error) } satisfies FromThread),
  )
})

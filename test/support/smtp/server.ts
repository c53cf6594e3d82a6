import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server), speaking STARTTLS or TLS with a
 * self-signed certificate for localhost that only the tests trust. Messages it accepts are
 * kept raw and parsed back with mailparser.
 */

const here = __dirname
/** The test certificate (valid to 2126, for localhost and 127.0.0.1): trusted by test cores only. */
export const TEST_CERT = readFileSync(join(here, 'localhost-cert.pem'), 'utf8')
const TEST_KEY = readFileSync(join(here, 'localhost-key.pem'), 'utf8')

export interface ReceivedMessage {
  from: string
  to: string[]
  raw: Buffer
  parsed: ParsedMail
}

/** What the server answers to a message's data: accept it, or an SMTP error code and words. */
export type DataAnswer = 'accept' | { code: number; message: string }

export interface SmtpServerOptions {
  port?: number
  /** 'tls' starts encrypted (port 465 style); 'starttls' upgrades after EHLO (587 style). */
  security?: 'starttls' | 'tls'
  /** Accepted logins; without any, the server asks for none. */
  users?: Record<string, string>
  /** Answers for the next messages' data, in order; once used up, every message is accepted. */
  answers?: DataAnswer[]
  /** Refuses MAIL FROM with this answer. */
  refuseSender?: { code: number; message: string }
  /** Refuses every RCPT TO with this answer. */
  refuseRecipient?: { code: number; message: string }
  /** Called when a message's data has arrived, before the server answers it. */
  beforeAnswer?: (count: number) => void | Promise<void>
}

export interface TestSmtpServer {
  port: number
  messages: ReceivedMessage[]
  /** Data transactions seen, accepted or not. */
  attempts: number
  /** The raw data of every transaction, accepted or not, in order. */
  received: Buffer[]
  answers: DataAnswer[]
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>
  close(): Promise<void>
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code })
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const state = { messages: [] as ReceivedMessage[], received: [] as Buffer[], attempts: 0, answers: [...(options.answers ?? [])] }
  const waiters = new Set<() => void>()
  const users = options.users ?? {}
  const server = new SMTPServer({
    secure: options.security === 'tls',
    key: TEST_KEY,
    cert: TEST_CERT,
    logger: false,
    // Closing (a server going down mid-test) ends open connections at once, as a crash would.
    closeTimeout: 50,
    authOptional: Object.keys(users).length === 0,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username && users[auth.username] === auth.password) return callback(null, { user: auth.username })
      callback(smtpError(535, '5.7.8 Authentication credentials invalid'))
    },
    onMailFrom(_address, _session, callback) {
      if (options.refuseSender) return callback(smtpError(options.refuseSender.code, options.refuseSender.message))
      callback()
    },
    onRcptTo(_address, _session, callback) {
      if (options.refuseRecipient) return callback(smtpError(options.refuseRecipient.code, options.refuseRecipient.message))
      callback()
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      void (async () => {
        const raw = await readAll(stream)
        state.attempts += 1
        state.received.push(raw)
        await options.beforeAnswer?.(state.attempts)
        const answer = state.answers.shift() ?? 'accept'
        if (answer !== 'accept') return callback(smtpError(answer.code, answer.message))
        const envelope = session.envelope
        state.messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        })
        callback(null)
        for (const wake of waiters) wake()
      })().catch((error: Error) => callback(error))
    },
  })
  server.on('error', () => {})
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    get messages() {
      return state.messages
    },
    get attempts() {
      return state.attempts
    },
    received: state.received,
    answers: state.answers,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (state.messages.length < count) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(state.messages)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`expected ${count} messages, got ${state.messages.length} in ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close: () => new Promise((done) => server.close(() => done())),
  }
}

/** A port nothing listens on (yet): a mail server that is down. */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  const probe = createServer()
  await new Promise<void>((ready) => probe.listen(0, '127.0.0.1', ready))
  const { port } = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

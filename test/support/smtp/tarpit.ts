import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'

export interface Tarpit {
  port: number
  /** The recipients of every message accepted, in order. */
  accepted: string[]
  /** Message transactions seen (DATA sent), answered or not. */
  transactions(): number
  close(): void
}

/**
 * An SMTP server over TLS (port 465 style, no sign-in) that answers a message's data, when
 * `stall` says so, with a "250-" line every 300 ms that never ends: each line resets the
 * client's socket timeout, so only an overall deadline ends the send. When it says 'drop', the
 * server hangs up instead, with the data received and no answer (a server or a link that fails
 * mid-message). Others are accepted.
 */
export async function startTarpit(stall: (transaction: number, recipients: string[]) => boolean | 'drop'): Promise<Tarpit> {
  const dir = __dirname
  const timers = new Set<NodeJS.Timeout>()
  const accepted: string[] = []
  let transactions = 0
  const server = tls.createServer({ key: readFileSync(join(dir, 'localhost-key.pem')), cert: readFileSync(join(dir, 'localhost-cert.pem')) }, (socket) => {
    socket.on('error', () => {})
    socket.write('220 tarpit ESMTP\r\n')
    let inData = false
    let buffer = ''
    let recipients: string[] = []
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end < 0) return
          buffer = buffer.slice(end + 5)
          inData = false
          const verdict = stall(++transactions, recipients)
          if (verdict === 'drop') {
            socket.destroy()
            return
          }
          if (verdict) {
            const timer = setInterval(() => socket.write('250-still thinking\r\n'), 300)
            timers.add(timer)
            socket.on('close', () => clearInterval(timer))
            return
          }
          accepted.push(...recipients)
          socket.write('250 2.0.0 OK queued\r\n')
          continue
        }
        const end = buffer.indexOf('\r\n')
        if (end < 0) return
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO') socket.write('250-tarpit\r\n250 8BITMIME\r\n')
        else if (verb === 'MAIL') {
          recipients = []
          socket.write('250 OK\r\n')
        } else if (verb === 'RCPT') {
          recipients.push(line.match(/<([^>]*)>/)?.[1] ?? '')
          socket.write('250 OK\r\n')
        } else if (verb === 'DATA') {
          inData = true
          socket.write('354 go ahead\r\n')
        } else if (verb === 'QUIT') socket.end('221 bye\r\n')
        else socket.write('250 OK\r\n')
      }
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    transactions: () => transactions,
    close() {
      for (const timer of timers) clearInterval(timer)
      server.close()
    },
  }
}

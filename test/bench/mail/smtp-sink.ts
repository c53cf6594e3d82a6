import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'

/**
 * The benchmark's mail server, in a process of its own as a real one would be: STARTTLS with
 * the test certificate, sign-in required, every message accepted and only counted (its
 * Message-ID sent to the parent), never parsed.
 */
const certs = join(__dirname, '../../support/smtp')
const [user, pass] = [process.argv[2]!, process.argv[3]!]
const server = new SMTPServer({
  key: readFileSync(join(certs, 'localhost-key.pem')),
  cert: readFileSync(join(certs, 'localhost-cert.pem')),
  logger: false,
  closeTimeout: 50,
  authMethods: ['PLAIN', 'LOGIN'],
  onAuth(auth, _session, callback) {
    if (auth.username === user && auth.password === pass) return callback(null, { user })
    callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }))
  },
  onData(stream, _session, callback) {
    let head = ''
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1')
    })
    stream.on('end', () => {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? ''
      process.send!({ id })
      callback(null)
    })
  },
})
server.listen(Number(process.env.SINK_PORT ?? 0), '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as AddressInfo).port })
})

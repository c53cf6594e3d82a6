import type { MailProblem } from '../../contract/mail'

/** What went wrong with a send, in plain words, and whether trying the same message again can help. */
export interface SendFailure {
  problem: MailProblem
  /** Shown to the user as it is: what happened, with the server's own words when it gave any. */
  message: string
  /**
   * The server refused this message for good (a 5xx answer to the sender, recipient or data):
   * sending it again would get the same answer. Everything else (the network, a 4xx answer, a
   * password or certificate that the owner can fix) keeps the message queued.
   */
  permanent: boolean
}

/** The fields nodemailer puts on its errors (and Node on socket errors): all describeSendFailure reads. */
export interface SmtpError {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
  reason?: string
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EDNS'])
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|certificate/i

/** Why Node refused a certificate, in words (by the OpenSSL code it gives). */
function certificateReason(codes: string[]): string {
  const code = codes.find((c) => CERTIFICATE.test(c)) ?? ''
  if (/SELF_SIGNED/.test(code)) return 'it is self-signed'
  if (/EXPIRED/.test(code)) return 'it has expired'
  if (/NOT_YET_VALID/.test(code)) return 'it is not valid yet (check this computer\'s date)'
  if (/ALTNAME/.test(code)) return 'it was made for another server name'
  if (/UNABLE_TO|ISSUER/.test(code)) return 'no authority this computer knows vouches for it'
  return 'it could not be verified'
}
const CLOSED = /^Connection closed unexpectedly/
const WRONG_PROTOCOL = /wrong version number|ssl3_get_record|packet length too long|unknown protocol|http request|tls_validate_record_header|record layer failure/i

/** The server's words without the status code in front ("550 5.1.1 No such user" → "5.1.1 No such user"). */
function serverWords(response: string | undefined): string {
  return (response ?? '').replace(/^\d{3}[ -]?/, '').replace(/\s+/g, ' ').trim().slice(0, 300)
}

export interface SendTarget {
  host: string
  port: number
  from: string
  to: string
}

/** Turns a failed send into plain words: cannot reach the server, wrong password, certificate, sender refused… */
export function describeSendFailure(raw: unknown, target: SendTarget): SendFailure {
  const error = (raw ?? {}) as SmtpError
  const codes = [error.originalCode, error.code, error.reason].filter((c): c is string => typeof c === 'string')
  const text = `${error.message ?? ''} ${error.reason ?? ''}`
  const words = serverWords(error.response)
  const said = words ? ` The server said: “${words}”.` : ''
  const server = `${target.host}:${target.port}`
  const code = error.responseCode
  const permanent = typeof code === 'number' && code >= 500 && code < 600 && code !== 503
  // A numbered reply is the server's verdict and is judged by its code: its words may well say
  // "certificate" or "HTTP" ("550 5.7.1 Recipient requires a valid certificate") with no TLS
  // trouble at all, and a refusal for good taken for one would be retried for ever.
  const answered = typeof code === 'number'

  if (!answered && (codes.some((c) => CERTIFICATE.test(c)) || /certificate/i.test(text))) {
    return {
      problem: 'certificate',
      message: `The server ${target.host} showed a security certificate this computer does not trust: ${certificateReason(codes)}. Check the server name; a mail provider's own server name has a valid certificate.`,
      permanent: false,
    }
  }
  if (!answered && WRONG_PROTOCOL.test(text)) {
    return {
      problem: 'security_mismatch',
      message: `The server ${server} does not speak the chosen security on this port. Use STARTTLS with port 587, or TLS with port 465.`,
      permanent: false,
    }
  }
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') {
    return { problem: 'auth', message: `The server refused the user name or password.${said}`, permanent: false }
  }
  if (error.code === 'EENVELOPE' && error.command === 'MAIL FROM') {
    return { problem: 'sender_refused', message: `The server refused the sender address ${target.from}.${said}`, permanent }
  }
  if (error.code === 'EENVELOPE' && error.command === 'RCPT TO') {
    return { problem: 'recipient_refused', message: `The server refused the address ${target.to}.${said}`, permanent }
  }
  if (answered) {
    const verdict = permanent ? 'refused the message' : 'could not take the message now'
    return { problem: 'rejected', message: `The server ${verdict}.${said}`, permanent }
  }
  // Our only abort: the send's overall deadline (transport.ts), passed while the server dribbled its answers.
  if (error.code === 'EABORT') {
    return { problem: 'timeout', message: `The mail server ${server} took too long to take the message, so the connection was closed.`, permanent: false }
  }
  if (error.code === 'ETIMEDOUT' || codes.includes('ETIMEDOUT')) {
    return { problem: 'timeout', message: `The mail server ${server} did not answer in time. Check the server name, the port and the internet connection.`, permanent: false }
  }
  // Reached, then hung up on without an answer (nodemailer's own words for a connection it had
  // made): told as "cannot reach … check the server name", the owner would change settings that work.
  if (error.code === 'ECONNECTION' && !error.originalCode && CLOSED.test(error.message ?? '')) {
    return {
      problem: 'other',
      message: `The mail server ${server} closed the connection before it took the message. It is tried again; if this goes on, ask the mail provider whether it refuses these messages (their size, say), or whether a firewall or antivirus in between cuts the connection.`,
      permanent: false,
    }
  }
  if (codes.some((c) => UNREACHABLE.has(c)) || error.code === 'ECONNECTION' || error.code === 'ESOCKET') {
    return { problem: 'unreachable', message: `Cannot reach the mail server ${server}. Check the server name, the port and the internet connection.`, permanent: false }
  }
  return { problem: 'other', message: `The message could not be sent (${(error.code ?? 'unknown error').slice(0, 40)}).${said}`, permanent: false }
}

export const NOT_CONFIGURED: SendFailure = {
  problem: 'not_configured',
  message: 'Email is not set up yet: an owner fills in Settings → Email.',
  permanent: false,
}

export const PASSWORD_UNREADABLE: SendFailure = {
  problem: 'auth',
  message: 'The saved email password cannot be read on this computer: type it again in Settings → Email.',
  permanent: false,
}

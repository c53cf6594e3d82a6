import { describe, expect, it } from 'vitest'
import { describeSendFailure } from '../../../electron/core/mail/problems'

const target = { host: 'smtp.example.com', port: 587, from: 'r@shop.example', to: 'ana@example.com' }

describe('describing a failed send', () => {
  it('judges a numbered reply by its code, even when its words mention a certificate or HTTP', () => {
    const recipient = describeSendFailure(
      {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: 550,
        response: '550 5.7.1 Recipient requires a valid certificate',
        message: "Can't send mail - all recipients were rejected: 550 5.7.1 Recipient requires a valid certificate",
      },
      target,
    )
    expect(recipient).toEqual({
      problem: 'recipient_refused',
      message: 'The server refused the address ana@example.com. The server said: “5.7.1 Recipient requires a valid certificate”.',
      permanent: true,
    })
    const message = describeSendFailure(
      {
        code: 'EMESSAGE',
        command: 'DATA',
        responseCode: 554,
        response: '554 5.7.1 Message contains an HTTP request link, rejected',
        message: 'Message failed: 554 5.7.1 Message contains an HTTP request link, rejected',
      },
      target,
    )
    expect(message).toMatchObject({ problem: 'rejected', permanent: true })
    const later = describeSendFailure({ code: 'EMESSAGE', responseCode: 451, response: '451 4.7.0 certificate check pending', message: 'Message failed: 451 4.7.0 certificate check pending' }, target)
    expect(later).toMatchObject({ problem: 'rejected', permanent: false })
  })

  it('still names certificate and wrong-security trouble of the connection itself (no reply code)', () => {
    expect(describeSendFailure({ code: 'ESOCKET', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, target)).toMatchObject({
      problem: 'certificate',
      message: expect.stringContaining('it is self-signed'),
      permanent: false,
    })
    expect(describeSendFailure({ code: 'ESOCKET', message: 'C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number' }, target)).toMatchObject({
      problem: 'security_mismatch',
      permanent: false,
    })
  })
})

/**
 * The one Content-Security-Policy of the renderer. Electron sends it as a response header; the
 * loopback browser host sends the same string, so this file must not import 'electron'.
 *
 * Scripts come only from the app's own files: no inline script, no eval. Styles allow
 * 'unsafe-inline' because PrimeVue injects its theme as <style> elements at runtime; that is
 * the only relaxation.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

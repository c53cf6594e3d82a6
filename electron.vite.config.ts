import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './electron/main/csp'

/**
 * The built page carries the CSP as a meta tag, besides the header the app:// handler
 * (electron/main/app-protocol.ts) sends with it: the page keeps its policy however it is
 * loaded. 'self' is app://backroom, a standard scheme. (Dev serve skips it: Vite's client
 * needs inline code.)
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'backroom-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  }
}

export default defineConfig({
  main: {
    build: {
      // The outbox's SMTP thread is a file of its own beside index.js (mail/smtp-sender.ts starts it).
      lib: { entry: { index: resolve(__dirname, 'electron/main/index.ts'), 'smtp-thread': resolve(__dirname, 'electron/core/mail/smtp-thread.ts') } },
    },
  },
  preload: {
    build: {
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') },
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    // '@/…' is renderer/src: a domain reaches ui/ and other domains without climbing folders.
    resolve: { alias: { '@contract': resolve(__dirname, 'electron/contract'), '@': resolve(__dirname, 'renderer/src') } },
    plugins: [vue(), contentSecurityPolicy()],
  },
})

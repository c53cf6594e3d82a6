import { createCore } from '../../../electron/core'
import { OWNER } from '../../support/core'
import { openBenchStore } from './generate-store'
import { resolve } from 'node:path'
import { PerformanceObserver } from 'node:perf_hooks'
const gcs: [number, number, number][] = []
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcs.push([e.startTime, e.duration, (e as any).detail?.kind]) }).observe({ entryTypes: ['gc'] })
const DIR = resolve('.tmp/bench-metrics')
const pct = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))] }
async function main() {
  const { store } = await openBenchStore(DIR, { receipts: 10_000_000, heavyReceipts: 10_000, fresh: false }, () => {})
  const core = await createCore({ dataDir: DIR, log: () => {}, automaticBackups: false })
  await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, 's')
  const input = (i: number) => {
    const price = 1000 + (i % 50) * 37
    const total = 2 * price + Math.round((2 * price * 8875) / 100_000) + 450
    return { customerId: store.buyerId, items: [{ name: 'Coffee beans', quantity: 2, unitPriceMinor: price, taxRateId: store.taxRateId }, { name: 'Postcard', quantity: 3, unitPriceMinor: 150, taxRateId: null }], payments: [{ method: 'card', amountMinor: 1000, reference: '4242' }, { method: 'cash', amountMinor: total - 1000 + 500 }] }
  }
  const mode = process.argv[2] ?? 'auto'
  if (mode === 'off') await core.services.db.raw('PRAGMA wal_autocheckpoint = 0')
  for (let w = 0; w < 20; w++) await core.dispatch('sales:create', input(w), 's')
  const times: number[] = []; const starts: number[] = []
  for (let i = 0; i < Number(process.env.N ?? 600); i++) {
    const t = performance.now(); starts.push(t)
    const r = await core.dispatch('sales:create', input(i), 's')
    if (!r.ok) throw new Error(JSON.stringify(r))
    times.push(performance.now() - t)
  }
  const big = times.map((t, i) => [i, t]).filter(([, t]) => t > 5).map(([i, t]) => { const g = gcs.filter(([s, d]) => s + d >= starts[i] && s <= starts[i] + t); return `${i}:${t.toFixed(1)}${g.length ? 'gc' + g.map(x => x[2] + '/' + x[1].toFixed(1)).join(',') : ''}` })
  const gcIn = gcs.filter(([s]) => s >= starts[0]); console.log('gcs', gcIn.length, 'total', gcIn.reduce((a, x) => a + x[1], 0).toFixed(1), 'kinds', JSON.stringify(gcIn.map(x => x[2]).reduce((m: any, k) => (m[k] = (m[k] ?? 0) + 1, m), {})))
  console.log(mode, 'p50', pct(times, 0.5).toFixed(2), 'p95', pct(times, 0.95).toFixed(2), 'p99', pct(times, 0.99).toFixed(2), 'over5', big.length, big.slice(0, 40).join(' '))
  await core.services.db.raw('PRAGMA wal_checkpoint(PASSIVE)')
  await core.close()
}
main()

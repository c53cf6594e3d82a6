/** The options every store benchmark takes: `--customers N`, `--json FILE`, `--reuse DIR`, `--keep`. */
export function benchOptions(defaultCustomers = 1_000_000) {
  const args = process.argv.slice(2)
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : null)
  /** `--reuse DIR` measures a database an earlier `--keep` run left in DIR, without loading again. */
  const reuseDir = option('--reuse')
  return {
    customers: Number(option('--customers') ?? defaultCustomers),
    jsonFile: option('--json'),
    reuseDir,
    keep: args.includes('--keep') || reuseDir !== null,
  }
}

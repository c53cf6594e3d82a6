/** The command-line options every `npm run bench:*` reads: `--name value` pairs and flags. */
export function benchOptions(args = process.argv.slice(2)) {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : null)
  const reuseDir = option('--reuse')
  return {
    option,
    customers: Number(option('--customers') ?? 1_000_000),
    jsonFile: option('--json'),
    /** `--reuse DIR` measures a store an earlier `--keep` run left in DIR, without loading again. */
    reuseDir,
    keep: args.includes('--keep') || reuseDir !== null,
  }
}

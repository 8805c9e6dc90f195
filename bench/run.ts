// `npm run bench -- <name>`: runs bench/<name>.ts (catalog, checkout, vod); each writes
// bench/reports/<name>.json and .md. Benchmarks measure; tests never assert speed.
export {};

const NAMES = ['catalog', 'checkout', 'vod'] as const;
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length ? requested : [...NAMES];
for (const name of names) {
  if (!(NAMES as readonly string[]).includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from ${NAMES.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== bench: ${name} ===`);
  const mod = (await import(`./${name}.ts`)) as { main: () => Promise<void> };
  await mod.main();
}

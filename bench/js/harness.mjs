// The interleaved timing loop of the JS benchmarks: each case warmed up and sized to about `batchMs`
// per batch, then every case once per round in a rotating order, median of the rounds (ns per op).
// Not a test.

async function batch(fn, isAsync, n) {
  const t0 = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `cases`: `{ name, fn, isAsync? }`; returns each with `ns`, the median ns per op. */
export async function interleaved(cases, { rounds, batchMs }) {
  const sizes = [];
  for (const { fn, isAsync } of cases) {
    await batch(fn, isAsync, 2000);
    const ns = await batch(fn, isAsync, 2000);
    sizes.push(Math.max(200, Math.round((batchMs * 1e6) / ns)));
  }
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      samples[i].push(await batch(cases[i].fn, cases[i].isAsync, sizes[i]));
    }
  }
  return cases.map((c, i) => ({ ...c, ns: median(samples[i]) }));
}

/** A command-line option's value, or `dflt`. */
export const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

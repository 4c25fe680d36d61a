// Repeat a measurement and keep min and median; the machines are noisy.

/** min and median of a list of figures. */
export interface Figure { min: number; median: number }

export function figure(xs: number[]): Figure {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)] };
}

/** ns per iteration of `loop(n)` (which runs n iterations), repeated `reps` times after a warm-up. */
export function nsPerOp(loop: (n: number) => unknown, n: number, reps = 9): Figure {
  loop(Math.min(n, 100000));
  const xs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    loop(n);
    xs.push(((performance.now() - t0) * 1e6) / n);
  }
  return figure(xs);
}

/**
 * Two measurements taken turn about (a, b, a, b, ...), so that a change in the machine's load
 * falls on both: on a shared machine, timing all of one and then all of the other can move
 * their ratio by 2x. Each `run` returns the time of one repetition.
 */
export function alternate(a: () => number, b: () => number, reps: number): [Figure, Figure] {
  a(); b();
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < reps; r++) { xs.push(a()); ys.push(b()); }
  return [figure(xs), figure(ys)];
}

/** ns per iteration of `loop(n)`, one run. */
export function nsOnce(loop: (n: number) => unknown, n: number): number {
  const t0 = performance.now();
  loop(n);
  return ((performance.now() - t0) * 1e6) / n;
}

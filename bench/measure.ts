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

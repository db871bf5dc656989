// What every figure of bench/report.mjs is summarised and printed with.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const spread = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs), runs: xs.length });

export const n0 = (x) => Math.round(x).toLocaleString('en-US');
export const f = (x, d = 2) => x.toFixed(d);
// A spread as "median (min – max)".
export const ms = (s, d = 1) => `${f(s.median, d)} (${f(s.min, d)} – ${f(s.max, d)})`;
// A ratio.
export const x = (r) => `${r >= 10 ? f(r, 0) : f(r, 2)}×`;

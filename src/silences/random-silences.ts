import type { LabelSet } from '../labels/label-set.ts';
import type { SilenceMatcher } from './silence.ts';

const NAMES = ['alertname', 'job', 'instance', 'env', 'team'];
const VALUES = ['a', 'b', 'c', 'd', 'web-1', 'web-2', ''];

/** A small deterministic PRNG (mulberry32) so randomised tests replay. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Random matchers over a small vocabulary, mixing all four operators and literal alternations. */
export function randomMatchers(rand: () => number): SilenceMatcher[] {
  const count = 1 + Math.floor(rand() * 3);
  const out: SilenceMatcher[] = [];
  for (let i = 0; i < count; i++) {
    const name = pick(rand, NAMES);
    const kind = rand();
    if (kind < 0.5) out.push({ name, value: pick(rand, VALUES), isRegex: false, isEqual: rand() < 0.85 });
    else if (kind < 0.8) out.push({ name, value: `${pick(rand, VALUES)}|${pick(rand, VALUES)}`, isRegex: true, isEqual: rand() < 0.85 });
    else out.push({ name, value: pick(rand, ['web-.*', '[ab]', '.+', 'a|.*']), isRegex: true, isEqual: rand() < 0.8 });
  }
  return out;
}

/** A random label set over the same vocabulary; empty values are left out as ingest does. */
export function randomLabels(rand: () => number): LabelSet {
  const labels: Record<string, string> = {};
  for (const name of NAMES) {
    if (rand() < 0.7) {
      const value = pick(rand, VALUES);
      if (value !== '') labels[name] = value;
    }
  }
  return labels;
}

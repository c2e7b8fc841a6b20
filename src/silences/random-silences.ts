import type { LabelSet } from '../labels/label-set.ts';
import type { SilenceMatcher } from './silence.ts';

const NAMES = ['alertname', 'job', 'instance', 'env', 'team'];
const VALUES = ['a', 'b', 'c', 'd', 'web-1', 'web-2', ''];

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

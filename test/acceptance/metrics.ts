/**
 * The sum of the samples of `name` in Prometheus text exposition whose labels include `labels`,
 * or undefined when there is no such sample.
 */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of exposition.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (m === null || m[1] !== name) continue;
    const sample = parseLabels(m[2] ?? '');
    if (Object.entries(labels).every(([k, v]) => sample[k] === v)) sum = (sum ?? 0) + Number(m[3]);
  }
  return sum;
}

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    out[m[1] as string] = JSON.parse(`"${m[2] as string}"`) as string;
  }
  return out;
}

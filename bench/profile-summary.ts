// The functions with the most self time in V8 CPU profiles (`node --cpu-prof`), e.g. the ones
// `npm run bench -- --profile` writes, optionally within a time window (seconds from the profile's
// start). Run: node --import tsx bench/profile-summary.ts <file.cpuprofile>... [--top=25] [--from=12 --to=19]
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: 'Infinity' },
  },
});
const [from, to] = [Number(values.from) * 1e6, Number(values.to) * 1e6];

function where({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const file = url.startsWith('file://') ? relative(REPO_ROOT, fileURLToPath(url)) : url || '(native)';
  return `${file}:${lineNumber + 1} ${functionName || '(anonymous)'}`;
}

for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const keyOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) keyOf.set(id, callFrame.url === '' && callFrame.functionName.startsWith('(') ? callFrame.functionName : where(callFrame));
  const self = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const key = keyOf.get(id) ?? '?';
    const us = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [key, us] of top) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
}

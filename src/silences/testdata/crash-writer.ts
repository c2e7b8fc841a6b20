// Child process for the kill -9 test: writes silences as fast as it can (several in flight at
// once, so group commit is exercised) and prints each id once its write was acknowledged.
import { SystemClock } from '../../common/clock.ts';
import { openFileSilenceStore } from '../file-silence-store.ts';

const directory = process.argv[2] as string;
const store = await openFileSilenceStore({ directory, clock: new SystemClock(), retentionMs: 3_600_000, matcherMode: 'fallback' });
let n = 0;
async function writer(): Promise<void> {
  for (;;) {
    const now = Date.now();
    const i = n++;
    const id = await store.set({
      matchers: [{ name: 'job', value: `j${i}`, isRegex: false, isEqual: true }],
      startsAt: now,
      endsAt: now + 3_600_000,
      createdBy: 'crash',
      comment: `c${i}`,
    });
    if (i % 7 === 3) await store.expire(id);
    process.stdout.write(`${id} ${i % 7 === 3 ? 'expired' : 'active'}\n`);
    if (i % 150 === 149) await store.maintenance();
  }
}
await Promise.all(Array.from({ length: 8 }, writer));

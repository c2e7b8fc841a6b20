import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SystemClock } from '../common/clock.ts';
import { ManagedProcess } from '../../test/support/managed-process.ts';
import { freePort, skipUnless } from '../../test/support/programs.ts';
import { SilenceError } from './errors.ts';
import { MemorySilenceStore } from './memory-silence-store.ts';
import type { SilenceMatcher } from './silence.ts';
import { currentSilenceState } from './silence.ts';
import { validatePostedSilenceTimes } from './validate.ts';

// Drives the same silence requests through a real Alertmanager 0.25 and through our store (with
// the API handler's own checks in front, as the HTTP layer will do) and compares the answers;
// error texts are 0.34's, which the 0.25 binary cannot show.
const skip = skipUnless('prometheus-alertmanager', 'prometheus-alertmanager');
const HOUR = 3_600_000;

interface PostBody {
  id?: string;
  matchers: readonly SilenceMatcher[] | readonly { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

let alertmanager: ManagedProcess | undefined;
let base = '';
let dir = '';
const ours = new MemorySilenceStore({ clock: new SystemClock(), retentionMs: 120 * HOUR, matcherMode: 'classic' });
const iso = (ms: number): string => new Date(ms).toISOString();

async function startAlertmanager(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-am-'));
  await writeFile(join(dir, 'am.yml'), 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
  const port = await freePort();
  base = `http://127.0.0.1:${port}/api/v2`;
  alertmanager = new ManagedProcess({
    command: 'prometheus-alertmanager',
    args: [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=', `--web.listen-address=127.0.0.1:${port}`],
    readyUrl: `${base}/status`,
    label: 'prometheus-alertmanager',
  });
  await alertmanager.start();
}

async function theirs(body: PostBody): Promise<Answer> {
  const res = await fetch(`${base}/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: res.ok ? (JSON.parse(text) as { silenceID: string }).silenceID : (JSON.parse(text) as string) };
}

async function mine(body: PostBody): Promise<Answer> {
  const startsAt = Date.parse(body.startsAt);
  const endsAt = Date.parse(body.endsAt);
  const early = validatePostedSilenceTimes(startsAt, endsAt, Date.now());
  if (early !== undefined) return { status: 400, body: early };
  const matchers = body.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true }));
  try {
    return { status: 200, body: await ours.set({ ...body, matchers, startsAt, endsAt }) };
  } catch (error) {
    if (!(error instanceof SilenceError)) throw error;
    return { status: error.code === 'TOCSIN_SILENCE_NOT_FOUND' ? 404 : 400, body: error.message };
  }
}

async function theirSilence(id: string): Promise<{ state: string; startsAt: string; endsAt: string } & PostBody> {
  const res = await fetch(`${base}/silence/${id}`);
  const s = (await res.json()) as PostBody & { status: { state: string } };
  return { ...s, state: s.status.state };
}

describe('silences compared with Alertmanager 0.25', { skip }, () => {
  before(startAlertmanager);
  after(async () => {
    // Alertmanager writes its snapshots while it shuts down, so its folder goes once it has exited.
    await alertmanager?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (matchers: PostBody['matchers'], startsAt: number, endsAt: number): PostBody => ({
    matchers,
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    createdBy: 'parity',
    comment: 'c',
  });

  // What 0.34 answers, derived from its source: api/v2/api.go postSilencesHandler (its own time
  // checks, then Silences.Set), silence/silence.go Set (validates before looking the id up and
  // wraps with "invalid silence: %w"), validateSilence and validateMatcher (one matcher set, 0).
  // The 0.25 binary here checks the status codes; `status025` marks where 0.25 answered otherwise.
  test('validation answers: status as 0.25 (unless changed since), message as 0.34', async () => {
    const now = Date.now();
    const unknownId = '5f0a0f2b-7a8e-4c4e-9c1a-111111111111';
    const emptyMatch = 'invalid silence: matcher set 0: at least one matcher must not match the empty string';
    const cases: { body: PostBody; status: number; message?: string; status025?: number }[] = [
      { body: post([{ name: 'a', value: '', isRegex: false }], now, now + HOUR), status: 400, message: emptyMatch },
      { body: post([{ name: 'a', value: '.*', isRegex: true }], now, now + HOUR), status: 400, message: emptyMatch },
      { body: post([{ name: 'a', value: 'b', isRegex: false, isEqual: false }], now, now + HOUR), status: 200 },
      { body: post([{ name: 'a', value: 'b', isRegex: true, isEqual: false }, { name: 'c', value: '', isRegex: false }], now, now + HOUR), status: 200 },
      {
        body: post([{ name: '0bad', value: 'b', isRegex: false }], now, now + HOUR),
        status: 400,
        message: 'invalid silence: invalid label matcher 0 in set 0: invalid label name "0bad"',
      },
      {
        body: post([{ name: 'a', value: 'b', isRegex: false }, { name: 'a-b', value: 'b', isRegex: false }], now, now + HOUR),
        status: 400,
        message: 'invalid silence: invalid label matcher 1 in set 0: invalid label name "a-b"',
      },
      {
        body: post([{ name: 'é', value: 'b', isRegex: false }], now, now + HOUR),
        status: 400,
        message: 'invalid silence: invalid label matcher 0 in set 0: invalid label name "é"',
      },
      {
        body: post([{ name: 'a', value: '(', isRegex: true }], now, now + HOUR),
        status: 400,
        message: 'invalid silence: invalid label matcher 0 in set 0: invalid regular expression "(": error parsing regexp: missing closing ): `(`',
      },
      {
        body: post([{ name: 'a', value: 'a**', isRegex: true }], now, now + HOUR),
        status: 400,
        message: 'invalid silence: invalid label matcher 0 in set 0: invalid regular expression "a**": error parsing regexp: invalid nested repetition operator: `**`',
      },
      { body: post([{ name: 'a', value: 'x|', isRegex: true }], now, now + HOUR), status: 400, message: emptyMatch },
      {
        body: post([{ name: 'a', value: 'b', isRegex: false }], now + HOUR, now + HOUR),
        status: 400,
        message: 'Failed to create silence: start time must be before end time',
      },
      {
        body: post([{ name: 'a', value: 'b', isRegex: false }], now - 2 * HOUR, now - HOUR),
        status: 400,
        message: "Failed to create silence: end time can't be in the past",
      },
      { body: { ...post([{ name: 'a', value: 'b', isRegex: false }], now, now + HOUR), id: unknownId }, status: 404, message: 'silence not found' },
      { body: { ...post([{ name: 'a', value: '', isRegex: false }], now, now + HOUR), id: unknownId }, status: 400, message: emptyMatch, status025: 404 },
      { body: post([{ name: 'a', value: 'b', isRegex: false }], now - HOUR, now + HOUR), status: 200 },
    ];
    for (const { body, status, message, status025 } of cases) {
      const [want, got] = [await theirs(body), await mine(body)];
      assert.equal(want.status, status025 ?? status, `0.25 status ${JSON.stringify(body)}`);
      assert.equal(got.status, status, JSON.stringify(body));
      if (message !== undefined) assert.equal(got.body, message, JSON.stringify(body));
    }
  });

  test('re-posting with the id: update in place or replace, and the states that result', async () => {
    const now = Date.now();
    const active = post([{ name: 'job', value: 'a', isRegex: false }], now, now + HOUR);
    const pending = post([{ name: 'job', value: 'p', isRegex: false }], now + HOUR, now + 2 * HOUR);
    const scenarios: [string, PostBody, (prev: PostBody) => Partial<PostBody>][] = [
      ['active: extend end', active, () => ({ endsAt: iso(now + 2 * HOUR) })],
      ['active: shorten end', active, () => ({ endsAt: iso(now + HOUR / 6) })],
      ['active: comment', active, () => ({ comment: 'other' })],
      ['active: matchers changed', active, () => ({ matchers: [{ name: 'job', value: 'b', isRegex: false }] })],
      ['active: isEqual made explicit', active, (p) => ({ matchers: p.matchers.map((m) => ({ ...m, isEqual: true })) })],
      ['active: start moved by a second', active, (p) => ({ startsAt: iso(Date.parse(p.startsAt) + 1000) })],
      ['active: start truncated to the second', active, (p) => ({ startsAt: iso(Math.floor(Date.parse(p.startsAt) / 1000) * 1000) })],
      ['active: start earlier', active, (p) => ({ startsAt: iso(Date.parse(p.startsAt) - 60_000) })],
      ['pending: start later', pending, () => ({ startsAt: iso(now + 1.5 * HOUR) })],
      ['pending: start in the past', pending, () => ({ startsAt: iso(now - HOUR / 2) })],
      ['pending: end later', pending, () => ({ endsAt: iso(now + 3 * HOUR) })],
      ['pending: matchers changed', pending, () => ({ matchers: [{ name: 'job', value: 'q', isRegex: false }] })],
    ];
    for (const [name, first, change] of scenarios) {
      const outcome = async (
        create: (b: PostBody) => Promise<Answer>,
        read: (id: string) => Promise<PostBody & { state: string }>,
      ): Promise<string> => {
        const id = (await create(first)).body;
        const prev = await read(id);
        // Re-posted as clients do, with the start the server stored: an active silence's start
        // was clamped to the server's clock, which could fall in the next second after `now`
        // and turn an update in place into a replacement on one server and not the other.
        const next = await create({ ...first, startsAt: prev.startsAt, ...change(prev), id });
        const old = await read(id);
        const created = next.body === id ? undefined : await read(next.body);
        return `${next.status} ${next.body === id ? 'same id' : 'new id'} old=${old.state} new=${created?.state ?? '-'}`;
      };
      const readOurs = async (id: string): Promise<PostBody & { state: string }> => {
        const s = ours.get(id);
        assert.ok(s);
        return { ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), state: currentSilenceState(s, Date.now()) };
      };
      const want = await outcome(theirs, theirSilence);
      const got = await outcome(mine, readOurs);
      assert.equal(got, want, name);
    }
  });
});

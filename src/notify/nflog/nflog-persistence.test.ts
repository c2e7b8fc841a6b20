import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeClock } from '../../common/fake-clock.ts';
import { openFileNotificationLog } from './local-notification-log.ts';
import { encodeEntry, NFLOG_JOURNAL_FILE } from './nflog-persistence.ts';
import type { NflogEntry } from './notification-log.ts';
import type { ReceiverData } from './receiver-data.ts';
import { prng } from '../../common/prng.ts';

// Characters JSON.stringify escapes, or that UTF-8 encodes in more than one byte.
const ALPHABET = ['a', 'Z', '{', '=', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '<', 'é', '\u2028', '\ud800', '\udc00', '\u{1f600}'];

test('encodeEntry writes the bytes of JSON.stringify(entry)', () => {
  const random = prng(3);
  const text = (): string => Array.from({ length: Math.floor(random() * 8) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
  const hashes = (): string[] => Array.from({ length: Math.floor(random() * 3) }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(16, '0'));
  for (let round = 0; round < 500; round++) {
    const receiverData: ReceiverData =
      random() < 0.5 ? {} : { [text()]: { kind: 'string', value: text() }, n: { kind: 'int', value: 42 }, d: { kind: 'double', value: 0.5 } };
    const entry: NflogEntry = {
      groupKey: `{}/{a=${JSON.stringify(text())}}:{b="${text()}"}`,
      receiver: { receiver: text(), integration: 'webhook', index: Math.floor(random() * 3) },
      timestamp: Date.UTC(2026, 10, 21) + Math.floor(random() * 1e9),
      firingAlerts: hashes(),
      resolvedAlerts: hashes(),
      receiverData,
      expiresAt: Date.UTC(2026, 10, 22) + Math.floor(random() * 1e9),
    };
    assert.deepEqual(encodeEntry(entry), Buffer.from(JSON.stringify(entry), 'utf8'));
  }
});

test('the journal record of a logged entry is JSON.stringify of the entry as the log holds it', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'tocsin-nflog-record-'));
  try {
    const log = await openFileNotificationLog({ clock: new FakeClock(), retentionMs: 3_600_000, directory });
    const receiver = { receiver: 'team', integration: 'webhook', index: 1 };
    await log.log({ groupKey: '{}:{alertname="A"}', receiver, firingAlerts: ['a'], resolvedAlerts: ['b'], expiryMs: 60_000 });
    const entry = await log.query('{}:{alertname="A"}', receiver);
    // One frame: an 8-byte header (length, CRC) and the payload.
    const record = (await readFile(join(directory, NFLOG_JOURNAL_FILE))).subarray(8);
    assert.equal(record.toString('utf8'), JSON.stringify(entry));
    await log.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

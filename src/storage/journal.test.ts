import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, truncate, appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Journal } from './journal.ts';
import type { JournalCorruption } from './journal.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-journal-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (records: Buffer[]): string[] => records.map((r) => r.toString('utf8'));

describe('Journal', () => {
  test('returns the records appended before a reopen, in order', async () => {
    const path = join(dir, 'reopen.journal');
    const { journal, records } = await Journal.open(path);
    assert.deepEqual(records, []);
    await journal.append(Buffer.from('one'));
    await journal.append(Buffer.from('two'));
    await journal.close();
    const reopened = await Journal.open(path);
    assert.deepEqual(text(reopened.records), ['one', 'two']);
    await reopened.journal.close();
  });

  test('appendAll writes records given in parts with one fsync', async () => {
    const path = join(dir, 'parts.journal');
    const { journal } = await Journal.open(path);
    await journal.appendAll([[Buffer.from('a')], [Buffer.from('b'), Buffer.from('c')], []]);
    assert.equal(journal.syncCount, 1);
    await journal.close();
    const reopened = await Journal.open(path);
    assert.deepEqual(text(reopened.records), ['a', 'bc', '']);
    await reopened.journal.close();
  });

  test('batches concurrent appends into fewer fsyncs (group commit)', async () => {
    const { journal } = await Journal.open(join(dir, 'group.journal'));
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append(Buffer.from(`r${i}`))));
    assert.ok(journal.syncCount < 200, `expected fewer than 200 fsyncs, got ${journal.syncCount}`);
    await journal.close();
    const { journal: again, records } = await Journal.open(join(dir, 'group.journal'));
    assert.equal(records.length, 200);
    assert.equal(records[199]?.toString(), 'r199');
    await again.close();
  });

  test('cuts a torn tail, reports it, and keeps appending after the intact records', async () => {
    const path = join(dir, 'torn.journal');
    const { journal } = await Journal.open(path);
    await journal.append(Buffer.from('kept-1'));
    await journal.append(Buffer.from('kept-2'));
    await journal.append(Buffer.from('torn-record'));
    await journal.close();
    const full = (await stat(path)).size;
    await truncate(path, full - 4);

    const corruptions: JournalCorruption[] = [];
    const reopened = await Journal.open(path, { onCorruption: (c) => corruptions.push(c) });
    assert.deepEqual(text(reopened.records), ['kept-1', 'kept-2']);
    assert.equal(corruptions.length, 1);
    assert.equal(corruptions[0]?.size, full - 4);
    assert.match(corruptions[0]?.reason ?? '', /torn record/);
    await reopened.journal.append(Buffer.from('after'));
    await reopened.journal.close();
    const last = await Journal.open(path);
    assert.deepEqual(text(last.records), ['kept-1', 'kept-2', 'after']);
    await last.journal.close();
  });

  test('stops at a record whose checksum does not match and at a torn header', async () => {
    const path = join(dir, 'crc.journal');
    const { journal } = await Journal.open(path);
    await journal.append(Buffer.from('good'));
    await journal.append(Buffer.from('flipped'));
    await journal.close();
    const bytes = await readFile(path);
    bytes.writeUInt8((bytes.at(-1) as number) ^ 0xff, bytes.length - 1);
    await writeFile(path, bytes);
    await appendFile(path, Buffer.from([1, 2, 3]));
    const reasons: string[] = [];
    const reopened = await Journal.open(path, { onCorruption: (c) => reasons.push(c.reason) });
    assert.deepEqual(text(reopened.records), ['good']);
    assert.deepEqual(reasons, ['record checksum mismatch']);
    await reopened.journal.close();
  });

  test('checkpoint runs the snapshot writer between writes and empties the journal', async () => {
    const path = join(dir, 'checkpoint.journal');
    const { journal } = await Journal.open(path);
    await journal.append(Buffer.from('before'));
    let sizeDuringSnapshot = -1;
    const done = journal.checkpoint(async () => {
      sizeDuringSnapshot = journal.size;
    });
    const late = journal.append(Buffer.from('after'));
    await Promise.all([done, late]);
    assert.ok(sizeDuringSnapshot > 0, 'the earlier record was written before the snapshot ran');
    await journal.close();
    const reopened = await Journal.open(path);
    assert.deepEqual(text(reopened.records), ['after']);
    await reopened.journal.close();
  });

  test('rejects appends after close', async () => {
    const { journal } = await Journal.open(join(dir, 'closed.journal'));
    await journal.close();
    await assert.rejects(journal.append(Buffer.from('x')), /closed/);
  });
});

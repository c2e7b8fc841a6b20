import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logger } from './logger.ts';
import type { LoggerOptions } from './logger.ts';

function capture(opts: LoggerOptions = {}): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = new Logger({ now: () => Date.UTC(2026, 10, 21, 1, 2, 3, 45), source: false, write: (l) => lines.push(l), ...opts });
  return { logger, lines };
}

test('logfmt lines look like Alertmanager 0.34 (slog via promslog)', () => {
  const { logger, lines } = capture();
  logger.info('Loading configuration file', { file: '/etc/am.yml' });
  assert.deepEqual(lines, ['time=2026-11-21T01:02:03.045Z level=INFO msg="Loading configuration file" file=/etc/am.yml\n']);
});

test('values are quoted when empty or holding spaces, quotes, = or control characters', () => {
  const { logger, lines } = capture();
  logger.warn('x', { a: '', b: 'two words', c: 'k=v', d: 'say "hi"', e: 'line\nbreak', f: 3, g: true, err: new Error('boom here') });
  assert.equal(lines[0], 'time=2026-11-21T01:02:03.045Z level=WARN msg=x a="" b="two words" c="k=v" d="say \\"hi\\"" e="line\\nbreak" f=3 g=true err="boom here"\n');
});

test('json lines carry the same keys', () => {
  const { logger, lines } = capture({ format: 'json' });
  logger.error('failed', { err: new Error('bad'), n: 2 });
  assert.deepEqual(JSON.parse(lines[0] as string), { time: '2026-11-21T01:02:03.045Z', level: 'ERROR', msg: 'failed', err: 'bad', n: 2 });
});

test('levels below the threshold are dropped', () => {
  const { logger, lines } = capture({ level: 'warn' });
  logger.debug('a');
  logger.info('b');
  logger.warn('c');
  logger.error('d');
  assert.deepEqual(
    lines.map((l) => /level=(\w+)/.exec(l)?.[1]),
    ['WARN', 'ERROR'],
  );
  assert.equal(logger.enabled('info'), false);
});

test('child loggers add fixed fields after msg and keep the level', () => {
  const { logger, lines } = capture({ level: 'warn' });
  const child = logger.child({ component: 'dispatcher' }).child({ receiver: 'r' });
  child.info('hidden');
  child.warn('shown', { k: 1 });
  assert.deepEqual(lines, ['time=2026-11-21T01:02:03.045Z level=WARN msg=shown component=dispatcher receiver=r k=1\n']);
});

test("pino's (fields, msg) order is accepted", () => {
  const { logger, lines } = capture();
  logger.info({ snapshot: 'silences' }, 'wrote snapshot');
  assert.equal(lines[0], 'time=2026-11-21T01:02:03.045Z level=INFO msg="wrote snapshot" snapshot=silences\n');
});

test('source names the calling file and line', () => {
  const { logger, lines } = capture({ source: true });
  logger.info('here');
  assert.match(lines[0] as string, / source=logger\.test\.ts:\d+ msg=here\n$/);
});

// In a child process, whose stderr the test reads: the default writer is the process's own.
test('by default the lines of one turn reach stderr in one write, and lines logged just before exit are written', async () => {
  const script = `
    import { Logger } from ${JSON.stringify(new URL('./logger.ts', import.meta.url).href)};
    const writes = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk, ...rest) => { writes.push(String(chunk).split('\\n').length - 1); return write(chunk, ...rest); };
    const logger = new Logger({ source: false });
    for (let i = 0; i < 3; i++) logger.info('first turn', { i });
    setImmediate(() => setImmediate(() => {
      logger.info('second turn');
      logger.info('before exit', { writes: writes.join(',') });
      process.exit(0);
    }));
  `;
  const { execFile } = await import('node:child_process');
  const stderr = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 }, (err, _stdout, errOut) => (err === null ? resolve(errOut) : reject(err)));
  });
  const lines = stderr.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => / msg="([^"]*)"/.exec(l)?.[1]),
    ['first turn', 'first turn', 'first turn', 'second turn', 'before exit'],
  );
  assert.match(lines[4] as string, /writes=3$/, 'the first turn wrote its three lines at once');
});

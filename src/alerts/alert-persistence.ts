import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { Alert } from './alert.ts';

/** File under `--storage.path` holding the alerts at the last snapshot. */
export const ALERTS_SNAPSHOT_FILE = 'tocsin-alerts.jsonl';

const HEADER = '{"format":"tocsin-alerts/v1"}';
const CHUNK = 2000;

/** Reads and writes the alerts snapshot: a header line, then one JSON alert per line. */
export class AlertSnapshotFile {
  readonly #path: string;
  readonly #logger: StoreLogger;

  constructor(directory: string, logger: StoreLogger = silentLogger) {
    this.#path = join(directory, ALERTS_SNAPSHOT_FILE);
    this.#logger = logger;
  }

  /**
   * The alerts of the last snapshot and its size in bytes, or none when there is none.
   * Unreadable lines are skipped and logged: alerts are re-sent by their sources, so a partial
   * restore beats none.
   */
  async load(): Promise<{ alerts: Alert[]; bytes: number }> {
    let content: Buffer;
    try {
      content = await readFile(this.#path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { alerts: [], bytes: 0 };
      throw error;
    }
    const lines = content.toString('utf8').split('\n');
    if (lines[0] !== HEADER) {
      this.#logger.warn({ path: this.#path }, 'Ignored alerts snapshot with an unknown header');
      return { alerts: [], bytes: 0 };
    }
    const alerts: Alert[] = [];
    let skipped = 0;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line === '') continue;
      try {
        alerts.push(JSON.parse(line) as Alert);
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) this.#logger.warn({ path: this.#path, skipped }, 'Skipped unreadable lines in alerts snapshot');
    return { alerts, bytes: content.length };
  }

  /**
   * Atomically replaces the snapshot with `alerts`, serialising a chunk per event-loop turn so
   * 100k alerts do not block the process. Resolves with the bytes written.
   */
  async write(alerts: readonly Alert[]): Promise<number> {
    await mkdir(dirname(this.#path), { recursive: true });
    let bytes = 0;
    async function* chunks(): AsyncGenerator<string> {
      yield `${HEADER}\n`;
      for (let i = 0; i < alerts.length; i += CHUNK) {
        let text = '';
        const end = Math.min(alerts.length, i + CHUNK);
        for (let j = i; j < end; j++) text += `${JSON.stringify(alerts[j])}\n`;
        bytes += Buffer.byteLength(text);
        yield text;
        await nextTurn();
      }
    }
    await writeFileAtomic(this.#path, chunks());
    return bytes + HEADER.length + 1;
  }
}

import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Pieces rendered per event-loop turn when a response is streamed. */
export const PIECES_PER_TURN = 1000;

/** A piece of a JSON document: text, or UTF-8 bytes rendered (and cached) earlier. */
export type JsonPiece = string | Uint8Array;

/**
 * Writes up to `budget` pieces into one buffer, so each chunk is encoded exactly once and
 * cached bytes are only copied; `size` is a guess at the chunk's length (the previous one's).
 */
function take(pieces: Iterator<JsonPiece>, budget: number, size: number): { bytes: Buffer; done: boolean } {
  let buf = Buffer.allocUnsafe(Math.max(size, 1024));
  let length = 0;
  const reserve = (n: number): void => {
    if (length + n <= buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, length + n));
    buf.copy(grown, 0, 0, length);
    buf = grown;
  };
  for (let i = 0; i < budget; i++) {
    const next = pieces.next();
    if (next.done === true) return { bytes: buf.subarray(0, length), done: true };
    const piece = next.value;
    if (typeof piece === 'string') {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      reserve(3 * piece.length);
      length += buf.write(piece, length);
    } else {
      reserve(piece.length);
      buf.set(piece, length);
      length += piece.length;
    }
  }
  return { bytes: buf.subarray(0, length), done: false };
}

/**
 * Joins lazily rendered pieces of a JSON document (a piece may be '' for work that produced no
 * output, such as a filtered-out alert, so it still counts against the budget). A document that
 * fits in one turn's budget is returned as a string; a longer one becomes a stream that renders
 * `budget` pieces per chunk and yields to the event loop between chunks, so listing 100k alerts
 * never holds the process for long, and back-pressure from a slow client pauses the rendering.
 */
export function streamJson(pieces: Iterable<JsonPiece>, budget = PIECES_PER_TURN): string | Readable {
  const iterator = pieces[Symbol.iterator]();
  const first = take(iterator, budget, 0);
  if (first.done) return first.bytes.toString('utf8');
  async function* chunks(): AsyncGenerator<Buffer> {
    let chunk = first;
    for (;;) {
      if (chunk.bytes.length > 0) yield chunk.bytes;
      if (chunk.done) return;
      await nextTurn();
      chunk = take(iterator, budget, chunk.bytes.length + 1024);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The pieces of a JSON array: `[`, each rendered item after a comma where needed, `]` and a newline. */
export function* arrayPieces<T>(items: Iterable<T>, render: (item: T) => JsonPiece | undefined): Generator<JsonPiece> {
  yield '[';
  let first = true;
  for (const item of items) {
    const json = render(item);
    if (json === undefined) {
      yield '';
      continue;
    }
    if (typeof json === 'string') {
      yield first ? json : `,${json}`;
    } else {
      if (!first) yield ',';
      yield json;
    }
    first = false;
  }
  yield ']\n';
}

import { Readable } from 'node:stream';

/** Pieces rendered per event-loop turn when a response is streamed. */
export const PIECES_PER_TURN = 1000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function take(pieces: Iterator<string>, budget: number): { text: string; done: boolean } {
  let text = '';
  for (let i = 0; i < budget; i++) {
    const next = pieces.next();
    if (next.done === true) return { text, done: true };
    text += next.value;
  }
  return { text, done: false };
}

/**
 * Joins lazily rendered pieces of a JSON document (a piece may be '' for work that produced no
 * output, such as a filtered-out alert, so it still counts against the budget). A document that
 * fits in one turn's budget is returned as a string; a longer one becomes a stream that renders
 * `budget` pieces per chunk and yields to the event loop between chunks, so listing 100k alerts
 * never holds the process for long, and back-pressure from a slow client pauses the rendering.
 */
export function streamJson(pieces: Iterable<string>, budget = PIECES_PER_TURN): string | Readable {
  const iterator = pieces[Symbol.iterator]();
  const first = take(iterator, budget);
  if (first.done) return first.text;
  async function* chunks(): AsyncGenerator<string> {
    yield first.text;
    for (;;) {
      await nextTurn();
      const next = take(iterator, budget);
      if (next.text !== '') yield next.text;
      if (next.done) return;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The pieces of a JSON array: `[`, each rendered item after a comma where needed, `]` and a newline. */
export function* arrayPieces<T>(items: Iterable<T>, render: (item: T) => string | undefined): Generator<string> {
  yield '[';
  let first = true;
  for (const item of items) {
    const json = render(item);
    if (json === undefined) {
      yield '';
      continue;
    }
    yield first ? json : `,${json}`;
    first = false;
  }
  yield ']\n';
}

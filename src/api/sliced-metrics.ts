import { Readable } from 'node:stream';
import type { Registry } from 'prom-client';

/**
 * A metric family with a sample per aggregation group, which can run to hundreds of thousands.
 * prom-client formats every sample of a scrape in one go (300k samples held the event loop over
 * 2 s), so such a family writes its own exposition text, a slice per turn of the event loop.
 */
export interface SlicedFamily {
  /** The family's text in the Prometheus format (HELP, TYPE, samples), in chunks made across turns. */
  chunks(): AsyncIterable<string>;
}

const slicedFamilies = new WeakMap<Registry, SlicedFamily[]>();

/** Adds a family that `exposition(registry)` writes after prom-client's metrics. */
export function registerSlicedFamily(registry: Registry, family: SlicedFamily): void {
  const families = slicedFamilies.get(registry);
  if (families === undefined) slicedFamilies.set(registry, [family]);
  else families.push(family);
}

/**
 * The registry's text as `/metrics` answers it: prom-client's families, then the sliced ones,
 * streamed as they are made; just prom-client's text when there are none.
 */
export async function exposition(registry: Registry): Promise<string | Readable> {
  const families = slicedFamilies.get(registry);
  const text = await registry.metrics();
  if (families === undefined) return text;
  return Readable.from(
    (async function* (): AsyncGenerator<string> {
      yield text;
      for (const family of families) {
        // prom-client separates its families with an empty line.
        yield '\n';
        yield* family.chunks();
      }
    })(),
  );
}

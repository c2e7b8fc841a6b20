import { readFile } from 'node:fs/promises';
import { goJsonSyntaxError } from '../../template/go-json-syntax.ts';
import { ApiError } from './api-client.ts';
import type { AmtoolContext } from './context.ts';
import { CliError } from './kingpin.ts';
import type { PostableSilenceJson } from './models.ts';

const NOT_JSON = "couldn't unmarshal input data, is it JSON?";

function parseSilences(text: string): PostableSilenceJson[] {
  let doc: unknown;
  if (text.trim() === '') throw new CliError(`${NOT_JSON}: EOF`);
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${NOT_JSON}: ${goJsonSyntaxError(text) ?? (err as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new CliError(`${NOT_JSON}: json: cannot unmarshal ${typeof doc} into Go value of type []models.PostableSilence`);
  return doc.map((item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new CliError(`${NOT_JSON}: json: cannot unmarshal ${Array.isArray(item) ? 'array' : typeof item} into Go value of type models.PostableSilence`);
    }
    // Only the postable fields travel; the id is reused unless --force.
    const s = item as Partial<PostableSilenceJson>;
    const { id, matchers, startsAt, endsAt, createdBy, comment, annotations } = s;
    return { id, matchers, startsAt, endsAt, createdBy, comment, annotations } as PostableSilenceJson;
  });
}

/**
 * `amtool silence import`: posts the silences of a `silence query -o json` export with
 * `--worker` requests in flight, printing each new id; a silence whose id the server does not
 * know is created afresh. Fails when any silence could not be imported.
 */
export async function silenceImport(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const file = v.arg('input-file');
  let text: string;
  if (file !== '') text = await readFile(file, 'utf8');
  else if (ctx.io.stdin !== undefined) text = await ctx.io.stdin.read();
  else text = '';
  const silences = parseSilences(text);
  const force = v.bool('force');
  const client = await ctx.client();
  let failed = 0;
  const post = async (s: PostableSilenceJson): Promise<void> => {
    const body = force ? { ...s, id: undefined } : s;
    try {
      let id: string;
      try {
        id = await client.postSilence(body);
      } catch (err) {
        if (!(err instanceof ApiError && err.statusCode === 404)) throw err;
        id = await client.postSilence({ ...body, id: undefined });
      }
      ctx.io.out(`${id}\n`);
    } catch (err) {
      failed++;
      ctx.io.err(`Error adding silence id='${s.id ?? ''}': ${(err as Error).message}\n`);
    }
  };
  const queue = [...silences];
  const workers = Math.max(1, v.int('worker'));
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) await post(s);
    }),
  );
  if (failed > 0) throw new CliError(`couldn't import ${failed} out of ${silences.length} silences`);
}

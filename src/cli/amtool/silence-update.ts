import { apiTime, toApiTime } from './api-time.ts';
import type { AmtoolContext } from './context.ts';
import { CliError } from './kingpin.ts';
import type { GettableSilenceJson } from './models.ts';
import { printSilences } from './output.ts';
import { checkOrder, endAfter, flagTime } from './silence-times.ts';

/**
 * `amtool silence update`: changes the start, end (or duration from the start) and comment of
 * each silence and prints the updated silences.
 */
export async function silenceUpdate(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const ids = v.argList('update-ids');
  if (ids.length < 1) throw new CliError('no silence IDs specified');
  const client = await ctx.client();
  const updated: GettableSilenceJson[] = [];
  for (const silenceId of ids) {
    const sil = await client.getSilence(silenceId);
    let start = apiTime(sil.startsAt);
    let end = apiTime(sil.endsAt);
    if (v.string('start') !== '') start = flagTime(v.string('start'));
    if (v.string('end') !== '') end = flagTime(v.string('end'));
    else if (v.string('duration') !== '') end = endAfter(start, v.string('duration'));
    checkOrder(start, end);
    const next: GettableSilenceJson = {
      ...sil,
      startsAt: toApiTime(start),
      endsAt: toApiTime(end),
      comment: v.string('comment') === '' ? sil.comment : v.string('comment'),
    };
    const { id, matchers, startsAt, endsAt, createdBy, comment, annotations } = next;
    const newId = await client.postSilence({ id, matchers, startsAt, endsAt, createdBy, comment, ...(annotations ? { annotations } : {}) });
    updated.push({ ...next, id: newId });
  }
  if (v.bool('quiet')) {
    for (const s of updated) ctx.io.out(`${s.id}\n`);
    return;
  }
  printSilences(ctx, updated);
}

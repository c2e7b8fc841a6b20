import { GoTime } from '../../template/go-time.ts';
import { toApiTime } from './api-time.ts';
import { cliLabels, cliMatcher, toApiMatcher, withAlertnameShorthand } from './cli-matchers.ts';
import type { AmtoolContext } from './context.ts';
import { CliError } from './kingpin.ts';
import { checkOrder, endAfter, flagTime } from './silence-times.ts';

/** `amtool silence add`: creates a silence from matcher arguments and prints its id. */
export async function silenceAdd(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const args = withAlertnameShorthand(v.argList('matcher-groups'), ctx.matchers);
  const matchers = args.map((a) => cliMatcher(a, ctx.matchers));
  if (matchers.length < 1) throw new CliError('no matchers specified');
  const start = v.string('start') === '' ? GoTime.fromMillis(ctx.now()) : flagTime(v.string('start'));
  const end = v.string('end') === '' ? endAfter(start, v.string('duration')) : flagTime(v.string('end'));
  checkOrder(start, end);
  const comment = v.string('comment');
  if (v.bool('require-comment') && comment === '') throw new CliError('comment required by config');
  const annotations = cliLabels(v.strings('annotation'), ctx.matchers, 'annotations');
  const client = await ctx.client();
  const id = await client.postSilence({
    matchers: matchers.map(toApiMatcher),
    startsAt: toApiTime(start),
    endsAt: toApiTime(end),
    createdBy: v.string('author'),
    comment,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  });
  ctx.io.out(`${id}\n`);
}

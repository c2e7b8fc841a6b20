import { cliLabels, withAlertnameShorthand } from './cli-matchers.ts';
import type { AmtoolContext } from './context.ts';
import { parseRfc3339, toApiTime } from './api-time.ts';
import { CliError } from './kingpin.ts';

function rfc3339(s: string): string | undefined {
  if (s === '') return undefined;
  try {
    return toApiTime(parseRfc3339(s));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** `amtool alert add`: posts one alert built from label arguments and the flags. */
export async function alertAdd(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const labels = cliLabels(withAlertnameShorthand(v.argList('labels'), ctx.matchers), ctx.matchers);
  const annotations = cliLabels(v.strings('annotation'), ctx.matchers, 'annotations');
  const startsAt = rfc3339(v.string('start'));
  const endsAt = rfc3339(v.string('end'));
  const alert = {
    labels,
    annotations,
    ...(v.string('generator-url') === '' ? {} : { generatorURL: v.string('generator-url') }),
    // amtool sends Go's zero time for an unset start or end, which the server treats as absent.
    ...(startsAt === undefined ? {} : { startsAt }),
    ...(endsAt === undefined ? {} : { endsAt }),
  };
  const client = await ctx.client();
  await client.postAlerts([alert]);
}

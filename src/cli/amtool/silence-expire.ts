import type { AmtoolContext } from './context.ts';
import { CliError } from './kingpin.ts';

/** `amtool silence expire`: expires each silence, stopping at the first failure. */
export async function silenceExpire(ctx: AmtoolContext): Promise<void> {
  const ids = ctx.values.argList('silence-ids');
  if (ids.length < 1) throw new CliError('no silence IDs specified');
  const client = await ctx.client();
  for (const id of ids) await client.deleteSilence(id);
}

import { withAlertnameShorthand } from './cli-matchers.ts';
import type { AmtoolContext } from './context.ts';
import { printAlerts } from './output.ts';

/** `amtool alert query`: alerts matching the matcher groups, by state (active by default). */
export async function alertQuery(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const state = {
    active: v.bool('active'),
    silenced: v.bool('silenced'),
    inhibited: v.bool('inhibited'),
    unprocessed: v.bool('unprocessed'),
  };
  if (!state.active && !state.silenced && !state.inhibited && !state.unprocessed) state.active = true;
  const filter = withAlertnameShorthand(v.argList('matcher-groups'), ctx.matchers);
  const client = await ctx.client();
  const alerts = await client.getAlerts({ ...state, receiver: v.string('receiver'), filter });
  printAlerts(ctx, alerts);
}

import { apiTime } from './api-time.ts';
import { withAlertnameShorthand } from './cli-matchers.ts';
import type { AmtoolContext } from './context.ts';
import { printSilences } from './output.ts';

/**
 * `amtool silence query`: silences with the matchers, active ones (or expired ones with
 * `--expired`), optionally only those ending within `--within`, by `--created-by` or `--id`.
 */
export async function silenceQuery(ctx: AmtoolContext): Promise<void> {
  const v = ctx.values;
  const filter = withAlertnameShorthand(v.argList('matcher-groups'), ctx.matchers);
  const client = await ctx.client();
  const all = await client.getSilences(filter);
  const expired = v.bool('expired');
  const within = BigInt(v.duration('within')) * 1_000_000n;
  const now = BigInt(ctx.now()) * 1_000_000n;
  const createdBy = v.string('created-by');
  const id = v.string('id');
  const shown = all.filter((s) => {
    const end = apiTime(s.endsAt).UnixNano();
    if (!expired && end < now) return false;
    if (expired && end > now) return false;
    if (!expired && within > 0n && end > now + within) return false;
    if (expired && within > 0n && end < now - within) return false;
    if (createdBy !== '' && s.createdBy !== createdBy) return false;
    return id === '' || s.id === id;
  });
  if (v.bool('quiet')) {
    for (const s of shown) ctx.io.out(`${s.id}\n`);
    return;
  }
  printSilences(ctx, shown);
}

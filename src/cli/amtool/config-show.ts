import type { AmtoolContext } from './context.ts';
import { printCluster, printStatus } from './output.ts';

/** `amtool config show`: the running configuration (and, extended, version and uptime). */
export async function configShow(ctx: AmtoolContext): Promise<void> {
  const client = await ctx.client();
  printStatus(ctx, await client.getStatus());
}

/** `amtool cluster show`: cluster status, node name and (extended) peers. */
export async function clusterShow(ctx: AmtoolContext): Promise<void> {
  const client = await ctx.client();
  printCluster(ctx, (await client.getStatus()).cluster);
}

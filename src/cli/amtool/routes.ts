/** `amtool config routes show` and `config routes test`. */
import { ConfigError } from '../../config/errors.ts';
import { loadConfigFile, parseConfig } from '../../config/load.ts';
import type { Config } from '../../config/types.ts';
import { compileRoute } from '../../dispatch/route.ts';
import type { Route } from '../../dispatch/route.ts';
import { matchesLabels, matchersToString } from '../../labels/matcher.ts';
import { cliMatcher } from './cli-matchers.ts';
import type { AmtoolContext } from './context.ts';
import { CliError } from './kingpin.ts';
import type { LabelSetJson } from './models.ts';
import { renderTree, treeNode } from './tree-print.ts';
import type { TreeNode } from './tree-print.ts';

function message(err: unknown): string {
  return err instanceof ConfigError ? err.amMessage : (err as Error).message;
}

// The configuration from --config.file, or else the server's running one.
async function loadRoutingConfig(ctx: AmtoolContext, blankLine: boolean): Promise<Config> {
  const file = ctx.values.string('config.file');
  if (file !== '' && ctx.urlGiven) ctx.io.err('Warning: --config.file flag overrides the --alertmanager.url.\n');
  try {
    if (file !== '') return (await loadConfigFile(file, { matcherMode: ctx.matchers.mode })).config;
    const client = await ctx.client();
    const status = await client.getStatus();
    return parseConfig(status.config?.original ?? '', { filename: '', matcherMode: ctx.matchers.mode });
  } catch (err) {
    throw new CliError(message(err), blankLine);
  }
}

function slug(route: Route, showContinue: boolean, showReceiver: boolean): string {
  let s = route.matchers.length === 0 ? 'default-route' : matchersToString(route.matchers);
  if (route.continue && showContinue) s += '  continue: true';
  if (showReceiver) s += `  receiver: ${route.options.receiver}`;
  return s;
}

function fullTree(route: Route): TreeNode {
  const node = treeNode(slug(route, true, true));
  for (const child of route.routes) node.children.push(fullTree(child));
  return node;
}

// The routes an alert walks through: children whose own matchers match, siblings after one
// without `continue` skipped; the receiver is shown where the walk ends.
function matchingTree(route: Route, labels: LabelSetJson): TreeNode {
  const node = treeNode(slug(route, false, false));
  for (const child of route.routes) {
    if (!matchesLabels(child.matchers, labels)) continue;
    node.children.push(matchingTree(child, labels));
    if (!child.continue) break;
  }
  if (node.children.length === 0) node.value = slug(route, false, true);
  return node;
}

/** `amtool config routes show`: the routing tree with matchers, `continue` and receivers. */
export async function routesShow(ctx: AmtoolContext): Promise<void> {
  const config = await loadRoutingConfig(ctx, false);
  const root = compileRoute(config.route as NonNullable<Config['route']>);
  ctx.io.out(`Routing tree:\n${renderTree([fullTree(root)])}\n`);
}

/**
 * `amtool config routes test`: the receivers an alert with the labels reaches, comma-separated,
 * optionally with the matching part of the tree; exit code 1 when `--verify.receivers` differs.
 */
export async function routesTest(ctx: AmtoolContext): Promise<number> {
  const v = ctx.values;
  const config = await loadRoutingConfig(ctx, true);
  const root = compileRoute(config.route as NonNullable<Config['route']>);
  const labels: LabelSetJson = {};
  for (const arg of v.argList('labels')) {
    let m;
    try {
      m = cliMatcher(arg, ctx.matchers);
    } catch (err) {
      throw new CliError(`Failed to parse labels: ${(err as Error).message}`);
    }
    if (m.type !== '=') throw new CliError('Labels must be specified as key=value pairs');
    labels[m.name] = m.value;
  }
  if (v.bool('tree')) ctx.io.out(`Matching routes:\n${renderTree([matchingTree(root, labels)])}\n\n`);
  const receivers = root.match(labels).map((r) => r.options.receiver).join(',');
  ctx.io.out(`${receivers}\n`);
  const expected = v.string('verify.receivers');
  if (expected !== '' && expected !== receivers) {
    ctx.io.out('WARNING: Expected receivers did not match resolved receivers.\n');
    return 1;
  }
  return 0;
}

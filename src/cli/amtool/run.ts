/** Runs one amtool command line: config-file defaults, parsing, the context, the action, errors. */
import { userInfo } from 'node:os';
import { VERSION } from '../../common/version.ts';
import { ConfigError } from '../../config/errors.ts';
import { matcherModeFromFeatures } from '../../labels/parse.ts';
import type { MatcherMode, MatcherWarningFields } from '../../labels/parse.ts';
import { parseTemplateFiles } from '../../template/alertmanager-templates.ts';
import { checkConfig } from '../check-config.ts';
import { templateRender } from '../template-render.ts';
import { ApiClient } from './api-client.ts';
import { amtoolApp, FEATURES } from './commands.ts';
import type { AmtoolCommand } from './commands.ts';
import { defaultConfigFiles, readConfigDefaults } from './config-file.ts';
import type { AmtoolContext, AmtoolIo, OutputFormat } from './context.ts';
import { helpText } from './help.ts';
import { loadHttpConfigFile } from './http-config-file.ts';
import { CliError, parseCommandLine } from './kingpin.ts';
import type { ParsedValues } from './kingpin.ts';

/** Where amtool talks to without `--alertmanager.url` (the Debian 0.25 package's default). */
const DEFAULT_URL = 'http://localhost:9093/';

export interface RunAmtoolOptions {
  /** The application name in usage and error lines; `tocsin` by default. */
  readonly program?: string;
  /** Config files to read flag defaults from; amtool's four locations by default. */
  readonly configFiles?: readonly string[];
  /** The version `--version` prints; Tocsin's by default. */
  readonly version?: string;
  /** The default silence author; the current user's name by default. */
  readonly username?: string;
  /** Milliseconds since the epoch (tests fix it). */
  readonly now?: () => number;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function featureMode(list: string): MatcherMode {
  const features = list.split(',').filter((f) => f !== '');
  for (const f of features) {
    if (!(FEATURES as readonly string[]).includes(f)) {
      throw new CliError(`error parsing the feature flag list: unknown option '${f}' for --enable-feature`);
    }
  }
  try {
    return matcherModeFromFeatures(features);
  } catch (err) {
    throw new CliError(`error parsing the feature flag list: ${(err as Error).message}`);
  }
}

// A matcher parser warning as Alertmanager logs it (logfmt), for `-v`.
function logfmtWarning(msg: string, fields: MatcherWarningFields): string {
  const pairs = Object.entries({ msg, ...fields }).map(([k, v]) => `${k}=${/^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)}`);
  return `level=WARN ${pairs.join(' ')}\n`;
}

function amUrl(values: ParsedValues): URL {
  try {
    return new URL(values.string('alertmanager.url') || DEFAULT_URL);
  } catch {
    throw new CliError('required flag --alertmanager.url not provided', false);
  }
}

function buildContext(io: AmtoolIo, program: string, values: ParsedValues, opts: RunAmtoolOptions, signal: AbortSignal, clients: ApiClient[]): AmtoolContext {
  const url = amUrl(values);
  const httpConfigFile = values.string('http.config.file');
  let client: Promise<ApiClient> | undefined;
  const makeClient = async (): Promise<ApiClient> => {
    if ((url.username !== '' || url.password !== '') && httpConfigFile !== '') {
      throw new CliError('basic authentication and http.config.file are mutually exclusive', false);
    }
    let httpConfig;
    if (httpConfigFile !== '') {
      try {
        httpConfig = await loadHttpConfigFile(httpConfigFile);
      } catch (err) {
        const text = err instanceof ConfigError ? err.amMessage : (err as Error).message;
        throw new CliError(`failed to load HTTP config file: ${text}`, false);
      }
    }
    const c = new ApiClient({ url, httpConfig, signal });
    clients.push(c);
    return c;
  };
  return {
    io,
    program,
    values,
    output: values.string('output') as OutputFormat,
    table: { dateFormat: values.string('date.format'), color: io.isTTY === true },
    matchers: {
      mode: featureMode(values.string('enable-feature')),
      ...(values.bool('verbose') ? { onWarning: (msg: string, fields: MatcherWarningFields) => io.err(logfmtWarning(msg, fields)) } : {}),
    },
    url,
    urlGiven: values.isSet('alertmanager.url') || values.string('alertmanager.url') !== '',
    client: () => (client ??= makeClient()),
    now: opts.now ?? Date.now,
  };
}

async function runAction(cmd: AmtoolCommand, ctx: AmtoolContext): Promise<number> {
  const v = ctx.values;
  switch (cmd.action) {
    case undefined:
      return 0;
    case 'check-config':
      return checkConfig(v.argList('check-files'), ctx.io, {
        program: ctx.program,
        matcherMode: ctx.matchers.mode,
        stdin: ctx.io.stdin,
        parseTemplates: parseTemplateFiles,
      });
    case 'template-render':
      return templateRender(
        {
          globs: v.strings('template.glob'),
          text: v.string('template.text'),
          type: v.string('template.type') === 'html' ? 'html' : 'text',
          ...(v.string('template.data') === '' ? {} : { dataFile: v.string('template.data') }),
          program: ctx.program,
        },
        ctx.io,
      );
    default:
      return (await cmd.action(ctx)) ?? 0;
  }
}

/**
 * Runs an amtool command line (`alert query foo`, `--alertmanager.url=... silence add ...`),
 * printing as amtool does; resolves to the exit code.
 */
export async function runAmtool(argv: readonly string[], io: AmtoolIo, opts: RunAmtoolOptions = {}): Promise<number> {
  const program = opts.program ?? 'tocsin';
  const fail = (err: unknown): number => {
    const blank = err instanceof CliError ? err.blankLine : true;
    io.err(`${program}: error: ${(err as Error).message}\n${blank ? '\n' : ''}`);
    return 1;
  };
  const username = opts.username ?? currentUser();
  let defaults: Map<string, string>;
  try {
    defaults = await readConfigDefaults(opts.configFiles ?? defaultConfigFiles(process.env['HOME']));
  } catch (err) {
    return fail(new CliError(`could not load config file: ${(err as Error).message}\n`, true));
  }
  const app = amtoolApp(program, username);
  const clients: ApiClient[] = [];
  try {
    const parsed = await parseCommandLine(app, argv, defaults);
    if (parsed.kind === 'version') {
      io.out(`${program}, version ${opts.version ?? VERSION}\n`);
      return 0;
    }
    if (parsed.kind === 'help') {
      io.out(helpText(parsed.path));
      return 0;
    }
    const timeout = parsed.values.duration('timeout');
    const ctx = buildContext(io, program, parsed.values, opts, AbortSignal.timeout(Math.max(0, timeout)), clients);
    return await runAction(parsed.path[parsed.path.length - 1] as AmtoolCommand, ctx);
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    return fail(err);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

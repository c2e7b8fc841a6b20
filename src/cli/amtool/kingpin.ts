/**
 * A command-line parser with kingpin v2's rules and error messages, which amtool is built on:
 * nested commands with default subcommands, flags valid at their command and below, `--flag=v`,
 * `--flag v`, `-fv`, grouped short booleans (`-as`), `--no-flag`, repeatable list flags, `--`.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseGoDuration } from '../../config/go-duration.ts';

export type FlagKind = 'string' | 'strings' | 'bool' | 'enum' | 'duration' | 'int' | 'url' | 'existing-file';

export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  readonly short?: string;
  readonly default?: string;
  readonly values?: readonly string[];
  readonly required?: boolean;
  readonly hidden?: boolean;
  readonly placeholder?: string;
}

export interface ArgSpec {
  readonly name: string;
  readonly help: string;
  /** `strings` takes every remaining argument. */
  readonly kind: 'string' | 'strings' | 'existing-file' | 'existing-files';
}

export interface CommandSpec {
  readonly name: string;
  readonly help: string;
  readonly flags?: readonly FlagSpec[];
  readonly args?: readonly ArgSpec[];
  readonly commands?: readonly CommandSpec[];
  /** Selected when its parent is given without a subcommand (kingpin's `Default()`). */
  readonly isDefault?: boolean;
}

/** A command-line mistake or a failed command; printed as `<program>: error: <message>`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  /**
   * @param blankLine amtool's `kingpin.Fatalf("%v\n", err)` ends most errors with an empty line;
   *   a few fatal paths print only one newline.
   */
  constructor(
    message: string,
    readonly blankLine = true,
  ) {
    super(message);
  }
}

export type ParseOutcome =
  | { kind: 'help'; path: readonly CommandSpec[] }
  | { kind: 'version' }
  | { kind: 'run'; path: readonly CommandSpec[]; values: ParsedValues };

/** The flag and argument values of one command line, defaults applied. */
export class ParsedValues {
  constructor(
    private readonly flags: Map<string, string[]>,
    private readonly given: Set<string>,
    private readonly args: Map<string, string[]>,
  ) {}

  /** The flag's last value (or its default); '' when it has none. */
  string(name: string): string {
    const v = this.flags.get(name);
    return v === undefined || v.length === 0 ? '' : (v[v.length - 1] as string);
  }

  strings(name: string): string[] {
    return [...(this.flags.get(name) ?? [])];
  }

  bool(name: string): boolean {
    return this.string(name) === 'true';
  }

  /** Milliseconds. */
  duration(name: string): number {
    const s = this.string(name);
    return s === '' ? 0 : parseGoDuration(s);
  }

  int(name: string): number {
    return Number.parseInt(this.string(name), 10);
  }

  /** Whether the flag was on the command line, rather than defaulted. */
  isSet(name: string): boolean {
    return this.given.has(name);
  }

  arg(name: string): string {
    return this.args.get(name)?.[0] ?? '';
  }

  argList(name: string): string[] {
    return [...(this.args.get(name) ?? [])];
  }
}

const GO_INT = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]*|0[bB][01_]+|[1-9][0-9_]*)$/;

async function checkExistingFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new CliError(`path '${path}' does not exist`);
  if (info.isDirectory()) throw new CliError(`'${basename(path)}' is a directory`);
}

// Validates a value when it is set, as kingpin's typed flag values do.
async function checkValue(spec: FlagSpec, value: string): Promise<void> {
  switch (spec.kind) {
    case 'enum':
      if (!(spec.values ?? []).includes(value)) {
        throw new CliError(`enum value must be one of ${(spec.values ?? []).join(',')}, got '${value}'`);
      }
      return;
    case 'duration':
      try {
        parseGoDuration(value);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      return;
    case 'int':
      if (!GO_INT.test(value)) throw new CliError(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
      return;
    case 'existing-file':
      if (value !== '') await checkExistingFile(value);
      return;
    default:
      return;
  }
}

function available(path: readonly CommandSpec[]): Map<string, FlagSpec> {
  const out = new Map<string, FlagSpec>();
  for (const cmd of path) for (const f of cmd.flags ?? []) out.set(f.name, f);
  return out;
}

function shortFlag(path: readonly CommandSpec[], ch: string): FlagSpec | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const found = path[i]?.flags?.find((f) => f.short === ch);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Parses a command line against the command tree rooted at `app`. `defaults` overrides flag
 * defaults by name for the application and the selected command (amtool's config file does this).
 * @throws {CliError} with kingpin's message, e.g. `unknown long flag '--x'`.
 */
export async function parseCommandLine(
  app: CommandSpec,
  argv: readonly string[],
  defaults: ReadonlyMap<string, string> = new Map(),
): Promise<ParseOutcome> {
  const path: CommandSpec[] = [app];
  const flags = new Map<string, string[]>();
  const given = new Set<string>();
  const args = new Map<string, string[]>();
  let argIndex = 0;
  let onlyArgs = false;
  // kingpin checks that argument files exist once the whole line is parsed.
  const fileArgs: string[] = [];

  const set = async (spec: FlagSpec, value: string): Promise<void> => {
    const seen = flags.get(spec.name);
    if (seen !== undefined && spec.kind !== 'strings') throw new CliError(`flag '${spec.name}' cannot be repeated`);
    await checkValue(spec, value);
    flags.set(spec.name, [...(seen ?? []), value]);
    given.add(spec.name);
  };
  const current = (): CommandSpec => path[path.length - 1] as CommandSpec;
  // A flag only the default subcommand has selects that subcommand, as in kingpin.
  const enterDefaultFor = (has: (f: FlagSpec) => boolean): void => {
    const chain: CommandSpec[] = [];
    for (let c = current().commands?.find((x) => x.isDefault); c !== undefined; c = c.commands?.find((x) => x.isDefault)) {
      chain.push(c);
      if ((c.flags ?? []).some(has)) {
        path.push(...chain);
        argIndex = 0;
        return;
      }
    }
  };
  const positional = async (token: string): Promise<void> => {
    const cmd = current();
    const sub = cmd.commands ?? [];
    if (sub.length > 0) {
      const named = sub.find((c) => c.name === token);
      if (named !== undefined) {
        path.push(named);
        argIndex = 0;
        return;
      }
      const dflt = sub.find((c) => c.isDefault);
      if (dflt === undefined) throw new CliError(`expected command but got ${JSON.stringify(token)}`);
      path.push(dflt);
      argIndex = 0;
      return positional(token);
    }
    const specs = cmd.args ?? [];
    const spec = specs[argIndex];
    if (spec === undefined) throw new CliError(`unexpected ${token}`);
    if (spec.kind === 'existing-file' || spec.kind === 'existing-files') fileArgs.push(token);
    args.set(spec.name, [...(args.get(spec.name) ?? []), token]);
    if (spec.kind === 'string' || spec.kind === 'existing-file') argIndex++;
  };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (onlyArgs || !token.startsWith('-') || token === '-') {
      await positional(token);
      continue;
    }
    if (token === '--') {
      onlyArgs = true;
      continue;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq < 0 ? token.slice(2) : token.slice(2, eq);
      const inline = eq < 0 ? undefined : token.slice(eq + 1);
      if (name === 'help' || name === 'help-long' || name === 'help-man') return { kind: 'help', path };
      if (name === 'version') return { kind: 'version' };
      const known = (f: FlagSpec): boolean => f.name === name || (name.startsWith('no-') && f.name === name.slice(3));
      if (![...available(path).values()].some(known)) enterDefaultFor(known);
      const flagsHere = available(path);
      const spec = flagsHere.get(name);
      if (spec === undefined && name.startsWith('no-') && flagsHere.get(name.slice(3))?.kind === 'bool') {
        await set(flagsHere.get(name.slice(3)) as FlagSpec, 'false');
        continue;
      }
      if (spec === undefined) throw new CliError(`unknown long flag '--${name}'`);
      if (spec.kind === 'bool') {
        await set(spec, 'true');
        // kingpin hands a boolean's `=value` on as a positional argument.
        if (inline !== undefined) await positional(inline);
        continue;
      }
      let value = inline;
      if (value === undefined) {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith('-') && value !== '-')) {
          throw new CliError(`expected argument for flag '--${name}'`);
        }
        i++;
      }
      await set(spec, value);
      continue;
    }
    // Short flags: booleans may be grouped, and a value may follow in the same token.
    let rest = token.slice(1);
    while (rest !== '') {
      const ch = rest[0] as string;
      rest = rest.slice(1);
      if (ch === 'h') return { kind: 'help', path };
      if (shortFlag(path, ch) === undefined) enterDefaultFor((f) => f.short === ch);
      const spec = shortFlag(path, ch);
      if (spec === undefined) throw new CliError(`unknown short flag '-${ch}'`);
      if (spec.kind === 'bool') {
        await set(spec, 'true');
        continue;
      }
      let value: string | undefined = rest;
      rest = '';
      if (value === '') {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith('-') && value !== '-')) {
          throw new CliError(`expected argument for flag '-${ch}'`);
        }
        i++;
      }
      await set(spec, value);
    }
  }

  for (let dflt = current().commands?.find((c) => c.isDefault); dflt !== undefined; dflt = dflt.commands?.find((c) => c.isDefault)) {
    path.push(dflt);
  }
  if (path.length === 1 && argv.length === 0) return { kind: 'help', path };
  if ((current().commands ?? []).length > 0) {
    throw new CliError(`must select a subcommand of '${path.slice(1).map((c) => c.name).join(' ')}'`);
  }

  for (const file of fileArgs) await checkExistingFile(file);

  // Config-file defaults apply to the application's and the selected command's own flags only.
  const overridable = new Set([...(app.flags ?? []), ...(current().flags ?? [])].map((f) => f.name));
  for (const [name, spec] of available(path)) {
    if (given.has(name)) continue;
    if (spec.required) throw new CliError(`required flag --${name} not provided`);
    const fromConfig = overridable.has(name) ? defaults.get(name) : undefined;
    const dflt = fromConfig ?? spec.default;
    if (dflt === undefined) continue;
    await checkValue(spec, dflt);
    flags.set(name, [dflt]);
  }
  return { kind: 'run', path, values: new ParsedValues(flags, given, args) };
}

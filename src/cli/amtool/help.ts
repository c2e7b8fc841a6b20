/** Usage text in the shape of kingpin's compact template. */
import type { CommandSpec, FlagSpec } from './kingpin.ts';

function flagLine(f: FlagSpec): [string, string] {
  const short = f.short === undefined ? '    ' : `-${f.short}, `;
  let name = `--${f.name}`;
  if (f.kind !== 'bool') {
    const placeholder = f.placeholder ?? (f.default !== undefined ? `"${f.default}"` : f.name.toUpperCase());
    name += `=${placeholder}`;
  }
  return [`  ${short}${name}`, f.help];
}

function argsUsage(c: CommandSpec): string[] {
  return (c.args ?? []).map((a) => (a.kind === 'strings' || a.kind === 'existing-files' ? `[<${a.name}>...]` : `[<${a.name}>]`));
}

function commandLines(cmds: readonly CommandSpec[], depth: number): string[] {
  const out: string[] = [];
  for (const c of cmds) {
    const args = argsUsage(c);
    const flags = (c.flags ?? []).length > 0 ? ['[<flags>]'] : [];
    out.push(`${'  '.repeat(depth)}${c.name}${c.isDefault ? '*' : ''} ${[...flags, ...args].join(' ')}`.trimEnd());
    out.push(...commandLines(c.commands ?? [], depth + 1));
  }
  return out;
}

/** Help for the application or a selected command: usage, description, flags and commands. */
export function helpText(path: readonly CommandSpec[]): string {
  const app = path[0] as CommandSpec;
  const cmd = path[path.length - 1] as CommandSpec;
  const names = path.slice(1).map((c) => c.name);
  const usage =
    path.length === 1 ? `${app.name} [<flags>] <command> [<args> ...]` : [app.name, ...names, '[<flags>]', ...argsUsage(cmd)].join(' ');
  const flags = path.flatMap((c) => c.flags ?? []).filter((f) => !f.hidden);
  const lines = [`usage: ${usage}`, '', cmd.help, '', 'Flags:'];
  const rows: [string, string][] = [['  -h, --help', 'Show context-sensitive help.'], ...flags.map(flagLine)];
  if (path.length === 1) rows.push(['      --version', 'Show application version.']);
  const width = Math.max(...rows.map(([l]) => l.length));
  for (const [l, h] of rows) lines.push(`${l.padEnd(width)}  ${h}`);
  const subs = cmd.commands ?? [];
  if (subs.length > 0) lines.push('', 'Commands:', ...commandLines(subs, 1));
  return lines.join('\n') + '\n\n';
}

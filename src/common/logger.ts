import { basename } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'logfmt' | 'json';
export type LogFields = Readonly<Record<string, unknown>>;

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
export const LOG_FORMATS: readonly LogFormat[] = ['logfmt', 'json'];

/** Frames read for `source`: the logger's own few and the caller's. */
const CALLER_FRAMES = 8;

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Receives one finished line (with its newline); defaults to a synchronous write to stderr. */
  write?: (line: string) => void;
  /** Milliseconds since the epoch; injectable for deterministic tests. */
  now?: () => number;
  /** Adds `source=file:line` of the caller, as Alertmanager's slog handler does. */
  source?: boolean;
}

/**
 * A small synchronous structured logger shaped like Alertmanager 0.34's promslog output:
 * `time=… level=INFO source=file.ts:12 msg="…" key=value` (logfmt) or the same keys as JSON.
 */
export class Logger {
  readonly #level: number;
  readonly #format: LogFormat;
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  readonly #source: boolean;
  readonly #fields: LogFields;

  constructor(opts: LoggerOptions = {}, fields: LogFields = {}) {
    this.#level = SEVERITY[opts.level ?? 'info'];
    this.#format = opts.format ?? 'logfmt';
    this.#write = opts.write ?? writeStderr;
    this.#now = opts.now ?? Date.now;
    this.#source = opts.source ?? true;
    this.#fields = fields;
  }

  /** A logger that adds `fields` (e.g. `{ component: 'dispatcher' }`) to every line. */
  child(fields: LogFields): Logger {
    const opts: LoggerOptions = {
      level: LOG_LEVELS[this.#level],
      format: this.#format,
      write: this.#write,
      now: this.#now,
      source: this.#source,
    };
    return new Logger(opts, { ...this.#fields, ...fields });
  }

  enabled(level: LogLevel): boolean {
    return SEVERITY[level] >= this.#level;
  }

  /** Accepts slog's order `(msg, fields)` and pino's `(fields, msg)`, so pino-shaped interfaces fit. */
  debug(msg: string, fields?: LogFields): void;
  debug(fields: LogFields, msg: string): void;
  debug(a: string | LogFields, b?: string | LogFields): void {
    this.#dispatch('debug', a, b);
  }

  info(msg: string, fields?: LogFields): void;
  info(fields: LogFields, msg: string): void;
  info(a: string | LogFields, b?: string | LogFields): void {
    this.#dispatch('info', a, b);
  }

  warn(msg: string, fields?: LogFields): void;
  warn(fields: LogFields, msg: string): void;
  warn(a: string | LogFields, b?: string | LogFields): void {
    this.#dispatch('warn', a, b);
  }

  error(msg: string, fields?: LogFields): void;
  error(fields: LogFields, msg: string): void;
  error(a: string | LogFields, b?: string | LogFields): void {
    this.#dispatch('error', a, b);
  }

  #dispatch(level: LogLevel, a: string | LogFields, b: string | LogFields | undefined): void {
    if (typeof a === 'string') this.#log(level, a, typeof b === 'string' ? undefined : b);
    else this.#log(level, typeof b === 'string' ? b : '', a);
  }

  #log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.enabled(level)) return;
    const record: [string, unknown][] = [
      ['time', new Date(this.#now()).toISOString()],
      ['level', level.toUpperCase()],
    ];
    if (this.#source) {
      const source = callerSource();
      if (source !== undefined) record.push(['source', source]);
    }
    record.push(['msg', msg]);
    for (const entry of Object.entries(this.#fields)) record.push(entry);
    if (fields !== undefined) for (const entry of Object.entries(fields)) record.push(entry);
    this.#write(this.#format === 'json' ? jsonLine(record) : logfmtLine(record));
  }
}

/** A logger that writes nothing, for tests and embedders that do not care. */
export const silentLogger: Logger = new Logger({ write: () => undefined, source: false });

/** Lines logged in the current turn of the event loop, not yet written. */
const pendingLines: string[] = [];

/**
 * Writes the lines of one turn of the event loop to stderr together, after it: a write to a pipe
 * or file is a system call made at once, and when 5,000 notifications failed together, writing
 * their 10,000 lines one by one was an eighth of the main thread's time. What a turn logged
 * before the process exits is written on exit.
 */
function writeStderr(line: string): void {
  if (pendingLines.push(line) > 1) return;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', writePendingLines);
  }
  setImmediate(writePendingLines);
}

let exitHookInstalled = false;

function writePendingLines(): void {
  if (pendingLines.length === 0) return;
  const text = pendingLines.join('');
  pendingLines.length = 0;
  process.stderr.write(text);
}

function logfmtLine(record: [string, unknown][]): string {
  return `${record.map(([k, v]) => `${k}=${logfmtValue(v)}`).join(' ')}\n`;
}

function jsonLine(record: [string, unknown][]): string {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of record) obj[k] = jsonValue(v);
  return `${JSON.stringify(obj)}\n`;
}

function stringify(v: unknown): string {
  if (v instanceof Error) return v.message;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (v === undefined) return '<nil>';
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function jsonValue(v: unknown): unknown {
  if (v instanceof Error || v instanceof Date || v === undefined) return stringify(v);
  if (typeof v === 'bigint') return String(v);
  return v;
}

/** Quotes like Go's slog TextHandler: empty values and values with spaces, `=`, `"` or controls. */
function logfmtValue(v: unknown): string {
  const s = stringify(v);
  // eslint-disable-next-line no-control-regex
  return s === '' || /[\s="\x00-\x1f\x7f]/u.test(s) ? JSON.stringify(s) : s;
}

/**
 * `file.ts:line` of the first stack frame outside this module, read from V8's call sites rather
 * than a formatted stack trace: 11 against 30-39 µs per line (under tsx); formatting stacks was a
 * tenth of the main thread's time when 5,000 notifications failed at once.
 */
function callerSource(): string | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  let sites: NodeJS.CallSite[] | undefined;
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.stackTraceLimit = CALLER_FRAMES;
    Error.captureStackTrace(holder, callerSource);
    // V8 prepares the stack when it is first read, so it is read before the formatter is put back.
    sites = holder.stack;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
  for (const site of sites ?? []) {
    const file = site.getFileName();
    if (file === undefined || file === null || file.endsWith('/logger.ts') || file.endsWith('/logger.js')) continue;
    return `${basename(file)}:${site.getLineNumber() ?? 0}`;
  }
  return undefined;
}

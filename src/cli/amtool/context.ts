/** What every amtool command gets: the parsed command line, output settings and an API client. */
import type { MatcherMode, ParseMatchersOptions } from '../../labels/parse.ts';
import type { ApiClient } from './api-client.ts';
import type { ParsedValues } from './kingpin.ts';
import type { TableOptions } from './format-table.ts';

export interface AmtoolIo {
  out(s: string): void;
  err(s: string): void;
  /** Whether standard output is a terminal (tables are coloured then). */
  readonly isTTY?: boolean;
  /** Standard input, for `silence import` and `check-config` without files. */
  readonly stdin?: { readonly isTTY: boolean; read(): Promise<string> };
}

export type OutputFormat = 'simple' | 'extended' | 'json';

export interface AmtoolContext {
  readonly io: AmtoolIo;
  /** The error prefix, as kingpin prints the application name. */
  readonly program: string;
  readonly values: ParsedValues;
  readonly output: OutputFormat;
  readonly table: TableOptions;
  /** How matcher arguments parse (`--enable-feature`); warnings go to stderr with `-v`. */
  readonly matchers: ParseMatchersOptions & { readonly mode: MatcherMode };
  /** `--alertmanager.url`, or its default. */
  readonly url: URL;
  /** Whether the URL came from the command line or a config file rather than the default. */
  readonly urlGiven: boolean;
  /** The API client (created on first use; `--http.config.file` is loaded then). */
  client(): Promise<ApiClient>;
  /** The current time in milliseconds (tests fix it). */
  now(): number;
}

/** A command's action: resolves to the exit code, or throws a CliError. */
export type AmtoolAction = (ctx: AmtoolContext) => Promise<number | void>;

/**
 * `amtool template render`: renders a template text over the built-in and given templates with
 * data from a JSON file (or amtool's example data), printing it as amtool does.
 */
import { readFile } from 'node:fs/promises';
import { loadTemplates } from '../template/alertmanager-templates.ts';
import { Alert, Data, toAlerts, toKV } from '../template/data.ts';
import { dataFromJson } from '../template/data-json.ts';
import { goJsonSyntaxError } from '../template/go-json-syntax.ts';
import { GoDuration, GoTime } from '../template/go-time.ts';

export interface TemplateRenderOptions {
  /** `--template.glob` (repeatable). */
  readonly globs: readonly string[];
  /** `--template.text`. */
  readonly text: string;
  /** `--template.type`: text (default) or html. */
  readonly type?: 'text' | 'html';
  /** `--template.data`: a JSON file holding template.Data. */
  readonly dataFile?: string;
  /** Prefix of error lines, as kingpin prints the application name. */
  readonly program?: string;
  /** The clock for the example data (tests fix it). */
  readonly now?: () => GoTime;
}

export interface TemplateRenderIo {
  out(s: string): void;
  err(s: string): void;
}

const MINUTE = 60_000_000_000n;

/** amtool's built-in example data, used when no data file is given. */
export function exampleData(now: GoTime): Data {
  const alert = (labels: Record<string, string>, annotations: Record<string, string>, ago: bigint, fp: string): Alert =>
    new Alert('alertstatus', toKV(labels), toKV(annotations), now.Add(new GoDuration(-ago)), now, 'https://generatorurl.com', fp);
  const alerts = toAlerts([
    alert(
      { label1: 'value1', label2: 'value2', instance: 'foo.bar:1234', commonlabelkey1: 'commonlabelvalue1', commonlabelkey2: 'commonlabelvalue2' },
      { annotation1: 'value1', annotation2: 'value2', commonannotationkey1: 'commonannotationvalue1', commonannotationkey2: 'commonannotationvalue2' },
      5n * MINUTE,
      'fingerprint1',
    ),
    alert(
      { foo: 'bar', baz: 'qux', commonlabelkey1: 'commonlabelvalue1', commonlabelkey2: 'commonlabelvalue2' },
      { aaa: 'bbb', ccc: 'ddd', commonannotationkey1: 'commonannotationvalue1', commonannotationkey2: 'commonannotationvalue2' },
      10n * MINUTE,
      'fingerprint2',
    ),
  ]);
  return new Data({
    Receiver: 'receiver',
    Status: 'alertstatus',
    Alerts: alerts,
    NotificationReason: '',
    GroupLabels: toKV({ grouplabelkey1: 'grouplabelvalue1', grouplabelkey2: 'grouplabelvalue2' }),
    CommonLabels: toKV({ commonlabelkey1: 'commonlabelvalue1', commonlabelkey2: 'commonlabelvalue2' }),
    CommonAnnotations: toKV({ commonannotationkey1: 'commonannotationvalue1', commonannotationkey2: 'commonannotationvalue2' }),
    RouteLabels: toKV(undefined),
    ExternalURL: 'https://example.com',
  });
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** Go's *PathError text for a failed open or read. */
function pathError(op: string, path: string, e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return `${op} ${path}: ${ERRNO_TEXT[code] ?? (e as Error).message}`;
}

async function readData(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(pathError('open', file, e));
  }
}

function parseData(content: string): Data {
  const syntax = goJsonSyntaxError(content);
  if (syntax !== undefined) throw new Error(syntax);
  return dataFromJson(JSON.parse(content));
}

/**
 * Renders `opts.text` as amtool 0.25's `template render` does: built-in templates plus the globs,
 * text or html mode; prints the result without a newline. Resolves to the exit code.
 */
export async function templateRender(opts: TemplateRenderOptions, io: TemplateRenderIo): Promise<number> {
  const program = opts.program ?? 'tocsin';
  try {
    // amtool opens the data file while parsing flags, before loading templates; it decodes it after.
    const content = opts.dataFile === undefined ? undefined : await readData(opts.dataFile);
    const templates = loadTemplates(opts.globs);
    const data = content === undefined ? exampleData((opts.now ?? GoTime.now)()) : parseData(content);
    const rendered = opts.type === 'html' ? templates.executeHtml(opts.text, data) : templates.executeText(opts.text, data);
    io.out(rendered);
    return 0;
  } catch (e) {
    io.err(`${program}: error: ${e instanceof Error ? e.message : String(e)}\n\n`);
    return 1;
  }
}

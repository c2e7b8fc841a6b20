// Runs the Go-generated conformance corpus (test/fixtures/template-conformance/*.json): every case's
// output or error was produced by Go's own text/template (see scripts/template-conformance/).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FUNCS, decode } from '../../../test/fixtures/template-conformance/model.ts';
import { TemplateExecError, TemplateParseError, TemplateSet } from './index.ts';
import type { MissingKey } from './index.ts';

interface Case {
  name: string;
  templates: Array<{ name: string; text: string }>;
  data?: unknown;
  missingkey?: MissingKey;
  delims?: [string, string];
  exec: string;
  output?: string;
  error?: string;
  errorKind?: 'parse' | 'exec';
  handWritten?: boolean;
  note?: string;
}

const DIR = join(import.meta.dirname, '../../../test/fixtures/template-conformance');

/**
 * Known, documented differences from Go (see DESIGN.md): the expected error is rewritten before
 * comparing. Keep this list short.
 */
const KNOWN_DIFFERENCES: Record<string, (expected: string) => string> = {
  // JS functions have no Go signature to print.
  'exec-func-value-print': (e) => e.replace('func(int, int) int', 'func'),
};

/**
 * Go 1.21+ names the operand types in "incompatible types for comparison" (Go 1.19, which generated
 * most expectations, does not); accept the newer wording, which is what Alertmanager's Go prints.
 */
function newerWording(expected: string, actual: string | undefined): string {
  const old = 'incompatible types for comparison';
  if (actual === undefined || !expected.endsWith(old)) return expected;
  return actual.startsWith(expected + ': ') && / and /.test(actual.slice(expected.length)) ? actual : expected;
}

function run(c: Case): { output?: string; error?: string; kind?: string } {
  const set = new TemplateSet({ funcs: FUNCS, missingKey: c.missingkey ?? 'default', delims: c.delims });
  try {
    for (const t of c.templates) set.parse(t.name, t.text);
  } catch (e) {
    if (e instanceof TemplateParseError) return { error: e.message, kind: 'parse' };
    throw e;
  }
  try {
    return { output: set.execute(c.exec, c.data === undefined ? undefined : decode(c.data)) };
  } catch (e) {
    if (e instanceof TemplateExecError) return { error: e.message, kind: 'exec' };
    throw e;
  }
}

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
  const cases = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Case[];
  describe(`conformance ${file}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const got = run(c);
        if (c.error !== undefined) {
          const want = newerWording(KNOWN_DIFFERENCES[c.name]?.(c.error) ?? c.error, got.error);
          assert.equal(got.error, want, `output was ${JSON.stringify(got.output)}`);
          assert.equal(got.kind, c.errorKind);
        } else {
          assert.equal(got.error, undefined);
          assert.equal(got.output, c.output);
        }
      });
    }
  });
}

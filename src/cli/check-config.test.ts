import { strict as assert } from 'node:assert';
import { chdir, cwd } from 'node:process';
import { after, before, describe, it } from 'node:test';
import { checkConfig } from './check-config.ts';

// Expected output captured from the real `amtool check-config` 0.25 run in test/fixtures/config.
const AMTOOL_OUTPUT = `Checking 'ok-minimal.yml'  SUCCESS
Found:
 - global config
 - route
 - 0 inhibit rules
 - 1 receivers
 - 0 templates

Checking 'err-bad-duration.yml'  FAILED: not a valid duration string: "soon"

Checking 'ok-templates.yml'  SUCCESS
Found:
 - global config
 - route
 - 0 inhibit rules
 - 1 receivers
 - 2 templates
  SUCCESS

Checking 'err-several-type-errors.yml'  FAILED: yaml: unmarshal errors:
  line 3: cannot unmarshal !!str \`maybe\` into bool
  line 4: field foo not found in type config.plain
  line 7: field bar not found in type config.plain

`;

function capture(): { out: string; err: string; io: { out(s: string): void; err(s: string): void } } {
  const c = {
    out: '',
    err: '',
    io: {
      out: (s: string) => {
        c.out += s;
      },
      err: (s: string) => {
        c.err += s;
      },
    },
  };
  return c;
}

describe('checkConfig', () => {
  const previous = cwd();
  before(() => chdir(new URL('../../test/fixtures/config/', import.meta.url).pathname));
  after(() => chdir(previous));

  it('prints amtool check-config output byte for byte and counts failures', async () => {
    const c = capture();
    const files = ['ok-minimal.yml', 'err-bad-duration.yml', 'ok-templates.yml', 'err-several-type-errors.yml'];
    const code = await checkConfig(files, c.io, { program: 'amtool' });
    assert.equal(code, 1);
    assert.equal(c.out, AMTOOL_OUTPUT);
    assert.equal(c.err, 'amtool: error: failed to validate 2 file(s)\n\n');
  });

  it('exits 0 when every file is valid', async () => {
    const c = capture();
    assert.equal(await checkConfig(['ok-minimal.yml'], c.io), 0);
    assert.equal(c.err, '');
  });

  it('counts a template failure as a failed file', async () => {
    const c = capture();
    const code = await checkConfig(['ok-templates.yml'], c.io, {
      program: 'amtool',
      parseTemplates: async (files) => {
        assert.equal(files.length, 1);
        assert.match(files[0] as string, /templates\/custom\.tmpl$/);
        throw new Error('template: custom.tmpl:1: unexpected EOF');
      },
    });
    assert.equal(code, 1);
    assert.match(c.out, / - 2 templates\n {2}FAILED: template: custom.tmpl:1: unexpected EOF\n\n$/);
    assert.equal(c.err, 'amtool: error: failed to validate 1 file(s)\n\n');
  });

  it('rejects a missing file or a directory before checking anything, as kingpin does', async () => {
    const c = capture();
    assert.equal(await checkConfig(['nonexist.yml', 'ok-minimal.yml'], c.io, { program: 'amtool' }), 1);
    assert.equal(c.out, '');
    assert.equal(c.err, "amtool: error: path 'nonexist.yml' does not exist\n\n");
    const d = capture();
    assert.equal(await checkConfig(['templates'], d.io, { program: 'amtool' }), 1);
    assert.equal(d.err, "amtool: error: 'templates' is a directory\n\n");
  });

  it('reads /dev/stdin when no file is given, and refuses a terminal', async () => {
    const c = capture();
    const stdin = { isTTY: false, read: async () => 'route:\n  receiver: a\nreceivers:\n- name: a\n' };
    assert.equal(await checkConfig([], c.io, { stdin }), 0);
    assert.match(c.out, /^Checking '\/dev\/stdin' {2}SUCCESS\n/);
    const t = capture();
    assert.equal(await checkConfig([], t.io, { program: 'amtool', stdin: { ...stdin, isTTY: true } }), 1);
    assert.equal(t.err, 'amtool: error: Failed to read from standard input\n\n');
  });

  it('can print file:line:column positions instead of the bare message', async () => {
    const c = capture();
    await checkConfig(['err-bad-duration.yml'], c.io, { positions: true });
    assert.match(c.out, /FAILED: err-bad-duration\.yml:3:15: route\.group_wait: not a valid duration string: "soon"\n/);
  });
});

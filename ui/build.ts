// Builds the web UI into ui/dist: index.html plus content-hashed, minified, pre-compressed assets.
// Run with `npm run build:ui`; prints each asset's gzip size and fails above the size budget.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const UI = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(UI, 'dist');
const ASSETS = join(DIST, 'assets');
const BUDGET_GZIP_BYTES = 300 * 1024;

await rm(DIST, { recursive: true, force: true });
await mkdir(ASSETS, { recursive: true });

const result = await build({
  entryPoints: [join(UI, 'src/main.tsx'), join(UI, 'src/styles.css')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: ASSETS,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const script = outputs.find((f) => f.endsWith('.js'));
const styles = outputs.find((f) => f.endsWith('.css'));
if (script === undefined || styles === undefined) throw new Error(`unexpected build outputs: ${outputs.join(', ')}`);

const icon = await readFile(join(UI, 'favicon.svg'));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
await writeFile(join(ASSETS, iconName), icon);

const html = (await readFile(join(UI, 'index.html'), 'utf8'))
  .replace('assets/SCRIPT', `assets/${script}`)
  .replace('assets/STYLES', `assets/${styles}`)
  .replace('assets/favicon.svg', `assets/${iconName}`);
await writeFile(join(DIST, 'index.html'), html);

let total = 0;
for (const [dir, name] of [[DIST, 'index.html'], ...[script, styles, iconName].map((f) => [ASSETS, f])] as const) {
  const body = await readFile(join(dir, name));
  const gz = gzipSync(body, { level: 9 });
  await writeFile(join(dir, `${name}.gz`), gz);
  await writeFile(join(dir, `${name}.br`), brotliCompressSync(body));
  total += gz.length;
  console.log(`${name.padEnd(32)} ${(body.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gz.length / 1024).toFixed(1).padStart(6)} KB`);
}
console.log(`total gzip ${(total / 1024).toFixed(1)} KB (budget ${BUDGET_GZIP_BYTES / 1024} KB)`);
if (total > BUDGET_GZIP_BYTES) {
  console.error('the UI is over its size budget');
  process.exit(1);
}

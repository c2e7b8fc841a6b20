// Reads a request body as UTF-8 text and hands it to done.
export function collect(req, done) {
  let body = '';
  req.on('data', (chunk) => (body += chunk.toString('utf8')));
  req.on('end', () => done(body));
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls pred every 100 ms until it holds, failing after ms with `timed out waiting for <what>`.
export async function waitFor(pred, ms, what) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// Polls pred every 100 ms until it holds or ms have passed; the caller checks what arrived.
export async function pollUntil(pred, ms) {
  const deadline = Date.now() + ms;
  while (!pred() && Date.now() < deadline) await sleep(100);
}

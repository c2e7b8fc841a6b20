import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JiraConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createJiraNotifier } from './jira.ts';
import type { Answer, CapturedRequest } from './integration-test-support.ts';
import { CaptureServer, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, testDeps } from './integration-test-support.ts';

// Expectations are derived by hand from Alertmanager 0.34 notify/jira/{jira,types}.go for the
// alerts and group of the captured fixtures (group key {}:{alertname="A1"}).
const fixture = loadFixture('pagerduty', 'events-v2');
const HASH = 'e13c8de3b38380d672e60a03a31094c19b3b51592d2961b96c19e94367520364';
const LABEL = `ALERT{${HASH}}`;
const server = new CaptureServer(OPS_CAPTURE);
const deps = testDeps();

/** Issues the fake Jira's search returns, and its transitions. */
let found: unknown[] = [];
const TRANSITIONS = '{"transitions":[{"id":"11","name":"Reopen"},{"id":"31","name":"Done"}]}';

function jira(req: CapturedRequest): Answer {
  if (req.path.endsWith('/search') || req.path.endsWith('/search/jql')) return { status: 200, body: JSON.stringify({ issues: found }) };
  if (req.method === 'POST' && req.path.endsWith('/issue')) return { status: 201, body: '{"id":"10001","key":"OPS-1"}' };
  if (req.method === 'GET' && req.path.endsWith('/transitions')) return { status: 200, body: TRANSITIONS };
  return { status: 204 };
}

before(async () => {
  await server.start();
  server.answer = jira;
});
after(async () => {
  await server.close();
  await deps.http.close();
});

function config(overrides: Partial<JiraConfig> = {}): JiraConfig {
  return {
    send_resolved: true,
    api_url: `${server.base}/rest/api/2/`,
    api_type: 'auto',
    project: 'OPS',
    summary: { template: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.team }}' },
    description: { template: 'desc <{{ .Status }}>' },
    labels: ['{{ .CommonLabels.team }}', 'alertmanager'],
    priority: '{{ if eq .Status "firing" }}High{{ end }}',
    issue_type: 'Bug',
    reopen_transition: '',
    resolve_transition: '',
    wont_fix_resolution: '',
    reopen_duration: 0,
    fields: { customfield_10001: '{{ .CommonLabels.team }}', customfield_10002: { value: 'x' }, customfield_10003: ['a', '{{ len .Alerts }}'] },
    ...overrides,
  };
}

async function send(cfg: JiraConfig, resolved = false): Promise<void> {
  await createJiraNotifier(cfg, deps).notify(fixtureContext(fixture), fixtureAlerts(fixture, resolved));
}

const OPEN_JQL = `statusCategory != Done and project=\\"OPS\\" and labels=\\"${LABEL}\\" order by status ASC,resolutiondate DESC`;
const CUSTOM = '"customfield_10001":"db","customfield_10002":{"value":"x"},"customfield_10003":["a",2]';

function issue(key: string, category: string): unknown {
  return { key, fields: { status: { name: category, statusCategory: { key: category } } } };
}

describe('jira', () => {
  test('no issue found: search, then create with every field in one sorted map', async () => {
    found = [];
    await send(config());
    const [search, create, ...rest] = server.take();
    assert.equal(rest.length, 0);
    assert.deepEqual(search, {
      method: 'POST',
      path: '/rest/api/2/search',
      headers: { 'accept-language': 'en', 'content-type': 'application/json', 'user-agent': 'Tocsin/test' },
      body: `{"fields":["status"],"jql":"${OPEN_JQL}","maxResults":2}\n`,
    });
    assert.equal(create?.method, 'POST');
    assert.equal(create?.path, '/rest/api/2/issue');
    assert.equal(
      create?.body,
      `{"fields":{${CUSTOM},"description":"desc \\u003cfiring\\u003e","issuetype":{"name":"Bug"},` +
        `"labels":["${LABEL}","alertmanager","db"],"priority":{"name":"High"},"project":{"key":"OPS"},"summary":"A1 on db"}}\n`,
    );
  });

  test('an open issue is updated in place; enable_update false keeps the summary out; no transition while firing', async () => {
    found = [issue('OPS-7', 'indeterminate')];
    await send(config({ summary: { template: 'new summary', enable_update: false }, resolve_transition: 'Done' }));
    const requests = server.take();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      ['POST /rest/api/2/search', 'PUT /rest/api/2/issue/OPS-7'],
    );
    assert.ok(!(requests[1]?.body ?? '').includes('summary'));
    assert.ok((requests[1]?.body ?? '').includes('"description":"desc \\u003cfiring\\u003e"'));
  });

  test('resolved: the open issue is updated, then moved with resolve_transition', async () => {
    found = [issue('OPS-7', 'indeterminate')];
    await send(config({ resolve_transition: 'Done' }), true);
    const requests = server.take();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      ['POST /rest/api/2/search', 'PUT /rest/api/2/issue/OPS-7', 'GET /rest/api/2/issue/OPS-7/transitions', 'POST /rest/api/2/issue/OPS-7/transitions'],
    );
    assert.equal(requests[0]?.body, `{"fields":["status"],"jql":"${OPEN_JQL}","maxResults":2}\n`);
    assert.equal(
      requests[1]?.body,
      `{"fields":{${CUSTOM},"description":"desc \\u003cresolved\\u003e","issuetype":{"name":"Bug"},` +
        `"labels":["${LABEL}","alertmanager","db"],"project":{"key":"OPS"},"summary":"A1 on db"}}\n`,
    );
    assert.equal(requests[2]?.body, '');
    assert.equal(requests[2]?.headers['content-type'], 'application/json');
    assert.equal(requests[3]?.body, '{"transition":{"id":"31"}}\n');
  });

  test('resolved without an issue: only the search', async () => {
    found = [];
    await send(config({ resolve_transition: 'Done' }), true);
    assert.deepEqual(
      server.take().map((r) => `${r.method} ${r.path}`),
      ['POST /rest/api/2/search'],
    );
  });

  test('firing again: a recently resolved issue is searched for, updated and reopened; won\'t-fix ones are excluded', async () => {
    found = [issue('OPS-3', 'done'), issue('OPS-2', 'done')];
    await send(config({ reopen_transition: 'Reopen', reopen_duration: 90 * 60_000, wont_fix_resolution: "Won't Fix" }));
    const requests = server.take();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      ['POST /rest/api/2/search', 'PUT /rest/api/2/issue/OPS-3', 'GET /rest/api/2/issue/OPS-3/transitions', 'POST /rest/api/2/issue/OPS-3/transitions'],
    );
    const jql =
      `(resolution is EMPTY or resolution != \\"Won't Fix\\") and (resolutiondate is EMPTY OR resolutiondate \\u003e= -90m) and ` +
      `project=\\"OPS\\" and labels=\\"${LABEL}\\" order by status ASC,resolutiondate DESC`;
    assert.equal(requests[0]?.body, `{"fields":["status"],"jql":"${jql}","maxResults":2}\n`);
    assert.equal(requests[3]?.body, '{"transition":{"id":"11"}}\n');
  });

  test('api_type cloud searches /rest/api/3/search/jql; a v3 api_url sends the description as compacted ADF', async () => {
    found = [];
    await send(config({ api_type: 'cloud' }));
    assert.deepEqual(
      server.take().map((r) => `${r.method} ${r.path}`),
      ['POST /rest/api/3/search/jql', 'POST /rest/api/2/issue'],
    );
    const adf = '{ "type": "doc", "version": 1, "content": [ { "type": "paragraph", "content": [ { "type": "text", "text": "a <b> & c" } ] } ] }';
    await send(config({ api_url: `${server.base}/rest/api/3`, api_type: 'datacenter', description: { template: `\n  ${adf}\n` } }));
    const [search, create] = server.take();
    assert.equal(search?.path, '/rest/api/3/search');
    assert.ok(
      create?.body.includes(
        '"description":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"a \\u003cb\\u003e \\u0026 c"}]}]},',
      ),
      create?.body,
    );
    await assert.rejects(send(config({ api_url: `${server.base}/rest/api/3/`, description: { template: 'not json' } })), (e: NotifyError) => {
      assert.equal(e.message, 'description template: invalid JSON for API v3');
      assert.equal(e.retryable, false);
      return true;
    });
    server.take();
  });

  test('status handling: 5xx and 429 are retried, 400 is not; the step is named', async () => {
    found = [];
    server.answer = () => ({ status: 500, body: 'oops' });
    await assert.rejects(send(config()), (e: NotifyError) => {
      assert.equal(e.message, 'failed to look up existing issues: HTTP request to JIRA API: unexpected status code 500: oops');
      assert.equal(e.retryable, true);
      assert.equal(e.reason, 'serverError');
      return true;
    });
    server.answer = jira;
    await send(config());
    assert.equal(server.take().length, 3);

    server.answer = () => ({ status: 429, body: '' });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'rateLimited');
    server.answer = (r) => (r.path.endsWith('/issue') ? { status: 400, body: '{"errors":{"project":"project is required"}}' } : jira(r));
    await assert.rejects(send(config()), (e: NotifyError) => {
      assert.equal(e.message, 'failed to POST request to "issue": unexpected status code 400: {"errors":{"project":"project is required"}}');
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      return true;
    });
    server.answer = jira;
    found = [issue('OPS-7', 'indeterminate')];
    await assert.rejects(send(config({ resolve_transition: 'Close' }), true), (e: NotifyError) => {
      assert.equal(e.message, "can't find transition Close for issue OPS-7");
      assert.equal(e.retryable, false);
      return true;
    });
    server.take();
  });
});

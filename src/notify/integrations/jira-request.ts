/**
 * The Jira REST pieces of Alertmanager 0.34 `notify/jira`: URLs (`url.JoinPath`), the search JQL
 * and body, and the issue body with Go's encoding (fields merged into one sorted map).
 */
import { posix } from 'node:path';
import type { JiraConfig } from '../../config/types.ts';
import { sortGoStrings } from '../../labels/go-string.ts';
import { goJsonEscape } from '../../common/go-json-string.ts';
import { goJsonString } from '../../common/go-json-string.ts';

/** Go's `u.JoinPath(elem)` for one relative element: joined, cleaned, without a trailing slash. */
export function joinApiPath(apiUrl: string, elem: string): string {
  const u = new URL(apiUrl);
  let p = posix.join(u.pathname === '' ? '/' : u.pathname, elem);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  u.pathname = p;
  return u.toString();
}

/** The search endpoint: v3 `/search/jql` on Jira Cloud (api_type cloud, or auto on *.atlassian.net), else v2 `/search`. */
export function searchUrl(config: JiraConfig): string {
  const apiUrl = config.api_url ?? '';
  if (config.api_type === 'datacenter') return joinApiPath(apiUrl, 'search');
  const cloud = config.api_type === 'cloud' || (config.api_type === 'auto' && new URL(apiUrl).hostname.endsWith('atlassian.net'));
  if (cloud) return joinApiPath(apiUrl, 'search/jql').replace('/rest/api/2/', '/rest/api/3/');
  return joinApiPath(apiUrl, 'search');
}

/** True when `api_url`'s path is a v3 API (ends in `/3`): the description is then ADF JSON. */
export function isApiV3(apiUrl: string): boolean {
  return new URL(apiUrl).pathname.replace(/\/+$/, '').endsWith('/3');
}

/** Go's `%q` (strconv.Quote) for the JQL. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * The JQL finding the group's issue by its `ALERT{<hash>}` label: open issues, or with a reopen
 * transition and duration while firing, also those resolved within that many minutes; issues
 * resolved as `wont_fix_resolution` are left out.
 */
export function searchJql(config: JiraConfig, project: string, groupHash: string, firing: boolean): string {
  let jql = '';
  if (config.wont_fix_resolution !== '') jql += `(resolution is EMPTY or resolution != ${goQuote(config.wont_fix_resolution)}) and `;
  const reopenMinutes = Math.trunc(config.reopen_duration / 60_000);
  if (firing && config.reopen_transition !== '' && reopenMinutes > 0) {
    jql += `(resolutiondate is EMPTY OR resolutiondate >= -${reopenMinutes}m) and `;
  } else {
    jql += 'statusCategory != Done and ';
  }
  return `${jql}project=${goQuote(project)} and labels=${goQuote(`ALERT{${groupHash}}`)} order by status ASC,resolutiondate DESC`;
}

/** The search body (`issueSearch`): fields, jql, maxResults 2. */
export function searchBody(jql: string): string {
  return `{"fields":["status"],"jql":${goJsonString(jql)},"maxResults":2}\n`;
}

/** The rendered fields of a create/update request; undefined entries are left out. */
export interface IssueFields {
  readonly summary?: string;
  /** Already-encoded JSON: a string (v2) or the ADF document (v3). */
  readonly description?: string;
  readonly issueType: string;
  readonly labels: readonly string[];
  readonly priority?: string;
  readonly project: string;
  /** Custom fields, each value already encoded; they win over the fields above. */
  readonly custom: ReadonlyMap<string, string>;
}

/** `{"fields":{…}}` with every field in one map, keys in Go's order (issueFields.MarshalJSON). */
export function issueBody(f: IssueFields): string {
  const fields = new Map<string, string>();
  if (f.summary !== undefined) fields.set('summary', goJsonString(f.summary));
  if (f.description !== undefined) fields.set('description', f.description);
  fields.set('issuetype', f.issueType === '' ? '{}' : `{"name":${goJsonString(f.issueType)}}`);
  fields.set('labels', `[${f.labels.map((l) => goJsonString(l)).join(',')}]`);
  if (f.priority !== undefined) fields.set('priority', `{"name":${goJsonString(f.priority)}}`);
  fields.set('project', `{"key":${goJsonString(f.project)}}`);
  for (const [k, v] of f.custom) fields.set(k, v);
  const keys = sortGoStrings([...fields.keys()]);
  return `{"fields":{${keys.map((k) => `${goJsonString(k)}:${fields.get(k) as string}`).join(',')}}}\n`;
}

/** The transition request body. */
export function transitionBody(id: string): string {
  return `{"transition":${id === '' ? '{}' : `{"id":${goJsonString(id)}}`}}\n`;
}

/**
 * A raw JSON document as Go's encoder re-emits a `json.RawMessage`: whitespace outside strings
 * removed, `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */
export function compactJson(raw: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += raw[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return goJsonEscape(out);
}

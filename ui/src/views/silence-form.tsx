import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.ts';
import { fromApi, matchesAll, parseMatchers, toApi } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';
import { hrefFor, navigate } from '../lib/router.ts';
import { hasErrors, replaceReason, validateDraft } from '../lib/silence-edit.ts';
import type { SilenceDraft } from '../lib/silence-edit.ts';
import { formatDuration, fromLocalInput, parseDuration, toLocalInput } from '../lib/time.ts';
import { usePoll } from '../lib/use-poll.ts';
import type { Silence } from '../lib/types.ts';
import { AlertList } from './alert-list.tsx';
import { MatcherEditor } from './matcher-editor.tsx';

const AUTHOR_KEY = 'tocsin.silence.author';
const DEFAULT_MS = 2 * 3_600_000;

function newDraft(matchers: Matcher[]): SilenceDraft {
  const now = Date.now();
  return { matchers, startsAt: new Date(now).toISOString(), endsAt: new Date(now + DEFAULT_MS).toISOString(), createdBy: localStorage.getItem(AUTHOR_KEY) ?? '', comment: '' };
}

function filterMatchers(filter: string | null): Matcher[] {
  try {
    return filter ? parseMatchers(filter) : [{ name: '', op: '=', value: '' }];
  } catch {
    return [{ name: '', op: '=', value: '' }];
  }
}

/**
 * `#/silences/new?filter=...`, `#/silences/new?from=<id>` (recreate) and `#/silences/<id>/edit`:
 * matchers, time window, author and comment, with a live preview of the alerts it would mute.
 */
export function SilenceForm({ editId, params }: { editId?: string; params: URLSearchParams }) {
  const sourceId = editId ?? params.get('from') ?? undefined;
  const [draft, setDraft] = useState<SilenceDraft>(() => newDraft(filterMatchers(params.get('filter'))));
  const [original, setOriginal] = useState<Silence>();
  const [loadError, setLoadError] = useState<string>();
  const [loaded, setLoaded] = useState(sourceId === undefined);
  const [serverError, setServerError] = useState<string>();
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [durationText, setDurationText] = useState(formatDuration(DEFAULT_MS));
  const alerts = usePoll(() => api.allAlerts(), [], 15_000);

  useEffect(() => {
    if (sourceId === undefined) return;
    api.silence(sourceId).then((s) => {
      const matchers = s.matchers.map(fromApi);
      if (editId !== undefined) {
        setOriginal(s);
        setDraft({ matchers, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.createdBy, comment: s.comment });
        setDurationText(formatDuration(Date.parse(s.endsAt) - Date.parse(s.startsAt)));
      } else {
        const span = Math.max(Date.parse(s.endsAt) - Date.parse(s.startsAt), 60_000);
        const now = Date.now();
        setDraft((d) => ({ ...d, matchers, comment: s.comment, startsAt: new Date(now).toISOString(), endsAt: new Date(now + span).toISOString() }));
        setDurationText(formatDuration(span));
      }
      setLoaded(true);
    }, (err: Error) => setLoadError(err.message));
  }, [sourceId, editId]);

  const errors = validateDraft(draft);
  const shown = touched ? errors : {};
  const validMatchers = errors.matcher === undefined && draft.matchers.length > 0;
  const preview = useMemo(() => (validMatchers ? (alerts.data ?? []).filter((a) => matchesAll(draft.matchers, a.labels)) : []), [alerts.data, draft.matchers, validMatchers]);
  const labelNames = useMemo(() => [...new Set((alerts.data ?? []).flatMap((a) => Object.keys(a.labels)))].sort(), [alerts.data]);
  const replacing = original === undefined ? undefined : replaceReason(original, draft, original.matchers.map(fromApi));

  const set = (patch: Partial<SilenceDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerError(undefined);
  };
  const setStart = (ms: number): void => {
    const span = Date.parse(draft.endsAt) - Date.parse(draft.startsAt);
    set({ startsAt: new Date(ms).toISOString(), endsAt: new Date(ms + Math.max(span, 0)).toISOString() });
  };
  const setDuration = (text: string): void => {
    setDurationText(text);
    const ms = parseDuration(text);
    if (ms !== undefined && ms > 0) set({ endsAt: new Date(Date.parse(draft.startsAt) + ms).toISOString() });
  };
  const setEnd = (ms: number): void => {
    set({ endsAt: new Date(ms).toISOString() });
    setDurationText(formatDuration(ms - Date.parse(draft.startsAt)));
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    setTouched(true);
    if (hasErrors(errors)) return;
    setSaving(true);
    localStorage.setItem(AUTHOR_KEY, draft.createdBy.trim());
    api
      .postSilence({ id: editId, matchers: draft.matchers.map(toApi), startsAt: draft.startsAt, endsAt: draft.endsAt, createdBy: draft.createdBy.trim(), comment: draft.comment })
      .then(
        ({ silenceID }) => navigate(['silences', silenceID]),
        (err: Error) => setServerError(err instanceof ApiError ? `The server refused the silence (${err.status}): ${err.message}` : err.message),
      )
      .finally(() => setSaving(false));
  };

  const title = editId !== undefined ? 'Edit silence' : sourceId !== undefined ? 'Recreate silence' : 'New silence';
  return (
    <section aria-labelledby="form-title">
      <h1 id="form-title">{title}</h1>
      {loadError && <p class="error" role="alert">Could not load silence {sourceId}: {loadError}</p>}
      {!loaded && !loadError && <p class="muted">Loading…</p>}
      {loaded && (
        <div class="form-layout">
          <form class="card silence-form" onSubmit={submit} noValidate>
            <Field label="Matchers" error={shown.matchers} id="f-matchers" group>
              <MatcherEditor matchers={draft.matchers} errors={shown.matcher} labelNames={labelNames} onChange={(matchers) => set({ matchers })} />
            </Field>
            <div class="time-fields">
              <Field label="Start" error={shown.startsAt} id="f-start">
                <input id="f-start" type="datetime-local" value={toLocalInput(Date.parse(draft.startsAt))} onChange={(e) => { const ms = fromLocalInput(e.currentTarget.value); if (ms !== undefined) setStart(ms); }} />
              </Field>
              <Field label="Duration" id="f-duration">
                <input id="f-duration" type="text" value={durationText} size={8} aria-describedby="f-duration-help" onInput={(e) => setDuration(e.currentTarget.value)} />
                <span id="f-duration-help" class="help">
                  e.g. 30m, 2h, 1d12h
                </span>
              </Field>
              <Field label="End" error={shown.endsAt} id="f-end">
                <input id="f-end" type="datetime-local" value={toLocalInput(Date.parse(draft.endsAt))} onChange={(e) => { const ms = fromLocalInput(e.currentTarget.value); if (ms !== undefined) setEnd(ms); }} />
              </Field>
            </div>
            <Field label="Created by" error={shown.createdBy} id="f-author">
              <input id="f-author" type="text" autocomplete="username" value={draft.createdBy} onInput={(e) => set({ createdBy: e.currentTarget.value })} />
            </Field>
            <Field label="Comment" error={shown.comment} id="f-comment">
              <textarea id="f-comment" rows={3} value={draft.comment} onInput={(e) => set({ comment: e.currentTarget.value })} />
            </Field>
            {original !== undefined && (
              <p class={`notice ${replacing ? 'notice-warn' : ''}`} role="status">
                {replacing ?? 'Saving updates this silence in place (same ID).'}
              </p>
            )}
            {serverError && <p class="error" role="alert">{serverError}</p>}
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={saving}>
                {editId !== undefined ? (replacing ? 'Save as new silence' : 'Save') : 'Create silence'}
              </button>
              <a class="btn btn-ghost" href={editId !== undefined ? hrefFor(['silences', editId]) : hrefFor(['silences'])}>
                Cancel
              </a>
            </div>
          </form>
          <aside class="card preview" aria-labelledby="preview-title" aria-live="polite">
            <h2 id="preview-title">
              Affected alerts <span class="count">{preview.length}</span>
            </h2>
            {validMatchers ? <AlertList alerts={preview} /> : <p class="muted">Complete the matchers to preview the alerts this silence would mute.</p>}
          </aside>
        </div>
      )}
    </section>
  );
}

interface FieldProps {
  label: string;
  error?: string;
  id: string;
  /** Several inputs: a fieldset with a legend rather than a label. */
  group?: boolean;
  children: ComponentChildren;
}

function Field({ label, error, id, group, children }: FieldProps) {
  const message = error && (
    <p class="field-error" id={`${id}-error`} role="alert">
      {error}
    </p>
  );
  if (group)
    return (
      <fieldset class={`field${error ? ' invalid' : ''}`}>
        <legend class="field-label">{label}</legend>
        {children}
        {message}
      </fieldset>
    );
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id} class="field-label">
        {label}
      </label>
      {children}
      {message}
    </div>
  );
}

import type { Ref } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatMatcher, MatcherSyntaxError, parseMatchers } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';

interface Props {
  matchers: readonly Matcher[];
  onChange: (ms: Matcher[]) => void;
  /** Label names with their values, for suggestions. */
  labels: ReadonlyMap<string, readonly string[]>;
  inputRef?: Ref<HTMLInputElement>;
}

interface Suggestion {
  text: string;
  /** True when accepting completes a matcher (a value), false when it only fills in the name. */
  complete: boolean;
}

const MAX_SUGGESTIONS = 12;
const PARTIAL = /^\s*"?([^"=!~\s]*)"?\s*(=~|!~|!=|=)?\s*"?([^"]*)$/;

function suggest(text: string, labels: ReadonlyMap<string, readonly string[]>): Suggestion[] {
  const m = PARTIAL.exec(text);
  if (m === null) return [];
  const [, name = '', op, value = ''] = m;
  if (op === undefined) {
    const needle = name.toLowerCase();
    return [...labels.keys()]
      .filter((n) => n.toLowerCase().includes(needle))
      .sort((a, b) => Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)))
      .slice(0, MAX_SUGGESTIONS)
      .map((n) => ({ text: `${n}=`, complete: false }));
  }
  const needle = value.toLowerCase();
  return (labels.get(name) ?? [])
    .filter((v) => v.toLowerCase().includes(needle))
    .slice(0, MAX_SUGGESTIONS)
    .map((v) => ({ text: formatMatcher({ name, op: op as Matcher['op'], value: op.includes('~') ? v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : v }), complete: true }));
}

/**
 * Matchers as removable chips plus a text field in Alertmanager's syntax (`severity="critical"`,
 * `instance=~"db.*"`), suggesting label names and then values from the loaded alerts.
 */
export function FilterBar({ matchers, onChange, labels, inputRef }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const suggestions = useMemo(() => (open ? suggest(text, labels) : []), [text, labels, open]);

  const add = (input: string): void => {
    if (input.trim() === '') return;
    try {
      const parsed = parseMatchers(input);
      onChange([...matchers, ...parsed.filter((p) => !matchers.some((m) => formatMatcher(m) === formatMatcher(p)))]);
      setText('');
      setError(undefined);
      setOpen(false);
    } catch (err) {
      if (!(err instanceof MatcherSyntaxError)) throw err;
      setError(err.message);
    }
  };
  const accept = (s: Suggestion): void => {
    if (s.complete) add(s.text);
    else {
      setText(s.text);
      setActive(-1);
    }
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const n = suggestions.length;
      if (n > 0) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
    } else if (e.key === 'Enter' || (e.key === 'Tab' && active >= 0)) {
      const chosen = suggestions[active];
      if (chosen !== undefined) {
        e.preventDefault();
        accept(chosen);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        add(text);
      }
    } else if (e.key === 'Escape') {
      if (open) setOpen(false);
      else (e.currentTarget as HTMLInputElement).blur();
    } else if (e.key === 'Backspace' && text === '' && matchers.length > 0) {
      onChange(matchers.slice(0, -1));
    }
  };

  return (
    <div class="filter-bar">
      <div class={`filter-field${error ? ' invalid' : ''}`}>
        {matchers.map((m, i) => (
          <span class="chip chip-filter" key={formatMatcher(m)}>
            {formatMatcher(m)}
            <button type="button" class="chip-x" aria-label={`Remove filter ${formatMatcher(m)}`} onClick={() => onChange(matchers.filter((_, j) => j !== i))}>
              ×
            </button>
          </span>
        ))}
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label="Filter alerts with matchers, for example severity=&quot;critical&quot;"
          aria-expanded={suggestions.length > 0}
          aria-controls="filter-suggestions"
          aria-autocomplete="list"
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          aria-activedescendant={active >= 0 && suggestions[active] ? `filter-opt-${active}` : undefined}
          placeholder={matchers.length === 0 ? 'Filter: severity="critical", instance=~"db.*"   (press /)' : 'Add a matcher…'}
          value={text}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError(undefined);
            setActive(-1);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
      </div>
      {suggestions.length > 0 && (
        <ul id="filter-suggestions" class="suggestions" role="listbox" aria-label="Suggestions">
          {suggestions.map((s, i) => (
            <li
              id={`filter-opt-${i}`}
              key={s.text}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              {s.text}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id="filter-error" class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

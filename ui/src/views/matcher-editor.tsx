import { OPERATORS } from '../lib/matchers.ts';
import type { Matcher, Operator } from '../lib/matchers.ts';

interface Props {
  matchers: Matcher[];
  errors: Record<number, string> | undefined;
  onChange: (ms: Matcher[]) => void;
  labelNames: readonly string[];
}

/** Rows of name / operator / value with their own error messages. */
export function MatcherEditor({ matchers, errors, onChange, labelNames }: Props) {
  const set = (i: number, patch: Partial<Matcher>): void => onChange(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <div class="matcher-editor">
      {matchers.map((m, i) => (
        <div key={i} class="matcher-row">
          <input
            type="text"
            aria-label={`Matcher ${i + 1} label name`}
            placeholder="label"
            list="silence-label-names"
            value={m.name}
            aria-invalid={errors?.[i] !== undefined}
            onInput={(e) => set(i, { name: e.currentTarget.value })}
          />
          <select aria-label={`Matcher ${i + 1} operator`} value={m.op} onChange={(e) => set(i, { op: e.currentTarget.value as Operator })}>
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          <input type="text" aria-label={`Matcher ${i + 1} value`} placeholder="value" value={m.value} aria-invalid={errors?.[i] !== undefined} onInput={(e) => set(i, { value: e.currentTarget.value })} />
          <button type="button" class="btn btn-ghost" aria-label={`Remove matcher ${i + 1}`} onClick={() => onChange(matchers.filter((_, j) => j !== i))}>
            ×
          </button>
          {errors?.[i] && (
            <p class="field-error" role="alert">
              {errors[i]}
            </p>
          )}
        </div>
      ))}
      <datalist id="silence-label-names">
        {labelNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <button type="button" class="btn btn-small" onClick={() => onChange([...matchers, { name: '', op: '=', value: '' }])}>
        + Add matcher
      </button>
    </div>
  );
}

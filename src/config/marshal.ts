import { emailHeaders } from './email-headers.ts';
import { formatGoDuration } from './go-duration.ts';
import { configDef } from './schema/config.ts';
import type { Emit, Kind, StructDef } from './schema/kinds.ts';
import type { Config } from './types.ts';
import { usedReceivers } from './used-receivers.ts';
import { compareYamlKeys, emitYaml } from './yaml-emit.ts';

/**
 * Alertmanager's `Config.String()`: the loaded configuration marshalled by yaml.v2, with defaults
 * expanded, fields in Go order, `omitempty` honoured and every secret printed as `<secret>`. This is
 * what `GET /api/v2/status` returns as `config.original`.
 */
export function configToYaml(cfg: Config): string {
  const def = configDef(() => {});
  return emitYaml(withoutDefaultedNewKeys(emitStruct(def, asBuilt(cfg) as unknown as Record<string, unknown>)));
}

/**
 * The configuration as Alertmanager holds it once it has built the receivers a route uses (the
 * others it skips): their email notifiers have completed their configs' headers.
 */
function asBuilt(cfg: Config): Config {
  const built = new Set(usedReceivers(cfg));
  const receivers = cfg.receivers?.map((receiver) =>
    built.has(receiver) && receiver.email_configs !== undefined
      ? { ...receiver, email_configs: receiver.email_configs.map((email) => ({ ...email, headers: emailHeaders(email) })) }
      : receiver,
  );
  return { ...cfg, receivers };
}

// Keys Alertmanager 0.28+ prints even when the file did not set them. Clients that parse
// `config.original` strictly with an older schema (amtool 0.25's `config routes`) reject them, so
// they are left out while they hold their default; set to anything else, they are printed.
const DEFAULTED_GLOBAL_KEYS: Readonly<Record<string, string>> = {
  smtp_tls_config: 'insecure_skip_verify: false',
  slack_app_url: 'https://slack.com/api/chat.postMessage',
  rocketchat_api_url: 'https://open.rocket.chat/',
};

function withoutDefaultedNewKeys(root: Emit): Emit {
  if (root.e !== 'map') return root;
  const entries = root.entries.map(([key, value]): [string, Emit] => {
    if (key === 'global' && value.e === 'map') {
      return [key, { e: 'map', entries: value.entries.filter(([k, v]) => !isDefaultValue(v, DEFAULTED_GLOBAL_KEYS[k])) }];
    }
    if (key === 'receivers' && value.e === 'seq') return [key, { ...value, items: value.items.map(withoutImplicitNameLabel) }];
    return [key, value];
  });
  return { e: 'map', entries };
}

function isDefaultValue(value: Emit, defaultText: string | undefined): boolean {
  if (defaultText === undefined) return false;
  if (value.e === 'str') return value.v === defaultText;
  return value.e === 'map' && value.entries.map(([k, v]) => `${k}: ${v.e === 'raw' || v.e === 'str' ? v.v : ''}`).join('\n') === defaultText;
}

// 0.33+ gives every receiver the label name=<receiver name>; only other labels are printed.
function withoutImplicitNameLabel(receiver: Emit): Emit {
  if (receiver.e !== 'map') return receiver;
  const entries = receiver.entries.filter(([key, value]) => {
    if (key !== 'labels' || value.e !== 'map' || value.entries.length !== 1) return true;
    const [labelName] = value.entries[0] as [string, Emit];
    return labelName !== 'name';
  });
  return { e: 'map', entries };
}

function emitStruct(def: StructDef, value: Record<string, unknown>): Emit {
  const entries: [string, Emit][] = [];
  for (const field of def.fields) {
    const v = value[field.prop ?? field.key];
    if (field.omitempty && isZero(field.kind, v)) continue;
    entries.push([field.key, emit(field.kind, v)]);
  }
  if (def.inlineMap) {
    const known = new Set(def.fields.map((f) => f.prop ?? f.key));
    const extra = Object.keys(value).filter((k) => !known.has(k)).sort(compareYamlKeys);
    for (const k of extra) entries.push([k, emit(def.inlineMap, value[k])]);
  }
  return { e: 'map', entries };
}

/** yaml.v2's isZero, on our representation of the Go value. */
function isZero(kind: Kind, v: unknown): boolean {
  switch (kind.t) {
    case 'string':
      return v === '' || v === undefined;
    case 'bool':
      return v !== true;
    case 'int':
    case 'float':
    case 'goDuration':
      return v === 0 || v === undefined;
    case 'ptr':
      return v === undefined;
    case 'list':
      return v === undefined || (v as unknown[]).length === 0;
    case 'map':
      return v === undefined || Object.keys(v as object).length === 0;
    case 'struct':
      return v === undefined || kind.def.fields.every((f) => isZero(f.kind, (v as Record<string, unknown>)[f.prop ?? f.key]));
    case 'text':
    case 'custom':
      return v === undefined || kind.isZero(v);
    case 'any':
      return v === undefined || v === null;
  }
}

function emit(kind: Kind, v: unknown): Emit {
  switch (kind.t) {
    case 'string':
      return { e: 'str', v: (v as string | undefined) ?? '' };
    case 'bool':
      return { e: 'raw', v: String(v === true) };
    case 'int':
      return { e: 'raw', v: String(v ?? 0) };
    case 'float':
      return { e: 'raw', v: formatGoFloat((v as number | undefined) ?? 0) };
    case 'goDuration':
      return { e: 'str', v: formatGoDuration((v as number | undefined) ?? 0) };
    case 'ptr':
      return v === undefined ? { e: 'null' } : emit(kind.elem, v);
    case 'list':
      return { e: 'seq', items: ((v as unknown[] | undefined) ?? []).map((item) => emit(kind.elem, item)), flow: kind.flow };
    case 'map': {
      const m = (v as Record<string, unknown> | undefined) ?? {};
      return { e: 'map', entries: Object.keys(m).sort(compareYamlKeys).map((k) => [k, emit(kind.value, m[k])]) };
    }
    case 'struct':
      return v === undefined ? { e: 'null' } : emitStruct(kind.def, v as Record<string, unknown>);
    case 'text':
    case 'custom':
      return v === undefined ? { e: 'null' } : kind.marshal(v);
    case 'any':
      return emitAny(v);
  }
}

function emitAny(v: unknown): Emit {
  if (v === null || v === undefined) return { e: 'null' };
  if (typeof v === 'boolean') return { e: 'raw', v: String(v) };
  if (typeof v === 'number') return { e: 'raw', v: Number.isInteger(v) ? String(v) : formatGoFloat(v) };
  if (typeof v === 'string') return { e: 'str', v };
  if (Array.isArray(v)) return { e: 'seq', items: v.map(emitAny) };
  const m = v as Record<string, unknown>;
  return { e: 'map', entries: Object.keys(m).sort(compareYamlKeys).map((k) => [k, emitAny(m[k])]) };
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) with yaml.v2's spelling of infinities and NaN. */
function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 6) {
    const [mantissa, e] = f.toExponential().split('e') as [string, string];
    const n = Number(e);
    return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

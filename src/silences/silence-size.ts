import type { Silence, SilenceMatcher } from './silence.ts';

/**
 * The size in bytes Alertmanager's `proto.Size(MeshSilence)` reports for this silence, which is
 * what `--silences.max-silence-size-bytes` limits. We compute the protobuf wire size of the
 * `silencepb.MeshSilence` message of Alertmanager 0.25 (id, matchers, starts/ends/updated
 * timestamps, created_by, comment, expires_at) field by field rather than encoding it: proto3
 * omits empty strings and zero enums, always writes the non-nullable timestamps, and counts
 * strings in UTF-8 bytes. Newer Alertmanagers also write `matcher_sets`, roughly doubling the
 * matcher part; limits tuned against them are therefore a little looser here.
 */
export function silenceProtoSize(silence: Omit<Silence, 'expiresAt'> & { readonly expiresAt?: number }): number {
  let inner = stringField(silence.id);
  for (const m of silence.matchers) inner += messageField(matcherSize(m));
  inner += messageField(timestampSize(silence.startsAt));
  inner += messageField(timestampSize(silence.endsAt));
  inner += messageField(timestampSize(silence.updatedAt));
  inner += stringField(silence.createdBy);
  inner += stringField(silence.comment);
  return messageField(inner) + messageField(timestampSize(silence.expiresAt ?? 0));
}

function matcherSize(m: SilenceMatcher): number {
  const type = m.isRegex ? (m.isEqual ? 1 : 3) : m.isEqual ? 0 : 2;
  return (type === 0 ? 0 : 1 + varintSize(type)) + stringField(m.name) + stringField(m.value);
}

function timestampSize(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return (seconds === 0 ? 0 : 1 + varintSize(seconds)) + (nanos === 0 ? 0 : 1 + varintSize(nanos));
}

function stringField(value: string): number {
  if (value === '') return 0;
  const bytes = Buffer.byteLength(value, 'utf8');
  return 1 + varintSize(bytes) + bytes;
}

function messageField(size: number): number {
  return 1 + varintSize(size) + size;
}

function varintSize(value: number): number {
  // Negative int64 values are sign-extended to ten bytes on the wire.
  if (value < 0) return 10;
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

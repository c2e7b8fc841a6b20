import { Buffer } from 'node:buffer';
import type { Alert } from '../../alerts/alert.ts';
import type { AlertBatch } from '../../alerts/alert-store.ts';
import { ingestAlerts } from '../../alerts/ingest.ts';
import type { IngestOptions } from '../../alerts/ingest.ts';
import { decodePostableAlerts } from './decode-alerts.ts';
import { SwaggerError } from './swagger-error.ts';

/**
 * A `POST /api/v2/alerts` body as the alert store journals it: u32 LE length of a JSON header
 * with what ingest depended on (the time it arrived, `resolve_timeout`, the label-name rules),
 * the header, then the body as posted. Decoding and ingesting it again gives the same alerts,
 * so the store writes the request instead of encoding each alert.
 */
export function encodeAlertBatch(body: Uint8Array, options: IngestOptions): AlertBatch {
  const json = JSON.stringify({ now: options.now, resolveTimeoutMs: options.resolveTimeoutMs, labelNameMode: options.labelNameMode });
  const header = Buffer.allocUnsafe(4 + Buffer.byteLength(json));
  header.writeUInt32LE(header.length - 4, 0);
  header.write(json, 4);
  return { parts: [header, body] };
}

/** The alerts an encoded batch was put with; throws when the payload is not one. */
export function decodeAlertBatch(payload: Uint8Array): Alert[] {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const headerLength = bytes.readUInt32LE(0);
  const options = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as IngestOptions;
  const posted = decodePostableAlerts(bytes.subarray(4 + headerLength));
  if (posted instanceof SwaggerError) throw new Error(`journaled alert batch does not decode: ${posted.message}`);
  return ingestAlerts(posted, options).valid;
}

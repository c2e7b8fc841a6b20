/** The `tracing` (0.30+) and `event_recorder` (0.33+) top-level blocks. */
import { AmValidationError } from '../errors.ts';
import { goQuote } from '../../labels/go-quote.ts';
import type { Secret } from '../secret.ts';
import { modelDuration, secretUrl } from './common.ts';
import { httpConfig, httpHeaders, tlsConfig } from './http.ts';
import { bool, float, int, list, opt, ptr, req, str, strList, struct } from './kinds.ts';
import type { StructDef, TextKind } from './kinds.ts';

const tracingClientType: TextKind = {
  t: 'text',
  inner: 'tracing.plain',
  parse: (text) => {
    if (text !== 'http' && text !== 'grpc') {
      throw new Error(`expected tracing client type to be to be http or grpc, but got ${text}`);
    }
    return text;
  },
  marshal: (v) => ({ e: 'str', v: v as string }),
  isZero: (v) => v === '',
  zero: '',
};

export const tracingDef: StructDef = {
  go: 'tracing.plain',
  fields: [
    opt('client_type', tracingClientType),
    opt('endpoint', str),
    opt('sampling_fraction', float),
    opt('insecure', bool),
    opt('tls_config', ptr(tlsConfig)),
    opt('headers', ptr(httpHeaders)),
    opt('compression', str),
    opt('timeout', modelDuration),
  ],
  defaults: () => ({ client_type: 'grpc', endpoint: '', sampling_fraction: 0, insecure: false, compression: '', timeout: 0 }),
  validate: (v) => {
    if (v.endpoint === '') throw new AmValidationError('tracing endpoint must be set');
    if (v.compression !== '' && v.compression !== 'gzip') {
      throw new AmValidationError(`invalid compression type ${String(v.compression)} provided, valid options: gzip`);
    }
  },
};

const fileOutputDef: StructDef = {
  go: 'eventrecorder.plain',
  fields: [req('path', str)],
  validate: (v) => {
    if (v.path === '') throw new AmValidationError('event_recorder file output requires a path');
  },
};

const webhookOutputDef: StructDef = {
  go: 'eventrecorder.plain',
  fields: [
    req('url', secretUrl),
    opt('http_config', httpConfig),
    opt('timeout', modelDuration),
    opt('workers', int),
    opt('max_retries', int),
    opt('retry_backoff', modelDuration),
    opt('batch', bool),
    opt('batch_max_events', int),
    opt('batch_max_bytes', int),
    opt('batch_flush_interval', modelDuration),
  ],
  validate: (v) => {
    if (v.url === undefined) throw new AmValidationError('event_recorder webhook output requires a url');
    if ((v.url as Secret).reveal() === '') {
      throw new AmValidationError('event_recorder webhook output requires an absolute http(s) url');
    }
    const n = (k: string): number => v[k] as number;
    if (n('batch_max_events') < 0 || n('batch_max_bytes') < 0 || n('batch_flush_interval') < 0) {
      throw new AmValidationError('event_recorder webhook batch settings cannot be negative');
    }
    if (!v.batch && (n('batch_max_events') !== 0 || n('batch_max_bytes') !== 0 || n('batch_flush_interval') !== 0)) {
      throw new AmValidationError('event_recorder webhook batch settings require batch: true');
    }
  },
};

const kafkaOutputDef: StructDef = {
  go: 'eventrecorder.plain',
  fields: [
    req('brokers', strList),
    req('topic', str),
    opt('client_id', str),
    opt('format', str),
    opt('acks', str),
    opt('compression', str),
    opt('buffer_size', int),
    opt('tls_config', ptr(tlsConfig)),
  ],
  validate: (v) => {
    const k = v as { brokers?: string[]; topic: string; format: string; acks: string; compression: string };
    const q = goQuote;
    if ((k.brokers ?? []).length === 0) throw new AmValidationError('event_recorder kafka: at least one broker is required');
    if (k.brokers?.includes('')) throw new AmValidationError('event_recorder kafka: broker entries must be non-empty');
    if (!['', 'none', 'leader', 'all'].includes(k.acks)) {
      throw new AmValidationError(
        `event_recorder kafka: unknown acks ${q(k.acks)}, must be "none", "leader", or "all"`,
      );
    }
    if (!['', 'none', 'gzip', 'snappy', 'lz4', 'zstd'].includes(k.compression)) {
      throw new AmValidationError(`event_recorder kafka: unknown compression ${q(k.compression)}`);
    }
    if (k.topic === '') throw new AmValidationError('event_recorder kafka output requires a topic');
    if (k.format === '') k.format = 'json';
    if (k.format !== 'json' && k.format !== 'protobuf') {
      throw new AmValidationError(`event_recorder kafka: unknown format ${q(k.format)}, must be "json" or "protobuf"`);
    }
  },
};

export const eventRecorderDef: StructDef = {
  go: 'eventrecorder.Config',
  fields: [
    opt('file_outputs', list(struct(fileOutputDef), '[]eventrecorder.FileOutputConfig')),
    opt('webhook_outputs', list(struct(webhookOutputDef), '[]eventrecorder.WebhookOutputConfig')),
    opt('kafka_outputs', list(struct(kafkaOutputDef), '[]eventrecorder.KafkaOutputConfig')),
    opt(
      'stdout_outputs',
      list(struct({ go: 'eventrecorder.StdoutOutputConfig', fields: [] }), '[]eventrecorder.StdoutOutputConfig'),
    ),
  ],
};

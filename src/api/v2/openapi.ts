/**
 * Tocsin's description of the Alertmanager API v2 contract (Swagger 2.0), served at
 * `/api/v2/swagger.json`. Written for Tocsin; it describes the same operations, parameters and
 * models as Alertmanager 0.34 so generated clients work unchanged.
 */

const ref = (name: string): { $ref: string } => ({ $ref: `#/definitions/${name}` });
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const bool = (description: string): Record<string, unknown> => ({ type: 'boolean', default: true, description });
const query = (name: string, schema: Record<string, unknown>): Record<string, unknown> => ({ in: 'query', name, ...schema });
const matcherList = (name: string, description: string): Record<string, unknown> =>
  query(name, { type: 'array', collectionFormat: 'multi', items: str, required: false, description });
const badRequest = { $ref: '#/responses/BadRequest' };
const serverError = { $ref: '#/responses/InternalServerError' };
const ok = (description: string, schema?: unknown): Record<string, unknown> => (schema === undefined ? { description } : { description, schema });
const object = (properties: Record<string, unknown>, required: string[]): Record<string, unknown> => ({ type: 'object', properties, required });

const statusFlags = [
  query('active', bool('Return alerts that are neither silenced nor inhibited.')),
  query('silenced', bool('Return silenced alerts.')),
  query('inhibited', bool('Return inhibited alerts.')),
];
const filter = matcherList('filter', 'Label matcher such as `alertname="Watchdog"`; repeat for several (all must match).');
const receiver = query('receiver', { type: 'string', required: false, description: 'Regular expression (RE2, anchored) over receiver names.' });
const silenceId = { in: 'path', name: 'silenceID', type: 'string', format: 'uuid', required: true, description: 'Silence ID.' };

const DOCUMENT = {
  swagger: '2.0',
  info: {
    title: 'Alertmanager API',
    version: '0.0.1',
    description: 'Alertmanager-compatible API v2 served by Tocsin.',
    license: { name: 'Apache 2.0', url: 'http://www.apache.org/licenses/LICENSE-2.0.html' },
  },
  basePath: '/api/v2/',
  consumes: ['application/json'],
  produces: ['application/json'],
  tags: [
    { name: 'general', description: 'Instance status' },
    { name: 'receiver', description: 'Configured receivers' },
    { name: 'silence', description: 'Silences' },
    { name: 'alert', description: 'Alerts' },
    { name: 'alertgroup', description: 'Aggregation groups' },
  ],
  paths: {
    '/status': {
      get: { tags: ['general'], operationId: 'getStatus', description: 'Status of this instance and its cluster.', responses: { '200': ok('Status', ref('alertmanagerStatus')) } },
    },
    '/receivers': {
      get: {
        tags: ['receiver'],
        operationId: 'getReceivers',
        description: 'Configured receivers.',
        parameters: [{ $ref: '#/parameters/receiverMatchers' }],
        responses: { '200': ok('Receivers', { type: 'array', items: ref('receiver') }), '400': badRequest },
      },
    },
    '/silences': {
      get: {
        tags: ['silence'],
        operationId: 'getSilences',
        description: 'Silences, active first, then pending, then expired.',
        parameters: [
          matcherList('filter', 'Matcher that must appear verbatim in the silence; repeat for several.'),
          query('active', bool('Include active silences.')),
          query('expired', bool('Include expired silences.')),
          query('pending', bool('Include pending silences.')),
        ],
        responses: { '200': ok('Silences', ref('gettableSilences')), '400': badRequest, '500': serverError },
      },
      post: {
        tags: ['silence'],
        operationId: 'postSilences',
        description: 'Create a silence, or update the one named by `id`.',
        parameters: [{ in: 'body', name: 'silence', required: true, description: 'The silence.', schema: ref('postableSilence') }],
        responses: {
          '200': ok('ID of the silence', { type: 'object', properties: { silenceID: str } }),
          '400': badRequest,
          '404': ok('No silence has this ID', str),
        },
      },
    },
    '/silence/{silenceID}': {
      parameters: [silenceId],
      get: {
        tags: ['silence'],
        operationId: 'getSilence',
        description: 'One silence.',
        responses: { '200': ok('The silence', ref('gettableSilence')), '404': ok('No silence has this ID'), '500': serverError },
      },
      delete: {
        tags: ['silence'],
        operationId: 'deleteSilence',
        description: 'Expire a silence.',
        parameters: [silenceId],
        responses: { '200': ok('Expired'), '404': ok('No silence has this ID'), '500': serverError },
      },
    },
    '/alerts': {
      get: {
        tags: ['alert'],
        operationId: 'getAlerts',
        description: 'Alerts that have not ended, sorted by fingerprint.',
        parameters: [
          ...statusFlags,
          query('unprocessed', bool('Accepted for compatibility; has no effect.')),
          filter,
          receiver,
          { $ref: '#/parameters/receiverMatchers' },
        ],
        responses: { '200': ok('Alerts', ref('gettableAlerts')), '400': badRequest, '500': serverError },
      },
      post: {
        tags: ['alert'],
        operationId: 'postAlerts',
        description: 'Send alerts.',
        parameters: [{ in: 'body', name: 'alerts', required: true, description: 'The alerts.', schema: ref('postableAlerts') }],
        responses: { '200': ok('Accepted'), '400': badRequest, '500': serverError },
      },
    },
    '/alerts/groups': {
      get: {
        tags: ['alertgroup'],
        operationId: 'getAlertGroups',
        description: 'Aggregation groups and their alerts.',
        parameters: [
          ...statusFlags,
          query('muted', bool('Include groups muted by time intervals.')),
          filter,
          receiver,
          { $ref: '#/parameters/receiverMatchers' },
        ],
        responses: { '200': ok('Groups', ref('alertGroups')), '400': badRequest, '500': serverError },
      },
    },
  },
  responses: {
    BadRequest: { description: 'Bad request', schema: str },
    InternalServerError: { description: 'Internal server error', schema: str },
  },
  parameters: {
    receiverMatchers: matcherList('receiver_matchers', 'Matcher over receiver labels such as `team="db"`; repeat for several.'),
  },
  definitions: {
    alertmanagerStatus: object(
      { cluster: ref('clusterStatus'), versionInfo: ref('versionInfo'), config: ref('alertmanagerConfig'), uptime: dateTime },
      ['cluster', 'versionInfo', 'config', 'uptime'],
    ),
    clusterStatus: object(
      { name: str, status: { type: 'string', enum: ['ready', 'settling', 'disabled'] }, peers: { type: 'array', items: ref('peerStatus') } },
      ['status'],
    ),
    alertmanagerConfig: object({ original: str }, ['original']),
    versionInfo: object(
      { version: str, revision: str, branch: str, buildUser: str, buildDate: str, goVersion: str },
      ['version', 'revision', 'branch', 'buildUser', 'buildDate', 'goVersion'],
    ),
    peerStatus: object({ name: str, address: str }, ['name', 'address']),
    silence: object(
      { matchers: ref('matchers'), startsAt: dateTime, endsAt: dateTime, createdBy: str, comment: str, annotations: ref('labelSet') },
      ['matchers', 'startsAt', 'endsAt', 'createdBy', 'comment'],
    ),
    gettableSilence: {
      allOf: [object({ id: str, status: ref('silenceStatus'), updatedAt: dateTime }, ['id', 'status', 'updatedAt']), ref('silence')],
    },
    postableSilence: { allOf: [{ type: 'object', properties: { id: str } }, ref('silence')] },
    silenceStatus: object({ state: { type: 'string', enum: ['expired', 'active', 'pending'] } }, ['state']),
    gettableSilences: { type: 'array', items: ref('gettableSilence') },
    matchers: { type: 'array', items: ref('matcher'), minItems: 1 },
    matcher: object({ name: str, value: str, isRegex: { type: 'boolean' }, isEqual: { type: 'boolean', default: true } }, ['name', 'value', 'isRegex']),
    alert: object({ labels: ref('labelSet'), generatorURL: { type: 'string', format: 'uri' } }, ['labels']),
    gettableAlerts: { type: 'array', items: ref('gettableAlert') },
    gettableAlert: {
      allOf: [
        object(
          {
            annotations: ref('labelSet'),
            receivers: { type: 'array', items: ref('receiverReference') },
            fingerprint: str,
            startsAt: dateTime,
            updatedAt: dateTime,
            endsAt: dateTime,
            status: ref('alertStatus'),
          },
          ['receivers', 'fingerprint', 'startsAt', 'updatedAt', 'endsAt', 'annotations', 'status'],
        ),
        ref('alert'),
      ],
    },
    postableAlerts: { type: 'array', items: ref('postableAlert') },
    postableAlert: {
      allOf: [{ type: 'object', properties: { startsAt: dateTime, endsAt: dateTime, annotations: ref('labelSet') } }, ref('alert')],
    },
    alertGroups: { type: 'array', items: ref('alertGroup') },
    alertGroup: object(
      { labels: ref('labelSet'), routeLabels: ref('labelSet'), receiver: ref('receiverReference'), alerts: { type: 'array', items: ref('gettableAlert') } },
      ['labels', 'routeLabels', 'receiver', 'alerts'],
    ),
    alertStatus: object(
      {
        state: { type: 'string', enum: ['unprocessed', 'active', 'suppressed'] },
        silencedBy: { type: 'array', items: str },
        inhibitedBy: { type: 'array', items: str },
        mutedBy: { type: 'array', items: str },
      },
      ['state', 'silencedBy', 'inhibitedBy', 'mutedBy'],
    ),
    receiver: object({ name: str, labels: ref('labelSet') }, ['name']),
    receiverReference: object({ name: str }, ['name']),
    labelSet: { type: 'object', additionalProperties: str },
  },
};

let serialized: string | undefined;

/** The OpenAPI (Swagger 2.0) document as JSON text. */
export function openApiDocument(): string {
  serialized ??= JSON.stringify(DOCUMENT);
  return serialized;
}

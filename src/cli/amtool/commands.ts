/** amtool's command tree: names, flags, arguments and defaults as amtool 0.25 (plus 0.34's additions). */
import { alertAdd } from './alert-add.ts';
import { alertQuery } from './alert-query.ts';
import { DEFAULT_DATE_FORMAT } from './api-time.ts';
import { clusterShow, configShow } from './config-show.ts';
import type { AmtoolAction } from './context.ts';
import type { CommandSpec, FlagSpec } from './kingpin.ts';
import { routesShow, routesTest } from './routes.ts';
import { silenceAdd } from './silence-add.ts';
import { silenceExpire } from './silence-expire.ts';
import { silenceImport } from './silence-import.ts';
import { silenceQuery } from './silence-query.ts';
import { silenceUpdate } from './silence-update.ts';

/** A command with the action that runs it (leaves only). */
export interface AmtoolCommand extends CommandSpec {
  readonly action?: AmtoolAction | 'check-config' | 'template-render';
  readonly commands?: readonly AmtoolCommand[];
}

/** Feature names `--enable-feature` accepts (Alertmanager's `featurecontrol.AllowedFlags`). */
export const FEATURES = [
  'alert-names-in-metrics',
  'receiver-name-in-metrics',
  'group-key-in-metrics',
  'classic-mode',
  'utf8-strict-mode',
  'auto-gomemlimit',
  'event-recorder',
] as const;

const RFC3339_HINT = 'RFC3339 format 2006-01-02T15:04:05-07:00';

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'date.format', kind: 'string', default: DEFAULT_DATE_FORMAT, help: 'Format of date output' },
  { name: 'verbose', short: 'v', kind: 'bool', help: 'Verbose running information' },
  { name: 'alertmanager.url', kind: 'url', help: 'Alertmanager to talk to' },
  {
    name: 'output',
    short: 'o',
    kind: 'enum',
    values: ['simple', 'extended', 'json'],
    default: 'simple',
    help: 'Output formatter (simple, extended, json)',
  },
  { name: 'timeout', kind: 'duration', default: '30s', help: 'Timeout for the executed command' },
  {
    name: 'http.config.file',
    kind: 'existing-file',
    placeholder: '<filename>',
    help: 'HTTP client configuration file for amtool to connect to Alertmanager.',
  },
  {
    name: 'version-check',
    kind: 'bool',
    default: 'true',
    help: 'Check alertmanager version. Use --no-version-check to disable.',
  },
  {
    name: 'enable-feature',
    kind: 'string',
    default: '',
    help: `Experimental features to enable, comma separated. Valid options: ${FEATURES.join(', ')}`,
  },
];

const MATCHER_GROUPS = { name: 'matcher-groups', kind: 'strings', help: 'Query filter' } as const;

const alert: AmtoolCommand = {
  name: 'alert',
  help: 'Add or query alerts.',
  commands: [
    {
      name: 'query',
      isDefault: true,
      help: 'View and search through current alerts.',
      flags: [
        { name: 'inhibited', short: 'i', kind: 'bool', help: 'Show inhibited alerts' },
        { name: 'silenced', short: 's', kind: 'bool', help: 'Show silenced alerts' },
        { name: 'active', short: 'a', kind: 'bool', help: 'Show active alerts' },
        { name: 'unprocessed', short: 'u', kind: 'bool', help: 'Show unprocessed alerts' },
        { name: 'receiver', short: 'r', kind: 'string', help: 'Show alerts matching receiver (Supports regex syntax)' },
      ],
      args: [MATCHER_GROUPS],
      action: alertQuery,
    },
    {
      name: 'add',
      help: 'Add a new alert.',
      flags: [
        { name: 'generator-url', kind: 'string', help: 'Set the URL of the source that generated the alert' },
        { name: 'start', kind: 'string', help: `Set when the alert should start. ${RFC3339_HINT}` },
        { name: 'end', kind: 'string', help: `Set when the alert should end. ${RFC3339_HINT}` },
        { name: 'annotation', kind: 'strings', help: 'Set an annotation to be included with the alert' },
      ],
      args: [{ name: 'labels', kind: 'strings', help: 'List of labels to be included with the alert' }],
      action: alertAdd,
    },
  ],
};

function silenceCommand(username: string): AmtoolCommand {
  return {
    name: 'silence',
    help: 'Add, expire or view silences. For more information and additional flags see query help',
    commands: [
      {
        name: 'add',
        help: 'Add a new alertmanager silence',
        flags: [
          { name: 'author', short: 'a', kind: 'string', default: username, help: 'Username for CreatedBy field' },
          { name: 'require-comment', kind: 'bool', default: 'true', hidden: true, help: 'Require comment to be set' },
          { name: 'duration', short: 'd', kind: 'string', default: '1h', help: 'Duration of silence' },
          { name: 'start', kind: 'string', help: `Set when the silence should start. ${RFC3339_HINT}` },
          {
            name: 'end',
            kind: 'string',
            help: `Set when the silence should end (overwrites duration). ${RFC3339_HINT}`,
          },
          { name: 'comment', short: 'c', kind: 'string', help: 'A comment to help describe the silence' },
          { name: 'annotation', kind: 'strings', help: 'Set an annotation to be included with the silence' },
        ],
        args: [MATCHER_GROUPS],
        action: silenceAdd,
      },
      {
        name: 'expire',
        help: 'expire an alertmanager silence',
        args: [{ name: 'silence-ids', kind: 'strings', help: 'Ids of silences to expire' }],
        action: silenceExpire,
      },
      {
        name: 'import',
        help: 'Import alertmanager silences from JSON file or stdin',
        flags: [
          { name: 'force', short: 'f', kind: 'bool', help: 'Force adding new silences even if it already exists' },
          { name: 'worker', short: 'w', kind: 'int', default: '8', help: 'Number of concurrent workers to use for import' },
        ],
        args: [{ name: 'input-file', kind: 'existing-file', help: 'JSON file with silences' }],
        action: silenceImport,
      },
      {
        name: 'query',
        isDefault: true,
        help: 'Query Alertmanager silences.',
        flags: [
          { name: 'expired', kind: 'bool', help: 'Show expired silences instead of active' },
          { name: 'quiet', short: 'q', kind: 'bool', help: 'Only show silence ids' },
          { name: 'created-by', kind: 'string', help: 'Show silences that belong to this creator' },
          { name: 'id', kind: 'string', help: 'Get a single silence by its ID' },
          {
            name: 'within',
            kind: 'duration',
            help: 'Show silences that will expire or have expired within a duration',
          },
        ],
        args: [MATCHER_GROUPS],
        action: silenceQuery,
      },
      {
        name: 'update',
        help: 'Update silences',
        flags: [
          { name: 'quiet', short: 'q', kind: 'bool', help: 'Only show silence ids' },
          { name: 'duration', short: 'd', kind: 'string', help: 'Duration of silence' },
          { name: 'start', kind: 'string', help: `Set when the silence should start. ${RFC3339_HINT}` },
          {
            name: 'end',
            kind: 'string',
            help: `Set when the silence should end (overwrites duration). ${RFC3339_HINT}`,
          },
          { name: 'comment', short: 'c', kind: 'string', help: 'A comment to help describe the silence' },
        ],
        args: [{ name: 'update-ids', kind: 'strings', help: 'Silence IDs to update' }],
        action: silenceUpdate,
      },
    ],
  };
}

const checkConfig: AmtoolCommand = {
  name: 'check-config',
  help: 'Validate alertmanager config files',
  args: [{ name: 'check-files', kind: 'existing-files', help: 'Files to be validated' }],
  action: 'check-config',
};

const cluster: AmtoolCommand = {
  name: 'cluster',
  help: 'View cluster status and peers.',
  commands: [{ name: 'show', isDefault: true, help: 'View cluster status and peers.', action: clusterShow }],
};

const config: AmtoolCommand = {
  name: 'config',
  help: 'View current config.',
  commands: [
    { name: 'show', isDefault: true, help: 'View current config.', action: configShow },
    {
      name: 'routes',
      help: 'Prints alert routing tree',
      flags: [{ name: 'config.file', kind: 'existing-file', help: 'Config file to be tested.' }],
      commands: [
        { name: 'show', isDefault: true, help: 'Prints alert routing tree', action: routesShow },
        {
          name: 'test',
          help: 'Test alert routing',
          flags: [
            {
              name: 'verify.receivers',
              kind: 'string',
              help: 'Checks if specified receivers matches resolved receivers. The command fails if the labelset does not route to the specified receivers.',
            },
            { name: 'tree', kind: 'bool', help: 'Prints out matching routes tree.' },
          ],
          args: [{ name: 'labels', kind: 'strings', help: 'List of labels to be tested against the configured routes.' }],
          action: routesTest,
        },
      ],
    },
  ],
};

const template: AmtoolCommand = {
  name: 'template',
  help: 'Render template files.',
  commands: [
    {
      name: 'render',
      help: 'Render a given definition in a template file to standard output.',
      flags: [
        {
          name: 'template.glob',
          kind: 'strings',
          required: true,
          help: 'Glob of paths that will be expanded and used for rendering.',
        },
        { name: 'template.text', kind: 'string', required: true, help: 'The template that will be rendered.' },
        {
          name: 'template.type',
          kind: 'enum',
          values: ['html', 'text'],
          help: 'The type of the template. Can be either text (default) or html.',
        },
        {
          name: 'template.data',
          kind: 'string',
          help: 'Full path to a file which contains the data of the alert(-s) with which the --template.text will be rendered. Must be in JSON.',
        },
      ],
      action: 'template-render',
    },
  ],
};

/** The whole amtool application; `username` is the default silence author. */
export function amtoolApp(program: string, username: string): AmtoolCommand {
  return {
    name: program,
    help: 'View and modify the current Alertmanager state.',
    flags: GLOBAL_FLAGS,
    commands: [alert, silenceCommand(username), checkConfig, cluster, config, template],
  };
}

/** The top-level command names, for wiring them into another command-line program. */
export const AMTOOL_COMMANDS: readonly string[] = ['alert', 'silence', 'check-config', 'cluster', 'config', 'template'];

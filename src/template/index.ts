/**
 * Alertmanager-compatible notification templates: loading (built-ins plus user files), rendering
 * (text and html/template), the template data and its Go values, and Prometheus rule templates.
 */
export { AlertmanagerTemplates, loadTemplates, parseTemplateFiles, readTemplateFiles } from './alertmanager-templates.ts';
export type { LoadTemplatesOptions, TemplateSource } from './alertmanager-templates.ts';
export {
  Alert, Alerts, Data, KV, Pair, Pairs, Strings, buildTemplateData, kvRecord, markRouteLabelsRendered, quoteMeta, toKV,
} from './data.ts';
export type { AlertInput, DataFields, TemplateDataInput } from './data.ts';
export { dataFromJson } from './data-json.ts';
export { alertmanagerFuncs, humanizeDuration } from './functions.ts';
export { goJsonMarshal, marshalFields } from './go-json.ts';
export { GoDuration, GoTime, formatDuration } from './go-time.ts';
export { parseTime } from './go-time-parse.ts';
export { UTC, fixedZone, loadLocation } from './go-zone.ts';
export type { GoLocation } from './go-zone.ts';
export { AlertTemplateData, Sample, expandRuleTemplate, ruleFunctions } from './rule-functions.ts';
export type { RuleFunctionOptions, RuleTemplateInput } from './rule-functions.ts';

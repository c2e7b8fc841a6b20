/**
 * Built-in default.tmpl: the chat, pager and ticket templates (a TypeScript string so the build ships it).
 */
export const DEFAULT_TMPL = String.raw`{{/*
  Tocsin's built-in notification templates. Every name and its output match Alertmanager 0.34's
  default set; the shared pieces are factored into the __tocsin_* helpers below.
*/}}
{{- define "__alertmanager" }}Alertmanager{{ end }}
{{- define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}{{ end }}
{{- define "__description" }}{{ end }}

{{- /* "[FIRING:2] <group label values> (<other common label values>)" */}}
{{- define "__subject" -}}
  [{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
  {{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}{{ " " }}
  {{- if gt (len .CommonLabels) (len .GroupLabels) -}}
    ({{ join " " (.CommonLabels.Remove .GroupLabels.Names).Values }})
  {{- end -}}
{{- end }}

{{- define "__text_alert_list" -}}
  {{- range . -}}
    Labels:{{ "\n" }}
    {{- range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
    Annotations:{{ "\n" }}
    {{- range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
    Source: {{ .GeneratorURL }}{{ "\n" }}
  {{- end -}}
{{- end }}

{{- define "__text_alert_list_markdown" -}}
  {{- range . -}}
    {{ "\n" }}Labels:{{ "\n" }}
    {{- range .Labels.SortedPairs }}  - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
    {{ "\n" }}Annotations:{{ "\n" }}
    {{- range .Annotations.SortedPairs }}  - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
    {{ "\n" }}Source: {{ .GeneratorURL }}{{ "\n" }}
  {{- end -}}
  {{ "\n" }}
{{- end }}

{{- /* Common annotation values, space separated. */}}
{{- define "__tocsin_common_annotations" }}{{ join " " .CommonAnnotations.SortedPairs.Values }}{{ end }}

{{- /* Firing and resolved lists without blank lines (opsgenie, victorops, wechat). */}}
{{- define "__tocsin_sections_compact" -}}
  {{- with .Alerts.Firing }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end }}{{ "\n" }}
  {{- with .Alerts.Resolved }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end }}
{{- end }}

{{- /* Firing and resolved lists, each wrapped in blank lines. */}}
{{- define "__tocsin_sections" -}}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end }}{{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end }}{{ "\n" }}
{{- end }}

{{- /* The same with Markdown headings and lists (msteams, jira, mattermost). */}}
{{- define "__tocsin_sections_markdown" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}# Alerts Firing:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end }}{{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}# Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end }}{{ "\n" }}
{{- end }}

{{- /* Common annotations, then the alert lists: the body of most chat and pager messages. */}}
{{- define "__tocsin_compact_message" }}{{ template "__tocsin_common_annotations" . }}{{ "\n" }}{{ template "__tocsin_sections_compact" . }}{{ end }}
{{- define "__tocsin_message" }}{{ template "__tocsin_common_annotations" . }}{{ "\n" }}{{ template "__tocsin_sections" . }}{{ end }}

{{- define "__tocsin_status_color" }}{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}{{ end }}

{{- define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end }}
{{- define "slack.default.callbackid" }}{{ end }}
{{- define "slack.default.pretext" }}{{ end }}
{{- define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "slack.default.iconemoji" }}{{ end }}
{{- define "slack.default.iconurl" }}{{ end }}
{{- define "slack.default.text" }}{{ end }}
{{- define "slack.default.footer" }}{{ end }}
{{- define "slack.default.color" }}{{ template "__tocsin_status_color" . }}{{ end }}

{{- define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end }}
{{- define "pagerduty.default.client" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "pagerduty.default.instances" }}{{ template "__text_alert_list" . }}{{ end }}

{{- define "opsgenie.default.message" }}{{ template "__subject" . }}{{ end }}
{{- define "opsgenie.default.description" }}{{ template "__tocsin_compact_message" . }}{{ end }}
{{- define "opsgenie.default.source" }}{{ template "__alertmanagerURL" . }}{{ end }}

{{- define "wechat.default.message" -}}
  {{ template "__subject" . }}{{ "\n" }}
  {{- template "__tocsin_common_annotations" . }}{{ "\n" }}
  {{- template "__tocsin_sections_compact" . }}{{ "\n" }}
  {{- "AlertmanagerUrl:\n" }}{{ template "__alertmanagerURL" . }}
{{- end }}
{{- define "wechat.default.to_user" }}{{ end }}
{{- define "wechat.default.to_party" }}{{ end }}
{{- define "wechat.default.to_tag" }}{{ end }}
{{- define "wechat.default.agent_id" }}{{ end }}

{{- define "victorops.default.state_message" }}{{ template "__tocsin_compact_message" . }}{{ end }}
{{- define "victorops.default.entity_display_name" }}{{ template "__subject" . }}{{ end }}
{{- define "victorops.default.monitoring_tool" }}{{ template "__alertmanager" . }}{{ end }}

{{- define "pushover.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "pushover.default.message" }}{{ template "__tocsin_message" . }}{{ end }}
{{- define "pushover.default.url" }}{{ template "__alertmanagerURL" . }}{{ end }}

{{- define "sns.default.subject" }}{{ template "__subject" . }}{{ end }}
{{- define "sns.default.message" }}{{ template "__tocsin_message" . }}{{ end }}

{{- define "telegram.default.message" }}{{ "\n" }}{{ template "__tocsin_sections" . }}{{ end }}

{{- define "discord.default.content" }}{{ end }}
{{- define "discord.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "discord.default.message" }}{{ "\n" }}{{ template "__tocsin_sections" . }}{{ end }}

{{- define "webex.default.message" }}{{ template "__tocsin_message" . }}{{ end }}

{{- define "msteams.default.summary" }}{{ template "__subject" . }}{{ end }}
{{- define "msteams.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "msteams.default.text" }}{{ template "__tocsin_sections_markdown" . }}{{ end }}

{{- define "msteamsv2.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "msteamsv2.default.text" }}{{ template "__tocsin_sections_markdown" . }}{{ end }}

{{- define "jira.default.summary" }}{{ template "__subject" . }}{{ end }}
{{- define "jira.default.description" }}{{ template "__tocsin_sections_markdown" . }}{{ end }}

{{- /*
  The highest severity among firing alerts (critical > warning > info), else among resolved ones,
  as High / Medium / Low; empty when no alert carries one of these severities.
*/}}
{{- define "jira.default.priority" -}}
  {{- $rank := 0 -}}
  {{- range $group := list .Alerts.Firing .Alerts.Resolved -}}
    {{- if eq $rank 0 -}}
      {{- range $group -}}
        {{- $severity := index .Labels "severity" -}}
        {{- if and (eq $severity "critical") (lt $rank 3) }}{{ $rank = 3 }}
        {{- else if and (eq $severity "warning") (lt $rank 2) }}{{ $rank = 2 }}
        {{- else if and (eq $severity "info") (lt $rank 1) }}{{ $rank = 1 }}
        {{- end -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- if eq $rank 3 }}High{{ else if eq $rank 2 }}Medium{{ else if eq $rank 1 }}Low{{ end -}}
{{- end }}

{{- define "rocketchat.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "rocketchat.default.alias" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "rocketchat.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "rocketchat.default.emoji" }}{{ end }}
{{- define "rocketchat.default.iconurl" }}{{ end }}
{{- define "rocketchat.default.text" }}{{ end }}

{{- define "mattermost.default.color" }}{{ template "__tocsin_status_color" . }}{{ end }}
{{- define "mattermost.default.username" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "mattermost.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "mattermost.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "mattermost.default.fallback" }}{{ template "mattermost.default.title" . }} | {{ template "mattermost.default.titlelink" . }}{{ end }}
{{- define "mattermost.default.text" }}{{ template "__tocsin_sections_markdown" . }}{{ end }}
`;

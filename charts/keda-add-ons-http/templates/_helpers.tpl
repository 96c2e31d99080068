{{/* Names: the chart name is the prefix of every object, so the Services are the names SPEC §6 fixes
     (keda-add-ons-http-interceptor-proxy, …) whatever the release is called, as in upstream's chart. */}}
{{- define "kah.name" -}}
{{- .Chart.Name -}}
{{- end -}}

{{- define "kah.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kah.tag" -}}
{{- .Values.images.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* Labels of every object; call with (dict "ctx" $ "component" "interceptor"). */}}
{{- define "kah.labels" -}}
{{ include "kah.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ include "kah.name" .ctx }}
app.kubernetes.io/version: {{ include "kah.tag" .ctx | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ include "kah.chart" .ctx }}
{{- with .ctx.Values.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "kah.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kah.name" .ctx }}-{{ include "kah.objectSuffix" .component }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{/* The name of a component's Deployment, ServiceAccount and RBAC objects: keda-add-ons-http-<suffix>. */}}
{{- define "kah.objectSuffix" -}}
{{- if eq . "scaler" }}external-scaler{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{/* The Service names. */}}
{{- define "kah.operatorAdminService" -}}
{{ include "kah.name" . }}-{{ .Values.operator.adminService }}
{{- end -}}
{{- define "kah.scalerService" -}}
{{ include "kah.name" . }}-{{ .Values.scaler.service }}
{{- end -}}
{{- define "kah.interceptorAdminService" -}}
{{ include "kah.name" . }}-{{ .Values.interceptor.admin.service }}
{{- end -}}

{{/* A log level for the LOG_LEVEL variables, from upstream's level values (a name or zap's whole number). */}}
{{- define "kah.logLevel" -}}
{{- $level := toString . -}}
{{- if has $level (list "fatal" "error" "warn" "info" "debug" "trace" "silent") -}}
{{- $level -}}
{{- else if regexMatch "^[0-9]+$" $level -}}
{{- if eq $level "0" }}info{{ else if eq $level "1" }}debug{{ else }}trace{{ end -}}
{{- else -}}
{{- fail (printf "logging level %q: expected fatal, error, warn, info, debug, trace, silent or a whole number" $level) -}}
{{- end -}}
{{- end -}}

{{/* The container env from a map (name → value), with extraEnvs merged over it; call with
     (dict "env" $env "extra" .Values.x.extraEnvs). Sorted by name. */}}
{{- define "kah.env" -}}
{{- $all := merge (deepCopy (.extra | default dict)) .env -}}
{{- range $name, $value := $all }}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end }}
{{- end -}}

{{/* securityContext and podSecurityContext: the per-component key when set, else the shared one. */}}
{{- define "kah.securityContext" -}}
{{- $shared := omit .ctx.Values.securityContext "operator" "scaler" "interceptor" "kuberbacproxy" -}}
{{- toYaml (get .ctx.Values.securityContext .component | default $shared) -}}
{{- end -}}
{{- define "kah.podSecurityContext" -}}
{{- $shared := omit .ctx.Values.podSecurityContext "operator" "scaler" "interceptor" -}}
{{- toYaml (get .ctx.Values.podSecurityContext .component | default $shared) -}}
{{- end -}}

{{/* Scheduling fields shared by the three Deployments; call with the component's values. */}}
{{- define "kah.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ if kindIs "string" . }}{{ . }}{{ else }}{{ .name }}{{ end }}
  {{- end }}
{{- end }}
{{- end -}}

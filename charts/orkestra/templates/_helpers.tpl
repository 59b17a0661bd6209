{{/*
Names and labels shared by every template. The runtime name R is the release name (install the
chart as `orkestra-<katalog name>`, as the bundle names its objects).
*/}}

{{- define "orkestra.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The labels of every object: the bundle's, with Helm as the manager, plus the chart. */}}
{{- define "orkestra.labels" -}}
app.kubernetes.io/name: orkestra
app.kubernetes.io/instance: {{ include "orkestra.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* What the Deployment, Service, PodDisruptionBudget and ServiceMonitor select. */}}
{{- define "orkestra.selectorLabels" -}}
app.kubernetes.io/instance: {{ include "orkestra.name" . }}
{{- end -}}

{{/* The replicas: the value, else 2 with leader election (one leader, one warm follower), else 1. */}}
{{- define "orkestra.replicas" -}}
{{- if kindIs "invalid" .Values.replicas -}}
{{- ternary 2 1 .Values.leaderElection.enabled -}}
{{- else -}}
{{- .Values.replicas -}}
{{- end -}}
{{- end -}}

{{/* The ConfigMap holding the Katalog: the user's (katalogFrom) or the release's own. */}}
{{- define "orkestra.katalogConfigMap" -}}
{{- if .Values.katalogFrom.configMap -}}
{{- .Values.katalogFrom.configMap -}}
{{- else -}}
{{- printf "%s-katalog" (include "orkestra.name" .) -}}
{{- end -}}
{{- end -}}

{{- define "orkestra.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

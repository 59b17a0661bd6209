/**
 * The Komposer tests' sources: a Katalog pushed to a real registry, a git repository with tags, a Helm
 * chart in a chart repository, and files — each served on loopback by the harness.
 */
import { readFileSync } from 'node:fs';
import { examplePath } from '../../examples/example-files.ts';
import type { ChartRepo } from '../../harness/chart-repo.ts';
import { publishChart } from '../../harness/chart-repo.ts';
import type { GitServer } from '../../harness/git-server.ts';
import { makeRepository } from '../../harness/git-server.ts';

/** A Katalog of one CRD with apiTypes (no crdFile) and a Deployment per CR. */
export function katalog(name: string, key: string, kind: string, workers: number): string {
  return `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: ${name}}
spec:
  crds:
    ${key}:
      apiTypes: {group: ${key}.orkestra.io, version: v1, kind: ${kind}}
      workers: ${String(workers)}
      operatorBox:
        onCreate:
          deployments:
            - name: '{{ .metadata.name }}'
              image: '{{ .spec.image }}'
`;
}

/** The hello-website example's files (Katalog, CRD, CR). */
export function helloFiles(prefix: string): Record<string, string> {
  const read = (f: string) => readFileSync(examplePath('01-hello-website', f), 'utf8');
  return {
    [`${prefix}/katalog.yaml`]: read('katalog.yaml'),
    [`${prefix}/crd.yaml`]: read('crd.yaml'),
    [`${prefix}/cr.yaml`]: read('cr.yaml'),
  };
}

/**
 * `platform.git`: v1.0.0 holds the database Katalog (3 workers) and the hello-website example; a later
 * commit on main changes the database to 5 workers, which a Komposer pinned to v1.0.0 never sees.
 */
export function makePlatformRepository(server: GitServer): Promise<string[]> {
  return makeRepository(server, 'platform', [
    {
      message: 'database and hello',
      files: {
        'katalogs/db/katalog.yaml': katalog('database', 'database', 'Database', 3),
        ...helloFiles('katalogs/hello'),
      },
      tags: ['v1.0.0'],
    },
    {
      message: 'database: 5 workers',
      files: { 'katalogs/db/katalog.yaml': katalog('database', 'database', 'Database', 5) },
    },
  ]);
}

const CHART_TEMPLATE = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: {{ .Release.Name }}-cache
  version: {{ .Chart.AppVersion | quote }}
spec:
  crds:
    cache:
      apiTypes: {group: cache.orkestra.io, version: v1, kind: Cache}
      workers: {{ .Values.cache.workers }}
      {{- with .Values.cache.namespaces }}
      namespaces: {{ toJson . }}
      {{- end }}
      operatorBox:
        onCreate:
          deployments:
            - name: '{{ "{{ .metadata.name }}" }}'
              image: {{ required "cache.image is required" .Values.cache.image | quote }}
              labels:
                {{- include "platform.labels" . | nindent 16 }}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: {{ .Release.Name }}-notes}
data: {note: not a Katalog}
`;

/** The chart `platform-katalogs` 1.0.0: a Katalog rendered from values, a helper, and a document that is not a Katalog. */
export function publishPlatformChart(repo: ChartRepo): Promise<void> {
  return publishChart(repo, 'platform-katalogs', {
    'Chart.yaml': 'apiVersion: v2\nname: platform-katalogs\nversion: 1.0.0\nappVersion: "2.1"\n',
    'values.yaml': 'cache:\n  workers: 2\n  image: redis:7\n  namespaces: []\n',
    'templates/_helpers.tpl':
      '{{- define "platform.labels" -}}\napp.kubernetes.io/part-of: {{ .Release.Name }}\nhelm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}\n{{- end }}\n',
    'templates/katalog.yaml': CHART_TEMPLATE,
  });
}

/**
 * The chart `platform-katalogs` 1.0.0 published again with other content (a resync of 2m): the same
 * version, another archive and digest, as a careless chart author would.
 */
export function republishPlatformChart(repo: ChartRepo): Promise<void> {
  return publishChart(repo, 'platform-katalogs', {
    'Chart.yaml': 'apiVersion: v2\nname: platform-katalogs\nversion: 1.0.0\nappVersion: "2.1"\n',
    'values.yaml': 'cache:\n  workers: 2\n  image: redis:7\n  namespaces: []\n',
    'templates/_helpers.tpl':
      '{{- define "platform.labels" -}}\napp.kubernetes.io/part-of: {{ .Release.Name }}\nhelm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}\n{{- end }}\n',
    'templates/katalog.yaml': CHART_TEMPLATE.replace('      workers:', '      resync: 2m\n      workers:'),
  });
}

/**
 * `ork init NAME`: scaffolds a working operator folder — a CRD, a Katalog (one Deployment and one Service per
 * CR, a status field), a sample CR and a README — and never overwrites a file that is already there.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KATALOG_SCHEMA_URL, pluralize } from '../katalog/index.ts';

/** Options of {@link initOperator}. */
export interface InitOptions {
  /** The folder to create or fill; its last segment is the operator's name, e.g. `my-operator`. */
  readonly directory: string;
  /** API group of the CRD. @default `<name without -operator>.example.com` */
  readonly group?: string | undefined;
  /**
   * Kind of the CRD. @default the name without `-operator` (and a leading `my-`) in PascalCase:
   * `web-site-operator` → `WebSite`, `my-operator` → `App`
   */
  readonly kind?: string | undefined;
}

/** Who the scaffolded operator is: its name and its CRD's identity. */
export interface OperatorIdentity {
  /** The Katalog's metadata.name (the folder's name). */
  readonly name: string;
  /** The CRD key under spec.crds (the lowercase kind). */
  readonly key: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
}

/** What {@link initOperator} wrote. */
export interface InitResult {
  readonly directory: string;
  /** The files written, by name, in the order written. */
  readonly files: readonly string[];
  readonly identity: OperatorIdentity;
}

/** A scaffold that cannot be made: a bad name, group or kind, or files that already exist. Nothing is written. */
export class InitError extends Error {
  override name = 'InitError';
}

/** The files of a scaffold, in the order they are written. */
export const SCAFFOLD_FILES = ['crd.yaml', 'katalog.yaml', 'cr.yaml', 'README.md'] as const;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** `web-site` → `WebSite`; a leading placeholder `my` is dropped, and nothing left gives `App`. */
function defaultKind(base: string): string {
  const words = base.split('-').filter((w, i) => !(i === 0 && w === 'my'));
  const kind = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return kind === '' ? 'App' : kind;
}

/**
 * Derives the operator's identity from the folder name and the options.
 * @throws InitError when the name is not a lowercase RFC-1123 label, or the group or kind is malformed.
 */
export function deriveIdentity(options: InitOptions): OperatorIdentity {
  const name = basename(options.directory);
  if (name.length > 63 || !LABEL.test(name)) {
    throw new InitError(`"${name}" is not a valid operator name: use lowercase letters, digits and -`);
  }
  const base = name.replace(/-(operator|controller)$/, '');
  const kind = options.kind ?? defaultKind(base);
  if (kind.length > 63 || !KIND.test(kind)) {
    const hint = options.kind === undefined ? ' (derived from the name; pass --kind)' : '';
    throw new InitError(`"${kind}" is not a valid kind: use PascalCase letters and digits${hint}`);
  }
  const group = options.group ?? `${base}.example.com`;
  if (group.length > 253 || !GROUP.test(group)) {
    throw new InitError(`"${group}" is not a valid API group: use a lowercase DNS name with a dot`);
  }
  return { name, key: kind.toLowerCase(), group, version: 'v1alpha1', kind, plural: pluralize(kind) };
}

function crdYaml(id: OperatorIdentity): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${id.plural}.${id.group}
spec:
  group: ${id.group}
  scope: Namespaced
  names:
    kind: ${id.kind}
    listKind: ${id.kind}List
    plural: ${id.plural}
    singular: ${id.key}
  versions:
    - name: ${id.version}
      served: true
      storage: true
      subresources:
        status: {}
      additionalPrinterColumns:
        - { name: Image, type: string, jsonPath: .spec.image }
        - { name: Ready Replicas, type: integer, jsonPath: .status.readyReplicas }
        - { name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status' }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [image]
              properties:
                image: { type: string }
                replicas: { type: integer, minimum: 0, default: 1 }
                port: { type: integer, minimum: 1, maximum: 65535, default: 80 }
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`;
}

function katalogYaml(id: OperatorIdentity): string {
  return `# yaml-language-server: $schema=${KATALOG_SCHEMA_URL}
# ${id.name}: one Deployment and one Service per ${id.kind}, enforced on every reconcile.
# Check it with \`ork validate -k katalog.yaml\`; run it with \`ork run -k katalog.yaml --dev\`.
apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: ${id.name}
spec:
  crds:
    ${id.key}:
      crdFile: crd.yaml # group, version, kind and plural are read from it
      crFiles: [cr.yaml] # applied by \`ork run --dev\` once the CRD is established
      operatorBox:
        onReconcile:
          deployments:
            - name: '{{ .metadata.name }}'
              image: '{{ .spec.image }}'
              replicas: '{{ .spec.replicas }}'
              port: '{{ .spec.port }}'
          services:
            - name: '{{ .metadata.name }}'
              port: 80
              targetPort: '{{ .spec.port }}'
        status:
          fields:
            - path: readyReplicas
              value: '{{ readyReplicas .children.deployment }}'
              type: int
`;
}

function crYaml(id: OperatorIdentity): string {
  return `apiVersion: ${id.group}/${id.version}
kind: ${id.kind}
metadata:
  name: ${id.key}-sample
spec:
  image: nginx:1.27
  replicas: 2
  port: 80
`;
}

function readme(id: OperatorIdentity): string {
  const sample = `${id.key}-sample`;
  return `# ${id.name}

An Orkestra operator for \`${id.kind}\` (\`${id.group}/${id.version}\`): every ${id.kind} gets a Deployment and a
Service, enforced on every reconcile, and reports its ready replicas in \`status.readyReplicas\`.

| file | what it is |
|---|---|
| \`crd.yaml\` | the ${id.kind} CRD: \`spec.image\`, \`spec.replicas\`, \`spec.port\` |
| \`katalog.yaml\` | the operator: what to create for each ${id.kind} and what status to write |
| \`cr.yaml\` | a sample ${id.kind}, \`${sample}\` |

## Run it

\`\`\`sh
ork validate -k katalog.yaml
ork run -k katalog.yaml --dev    # applies crd.yaml, then cr.yaml; without --dev, kubectl apply them yourself
\`\`\`

## Look at it

\`\`\`sh
kubectl get ${id.plural}
kubectl get deploy,svc -l orkestra.orkspace.io/owner=${sample}
kubectl patch ${id.key} ${sample} --type merge -p '{"spec":{"replicas":3}}'
curl -s localhost:8080/katalog/${id.key}/health
kubectl delete ${id.key} ${sample}    # its Deployment and Service go with it
\`\`\`

Next: add fields to \`crd.yaml\`, use them in \`katalog.yaml\` as \`{{ .spec.<field> }}\`, and run
\`ork validate\` after each change.
`;
}

/** The files of a scaffold by name (pure: nothing is written). */
export function scaffoldFiles(id: OperatorIdentity): Record<(typeof SCAFFOLD_FILES)[number], string> {
  return {
    'crd.yaml': crdYaml(id),
    'katalog.yaml': katalogYaml(id),
    'cr.yaml': crYaml(id),
    'README.md': readme(id),
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Creates the folder (if needed) and writes the scaffold into it.
 * @throws InitError for a bad name, group or kind, or when any scaffold file already exists (nothing is
 * written then); other filesystem errors as they come.
 */
export async function initOperator(options: InitOptions): Promise<InitResult> {
  const identity = deriveIdentity(options);
  const { directory } = options;
  const present: string[] = [];
  for (const file of SCAFFOLD_FILES) if (await exists(join(directory, file))) present.push(file);
  if (present.length > 0) {
    throw new InitError(
      `${directory} already has ${present.join(', ')}; refusing to overwrite, nothing written`,
    );
  }
  await mkdir(directory, { recursive: true });
  const contents = scaffoldFiles(identity);
  for (const file of SCAFFOLD_FILES) {
    await writeFile(join(directory, file), contents[file], { flag: 'wx' });
  }
  return { directory, files: [...SCAFFOLD_FILES], identity };
}

/**
 * A ServiceAccount as the identity of a test: created in the test's namespace, bound to the rules the
 * test gives (a ClusterRole and ClusterRoleBinding named after it, a Role and RoleBinding in each
 * namespace that has rules), with a token from the TokenRequest API and a kubeconfig written with that
 * token and the test cluster's server and CA — the way a user runs `ork run` out of cluster as the
 * bundle's ServiceAccount. What it made is deleted when the test ends.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { parse, stringify } from 'yaml';
import { testCluster } from './cluster.ts';
import { eventually } from './eventually.ts';
import type { TestClient } from './test-client.ts';

/** One RBAC rule, as a Role writes it. */
export interface TestRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** Rules cluster-wide (a ClusterRole) and per namespace (Roles). */
export interface TestGrants {
  cluster?: TestRule[];
  namespaced?: { namespace: string; rules: TestRule[] }[];
}

/** A ServiceAccount a test runs as. */
export interface TestServiceAccount {
  readonly name: string;
  readonly namespace: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly username: string;
  /** A kubeconfig file authenticating as the account (a TokenRequest token, valid one hour). */
  readonly kubeconfig: string;
  /** Replaces the account's rules and waits until the API server's authorizer answers by them. */
  grant(grants: TestGrants): Promise<void>;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const APPLY = 'application/apply-patch+yaml';

/** Creates the ServiceAccount `name` in `namespace` with `grants`; deleted (with its rules) after the test. */
export async function testServiceAccount(
  t: TestContext,
  options: { namespace: string; name?: string; grants: TestGrants },
): Promise<TestServiceAccount> {
  const client = testCluster();
  const { namespace } = options;
  const name = options.name ?? 'ork-runtime';
  const roleName = `${namespace}-${name}`; // cluster-scoped: unique per test namespace
  await client.create(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
  });
  const dir = await mkdtemp(join(tmpdir(), 'ork-sa-'));
  const roleNamespaces = new Set<string>();
  t.after(async () => {
    await client.delete(`${RBAC}/clusterrolebindings/${roleName}`);
    await client.delete(`${RBAC}/clusterroles/${roleName}`);
    for (const ns of roleNamespaces) await deleteRole(client, ns, roleName);
    await rm(dir, { recursive: true, force: true });
  });
  const kubeconfig = await writeAccountKubeconfig(join(dir, 'kubeconfig'), namespace, name);
  const subject = { kind: 'ServiceAccount', name, namespace };
  const username = `system:serviceaccount:${namespace}:${name}`;
  let granted: TestGrants = {};
  const grant = async (grants: TestGrants): Promise<void> => {
    await applyRole(client, { kind: 'ClusterRole', name: roleName, rules: grants.cluster ?? [], subject });
    const wanted = new Set((grants.namespaced ?? []).map((n) => n.namespace));
    for (const { namespace: ns, rules } of grants.namespaced ?? []) {
      roleNamespaces.add(ns);
      await applyRole(client, { kind: 'Role', name: roleName, namespace: ns, rules, subject });
    }
    for (const ns of roleNamespaces) if (!wanted.has(ns)) await deleteRole(client, ns, roleName);
    await awaitAuthorizer(client, username, { before: granted, after: grants });
    granted = grants;
  };
  await grant(options.grants);
  return { name, namespace, username, kubeconfig, grant };
}

/**
 * Writes at `path` a kubeconfig authenticating as the existing ServiceAccount `namespace/name` (a
 * TokenRequest token, valid one hour) on the test cluster; resolves with `path`.
 */
export async function writeAccountKubeconfig(path: string, namespace: string, name: string): Promise<string> {
  await writeFile(path, kubeconfigOf(await mintToken(testCluster(), namespace, name), namespace));
  return path;
}

/**
 * Waits until the API server's authorizer allows `user` every permission of `grants` (bound by
 * someone else, e.g. an installed bundle's ClusterRoleBinding).
 */
export async function awaitGrants(user: string, grants: TestGrants): Promise<void> {
  await awaitAuthorizer(testCluster(), user, { before: {}, after: grants });
}

/** A token for the account from the TokenRequest API. */
async function mintToken(client: TestClient, namespace: string, name: string): Promise<string> {
  const answer = await client.create<{ status: { token: string } }>(
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  );
  return answer.status.token;
}

/** A kubeconfig with the token, and the server and CA of the test cluster's kubeconfig. */
function kubeconfigOf(token: string, namespace: string): string {
  const admin = parse(readFileSync(process.env['KUBECONFIG'] ?? '', 'utf8')) as {
    'current-context'?: string;
    contexts?: { name: string; context: { cluster: string } }[];
    clusters?: { name: string; cluster: Record<string, string> }[];
  };
  const context = admin.contexts?.find((c) => c.name === admin['current-context'])?.context;
  const cluster = admin.clusters?.find((c) => c.name === context?.cluster)?.cluster ?? {};
  const ca = cluster['certificate-authority-data'] ?? caFile(cluster['certificate-authority']);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: cluster['server'], 'certificate-authority-data': ca } }],
    users: [{ name: 'service-account', user: { token } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'service-account', namespace } }],
    'current-context': 'test',
  });
}

function caFile(path: string | undefined): string | undefined {
  return path === undefined ? undefined : readFileSync(path).toString('base64');
}

/** Applies a (Cluster)Role with `rules` and its binding to `subject`, both named `name`. */
async function applyRole(
  client: TestClient,
  role: {
    kind: 'ClusterRole' | 'Role';
    name: string;
    namespace?: string;
    rules: TestRule[];
    subject: Record<string, string>;
  },
): Promise<void> {
  const base = role.namespace === undefined ? RBAC : `${RBAC}/namespaces/${role.namespace}`;
  const plural = role.kind === 'Role' ? 'roles' : 'clusterroles';
  const metadata = {
    name: role.name,
    ...(role.namespace === undefined ? {} : { namespace: role.namespace }),
  };
  const apiVersion = 'rbac.authorization.k8s.io/v1';
  const apply = async (path: string, object: unknown) => {
    const res = await client.send('PATCH', `${path}?fieldManager=tests&force=true`, object, APPLY);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`apply ${path}: ${JSON.stringify(res.body)}`);
  };
  await apply(`${base}/${plural}/${role.name}`, { apiVersion, kind: role.kind, metadata, rules: role.rules });
  await apply(`${base}/${plural.replace('roles', 'rolebindings')}/${role.name}`, {
    apiVersion,
    kind: `${role.kind}Binding`,
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.name },
    subjects: [role.subject],
  });
}

async function deleteRole(client: TestClient, namespace: string, name: string): Promise<void> {
  await client.delete(`${RBAC}/namespaces/${namespace}/rolebindings/${name}`);
  await client.delete(`${RBAC}/namespaces/${namespace}/roles/${name}`);
}

/** One access question: verb, group, resource[/subresource], namespace (undefined: cluster-wide), name. */
type Question = [string, string, string, string | undefined, string | undefined];

function questionsOf(grants: TestGrants): Map<string, Question> {
  const out = new Map<string, Question>();
  const add = (rule: TestRule, ns: string | undefined) => {
    const names = rule.resourceNames ?? [undefined];
    const questions = rule.apiGroups.flatMap((group) =>
      rule.resources.flatMap((resource) =>
        rule.verbs.flatMap((verb) => names.map((name): Question => [verb, group, resource, ns, name])),
      ),
    );
    for (const q of questions) out.set(JSON.stringify(q), q);
  };
  for (const rule of grants.cluster ?? []) add(rule, undefined);
  for (const { namespace, rules } of grants.namespaced ?? []) for (const rule of rules) add(rule, namespace);
  return out;
}

/**
 * Waits until the authorizer (it follows RBAC objects through a watch) allows every question of `after`
 * and denies those only `before` asked, so a test never runs against the rules it just replaced.
 */
async function awaitAuthorizer(
  client: TestClient,
  user: string,
  grants: { before: TestGrants; after: TestGrants },
): Promise<void> {
  const after = questionsOf(grants.after);
  const gone = [...questionsOf(grants.before)].filter(([key]) => !after.has(key)).map(([, q]) => q);
  const expected = [
    ...[...after.values()].map((q) => [q, true] as const),
    ...gone.map((q) => [q, false] as const),
  ];
  await eventually(
    async () => {
      const answers = await Promise.all(expected.map(([q]) => allowed(client, user, q)));
      return answers.every((answer, i) => answer === expected[i]?.[1]);
    },
    { what: `the authorizer to follow the rules of ${user}`, timeoutMs: 10_000, intervalMs: 50 },
  );
}

async function allowed(client: TestClient, user: string, q: Question): Promise<boolean> {
  const [verb, group, qualified, namespace, name] = q;
  const [resource, subresource] = qualified.split('/');
  const answer = await client.create<{ status?: { allowed?: boolean } }>(
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user,
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${user.split(':')[2] ?? ''}`,
          'system:authenticated',
        ],
        resourceAttributes: { verb, group, resource, subresource, namespace, name },
      },
    },
  );
  return answer.status?.allowed === true;
}

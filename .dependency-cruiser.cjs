// The layer rules of docs/architecture.md, checked on every `npm run check`.
// Layers import only downward: L5 cli > L4 app > L3 server|webhooks|registry > L2 runtime >
// L1 resources > template|katalog > L0 kube|observability|devcluster|pki|util.
const L = (names) => `^src/(${names.join('|')})/`;
const below = {
  cli: [
    'app',
    'server',
    'webhooks',
    'registry',
    'runtime',
    'resources',
    'template',
    'katalog',
    'kube',
    'observability',
    'devcluster',
    'pki',
    'util',
  ],
  app: [
    'server',
    'webhooks',
    'registry',
    'runtime',
    'resources',
    'template',
    'katalog',
    'kube',
    'observability',
    'devcluster',
    'pki',
    'util',
  ],
  server: ['runtime', 'resources', 'template', 'katalog', 'kube', 'observability', 'pki', 'util'],
  webhooks: ['runtime', 'resources', 'template', 'katalog', 'kube', 'observability', 'pki', 'util'],
  registry: ['runtime', 'resources', 'template', 'katalog', 'kube', 'observability', 'pki', 'util'],
  runtime: ['resources', 'template', 'katalog', 'kube', 'observability', 'pki', 'util'],
  resources: ['template', 'katalog', 'util'],
  template: ['util'],
  katalog: ['util'],
  kube: ['observability', 'util'],
  observability: ['util'],
  devcluster: ['util'],
  pki: [],
  util: [],
};
const layerRules = Object.entries(below).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import only ${allowed.join(', ') || 'nothing else in src'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: L([layer]) },
  to: { path: '^src/', pathNot: [L([layer]), ...(allowed.length ? [L(allowed)] : [])] },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'import-through-index',
      comment: 'code outside a folder imports it through its index.ts',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-value-import-of-client-node',
      comment: '@kubernetes/client-node costs ~80 MB RSS: type imports only, or a lazy import() in kube/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '@kubernetes/client-node', dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
    {
      name: 'client-node-only-in-kube',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kube/' },
      to: { path: '@kubernetes/client-node', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'logger-and-metrics-only-in-observability',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/observability/' },
      to: { path: 'node_modules/(pino|prom-client)/' },
    },
    {
      name: 'cli-parser-only-in-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: 'node_modules/commander/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'product code does not import development dependencies (types only are erased, so free)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        // an optional peer: its own rules above allow only a lazy import() of it, in kube/
        pathNot: '@kubernetes/client-node',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};

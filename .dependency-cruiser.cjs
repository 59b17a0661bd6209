// The layer rules of docs/architecture.md, checked on every `npm run check`.
// Layers import only downward: L5 cli > L4 app > L3 server|webhooks|registry|control > L2 runtime >
// L1 resources|bundle > template|katalog > plan > L0 kube|observability|devcluster|pki|util.
// plan/ is the vocabulary the Katalog compiler (katalog/) and its readers (resources/, runtime/) share.
const L = (names) => `^src/(${names.join('|')})/`;
const below = {
  cli: [
    'app',
    'server',
    'control',
    'webhooks',
    'registry',
    'runtime',
    'bundle',
    'resources',
    'template',
    'katalog',
    'plan',
    'kube',
    'observability',
    'devcluster',
    'pki',
    'util',
  ],
  app: [
    'server',
    'control',
    'webhooks',
    'registry',
    'runtime',
    'bundle',
    'resources',
    'template',
    'katalog',
    'plan',
    'kube',
    'observability',
    'devcluster',
    'pki',
    'util',
  ],
  server: ['runtime', 'resources', 'template', 'plan', 'kube', 'observability', 'pki', 'util'],
  webhooks: ['runtime', 'resources', 'template', 'katalog', 'plan', 'kube', 'observability', 'pki', 'util'],
  // The Control Center reads runtimes over HTTP only: no Kubernetes client, no Katalog, no runtime.
  control: ['observability', 'util'],
  registry: ['runtime', 'resources', 'template', 'katalog', 'plan', 'kube', 'observability', 'pki', 'util'],
  runtime: ['resources', 'template', 'plan', 'kube', 'observability', 'pki', 'util'],
  bundle: ['plan', 'util'],
  resources: ['template', 'plan', 'util'],
  template: ['util'],
  katalog: ['plan', 'util'],
  plan: ['util'],
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

// The pure core: the language, the templates and the builders are functions of their input.
const PURE_CORE = '^src/(katalog|template|resources|plan|bundle)/';
const IO_BUILTINS = [
  'fs',
  'fs/promises',
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'timers',
  'timers/promises',
  'worker_threads',
];

// The YAML library (~1.5 MB) is loaded only by Katalog loading (the Katalog child), toYaml's lazy
// loader, the commands that read or print YAML files, and the kubeconfig reader (lazily):
// docs/architecture.md, "The operator process".
const YAML_USERS = [
  '^src/katalog/load/',
  '^src/template/funcs/yaml-library\\.ts$',
  '^src/app/(render/(render-format|render-crd|render-files)|run/dev-mode|generate)\\.ts$',
  '^src/kube/config/kubeconfig-merge\\.ts$',
  '^src/app/lock/lock-file\\.ts$',
];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'plan-only-from-katalog',
      comment:
        'runtime/, resources/ and server/ read the compiled Plan (plan/), never the Katalog: not even its types',
      severity: 'error',
      from: { path: '^src/(runtime|resources|server)/' },
      to: { path: '^src/katalog/' },
    },
    {
      name: 'cli-only-through-app',
      comment: 'cli/ parses flags, calls app/ and prints: it imports only app/ (types aside)',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: '^src/(cli|app)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-core-no-io',
      comment: 'katalog/, template/ and resources/ do no I/O and use no timers: effects stay at the edges',
      severity: 'error',
      from: { path: PURE_CORE },
      to: { path: `^(node:)?(${IO_BUILTINS.join('|')})$`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'yaml-only-where-documented',
      comment: 'the YAML library costs every process that loads it: only where docs/architecture.md says',
      severity: 'error',
      from: { path: '^src/', pathNot: YAML_USERS },
      to: { path: 'node_modules/yaml/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'import-through-index',
      comment: 'code outside a folder imports it through its index.ts (or its testing/index.ts)',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/[^/]+/testing/index\\.ts$'],
      },
    },
    {
      name: 'no-testing-in-production',
      comment:
        'fakes and test helpers live in src/<folder>/testing/ and reach only tests and other test helpers: ' +
        'no production module (a barrel included) imports them',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/[^/]+/testing/' },
      to: { path: '^src/[^/]+/testing/' },
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
      name: 'only-bundled-libraries',
      comment:
        'product code imports only the libraries dist/ inlines (the npm package has no dependencies: ' +
        'scripts/bundle.ts bundles them) and the optional peer; a new one is added here on purpose ' +
        '(types only are erased, so free)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        dependencyTypesNot: ['type-only'],
        // @kubernetes/client-node: an optional peer, left out of the bundle; its own rules above
        // allow only a lazy import() of it, in kube/
        pathNot: 'node_modules/(yaml|zod|commander|re2js|@kubernetes/client-node)/',
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

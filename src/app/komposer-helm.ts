/**
 * A Komposer's `helm` source: `{repo, chart, version, values}`. The repository's index.yaml names the
 * chart version's archive and its digest; the archive is downloaded (its sha256 checked against the
 * index), kept in the user cache by digest, unpacked, and its templates rendered by our own engine
 * (`komposer-helm-render.ts`). Every rendered document of `kind: Katalog` is a Katalog of the
 * composition, written with the chart's other files beside it (so a crdFile in the chart resolves).
 *
 * Under a lock, the archive must have the locked digest: taken from the cache by that digest (no network),
 * else downloaded and refused when its sha256 differs — a chart published again under the same version.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseYamlObjects, type HelmSource, type Komposer } from '../katalog/index.ts';
import { readTar } from '../registry/index.ts';
import { loadNodeZlib } from '../util/index.ts';
import { cachedFolder, cacheKey, cacheRoot, exists } from './komposer-cache.ts';
import { renderChart, type ChartFiles } from './komposer-helm-render.ts';
import {
  KomposerSourceError,
  type FetchContext,
  type FetchedSource,
  type SourceLock,
} from './komposer-source-types.ts';

interface ChartVersion {
  readonly url: string;
  readonly digest: string;
}

async function download(url: string, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new KomposerSourceError(
      `cannot fetch ${what} ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  if (!response.ok)
    throw new KomposerSourceError(`cannot fetch ${what} ${url}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function repoUrl(repo: string, path: string): string {
  return new URL(path, repo.endsWith('/') ? repo : `${repo}/`).toString();
}

/** The chart version's archive URL and digest, from the repository's index. */
async function findVersion(source: HelmSource): Promise<ChartVersion> {
  const indexUrl = repoUrl(source.repo, 'index.yaml');
  const text = Buffer.from(await download(indexUrl, 'the chart index')).toString('utf8');
  const index = parseYamlObjects(indexUrl, text).objects[0]?.value;
  return versionIn(source, (index?.['entries'] ?? {}) as Entries);
}

type Entries = Record<string, readonly Record<string, unknown>[] | undefined>;

function versionIn(source: HelmSource, entries: Entries): ChartVersion {
  const versions = entries[source.chart];
  if (versions === undefined || versions.length === 0) {
    throw new KomposerSourceError(
      `${source.repo} has no chart "${source.chart}" (charts: ${Object.keys(entries).join(', ') || 'none'})`,
    );
  }
  const entry = versions.find((v) => String(v['version']) === source.version);
  if (entry === undefined) {
    const listed = versions.map((v) => String(v['version'])).join(', ');
    throw new KomposerSourceError(
      `${source.repo}: chart ${source.chart} has no version ${source.version} (versions: ${listed})`,
    );
  }
  const url = (entry['urls'] as readonly string[] | undefined)?.[0];
  const digest = entry['digest'];
  if (url === undefined || typeof digest !== 'string') {
    throw new KomposerSourceError(
      `${source.repo}: the index lists ${source.chart} ${source.version} without urls or digest`,
    );
  }
  return { url: repoUrl(source.repo, url), digest: digest.replace(/^sha256:/, '') };
}

/** The digest an archive must have (hex), where to download it, and what to say when it differs. */
interface Expected {
  readonly digest: string;
  readonly url: () => Promise<string>;
  readonly mismatch: (url: string, actual: string) => string;
}

/** The expected archive as the repository's index names it. */
async function fromIndex(source: HelmSource): Promise<Expected> {
  const version = await findVersion(source);
  return {
    digest: version.digest,
    url: () => Promise.resolve(version.url),
    mismatch: (url, actual) =>
      `chart ${url}: digest mismatch: the index says sha256:${version.digest}, got sha256:${actual}`,
  };
}

/** The archive under a lock: the locked digest, downloaded from where the index says when not cached. */
async function fromLock(source: HelmSource, lock: SourceLock): Promise<Expected> {
  const { requireHelm } = await import('./lock/lock-format.ts');
  const locked = requireHelm(lock.lock, source, lock.file).digest;
  return {
    digest: locked.replace(/^sha256:/, ''),
    url: async () => (await findVersion(source)).url,
    mismatch: (url, actual) =>
      `chart ${url}: digest mismatch: ${lock.file} locks ${source.chart} ${source.version} to ${locked}, ` +
      `got sha256:${actual} (published again since ork lock; run ork lock to accept it)`,
  };
}

/** The chart archive: from the cache by digest, else downloaded and checked against the expected digest. */
async function chartArchive(expected: Expected, env: NodeJS.ProcessEnv): Promise<Uint8Array> {
  const root = await cacheRoot('helm', env);
  const cached = join(root, `${expected.digest}.tgz`);
  if (await exists(cached)) return readFile(cached);
  const url = await expected.url();
  const bytes = await download(url, 'the chart');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected.digest) throw new KomposerSourceError(expected.mismatch(url, actual));
  await writeFile(`${cached}.${process.pid}`, bytes);
  const { rename } = await import('node:fs/promises');
  await rename(`${cached}.${process.pid}`, cached);
  return bytes;
}

/** The chart's files by path inside its folder (the archive's top folder dropped). */
function chartFiles(archive: Uint8Array, chart: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readTar(loadNodeZlib().gunzipSync(archive))) {
    if (entry.type !== 'file') continue;
    const [top, ...rest] = entry.path.split('/');
    if (top !== chart || rest.length === 0) continue;
    files.set(rest.join('/'), Buffer.from(entry.data).toString('utf8'));
  }
  if (!files.has('Chart.yaml'))
    throw new KomposerSourceError(`the archive of chart ${chart} has no ${chart}/Chart.yaml`);
  return files;
}

/** The rendered documents of `kind: Katalog`, each with the path it is written at. */
async function katalogDocuments(source: HelmSource, files: ChartFiles, release: Komposer['metadata']) {
  const rendered = await renderChart({
    chart: source.chart,
    files,
    values: source.values,
    release: { name: release.name, namespace: release.namespace ?? 'default' },
  });
  const out: { path: string; text: string }[] = [];
  for (const { template, text } of rendered) {
    const docs = text.split(/^---[ \t]*$/m).filter((d) => /^kind:\s*["']?Katalog["']?\s*$/m.test(d));
    docs.forEach((doc, i) => {
      const path = i === 0 ? template : template.replace(/(\.ya?ml)$/, `-${String(i + 1)}$1`);
      const katalog = parseYamlObjects(path, doc).objects.some((o) => o.value['kind'] === 'Katalog');
      if (katalog) out.push({ path, text: doc.replace(/^\n+/, '') });
    });
  }
  return out;
}

/**
 * Fetches and renders a helm source: its Katalogs, written under the cache with the chart's files. Under
 * a lock, the archive of the locked digest.
 */
export async function fetchHelmSource(
  source: HelmSource,
  release: Komposer['metadata'],
  { env, lock }: FetchContext,
): Promise<FetchedSource> {
  const version = lock === undefined ? await fromIndex(source) : await fromLock(source, lock);
  const files = chartFiles(await chartArchive(version, env), source.chart);
  const documents = await katalogDocuments(source, files, release);
  if (documents.length === 0) {
    throw new KomposerSourceError(
      `chart ${source.chart} ${source.version} renders no document of kind Katalog`,
    );
  }
  const key = cacheKey(version.digest, JSON.stringify(source.values), release.name, release.namespace ?? '');
  const root = await cachedFolder(await cacheRoot(join('helm', 'rendered'), env), key, async (dir) => {
    const rendered = new Map(documents.map((d) => [d.path, d.text]));
    for (const [path, text] of [...files, ...rendered]) {
      const target = join(dir, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, rendered.get(path) ?? text);
    }
  });
  return {
    files: documents.map((d) => join(root, d.path)),
    origins: [{ root, label: `helm+${source.repo.replace(/\/$/, '')}/${source.chart}@${source.version}` }],
    pinned: { digest: `sha256:${version.digest}` },
  };
}

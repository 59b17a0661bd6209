/**
 * A Helm chart repository for the Komposer tests: a static HTTP server on loopback serving a folder —
 * its `index.yaml` and chart archives — made by the Helm binary of `helm.ts` (`helm package`, then
 * `helm repo index --url`), as a chart author publishes one. `stop()` closes the server and removes the folder.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { helmOk } from './helm.ts';

/** A running chart repository. */
export interface ChartRepo {
  /** `http://127.0.0.1:<port>/charts`: the repository's URL. */
  readonly url: string;
  /** The folder it serves. */
  readonly dir: string;
  stop(): Promise<void>;
}

function serve(dir: string): Server {
  return createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^\/charts\/?/,
      '',
    );
    readFile(join(dir, path)).then(
      (body) => {
        res.writeHead(200, { 'content-length': body.byteLength });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end('not found');
      },
    );
  });
}

/** Starts a chart repository serving a new temp folder (empty until {@link publishChart}). */
export async function startChartRepo(): Promise<ChartRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'ork-charts-'));
  const server = serve(dir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/charts`,
    dir,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a chart from its files, packages it into the repository and indexes the repository. */
export async function publishChart(
  repo: ChartRepo,
  name: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  const source = await mkdtemp(join(tmpdir(), 'ork-chart-src-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(source, name, path)), { recursive: true });
      await writeFile(join(source, name, path), text);
    }
    await helmOk(['package', join(source, name), '--destination', repo.dir]);
    await helmOk(['repo', 'index', repo.dir, '--url', repo.url]);
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}

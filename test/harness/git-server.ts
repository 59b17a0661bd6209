/**
 * A real git server for the Komposer tests: git's own daemon (`git daemon --export-all --base-path`) on
 * loopback, on a free port, serving the repositories a test makes in a temp folder. `stop()` ends the
 * daemon it started and removes the folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../e2e/ork-process.ts';

/** A running git daemon. */
export interface GitServer {
  /** `git://127.0.0.1:<port>`: a repository is `${url}/<name>.git`. */
  readonly url: string;
  /** Where its repositories are (each `<name>.git`). */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Runs git in `cwd`; resolves to its stdout, rejects with its stderr. */
export function gitIn(cwd: string, args: readonly string[]): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`git ${args.join(' ')}: ${stderr}`));
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['ls-remote', `${url}/absent.git`], (_error, _stdout, stderr) => {
      resolve(!/Connection refused|unable to connect/i.test(stderr));
    });
  });
}

/** Starts a git daemon serving every repository under a new temp folder. */
export async function startGitServer(): Promise<GitServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ork-git-'));
  const port = await freePort();
  const args = [
    'daemon',
    '--export-all',
    '--reuseaddr',
    `--base-path=${dir}`,
    '--listen=127.0.0.1',
    `--port=${port}`,
    dir,
  ];
  const daemon: ChildProcess = spawn('git', args, { stdio: 'ignore' });
  const url = `git://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await reachable(url)); i++) await delay(50);
  return {
    url,
    dir,
    async stop() {
      if (daemon.exitCode === null) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        daemon.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One commit of a repository: its files (path → text), and tags to put on it. */
export interface RepoCommit {
  readonly files: Readonly<Record<string, string>>;
  readonly tags?: readonly string[];
  readonly message: string;
}

/** Makes the bare repository `<name>.git` on the server from commits on `main`; resolves to each commit's id. */
export async function makeRepository(
  server: GitServer,
  name: string,
  commits: readonly RepoCommit[],
): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'ork-git-work-'));
  try {
    await gitIn(work, ['init', '--quiet', '--initial-branch=main']);
    const ids: string[] = [];
    for (const commit of commits) {
      for (const [path, text] of Object.entries(commit.files)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await gitIn(work, ['add', '--all']);
      await gitIn(work, ['commit', '--quiet', '-m', commit.message]);
      for (const tag of commit.tags ?? []) await gitIn(work, ['tag', tag]);
      ids.push((await gitIn(work, ['rev-parse', 'HEAD'])).trim());
    }
    await gitIn(server.dir, ['clone', '--quiet', '--bare', work, `${name}.git`]);
    return ids;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

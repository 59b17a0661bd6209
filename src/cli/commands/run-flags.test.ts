import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerRunCommand } from './run.ts';
import { parseRunFlags, type RunFlags } from './run-flags.ts';

/** What commander makes of `ork run <args>`, or the exit code it gave up with. */
async function commanderFlagsOf(args: readonly string[]): Promise<RunFlags | number> {
  const program = new Command('ork')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerRunCommand(program);
  let seen: RunFlags | undefined;
  program.commands[0]?.exitOverride().action((flags: RunFlags) => {
    seen = flags;
  });
  try {
    await program.parseAsync(['run', ...args], { from: 'user' });
  } catch (error) {
    return (error as { exitCode: number }).exitCode;
  }
  return { ...seen } as RunFlags;
}

describe('parseRunFlags', () => {
  const accepted: string[][] = [
    [],
    ['-k', 'a.yaml'],
    ['-k', 'a.yaml', '--katalog', 'b.yaml', '--port', '0'],
    ['--katalog=a.yaml', '--dev', '--log-level', 'debug'],
    ['--dev', '--force'],
    ['-n', 'prod', '--context', 'kind', '--kubeconfig', '/etc/kube/config'],
    ['--port=8081', '-ka.yaml', '--log-level=silent'],
    ['--webhook-cert-dir', '/etc/webhook-certs'],
    ['--webhook-cert-secret', 'cert-manager/webhook-tls'],
    ['--leader-elect', '--leader-elect-lease-duration', '20s', '--leader-elect-retry-period=1s'],
    ['--allow-missing-permissions'],
  ];
  for (const args of accepted) {
    it(`reads ${JSON.stringify(args)} as commander does`, async () => {
      const ours = parseRunFlags(args);
      assert.notEqual(ours, undefined);
      assert.deepEqual(ours, await commanderFlagsOf(args));
    });
  }

  it('reads --webhook-cert-secret as a namespace and a name', () => {
    assert.deepEqual(
      parseRunFlags(['--webhook-cert-secret', 'cert-manager/webhook-tls'])?.webhookCertSecret,
      {
        namespace: 'cert-manager',
        name: 'webhook-tls',
      },
    );
  });

  const refused: string[][] = [
    ['--port', 'eighty'],
    ['--log-level', 'loud'],
    ['--webhook-cert-secret', 'webhook-tls'],
    ['--leader-elect-renew-deadline', 'soon'],
    ['--nope'],
    ['-k'],
    ['--help'],
    ['-h'],
  ];
  it('reads --allow-missing-permissions', () => {
    assert.equal(parseRunFlags(['--allow-missing-permissions'])?.allowMissingPermissions, true);
    assert.equal(parseRunFlags([])?.allowMissingPermissions, undefined);
  });

  it('reads --force', () => {
    assert.equal(parseRunFlags(['--dev', '--force'])?.force, true);
    assert.equal(parseRunFlags(['--dev'])?.force, undefined);
  });

  for (const args of refused) {
    it(`leaves ${JSON.stringify(args)} to commander, which does not run with it`, async () => {
      assert.equal(parseRunFlags(args), undefined);
      assert.equal(typeof (await commanderFlagsOf(args)), 'number');
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AUDIT_POLICY, auditMark, parseAuditLines, readAuditLog } from './audit.ts';

/** An event as kube-apiserver 1.33 writes it at the Metadata level (trimmed of fields we ignore). */
const event = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'a1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/configmaps',
    verb: 'create',
    user: { username: 'admin', groups: ['system:masters'] },
    userAgent: 'orkestra/dev',
    objectRef: { resource: 'configmaps', namespace: 'ns', name: 'one', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    stageTimestamp: '2026-12-07T20:00:00.000000Z',
    ...over,
  });

test('returns the completed writes with verb, object, user, user agent and answer', () => {
  const writes = parseAuditLines(
    [
      event(),
      event({ stage: 'ResponseStarted' }),
      event({ verb: 'watch' }),
      event({
        verb: 'patch',
        objectRef: {
          resource: 'sites',
          apiGroup: 'x.dev',
          namespace: 'ns',
          name: 's',
          subresource: 'status',
        },
        responseStatus: { code: 409 },
      }),
      'not json',
      '',
    ].join('\n'),
  );
  assert.deepEqual(writes, [
    {
      verb: 'create',
      objectRef: { resource: 'configmaps', apiGroup: '', namespace: 'ns', name: 'one' },
      user: 'admin',
      userAgent: 'orkestra/dev',
      code: 201,
      at: '2026-12-07T20:00:00.000000Z',
      requestURI: '/api/v1/namespaces/ns/configmaps',
    },
    {
      verb: 'patch',
      objectRef: { resource: 'sites', apiGroup: 'x.dev', namespace: 'ns', name: 's', subresource: 'status' },
      user: 'admin',
      userAgent: 'orkestra/dev',
      code: 409,
      at: '2026-12-07T20:00:00.000000Z',
      requestURI: '/api/v1/namespaces/ns/configmaps',
    },
  ]);
});

test('reads from a mark on, and never a line still being written', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ork-audit-')), 'audit.log');
  assert.deepEqual(await readAuditLog(file), { writes: [], next: 0 }, 'no file yet: nothing');
  writeFileSync(file, `${event({ objectRef: { resource: 'configmaps', name: 'before' } })}\n`);
  const mark = await auditMark(file);
  const half = event({ objectRef: { resource: 'configmaps', name: 'after' } });
  appendFileSync(file, half.slice(0, 40));
  const partial = await readAuditLog(file, mark);
  assert.deepEqual(partial, { writes: [], next: mark });
  appendFileSync(file, `${half.slice(40)}\n`);
  const read = await readAuditLog(file, partial.next);
  assert.deepEqual(
    read.writes.map((w) => w.objectRef.name),
    ['after'],
  );
  assert.equal(read.next, await auditMark(file));
  assert.deepEqual(
    (await readAuditLog(file)).writes.map((w) => w.objectRef.name),
    ['before', 'after'],
  );
});

interface Rule {
  level: string;
  verbs?: string[];
  resources?: { resources: string[] }[];
}

test('the policy logs writes at Metadata, and neither reads nor Events', () => {
  const policy = parse(AUDIT_POLICY) as {
    kind: string;
    rules: Rule[];
  };
  assert.equal(policy.kind, 'Policy');
  assert.equal(policy.rules.length, 3);
  const [events, writes, rest] = policy.rules as [Rule, Rule, Rule];
  assert.equal(events.level, 'None');
  assert.ok((events.resources ?? []).every((r) => r.resources.includes('events')));
  assert.equal(writes.level, 'Metadata');
  assert.deepEqual(writes.verbs, ['create', 'update', 'patch', 'delete', 'deletecollection']);
  assert.deepEqual(rest, { level: 'None' });
});

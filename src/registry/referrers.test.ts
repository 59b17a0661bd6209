import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArtifact } from './artifact.ts';
import { referrersTag } from './referrers.ts';

const digest = `sha256:${'c'.repeat(64)}`;

test('the referrers tag schema names a subject by its digest, the colon a dash', () => {
  assert.equal(referrersTag(digest), `sha256-${'c'.repeat(64)}`);
});

test('an attached Katalog names its subject by media type, digest and size only', () => {
  const files = [{ path: 'katalog.yaml', data: new TextEncoder().encode('kind: Katalog\n') }];
  const subject = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest,
    size: 42,
    annotations: { dropped: 'yes' },
  };
  const built = buildArtifact(files, { title: 'web', created: '2026-01-01T00:00:00Z', subject });
  const manifest = JSON.parse(new TextDecoder().decode(built.manifest)) as Record<string, unknown>;
  assert.deepEqual(manifest['subject'], { mediaType: subject.mediaType, digest, size: 42 });
  const plain = buildArtifact(files, { title: 'web', created: '2026-01-01T00:00:00Z' });
  assert.equal('subject' in (JSON.parse(new TextDecoder().decode(plain.manifest)) as object), false);
});

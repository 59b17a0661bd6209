/**
 * `POST /katalog/{crd}/render`: what the runtime would do for a CR, through `ork render`'s own code
 * (the real reconcile against an in-memory cluster) fed with the box's live children of that CR. It
 * never writes: every change is reported, each update with a diff of the fields the runtime manages.
 * Loaded on the first request only (a dynamic import), so an idle `ork run` does not pay for it.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type { OperatorBox } from '../../runtime/index.ts';
import { keyOf } from '../../runtime/index.ts';
import type { RenderPreview, RenderPreviewChange } from '../../server/index.ts';
import { renderCustomResources } from '../render/render.ts';
import type { ChildWrite, RecordedReconcile } from '../render/render-cluster.ts';
import { managedPart, yamlDiff } from './manifest-diff.ts';

/** The preview of `input` (a CR) for `box`, or why there is none (422). */
export async function renderPreview(
  box: OperatorBox,
  plans: readonly Plan[],
  input: unknown,
): Promise<RenderPreview | { error: string }> {
  const cr = asCustomResource(input, box.plan);
  if (typeof cr === 'string') return { error: cr };
  const live = box.customResource(keyOf(cr));
  const withUid = liveUid(cr, live?.object);
  const children = live?.children ?? [];
  const report = await renderCustomResources({ plans, crs: [withUid], children, crd: box.plan.key });
  const [result] = report.results;
  if (result === undefined) return { error: 'nothing rendered' };
  if (result.error !== undefined) return { error: result.error };
  if (result.skipped !== undefined) return { objects: [], changes: [], skipped: result.skipped };
  return previewOf(result.recorded, children);
}

/** The objects the reconcile would apply and what each does to the live children. */
function previewOf(recorded: RecordedReconcile | undefined, live: readonly KubeObject[]): RenderPreview {
  const writes = recorded?.children ?? [];
  const changes = [
    ...writes.map((w) => changeOf(w, live)),
    ...(recorded?.deleted ?? []).map((o) => ({ ...identityOf(o), action: 'delete' as const })),
  ];
  return { objects: writes.map((w) => w.object), changes };
}

/** The input as a CR of the box's kind (apiVersion and kind filled in), or what is wrong with it. */
function asCustomResource(input: unknown, plan: Plan): KubeObject | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return 'the body is not a JSON object';
  const cr = input as KubeObject;
  if (typeof cr.metadata?.name !== 'string' || cr.metadata.name === '') return 'metadata.name is missing';
  return { ...cr, apiVersion: cr.apiVersion ?? plan.apiVersion, kind: cr.kind ?? plan.gvk.kind };
}

/** The live CR's uid, so the children's owner references (and so the diff) are the live ones. */
function liveUid(cr: KubeObject, live: KubeObject | undefined): KubeObject {
  const uid = live?.metadata?.uid;
  if (uid === undefined || cr.metadata?.uid !== undefined) return cr;
  return { ...cr, metadata: { ...cr.metadata, uid } };
}

function identityOf(o: KubeObject): Omit<RenderPreviewChange, 'action'> {
  const namespace = o.metadata?.namespace;
  return {
    apiVersion: o.apiVersion ?? '',
    kind: o.kind ?? '',
    ...(namespace === undefined ? {} : { namespace }),
    name: o.metadata?.name ?? '',
  };
}

function changeOf(write: ChildWrite, live: readonly KubeObject[]): RenderPreviewChange {
  const id = identityOf(write.object);
  if (write.action !== 'update') return { ...id, action: write.action === 'create' ? 'create' : 'unchanged' };
  const current = live.find(
    (o) => o.kind === id.kind && o.metadata?.name === id.name && o.metadata.namespace === id.namespace,
  );
  const diff = current === undefined ? undefined : yamlDiff(managedPart(write.object, current), write.object);
  return { ...id, action: 'update', ...(diff === undefined ? {} : { diff }) };
}

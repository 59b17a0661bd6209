/**
 * The dev API server's audit log (`ork dev up --audit-log`): its policy, and a reader that returns
 * the writes it recorded from a mark (a byte offset) on, so that a test can count exactly which
 * writes each client made during a window.
 *
 * The policy records every write verb (create, update, patch, delete, deletecollection) on every
 * resource and subresource at the Metadata level (who, what, the answer's code; no bodies), once
 * the response is complete. It records nothing else: reads (get, list, watch) would be most of the
 * file, and Events are reports about objects, not their state, sent best-effort and aggregated by
 * whoever records them, so they are left out too. Leases (leader election, node heartbeats) stay:
 * who renewed a Lease is what a leader-election test wants to see.
 */
import { open } from 'node:fs/promises';

/** The policy file's content (audit.k8s.io/v1 Policy). */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: None
    resources:
      - group: ""
        resources: [events]
      - group: events.k8s.io
        resources: [events]
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

/** The verbs the policy records. */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/** One write the API server answered, as its audit log records it. */
export interface AuditWrite {
  verb: (typeof WRITE_VERBS)[number];
  objectRef: {
    resource: string;
    /** '' for the core group. */
    apiGroup: string;
    namespace?: string;
    name?: string;
    subresource?: string;
  };
  user: string;
  userAgent: string;
  /** HTTP status code of the answer (0 when the log has none). */
  code: number;
  /** When the response was complete (stageTimestamp). */
  at: string;
  requestURI: string;
}

interface RawEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string };
  userAgent?: string;
  objectRef?: {
    resource?: string;
    apiGroup?: string;
    namespace?: string;
    name?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number };
  stageTimestamp?: string;
}

/**
 * The writes in audit log lines (JSON, one event a line): only stage ResponseComplete, only write
 * verbs. Lines that are not JSON are skipped (a line being written is read by {@link readAuditLog},
 * which never hands over an unfinished one).
 */
export function parseAuditLines(text: string): AuditWrite[] {
  const writes: AuditWrite[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let event: RawEvent;
    try {
      event = JSON.parse(line) as RawEvent;
    } catch {
      continue;
    }
    const write = toWrite(event);
    if (write) writes.push(write);
  }
  return writes;
}

function toWrite(e: RawEvent): AuditWrite | undefined {
  if (e.stage !== 'ResponseComplete') return undefined;
  const verb = WRITE_VERBS.find((v) => v === e.verb);
  if (!verb || !e.objectRef?.resource) return undefined;
  return {
    verb,
    objectRef: objectRefOf(e.objectRef),
    ...whoAndWhen(e),
  };
}

function whoAndWhen(e: RawEvent): Pick<AuditWrite, 'user' | 'userAgent' | 'code' | 'at' | 'requestURI'> {
  return {
    user: e.user?.username ?? '',
    userAgent: e.userAgent ?? '',
    code: e.responseStatus?.code ?? 0,
    at: e.stageTimestamp ?? '',
    requestURI: e.requestURI ?? '',
  };
}

/** The object reference, without the fields the event leaves empty. */
function objectRefOf(ref: NonNullable<RawEvent['objectRef']>): AuditWrite['objectRef'] {
  const out: AuditWrite['objectRef'] = { resource: ref.resource ?? '', apiGroup: ref.apiGroup ?? '' };
  for (const key of ['namespace', 'name', 'subresource'] as const) {
    const value = ref[key];
    if (value) out[key] = value;
  }
  return out;
}

/** What {@link readAuditLog} read: the writes, and the mark to read on from next time. */
export interface AuditRead {
  writes: AuditWrite[];
  /** Byte offset just past the last complete line read. */
  next: number;
}

/** The current end of the log: a mark from which {@link readAuditLog} returns only later writes. */
export async function auditMark(file: string): Promise<number> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return 0;
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * The writes logged from byte offset `from` on (0: the whole log), up to the last complete line.
 * A missing file reads as empty (the API server creates it with its first event).
 */
export async function readAuditLog(file: string, from = 0): Promise<AuditRead> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return { writes: [], next: from };
  try {
    const size = (await handle.stat()).size;
    if (size <= from) return { writes: [], next: from };
    const buffer = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
    return { writes: parseAuditLines(buffer.subarray(0, end).toString('utf8')), next: from + end };
  } finally {
    await handle.close();
  }
}

/**
 * Checks of an operatorBox's autoscale (spec §10.3): its conditions read `metrics.<name>` or
 * `cross.<crd>.metrics.<name>`, the names must exist, the `<crd>` must be a CRD key of the loaded
 * Katalogs (or the `as` of one of the box's cross entries), and the overrides must change something.
 */
import { suggestClosest } from '../../util/index.ts';
import {
  crossMetricsInTemplate,
  isTemplateText,
  parseMetricPath,
  AUTOSCALE_METRICS,
} from '../../plan/index.ts';
import { resolveCrossName } from '../compile/compile-autoscale.ts';
import type { CrdDeclaration } from '../load/types.ts';
import { didYouMean, type Reporter } from './report.ts';

type Path = (string | number)[];
type Box = CrdDeclaration['entry']['operatorBox'];
type Condition = Readonly<Record<string, unknown>> & { readonly field: string };

const METRICS: readonly string[] = AUTOSCALE_METRICS;

function crossNames(box: Box, keys: readonly string[]): string[] {
  return [...new Set([...keys, ...box.cross.map((c) => c.as ?? c.crd)])];
}

/** Where a finding goes: the CRD entry, the CRD keys of the loaded Katalogs, the reporter. */
interface Scope {
  readonly crd: CrdDeclaration;
  readonly keys: readonly string[];
  readonly r: Reporter;
}

function checkCrossName({ crd, keys, r }: Scope, name: string, at: Path): void {
  const box = crd.entry.operatorBox;
  if (resolveCrossName(name, box, keys) !== undefined) return;
  r.at(crd.source, at, {
    code: 'unknown-crd',
    message: `autoscale reads the metrics of unknown CRD "${name}"${didYouMean(suggestClosest(name, crossNames(box, keys)))}`,
    hint: 'write cross.<crd>.metrics.<name> with a CRD key of the loaded Katalogs',
    target: 'value',
  });
}

function checkField(scope: Scope, field: string, at: Path): void {
  const { crd, r } = scope;
  const path = parseMetricPath(field);
  if (path === undefined) {
    r.at(crd.source, at, {
      code: 'unknown-metric',
      message: `autoscale conditions read metrics, not "${field}"`,
      hint: `write metrics.<name> or cross.<crd>.metrics.<name>, <name> one of ${METRICS.join(', ')}`,
      target: 'value',
    });
    return;
  }
  if (!METRICS.includes(path.metric)) {
    r.at(crd.source, at, {
      code: 'unknown-metric',
      message: `unknown metric "${path.metric}"${didYouMean(suggestClosest(path.metric, METRICS))}`,
      hint: `the metrics are ${METRICS.join(', ')}`,
      target: 'value',
    });
  }
  if (path.box === 'cross') checkCrossName(scope, path.name, at);
}

/** Runs the autoscale checks of one CRD entry. */
export function checkAutoscale(crd: CrdDeclaration, keys: readonly string[], r: Reporter): void {
  const autoscale = crd.entry.operatorBox.autoscale;
  if (autoscale === undefined) return;
  const base: Path = ['spec', 'crds', crd.key, 'operatorBox', 'autoscale'];
  const scope: Scope = { crd, keys, r };
  for (const list of ['when', 'or'] as const) {
    (autoscale.conditions[list] as readonly Condition[]).forEach((c, i) => {
      const at = [...base, 'conditions', list, i, 'field'];
      if (!isTemplateText(c.field)) checkField(scope, c.field, at);
      for (const text of Object.values(c)) {
        if (!isTemplateText(text)) continue;
        for (const name of crossMetricsInTemplate(text)) checkCrossName(scope, name, at);
      }
    });
  }
  if (autoscale.do.workers === undefined && autoscale.do.queueDepth === undefined) {
    r.at(crd.source, [...base, 'do'], {
      severity: 'warning',
      code: 'no-effect',
      message: 'autoscale changes nothing: set do.workers or do.queueDepth',
    });
  }
}

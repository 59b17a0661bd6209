/**
 * Small shared helpers with no dependencies on the rest of Orkestra: every layer may import them.
 */
export { suggestClosest } from './suggest.ts';
export { elide } from './elide.ts';
export { backoffMs, retryAfterJitterMs } from './backoff.ts';
export type { BackoffPolicy } from './backoff.ts';
export { DURATION_PATTERN, MAX_DURATION_MS, parseDurationMs } from './duration.ts';
export { setLongTimeout } from './long-timer.ts';
export {
  dnsLabelProblem,
  dnsSubdomainProblem,
  labelValueProblem,
  pathSegmentProblem,
  qualifiedNameProblem,
  serviceNameProblem,
} from './kube-names.ts';
export { RegexSyntaxError, compileGoRegexp, loadRegexEngine } from './go-regexp.ts';
export type { GoRegexp } from './go-regexp.ts';
export {
  loadNodeHttp,
  loadNodeHttp2,
  loadNodeHttps,
  loadNodeZlib,
  nodeFs,
  nodeUtil,
} from './node-builtins.ts';

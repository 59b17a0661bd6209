/**
 * The `WWW-Authenticate` challenge of a registry (RFC 7235 syntax): its scheme and parameters,
 * e.g. `Bearer realm="https://auth/token",service="registry",scope="repository:a/b:pull"`.
 */

/** One challenge: the scheme in lower case and its parameters. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The first challenge of a header value, or undefined when there is none. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (header === null) return undefined;
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (match === null) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const param = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  const rest = match[2] ?? '';
  let found: RegExpExecArray | null;
  while ((found = param.exec(rest)) !== null) {
    const key = (found[1] ?? '').toLowerCase();
    params[key] = found[2] === undefined ? (found[3] ?? '') : found[2].replace(/\\(.)/g, '$1');
  }
  return { scheme, params };
}

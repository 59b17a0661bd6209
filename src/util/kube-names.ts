/**
 * The names the API server accepts (apimachinery's `IsQualifiedName`, `IsValidLabelValue`,
 * `IsDNS1123Subdomain`, `IsDNS1123Label`, `IsDNS1035Label`, path segment names). Each function says
 * why a text is refused, or returns undefined when it is accepted. The Katalog checks literal values
 * with them at load; the builders check rendered children with them before any API call.
 */

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `key` is not a label or annotation key (`prefix/name`), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'its prefix (before "/") must be a lowercase DNS subdomain of at most 253 characters';
  }
  if (name.length === 0 || name.length > 63) return 'its name (after any "/") must be 1 to 63 characters';
  if (!NAME_PART.test(name)) {
    return 'its name must be letters, digits, "-", "_" or "." and begin and end with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one (empty is one). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `it has ${String(value.length)} characters; a label value has at most 63`;
  if (value !== '' && !NAME_PART.test(value)) {
    return 'a label value is letters, digits, "-", "_" or "." and begins and ends with a letter or digit';
  }
  return undefined;
}

/** Why `name` is not a DNS-1123 label (a namespace name), or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return `it has ${String(name.length)} characters; at most 63`;
  if (!DNS1123_LABEL.test(name)) {
    return 'it must be lowercase letters, digits and "-", beginning and ending with a letter or digit';
  }
  return undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a DNS-1035 label (a Service name), or undefined when it is one. */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length > 63) return `it has ${String(name.length)} characters; at most 63`;
  if (!DNS1035_LABEL.test(name)) {
    return 'it must be lowercase letters, digits and "-", beginning with a letter and ending with a letter or digit';
  }
  return undefined;
}

/** Why `name` is not a path segment name (RBAC object names such as `system:reader`), or undefined. */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'it must not be empty, "." or ".."';
  if (/[/%]/.test(name)) return 'it must not contain "/" or "%"';
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (most object names), or undefined when it is one. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `it has ${String(name.length)} characters; at most 253`;
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return 'it must be lowercase letters, digits, "-" and ".", beginning and ending with a letter or digit';
  }
  return undefined;
}

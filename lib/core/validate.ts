/**
 * Shared readers for user props: each checks one value and returns it (or its default), or throws a
 * Http3ConfigError that names the prop path, shows the value and says what is allowed.
 *
 * Leaf values may be placeholders (see placeholders.ts): readers of leaf kinds (hostnames, IPs, PEM) accept
 * a placeholder as valid, because the Pulumi adapter re-runs the core on the resolved value at deployment.
 */
import { isIP } from 'node:net';
import { Http3ConfigError, show } from './errors';
import { isPlaceholder } from './placeholders';

/** join a prop path and a key: `join('provider', 'scheme')` is `provider.scheme`, `join('', 'port')` is `port` */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** true for a plain object (not an array, not a class instance other than Object) */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Read an object prop and refuse unknown fields, so a typo (`maxAge` for `maxAgeSeconds`) is an error
 * instead of a silently ignored setting.
 */
export function readObject(value: unknown, path: string, fields: readonly string[]): Record<string, unknown> {
  const known = (): string => [...fields].sort().join(', ');
  if (!isPlainObject(value)) {
    throw Http3ConfigError.invalid(path || 'props', value, `an object with the fields ${known()}`);
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      const prop = join(path, key);
      throw new Http3ConfigError(
        prop,
        value[key],
        `${prop} is not a known field (got ${show(value[key])}); the fields of ${path || 'the props'} are: ${known()}`,
      );
    }
  }
  return value;
}

/** read a required prop: undefined is an error that says what to set */
export function required<T>(value: T | undefined, path: string, expected: string): T {
  if (value === undefined || value === null) {
    throw Http3ConfigError.invalid(path, value, expected, `${path} is required`);
  }
  return value;
}

/** read an integer within bounds */
export function readInteger(value: unknown, path: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw Http3ConfigError.invalid(path, value, `an integer between ${min} and ${max}`);
  }
  return value;
}

/** read a TCP/UDP port number */
export function readPort(value: unknown, path: string, fallback?: number): number {
  return readInteger(value, path, 1, 65535, fallback);
}

/** read a boolean */
export function readBoolean(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw Http3ConfigError.invalid(path, value, 'true or false');
  return value;
}

/** read one of a fixed set of string values */
export function readEnum<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw Http3ConfigError.invalid(path, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return value as T;
}

/** read a non-empty string without leading or trailing whitespace */
export function readString(value: unknown, path: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0 || value.trim() !== value) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty string without surrounding whitespace');
  }
  return value;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** read a Kubernetes DNS-1123 label (namespaces, most label-like names): lowercase alphanumerics and '-', at most 63 */
export function readDns1123Label(value: unknown, path: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw Http3ConfigError.invalid(
      path,
      value,
      'a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)',
    );
  }
  return value;
}

/**
 * Read a Kubernetes DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter, and at
 * most `maxLength` characters so that derived names (`<name>-udp`) still fit in 63.
 */
export function readDns1035Label(value: unknown, path: string, maxLength = 63): string {
  if (typeof value !== 'string' || value.length > maxLength || !DNS1035_LABEL.test(value)) {
    throw Http3ConfigError.invalid(
      path,
      value,
      `a DNS-1035 label (at most ${maxLength} lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)`,
    );
  }
  return value;
}

/** read a Kubernetes DNS-1123 subdomain (Secret, ConfigMap and most custom resource names) */
export function readDns1123Subdomain(value: unknown, path: string): string {
  if (
    typeof value !== 'string' ||
    value.length > 253 ||
    !value.split('.').every((label) => label.length <= 63 && DNS1123_LABEL.test(label))
  ) {
    throw Http3ConfigError.invalid(path, value, 'a DNS-1123 subdomain (lowercase dot-separated labels, at most 253 characters)');
  }
  return value;
}

const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Read a hostname clients connect to: lowercase A-labels (write IDNs as punycode), optionally a leading
 * `*.` wildcard label, at most 253 characters, no trailing dot, not an IP address (the Gateway API
 * listener hostname and the certificate match rules both work on names).
 */
export function readHostname(value: unknown, path: string): string {
  if (isPlaceholder(value)) return value as string;
  const expected = 'a lowercase DNS hostname such as "app.example.com" (optionally "*." first, no trailing dot, no IP address)';
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, expected);
  if (isIP(value) !== 0) {
    throw Http3ConfigError.invalid(path, value, expected, 'HTTP/3 discovery (Alt-Svc, HTTPS records) and certificates need a DNS name');
  }
  if (value !== value.toLowerCase()) {
    throw Http3ConfigError.invalid(path, value, expected, `write it as ${JSON.stringify(value.toLowerCase())}`);
  }
  if (value.endsWith('.')) {
    throw Http3ConfigError.invalid(path, value, expected, `write it as ${JSON.stringify(value.replace(/\.+$/, ''))}`);
  }
  const labels = value.split('.');
  const wildcard = labels[0] === '*';
  const rest = wildcard ? labels.slice(1) : labels;
  if (value.length > 253 || rest.length === 0 || !rest.every((label) => label.length <= 63 && HOST_LABEL.test(label))) {
    throw Http3ConfigError.invalid(path, value, expected);
  }
  return value;
}

/** read an IP address (v4 or v6, or the family given) */
export function readIp(value: unknown, path: string, family?: 4 | 6): string {
  if (isPlaceholder(value)) return value as string;
  const got = typeof value === 'string' ? isIP(value) : 0;
  if (got === 0 || (family !== undefined && got !== family)) {
    throw Http3ConfigError.invalid(path, value, family ? `an IPv${family} address` : 'an IPv4 or IPv6 address');
  }
  return value as string;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** read a Kubernetes qualified name (label and annotation keys): optional DNS-subdomain prefix and a name of at most 63 */
export function readQualifiedName(value: unknown, path: string): string {
  const expected = 'a qualified name ("[prefix/]name", name at most 63 alphanumerics, "-", "_" or ".", prefix a DNS subdomain)';
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, expected);
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  const prefixOk =
    prefix === undefined ||
    (prefix.length <= 253 && prefix.split('.').every((label) => label.length <= 63 && DNS1123_LABEL.test(label)));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) throw Http3ConfigError.invalid(path, value, expected);
  return value;
}

/** read a map of Kubernetes labels (keys qualified names, values at most 63 alphanumerics, "-", "_", "." or empty) */
export function readLabels(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw Http3ConfigError.invalid(path, value, 'a map of label names to values');
  const out: Record<string, string> = {};
  for (const [key, labelValue] of Object.entries(value)) {
    readQualifiedName(key, `${path}[${JSON.stringify(key)}]`);
    if (typeof labelValue !== 'string' || labelValue.length > 63 || (labelValue !== '' && !LABEL_NAME.test(labelValue))) {
      throw Http3ConfigError.invalid(
        `${path}[${JSON.stringify(key)}]`,
        labelValue,
        'a label value (at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric, or empty)',
      );
    }
    out[key] = labelValue;
  }
  return out;
}

/** read a map of Kubernetes annotations (keys qualified names, values any string) */
export function readAnnotations(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw Http3ConfigError.invalid(path, value, 'a map of annotation names to string values');
  const out: Record<string, string> = {};
  for (const [key, annotationValue] of Object.entries(value)) {
    readQualifiedName(key, `${path}[${JSON.stringify(key)}]`);
    if (typeof annotationValue !== 'string') {
      throw Http3ConfigError.invalid(`${path}[${JSON.stringify(key)}]`, annotationValue, 'a string (quote numbers and booleans)');
    }
    out[key] = annotationValue;
  }
  return out;
}

/**
 * Read a "name or object" prop: a bare string is shorthand for `{ [discriminant]: value }`, allowed only
 * where no other field is required.
 */
export function readShorthand(value: unknown, path: string, discriminant: string): Record<string, unknown> {
  if (typeof value === 'string') return { [discriminant]: value };
  if (!isPlainObject(value)) {
    const article = /^[aeiou]/.test(discriminant) ? 'an' : 'a';
    throw Http3ConfigError.invalid(path, value, `${article} ${discriminant} string or an object with ${article} "${discriminant}" field`);
  }
  return value;
}

/** compare dotted version strings numerically (`1.30` < `1.31`, `0.14.8` < `0.14.9`) */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** read a dotted numeric version such as `1.30`, `0.14.9` or `2.13.0` (a leading `v` is accepted and dropped) */
export function readVersion(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^v?\d+(\.\d+){1,2}$/.test(value)) {
    throw Http3ConfigError.invalid(path, value, 'a version such as "1.30" or "0.14.9"');
  }
  return value.replace(/^v/, '');
}

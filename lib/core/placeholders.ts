/**
 * Placeholders: how values that are not known yet pass through the pure core.
 *
 * The Pulumi adapter swaps every `pulumi.Input` leaf (a hostname, a certificate PEM, an IP) for an opaque
 * placeholder string, runs the core, then puts the Inputs back where the placeholders landed. The core
 * treats a placeholder as "a valid value of the right kind, known later": validators skip it, and the
 * adapter runs the same core again on the resolved values at deployment, so a bad value fails there with
 * the same message it would have had at construction (the aws-cdk Token idea).
 */

const PREFIX = '{{kube-http3:input:';
const SUFFIX = '}}';
const PATTERN = /\{\{kube-http3:input:(\d+)\}\}/g;

/** the placeholder standing for the input with this index */
export function placeholder(index: number): string {
  return `${PREFIX}${index}${SUFFIX}`;
}

/** true when the whole value is one placeholder */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^\{\{kube-http3:input:\d+\}\}$/.test(value);
}

/** true when the string contains at least one placeholder */
export function containsPlaceholder(value: string): boolean {
  return value.includes(PREFIX);
}

/**
 * Split a string into literal parts and placeholder indexes, in order.
 * `'a{{kube-http3:input:0}}b'` gives `['a', 0, 'b']`.
 */
export function splitPlaceholders(value: string): Array<string | number> {
  const parts: Array<string | number> = [];
  let last = 0;
  for (const match of value.matchAll(PATTERN)) {
    if (match.index > last) parts.push(value.slice(last, match.index));
    parts.push(Number(match[1]));
    last = match.index + match[0].length;
  }
  if (last < value.length) parts.push(value.slice(last));
  return parts;
}

/**
 * @internal how `pulumi.Input` leaves pass through the pure core (the aws-cdk Token idea).
 *
 * 1. `extractInputs` swaps every Output or Promise in the args for a placeholder string and keeps the
 *    Inputs aside, so the core runs on plain values and decides which resources exist.
 * 2. `checkedInputs` re-runs the same core on the resolved values inside one `apply`: a bad value fails
 *    there with the same message it would have had at construction. Every Input handed to a resource
 *    depends on that check, so nothing is deployed with an invalid value.
 * 3. `restoreInputs` walks the core's output and puts the (checked) Inputs back: a whole-value placeholder
 *    becomes the Input itself, a placeholder inside a longer string becomes an interpolation.
 *
 * No resource is ever created inside an `apply`.
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from '../core/errors';
import { containsPlaceholder, isPlaceholder, placeholder, splitPlaceholders } from '../core/placeholders';
import { isPlainObject } from '../core/validate';

/** the args with Inputs swapped for placeholders, and the Inputs in placeholder order */
export interface ExtractedInputs<T> {
  readonly plain: T;
  readonly inputs: ReadonlyArray<pulumi.Output<unknown>>;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** apply `leaf` to every value below arrays and plain objects, keeping their shape */
function mapLeaves(value: unknown, leaf: (value: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf)]));
  return leaf(value);
}

/**
 * Fill the placeholders of every string below `value`: a string that is one placeholder becomes `whole(index)`,
 * a string with placeholders among other text becomes `joined(parts)` (literal parts and indexes, in order).
 */
function fillPlaceholders(value: unknown, whole: (index: number) => unknown, joined: (parts: Array<string | number>) => unknown): unknown {
  return mapLeaves(value, (leaf) => {
    if (typeof leaf !== 'string' || !containsPlaceholder(leaf)) return leaf;
    const parts = splitPlaceholders(leaf);
    return parts.length === 1 && typeof parts[0] === 'number' ? whole(parts[0]) : joined(parts);
  });
}

/** swap every Output or Promise in `args` for a placeholder */
export function extractInputs<T>(args: T): ExtractedInputs<T> {
  const inputs: Array<pulumi.Output<unknown>> = [];
  const plain = mapLeaves(args, (value) => {
    if (!pulumi.Output.isInstance(value) && !isPromiseLike(value)) return value;
    inputs.push(pulumi.output(value as pulumi.Input<unknown>));
    return placeholder(inputs.length - 1);
  });
  return { plain: plain as T, inputs };
}

/** replace placeholders in a plain value with resolved values */
function substitute(value: unknown, values: readonly unknown[]): unknown {
  return fillPlaceholders(value, (i) => values[i], (parts) => parts.map((p) => (typeof p === 'number' ? String(values[p]) : p)).join(''));
}

/** the Inputs of one construction, checked, and the check itself */
export interface CheckedInputs {
  /** the Inputs in placeholder order, each resolving only once the check has passed */
  readonly inputs: ReadonlyArray<pulumi.Output<unknown>>;
  /** resolves to true once the core accepted the resolved values (undefined when there are no Inputs) */
  readonly gate?: pulumi.Output<boolean>;
}

/**
 * Gate the Inputs on one check that re-runs `synthesize` on the resolved args. The gate itself is not
 * secret, so secret Inputs stay secret and plain ones stay plain.
 */
export function checkedInputs<T>(extracted: ExtractedInputs<T>, synthesize: (args: T) => unknown): CheckedInputs {
  if (extracted.inputs.length === 0) return { inputs: [] };
  const gate = pulumi.unsecret(
    pulumi.all([...extracted.inputs]).apply((values: unknown[]) => {
      synthesize(substitute(extracted.plain, values) as T);
      return true;
    }),
  );
  return { inputs: extracted.inputs.map((input) => pulumi.all([gate, input]).apply(([, value]) => value)), gate };
}

/** put the Inputs back into a value produced by the core */
export function restoreInputs(value: unknown, inputs: ReadonlyArray<pulumi.Output<unknown>>): any {
  return fillPlaceholders(
    value,
    (i) => inputs[i],
    (parts) => pulumi.all(parts.map((p) => (typeof p === 'number' ? inputs[p] : p))).apply((xs) => xs.map(String).join('')),
  );
}

/**
 * Run the core on args that may hold Inputs. A prop that must be plain (it decides which resources exist, or
 * it is not a leaf) given as an Output surfaces in the core as a placeholder: that error is rephrased.
 */
export function runCore<T, R>(args: T, synthesize: (args: T) => R): { result: R; checked: CheckedInputs; extracted: ExtractedInputs<T> } {
  const extracted = extractInputs(args);
  let result: R;
  try {
    result = synthesize(extracted.plain);
  } catch (e) {
    if (Http3ConfigError.isHttp3ConfigError(e) && isPlaceholder(e.value)) {
      throw new Http3ConfigError(
        e.prop,
        e.value,
        `${e.prop} must be a plain value, got a pulumi Output or Promise: only leaf values (hostnames, certificate and key PEM, addresses) may be Inputs, because the others decide which resources exist and no resource is created inside apply; resolve it before constructing the component`,
      );
    }
    throw e;
  }
  return { result, checked: checkedInputs(extracted, synthesize), extracted };
}

/** put the Inputs back into a value produced by the core, as one Output */
export function restoreOutput<T>(value: T, inputs: ReadonlyArray<pulumi.Output<unknown>>): pulumi.Output<T> {
  return pulumi.output(restoreInputs(value, inputs)) as pulumi.Output<T>;
}

/**
 * Run the core again at deployment, on the resolved Inputs and on values only the cluster knows (`extra`, e.g.
 * a Service's address), transformed into props by `transform`: one Output of the whole result.
 */
export function synthesizeAtDeployment<T, R, X>(
  extracted: ExtractedInputs<T>,
  extra: pulumi.Output<X>,
  transform: (args: T, extra: X) => T,
  synthesize: (args: T) => R,
): pulumi.Output<R> {
  return pulumi.all([extra, ...extracted.inputs]).apply(([x, ...values]) =>
    synthesize(transform(substitute(extracted.plain, values) as T, x as X))) as pulumi.Output<R>;
}

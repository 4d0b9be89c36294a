/**
 * Pulumi mocks for jest: every resource registration is recorded, and helpers turn the records into the
 * plain manifests a Kubernetes provider would receive.
 */
import * as vm from 'node:vm';
import * as pulumi from '@pulumi/pulumi';

/** the registrations of the current test (reset by resetRegistrations) */
export const registered: pulumi.runtime.MockResourceArgs[] = [];

/** extra outputs a test gives some resources, e.g. a Service's status (the mocks echo the inputs otherwise) */
let extraState: ((args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined) | undefined;

/** give resources extra outputs (undefined: none) */
export function setExtraState(fn: typeof extraState): void {
  extraState = fn;
}

/** install the mocks (await it in beforeAll, before any component is constructed) */
export async function setupMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        registered.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...extraState?.(args) } };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return args.inputs;
      },
    },
    'project',
    'stack',
    false,
  );
}

/** forget the registrations of earlier tests */
export function resetRegistrations(): void {
  registered.length = 0;
}

/** the value of an Output */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply(resolve));
}

/** wait until a component and all its children are registered */
export async function settle(component: pulumi.ComponentResource, children: readonly pulumi.Resource[] = []): Promise<void> {
  await promiseOf(component.urn);
  await Promise.all(children.map((c) => promiseOf(c.urn)));
}

/** the manifests of the custom (Kubernetes) resources registered, keyed `${type} ${name}` for stable order */
export function registeredManifests(): Array<{ type: string; name: string; manifest: Record<string, unknown> }> {
  return registered
    .filter((r) => r.custom)
    .map((r) => ({ type: r.type, name: r.name, manifest: r.inputs as Record<string, unknown> }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** the envelope key and signature of a Pulumi secret, as the mocks see secret inputs: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }` */
export const SECRET_SIG_KEY = pulumi.runtime.specialSigKey;
export const SECRET_SIG = pulumi.runtime.specialSecretSig;

/** true when a registered input value is a Pulumi secret envelope */
export function isSecretEnvelope(value: unknown): value is { readonly value: unknown } {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** a registered input with every secret envelope replaced by the value it wraps (for schema checks and comparisons) */
export function unsecret<T>(value: T): T {
  if (isSecretEnvelope(value)) return unsecret(value.value) as T;
  if (Array.isArray(value)) return value.map((v) => unsecret(v)) as unknown as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsecret(v)])) as T;
  }
  return value;
}

/** a value with the keys of every object sorted, recursively (cdk8s sorts keys at synth, Pulumi keeps insertion order) */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as unknown as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])])) as T;
  }
  return value;
}

/** manifests as a sorted list of canonical JSON strings, to compare two sets of manifests whatever their order */
export function canonicalSet(manifests: readonly unknown[]): string[] {
  return manifests.map((m) => JSON.stringify(sortKeysDeep(m))).sort();
}

/** the one registration of this type and name (fails when there is none or more than one) */
export function findRegistered(type: string, name: string): pulumi.runtime.MockResourceArgs {
  const found = registered.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    const all = registered.map((r) => `${r.type} ${r.name}`).join(', ');
    throw new Error(`expected one registration of ${type} ${name}, found ${found.length}: ${all}`);
  }
  return found[0];
}

/** the custom resources registered, secret-unwrapped, as plain manifests (in registration-independent order) */
export function customInputs(): Array<Record<string, unknown>> {
  // Kubernetes objects only: DNS provider records (cloudflare, aws, gcp) are not manifests
  return registeredManifests().filter((r) => r.type.startsWith('kubernetes:')).map((r) => unsecret(r.manifest));
}

/** the URN the mock monitor gives a resource of `type` named `name` whose parent has type `parentType` */
export function childUrn(parentType: string, type: string, name: string): string {
  return `urn:pulumi:stack::project::${parentType}$${type}::${name}`;
}

/**
 * Wait until every resource registration started so far has finished or failed (the Pulumi SDK's RPC queue
 * is drained). Registrations of resources whose inputs reject fail without ever resolving their URN, so
 * awaiting URNs cannot tell when they are over; this can.
 */
export async function drainRegistrations(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof runtime.waitForRPCs !== 'function') throw new Error('@pulumi/pulumi no longer exports runtime.waitForRPCs: update drainRegistrations');
  await runtime.waitForRPCs();
  // Node reports unhandled rejections once the microtask queue is empty: let one macrotask pass
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Run `deploy` (which constructs resources) and return the errors that make the deployment fail, in the order
 * they surfaced.
 *
 * When an Input of a resource rejects (e.g. a deferred validation failing inside an `apply`), the Pulumi SDK
 * cannot serialize the resource's inputs, never registers it, and rethrows the error as an unhandled promise
 * rejection: that is what fails `pulumi up`. Jest runs test files in a vm context whose `process` is a copy,
 * and pins unhandled rejections of the host process on whatever test is running. So while `deploy` runs and
 * until every registration has settled, the host process's `unhandledRejection` listeners are swapped for one
 * that records, then restored: nothing leaks into other tests, and an unexpected rejection is returned too
 * (so the caller's exact assertion on the list fails).
 */
export async function deploymentErrors(deploy: () => unknown): Promise<unknown[]> {
  // the host process (the sandbox's `process` is a copy that never receives 'unhandledRejection')
  const host = vm.runInThisContext('process') as NodeJS.Process;
  const saved = host.rawListeners('unhandledRejection') as Array<(...args: unknown[]) => void>;
  const errors: unknown[] = [];
  const record = (reason: unknown): void => {
    errors.push(reason);
  };
  host.removeAllListeners('unhandledRejection');
  host.on('unhandledRejection', record);
  try {
    await deploy();
    await drainRegistrations();
  } finally {
    host.removeListener('unhandledRejection', record);
    for (const listener of saved) host.on('unhandledRejection', listener);
  }
  return errors;
}

/**
 * A message without the context the Pulumi SDK prepends while serializing inputs (`error serializing property
 * "spec": `). The SDK prepends it to the error object itself, once per resource that carried the rejected Input.
 */
export function withoutSerializationContext(message: string): string {
  return message.replace(/^(error serializing property "[^"]*": )+/, '');
}

/** the error `fn` throws (fails the test when it throws nothing) */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

/**
 * Forget earlier registrations once every registration started so far has settled (use it in beforeEach):
 * a component whose constructor threw was still registered, asynchronously, and must not land in the next
 * test's records.
 */
export async function freshRegistrations(): Promise<void> {
  await drainRegistrations();
  resetRegistrations();
}

/** order [type, name, ...] rows by type, then name (code-unit order: independent of the locale) */
export function byTypeAndName(a: readonly unknown[], b: readonly unknown[]): number {
  const ka = `${a[0]} ${a[1]}`;
  const kb = `${b[0]} ${b[1]}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** the message runCore gives for a prop that must be plain but came as a pulumi Output or Promise */
export function plainValueMessage(prop: string): string {
  return `${prop} must be a plain value, got a pulumi Output or Promise: only leaf values (hostnames, certificate and key PEM, addresses) `
    + 'may be Inputs, because the others decide which resources exist and no resource is created inside apply; resolve it before '
    + 'constructing the component';
}

/**
 * Pulumi mocks for jest: every resource registration is recorded, and helpers turn the records into the
 * plain manifests a Kubernetes provider would receive.
 */
import * as pulumi from '@pulumi/pulumi';

/** the registrations of the current test (reset by resetRegistrations) */
export const registered: pulumi.runtime.MockResourceArgs[] = [];

/** install the mocks (await it in beforeAll, before any component is constructed) */
export async function setupMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        registered.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
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

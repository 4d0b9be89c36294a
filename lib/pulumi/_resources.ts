/**
 * @internal the one place where core output becomes Pulumi resources. No HTTP/3 knowledge here: core kinds
 * become `k8s.core.v1.*`, everything else `k8s.apiextensions.CustomResource`, each named
 * `${name}-${role}` with `{ parent }`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { renderArtifact } from '../core/artifacts';
import { Http3ConfigError } from '../core/errors';
import { serviceIndexes } from '../core/quic-listener';
import type { DnsPulumiResource } from '../dns-providers/dns-provider';
import type { Artifact, SynthesizedResource } from '../core/types';
import { restoreInputs, restoreOutput, type CheckedInputs } from './_inputs';

/**
 * Create one resource per synthesized manifest, in order. When the construction had Inputs, every
 * resource's metadata waits for the check of their resolved values, so nothing is created from a
 * configuration the core refuses.
 */
export function createResources(
  parent: pulumi.ComponentResource,
  name: string,
  resources: readonly SynthesizedResource[],
  checked: CheckedInputs,
): pulumi.CustomResource[] {
  const opts: pulumi.CustomResourceOptions = { parent };
  const gate = checked.gate;
  return resources.map(({ role, manifest }) => {
    const childName = `${name}-${role}`;
    const restored = restoreInputs(manifest, checked.inputs);
    const args = gate ? { ...restored, metadata: pulumi.all([gate, restored.metadata]).apply(([, metadata]) => metadata) } : restored;
    switch (`${manifest.apiVersion}/${manifest.kind}`) {
      case 'v1/Service':
        return new k8s.core.v1.Service(childName, args, opts);
      case 'v1/Secret':
        // Secret data is secret in the state, whatever form the key material came in
        return new k8s.core.v1.Secret(childName, { ...args, stringData: pulumi.secret(args.stringData) }, opts);
      case 'v1/ConfigMap':
        return new k8s.core.v1.ConfigMap(childName, args, opts);
      default:
        return new k8s.apiextensions.CustomResource(childName, args, opts);
    }
  });
}

/** the artifacts as an Output map from file name to file text */
export function artifactsOutput(artifacts: readonly Artifact[], checked: CheckedInputs): pulumi.Output<Record<string, string>> {
  return restoreOutput(Object.fromEntries(artifacts.map((a) => [a.fileName, renderArtifact(a)])), checked.inputs);
}

/** the Services among the resources, by name, in the order of the names */
export function servicesOf(
  resources: readonly SynthesizedResource[],
  created: readonly pulumi.CustomResource[],
  names: readonly string[],
): k8s.core.v1.Service[] {
  return serviceIndexes(resources, names).map((index) => created[index] as k8s.core.v1.Service);
}

/** load a DNS provider's Pulumi package (an optional peer dependency, loaded only when used) */
function loadPackage(module: string): Record<string, unknown> {
  try {
    return require(module) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Http3ConfigError('dns.provider', module, `dns.provider needs the Pulumi package ${module}, an optional peer dependency of kube-http3; install it (npm install ${module})`);
  }
}

/**
 * Create the DNS provider resources of the records, each `${name}-${role}` with `{ parent }`. With Inputs,
 * every field waits for the check of their resolved values, as the Kubernetes resources do.
 */
export function createDnsResources(
  parent: pulumi.ComponentResource,
  name: string,
  resources: readonly DnsPulumiResource[],
  checked: CheckedInputs,
  atDeployment?: pulumi.Output<readonly DnsPulumiResource[]>,
): pulumi.CustomResource[] {
  return resources.map((r, i) => {
    const pkg = loadPackage(r.module);
    const Resource = r.resource.reduce<unknown>((m, key) => (m as Record<string, unknown>)[key], pkg) as new (
      name: string,
      args: Record<string, unknown>,
      opts: pulumi.CustomResourceOptions,
    ) => pulumi.CustomResource;
    // the args known at construction, or, where they depend on the cluster (address hints), the same fields of the
    // synthesis run at deployment
    const restored = atDeployment
      ? Object.fromEntries(Object.keys(r.args).map((k) => [k, atDeployment.apply((list) => list[i].args[k])]))
      : (restoreInputs(r.args, checked.inputs) as Record<string, unknown>);
    const gate = checked.gate;
    const args = gate
      ? Object.fromEntries(Object.entries(restored).map(([k, v]) => [k, pulumi.all([gate, v]).apply(([, value]) => value)]))
      : restored;
    return new Resource(`${name}-${r.role}`, args, { parent });
  });
}

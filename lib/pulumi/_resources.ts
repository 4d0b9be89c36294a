/**
 * @internal the one place where core output becomes Pulumi resources. No HTTP/3 knowledge here: core kinds
 * become `k8s.core.v1.*`, everything else `k8s.apiextensions.CustomResource`, each named
 * `${name}-${role}` with `{ parent }`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { renderArtifact } from '../core/artifacts';
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
  return names.map((n) => created[resources.findIndex((r) => r.manifest.kind === 'Service' && r.manifest.metadata.name === n)] as k8s.core.v1.Service);
}

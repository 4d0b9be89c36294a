/**
 * @internal the one place where core output becomes cdk8s ApiObjects. No HTTP/3 knowledge here: each
 * synthesized manifest becomes an ApiObject whose id comes from its role (`Resource` for the primary one).
 */
import { ApiObject, Names } from 'cdk8s';
import type { Construct } from 'constructs';
import { MAX_NAME_LENGTH } from '../core/naming';
import { serviceIndexes } from '../core/quic-listener';
import type { Artifact, Synthesis, SynthesizedResource } from '../core/types';

const ARTIFACTS = Symbol.for('kube-http3.cdk8s.artifacts');

/** the cdk8s child id of a role: `Resource` for the primary resource, PascalCase of the role otherwise */
export function childId(resource: SynthesizedResource): string {
  if (resource.primary) return 'Resource';
  return resource.role.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/** create one ApiObject per synthesized resource under `scope`, in order */
export function addApiObjects(scope: Construct, resources: readonly SynthesizedResource[]): ApiObject[] {
  return resources.map((resource) => new ApiObject(scope, childId(resource), resource.manifest as never));
}

/** remember the artifacts of a construct, for writeArtifacts() */
export function attachArtifacts(scope: Construct, artifacts: readonly Artifact[]): void {
  Object.defineProperty(scope, ARTIFACTS, { value: artifacts, enumerable: false });
}

/** the artifacts attached to a construct (empty when none) */
export function artifactsOf(scope: Construct): readonly Artifact[] {
  return ((scope as unknown as Record<symbol, unknown>)[ARTIFACTS] as readonly Artifact[] | undefined) ?? [];
}

/**
 * The default `name` of a construct: a DNS label derived from its path (with a hash, as cdk8s names
 * objects). Service names must start with a letter, so a path starting with a digit (a chart id such as
 * `2024`) gets an `h3-` prefix.
 */
export function defaultName(scope: Construct): string {
  const label = Names.toDnsLabel(scope, { maxLen: MAX_NAME_LENGTH });
  return /^[a-z]/.test(label) ? label : Names.toDnsLabel(scope, { maxLen: MAX_NAME_LENGTH - 3 }).replace(/^/, 'h3-');
}

/** add a synthesis to a construct: its ApiObjects (returned, in order) and its artifacts */
export function addSynthesis(scope: Construct, synthesis: Synthesis): ApiObject[] {
  attachArtifacts(scope, synthesis.artifacts);
  return addApiObjects(scope, synthesis.resources);
}

/** the ApiObjects of the Services named, in the order of the names */
export function servicesOf(synthesis: Synthesis, apiObjects: readonly ApiObject[], names: readonly string[]): ApiObject[] {
  return serviceIndexes(synthesis.resources, names).map((index) => apiObjects[index]);
}

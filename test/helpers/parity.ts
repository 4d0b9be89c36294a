/**
 * What every parity test does on both sides: synthesize a cdk8s construct alone, collect what a Pulumi component
 * registered, compare artifacts, take an example chart apart, check that both adapters refuse with one message; and
 * the providers and TLS forms the gateway parity tables share.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ApiObject, Testing, type App, type Chart } from 'cdk8s';
import { Http3ConfigError, renderArtifact, type Artifact, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import type { PemPair } from './certs';
import { customInputs, freshRegistrations, settle, thrownBy } from './pulumi';
import type { ManifestCollector } from './schemas';

/** the artifacts of a cdk8s construct as the Pulumi adapter exposes them: file name to file text */
export function artifactMap(artifacts: readonly Artifact[]): Record<string, string> {
  return Object.fromEntries(artifacts.map((a) => [a.fileName, renderArtifact(a)]));
}

/** synthesize a cdk8s construct alone in a chart */
export function synthCdk8s<C>(build: (chart: Chart) => C): { construct: C; manifests: unknown[] } {
  const chart = Testing.chart();
  const construct = build(chart);
  return { construct, manifests: Testing.synth(chart) };
}

/**
 * A function that waits for a Pulumi component (and the resources it depends on) to settle and returns the custom
 * resources it registered, each batch added to `collector` for the published-schema check.
 */
export function registeredInto(
  collector: ManifestCollector,
): (component: pulumi.ComponentResource, children?: readonly pulumi.Resource[]) => Promise<Array<Record<string, unknown>>> {
  return async (component, children = []) => {
    await settle(component, children);
    const manifests = customInputs();
    collector.add(manifests);
    return manifests;
  };
}

/** an example chart taken apart: its one Http3Gateway, that gateway's manifests, the chart's own objects, the whole synth */
export interface Cdk8sExample {
  readonly gateway: k8.Http3Gateway;
  readonly gatewayManifests: unknown[];
  readonly demo: unknown[];
  readonly all: unknown[];
}

/** build an example chart in a fresh app; it must have the id `id` and exactly one Http3Gateway */
export function cdk8sExampleOf(makeChart: (app: App) => Chart, id: string): Cdk8sExample {
  const chart = makeChart(Testing.app());
  expect(chart.node.id).toBe(id);
  const gateways = chart.node.children.filter((c): c is k8.Http3Gateway => c instanceof k8.Http3Gateway);
  expect(gateways).toHaveLength(1);
  const [gateway] = gateways;
  return {
    gateway,
    gatewayManifests: gateway.apiObjects.map((o) => o.toJson()),
    demo: chart.node.children.filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson()),
    all: Testing.synth(chart),
  };
}

/** both adapters throw the core's error with exactly `message`, and the Pulumi side registers no resource */
export async function expectSameRefusal(fromCdk8s: () => unknown, fromPulumi: () => unknown, message: string): Promise<void> {
  const cdk8sError = thrownBy(fromCdk8s);
  const pulumiError = thrownBy(fromPulumi);
  expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
  expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
  expect(cdk8sError.message).toBe(message);
  expect(pulumiError.message).toBe(message);
  await freshRegistrations();
  expect(customInputs()).toEqual([]);
}

/** the providers the gateway parity tables run every implementation over, by row title */
export const PARITY_PROVIDERS = {
  'generic': 'generic',
  'kind': 'kind',
  'metallb single': { name: 'metallb', address: '192.0.2.10' },
  'metallb two-services': { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
  'aws-lbc': { name: 'aws-lbc', scheme: 'internet-facing' },
} as const;

/** the three in-cluster TLS forms of Http3Gateway */
export type TlsForm = 'secretName' | 'PEM' | 'certManager';
export const TLS_FORMS: readonly TlsForm[] = ['secretName', 'PEM', 'certManager'];

/** the `tls` prop of one form; PEM uses `pem` */
export function tlsOfForm(form: TlsForm, pem: PemPair): Http3GatewayOptions['tls'] {
  switch (form) {
    case 'secretName':
      return { secretName: 'shop-credential' };
    case 'PEM':
      return { certificate: pem.certificate, privateKey: pem.privateKey };
    case 'certManager':
      return { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } };
  }
}

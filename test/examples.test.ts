/**
 * The example programs: each Pulumi program, run under mocks, registers what its cdk8s twin synthesizes.
 * The Http3Gateway children equal the cdk8s Http3Gateway's ApiObjects; the demo objects travel in one
 * `kubernetes:yaml/v2:ConfigGroup` (a remote component: under mocks only its `objs` input is visible) and equal
 * the cdk8s chart's own ApiObjects; the stack outputs equal the cdk8s construct's values.
 */
import type { Chart } from 'cdk8s';
import { renderArtifact } from 'kube-http3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES } from '../examples/cdk8s/main';
import { envoyGatewayAwsLbc } from '../examples/envoy-gateway-aws-lbc/pulumi';
import { istioKindMetallb } from '../examples/istio-kind-metallb/pulumi';
import { PROGRAMS } from '../examples/pulumi/programs';
import {
  byTypeAndName,
  canonicalSet,
  customInputs,
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setupMocks,
} from './helpers/pulumi';
import { expectStrictlyValid, ManifestCollector } from './helpers/schemas';
import { cdk8sExampleOf, type Cdk8sExample } from './helpers/parity';

const collector = new ManifestCollector();
const demoObjects: object[] = [];

beforeAll(setupMocks);
beforeEach(freshRegistrations);

/** the cdk8s side of an example: the Http3Gateway's manifests and values, and the chart's own demo objects */
function cdk8sExample(id: string): Cdk8sExample {
  return cdk8sExampleOf((app) => EXAMPLES[id](app) as Chart, id);
}

/** the registrations as [type, name, custom], sorted */
function registrations(): Array<[string, string, boolean]> {
  return registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName);
}

/** every folder of examples/ that holds an example (a cdk8s.ts and a pulumi.ts) */
const EXAMPLE_IDS = readdirSync(join(__dirname, '..', 'examples'))
  .filter((d) => existsSync(join(__dirname, '..', 'examples', d, 'cdk8s.ts')) && existsSync(join(__dirname, '..', 'examples', d, 'pulumi.ts')))
  .sort();

test('examples/cdk8s/main.ts and examples/pulumi/programs.ts list every example folder, by its name', () => {
  expect([...Object.keys(EXAMPLES)].sort()).toEqual(EXAMPLE_IDS);
  expect([...Object.keys(PROGRAMS)].sort()).toEqual(EXAMPLE_IDS);
});

test('each chart holds only its demo objects and one Http3Gateway', () => {
  for (const id of EXAMPLE_IDS) {
    const { gatewayManifests, demo, all } = cdk8sExample(id);
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
  }
});

describe.each(EXAMPLE_IDS)('example %s: the Pulumi program registers what the cdk8s chart synthesizes', (id) => {
  test('the Http3Gateway children, the ConfigGroup objs and the stack outputs', async () => {
    const outputs = PROGRAMS[id]();
    await drainRegistrations();
    const cdk8s = cdk8sExample(id);
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const groups = registered.filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup');
    expect(groups).toHaveLength(1);
    expect(canonicalSet(groups[0].inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    // the outputs every example exports equal the construct's values
    const known: Record<string, unknown> = {
      altSvc: cdk8s.gateway.altSvcValue,
      httpsRecords: cdk8s.gateway.httpsRecords.map((r) => r.text),
      tlsSecretName: cdk8s.gateway.tlsSecretName,
      artifacts: Object.fromEntries(cdk8s.gateway.artifacts.map((a) => [a.fileName, renderArtifact(a)])),
    };
    expect(Object.keys(outputs).length).toBeGreaterThan(0);
    for (const [key, output] of Object.entries(outputs)) {
      expect(Object.keys(known)).toContain(key);
      expect(await promiseOf(output)).toEqual(known[key]);
    }
    allExampleManifests.push(...manifests, ...(groups[0].inputs.objs as object[]));
  });
});

const allExampleManifests: object[] = [];

describe('istio-kind-metallb', () => {
  test('registers the demo ConfigGroup, the Http3Gateway and its children', async () => {
    istioKindMetallb();
    await drainRegistrations();
    expect(registrations()).toEqual([
      ['kube-http3:index:Http3Gateway', 'httpbin', false],
      ['kubernetes:core/v1:Service', 'httpbin-service', true],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin-gateway', true],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin-virtual-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'istio-kind-metallb-demo', false],
    ]);
  });

  test('the Http3Gateway children equal the cdk8s Http3Gateway objects, and the ConfigGroup objs the demo objects', async () => {
    istioKindMetallb();
    await drainRegistrations();
    const cdk8s = cdk8sExample('istio-kind-metallb');
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(Object.keys(group.inputs)).toEqual(['objs']);
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service', 'IPAddressPool', 'L2Advertisement']);
    demoObjects.push(...(group.inputs.objs as object[]));
  });

  test('the MetalLB address lands on the Service the demo curl reaches', async () => {
    istioKindMetallb();
    await drainRegistrations();
    const service = registered.find((r) => r.name === 'httpbin-service')!;
    expect(service.inputs.metadata).toEqual({
      name: 'httpbin',
      namespace: 'istio-system',
      labels: { 'app.kubernetes.io/instance': 'httpbin', 'app.kubernetes.io/managed-by': 'kube-http3' },
      annotations: { 'metallb.io/loadBalancerIPs': '172.18.255.200' },
    });
  });

  test('the stack outputs equal the cdk8s construct values', async () => {
    const outputs = istioKindMetallb();
    const { gateway } = cdk8sExample('istio-kind-metallb');
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['httpbin.example.com. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(gateway.httpsRecords.map((r) => r.text));
    expect(await promiseOf(outputs.artifacts)).toEqual(Object.fromEntries(gateway.artifacts.map((a) => [a.fileName, renderArtifact(a)])));
    await drainRegistrations();
  });
});

describe('envoy-gateway-aws-lbc', () => {
  test('registers the demo ConfigGroup, the Http3Gateway and its children (no Service: Envoy Gateway generates it), and the Route 53 records', async () => {
    envoyGatewayAwsLbc();
    await drainRegistrations();
    expect(registrations()).toEqual([
      ['aws:route53/record:Record', 'shop-https-record-0', true],
      ['aws:route53/record:Record', 'shop-https-record-1', true],
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-certificate', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'shop-client-traffic-policy', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'shop-envoy-proxy', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'shop-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'shop-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'envoy-gateway-aws-lbc-demo', false],
    ]);
  });

  test('the Http3Gateway children equal the cdk8s Http3Gateway objects, and the ConfigGroup objs the demo objects', async () => {
    envoyGatewayAwsLbc();
    await drainRegistrations();
    const cdk8s = cdk8sExample('envoy-gateway-aws-lbc');
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(Object.keys(group.inputs)).toEqual(['objs']);
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'GatewayClass']);
    demoObjects.push(...(group.inputs.objs as object[]));
  });

  test('the stack outputs equal the cdk8s construct values', async () => {
    const outputs = envoyGatewayAwsLbc();
    const { gateway } = cdk8sExample('envoy-gateway-aws-lbc');
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(gateway.httpsRecords.map((r) => r.text));
    expect(await promiseOf(outputs.tlsSecretName)).toBe('shop-tls');
    expect(await promiseOf(outputs.tlsSecretName)).toBe(gateway.tlsSecretName);
    await drainRegistrations();
  });
});

describe('envoy-gateway-kind', () => {
  test('Envoy Gateway generates the one mixed Service itself: no EnvoyProxy, no Service, no HTTPS record', () => {
    const { gateway, gatewayManifests } = cdk8sExample('envoy-gateway-kind');
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'HTTPRoute', 'ClientTrafficPolicy']);
    expect(gateway.httpsRecords).toEqual([]);
    expect(gateway.tlsSecretName).toBe('shop-local-tls');
    expect(gateway.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('the report says cloud-provider-kind proxies the flows: the gateway does not see client addresses', () => {
    const { gateway } = cdk8sExample('envoy-gateway-kind');
    expect(gateway.report.clientIp.status).toBe('no');
    expect(gateway.report.quicTerminatedBy).toContain('Envoy Gateway');
  });
});

test('every example manifest passes the strict upstream validator (the demo objects too)', () => {
  expect(collector.size).toBe(8);
  expect(demoObjects).toHaveLength(7);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
  expect(allExampleManifests.length).toBeGreaterThan(EXAMPLE_IDS.length);
  expectStrictlyValid(allExampleManifests);
});

/**
 * Parity of the two adapters for the `k3s` provider (ServiceLB): for the same props, what cdk8s synthesizes
 * (`Testing.synth`) equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped),
 * the exposed values and the report agree, and refused props fail with the same Http3ConfigError message. Also the
 * k3s-servicelb example: the cdk8s chart and the Pulumi program give the same objects, and every manifest passes the
 * strict validator.
 */
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { k3sServicelb as k3sServicelbChart } from '../examples/k3s-servicelb/cdk8s';
import { k3sServicelb } from '../examples/k3s-servicelb/pulumi';
import {
  byTypeAndName,
  canonicalSet,
  customInputs,
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setupMocks,
  thrownBy,
} from './helpers/pulumi';
import { ManifestCollector } from './helpers/schemas';
import { artifactMap, type Cdk8sExample, cdk8sExampleOf, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const POOL = 'svccontroller.k3s.cattle.io/lbpool';

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'k3s' } }],
  [
    'node pool label, Cluster',
    { name: 'edge', selector: { app: 'edge' }, externalTrafficPolicy: 'Cluster', labels: { [POOL]: 'edge' }, provider: { name: 'k3s' } },
  ],
  ['two Services', { name: 'edge', selector: { app: 'edge' }, provider: { name: 'k3s', mixedProtocol: 'two-services' } }],
];

describe('MixedProtocolLoadBalancer', () => {
  test.each(loadBalancerRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', props));
    const component = new pu.MixedProtocolLoadBalancer('lb', props);
    const registered = await registeredBy(component, component.services);
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.serviceNames)).toEqual(construct.services.map((s) => s.name));
    expect(component.report).toEqual(construct.report);
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
} as const;
const K3S = { name: 'k3s' } as const;
const TWO_SERVICES = { name: 'k3s', mixedProtocol: 'two-services' } as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['istio x k3s', { ...BASE, gateway: 'istio', provider: { name: 'k3s' } }],
  ['istio x two Services, altSvc clear', { ...BASE, gateway: 'istio', provider: TWO_SERVICES, altSvc: { clear: true } }],
  ['envoy-gateway x k3s', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'k3s' } }],
  ['envoy-gateway x Cluster, dns false', { ...BASE, gateway: 'envoy-gateway', provider: K3S, externalTrafficPolicy: 'Cluster', dns: false }],
];

describe('Http3Gateway', () => {
  test.each(gatewayRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(3);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  test('the node-pool label as an annotation', async () => {
    const props = { selector: { app: 'edge' }, provider: { name: 'k3s', annotations: { [POOL]: 'edge' } } } as const;
    const cdk8sError = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', props));
    const pulumiError = thrownBy(() => new pu.MixedProtocolLoadBalancer('lb', props));
    const message = 'provider.annotations["svccontroller.k3s.cattle.io/lbpool"] "edge" is read from the Service\'s labels, not its annotations (k3s '
      + 'pkg/cloudprovider/servicelb.go), so ServiceLB would ignore it: set it with the labels prop of the construct instead; remove it';
    expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
    expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
    expect(cdk8sError.message).toBe(message);
    expect(pulumiError.message).toBe(message);
    await freshRegistrations();
    expect(customInputs()).toEqual([]);
  });
});

describe('examples/k3s-servicelb', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(k3sServicelbChart, 'k3s-servicelb');

  test('the chart holds the demo objects and one Http3Gateway: Gateway, VirtualService and the mixed ServiceLB Service', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'VirtualService', 'Service']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    const service = gatewayManifests.find((m) => (m as { kind: string }).kind === 'Service');
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'httpbin',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'httpbin', 'app.kubernetes.io/managed-by': 'kube-http3' },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    collector.add(all as object[]);
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    k3sServicelb();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'httpbin', false],
      ['kubernetes:core/v1:Service', 'httpbin-service', true],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin-gateway', true],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin-virtual-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'k3s-servicelb-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report says the client IP is lost', async () => {
    const outputs = k3sServicelb();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['httpbin.example.com. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.artifacts)).toEqual(artifactMap(gateway.artifacts));
    expect(gateway.report.clientIp.status).toBe('no');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['k3s-host-ports', 'cilium-host-port', 'istio-quic-setting']));
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

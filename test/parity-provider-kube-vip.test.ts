/**
 * Parity of the two adapters for the `kube-vip` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree (also with the address as a pulumi.Input, in the annotation and in spec.loadBalancerIP), and
 * refused props fail with the same Http3ConfigError message. Every manifest passes the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import {
  customInputs,
  canonicalSet,
  byTypeAndName,
  deploymentErrors,
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setupMocks,
  thrownBy,
  withoutSerializationContext,
} from './helpers/pulumi';
import { ManifestCollector } from './helpers/schemas';
import { istioKubeVip as istioKubeVipChart } from '../examples/istio-kube-vip/cdk8s';
import { istioKubeVip } from '../examples/istio-kube-vip/pulumi';
import { artifactMap, type Cdk8sExample, cdk8sExampleOf, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const ADDRESS = '192.0.2.20';
const CLASS = 'kube-vip.io/kube-vip-class';
const EDGE = { name: 'edge', selector: { app: 'edge' } };
const PINNED = { name: 'kube-vip', address: ADDRESS } as const;
const TWO_SERVICES = { name: 'kube-vip', mixedProtocol: 'two-services', address: ADDRESS } as const;

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults (cloud provider allocates)', { ...EDGE, namespace: 'web', targetPort: 8443, provider: { name: 'kube-vip' } }],
  ['pinned, class, Cluster', {
    name: 'edge',
    selector: { app: 'edge' },
    externalTrafficPolicy: 'Cluster',
    provider: { name: 'kube-vip', address: ADDRESS, loadBalancerClass: CLASS },
  }],
  ['kube-vip 0.5.0: spec.loadBalancerIP', { ...EDGE, provider: { name: 'kube-vip', version: '0.5.0', address: ADDRESS } }],
  ['two Services, common lease', {
    name: 'edge',
    selector: { app: 'edge' },
    labels: { team: 'web' },
    provider: { name: 'kube-vip', mixedProtocol: 'two-services', address: ADDRESS, leaseName: 'edge-vip' },
  }],
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

  test.each([
    ['an Output, two Services (annotation)', () => pulumi.output(ADDRESS), { mixedProtocol: 'two-services' }],
    ['a Promise, kube-vip 0.5.0 (spec.loadBalancerIP)', () => Promise.resolve(ADDRESS), { version: '0.5.0' }],
  ] as const)('the address as %s gives the manifests of the plain props', async (_title, input, options) => {
    const plain: k8.MixedProtocolLoadBalancerProps = { ...EDGE, provider: { name: 'kube-vip', ...options, address: ADDRESS } };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', { ...plain, provider: { name: 'kube-vip', ...options, address: input() } });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(JSON.stringify(registered)).toContain(ADDRESS);
    expect(component.report).toEqual(construct.report);
  });

  test('an address Input that resolves to 0.0.0.0 fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(
      () => new pu.MixedProtocolLoadBalancer('lb', { ...EDGE, provider: { name: 'kube-vip', address: pulumi.output('0.0.0.0') } }),
    );
    const plain = thrownBy(
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { ...EDGE, provider: { name: 'kube-vip', address: '0.0.0.0' } }),
    );
    expect(plain.message).toBe(
      'provider.address must be a specific IP address, got "0.0.0.0"; kube-vip reads 0.0.0.0 and :: as "obtain an address by DHCP"; for DHCP leave '
        + 'provider.address unset and set kube-vip.io/loadbalancerIPs through provider.annotations',
    );
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.address', value: '0.0.0.0' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
} as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['istio x pinned', { ...BASE, gateway: 'istio', provider: { name: 'kube-vip', address: ADDRESS } }],
  ['istio x two Services, Cluster', { ...BASE, gateway: 'istio', externalTrafficPolicy: 'Cluster', provider: TWO_SERVICES }],
  ['envoy-gateway x class, pinned', { ...BASE, gateway: 'envoy-gateway', provider: { ...PINNED, loadBalancerClass: CLASS } }],
  ['envoy-gateway x defaults, altSvc clear', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'kube-vip' }, altSvc: { clear: true } }],
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

  test('istio with the address as an Input gives the manifests of the plain props', async () => {
    const plain: Http3GatewayOptions = { ...BASE, gateway: 'istio', provider: TWO_SERVICES };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', {
      ...plain,
      provider: { name: 'kube-vip', mixedProtocol: 'two-services', address: pulumi.output(ADDRESS) },
    });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'two Services without an address',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'istio', provider: { ...TWO_SERVICES, address: undefined } }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'istio', provider: { ...TWO_SERVICES, address: undefined } }),
      'provider.address must be an IP address when mixedProtocol is "two-services", got undefined; kube-vip-cloud-provider\'s automatic sharing '
        + 'compares port numbers only, so it never puts 443/TCP and 443/UDP on one address: both Services must request the same address',
    ],
    [
      'envoy-gateway with two Services',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO_SERVICES }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO_SERVICES }),
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one mixed '
        + 'Service',
    ],
  ])('%s', async (_title, fromCdk8s, fromPulumi, message) => {
    const cdk8sError = thrownBy(fromCdk8s);
    const pulumiError = thrownBy(fromPulumi);
    expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
    expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
    expect(cdk8sError.message).toBe(message);
    expect(pulumiError.message).toBe(message);
    await freshRegistrations();
    expect(customInputs()).toEqual([]);
  });
});

describe('examples/istio-kube-vip', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(istioKubeVipChart, 'istio-kube-vip');

  test('the chart holds the demo objects and one Http3Gateway whose one mixed Service asks kube-vip for the address', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'VirtualService', 'Service', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    expect(gatewayManifests.find((m) => (m as { kind: string }).kind === 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'httpbin',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'httpbin', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: { 'kube-vip.io/loadbalancerIPs': '192.168.10.240' },
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
    istioKubeVip();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'httpbin', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'httpbin-certificate', true],
      ['kubernetes:core/v1:Service', 'httpbin-service', true],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin-gateway', true],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin-virtual-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'istio-kube-vip-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report asks for per-Service leader election', async () => {
    const outputs = istioKubeVip();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['httpbin.example.net. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.artifacts)).toEqual(artifactMap(gateway.artifacts));
    expect(Object.keys(artifactMap(gateway.artifacts)).sort()).toEqual([
      'httpbin.https-records.zone',
      'httpbin.istio-gateway-values.yaml',
      'httpbin.istio-operator.yaml',
      'httpbin.istiod-values.yaml',
    ]);
    expect(gateway.report.clientIp.status).toBe('yes');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['kube-vip-local', 'istio-quic-setting']));
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

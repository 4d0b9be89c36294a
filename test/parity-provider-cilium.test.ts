/**
 * Parity of the two adapters for the `cilium` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree (also with the address as a pulumi.Input), and refused props fail with the same Http3ConfigError
 * message. Also the cilium-l2 example: the cdk8s chart and the Pulumi program give the same objects, and every manifest
 * (the Cilium pool and L2 policy included) passes the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { ciliumL2 as ciliumL2Chart } from '../examples/cilium-l2/cdk8s';
import { ciliumL2 } from '../examples/cilium-l2/pulumi';
import {
  byTypeAndName,
  canonicalSet,
  customInputs,
  deploymentErrors,
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setupMocks,
  thrownBy,
  withoutSerializationContext,
} from './helpers/pulumi';
import { expectStrictlyValid, ManifestCollector } from './helpers/schemas';
import { artifactMap, type Cdk8sExample, cdk8sExampleOf, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);
const demoObjects: object[] = [];

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const ADDRESS = '198.51.100.10';
const L2 = 'io.cilium/l2-announcer';
const BGP = 'io.cilium/bgp-control-plane';
const EDGE = { name: 'edge', selector: { app: 'edge' } };
const OLD_TWO_SERVICES = { name: 'cilium', mixedProtocol: 'two-services', version: '1.16' } as const;

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'cilium' } }],
  [
    'BGP, pinned, labels',
    { ...EDGE, labels: { team: 'web' }, provider: { name: 'cilium', loadBalancerClass: BGP, address: ADDRESS } },
  ],
  [
    'L2, Cluster, Cilium 1.15 key',
    { ...EDGE, externalTrafficPolicy: 'Cluster', provider: { name: 'cilium', version: '1.15', loadBalancerClass: L2, address: ADDRESS } },
  ],
  [
    'two Services on 1.19, cross-namespace',
    { ...EDGE, provider: { name: 'cilium', mixedProtocol: 'two-services', version: '1.19', sharingCrossNamespace: ['redirects'] } },
  ],
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
    ['an Output, one mixed Service', () => pulumi.output(ADDRESS), 'single-service'],
    ['a Promise, two Services', () => Promise.resolve(ADDRESS), 'two-services'],
  ] as const)('the address as %s gives the manifests of the plain props', async (_title, input, mixedProtocol) => {
    const plain: k8.MixedProtocolLoadBalancerProps = {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'cilium', version: '1.19', mixedProtocol, address: ADDRESS },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', {
      ...plain,
      provider: { name: 'cilium', version: '1.19', mixedProtocol, address: input() },
    });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(registered.map((m) => (m.metadata as { annotations: Record<string, string> }).annotations['lbipam.cilium.io/ips'])).toEqual(
      mixedProtocol === 'two-services' ? [ADDRESS, ADDRESS] : [ADDRESS],
    );
    expect(component.report).toEqual(construct.report);
  });

  test('an address Input that resolves to a name fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(
      () => new pu.MixedProtocolLoadBalancer('lb', { ...EDGE, provider: { name: 'cilium', address: pulumi.output('lb.example.org') } }),
    );
    const plain = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
      selector: { app: 'edge' },
      provider: { name: 'cilium', address: 'lb.example.org' },
    }));
    expect(plain.message).toBe('provider.address must be an IPv4 or IPv6 address, got "lb.example.org"');
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.address', value: 'lb.example.org' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
} as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['istio x BGP, pinned', { ...BASE, gateway: 'istio', provider: { name: 'cilium', loadBalancerClass: BGP, address: ADDRESS } }],
  ['istio x two Services on 1.17, altSvc clear', {
    ...BASE,
    gateway: 'istio',
    provider: { name: 'cilium', mixedProtocol: 'two-services', version: '1.17', protocolDifferentiation: true, address: ADDRESS },
    altSvc: { clear: true },
  }],
  ['envoy-gateway x L2, Cluster', {
    ...BASE,
    gateway: 'envoy-gateway',
    provider: { name: 'cilium', loadBalancerClass: 'io.cilium/l2-announcer', address: ADDRESS },
    externalTrafficPolicy: 'Cluster',
  }],
  ['envoy-gateway x defaults, dns false', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'cilium' }, dns: false }],
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

  test('envoy-gateway with the address as an Input: the EnvoyProxy carries the resolved address', async () => {
    const plain: Http3GatewayOptions = {
      ...BASE,
      gateway: 'envoy-gateway',
      provider: { name: 'cilium', loadBalancerClass: 'io.cilium/bgp-control-plane', address: ADDRESS },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', {
      ...plain,
      provider: { name: 'cilium', loadBalancerClass: 'io.cilium/bgp-control-plane', address: pulumi.output(ADDRESS) },
    });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    const envoyProxy = registered.find((m) => m.kind === 'EnvoyProxy') as { spec: { provider: { kubernetes: { envoyService: object } } } };
    expect(envoyProxy.spec.provider.kubernetes.envoyService).toEqual({
      type: 'LoadBalancer',
      annotations: { 'lbipam.cilium.io/ips': ADDRESS },
      loadBalancerClass: 'io.cilium/bgp-control-plane',
      externalTrafficPolicy: 'Local',
    });
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'L2 announcements with Local',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'cilium', loadBalancerClass: L2 } }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'cilium', loadBalancerClass: L2 } }),
      'provider.loadBalancerClass "io.cilium/l2-announcer" cannot be combined with externalTrafficPolicy "Local": Cilium L2 announcements ignore the '
        + 'traffic policy, so the node that holds the address may run no gateway pod and drop the traffic (Cilium docs, l2-announcements.rst '
        + '"Limitations"); set externalTrafficPolicy "Cluster", or announce the address over BGP with loadBalancerClass '
        + '"io.cilium/bgp-control-plane"',
    ],
    [
      'two Services on Cilium 1.16',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { ...EDGE, provider: OLD_TWO_SERVICES }),
      () => new pu.MixedProtocolLoadBalancer('lb', { ...EDGE, provider: OLD_TWO_SERVICES }),
      'provider.mixedProtocol "two-services" cannot be combined with provider.version "1.16": LB-IPAM lets a TCP and a UDP Service with the same '
        + 'port '
        + 'share an address only from the release with cilium/cilium PR #34691 (1.17 by merge date, unverified) and with protocol differentiation '
        + 'on; '
        + 'otherwise it silently gives the second Service another address (cilium/cilium #39172); use one mixed Service (mixedProtocol '
        + '"single-service"), or upgrade Cilium to 1.17 or later',
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

describe('examples/cilium-l2', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(ciliumL2Chart, 'cilium-l2');

  test('the chart holds the demo objects and one Http3Gateway whose EnvoyProxy asks Cilium for the L2 address', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'HTTPRoute', 'ClientTrafficPolicy', 'EnvoyProxy']);
    const demoKinds = demo.map((m) => (m as { kind: string }).kind);
    expect(demoKinds).toEqual(['Namespace', 'GatewayClass', 'CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy']);
    const envoyProxy = gatewayManifests.find((m) => (m as { kind: string }).kind === 'EnvoyProxy') as { spec: unknown };
    expect(envoyProxy.spec).toEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { 'lbipam.cilium.io/ips': '192.168.10.240' },
            loadBalancerClass: 'io.cilium/l2-announcer',
            externalTrafficPolicy: 'Cluster',
          },
        },
      },
    });
    collector.add(gatewayManifests as object[]);
    demoObjects.push(...(demo as object[]));
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    ciliumL2();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'shop-client-traffic-policy', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'shop-envoy-proxy', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'shop-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'shop-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'cilium-l2-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report says what L2 with Cluster costs', async () => {
    const outputs = ciliumL2();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe('shop-tls');
    expect(gateway.report.clientIp.status).toBe('partial');
    expect(gateway.report.connectionMigration.status).toBe('no');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['cilium-ip-pool', 'cilium-l2-announcer', 'quic-migration']));
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator (the example\'s Cilium objects too)', () => {
  collector.expectStrictlyValid();
  expect(demoObjects).toHaveLength(4);
  expectStrictlyValid(demoObjects);
});

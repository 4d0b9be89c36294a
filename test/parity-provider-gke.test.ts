/**
 * Parity of the two adapters for the `gke` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree (also with the reserved address's name or the address as a pulumi.Input), and refused props fail
 * with the same Http3ConfigError message. Also the envoy-gateway-gke example: the cdk8s chart and the Pulumi program give
 * the same objects, and every manifest passes the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { envoyGatewayGke as envoyGatewayGkeChart } from '../examples/envoy-gateway-gke/cdk8s';
import { envoyGatewayGke } from '../examples/envoy-gateway-gke/pulumi';
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

const STATIC_IP = 'networking.gke.io/load-balancer-ip-addresses';
const ADDRESS = '203.0.113.7';

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  [
    'defaults: one mixed Service with the external class',
    { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'gke' } },
  ],
  ['Preview version, a reserved address, labels', {
    name: 'edge',
    selector: { app: 'edge' },
    labels: { team: 'web' },
    provider: { name: 'gke', version: '1.35.1-gke.1000', staticIpName: 'edge-ipv4' },
  }],
  ['internal, Cluster', { name: 'edge', selector: { app: 'edge' }, externalTrafficPolicy: 'Cluster', provider: { name: 'gke', scheme: 'internal' } }],
  ['two Services with l4-rbs on 1.30', {
    name: 'edge',
    selector: { app: 'edge' },
    provider: { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ipv4', version: '1.30.5-gke.1000' },
  }],
  ['two Services on the legacy target pool, pinned nodePort', {
    name: 'edge',
    selector: { app: 'edge' },
    nodePort: 31443,
    provider: { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: ADDRESS },
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
    ['the address name as an Output, one mixed Service', { staticIpName: 'edge-ipv4' }, () => ({ staticIpName: pulumi.output('edge-ipv4') })],
    [
      'the address name as a Promise, two Services',
      { mixedProtocol: 'two-services', staticIpName: 'edge-ipv4' },
      () => ({ mixedProtocol: 'two-services', staticIpName: Promise.resolve('edge-ipv4') } as const),
    ],
    [
      'the address as an Output, target pool',
      { mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: ADDRESS },
      () => ({ mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: pulumi.output(ADDRESS) } as const),
    ],
  ] as const)('%s gives the manifests of the plain props', async (_title, plainProvider, inputProvider) => {
    const plain: k8.MixedProtocolLoadBalancerProps = {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'gke', ...plainProvider },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', { ...plain, provider: { name: 'gke', ...inputProvider() } });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(registered.length).toBe('mixedProtocol' in plainProvider ? 2 : 1);
    expect(component.report).toEqual(construct.report);
  });

  test('an address-name Input that resolves to a bad name fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(
      () => new pu.MixedProtocolLoadBalancer('lb', {
        selector: { app: 'edge' },
        provider: { name: 'gke', staticIpName: pulumi.output('Edge_IP') },
      }),
    );
    const plain = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
      selector: { app: 'edge' },
      provider: { name: 'gke', staticIpName: 'Edge_IP' },
    }));
    expect(plain.message).toBe(
      'provider.staticIpName must be a DNS-1035 label (at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter '
        + 'or digit), got "Edge_IP"',
    );
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.staticIpName', value: 'Edge_IP' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
} as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['istio x one mixed Service with a reserved address', { ...BASE, gateway: 'istio', provider: { name: 'gke', staticIpName: 'shop-ipv4' } }],
  ['istio x two Services with the class, altSvc clear', {
    ...BASE,
    gateway: 'istio',
    provider: { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'shop-ipv4', version: '1.33.2-gke.1000' },
    altSvc: { clear: true },
  }],
  ['istio x target pool, Cluster, dns false', {
    ...BASE,
    gateway: 'istio',
    provider: { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: ADDRESS },
    externalTrafficPolicy: 'Cluster',
    dns: false,
  }],
  [
    'envoy-gateway x one mixed Service with a reserved address',
    { ...BASE, gateway: 'envoy-gateway', provider: { name: 'gke', staticIpName: 'shop-ipv4' } },
  ],
  ['envoy-gateway x internal, Cluster, certManager', {
    ...BASE,
    gateway: 'envoy-gateway',
    provider: { name: 'gke', scheme: 'internal' },
    externalTrafficPolicy: 'Cluster',
    tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  }],
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

  test('envoy-gateway with the address name as an Input: the EnvoyProxy carries the resolved name', async () => {
    const plain: Http3GatewayOptions = { ...BASE, gateway: 'envoy-gateway', provider: { name: 'gke', staticIpName: 'shop-ipv4' } };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', { ...plain, provider: { name: 'gke', staticIpName: pulumi.output('shop-ipv4') } });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    const envoyProxy = registered.find((m) => m.kind === 'EnvoyProxy') as { spec: { provider: { kubernetes: { envoyService: object } } } };
    expect(envoyProxy.spec.provider.kubernetes.envoyService).toEqual({
      type: 'LoadBalancer',
      annotations: { [STATIC_IP]: 'shop-ipv4' },
      loadBalancerClass: 'networking.gke.io/l4-regional-external',
      externalTrafficPolicy: 'Local',
    });
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  const OLD = { name: 'gke', version: '1.33.5-gke.1000' } as const;
  const TWO = { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'shop-ipv4' } as const;
  const GA = '1.36.2-gke.1498000';
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'one Service on a cluster without mixed-protocol support',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: OLD }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: OLD }),
      'provider.mixedProtocol "single-service" cannot be combined with provider.version "1.33.5-gke.1000": GKE carries TCP and UDP in one Service '
        + 'from 1.34.1-gke.2190000 (Preview, clusters created on that version or later; GA 1.36.2-gke.1498000), and older versions reject it '
        + '(LoadBalancerMixedProtocolNotSupported); set mixedProtocol "two-services" with staticIpName (a reserved regional static IP both Services '
        + 'use), or upgrade the cluster',
    ],
    [
      'two Services on envoy-gateway',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO }),
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one '
        + 'mixed Service',
    ],
    [
      'the version as an Input (it decides the shape, so it must be plain)',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: { name: 'gke', version: GA } }),
      () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: { name: 'gke', version: pulumi.output(GA) as never } }),
      '',
    ],
  ])('%s', async (_title, fromCdk8s, fromPulumi, message) => {
    if (message === '') {
      // the plain version is accepted; the Output is refused with the plain-value message
      expect(fromCdk8s()).toBeDefined();
      const pulumiError = thrownBy(fromPulumi) as Http3ConfigError;
      expect(pulumiError.prop).toBe('provider.version');
      expect(pulumiError.message).toMatch(/^provider\.version must be a plain value, got a pulumi Output or Promise/);
    } else {
      const cdk8sError = thrownBy(fromCdk8s);
      const pulumiError = thrownBy(fromPulumi);
      expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
      expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
      expect(cdk8sError.message).toBe(message);
      expect(pulumiError.message).toBe(message);
    }
    await freshRegistrations();
    expect(customInputs()).toEqual([]);
  });
});

describe('examples/envoy-gateway-gke', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(envoyGatewayGkeChart, 'envoy-gateway-gke');

  test('the chart holds the demo objects and one Http3Gateway whose EnvoyProxy selects the GKE class and the reserved address', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(
      ['Gateway', 'HTTPRoute', 'ClientTrafficPolicy', 'EnvoyProxy', 'Certificate'],
    );
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'GatewayClass']);
    const envoyProxy = gatewayManifests.find((m) => (m as { kind: string }).kind === 'EnvoyProxy') as { spec: unknown };
    expect(envoyProxy.spec).toEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { [STATIC_IP]: 'shop-ipv4' },
            loadBalancerClass: 'networking.gke.io/l4-regional-external',
            externalTrafficPolicy: 'Local',
          },
        },
      },
    });
    collector.add(gatewayManifests as object[]);
    demoObjects.push(...(demo as object[]));
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    envoyGatewayGke();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-certificate', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'shop-client-traffic-policy', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'shop-envoy-proxy', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'shop-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'shop-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'envoy-gateway-gke-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report is the GKE one', async () => {
    const outputs = envoyGatewayGke();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(await promiseOf(outputs.tlsSecretName)).toBe(gateway.tlsSecretName);
    expect(gateway.report.clientIp.status).toBe('yes');
    expect(gateway.report.connectionMigration.status).toBe('no');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(
      expect.arrayContaining(['gke-mixed-protocol', 'gke-static-ip', 'udp-idle-timeout', 'quic-migration', 'envoy-gateway-service']),
    );
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator (the example\'s demo objects too)', () => {
  collector.expectStrictlyValid();
  expect(demoObjects).toHaveLength(2);
  expectStrictlyValid(demoObjects);
});

/**
 * Parity of the two adapters for the `digitalocean` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree, and refused props fail with the same Http3ConfigError message. Also the digitalocean-passthrough
 * example: the cdk8s chart and the Pulumi program give the same objects, and every manifest passes the strict validator.
 */
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { digitaloceanPassthrough as digitaloceanPassthroughChart } from '../examples/digitalocean-passthrough/cdk8s';
import { digitaloceanPassthrough } from '../examples/digitalocean-passthrough/pulumi';
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

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['default REGIONAL_NETWORK', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'digitalocean' } }],
  [
    'REGIONAL, Cluster, annotations, labels',
    {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'digitalocean', type: 'REGIONAL', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-name': 'edge' } },
      externalTrafficPolicy: 'Cluster',
      labels: { team: 'web' },
    },
  ],
  ['nodePort pinned, v0.1.51', { name: 'edge', selector: { app: 'edge' }, nodePort: 30443, provider: { name: 'digitalocean', version: '0.1.51' } }],
];

describe('MixedProtocolLoadBalancer', () => {
  test.each(loadBalancerRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', props));
    const component = new pu.MixedProtocolLoadBalancer('lb', props);
    const registered = await registeredBy(component, component.services);
    expect(registered).toHaveLength(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.serviceNames)).toEqual(construct.services.map((s) => s.name));
    expect(component.report).toEqual(construct.report);
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
} as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['istio x REGIONAL_NETWORK', { ...BASE, gateway: 'istio', provider: { name: 'digitalocean' } }],
  [
    'istio x REGIONAL, Cluster, altSvc clear',
    { ...BASE, gateway: 'istio', provider: { name: 'digitalocean', type: 'REGIONAL' }, externalTrafficPolicy: 'Cluster', altSvc: { clear: true } },
  ],
  ['envoy-gateway x REGIONAL_NETWORK', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'digitalocean' }, dns: false }],
  ['envoy-gateway x REGIONAL, backend in another namespace', {
    ...BASE,
    backend: { service: 'shop', port: 8080, namespace: 'apps' },
    gateway: { implementation: 'envoy-gateway', gatewayClassName: 'internet' },
    provider: { name: 'digitalocean', type: 'REGIONAL', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-size-unit': '3' } },
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
});

const TWO_SERVICES: Http3GatewayOptions = { ...BASE, gateway: 'istio', provider: { name: 'digitalocean', mixedProtocol: 'two-services' as never } };

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'two Services',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', TWO_SERVICES),
      () => new pu.Http3Gateway('shop', TWO_SERVICES),
      'provider.mixedProtocol "two-services" cannot share one address: the DigitalOcean cloud controller gives every Service its own load '
        + 'balancer (do-loadbalancer-ip only pins a BYOIP address of one load balancer), so the TCP and the UDP Service would get different '
        + 'addresses; remove mixedProtocol: one Service carries TCP and UDP on the same port on DigitalOcean',
    ],
    [
      'PROXY protocol through annotations',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
        selector: { app: 'edge' },
        provider: { name: 'digitalocean', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true' } },
      }),
      () => new pu.MixedProtocolLoadBalancer('lb', {
        selector: { app: 'edge' },
        provider: { name: 'digitalocean', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true' } },
      }),
      'provider.annotations["service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol"] "true" turns on PROXY protocol v1, which exists '
        + 'for TCP only: a REGIONAL load balancer then prepends headers that the gateway kube-http3 configures does not expect (its TLS handshakes '
        + 'would fail), and QUIC cannot carry them; keep the client IP with type "REGIONAL_NETWORK" and externalTrafficPolicy "Local"; remove it',
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

describe('examples/digitalocean-passthrough', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(digitaloceanPassthroughChart, 'digitalocean-passthrough');

  test('the chart holds the demo objects and one Http3Gateway: Gateway, HTTPRoute, ClientTrafficPolicy, EnvoyProxy, Certificate', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    const kinds = gatewayManifests.map((m) => (m as { kind: string }).kind);
    expect(kinds).toEqual(['Gateway', 'HTTPRoute', 'ClientTrafficPolicy', 'EnvoyProxy', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'GatewayClass', 'Deployment', 'Service']);
    const envoyProxy = gatewayManifests.find((m) => (m as { kind: string }).kind === 'EnvoyProxy') as { spec: unknown };
    expect(envoyProxy.spec).toEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { 'service.beta.kubernetes.io/do-loadbalancer-type': 'REGIONAL_NETWORK' },
            externalTrafficPolicy: 'Local',
          },
        },
      },
    });
    collector.add(all as object[]);
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    digitaloceanPassthrough();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-certificate', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'shop-client-traffic-policy', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'shop-envoy-proxy', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'shop-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'shop-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'digitalocean-passthrough-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values', async () => {
    const outputs = digitaloceanPassthrough();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe(gateway.tlsSecretName);
    expect(await promiseOf(outputs.artifacts)).toEqual(artifactMap(gateway.artifacts));
    expect(gateway.report.clientIp.status).toBe('yes');
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

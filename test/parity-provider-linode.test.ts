/**
 * Parity of the two adapters for the `linode` provider: for the same props, what cdk8s synthesizes (`Testing.synth`) equals
 * what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values (Alt-Svc on
 * the moved UDP port, HTTPS records without h3) and the report agree, and refused props fail with the same Http3ConfigError
 * message.
 */
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { canonicalSet, customInputs, freshRegistrations, promiseOf, setupMocks, thrownBy } from './helpers/pulumi';
import { ManifestCollector } from './helpers/schemas';
import { artifactMap, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const ACCEPTED = { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true } as const;

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  [
    'UDP on 8443, Cluster',
    { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, externalTrafficPolicy: 'Cluster', provider: ACCEPTED },
  ],
  ['UDP on 444, Local, nodePort pinned', { name: 'edge', selector: { app: 'edge' }, nodePort: 30443, provider: { name: 'linode', udpPort: 444 } }],
  [
    'site on 8443, UDP on 8444, UDP health check annotations',
    {
      name: 'edge',
      selector: { app: 'edge' },
      port: 8443,
      externalTrafficPolicy: 'Cluster',
      provider: {
        name: 'linode',
        udpPort: 8444,
        annotations: {
          'service.beta.kubernetes.io/linode-loadbalancer-check-type': 'connection',
          'service.beta.kubernetes.io/linode-loadbalancer-udp-check-port': '30080',
        },
      },
    },
  ],
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

const PASSTHROUGH = { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 } as const;
const BASE = {
  name: 'shop-edge',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8443 },
  gateway: PASSTHROUGH,
  tls: { secretName: 'shop-tls' },
  externalTrafficPolicy: 'Cluster',
} as const;

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['passthrough x UDP on 8443', { ...BASE, provider: ACCEPTED }],
  ['passthrough x UDP on 444, Local, dns false', { ...BASE, provider: { name: 'linode', udpPort: 444 }, externalTrafficPolicy: 'Local', dns: false }],
  ['passthrough x UDP on 8443, altSvc clear', { ...BASE, provider: ACCEPTED, altSvc: { clear: true } }],
];

describe('Http3Gateway', () => {
  test.each(gatewayRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop-edge', props));
    const component = new pu.Http3Gateway('shop-edge', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered).toHaveLength(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });

  test('the moved UDP port reaches Alt-Svc, and the HTTPS record offers h2 only', async () => {
    const component = new pu.Http3Gateway('shop-edge', { ...BASE, provider: ACCEPTED });
    await registeredBy(component, component.resources);
    expect(await promiseOf(component.altSvcValue)).toBe('h3=":8443"; ma=86400');
    expect(await promiseOf(component.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h2']);
  });
});

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'HTTP/3 on the HTTPS port',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: { name: 'linode', udpPort: 443 } }),
      () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: { name: 'linode', udpPort: 443 } }),
      'provider.udpPort 443 cannot carry HTTP/3 on the HTTPS port: the Linode cloud controller matches NodeBalancer configs by port number only '
        + '(cloud/linode/loadbalancers.go), so a TCP and a UDP port with the same number address one config and one protocol overwrites the '
        + 'other; pick another UDP port, or use a provider that carries TCP and UDP on one port',
    ],
    [
      'a port Chrome ignores, not acknowledged',
      () => new k8.Http3Gateway(Testing.chart(), 'shop-edge', { ...BASE, provider: { name: 'linode', udpPort: 8443 } }),
      () => new pu.Http3Gateway('shop-edge', { ...BASE, provider: { name: 'linode', udpPort: 8443 } }),
      'provider.udpPort 8443 leaves HTTP/3 unused by Chrome: Chrome ignores an Alt-Svc alternative on a port of 1024 or above for a site on a '
        + 'port below 1024 (here 443); set provider.acceptChromeIgnoresH3: true to deploy it anyway for other clients, pick a UDP port below '
        + '1024, or use a provider that carries TCP and UDP on 443',
    ],
    [
      'istio cannot serve QUIC on another port',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, name: 'shop', gateway: 'istio', provider: ACCEPTED }),
      () => new pu.Http3Gateway('shop', { ...BASE, name: 'shop', gateway: 'istio', provider: ACCEPTED }),
      'provider.name "linode" cannot be combined with gateway.implementation "istio": the provider carries UDP on port 8443, not 443, while '
        + 'istio listens for QUIC and advertises h3 on its HTTPS port; use an implementation that can serve QUIC on another port (see the '
        + 'support table), or a provider that carries both protocols on one port',
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

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

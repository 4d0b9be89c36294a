/**
 * Parity of the two adapters for the `openstack` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree (also with the Octavia load-balancer id as a pulumi.Input, e.g. the output of an Octavia load
 * balancer created in the same program), and refused props fail with the same Http3ConfigError message. Every manifest
 * passes the strict validator (the emptied TLS container annotation included).
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
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
import { ManifestCollector } from './helpers/schemas';
import { envoyGatewayOpenstack as envoyGatewayOpenstackChart } from '../examples/envoy-gateway-openstack/cdk8s';
import { envoyGatewayOpenstack } from '../examples/envoy-gateway-openstack/pulumi';
import { artifactMap, type Cdk8sExample, cdk8sExampleOf, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const LB_ID = '2b224530-9414-4302-8163-5abebdcdc84f';
const ID = 'loadbalancer.openstack.org/load-balancer-id';
const EDGE = { name: 'edge', selector: { app: 'edge' } };
const TWO_SERVICES = { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID } as const;

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'openstack' } }],
  ['config class, Cluster, annotations', {
    name: 'edge',
    selector: { app: 'edge' },
    externalTrafficPolicy: 'Cluster',
    provider: { name: 'openstack', configClass: 'internetFacing', annotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' } },
  }],
  ['internal', { name: 'edge', selector: { app: 'edge' }, provider: { name: 'openstack', internal: true } }],
  ['two Services joining one load balancer', { ...EDGE, labels: { team: 'web' }, provider: TWO_SERVICES }],
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
    ['an Output', () => pulumi.output(LB_ID)],
    ['a Promise', () => Promise.resolve(LB_ID)],
  ])('the load-balancer id as %s gives the manifests of the plain props', async (_title, input) => {
    const plain: k8.MixedProtocolLoadBalancerProps = {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', {
      ...plain,
      provider: { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: input() },
    });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(registered.map((m) => (m.metadata as { annotations: Record<string, string> }).annotations[ID])).toEqual([LB_ID, LB_ID]);
    expect(component.report).toEqual(construct.report);
  });

  test('a load-balancer id Input that is not a UUID fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(() => new pu.MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: pulumi.output('edge-lb') },
    }));
    const plain = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
      selector: { app: 'edge' },
      provider: { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: 'edge-lb' },
    }));
    expect(plain.message).toBe(
      'provider.loadBalancerId must be an Octavia load-balancer id (a lowercase UUID such as "2b224530-9414-4302-8163-5abebdcdc84f"), got "edge-lb"; '
        + 'openstack loadbalancer list shows it, and OCCM writes it into the load-balancer-id annotation of the Service that owns the load balancer',
    );
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.loadBalancerId', value: 'edge-lb' });
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
  ['istio x defaults', { ...BASE, gateway: 'istio', provider: { name: 'openstack' } }],
  ['istio x two Services, config class', { ...BASE, gateway: 'istio', provider: { ...TWO_SERVICES, configClass: 'dmz' } }],
  ['envoy-gateway x joining a load balancer', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'openstack', loadBalancerId: LB_ID } }],
  [
    'envoy-gateway x Cluster, altSvc clear',
    { ...BASE, gateway: 'envoy-gateway', provider: { name: 'openstack' }, externalTrafficPolicy: 'Cluster', altSvc: { clear: true } },
  ],
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

  test('envoy-gateway with the load-balancer id as an Input: the EnvoyProxy carries the resolved id', async () => {
    const plain: Http3GatewayOptions = { ...BASE, gateway: 'envoy-gateway', provider: { name: 'openstack', loadBalancerId: LB_ID } };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', { ...plain, provider: { name: 'openstack', loadBalancerId: pulumi.output(LB_ID) } });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'TLS at the load balancer',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', {
        ...BASE,
        gateway: 'istio',
        provider: { name: 'openstack', annotations: { 'loadbalancer.openstack.org/default-tls-container-ref': 'ref' } },
      }),
      () => new pu.Http3Gateway('shop', {
        ...BASE,
        gateway: 'istio',
        provider: { name: 'openstack', annotations: { 'loadbalancer.openstack.org/default-tls-container-ref': 'ref' } },
      }),
      'provider.annotations["loadbalancer.openstack.org/default-tls-container-ref"] "ref" makes OCCM create every listener of the Service as '
        + 'TERMINATED_HTTPS, the UDP one included (getListenerProtocol, cloud-provider-openstack pkg/openstack/loadbalancer.go), so QUIC never '
        + 'reaches '
        + 'the gateway, which terminates TLS itself; remove it',
    ],
    [
      'two Services without a load-balancer id',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { ...EDGE, provider: { name: 'openstack', mixedProtocol: 'two-services' } }),
      () => new pu.MixedProtocolLoadBalancer('lb', { ...EDGE, provider: { name: 'openstack', mixedProtocol: 'two-services' } }),
      'provider.loadBalancerId must be the id of the Octavia load balancer both Services join when mixedProtocol is "two-services", got undefined; '
        + 'without it OCCM creates one load balancer, with its own address, per Service; create the load balancer (with its floating IP) first, or '
        + 'use '
        + 'one mixed Service (mixedProtocol "single-service")',
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

describe('examples/envoy-gateway-openstack', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(envoyGatewayOpenstackChart, 'envoy-gateway-openstack');

  test('the chart holds the demo objects and one Http3Gateway whose EnvoyProxy shapes the Octavia Service', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'HTTPRoute', 'ClientTrafficPolicy', 'EnvoyProxy', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'GatewayClass', 'Deployment', 'Service']);
    const proxy = gatewayManifests.find((m) => (m as { kind: string }).kind === 'EnvoyProxy') as { spec: unknown };
    expect(proxy.spec).toEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            // the empty TLS container keeps an OCCM default from turning the UDP listener into TERMINATED_HTTPS;
            // Local needs OCCM's health monitor to find the nodes with a gateway pod
            annotations: {
              'loadbalancer.openstack.org/default-tls-container-ref': '',
              'loadbalancer.openstack.org/enable-health-monitor': 'true',
            },
            externalTrafficPolicy: 'Local',
          },
        },
      },
    });
    collector.add(all as object[]);
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    envoyGatewayOpenstack();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-certificate', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'shop-client-traffic-policy', true],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'shop-envoy-proxy', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'shop-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'shop-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'envoy-gateway-openstack-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report names the UDP health-check limits', async () => {
    const outputs = envoyGatewayOpenstack();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe('shop-tls');
    expect(gateway.report.udpHealthCheck.status).toBe('partial');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['openstack-tls-container', 'udp-idle-timeout']));
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

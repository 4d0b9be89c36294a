/**
 * Parity of the two adapters for the AWS providers: `aws` (in-tree / cloud-provider-aws) is refused with the same
 * message by both, before any resource is registered; `aws-lbc` with the opt-in QUIC listener (`quic: true`) gives the
 * same manifests, values and report in cdk8s and Pulumi, and its refusals carry the same message.
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

const QUIC = { name: 'aws-lbc', scheme: 'internet-facing', quic: true } as const;

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['quic, defaults', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: QUIC }],
  ['quic, internal, port 8443, Cluster, subnets, labels', {
    name: 'edge',
    selector: { app: 'edge' },
    port: 8443,
    externalTrafficPolicy: 'Cluster',
    labels: { team: 'web' },
    provider: { ...QUIC, scheme: 'internal', version: '2.15.0', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-subnets': 'subnet-a' } },
  }],
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
    expect(component.report.notes[0].topic).toBe('aws-lbc-quic-server-id');
  });
});

const BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
} as const;

const LISTENER = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tlsSecretName: 'shop-tls',
};

const gatewayRows: Array<[string, Http3GatewayOptions]> = [
  ['passthrough x aws-lbc quic, dns false', {
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8443 },
    gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
    provider: QUIC,
    dns: false,
  } as unknown as Http3GatewayOptions],
];

describe('Http3Gateway', () => {
  test.each(gatewayRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

const AWS_MESSAGE =
  'provider.name "aws" cannot carry HTTP/3: the AWS cloud provider (in-tree or cloud-provider-aws) rejects a LoadBalancer Service with TCP and UDP '
  + 'ports ("mixed protocol is not supported for LoadBalancer"), and two Services get two NLBs with different addresses, so no address would serve '
  + '443/TCP and 443/UDP together and Alt-Svc would send browsers to an address without UDP; install the AWS Load Balancer Controller v2.13.0 or '
  + 'later and use provider "aws-lbc" (one NLB with a TCP_UDP listener), or create yourself a NodePort Service whose TCP and UDP ports share one '
  + 'pinned nodePort and an NLB with a TCP_UDP listener and target group on that nodePort (TCP health check)';

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'aws on istio',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'istio', provider: { name: 'aws' } }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'istio', provider: { name: 'aws' } }),
      AWS_MESSAGE,
    ],
    [
      'aws on envoy-gateway',
      () => new k8.QuicListener(Testing.chart(), 'shop', { ...LISTENER, gateway: 'envoy-gateway', provider: { name: 'aws' } }),
      () => new pu.QuicListener('shop', { ...LISTENER, gateway: 'envoy-gateway', provider: { name: 'aws' } }),
      AWS_MESSAGE,
    ],
    [
      'aws on MixedProtocolLoadBalancer',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: { name: 'aws' } }),
      () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: { name: 'aws' } }),
      AWS_MESSAGE,
    ],
    [
      'aws-lbc quic on envoy-gateway (its proxy does not encode server IDs)',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: QUIC }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: QUIC }),
      'provider.quic true breaks HTTP/3 behind a gateway whose controller generates the load-balancer Service (Envoy Gateway, Istio\'s automated '
        + 'Gateway API deployment, Traefik\'s Helm chart): their proxies do not put the server ID the NLB assigns into their QUIC connection IDs, '
        + 'and the NLB QUIC listener routes by it; remove quic: the TCP_UDP listener carries QUIC to any proxy',
    ],
    [
      'aws-lbc quic with instance targets',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: { ...QUIC, targetType: 'instance' } }),
      () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: { ...QUIC, targetType: 'instance' } }),
      'provider.quic true cannot be combined with provider.targetType "instance": the controller gives QUIC server IDs only to ip targets (instance '
        + 'targets do not support QUIC, pkg/backend/endpoint_types.go); set targetType "ip" (the default), or remove quic',
    ],
  ])('%s', async (_title, fromCdk8s, fromPulumi, message) => {
    const cdk8sError = thrownBy(fromCdk8s);
    const pulumiError = thrownBy(fromPulumi);
    expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
    expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
    expect(cdk8sError.message).toBe(message);
    expect(pulumiError.message).toBe(message);
    // the Pulumi component failed before creating any child
    await freshRegistrations();
    expect(customInputs()).toEqual([]);
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

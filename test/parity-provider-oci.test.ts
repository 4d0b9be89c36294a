/**
 * Parity of the two adapters for the `oci` provider: for the same props, what cdk8s synthesizes (`Testing.synth`) equals
 * what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values and the
 * report agree (also with the reserved IP as a pulumi.Input), and refused props fail with the same Http3ConfigError
 * message. Also the oci-nlb example: the cdk8s chart and the Pulumi program give the same objects, and every manifest
 * passes the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { ociNlb as ociNlbChart } from '../examples/oci-nlb/cdk8s';
import { ociNlb } from '../examples/oci-nlb/pulumi';
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
import { artifactMap, type Cdk8sExample, cdk8sExampleOf, registeredInto, synthCdk8s } from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'oci' } }],
  [
    'TWO_TUPLE, NSG, reserved IP, nodePort pinned',
    {
      name: 'edge',
      selector: { app: 'edge' },
      nodePort: 31443,
      provider: { name: 'oci', backendPolicy: 'TWO_TUPLE', securityRules: 'nsg', reservedIp: '192.0.2.25' },
    },
  ],
  [
    'Cluster, annotations, labels',
    {
      name: 'edge',
      selector: { app: 'edge' },
      externalTrafficPolicy: 'Cluster',
      labels: { team: 'web' },
      provider: { name: 'oci', annotations: { 'oci-network-load-balancer.oraclecloud.com/health-check-retries': '5' } },
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

  test.each([
    ['an Output', () => pulumi.output('192.0.2.25')],
    ['a Promise', () => Promise.resolve('192.0.2.25')],
  ])('the reserved IP as %s gives the manifests of the plain props', async (_title, input) => {
    const plain: k8.MixedProtocolLoadBalancerProps = { name: 'edge', selector: { app: 'edge' }, provider: { name: 'oci', reservedIp: '192.0.2.25' } };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', { ...plain, provider: { name: 'oci', reservedIp: input() } });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect((registered[0].spec as { loadBalancerIP: string }).loadBalancerIP).toBe('192.0.2.25');
    expect(component.report).toEqual(construct.report);
  });

  test('a reserved IP Input that resolves to an IPv6 address fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(
      () => new pu.MixedProtocolLoadBalancer('lb', {
        selector: { app: 'edge' },
        provider: { name: 'oci', reservedIp: pulumi.output('2001:db8::25') },
      }),
    );
    const plain = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
      selector: { app: 'edge' },
      provider: { name: 'oci', reservedIp: '2001:db8::25' },
    }));
    expect(plain.message).toBe('provider.reservedIp must be an IPv4 address, got "2001:db8::25"');
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.reservedIp', value: '2001:db8::25' });
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
  ['istio x defaults', { ...BASE, gateway: 'istio', provider: { name: 'oci' } }],
  ['istio x TWO_TUPLE, reserved IP, '
    + 'nodePort', { ...BASE, gateway: 'istio', nodePort: 30443, provider: { name: 'oci', backendPolicy: 'TWO_TUPLE', reservedIp: '192.0.2.25' } }],
  ['istio x Cluster, altSvc '
    + 'clear', { ...BASE, gateway: 'istio', provider: { name: 'oci' }, externalTrafficPolicy: 'Cluster', altSvc: { clear: true } }],
  ['envoy-gateway x NSG, dns false', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'oci', securityRules: 'nsg' }, dns: false }],
  ['envoy-gateway x preserveSource false, reserved '
    + 'IP', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'oci', preserveSource: false, reservedIp: '192.0.2.25' } }],
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

  test('envoy-gateway with the reserved IP as an Input gives the manifests of the plain props', async () => {
    const plain: Http3GatewayOptions = { ...BASE, gateway: 'envoy-gateway', provider: { name: 'oci', reservedIp: '192.0.2.25' } };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', { ...plain, provider: { name: 'oci', reservedIp: pulumi.output('192.0.2.25') } });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(component.report).toEqual(construct.report);
  });
});

const PRESERVE_WITH_CLUSTER: k8.MixedProtocolLoadBalancerProps = {
  selector: { app: 'edge' },
  externalTrafficPolicy: 'Cluster',
  provider: { name: 'oci', preserveSource: true },
};

describe('the same error from both adapters', () => {
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'the flexible load balancer',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'istio', provider: { name: 'oci', loadBalancerType: 'lb' as never } }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'istio', provider: { name: 'oci', loadBalancerType: 'lb' as never } }),
      'provider.loadBalancerType "lb" cannot carry HTTP/3: the flexible OCI load balancer has no UDP (the cloud controller refuses it: "OCI load '
        + 'balancers do not support UDP"); use loadBalancerType "nlb" (the default): the Network Load Balancer carries TCP and UDP on one '
        + 'port as one TCP_AND_UDP listener',
    ],
    [
      'preserveSource with Cluster',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', PRESERVE_WITH_CLUSTER),
      () => new pu.MixedProtocolLoadBalancer('lb', PRESERVE_WITH_CLUSTER),
      'provider.preserveSource true cannot be combined with externalTrafficPolicy "Cluster": the cloud controller refuses is-preserve-source '
        + 'with externalTrafficPolicy Cluster (kube-proxy source-NATs anyway); remove preserveSource, or set externalTrafficPolicy "Local"',
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

describe('examples/oci-nlb', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(ociNlbChart, 'oci-nlb');

  test('the chart holds the demo objects and one Http3Gateway: Gateway, VirtualService, the NLB Service, Certificate', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'VirtualService', 'Service', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    const service = gatewayManifests.find((m) => (m as { kind: string }).kind === 'Service') as { metadata: unknown; spec: unknown };
    expect(service.metadata).toEqual({
      name: 'httpbin',
      namespace: 'istio-system',
      labels: { 'app.kubernetes.io/instance': 'httpbin', 'app.kubernetes.io/managed-by': 'kube-http3' },
      annotations: {
        'oci.oraclecloud.com/load-balancer-type': 'nlb',
        'oci-network-load-balancer.oraclecloud.com/security-list-management-mode': 'None',
        'oci.oraclecloud.com/security-rule-management-mode': 'NSG',
        'oci-network-load-balancer.oraclecloud.com/backend-policy': 'TWO_TUPLE',
        'oci-network-load-balancer.oraclecloud.com/is-preserve-source': 'true',
      },
    });
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerIP: '192.0.2.25',
      externalTrafficPolicy: 'Local',
      selector: { istio: 'ingressgateway' },
      ports: [
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
      ],
    });
    collector.add(all as object[]);
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    ociNlb();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'httpbin', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'httpbin-certificate', true],
      ['kubernetes:core/v1:Service', 'httpbin-service', true],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin-gateway', true],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin-virtual-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'oci-nlb-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the artifacts carry the istiod QUIC setting', async () => {
    const outputs = ociNlb();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['httpbin.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe(gateway.tlsSecretName);
    const artifacts = (await promiseOf(outputs.artifacts)) as Record<string, string>;
    expect(artifacts).toEqual(artifactMap(gateway.artifacts));
    expect(Object.keys(artifacts)).toEqual([
      'httpbin.istio-operator.yaml',
      'httpbin.istiod-values.yaml',
      'httpbin.istio-gateway-values.yaml',
      'httpbin.https-records.zone',
    ]);
    expect(artifacts['httpbin.istiod-values.yaml']).toContain('PILOT_ENABLE_QUIC_LISTENERS');
    expect(gateway.report.clientIp.status).toBe('yes');
    expect(gateway.report.connectionMigration.status).toBe('partial');
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

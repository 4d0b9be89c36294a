/**
 * Parity of the two adapters for the `aks` provider: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values
 * and the report agree (also with the public IP's name, address or resource group as a pulumi.Input), and refused props
 * fail with the same Http3ConfigError message. Also the istio-aks-shared-ip example: the cdk8s chart and the Pulumi
 * program give the same objects, and every manifest passes the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { istioAksSharedIp as istioAksSharedIpChart } from '../examples/istio-aks-shared-ip/cdk8s';
import { istioAksSharedIp } from '../examples/istio-aks-shared-ip/pulumi';
import {
  byTypeAndName,
  canonicalSet,
  customInputs,
  deploymentErrors,
  drainRegistrations,
  freshRegistrations,
  plainValueMessage,
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

const A = 'service.beta.kubernetes.io';
const ADDRESS = '20.50.60.70';

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['defaults: one mixed Service', { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443, provider: { name: 'aks' } }],
  ['one mixed Service on a named public IP elsewhere, DNS label, labels', {
    name: 'edge',
    selector: { app: 'edge' },
    labels: { team: 'web' },
    provider: { name: 'aks', pipName: 'edge-pip', resourceGroup: 'net-rg', dnsLabelName: 'shop-edge' },
  }],
  ['internal, Cluster', { name: 'edge', selector: { app: 'edge' }, externalTrafficPolicy: 'Cluster', provider: { name: 'aks', internal: true } }],
  ['two Services on one address, Kubernetes 1.21, DNS label on the TCP one', {
    name: 'edge',
    selector: { app: 'edge' },
    provider: { name: 'aks', mixedProtocol: 'two-services', address: ADDRESS, kubernetesVersion: '1.21', dnsLabelName: 'shop-edge' },
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
    [
      'the public IP name and resource group as Outputs, two Services',
      { mixedProtocol: 'two-services', pipName: 'edge-pip', resourceGroup: 'net-rg' },
      () => ({ mixedProtocol: 'two-services', pipName: pulumi.output('edge-pip'), resourceGroup: pulumi.output('net-rg') } as const),
    ],
    ['the address as a Promise, one mixed Service', { address: ADDRESS }, () => ({ address: Promise.resolve(ADDRESS) })],
    [
      'a private address as an Output, two internal Services',
      { mixedProtocol: 'two-services', internal: true, address: '10.240.0.50' },
      () => ({ mixedProtocol: 'two-services', internal: true, address: pulumi.output('10.240.0.50') } as const),
    ],
  ] as const)('%s gives the manifests of the plain props', async (_title, plainProvider, inputProvider) => {
    const plain: k8.MixedProtocolLoadBalancerProps = {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'aks', ...plainProvider },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.MixedProtocolLoadBalancer(chart, 'lb', plain));
    const component = new pu.MixedProtocolLoadBalancer('lb', { ...plain, provider: { name: 'aks', ...inputProvider() } });
    const registered = await registeredBy(component, component.services);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(registered.length).toBe('mixedProtocol' in plainProvider ? 2 : 1);
    expect(component.report).toEqual(construct.report);
  });

  test('a public-IP-name Input that resolves to a bad name fails the deployment with the message of the plain prop', async () => {
    const errors = await deploymentErrors(
      () => new pu.MixedProtocolLoadBalancer('lb', {
        selector: { app: 'edge' },
        provider: { name: 'aks', pipName: pulumi.output('edge pip') },
      }),
    );
    const plain = thrownBy(() => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', {
      selector: { app: 'edge' },
      provider: { name: 'aks', pipName: 'edge pip' },
    }));
    expect(plain.message).toBe(
      'provider.pipName must be an Azure public IP name (1-80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a '
        + 'letter, digit or "_"), got "edge pip"',
    );
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.pipName', value: 'edge pip' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
  });

  test('the DNS label must be plain (it stays out of Inputs: the report talks about it)', () => {
    const error = thrownBy(() => new pu.MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: { name: 'aks', pipName: 'edge-pip', dnsLabelName: pulumi.output('shop-edge') as never },
    })) as Http3ConfigError;
    expect(error.prop).toBe('provider.dnsLabelName');
    expect(error.message).toBe(plainValueMessage('provider.dnsLabelName'));
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
  ['istio x two Services on a named public IP', {
    ...BASE,
    gateway: 'istio',
    provider: { name: 'aks', mixedProtocol: 'two-services', pipName: 'shop-pip', dnsLabelName: 'shop-example' },
  }],
  ['istio x one mixed Service, Cluster, altSvc clear', {
    ...BASE,
    gateway: 'istio',
    provider: { name: 'aks', address: ADDRESS, annotations: { [`${A}/azure-load-balancer-tcp-idle-timeout`]: '30' } },
    externalTrafficPolicy: 'Cluster',
    altSvc: { clear: true },
  }],
  ['envoy-gateway x one mixed Service on a named public IP elsewhere', {
    ...BASE,
    gateway: 'envoy-gateway',
    provider: { name: 'aks', pipName: 'shop-pip', resourceGroup: 'net-rg' },
  }],
  ['envoy-gateway x internal, dns false', { ...BASE, gateway: 'envoy-gateway', provider: { name: 'aks', internal: true }, dns: false }],
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

  test('istio with the public IP name as an Input: both Services carry the resolved name', async () => {
    const provider = { name: 'aks', mixedProtocol: 'two-services', pipName: 'shop-pip' } as const;
    const plain: Http3GatewayOptions = { ...BASE, gateway: 'istio', provider };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', { ...plain, provider: { ...provider, pipName: pulumi.output('shop-pip') } });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    const services = registered.filter((m) => m.kind === 'Service') as Array<{ metadata: { name: string; annotations: Record<string, string> } }>;
    expect(services.map((s) => [s.metadata.name, s.metadata.annotations[`${A}/azure-pip-name`]]).sort()).toEqual([
      ['shop-tcp', 'shop-pip'],
      ['shop-udp', 'shop-pip'],
    ]);
    expect(component.report).toEqual(construct.report);
  });
});

describe('the same error from both adapters', () => {
  const TWO = { name: 'aks', mixedProtocol: 'two-services', pipName: 'shop-pip' } as const;
  const OLD = { name: 'aks', kubernetesVersion: '1.23' } as const;
  test.each<[string, () => unknown, () => unknown, string]>([
    [
      'two Services on envoy-gateway',
      () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO }),
      () => new pu.Http3Gateway('shop', { ...BASE, gateway: 'envoy-gateway', provider: TWO }),
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one '
        + 'mixed Service',
    ],
    [
      'one mixed Service before Kubernetes 1.24',
      () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: OLD }),
      () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: OLD }),
      'provider.mixedProtocol "single-service" cannot be combined with provider.kubernetesVersion "1.23": a LoadBalancer Service may mix TCP and UDP '
        + 'from Kubernetes 1.24, where MixedProtocolLBService is on by default (AKS 1.20 did not enable it, Azure/AKS#2193); set mixedProtocol '
        + '"two-services" with address (a pre-created public IP both Services share), or upgrade the cluster',
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

describe('examples/istio-aks-shared-ip', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(istioAksSharedIpChart, 'istio-aks-shared-ip');

  test('the chart holds the demo objects and one Http3Gateway with two Services on the shared public IP', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['Gateway', 'VirtualService', 'Service', 'Service', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    const services = gatewayManifests.filter((m) => (m as { kind: string }).kind === 'Service') as Array<{ metadata: object; spec: object }>;
    const labels = { 'app.kubernetes.io/instance': 'httpbin', 'app.kubernetes.io/managed-by': 'kube-http3' };
    expect(services).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'httpbin-tcp',
          namespace: 'istio-system',
          labels,
          annotations: {
            [`${A}/azure-pip-name`]: 'httpbin-edge-pip',
            [`${A}/azure-load-balancer-resource-group`]: 'edge-network',
            [`${A}/azure-dns-label-name`]: 'httpbin-example',
          },
        },
        spec: {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          selector: { istio: 'ingressgateway' },
          ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'httpbin-udp',
          namespace: 'istio-system',
          labels,
          annotations: {
            [`${A}/azure-pip-name`]: 'httpbin-edge-pip',
            [`${A}/azure-load-balancer-resource-group`]: 'edge-network',
          },
        },
        spec: {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          selector: { istio: 'ingressgateway' },
          ports: [{ name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' }],
        },
      },
    ]);
    collector.add(gatewayManifests as object[]);
    demoObjects.push(...(demo as object[]));
  });

  test('the Pulumi program registers the demo ConfigGroup and the Http3Gateway children, equal to the cdk8s objects', async () => {
    istioAksSharedIp();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'httpbin', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'httpbin-certificate', true],
      ['kubernetes:core/v1:Service', 'httpbin-service-tcp', true],
      ['kubernetes:core/v1:Service', 'httpbin-service-udp', true],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin-gateway', true],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin-virtual-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'istio-aks-shared-ip-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    expect(canonicalSet(customInputs())).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the report is the AKS one', async () => {
    const outputs = istioAksSharedIp();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['httpbin.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.artifacts)).toEqual(artifactMap(gateway.artifacts));
    expect(gateway.report.clientIp.status).toBe('yes');
    expect(gateway.report.udpHealthCheck.status).toBe('partial');
    expect(gateway.report.notes.map((n) => n.topic)).toEqual(
      expect.arrayContaining(['aks-health-probe', 'aks-shared-ip', 'aks-resource-group', 'udp-idle-timeout', 'quic-migration']),
    );
    // two single-protocol Services: no server-side-apply warning (§0.6 concerns two ports with one number in one Service)
    expect(gateway.report.notes.some((n) => n.topic === 'apply-server-side')).toBe(false);
    await drainRegistrations();
  });
});

test('every manifest in this file passes the strict upstream validator (the example\'s demo objects too)', () => {
  collector.expectStrictlyValid();
  expect(demoObjects).toHaveLength(3);
  expectStrictlyValid(demoObjects);
});

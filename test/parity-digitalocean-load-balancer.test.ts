/**
 * Parity of the two adapters for `digitalocean-load-balancer`: for the same props, what cdk8s synthesizes equals
 * what the Pulumi components register under mocks, the exposed values and reports agree, refusals carry the same
 * message; and the example (examples/digitalocean-load-balancer) gives the same objects in both frameworks and
 * passes the strict validator.
 */
import { Testing } from 'cdk8s';
import type { Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { digitaloceanLoadBalancer as exampleChart } from '../examples/digitalocean-load-balancer/cdk8s';
import { digitaloceanLoadBalancer as exampleProgram } from '../examples/digitalocean-load-balancer/pulumi';
import {
  byTypeAndName,
  canonicalSet,
  customInputs,
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setupMocks,
} from './helpers/pulumi';
import { expectStrictlyValid, ManifestCollector } from './helpers/schemas';
import {
  artifactMap,
  type Cdk8sExample,
  cdk8sExampleOf,
  expectSameRefusal,
  registeredInto,
  synthCdk8s,
} from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);
const demoObjects: object[] = [];

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const CERT = 'c019bbf4-cad2-4884-8a20-410ddad7f54a';
const DO = { implementation: 'digitalocean-load-balancer', selector: { app: 'shop' }, targetPort: 8080 } as const;

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc maxAgeSeconds 300': { maxAgeSeconds: 300 },
  'altSvc clear': { clear: true },
} as const;

interface Row {
  readonly title: string;
  readonly tcpProtocol: 'http2' | 'https';
  readonly altSvc: keyof typeof ALT_SVC;
  readonly gatewayNamespace: boolean;
  readonly providerAnnotations: boolean;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
}

const rows: Row[] = [];
for (const tcpProtocol of ['http2', 'https'] as const) {
  for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
    for (const providerAnnotations of [false, true]) {
      const i = rows.length;
      const dns = i % 2 === 0;
      const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
      const gatewayNamespace = Math.floor(i / 3) % 2 === 1;
      const title = `tcpProtocol ${tcpProtocol}, ${altSvc}, provider ${providerAnnotations ? 'generic with annotations' : 'default'}, `
        + `dns ${dns ? 'default' : 'false'}, backend ${otherBackendNamespace ? 'in another namespace' : 'alongside'}, `
        + `Service namespace ${gatewayNamespace ? 'gateway.namespace' : 'the backend\'s'}`;
      rows.push({ title, tcpProtocol, altSvc, gatewayNamespace, providerAnnotations, dns, otherBackendNamespace });
    }
  }
}

function props(row: Row): Http3GatewayOptions {
  return {
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 80, ...(row.otherBackendNamespace ? { namespace: 'apps' } : {}) },
    gateway: { ...DO, tcpProtocol: row.tcpProtocol, ...(row.gatewayNamespace ? { namespace: 'edge' } : {}) },
    ...(row.providerAnnotations
      ? { provider: { name: 'generic', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-size-unit': '2' } } }
      : {}),
    tls: { loadBalancerCertificateId: CERT },
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway', () => {
  test('the table covers every option', () => {
    expect(rows).toHaveLength(12);
    for (const key of ['gatewayNamespace', 'providerAnnotations', 'dns', 'otherBackendNamespace'] as const) {
      for (const value of [true, false]) expect(rows.some((r) => r[key] === value)).toBe(true);
    }
  });

  test.each(rows)('$title', async (row) => {
    const p = props(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop-edge', p));
    const component = new pu.Http3Gateway('shop-edge', p);
    const registered = await registeredBy(component, component.resources);
    expect(registered.map((m) => m.kind)).toEqual(['Service']);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

describe('QuicListener', () => {
  test.each<[string, k8.QuicListenerProps]>([
    ['defaults', {
      name: 'edge',
      hostnames: ['app.example.com'],
      backend: { service: 'app', port: 80 },
      gateway: DO,
      loadBalancerCertificateId: CERT,
    }],
    ['port 8443, Cluster, withdrawn', {
      name: 'edge',
      hostnames: ['app.example.com'],
      port: 8443,
      backend: { service: 'app', port: 80 },
      gateway: { ...DO, tcpProtocol: 'https' },
      externalTrafficPolicy: 'Cluster',
      altSvc: { clear: true },
      loadBalancerCertificateId: CERT,
    }],
  ])('%s', async (_title, p) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.QuicListener(chart, 'edge', p));
    const component = new pu.QuicListener('edge', p);
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(component.report).toEqual(construct.report);
  });
});

describe('AltSvcPolicy', () => {
  test('computed for the application in both frameworks', async () => {
    const { construct } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', { gateway: DO, maxAgeSeconds: 3600 }));
    const component = new pu.AltSvcPolicy('alt', { gateway: DO, maxAgeSeconds: 3600 });
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect(construct.value).toBe('h3=":443"; ma=3600');
    expect(component.attachment).toBe(construct.attachment);
    expect(component.report).toEqual(construct.report);
  });
});

const base = { name: 'shop-edge', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 80 }, gateway: DO };

describe('errors', () => {
  test.each<[string, Http3GatewayOptions, string]>([
    [
      'a Secret',
      { ...base, tls: { secretName: 'shop-tls' } },
      'tls {"secretName":"shop-tls"} cannot be combined with gateway.implementation "digitalocean-load-balancer": digitalocean-load-balancer '
        + 'terminates TLS at the load balancer, which cannot read a Kubernetes Secret; give tls as { loadBalancerCertificateId } for a '
        + 'certificate the load balancer holds',
    ],
    [
      'provider aws-lbc',
      { ...base, provider: { name: 'aws-lbc', scheme: 'internet-facing' }, tls: { loadBalancerCertificateId: CERT } },
      'provider.name "aws-lbc" cannot be combined with gateway.implementation "digitalocean-load-balancer": the DigitalOcean load balancer is '
        + 'created by DigitalOcean\'s cloud controller from the Service kube-http3 renders, and terminates HTTP/3 itself; another provider would '
        + 'shape a different load balancer; use provider "generic" (the default) on a DigitalOcean Kubernetes cluster',
    ],
    [
      'TLS passthrough annotation',
      {
        ...base,
        provider: { name: 'generic', annotations: { 'service.beta.kubernetes.io/do-loadbalancer-tls-passthrough': 'true' } },
        tls: { loadBalancerCertificateId: CERT },
      },
      'provider.annotations["service.beta.kubernetes.io/do-loadbalancer-tls-passthrough"] "true" cannot be set with gateway.implementation '
        + '"digitalocean-load-balancer": the cloud controller refuses TLS passthrough together with HTTP/3; remove it',
    ],
  ])('%s: the same message from both adapters', async (_title, p, message) => {
    await expectSameRefusal(() => new k8.Http3Gateway(Testing.chart(), 'shop-edge', p), () => new pu.Http3Gateway('shop-edge', p), message);
  });
});

describe('example digitalocean-load-balancer', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(exampleChart, 'digitalocean-load-balancer');

  test('the chart holds its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
  });

  test('the Pulumi program registers the same objects and stack outputs', async () => {
    const outputs = exampleProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop-edge', false],
      ['kubernetes:core/v1:Service', 'shop-edge-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'digitalocean-load-balancer-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'ConfigMap', 'Deployment', 'Service']);
    demoObjects.push(...(group.inputs.objs as object[]));
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords']);
    // nginx in the demo sends exactly the value the gateway computes
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(JSON.stringify(cdk8s.demo)).toContain('add_header Alt-Svc \'h3=\\":443\\"; ma=86400\' always;');
    expect(await promiseOf(outputs.altSvc)).toBe(cdk8s.gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
  });
});

test('every manifest registered in this file (the example\'s demo objects too) passes the strict upstream validator', () => {
  expect(demoObjects).toHaveLength(4);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

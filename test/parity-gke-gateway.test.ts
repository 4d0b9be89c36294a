/**
 * Parity of the two adapters for `gke-gateway`: for the same props, what cdk8s synthesizes equals what the Pulumi
 * components register under mocks (secrets unwrapped), the exposed values and reports agree, refusals carry the
 * same message; and the example (examples/gke-gateway) gives the same objects in both frameworks and passes the
 * strict validator.
 */
import { Testing } from 'cdk8s';
import type { Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { gkeGateway as gkeGatewayChart } from '../examples/gke-gateway/cdk8s';
import { gkeGateway as gkeGatewayProgram } from '../examples/gke-gateway/pulumi';
import { makeCertificate, type PemPair } from './helpers/certs';
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

let pem: PemPair;

beforeAll(async () => {
  await setupMocks();
  pem = await makeCertificate({ dnsNames: ['store.example.org', 'www.store.example.org'] });
});
beforeEach(freshRegistrations);

const CLASSES = ['gke-l7-global-external-managed', 'gke-l7-gxlb', 'gke-l7-global-external-managed-mc', 'gke-l7-gxlb-mc'] as const;
type TlsForm = 'secretName' | 'PEM' | 'certManager' | 'preShared';
const TLS_FORMS: readonly TlsForm[] = ['secretName', 'PEM', 'certManager', 'preShared'];

function tlsOf(form: TlsForm): Http3GatewayOptions['tls'] {
  switch (form) {
    case 'secretName':
      return { secretName: 'store-credential' };
    case 'PEM':
      return { certificate: pem.certificate, privateKey: pem.privateKey };
    case 'certManager':
      return { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } };
    case 'preShared':
      return { loadBalancerCertificateId: 'store-cert' };
  }
}

interface Row {
  readonly title: string;
  readonly gatewayClassName: (typeof CLASSES)[number];
  readonly tls: TlsForm;
  readonly maxAge: boolean;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
  readonly explicitProvider: boolean;
}

const rows: Row[] = [];
for (const gatewayClassName of CLASSES) {
  for (const tls of TLS_FORMS) {
    // multi-cluster classes take pre-shared certificates only (refused below)
    if (gatewayClassName.endsWith('-mc') && tls !== 'preShared') continue;
    for (const maxAge of [false, true]) {
      const i = rows.length;
      const dns = i % 2 === 0;
      const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
      const explicitProvider = Math.floor(i / 4) % 2 === 1;
      const title = `${gatewayClassName}, tls ${tls}, altSvc ${maxAge ? 'maxAgeSeconds 2592000' : 'default'}, dns ${dns ? 'default' : 'false'}, `
        + `backend ${otherBackendNamespace ? 'in another namespace' : 'alongside'}, provider ${explicitProvider ? '"generic"' : 'default'}`;
      rows.push({ title, gatewayClassName, tls, maxAge, dns, otherBackendNamespace, explicitProvider });
    }
  }
}

function props(row: Row): Http3GatewayOptions {
  return {
    name: 'store',
    namespace: 'store',
    hostnames: ['store.example.org', 'www.store.example.org'],
    backend: { service: 'store', port: 8080, ...(row.otherBackendNamespace ? { namespace: 'apps' } : {}) },
    gateway: { implementation: 'gke-gateway', gatewayClassName: row.gatewayClassName },
    ...(row.explicitProvider ? { provider: 'generic' } : {}),
    tls: tlsOf(row.tls),
    ...(row.maxAge ? { altSvc: { maxAgeSeconds: 2592000 } } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway', () => {
  test('the table covers every class, TLS form and option', () => {
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.gatewayClassName)).size).toBe(4);
    for (const key of ['maxAge', 'dns', 'otherBackendNamespace', 'explicitProvider'] as const) {
      for (const value of [true, false]) expect(rows.some((r) => r[key] === value)).toBe(true);
    }
  });

  test.each(rows)('$title', async (row) => {
    const p = props(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'store', p));
    const component = new pu.Http3Gateway('store', p);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(2);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(construct.altSvcValue).toBe('h3=":443"; ma=2592000, h3-29=":443"; ma=2592000');
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.services).toEqual([]);
    expect(construct.services).toEqual([]);
    expect(component.report).toEqual(construct.report);
  });
});

describe('QuicListener', () => {
  test.each<[string, k8.QuicListenerProps]>([
    ['Secret', {
      name: 'edge',
      hostnames: ['app.example.com'],
      backend: { service: 'app', port: 80 },
      gateway: 'gke-gateway',
      tlsSecretName: 'app-cert',
    }],
    ['pre-shared certificate, multi-cluster, backend in another namespace, labels', {
      name: 'edge',
      namespace: 'edge',
      hostnames: ['app.example.com', 'api.example.com'],
      backend: { service: 'app', port: 80, namespace: 'apps' },
      gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-global-external-managed-mc' },
      loadBalancerCertificateId: 'app-cert',
      labels: { team: 'web' },
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
  test('the GFE value in both frameworks', async () => {
    const { construct } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', { gateway: 'gke-gateway' }));
    const component = new pu.AltSvcPolicy('alt', { gateway: 'gke-gateway' });
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect(component.attachment).toBe(construct.attachment);
    expect(component.report).toEqual(construct.report);
  });
});

const base = { name: 'store', hostnames: ['store.example.org'], backend: { service: 'store', port: 8080 }, tls: { secretName: 'store-tls' } };

describe('errors', () => {
  test.each<[string, Http3GatewayOptions, string]>([
    [
      'a regional class',
      { ...base, gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-rilb' as never } },
      'gateway.gatewayClassName "gke-l7-rilb" creates a regional internal Application Load Balancer, which has no HTTP/3: Google Cloud terminates '
        + 'QUIC only on global and classic external Application Load Balancers; use "gke-l7-global-external-managed", '
        + '"gke-l7-global-external-managed-mc", "gke-l7-gxlb", "gke-l7-gxlb-mc", or run a QUIC-capable gateway (e.g. "envoy-gateway" or '
        + '"istio") behind a mixed TCP+UDP load-balancer Service',
    ],
    [
      'provider metallb',
      { ...base, gateway: 'gke-gateway', provider: { name: 'metallb', address: '192.0.2.10' } },
      'provider.name "metallb" cannot be combined with gateway.implementation "gke-gateway": GKE creates the Google Cloud load balancer from the '
        + 'Gateway itself, so kube-http3 creates no Service for a provider to shape; remove provider (the default "generic" is right for GKE '
        + 'Gateways)',
    ],
    [
      'altSvc.clear',
      { ...base, gateway: 'gke-gateway', altSvc: { clear: true } },
      'altSvc.clear true cannot be combined with gateway.implementation "gke-gateway": HTTP/3 at Google\'s edge is switched by the target HTTPS '
        + 'proxy\'s quicOverride, which no GKE Gateway API field exposes, and the Google Front End keeps adding its own Alt-Svc as long as QUIC '
        + 'is on; withdraw it outside Kubernetes with gcloud compute target-https-proxies update NAME --quic-override=DISABLE (NAME from gcloud '
        + 'compute target-https-proxies list), then remove altSvc.clear',
    ],
  ])('%s: the same message from both adapters', async (_title, p, message) => {
    await expectSameRefusal(() => new k8.Http3Gateway(Testing.chart(), 'store', p), () => new pu.Http3Gateway('store', p), message);
  });
});

describe('example gke-gateway', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(gkeGatewayChart, 'gke-gateway');

  test('the chart holds its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
  });

  test('the Pulumi program registers the same objects and stack outputs', async () => {
    const outputs = gkeGatewayProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'store', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'store-certificate', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'store-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'store-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'gke-gateway-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    demoObjects.push(...(group.inputs.objs as object[]));
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=2592000, h3-29=":443"; ma=2592000');
    expect(await promiseOf(outputs.altSvc)).toBe(cdk8s.gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['store.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe('store-tls');
  });
});

test('every manifest registered in this file (the example\'s demo objects too) passes the strict upstream validator', () => {
  expect(demoObjects).toHaveLength(3);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

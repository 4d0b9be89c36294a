/**
 * Parity of the two adapters for `haproxy` (install helm and manifests): for the same props, what cdk8s synthesizes
 * (`Testing.synth`) equals what the Pulumi components register under mocks (custom-resource inputs, secrets
 * unwrapped); the exposed values, the artifacts (Helm values, controller flags) and the report agree; bad props fail
 * with the same message; and the haproxy-helm example's cdk8s chart and Pulumi program agree and pass the strict
 * validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { haproxyHelm as haproxyHelmChart } from '../examples/haproxy-helm/cdk8s';
import { haproxyHelm as haproxyHelmProgram } from '../examples/haproxy-helm/pulumi';
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
  thrownBy,
} from './helpers/pulumi';
import { expectStrictlyValid, ManifestCollector } from './helpers/schemas';
import {
  artifactMap,
  type Cdk8sExample,
  cdk8sExampleOf,
  PARITY_PROVIDERS,
  registeredInto,
  synthCdk8s,
  TLS_FORMS,
  type TlsForm,
  tlsOfForm,
} from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);
const demoObjects: object[] = [];

let pem: PemPair;

beforeAll(async () => {
  await setupMocks();
  pem = await makeCertificate({ dnsNames: ['shop.example.org', 'www.shop.example.org'] });
});
beforeEach(freshRegistrations);

const PROVIDERS = PARITY_PROVIDERS;

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc maxAgeSeconds 3600': { maxAgeSeconds: 3600 },
  'altSvc clear': { clear: true },
} as const;

const tlsOf = (form: TlsForm): Http3GatewayOptions['tls'] => tlsOfForm(form, pem);

interface GatewayRow {
  readonly title: string;
  readonly install: 'helm' | 'manifests';
  readonly provider: keyof typeof PROVIDERS;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly tls: TlsForm;
  readonly dns: boolean;
  readonly affinity: boolean;
}

// each install x every provider it accepts x Alt-Svc mode; TLS forms, DNS and affinity rotate along the table
const gatewayRows: GatewayRow[] = [];
for (const install of ['helm', 'manifests'] as const) {
  for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
    // the chart renders one Service: install helm refuses two Services (asserted below)
    if (install === 'helm' && provider === 'metallb two-services') continue;
    for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
      const i = gatewayRows.length;
      const tls = TLS_FORMS[i % 3];
      const dns = i % 2 === 0;
      const affinity = Math.floor(i / 2) % 2 === 1;
      const title = `haproxy ${install} x ${provider}, ${altSvc}, tls ${tls}, dns ${dns}, affinity ${affinity}`;
      gatewayRows.push({ title, install, provider, altSvc, tls, dns, affinity });
    }
  }
}

function gatewayProps(row: GatewayRow): Http3GatewayOptions {
  return {
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: row.install === 'helm'
      ? { implementation: 'haproxy', ingressClassName: 'haproxy-public' }
      : {
        implementation: 'haproxy',
        install: 'manifests',
        namespace: 'ingress',
        selector: { app: 'haproxy' },
        configMapName: 'haproxy',
        httpsBindPort: 9443,
      },
    provider: PROVIDERS[row.provider],
    tls: tlsOf(row.tls),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
    ...(row.affinity ? { sessionAffinity: { type: 'header', name: 'x-user' } } : {}),
  };
}

describe('Http3Gateway with haproxy', () => {
  test('the table covers both installs, every provider they accept, each Alt-Svc mode and TLS form', () => {
    expect(gatewayRows).toHaveLength(27);
    expect(new Set(gatewayRows.map((r) => `${r.install} x ${r.provider}`)).size).toBe(9);
    for (const form of TLS_FORMS) expect(gatewayRows.some((r) => r.tls === form)).toBe(true);
    for (const value of [true, false]) {
      expect(gatewayRows.some((r) => r.dns === value)).toBe(true);
      expect(gatewayRows.some((r) => r.affinity === value)).toBe(true);
    }
  });

  test.each(gatewayRows)('$title', async (row) => {
    const props = gatewayProps(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    // at least the Ingress (helm), plus the ConfigMap and the Service (manifests)
    expect(registered.length).toBeGreaterThanOrEqual(row.install === 'helm' ? 1 : 3);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });

  const INSTALLS = ['helm', 'manifests'] as const;
  test.each(INSTALLS)('%s: leaf Inputs (hostnames, PEM, address) give the manifests and values of the plain props', async (install) => {
    const plain: Http3GatewayOptions = {
      name: 'shop',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: { implementation: 'haproxy', install },
      provider: { name: 'metallb', address: '192.0.2.10' },
      tls: { certificate: pem.certificate, privateKey: pem.privateKey },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', {
      ...plain,
      hostnames: [pulumi.output('shop.example.org'), Promise.resolve('www.shop.example.org')],
      provider: { name: 'metallb', address: pulumi.output('192.0.2.10') },
      tls: { certificate: pulumi.output(pem.certificate), privateKey: pulumi.secret(pem.privateKey) },
    });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    // the address Input reaches the Helm values (install helm) or the Service (install manifests)
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    const deferred = component.report.notes.filter((n) => n.topic === 'tls-checked-at-deployment');
    expect(deferred).toHaveLength(1);
    expect({ ...component.report, notes: component.report.notes.filter((n) => !deferred.includes(n)) }).toEqual(construct.report);
  });
});

const listenerRows: Array<[string, k8.QuicListenerProps]> = [
  ['helm, generic', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'haproxy',
    tlsSecretName: 'app-cert',
  }],
  ['manifests, metallb two-services, source-ip affinity', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'haproxy', install: 'manifests' },
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    sessionAffinity: { type: 'source-ip' },
    tlsSecretName: 'app-cert',
  }],
  ['helm, aws-lbc, altSvc clear, port 8443, labels', {
    name: 'edge',
    hostnames: ['app.example.com'],
    port: 8443,
    backend: { service: 'app', port: 80 },
    gateway: 'haproxy',
    provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' },
    externalTrafficPolicy: 'Cluster',
    altSvc: { clear: true },
    labels: { team: 'web' },
    tlsSecretName: 'app-cert',
  }],
];

describe('QuicListener with haproxy', () => {
  test.each(listenerRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.QuicListener(chart, 'edge', props));
    const component = new pu.QuicListener('edge', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

describe('AltSvcPolicy with haproxy', () => {
  test.each<[string, k8.AltSvcPolicyProps]>([
    ['default', { gateway: 'haproxy' }],
    ['port 8443, max age 600', { gateway: 'haproxy', port: 8443, maxAgeSeconds: 600 }],
    ['clear', { gateway: { implementation: 'haproxy', install: 'manifests' }, clear: true }],
  ])('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', props));
    const component = new pu.AltSvcPolicy('alt', props);
    expect(await registeredBy(component)).toEqual([]);
    expect(manifests).toEqual([]);
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect(component.report).toEqual(construct.report);
  });
});

const base = gatewayProps(gatewayRows[0]);
const badProps: Array<readonly [title: string, cdk8s: () => unknown, pulumi: () => unknown, message: string]> = [
  [
    'Http3Gateway: a backend in another namespace',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, backend: { service: 'shop', port: 8080, namespace: 'apps' } }),
    () => new pu.Http3Gateway('shop', { ...base, backend: { service: 'shop', port: 8080, namespace: 'apps' } }),
    'backend.namespace "apps" cannot be combined with gateway.implementation "haproxy": an Ingress routes only to Services in its own namespace '
      + '(web): networking.k8s.io/v1 Ingress backends have no namespace; set namespace to "apps" so the Ingress lives beside the backend, or '
      + 'leave backend.namespace out',
  ],
  [
    'Http3Gateway: two Services with the chart',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, provider: PROVIDERS['metallb two-services'] }),
    () => new pu.Http3Gateway('shop', { ...base, provider: PROVIDERS['metallb two-services'] }),
    'provider.mixedProtocol "two-services" cannot be combined with gateway.install "helm": the haproxytech/kubernetes-ingress chart renders one '
      + 'Service, with the https (TCP) and quic (UDP) ports together; use mixedProtocol "single-service" on a provider that carries one mixed '
      + 'Service, or install "manifests" so kube-http3 creates the two Services',
  ],
  [
    'QuicListener: cookie affinity',
    () => new k8.QuicListener(Testing.chart(), 'edge', { ...listenerRows[0][1], sessionAffinity: { type: 'cookie', name: 'session' } }),
    () => new pu.QuicListener('edge', { ...listenerRows[0][1], sessionAffinity: { type: 'cookie', name: 'session' } }),
    'sessionAffinity.type "cookie" cannot be combined with gateway.implementation "haproxy": kube-http3 renders haproxy affinity only for '
      + '"header", "source-ip"; use type "header" or "source-ip"',
  ],
];

describe('errors with haproxy', () => {
  test.each(badProps)('%s', async (_title, fromCdk8s, fromPulumi, message) => {
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

const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(haproxyHelmChart, 'haproxy-helm');

describe('examples/haproxy-helm', () => {
  test('the chart holds its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
  });

  test('the Pulumi program registers the demo ConfigGroup, the Http3Gateway and the same children (no Service: the chart creates it)', async () => {
    haproxyHelmProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-certificate', true],
      ['kubernetes:networking.k8s.io/v1:Ingress', 'shop-ingress', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'haproxy-helm-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    demoObjects.push(...(group.inputs.objs as object[]));
  });

  test('the stack outputs equal the cdk8s construct values; the Helm values carry the policy\'s max age', async () => {
    const outputs = haproxyHelmProgram();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=3600');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual([
      'shop.example.com. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.com. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    const artifacts = (await promiseOf(outputs.artifacts)) as Record<string, string>;
    expect(artifacts).toEqual(artifactMap(gateway.artifacts));
    expect(Object.keys(artifacts)).toEqual(['shop.kubernetes-ingress-values.yaml', 'shop.https-records.zone']);
    expect(artifacts['shop.kubernetes-ingress-values.yaml']).toContain('    ssl-certificate: shop/shop-tls\n    quic-alt-svc-max-age: "3600"\n');
    await drainRegistrations();
  });
});

test('every manifest registered in this file passes the strict upstream validator (the example demo objects too)', () => {
  expect(collector.size).toBeGreaterThan(60);
  expect(demoObjects).toHaveLength(3);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

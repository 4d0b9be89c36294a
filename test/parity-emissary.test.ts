/**
 * Parity of the two adapters for `emissary`: for the same props, what cdk8s synthesizes (`Testing.synth`) equals what
 * the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped); the exposed values, the
 * artifacts and the report agree; bad props fail with the same message; and the emissary-metallb example's cdk8s
 * chart and Pulumi program agree and pass the strict validator.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { emissaryMetallb as emissaryMetallbChart } from '../examples/emissary-metallb/cdk8s';
import { emissaryMetallb as emissaryMetallbProgram } from '../examples/emissary-metallb/pulumi';
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
  'altSvc maxAgeSeconds 86400': { maxAgeSeconds: 86400 },
  'altSvc clear': { clear: true },
} as const;

const tlsOf = (form: TlsForm): Http3GatewayOptions['tls'] => tlsOfForm(form, pem);

interface GatewayRow {
  readonly title: string;
  readonly provider: keyof typeof PROVIDERS;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly tls: TlsForm;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
  readonly gateway: Http3GatewayOptions['gateway'];
}

// every provider x Alt-Svc mode; TLS forms, DNS, backend namespace and gateway options rotate along the table
const GATEWAY_OPTIONS: ReadonlyArray<Http3GatewayOptions['gateway']> = [
  'emissary',
  { implementation: 'emissary', minTlsVersion: 'v1.3', ambassadorId: 'edge' },
  { implementation: 'emissary', httpsListener: false, namespace: 'ambassador', selector: { app: 'edge' }, targetPort: 9443 },
];
const gatewayRows: GatewayRow[] = [];
for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
  for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
    const i = gatewayRows.length;
    const tls = TLS_FORMS[i % 3];
    const dns = i % 2 === 0;
    const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
    const gateway = GATEWAY_OPTIONS[Math.floor(i / 3) % 3];
    const title = `emissary ${JSON.stringify(gateway)} x ${provider}, ${altSvc}, tls ${tls}, dns ${dns}, backend elsewhere ${otherBackendNamespace}`;
    gatewayRows.push({ title, provider, altSvc, tls, dns, otherBackendNamespace, gateway });
  }
}

function gatewayProps(row: GatewayRow): Http3GatewayOptions {
  return {
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 8080, ...(row.otherBackendNamespace ? { namespace: 'shop' } : {}) },
    gateway: row.gateway,
    provider: PROVIDERS[row.provider],
    tls: tlsOf(row.tls),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
    ...(row.provider === 'kind' ? { sessionAffinity: { type: 'cookie', name: 'session' } } : {}),
  };
}

describe('Http3Gateway with emissary', () => {
  test('the table covers every provider, Alt-Svc mode, TLS form and gateway option set', () => {
    expect(gatewayRows).toHaveLength(15);
    for (const form of TLS_FORMS) expect(gatewayRows.some((r) => r.tls === form)).toBe(true);
    for (const gateway of GATEWAY_OPTIONS) expect(gatewayRows.some((r) => r.gateway === gateway)).toBe(true);
    for (const value of [true, false]) {
      expect(gatewayRows.some((r) => r.dns === value)).toBe(true);
      expect(gatewayRows.some((r) => r.otherBackendNamespace === value)).toBe(true);
    }
  });

  test.each(gatewayRows)('$title', async (row) => {
    const props = gatewayProps(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    // at least a Host, a Mapping, a Listener and the Service
    expect(registered.length).toBeGreaterThanOrEqual(4);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });

  test('leaf Inputs (hostnames, PEM, address) give the manifests and values of the plain props', async () => {
    const plain: Http3GatewayOptions = {
      name: 'shop',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'emissary',
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
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    const deferred = component.report.notes.filter((n) => n.topic === 'tls-checked-at-deployment');
    expect(deferred).toHaveLength(1);
    expect({ ...component.report, notes: component.report.notes.filter((n) => !deferred.includes(n)) }).toEqual(construct.report);
  });
});

const listenerRows: Array<[string, k8.QuicListenerProps]> = [
  ['generic', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'emissary',
    tlsSecretName: 'app-cert',
  }],
  ['metallb two-services, header affinity, backend in another namespace', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'emissary', namespace: 'ambassador' },
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    sessionAffinity: { type: 'header', name: 'x-user' },
    tlsSecretName: 'app-cert',
  }],
  ['aws-lbc, altSvc clear, labels', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'emissary', httpsListener: false },
    provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' },
    altSvc: { clear: true },
    labels: { team: 'web' },
    tlsSecretName: 'app-cert',
  }],
];

describe('QuicListener with emissary', () => {
  test.each(listenerRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.QuicListener(chart, 'edge', props));
    const component = new pu.QuicListener('edge', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(3);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

describe('AltSvcPolicy with emissary', () => {
  test.each<[string, k8.AltSvcPolicyProps]>([
    ['default', { gateway: 'emissary' }],
    ['clear', { gateway: { implementation: 'emissary' }, clear: true }],
  ])('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', props));
    const component = new pu.AltSvcPolicy('alt', props);
    expect(await registeredBy(component)).toEqual([]);
    expect(manifests).toEqual([]);
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect(component.report).toEqual(construct.report);
  });
});

const badProps: Array<readonly [title: string, cdk8s: () => unknown, pulumi: () => unknown, message: string]> = [
  [
    'Http3Gateway: port 8443',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...gatewayProps(gatewayRows[0]), port: 8443 }),
    () => new pu.Http3Gateway('shop', { ...gatewayProps(gatewayRows[0]), port: 8443 }),
    'port 8443 cannot be combined with gateway.implementation "emissary": Emissary hard-codes alt-svc: h3=":443"; ma=86400, h3-29=":443"; '
      + 'ma=86400 (envoy/v3/v3listener.py), so clients would look for HTTP/3 on 443/UDP, not on 8443/UDP; use port 443 (the Service still maps it '
      + 'to any targetPort)',
  ],
  [
    'QuicListener: Emissary 2.5',
    () => new k8.QuicListener(Testing.chart(), 'edge', { ...listenerRows[0][1], gateway: { implementation: 'emissary', version: '2.5.0' } }),
    () => new pu.QuicListener('edge', { ...listenerRows[0][1], gateway: { implementation: 'emissary', version: '2.5.0' } }),
    'gateway.version "2.5.0" has no HTTP/3: UDP Listeners (protocolStack [TLS, HTTP, UDP]) arrived in Emissary 3.0.0 with Envoy 1.22 '
      + '(emissary #4246); upgrade Emissary to 3.0.0 or later',
  ],
];

describe('errors with emissary', () => {
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

const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(emissaryMetallbChart, 'emissary-metallb');

describe('examples/emissary-metallb', () => {
  test('the chart holds its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service', 'IPAddressPool', 'L2Advertisement']);
  });

  test('the Pulumi program registers the demo ConfigGroup, the Http3Gateway and the same children', async () => {
    emissaryMetallbProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'echo', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'echo-certificate', true],
      ['kubernetes:core/v1:Service', 'echo-service', true],
      ['kubernetes:getambassador.io/v3alpha1:Host', 'echo-host', true],
      ['kubernetes:getambassador.io/v3alpha1:Listener', 'echo-https-listener', true],
      ['kubernetes:getambassador.io/v3alpha1:Listener', 'echo-quic-listener', true],
      ['kubernetes:getambassador.io/v3alpha1:Mapping', 'echo-mapping', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'emissary-metallb-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    demoObjects.push(...(group.inputs.objs as object[]));
    // the pinned MetalLB address lands on the Service, in Emissary's namespace
    const service = registered.find((r) => r.name === 'echo-service')!;
    expect(service.inputs.metadata).toEqual({
      name: 'echo',
      namespace: 'emissary',
      labels: { 'app.kubernetes.io/instance': 'echo', 'app.kubernetes.io/managed-by': 'kube-http3' },
      annotations: { 'metallb.io/loadBalancerIPs': '203.0.113.10', 'metallb.io/address-pool': 'public' },
    });
  });

  test('the stack outputs equal the cdk8s construct values', async () => {
    const outputs = emissaryMetallbProgram();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400, h3-29=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['echo.example.net. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.artifacts)).toEqual(artifactMap(gateway.artifacts));
    expect(Object.keys(await promiseOf(outputs.artifacts as pulumi.Output<Record<string, string>>))).toEqual([
      'echo.emissary-ingress-values.yaml',
      'echo.https-records.zone',
    ]);
    await drainRegistrations();
  });
});

test('every manifest registered in this file passes the strict upstream validator (the example demo objects too)', () => {
  expect(collector.size).toBeGreaterThan(60);
  expect(demoObjects).toHaveLength(5);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

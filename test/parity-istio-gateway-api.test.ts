/**
 * Parity of the two adapters for `istio-gateway-api`: for the same props, what cdk8s synthesizes (`Testing.synth`)
 * equals what the Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the values
 * each construct exposes and the report agree, and refusals carry the same message. Covers both deployments
 * (Istio >= 1.31: Istio deploys the gateway; Istio <= 1.30: manual deployment with kube-http3's Service) across the
 * providers, TLS forms and Alt-Svc modes; and the example examples/istio-gateway-api-metallb.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { renderArtifact, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { istioGatewayApiMetallb as exampleChart } from '../examples/istio-gateway-api-metallb/cdk8s';
import { istioGatewayApiMetallb as exampleProgram } from '../examples/istio-gateway-api-metallb/pulumi';
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

// ---------------------------------------------------------------------------------------------------------------
// Http3Gateway: both deployments x every provider they accept x each TLS form x the Alt-Svc modes they accept
// ---------------------------------------------------------------------------------------------------------------

const DEPLOYMENTS = {
  'istio 1.31 (Istio deploys the gateway)': { gateway: { implementation: 'istio-gateway-api' }, namespace: 'web' },
  'istio 1.30 (manual deployment)': { gateway: { implementation: 'istio-gateway-api', version: '1.30' }, namespace: 'istio-ingress' },
} as const;

const PROVIDERS = {
  'generic': 'generic',
  'kind': 'kind',
  'metallb single': { name: 'metallb', address: '192.0.2.10' },
  'aws-lbc': { name: 'aws-lbc', scheme: 'internet-facing' },
} as const;

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc maxAgeSeconds 86400': { maxAgeSeconds: 86400 },
  'altSvc clear': { clear: true },
} as const;

const tlsOf = (form: TlsForm): Http3GatewayOptions['tls'] => tlsOfForm(form, pem);

interface GatewayRow {
  readonly title: string;
  readonly deployment: keyof typeof DEPLOYMENTS;
  readonly provider: keyof typeof PROVIDERS;
  readonly tls: TlsForm;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
}

const gatewayRows: GatewayRow[] = [];
for (const deployment of Object.keys(DEPLOYMENTS) as Array<keyof typeof DEPLOYMENTS>) {
  for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
    for (const tls of TLS_FORMS) {
      for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
        // Istio 1.31 cannot withdraw HTTP/3 per Gateway (asserted below)
        if (altSvc === 'altSvc clear' && deployment.startsWith('istio 1.31')) continue;
        const i = gatewayRows.length;
        const dns = i % 2 === 0;
        const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
        const backend = otherBackendNamespace ? 'in another namespace' : 'alongside';
        const title = `${deployment} x ${provider}, tls ${tls}, ${altSvc}, dns ${dns ? 'default' : 'false'}, backend ${backend}`;
        gatewayRows.push({ title, deployment, provider, tls, altSvc, dns, otherBackendNamespace });
      }
    }
  }
}

function gatewayProps(row: GatewayRow): Http3GatewayOptions {
  return {
    name: 'shop',
    namespace: DEPLOYMENTS[row.deployment].namespace,
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 8080, ...(row.otherBackendNamespace ? { namespace: 'shop' } : {}) },
    gateway: DEPLOYMENTS[row.deployment].gateway,
    provider: PROVIDERS[row.provider],
    tls: tlsOf(row.tls),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway', () => {
  test('the table covers both deployments, every provider and both values of dns and the backend namespace', () => {
    expect(gatewayRows).toHaveLength(4 * 3 * 2 + 4 * 3 * 3);
    expect(new Set(gatewayRows.map((r) => `${r.deployment} x ${r.provider}`)).size).toBe(8);
    for (const key of ['dns', 'otherBackendNamespace'] as const) {
      for (const value of [true, false]) {
        for (const deployment of Object.keys(DEPLOYMENTS)) {
          expect(gatewayRows.some((r) => r.deployment === deployment && r[key] === value)).toBe(true);
        }
      }
    }
  });

  test.each(gatewayRows)('$title', async (row) => {
    const props = gatewayProps(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    // the Gateway and the HTTPRoute at least; kube-http3's Service only for the manual deployment
    const kinds = registered.map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Gateway', 'HTTPRoute']));
    expect(kinds.includes('Service')).toBe(row.deployment.startsWith('istio 1.30'));
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });

  test.each(Object.keys(DEPLOYMENTS) as Array<keyof typeof DEPLOYMENTS>)(
    '%s: leaf Inputs (hostnames, PEM, address) give the manifests and values of the plain props',
    async (deployment) => {
      const plain: Http3GatewayOptions = {
        name: 'shop',
        namespace: DEPLOYMENTS[deployment].namespace,
        hostnames: ['shop.example.org', 'www.shop.example.org'],
        backend: { service: 'shop', port: 8080 },
        gateway: DEPLOYMENTS[deployment].gateway,
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
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// QuicListener
// ---------------------------------------------------------------------------------------------------------------

const listenerRows: Array<[string, k8.QuicListenerProps]> = [
  ['1.31 x generic, defaults', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'istio-gateway-api',
    tlsSecretName: 'app-cert',
  }],
  ['1.31 x generic with a class, Cluster, a custom class name, port 8443', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    port: 8443,
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'istio-gateway-api', version: '1.32', gatewayClassName: 'istio-public' },
    provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/owner': 'web' } },
    externalTrafficPolicy: 'Cluster',
    labels: { team: 'web' },
    tlsSecretName: 'app-cert',
  }],
  ['1.31 x aws-lbc, session affinity', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'istio-gateway-api', version: '1.31.0' },
    provider: { name: 'aws-lbc', scheme: 'internet-facing' },
    sessionAffinity: { type: 'header', name: 'x-session-id' },
    tlsSecretName: 'app-cert',
  }],
  ['1.30 x metallb single, chart options, session affinity', {
    name: 'edge',
    namespace: 'ingress',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'istio-gateway-api', version: '1.30.3', namespace: 'ingress', selector: { app: 'gw' }, targetPort: 8443 },
    provider: { name: 'metallb', address: '192.0.2.10', addressPool: 'public' },
    sessionAffinity: { type: 'cookie', name: 'session' },
    tlsSecretName: 'app-cert',
  }],
  ['1.30 x kind, altSvc clear', {
    name: 'edge',
    namespace: 'istio-ingress',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'istio-gateway-api', version: '1.30' },
    provider: 'kind',
    altSvc: { clear: true },
    tlsSecretName: 'app-cert',
  }],
];

describe('QuicListener', () => {
  test.each(listenerRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.QuicListener(chart, 'edge', props));
    const component = new pu.QuicListener('edge', props);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(2);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the same refusals from both adapters
// ---------------------------------------------------------------------------------------------------------------

const base = { name: 'shop', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 8080 }, tls: { secretName: 'shop-tls' } };

const refusals: Array<[string, Http3GatewayOptions, string]> = [
  [
    'Istio 1.31: withdrawing',
    { ...base, gateway: 'istio-gateway-api', altSvc: { clear: true } },
    'altSvc.clear true cannot be combined with gateway.version "1.31": HTTP/3 cannot be withdrawn from one Gateway Istio deploys: ' +
      'PILOT_ENABLE_QUIC_LISTENERS is mesh-wide, and while it is on Istio 1.31 adds the <listener>-quic UDP port to the generated Service ' +
      'of every Gateway with an HTTPS listener and appends alt-svc: h3 to its routes, so neither the QUIC listener nor the advertisement ' +
      'can be turned off here (and an alt-svc: clear header would only be sent next to h3); remove altSvc.clear; to withdraw HTTP/3, ' +
      'set PILOT_ENABLE_QUIC_LISTENERS to "false" in istiod (every Gateway in the mesh loses HTTP/3 and istiod stops advertising it), ' +
      'and keep serving HTTPS on TCP until the cached max age of 86400 s has run out',
  ],
  [
    'Istio 1.31: two Services',
    { ...base, gateway: 'istio-gateway-api', provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } },
    'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "istio-gateway-api": ' +
      'from Istio 1.31 on, Istio generates exactly one Service per Gateway (shop-istio), with the TCP and the UDP port together; ' +
      'use mixedProtocol "single-service" on a provider that carries one mixed Service',
  ],
  [
    'Istio 1.30: gateway pods outside the Gateway\'s namespace',
    { ...base, gateway: { implementation: 'istio-gateway-api', version: '1.30' } },
    'gateway.namespace "istio-ingress" cannot be combined with namespace "default": with a manually deployed gateway, istiod binds the ' +
      'Gateway only to a Service in its own namespace and serves the TLS Secret only to gateway pods in that namespace (Istio 1.30 ' +
      'pilot/pkg/model/push_context.go mergeGateways, pilot/pkg/xds/sds.go), so the Gateway, its Secret, kube-http3\'s Service and the ' +
      'istio/gateway chart pods share one namespace; set namespace to "istio-ingress", or install the istio/gateway chart in "default" ' +
      'and set gateway.namespace to it',
  ],
];

describe('errors', () => {
  test.each(refusals)('%s', async (_title, props, message) => {
    await expectSameRefusal(() => new k8.Http3Gateway(Testing.chart(), 'shop', props), () => new pu.Http3Gateway('shop', props), message);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the example: the Pulumi program registers what the cdk8s chart synthesizes
// ---------------------------------------------------------------------------------------------------------------

const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(exampleChart, 'istio-gateway-api-metallb');

describe('examples/istio-gateway-api-metallb', () => {
  test('the chart holds only its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
  });

  test('registers the demo ConfigGroup, the Http3Gateway and its children (no Service: Istio 1.31 generates it)', async () => {
    exampleProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'podinfo', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'podinfo-certificate', true],
      ['kubernetes:core/v1:ConfigMap', 'podinfo-gateway-parameters', true],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'podinfo-gateway', true],
      ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'podinfo-route', true],
      ['kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant', 'podinfo-reference-grant', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'istio-gateway-api-metallb-demo', false],
    ]);
  });

  test('the Http3Gateway children equal the cdk8s Http3Gateway objects, and the ConfigGroup objs the demo objects', async () => {
    exampleProgram();
    await drainRegistrations();
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(Object.keys(group.inputs)).toEqual(['objs']);
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual([
      'Namespace',
      'Namespace',
      'Deployment',
      'Service',
      'IPAddressPool',
      'L2Advertisement',
    ]);
    demoObjects.push(...(group.inputs.objs as object[]));
  });

  test('MetalLB\'s address and Local reach the Service Istio generates, through the Gateway', async () => {
    exampleProgram();
    await drainRegistrations();
    const gateway = registered.find((r) => r.name === 'podinfo-gateway')!;
    expect((gateway.inputs.spec as Record<string, unknown>).infrastructure).toEqual({
      annotations: { 'metallb.io/loadBalancerIPs': '203.0.113.10', 'metallb.io/address-pool': 'public' },
      parametersRef: { group: '', kind: 'ConfigMap', name: 'podinfo-istio-parameters' },
    });
    const parameters = registered.find((r) => r.name === 'podinfo-gateway-parameters')!;
    expect(parameters.inputs.data).toEqual({ service: 'spec:\n  externalTrafficPolicy: Local\n' });
  });

  test('the stack outputs equal the cdk8s construct values', async () => {
    const outputs = exampleProgram();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual([
      'podinfo.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'api.podinfo.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(gateway.httpsRecords.map((r) => r.text));
    expect(await promiseOf(outputs.artifacts)).toEqual(Object.fromEntries(gateway.artifacts.map((a) => [a.fileName, renderArtifact(a)])));
    expect(Object.keys((await promiseOf(outputs.artifacts)) as Record<string, string>)).toEqual(
      expect.arrayContaining(['podinfo.istio-operator.yaml', 'podinfo.istiod-values.yaml']),
    );
    await drainRegistrations();
  });
});

test('every manifest registered in this file passes the strict upstream validator (the example\'s demo objects too)', () => {
  expect(collector.size).toBeGreaterThan(150);
  expect(demoObjects).toHaveLength(6);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

/**
 * Parity of the two adapters: for the same props, what cdk8s synthesizes (`Testing.synth`) equals what the Pulumi
 * components register under mocks (custom-resource inputs, secrets unwrapped), compared as sets of key-sorted
 * manifests; the values each construct exposes agree; and bad props fail with the same Http3ConfigError message.
 * The table covers the five constructs and every valid gateway implementation x provider combination.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { makeCertificate, type PemPair } from './helpers/certs';
import { canonicalSet, customInputs, freshRegistrations, promiseOf, setupMocks, thrownBy } from './helpers/pulumi';
import { ManifestCollector } from './helpers/schemas';
import {
  artifactMap,
  PARITY_PROVIDERS,
  registeredInto,
  synthCdk8s,
  TLS_FORMS,
  type TlsForm,
  tlsOfForm,
} from './helpers/parity';

const collector = new ManifestCollector();
const registeredBy = registeredInto(collector);

let pem: PemPair;

beforeAll(async () => {
  await setupMocks();
  pem = await makeCertificate({ dnsNames: ['shop.example.org', 'www.shop.example.org'] });
});
beforeEach(freshRegistrations);

// ---------------------------------------------------------------------------------------------------------------
// Http3Gateway: every valid implementation x provider, crossed with each TLS form and Alt-Svc mode; DNS and the
// backend namespace alternate along the table
// ---------------------------------------------------------------------------------------------------------------

const GATEWAYS = {
  'istio': { implementation: 'istio' },
  'envoy-gateway': { implementation: 'envoy-gateway' },
} as const;

const PROVIDERS = PARITY_PROVIDERS;

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc maxAgeSeconds 86400': { maxAgeSeconds: 86400 },
  'altSvc clear': { clear: true },
} as const;

const tlsOf = (form: TlsForm): Http3GatewayOptions['tls'] => tlsOfForm(form, pem);

interface GatewayRow {
  readonly title: string;
  readonly gateway: keyof typeof GATEWAYS;
  readonly provider: keyof typeof PROVIDERS;
  readonly tls: TlsForm;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
}

const gatewayRows: GatewayRow[] = [];
for (const gateway of Object.keys(GATEWAYS) as Array<keyof typeof GATEWAYS>) {
  for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
    // Envoy Gateway generates one Service per Gateway: it refuses two Services (asserted below)
    if (gateway === 'envoy-gateway' && provider === 'metallb two-services') continue;
    for (const tls of TLS_FORMS) {
      for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
        const i = gatewayRows.length;
        const dns = i % 2 === 0;
        const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
        const backend = otherBackendNamespace ? 'in another namespace' : 'alongside';
        const title = `${gateway} x ${provider}, tls ${tls}, ${altSvc}, dns ${dns ? 'default' : 'false'}, backend ${backend}`;
        gatewayRows.push({ title, gateway, provider, tls, altSvc, dns, otherBackendNamespace });
      }
    }
  }
}

function gatewayProps(row: GatewayRow): Http3GatewayOptions {
  return {
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 8080, ...(row.otherBackendNamespace ? { namespace: 'shop' } : {}) },
    gateway: GATEWAYS[row.gateway],
    provider: PROVIDERS[row.provider],
    tls: tlsOf(row.tls),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway', () => {
  test('the table covers every option of the brief', () => {
    expect(gatewayRows).toHaveLength(81);
    expect(new Set(gatewayRows.map((r) => `${r.gateway} x ${r.provider}`)).size).toBe(9);
    for (const key of ['dns', 'otherBackendNamespace'] as const) {
      for (const value of [true, false]) {
        for (const gateway of Object.keys(GATEWAYS)) expect(gatewayRows.some((r) => r.gateway === gateway && r[key] === value)).toBe(true);
      }
    }
  });

  test.each(gatewayRows)('$title', async (row) => {
    const props = gatewayProps(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', props));
    const component = new pu.Http3Gateway('shop', props);
    const registered = await registeredBy(component, component.resources);
    // at least the gateway object and its route
    expect(registered.length).toBeGreaterThanOrEqual(2);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });

  test.each([
    ['istio', GATEWAYS.istio, { name: 'metallb', address: pulumi.output('192.0.2.10') }],
    ['envoy-gateway', GATEWAYS['envoy-gateway'], { name: 'metallb', address: Promise.resolve('192.0.2.10') }],
  ] as const)('%s: leaf Inputs (hostnames, PEM, address) give the manifests and values of the plain props', async (_title, gateway, provider) => {
    const plain: Http3GatewayOptions = {
      name: 'shop',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway,
      provider: { name: 'metallb', address: '192.0.2.10' },
      tls: { certificate: pem.certificate, privateKey: pem.privateKey },
    };
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', plain));
    const component = new pu.Http3Gateway('shop', {
      ...plain,
      hostnames: [pulumi.output('shop.example.org'), Promise.resolve('www.shop.example.org')],
      provider,
      tls: { certificate: pulumi.output(pem.certificate), privateKey: pulumi.secret(pem.privateKey) },
    });
    const registered = await registeredBy(component, component.resources);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    // the one difference: with the PEM as an Input, the report says its checks run at deployment
    const deferred = component.report.notes.filter((n) => n.topic === 'tls-checked-at-deployment');
    expect(deferred).toHaveLength(1);
    expect(construct.report.notes.some((n) => n.topic === 'tls-checked-at-deployment')).toBe(false);
    expect({ ...component.report, notes: component.report.notes.filter((n) => !deferred.includes(n)) }).toEqual(construct.report);
  });

  test('envoy-gateway refuses two Services in both frameworks, with the same message', () => {
    const props: Http3GatewayOptions = {
      ...gatewayProps(gatewayRows[0]),
      gateway: GATEWAYS['envoy-gateway'],
      provider: PROVIDERS['metallb two-services'],
    };
    const message = 'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": '
      + 'Envoy Gateway generates exactly one Service per Gateway, with the TCP and the UDP port together; '
      + 'use mixedProtocol "single-service" on a provider that carries one mixed Service';
    const fromCdk8s = thrownBy(() => new k8.Http3Gateway(Testing.chart(), 'shop', props));
    const fromPulumi = thrownBy(() => new pu.Http3Gateway('shop', props));
    expect(Http3ConfigError.isHttp3ConfigError(fromCdk8s)).toBe(true);
    expect(Http3ConfigError.isHttp3ConfigError(fromPulumi)).toBe(true);
    expect(fromCdk8s.message).toBe(message);
    expect(fromPulumi.message).toBe(message);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// QuicListener, MixedProtocolLoadBalancer, AltSvcPolicy, HttpsDnsRecord
// ---------------------------------------------------------------------------------------------------------------

const listenerRows: Array<[string, k8.QuicListenerProps]> = [
  ['istio x generic', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'istio',
    tlsSecretName: 'app-cert',
  }],
  ['istio x kind, port 8443, backend in another namespace', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    port: 8443,
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'istio', namespace: 'ingress', selector: { app: 'gw' } },
    provider: 'kind',
    tlsSecretName: 'app-cert',
  }],
  ['istio x metallb two-services, altSvc clear', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'istio',
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    altSvc: { clear: true },
    tlsSecretName: 'app-cert',
  }],
  ['istio x aws-lbc, externalTrafficPolicy Cluster', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'istio',
    provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' },
    externalTrafficPolicy: 'Cluster',
    tlsSecretName: 'app-cert',
  }],
  ['envoy-gateway x generic, backend in another namespace', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: 'envoy-gateway',
    tlsSecretName: 'app-cert',
  }],
  ['envoy-gateway x metallb single, altSvc clear', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'envoy-gateway',
    provider: { name: 'metallb', address: '192.0.2.10', addressPool: 'public' },
    altSvc: { clear: true },
    tlsSecretName: 'app-cert',
  }],
  ['envoy-gateway x kind, externalTrafficPolicy Cluster, labels', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'envoy-gateway', gatewayClassName: 'internet', version: '1.4.0' },
    provider: 'kind',
    externalTrafficPolicy: 'Cluster',
    labels: { team: 'web' },
    tlsSecretName: 'app-cert',
  }],
  ['envoy-gateway x aws-lbc', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'envoy-gateway',
    provider: { name: 'aws-lbc', scheme: 'internet-facing' },
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

const loadBalancerRows: Array<[string, k8.MixedProtocolLoadBalancerProps]> = [
  ['generic', { name: 'lb', selector: { app: 'edge' } }],
  ['generic with class, annotations and labels', {
    name: 'lb',
    namespace: 'web',
    selector: { app: 'edge' },
    labels: { team: 'web' },
    provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/owner': 'web' } },
  }],
  ['kind, port 8443 to 8443, Cluster', {
    name: 'lb',
    selector: { app: 'edge' },
    port: 8443,
    targetPort: 8443,
    provider: 'kind',
    externalTrafficPolicy: 'Cluster',
  }],
  ['metallb single', {
    name: 'lb',
    selector: { app: 'edge' },
    targetPort: 8443,
    provider: { name: 'metallb', address: '192.0.2.10', addressPool: 'public' },
  }],
  ['metallb two-services', {
    name: 'lb',
    selector: { app: 'edge' },
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', sharingKey: 'k' },
  }],
  ['metallb 0.14.8', { name: 'lb', selector: { app: 'edge' }, provider: { name: 'metallb', version: '0.14.8' } }],
  ['aws-lbc', { name: 'lb', selector: { app: 'edge' }, provider: { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'ip' } }],
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
});

const altSvcRows: Array<[string, k8.AltSvcPolicyProps]> = [
  ['default', {}],
  ['port 8443, max age 3600', { port: 8443, maxAgeSeconds: 3600 }],
  ['max age above 30 days', { maxAgeSeconds: 31536000 }],
  ['clear', { clear: true }],
  ['istio', { gateway: 'istio' }],
  ['envoy-gateway, clear', { gateway: { implementation: 'envoy-gateway' }, clear: true }],
];

describe('AltSvcPolicy', () => {
  test.each(altSvcRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', props));
    const component = new pu.AltSvcPolicy('alt', props);
    expect(await registeredBy(component)).toEqual([]);
    expect(manifests).toEqual([]);
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect({
      attachment: component.attachment,
      httpRouteFilter: component.httpRouteFilter,
      virtualServiceHeaders: component.virtualServiceHeaders,
      report: component.report,
    }).toEqual({
      attachment: construct.attachment,
      httpRouteFilter: construct.httpRouteFilter,
      virtualServiceHeaders: construct.virtualServiceHeaders,
      report: construct.report,
    });
  });
});

const dnsRows: Array<[string, k8.HttpsDnsRecordProps]> = [
  ['one hostname', { name: 'dns', hostnames: ['app.example.com'] }],
  ['two hostnames, TTL 60', { name: 'dns', hostnames: ['app.example.com', 'www.example.com'], ttlSeconds: 60 }],
  ['port 8443', { name: 'dns', hostnames: ['app.example.com'], port: 8443 }],
  ['address hints', { name: 'dns', hostnames: ['app.example.com'], ipv4hint: ['192.0.2.1'], ipv6hint: ['2001:db8::1'] }],
  ['h2 only, priority 2', { name: 'dns', hostnames: ['app.example.com'], alpn: ['h2'], priority: 2 }],
  ['ech', {
    name: 'dns',
    hostnames: ['app.example.com'],
    ech: 'AEX+DQBBpQAgACB/3ZN0Mw2XGEUpRT1kBd7DcmhuHp8uS3pCk5QCZ9vEzQAEAAEAAQASY2xvdWRmbGFyZS1lY2guY29tAAA=',
  }],
];

describe('HttpsDnsRecord', () => {
  test.each(dnsRows)('%s', async (_title, props) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.HttpsDnsRecord(chart, 'dns', props));
    const component = new pu.HttpsDnsRecord('dns', props);
    expect(await registeredBy(component)).toEqual([]);
    expect(manifests).toEqual([]);
    expect(await promiseOf(component.records)).toEqual(construct.records.map((r) => r.text));
    expect(await promiseOf(component.rdata)).toEqual(construct.records.map((r) => r.rdataText));
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(Object.values(await promiseOf(component.artifacts))).toEqual([expect.stringContaining(construct.zoneFragment)]);
    expect(component.report).toEqual(construct.report);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the same error from both adapters
// ---------------------------------------------------------------------------------------------------------------

const listenerBase = { name: 'shop', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 8080 } };
const base = { ...listenerBase, tls: { secretName: 'shop-tls' } };
const proxyProtocolGateway = { implementation: 'envoy-gateway', proxyProtocol: true } as const;

type Construction = readonly [title: string, cdk8s: () => unknown, pulumi: () => unknown, message: string];

const badProps: Construction[] = [
  [
    'Http3Gateway: an uppercase hostname',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, hostnames: ['Shop.example.org'], gateway: 'istio' }),
    () => new pu.Http3Gateway('shop', { ...base, hostnames: ['Shop.example.org'], gateway: 'istio' }),
    'hostnames[0] must be a lowercase DNS hostname such as "app.example.com" (optionally "*." first, no trailing dot, no IP address), got '
      + '"Shop.example.org"; write it as "shop.example.org"',
  ],
  [
    'Http3Gateway: mutual TLS on istio',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: { implementation: 'istio', tlsMode: 'MUTUAL' } }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: { implementation: 'istio', tlsMode: 'MUTUAL' } }),
    'gateway.tlsMode "MUTUAL" cannot be enforced over HTTP/3: istiod builds QUIC listeners with RequireClientCertificate=false (envoyproxy/envoy '
      + '#23809), so a client without a certificate would reach the server over QUIC; use tlsMode "SIMPLE" with HTTP/3, or serve this host '
      + 'without HTTP/3',
  ],
  [
    'Http3Gateway: aws-lbc without a scheme',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: 'envoy-gateway', provider: { name: 'aws-lbc' } as never }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: 'envoy-gateway', provider: { name: 'aws-lbc' } as never }),
    'provider.scheme must be "internet-facing" or "internal", got undefined; the controller defaults to "internal", which clients on the internet '
      + 'cannot reach, so kube-http3 asks',
  ],
  [
    'Http3Gateway: altSvc false where the implementation advertises by itself',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: 'istio', altSvc: false }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: 'istio', altSvc: false }),
    'altSvc false cannot be combined with gateway.implementation "istio": istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route of a '
      + 'server that has a QUIC listener (ma is hard-coded), so it cannot serve HTTP/3 without advertising it; remove altSvc: false, or use '
      + 'altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
  ],
  [
    'Http3Gateway: a misspelt field',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: 'istio', altSvc: { maxAge: 60 } as never }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: 'istio', altSvc: { maxAge: 60 } as never }),
    'altSvc.maxAge is not a known field (got 60); the fields of altSvc are: clear, maxAgeSeconds, rolloutStage, rolloutStages',
  ],
  [
    'QuicListener: PROXY protocol on envoy-gateway',
    () => new k8.QuicListener(Testing.chart(), 'edge', { ...listenerBase, gateway: proxyProtocolGateway, tlsSecretName: 'x' }),
    () => new pu.QuicListener('edge', { ...listenerBase, gateway: proxyProtocolGateway, tlsSecretName: 'x' }),
    'gateway.proxyProtocol true breaks HTTP/3: Envoy has no PROXY protocol listener filter for UDP and NACKs the QUIC listener, while TCP keeps '
      + 'working and keeps advertising h3 (envoyproxy/gateway #9798); turn proxyProtocol off and keep the client IP with externalTrafficPolicy '
      + '"Local" on a pass-through load balancer',
  ],
  [
    'MixedProtocolLoadBalancer: an empty selector',
    () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: {} }),
    () => new pu.MixedProtocolLoadBalancer('lb', { selector: {} }),
    'selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods',
  ],
  [
    'AltSvcPolicy: a max age istio does not emit',
    () => new k8.AltSvcPolicy(Testing.chart(), 'alt', { gateway: 'istio', maxAgeSeconds: 60 }),
    () => new pu.AltSvcPolicy('alt', { gateway: 'istio', maxAgeSeconds: 60 }),
    'maxAgeSeconds 60 cannot be combined with gateway.implementation "istio": istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route '
      + 'of a server that has a QUIC listener (ma is hard-coded), so clients would receive h3=":443"; ma=86400, not h3=":443"; ma=60; remove '
      + 'maxAgeSeconds (or set it to what the implementation emits)',
  ],
  [
    'HttpsDnsRecord: a hostname listed twice',
    () => new k8.HttpsDnsRecord(Testing.chart(), 'dns', { hostnames: ['app.example.com', 'app.example.com'] }),
    () => new pu.HttpsDnsRecord('dns', { hostnames: ['app.example.com', 'app.example.com'] }),
    'hostnames[1] must be a hostname not listed before (it is hostnames[0]), got "app.example.com"; list each hostname once',
  ],
];

describe('errors', () => {
  test.each(badProps)('%s', async (_title, fromCdk8s, fromPulumi, message) => {
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

  test('a PEM certificate that does not cover the hostname', async () => {
    const other = await makeCertificate({ dnsNames: ['other.example.org'] });
    const props = { ...base, gateway: 'envoy-gateway' as const, tls: other };
    const cdk8sError = thrownBy(() => new k8.Http3Gateway(Testing.chart(), 'shop', props));
    const pulumiError = thrownBy(() => new pu.Http3Gateway('shop', props));
    expect(cdk8sError.message).toBe(
      'hostnames[0] "shop.example.org" is not covered by tls.certificate (its DNS names: other.example.org; the subject CN does not count for '
        + 'browsers); reissue the certificate with every hostname as a subjectAltName, or remove the hostname',
    );
    expect(pulumiError.message).toBe(cdk8sError.message);
  });
});

test('every manifest registered in this file passes the strict upstream validator', () => {
  expect(collector.size).toBeGreaterThan(300);
  collector.expectStrictlyValid();
});

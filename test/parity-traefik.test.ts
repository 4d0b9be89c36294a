/**
 * Parity of the two adapters for Traefik: for the same props, what cdk8s synthesizes (`Testing.synth`) equals what the
 * Pulumi components register under mocks (custom-resource inputs, secrets unwrapped), the exposed values (Alt-Svc, HTTPS
 * records, TLS Secret name, artifacts: Helm values or static configuration) and the report agree, and bad props fail with
 * the same Http3ConfigError message. The table crosses every install x routing with every provider and Alt-Svc mode.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { Http3ConfigError, type Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { traefikHelmAks as traefikHelmAksChart } from '../examples/traefik-helm-aks/cdk8s';
import { traefikHelmAks } from '../examples/traefik-helm-aks/pulumi';
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
import { ManifestCollector } from './helpers/schemas';
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

let pem: PemPair;

beforeAll(async () => {
  await setupMocks();
  pem = await makeCertificate({ dnsNames: ['shop.example.org', 'www.shop.example.org'] });
});
beforeEach(freshRegistrations);

const SETUPS = {
  'helm, ingressroute': { implementation: 'traefik' },
  'manifests, ingressroute': { implementation: 'traefik', install: 'manifests', namespace: 'ingress', selector: { app: 'traefik' } },
  'helm, gateway-api': { implementation: 'traefik', routing: 'gateway-api' },
  'manifests, gateway-api': { implementation: 'traefik', install: 'manifests', routing: 'gateway-api', entryPointPort: 9443 },
} as const;

const PROVIDERS = PARITY_PROVIDERS;

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc clear': { clear: true },
} as const;

const tlsOf = (form: TlsForm): Http3GatewayOptions['tls'] => tlsOfForm(form, pem);

interface Row {
  readonly title: string;
  readonly setup: keyof typeof SETUPS;
  readonly provider: keyof typeof PROVIDERS;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly tls: TlsForm;
  readonly dns: boolean;
  readonly otherBackendNamespace: boolean;
}

const rows: Row[] = [];
for (const setup of Object.keys(SETUPS) as Array<keyof typeof SETUPS>) {
  for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
    for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
      const i = rows.length;
      const tls = TLS_FORMS[i % 3];
      const dns = i % 2 === 0;
      const otherBackendNamespace = Math.floor(i / 2) % 2 === 1;
      const backend = otherBackendNamespace ? 'in another namespace' : 'alongside';
      const title = `traefik ${setup} x ${provider}, ${altSvc}, tls ${tls}, dns ${dns ? 'default' : 'false'}, backend ${backend}`;
      rows.push({ title, setup, provider, altSvc, tls, dns, otherBackendNamespace });
    }
  }
}

function props(row: Row): Http3GatewayOptions {
  return {
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 8080, ...(row.otherBackendNamespace ? { namespace: 'shop' } : {}) },
    gateway: SETUPS[row.setup],
    provider: PROVIDERS[row.provider],
    tls: tlsOf(row.tls),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway with traefik', () => {
  test('the table covers every install x routing x provider x Alt-Svc mode, each TLS form, DNS and backend namespace', () => {
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => `${r.setup} x ${r.provider} x ${r.altSvc}`)).size).toBe(40);
    for (const setup of Object.keys(SETUPS)) {
      for (const key of ['dns', 'otherBackendNamespace'] as const) {
        for (const value of [true, false]) expect(rows.some((r) => r.setup === setup && r[key] === value)).toBe(true);
      }
      for (const tls of TLS_FORMS) expect(rows.some((r) => r.setup === setup && r.tls === tls)).toBe(true);
    }
  });

  test.each(rows)('$title', async (row) => {
    const p = props(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop', p));
    const component = new pu.Http3Gateway('shop', p);
    const registered = await registeredBy(component, component.resources);
    // at least the route object (IngressRoute, or Gateway and HTTPRoute)
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(construct.altSvcValue).toBe(row.altSvc === 'altSvc clear' ? 'clear' : 'h3=":443"; ma=2592000');
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(Object.keys(artifactMap(construct.artifacts))).toEqual([
      ...(row.setup.startsWith('helm') ? ['shop.traefik-values.yaml'] : ['shop.traefik.yml', 'shop.traefik-args.yaml']),
      ...(row.dns ? ['shop.https-records.zone'] : []),
    ]);
    expect(component.report).toEqual(construct.report);
  });

  test('leaf Inputs (hostnames in the IngressRoute rule, the MetalLB address in the Helm values, PEM) give what the plain props give', async () => {
    const plain: Http3GatewayOptions = {
      name: 'shop',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'traefik',
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
    const rule = (registered.find((m) => m.kind === 'IngressRoute')!.spec as { routes: Array<{ match: string }> }).routes[0].match;
    expect(rule).toBe('Host(`shop.example.org`) || Host(`www.shop.example.org`)');
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    const artifacts = await promiseOf(component.artifacts);
    expect(artifacts).toEqual(artifactMap(construct.artifacts));
    // the address reaches the Helm values as the same text, whether it was plain or an Input
    expect(artifacts['shop.traefik-values.yaml']).toContain('metallb.io/loadBalancerIPs: "192.0.2.10"');
    // the differences: the report says the PEM checks run at deployment and the hostnames are matched with Host()
    const onlyPulumi = ['traefik-hostname-input', 'tls-checked-at-deployment'];
    expect(component.report.notes.filter((n) => onlyPulumi.includes(n.topic)).map((n) => n.topic)).toEqual(onlyPulumi);
    expect(construct.report.notes.some((n) => onlyPulumi.includes(n.topic))).toBe(false);
    expect({ ...component.report, notes: component.report.notes.filter((n) => !onlyPulumi.includes(n.topic)) }).toEqual(construct.report);
  });
});

const listenerRows: Array<[string, k8.QuicListenerProps]> = [
  ['helm x generic, sticky cookie', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'traefik',
    sessionAffinity: { type: 'cookie', name: 'session', ttlSeconds: 600 },
    tlsSecretName: 'app-cert',
  }],
  ['helm x aws-lbc, entryPoint https on 9443, port 8443, chart 38', {
    name: 'edge',
    hostnames: ['app.example.com'],
    port: 8443,
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'traefik', entryPoint: 'https', entryPointPort: 9443, advertisedPort: 8443, chartVersion: '38.0.0' },
    provider: { name: 'aws-lbc', scheme: 'internet-facing' },
    tlsSecretName: 'app-cert',
  }],
  ['helm x metallb two-services, altSvc clear, hrw', {
    name: 'edge',
    hostnames: ['app.example.com', '*.app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'traefik', version: '3.6' },
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    altSvc: { clear: true },
    sessionAffinity: { type: 'source-ip' },
    tlsSecretName: 'app-cert',
  }],
  ['helm x linode, HTTP/3 on 8443/UDP', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: 'traefik',
    provider: { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true },
    externalTrafficPolicy: 'Cluster',
    tlsSecretName: 'app-cert',
  }],
  ['manifests x linode, HTTP/3 on 8443/UDP', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'traefik', install: 'manifests' },
    provider: { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true },
    externalTrafficPolicy: 'Cluster',
    tlsSecretName: 'app-cert',
  }],
  ['manifests x kind, Cluster, labels', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'traefik', install: 'manifests' },
    provider: 'kind',
    externalTrafficPolicy: 'Cluster',
    labels: { team: 'web' },
    tlsSecretName: 'app-cert',
  }],
  ['manifests x metallb two-services', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'traefik', install: 'manifests', selector: { 'app.kubernetes.io/name': 'traefik', tier: 'edge' } },
    provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', sharingKey: 'edge' },
    tlsSecretName: 'app-cert',
  }],
  ['gateway-api helm x generic, backend in another namespace', {
    name: 'edge',
    namespace: 'edge',
    hostnames: ['app.example.com', 'api.example.com'],
    backend: { service: 'app', port: 80, namespace: 'apps' },
    gateway: { implementation: 'traefik', routing: 'gateway-api', gatewayClassName: 'traefik-public' },
    tlsSecretName: 'app-cert',
  }],
  ['gateway-api manifests x aws-lbc, altSvc clear', {
    name: 'edge',
    hostnames: ['app.example.com'],
    backend: { service: 'app', port: 80 },
    gateway: { implementation: 'traefik', routing: 'gateway-api', install: 'manifests' },
    provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' },
    altSvc: { clear: true },
    tlsSecretName: 'app-cert',
  }],
];

describe('QuicListener with traefik', () => {
  test.each(listenerRows)('%s', async (_title, p) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.QuicListener(chart, 'edge', p));
    const component = new pu.QuicListener('edge', p);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.report).toEqual(construct.report);
  });
});

describe('AltSvcPolicy with traefik', () => {
  test.each<[string, k8.AltSvcPolicyProps]>([
    ['default', { gateway: 'traefik' }],
    ['port 8443', { gateway: { implementation: 'traefik', advertisedPort: 8443 }, port: 8443 }],
    ['clear', { gateway: 'traefik', clear: true }],
  ])('%s', async (_title, p) => {
    const { construct, manifests } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', p));
    const component = new pu.AltSvcPolicy('alt', p);
    expect(await registeredBy(component)).toEqual([]);
    expect(manifests).toEqual([]);
    expect(await promiseOf(component.value)).toBe(construct.value);
    expect({ attachment: component.attachment, report: component.report }).toEqual({ attachment: construct.attachment, report: construct.report });
  });
});

const base = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
};

type Construction = readonly [title: string, cdk8s: () => unknown, pulumi: () => unknown, message: string];

const advertised = { implementation: 'traefik', advertisedPort: 8443 } as const;
const v2 = { implementation: 'traefik', version: '2.11' } as const;

const listenerBase = { name: 'edge', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 8080 }, tlsSecretName: 'x' };

const badProps: Construction[] = [
  [
    'Http3Gateway: advertisedPort is not the client port',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: advertised }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: advertised }),
    'gateway.advertisedPort 8443 cannot be combined with port 443: Traefik writes advertisedPort into Alt-Svc, so clients would receive '
      + 'h3=":8443"; ma=2592000 and try QUIC on 8443/UDP, while the load balancer carries HTTP/3 on 443/UDP: HTTP/3 silently never starts '
      + '(the Traefik "Alt-Svc advertises 8443" pitfall); remove advertisedPort (kube-http3 sets it to the UDP port the load balancer carries) '
      + 'or set it to 443',
  ],
  [
    'QuicListener: Traefik v2',
    () => new k8.QuicListener(Testing.chart(), 'edge', { ...listenerBase, gateway: v2 }),
    () => new pu.QuicListener('edge', { ...listenerBase, gateway: v2 }),
    'gateway.version "2.11" is Traefik v2, where HTTP/3 is experimental and needs experimental.http3, which Traefik v3 removed and refuses to '
      + 'start with (traefik/traefik docs/content/migrate/v2-to-v3-details.md); kube-http3 renders the v3 configuration only; upgrade Traefik to v3',
  ],
  [
    'Http3Gateway: a max age quic-go does not emit',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...base, gateway: 'traefik', altSvc: { maxAgeSeconds: 86400 } }),
    () => new pu.Http3Gateway('shop', { ...base, gateway: 'traefik', altSvc: { maxAgeSeconds: 86400 } }),
    'altSvc.maxAgeSeconds 86400 cannot be combined with gateway.implementation "traefik": Traefik (quic-go) adds alt-svc: '
      + 'h3=":<http3.advertisedPort>"; ma=2592000 to every HTTPS response of an HTTP/3 entryPoint (ma is hard-coded in quic-go), so clients '
      + 'would receive h3=":443"; ma=2592000, not h3=":443"; ma=86400; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
  ],
  [
    'Http3Gateway: sticky cookies with gateway-api routing',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', {
      ...base,
      gateway: { implementation: 'traefik', routing: 'gateway-api' },
      sessionAffinity: { type: 'cookie', name: 'session' },
    }),
    () => new pu.Http3Gateway('shop', {
      ...base,
      gateway: { implementation: 'traefik', routing: 'gateway-api' },
      sessionAffinity: { type: 'cookie', name: 'session' },
    }),
    'sessionAffinity.type "cookie" cannot be combined with gateway.routing "gateway-api": Traefik\'s Gateway API provider has no sticky '
      + 'sessions or client-IP hashing for HTTPRoute backends (it reads only nativeLB and nodePortLB from Service annotations, and does not '
      + 'implement sessionPersistence); use routing "ingressroute", which carries sticky cookies and the hrw strategy, or remove sessionAffinity',
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
});

// the example: the Pulumi program registers what its cdk8s twin synthesizes, and both pass the strict validator
describe('example traefik-helm-aks', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(traefikHelmAksChart, 'traefik-helm-aks');

  test('the chart holds the demo objects and one Http3Gateway: the IngressRoute and the Certificate, no Service', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
    expect(gatewayManifests.map((m) => (m as { kind: string }).kind)).toEqual(['IngressRoute', 'Certificate']);
    expect(demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    collector.add(all as object[]);
  });

  test('registers the demo ConfigGroup, the Http3Gateway and its children, equal to the cdk8s objects', async () => {
    traefikHelmAks();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'whoami', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'whoami-certificate', true],
      ['kubernetes:traefik.io/v1alpha1:IngressRoute', 'whoami-ingress-route', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'traefik-helm-aks-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
  });

  test('the stack outputs equal the cdk8s construct values; the Helm values carry HTTP/3 and the Azure Service shape', async () => {
    const outputs = traefikHelmAks();
    const { gateway } = cdk8sExample();
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName', 'artifacts']);
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=2592000');
    expect(await promiseOf(outputs.altSvc)).toBe(gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['whoami.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(outputs.tlsSecretName)).toBe('whoami-tls');
    const artifacts = await promiseOf(outputs.artifacts) as Record<string, string>;
    expect(artifacts).toEqual(artifactMap(gateway.artifacts));
    expect(artifacts['whoami.traefik-values.yaml']).toBe([
      '# apply with: helm upgrade --install <release> traefik/traefik --namespace traefik --version 41.3.0 -f <this file> '
        + '(merge into your values; Traefik restarts with the new entryPoint configuration)',
      'ports:',
      '  websecure:',
      '    port: 8443',
      '    exposedPort: 443',
      '    expose:',
      '      default: true',
      '    protocol: TCP',
      '    http:',
      '      tls:',
      '        enabled: true',
      '    http3:',
      '      enabled: true',
      '      advertisedPort: 443',
      'service:',
      '  single: true',
      '  annotations:',
      '    service.beta.kubernetes.io/azure-pip-name: "whoami-edge-pip"',
      '    service.beta.kubernetes.io/azure-load-balancer-resource-group: "edge-network"',
      '  spec:',
      '    type: LoadBalancer',
      '    externalTrafficPolicy: Local',
      'providers:',
      '  kubernetesCRD:',
      '    enabled: true',
      '',
    ].join('\n'));
    expect(gateway.report.notes.map((n) => n.topic)).toContain('traefik-helm-upgrade');
    await drainRegistrations();
  });
});

test('every manifest registered in this file passes the strict upstream validator', () => {
  expect(collector.size).toBeGreaterThan(100);
  collector.expectStrictlyValid();
});

/**
 * Parity of the two adapters for `passthrough`: for the same props (every provider, every TLS form, withdraw),
 * what cdk8s synthesizes equals what the Pulumi components register under mocks (secrets unwrapped), the exposed
 * values and reports agree, refusals carry the same message; and the example (examples/passthrough-quic-backend)
 * gives the same objects in both frameworks and passes the strict validator.
 */
import { Testing } from 'cdk8s';
import type { Http3GatewayOptions } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { passthroughQuicBackend as exampleChart } from '../examples/passthrough-quic-backend/cdk8s';
import { passthroughQuicBackend as exampleProgram } from '../examples/passthrough-quic-backend/pulumi';
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
  pem = await makeCertificate({ dnsNames: ['shop.example.org', 'www.shop.example.org'] });
});
beforeEach(freshRegistrations);

const PASSTHROUGH = { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 } as const;

const PROVIDERS = {
  'generic': undefined,
  'kind': 'kind',
  'metallb single': { name: 'metallb', address: '192.0.2.10' },
  'metallb two-services': { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
  'aws-lbc': { name: 'aws-lbc', scheme: 'internet-facing' },
} as const;

type TlsForm = 'none' | 'secretName' | 'PEM' | 'certManager';
const TLS_FORMS: readonly TlsForm[] = ['none', 'secretName', 'PEM', 'certManager'];

const ALT_SVC = {
  'altSvc default': undefined,
  'altSvc maxAgeSeconds 2592000': { maxAgeSeconds: 2592000 },
  'altSvc clear': { clear: true },
} as const;

function tlsOf(form: TlsForm): Http3GatewayOptions['tls'] {
  switch (form) {
    case 'none':
      return undefined;
    case 'secretName':
      return { secretName: 'shop-credential' };
    case 'PEM':
      return { certificate: pem.certificate, privateKey: pem.privateKey };
    case 'certManager':
      return { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } };
  }
}

interface Row {
  readonly title: string;
  readonly provider: keyof typeof PROVIDERS;
  readonly tls: TlsForm;
  readonly altSvc: keyof typeof ALT_SVC;
  readonly dns: boolean;
}

const rows: Row[] = [];
for (const provider of Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>) {
  for (const tls of TLS_FORMS) {
    for (const altSvc of Object.keys(ALT_SVC) as Array<keyof typeof ALT_SVC>) {
      const dns = rows.length % 2 === 0;
      rows.push({ title: `${provider}, tls ${tls}, ${altSvc}, dns ${dns ? 'default' : 'false'}`, provider, tls, altSvc, dns });
    }
  }
}

function props(row: Row): Http3GatewayOptions {
  const tls = tlsOf(row.tls);
  const provider = PROVIDERS[row.provider];
  return {
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 443 },
    gateway: PASSTHROUGH,
    ...(provider !== undefined ? { provider } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(ALT_SVC[row.altSvc] !== undefined ? { altSvc: ALT_SVC[row.altSvc] } : {}),
    ...(row.dns ? {} : { dns: false }),
  };
}

describe('Http3Gateway', () => {
  test('the table covers every provider, TLS form and Alt-Svc mode', () => {
    expect(rows).toHaveLength(60);
    for (const value of [true, false]) expect(rows.some((r) => r.dns === value)).toBe(true);
  });

  test.each(rows)('$title', async (row) => {
    const p = props(row);
    const { construct, manifests } = synthCdk8s((chart) => new k8.Http3Gateway(chart, 'shop-edge', p));
    const component = new pu.Http3Gateway('shop-edge', p);
    const registered = await registeredBy(component, component.resources);
    expect(registered.length).toBeGreaterThanOrEqual(1);
    expect(canonicalSet(registered)).toEqual(canonicalSet(manifests));
    expect(await promiseOf(component.altSvcValue)).toBe(construct.altSvcValue);
    expect(await promiseOf(component.httpsRecords)).toEqual(construct.httpsRecords.map((r) => r.text));
    expect(await promiseOf(component.tlsSecretName)).toBe(construct.tlsSecretName);
    expect(await promiseOf(component.artifacts)).toEqual(artifactMap(construct.artifacts));
    expect(component.services.length).toBe(construct.services.length);
    expect(component.report).toEqual(construct.report);
  });
});

describe('QuicListener', () => {
  test.each<[string, k8.QuicListenerProps]>([
    ['no TLS reference', {
      name: 'edge',
      hostnames: ['app.example.com'],
      backend: { service: 'app', port: 443 },
      gateway: PASSTHROUGH,
    }],
    ['a Secret for the pods, kind, port 8443, Cluster, nodePort', {
      name: 'edge',
      namespace: 'shop',
      hostnames: ['app.example.com'],
      port: 8443,
      backend: { service: 'app', port: 443 },
      gateway: PASSTHROUGH,
      provider: 'kind',
      externalTrafficPolicy: 'Cluster',
      nodePort: 30443,
      tlsSecretName: 'app-cert',
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
  test('computed for the backends in both frameworks, withdraw too', async () => {
    for (const p of [{ gateway: PASSTHROUGH }, { gateway: PASSTHROUGH, clear: true }]) {
      const { construct } = synthCdk8s((chart) => new k8.AltSvcPolicy(chart, 'alt', p));
      const component = new pu.AltSvcPolicy('alt', p);
      expect(await promiseOf(component.value)).toBe(construct.value);
      expect(component.attachment).toBe(construct.attachment);
      expect(component.report).toEqual(construct.report);
    }
  });
});

const base = { name: 'shop-edge', namespace: 'shop', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 443 } };

describe('errors', () => {
  test.each<[string, Http3GatewayOptions, string]>([
    [
      'a gateway namespace (the Service always goes to the backend\'s)',
      { ...base, gateway: { ...PASSTHROUGH, namespace: 'edge' } as unknown as Http3GatewayOptions['gateway'] },
      'gateway.namespace is not a known field (got "edge"); the fields of gateway are: implementation, selector, targetPort',
    ],
    [
      'a load-balancer certificate',
      { ...base, gateway: PASSTHROUGH, tls: { loadBalancerCertificateId: 'abc' } },
      'tls.loadBalancerCertificateId "abc" cannot be combined with gateway.implementation "passthrough": passthrough terminates TLS in the cluster, '
        + 'not at the load balancer; give tls as nothing (the backends terminate TLS); or { secretName } for an existing Secret, '
        + '{ certificate, privateKey } as PEM, or { certManager: { issuer } }',
    ],
    [
      'source-ip affinity',
      { ...base, gateway: PASSTHROUGH, sessionAffinity: { type: 'source-ip' } },
      'sessionAffinity.type "source-ip" cannot be combined with gateway.implementation "passthrough": kube-http3 has no session affinity for '
        + 'passthrough; remove sessionAffinity, or choose an implementation that has it',
    ],
  ])('%s: the same message from both adapters', async (_title, p, message) => {
    await expectSameRefusal(() => new k8.Http3Gateway(Testing.chart(), 'shop-edge', p), () => new pu.Http3Gateway('shop-edge', p), message);
  });
});

describe('example passthrough-quic-backend', () => {
  const cdk8sExample = (): Cdk8sExample => cdk8sExampleOf(exampleChart, 'passthrough-quic-backend');

  test('the chart holds its demo objects and one Http3Gateway', () => {
    const { gatewayManifests, demo, all } = cdk8sExample();
    expect(canonicalSet(all)).toEqual(canonicalSet([...demo, ...gatewayManifests]));
  });

  test('the Pulumi program registers the same objects and stack outputs', async () => {
    const outputs = exampleProgram();
    await drainRegistrations();
    expect(registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName)).toEqual([
      ['kube-http3:index:Http3Gateway', 'shop-edge', false],
      ['kubernetes:cert-manager.io/v1:Certificate', 'shop-edge-certificate', true],
      ['kubernetes:core/v1:Service', 'shop-edge-service', true],
      ['kubernetes:yaml/v2:ConfigGroup', 'passthrough-quic-backend-demo', false],
    ]);
    const cdk8s = cdk8sExample();
    const manifests = customInputs();
    expect(canonicalSet(manifests)).toEqual(canonicalSet(cdk8s.gatewayManifests));
    collector.add(manifests);
    const group = registered.find((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')!;
    expect(canonicalSet(group.inputs.objs)).toEqual(canonicalSet(cdk8s.demo));
    expect(cdk8s.demo.map((m) => (m as { kind: string }).kind)).toEqual(['Namespace', 'ConfigMap', 'Deployment', 'Service']);
    demoObjects.push(...(group.inputs.objs as object[]));
    expect(Object.keys(outputs)).toEqual(['altSvc', 'httpsRecords', 'tlsSecretName']);
    // Caddy (quic-go) sends h3=":443"; ma=2592000 by itself: the advertised value matches it
    expect(await promiseOf(outputs.altSvc)).toBe('h3=":443"; ma=2592000');
    expect(await promiseOf(outputs.altSvc)).toBe(cdk8s.gateway.altSvcValue);
    expect(await promiseOf(outputs.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    // the Secret cert-manager writes is the one the Caddy pods mount
    expect(await promiseOf(outputs.tlsSecretName)).toBe('shop-tls');
    expect(JSON.stringify(cdk8s.demo)).toContain('"secret":{"secretName":"shop-tls"}');
  });
});

test('every manifest registered in this file (the example\'s demo objects too) passes the strict upstream validator', () => {
  expect(demoObjects).toHaveLength(4);
  collector.expectStrictlyValid();
  expectStrictlyValid(demoObjects);
});

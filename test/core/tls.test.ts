import { X509Certificate } from 'node:crypto';
import { Http3ConfigError, Redacted } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { makeCertificate, type CertificateOptions, type PemPair } from '../helpers/certs';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const DAY = 86_400_000;
// x509 validity has whole seconds: a whole-second "now" keeps every expected ISO time exact
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number, hours = 0): Date => new Date(NOW.getTime() + days * DAY + hours * 3_600_000);

type CertName = 'valid' | 'other' | 'wildcard' | 'selfSigned' | 'expired' | 'notYet' | 'soon' | 'justOver' | 'cnOnly';
const CERTIFICATES: Record<CertName, CertificateOptions> = {
  valid: { dnsNames: ['shop.example.org', 'www.example.org'], notBefore: at(-1), notAfter: at(90) },
  other: { dnsNames: ['shop.example.org'] },
  wildcard: { dnsNames: ['*.example.org'], notBefore: at(-1), notAfter: at(90) },
  selfSigned: { dnsNames: ['shop.example.org'], selfSigned: true, notBefore: at(-1), notAfter: at(90) },
  expired: { dnsNames: ['shop.example.org'], notBefore: at(-100), notAfter: at(-10) },
  notYet: { dnsNames: ['shop.example.org'], notBefore: at(10), notAfter: at(100) },
  soon: { dnsNames: ['shop.example.org'], notBefore: at(-80), notAfter: at(10, 1) },
  justOver: { dnsNames: ['shop.example.org'], notBefore: at(-60), notAfter: at(30, 1) },
  // the CN names the hostname, the SANs do not
  cnOnly: { dnsNames: ['www.example.org'], commonName: 'shop.example.org', notBefore: at(-1), notAfter: at(90) },
};
const certs = {} as Record<CertName, PemPair>;

beforeAll(async () => {
  const names = Object.keys(CERTIFICATES) as CertName[];
  const pairs = await Promise.all(names.map((name) => makeCertificate(CERTIFICATES[name])));
  names.forEach((name, i) => {
    certs[name] = pairs[i];
  });
});

const BASE = {
  name: 'shop',
  namespace: 'web',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'envoy-gateway',
} as const;

function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({ ...BASE, ...options } as unknown as Http3GatewayOptions, { now: NOW });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

function byRole(result: { resources: ReadonlyArray<{ role: string; manifest: KubeManifest }> }, role: string): KubeManifest {
  const found = result.resources.find((r) => r.role === role);
  if (!found) throw new Error(`no resource with role ${role}: ${result.resources.map((r) => r.role).join(', ')}`);
  return found.manifest;
}

function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

const LABELS = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' };
const iso = (pem: string, field: 'validFrom' | 'validTo'): string => new Date(new X509Certificate(pem)[field]).toISOString();

// gateways.md §0.6 (QUIC is TLS 1.3, browsers need a publicly trusted chain), §1 (credentialName Secret in the gateway
// pods' namespace), §2 (certificateRefs to a Secret in the Gateway's namespace)
describe('PEM certificate and key', () => {
  test('a valid pair becomes a kubernetes.io/tls Secret the listener references', () => {
    const result = gateway({ tls: certs.valid });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'tls-secret']);
    expect(byRole(result, 'tls-secret')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-tls', namespace: 'web', labels: LABELS },
      type: 'kubernetes.io/tls',
      stringData: { 'tls.crt': certs.valid.certificate, 'tls.key': certs.valid.privateKey },
    });
    expect(result.tlsSecretName).toBe('shop-tls');
    const listeners = (byRole(result, 'gateway').spec as { listeners: Array<{ tls: object }> }).listeners;
    expect(listeners[0].tls).toStrictEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] });
    // issued by the test CA, 90 days left: nothing to report about the certificate
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([]);
  });

  test('every hostname covered, a chosen Secret name, PEM without a final newline', () => {
    const result = gateway({
      hostnames: ['shop.example.org', 'www.example.org'],
      tls: { certificate: certs.valid.certificate.trimEnd(), privateKey: certs.valid.privateKey.trimEnd(), secretName: 'shop-cert' },
    });
    const secret = byRole(result, 'tls-secret');
    expect(secret.metadata.name).toBe('shop-cert');
    // kube-http3 stores both PEM values exactly as given (a pulumi Input resolves to the same bytes)
    expect(secret.stringData).toStrictEqual({
      'tls.crt': certs.valid.certificate.trimEnd(),
      'tls.key': certs.valid.privateKey.trimEnd(),
    });
    expect(result.tlsSecretName).toBe('shop-cert');
  });

  test('istio: the Secret goes to the gateway pods namespace and is the credentialName', () => {
    const result = gateway({ gateway: { implementation: 'istio', namespace: 'istio-ingress' }, tls: certs.valid });
    expect(byRole(result, 'tls-secret').metadata).toStrictEqual({ name: 'shop-tls', namespace: 'istio-ingress', labels: LABELS });
    const servers = (byRole(result, 'gateway').spec as { servers: Array<{ tls: object }> }).servers;
    expect(servers[0].tls).toStrictEqual({ mode: 'SIMPLE', credentialName: 'shop-tls' });
    expect(result.tlsSecretNamespace).toBe('istio-ingress');
  });

  test('the private key of another certificate is refused', () => {
    const error = errorOf(() => gateway({ tls: { certificate: certs.valid.certificate, privateKey: certs.other.privateKey } }));
    const leaf = new X509Certificate(certs.valid.certificate);
    expect(error.prop).toBe('tls.privateKey');
    expect(error.value).toBeInstanceOf(Redacted);
    expect(error.message).toBe(
      `tls.privateKey <PEM private key> does not belong to the certificate (subject CN=shop.example.org, serial ${leaf.serialNumber}); ` +
        'pass the private key the certificate was issued for',
    );
    // the key never reaches the message
    expect(error.message).not.toContain('PRIVATE KEY-----');
  });

  test('an expired certificate is refused', () => {
    const error = errorOf(() => gateway({ tls: certs.expired }));
    expect(error.prop).toBe('tls.certificate');
    expect(error.message).toBe(
      `tls.certificate "subject CN=shop.example.org" has expired (now is ${NOW.toISOString()}): it is valid from ${at(-100).toISOString()} ` +
        `to ${at(-10).toISOString()}; renew it, or use tls.certManager so it is renewed for you`,
    );
  });

  test('a certificate that is not valid yet is refused', () => {
    const error = errorOf(() => gateway({ tls: certs.notYet }));
    expect(error.prop).toBe('tls.certificate');
    expect(error.message).toBe(
      `tls.certificate "subject CN=shop.example.org" is not valid yet (now is ${NOW.toISOString()}): it is valid from ${at(10).toISOString()} ` +
        `to ${at(100).toISOString()}; pass a certificate that is valid now (check the clock of the machine that issued this one), ` +
        'or use tls.certManager',
    );
  });

  test('the same certificate is accepted at a moment inside its validity', () => {
    const result = synthesizeHttp3Gateway({ ...BASE, tls: certs.notYet } as unknown as Http3GatewayOptions, { now: at(50) });
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.tlsSecretName).toBe('shop-tls');
  });

  test.each<[string, 'valid' | 'cnOnly' | 'wildcard', string[], number, string]>([
    ['a hostname outside the SANs', 'valid', ['shop.example.org', 'api.example.org'], 1, 'shop.example.org, www.example.org'],
    ['the subject CN does not count', 'cnOnly', ['shop.example.org'], 0, 'www.example.org'],
    ['a wildcard SAN covers one label only', 'wildcard', ['a.b.example.org'], 0, '*.example.org'],
    ['a wildcard hostname needs a wildcard SAN', 'valid', ['*.example.org'], 0, 'shop.example.org, www.example.org'],
  ])('refused: %s', (_label, cert, hostnames, index, names) => {
    const error = errorOf(() => gateway({ hostnames, tls: certs[cert] }));
    expect(error.prop).toBe(`hostnames[${index}]`);
    expect(error.message).toBe(
      `hostnames[${index}] ${JSON.stringify(hostnames[index])} is not covered by tls.certificate ` +
        `(its DNS names: ${names}; the subject CN does not count for browsers); ` +
        'reissue the certificate with every hostname as a subjectAltName, or remove the hostname',
    );
  });

  test('a wildcard SAN covers a wildcard hostname and the names one label below', () => {
    const result = gateway({ hostnames: ['*.example.org', 'shop.example.org', 'www.example.org'], tls: certs.wildcard });
    expect(result.tlsSecretName).toBe('shop-tls');
  });

  test('a self-signed certificate is reported (browsers do not use HTTP/3 with it)', () => {
    const result = gateway({ tls: certs.selfSigned });
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'tls-self-signed',
        message:
          'the certificate (subject CN=shop.example.org) is self-signed: browsers use HTTP/3 only with certificates that chain to a publicly ' +
          'trusted CA, and never learn Alt-Svc over an untrusted connection; curl --http3 works',
      },
    ]);
  });

  test('a certificate expiring in less than 30 days is reported', () => {
    const result = gateway({ tls: certs.soon });
    expect(iso(certs.soon.certificate, 'validTo')).toBe(at(10, 1).toISOString());
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([
      { severity: NoteSeverity.WARNING, topic: 'tls-expires-soon', message: `the certificate expires in 10 days (${at(10, 1).toISOString()})` },
    ]);
  });

  test('30 days left is not reported', () => {
    const result = gateway({ tls: certs.justOver });
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([]);
  });

  test('mixing PEM and cert-manager is refused', () => {
    const error = errorOf(() => gateway({ tls: { ...certs.valid, certManager: { issuer: 'letsencrypt' } } }));
    expect(error.prop).toBe('tls.certManager');
    expect(error.message).toBe(
      'tls.certManager {"issuer":"letsencrypt"} cannot be combined with tls.certificate <PEM certificate>: ' +
        'the certificate either comes as PEM or is issued by cert-manager; keep one of them',
    );
  });
});

describe('cert-manager', () => {
  test.each<[string, Record<string, unknown>, object, string]>([
    [
      'defaults: kind Issuer, group cert-manager.io, secret <name>-tls',
      { certManager: { issuer: 'letsencrypt' } },
      { name: 'letsencrypt', kind: 'Issuer', group: 'cert-manager.io' },
      'shop-tls',
    ],
    [
      'a ClusterIssuer',
      { certManager: { issuer: 'letsencrypt-prod', kind: 'ClusterIssuer' } },
      { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      'shop-tls',
    ],
    [
      'an external issuer with its own group and a chosen Secret',
      { certManager: { issuer: 'pca', kind: 'ClusterIssuer', group: 'awspca.cert-manager.io' }, secretName: 'shop-cert' },
      { name: 'pca', kind: 'ClusterIssuer', group: 'awspca.cert-manager.io' },
      'shop-cert',
    ],
  ])('%s', (_label, tls, issuerRef, secretName) => {
    const result = gateway({ hostnames: ['shop.example.org', '*.shop.example.org'], tls });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'certificate']);
    expect(byRole(result, 'certificate')).toStrictEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: { secretName, dnsNames: ['shop.example.org', '*.shop.example.org'], issuerRef },
    });
    expect(result.tlsSecretName).toBe(secretName);
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'tls-cert-manager',
        message: `cert-manager issues the certificate into web/${secretName}; browsers use HTTP/3 only if the issuer chains to a publicly trusted CA`,
      },
    ]);
  });

  test('istio: the Certificate is issued in the gateway pods namespace', () => {
    const result = gateway({ gateway: 'istio', tls: { certManager: { issuer: 'letsencrypt' } } });
    expect(byRole(result, 'certificate').metadata.namespace).toBe('istio-system');
  });
});

describe('existing Secret', () => {
  test.each<[string, string, string]>([
    ['envoy-gateway: the Gateway namespace', 'envoy-gateway', 'web'],
    ['istio: the gateway pods namespace', 'istio', 'istio-system'],
  ])('%s', (_label, gw, namespace) => {
    const result = gateway({ gateway: gw, tls: { secretName: 'shop-cert' } });
    expect(result.resources.filter((r) => r.role === 'tls-secret' || r.role === 'certificate')).toEqual([]);
    expect(result.tlsSecretName).toBe('shop-cert');
    expect(result.tlsSecretNamespace).toBe(namespace);
    expect(result.report.notes.filter((n) => n.topic.startsWith('tls-'))).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'tls-existing-secret',
        message:
          `the listener uses the existing Secret ${namespace}/shop-cert; kube-http3 cannot check that it covers every hostname ` +
          'or chains to a public CA (browsers need both for HTTP/3)',
      },
    ]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

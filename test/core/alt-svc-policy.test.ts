import { parseAltSvc } from '../../lib/core/alt-svc-codec';
import { AltSvcAttachment, synthesizeAltSvcPolicy, type AltSvcPolicyOptions } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import type { HttpsRecord } from '../../lib/core/https-dns-record';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { dnspythonBatch, namedCheckzone, oracleTest, requireOracle } from '../helpers/dns-oracles';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();
const records: HttpsRecord[] = [];

const LISTENER: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tlsSecretName: 'shop-cert',
};

function listener(options: Record<string, unknown>) {
  const result = synthesizeQuicListener({ ...LISTENER, ...options } as QuicListenerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

function gateway(options: Record<string, unknown>) {
  const { tlsSecretName, ...rest } = LISTENER;
  const result = synthesizeHttp3Gateway({ ...rest, tls: { secretName: tlsSecretName }, ...options } as Http3GatewayOptions);
  collector.add(result.resources.map((r) => r.manifest));
  records.push(...result.httpsRecords);
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

const ISTIO_SOURCE =
  'istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route of a server that has a QUIC listener (ma is hard-coded)';
const EG_SOURCE =
  'Envoy Gateway appends alt-svc: h3=":<listener port>"; ma=86400 to every route of an HTTP/3 listener (ma is hard-coded)';

// discovery.md §0 TL;DR and A.6: h3=":443"; ma=86400, port = client-facing port, unquoted integers, no space before ";"
describe('standalone AltSvcPolicy values', () => {
  const h3 = (port: number, maxAgeSeconds: number) => ({ alternatives: [{ protocolId: 'h3', port, maxAgeSeconds }] });
  test.each<[string, AltSvcPolicyOptions, string, object]>([
    ['default', {}, 'h3=":443"; ma=86400', h3(443, 86400)],
    ['port follows the client-facing port', { port: 8443 }, 'h3=":8443"; ma=86400', h3(8443, 86400)],
    ['short max age for a rollout', { maxAgeSeconds: 3600 }, 'h3=":443"; ma=3600', h3(443, 3600)],
    ['max age of 1 second', { maxAgeSeconds: 1, port: 444 }, 'h3=":444"; ma=1', h3(444, 1)],
    ['30 days', { maxAgeSeconds: 2592000 }, 'h3=":443"; ma=2592000', h3(443, 2592000)],
    ['withdraw', { clear: true }, 'clear', { clear: true }],
    ['clear: false is the default', { clear: false }, 'h3=":443"; ma=86400', h3(443, 86400)],
  ])('%s', (_label, options, value, parsed) => {
    const policy = synthesizeAltSvcPolicy(options);
    expect(policy.value).toBe(value);
    // without a gateway nothing attaches it, and the fragments carry the value for the user's own routes
    expect(policy.attachment).toBe(AltSvcAttachment.NONE);
    expect(policy.httpRouteFilter).toStrictEqual({ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value }] } });
    expect(policy.virtualServiceHeaders).toStrictEqual({ response: { set: { 'alt-svc': value } } });
    expect(policy.resources).toEqual([]);
    expect(policy.artifacts).toEqual([]);
    // every value is accepted by the strict parser (discovery.md A.7: one bad entry kills the whole header in Chrome)
    expect(parseAltSvc(value)).toStrictEqual(parsed);
  });

  test('no options at all', () => {
    expect(synthesizeAltSvcPolicy().value).toBe('h3=":443"; ma=86400');
  });

  test('report of the value alone: computed, not attached', () => {
    const { report } = synthesizeAltSvcPolicy({ port: 8443 });
    expect(report.discovery).toEqual({
      status: FindingStatus.PARTIAL,
      detail: 'Alt-Svc h3=":8443"; ma=86400 is computed but not attached: add it to your responses',
    });
    expect(report.notes).toEqual([]);
    expect(report.quicTerminatedBy).toBe('not decided by this construct');
  });

  test('a max age over 30 days is accepted with a warning (discovery.md A.6: recommend <= 2592000)', () => {
    const policy = synthesizeAltSvcPolicy({ maxAgeSeconds: 2592001 });
    expect(policy.value).toBe('h3=":443"; ma=2592001');
    expect(policy.report.notes).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'alt-svc-long-max-age',
        message: 'ma=2592001 is longer than 30 days: Firefox stores expiry as a 32-bit time, and a long ma keeps clients on a broken alternative',
      },
    ]);
  });

  test('withdrawing: report says when to stop', () => {
    const { report } = synthesizeAltSvcPolicy({ clear: true });
    expect(report.discovery).toEqual({
      status: FindingStatus.NO,
      detail:
        'withdrawing: the QUIC listener is off and responses carry Alt-Svc: clear, so clients that cached h3 forget it on their next response ' +
        'over TCP; remove clear once the previous max age has run out',
    });
  });
});

// gateways.md §1 (istiod adds Alt-Svc, ma hard-coded 86400) and §2 (Envoy Gateway appends it)
describe('standalone AltSvcPolicy with a gateway', () => {
  test.each<[string, AltSvcPolicyOptions['gateway'], string]>([
    ['istio shorthand', 'istio', ISTIO_SOURCE],
    ['istio object', { implementation: 'istio', namespace: 'istio-ingress' }, ISTIO_SOURCE],
    ['envoy-gateway', 'envoy-gateway', EG_SOURCE],
  ])('%s: automatic, no fragments', (_label, gw, source) => {
    const policy = synthesizeAltSvcPolicy({ gateway: gw, port: 8443 });
    expect(policy.value).toBe('h3=":8443"; ma=86400');
    expect(policy.attachment).toBe(AltSvcAttachment.AUTOMATIC);
    expect(policy.httpRouteFilter).toBeUndefined();
    expect(policy.virtualServiceHeaders).toBeUndefined();
    expect(policy.report.discovery).toEqual({
      status: FindingStatus.YES,
      detail: `Alt-Svc h3=":8443"; ma=86400 is added by the implementation (${source})`,
    });
  });

  test('maxAgeSeconds 86400 agrees with the implementation', () => {
    expect(synthesizeAltSvcPolicy({ gateway: 'envoy-gateway', maxAgeSeconds: 86400 }).value).toBe('h3=":443"; ma=86400');
  });

  test.each<[string, 'istio' | 'envoy-gateway', string]>([
    ['istio', 'istio', ISTIO_SOURCE],
    ['envoy-gateway', 'envoy-gateway', EG_SOURCE],
  ])('%s: another max age is refused', (_label, gw, source) => {
    const error = errorOf(() => synthesizeAltSvcPolicy({ gateway: gw, maxAgeSeconds: 600 }));
    expect(error.prop).toBe('maxAgeSeconds');
    expect(error.message).toBe(
      `maxAgeSeconds 600 cannot be combined with gateway.implementation "${gw}": ${source}, ` +
        'so clients would receive h3=":443"; ma=86400, not h3=":443"; ma=600; remove maxAgeSeconds (or set it to what the implementation emits)',
    );
  });

  test.each<['istio' | 'envoy-gateway']>([['istio'], ['envoy-gateway']])('%s: clear is attached as a response header', (gw) => {
    const policy = synthesizeAltSvcPolicy({ gateway: gw, clear: true });
    expect(policy.value).toBe('clear');
    expect(policy.attachment).toBe(AltSvcAttachment.RESPONSE_HEADER);
    expect(policy.httpRouteFilter).toStrictEqual({
      type: 'ResponseHeaderModifier',
      responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] },
    });
    expect(policy.virtualServiceHeaders).toStrictEqual({ response: { set: { 'alt-svc': 'clear' } } });
  });
});

describe('altSvc on a listener', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['istio default', {}, 'h3=":443"; ma=86400'],
    ['istio port 8443', { port: 8443 }, 'h3=":8443"; ma=86400'],
    ['istio explicit 86400', { altSvc: { maxAgeSeconds: 86400 } }, 'h3=":443"; ma=86400'],
    ['envoy-gateway default', { gateway: 'envoy-gateway' }, 'h3=":443"; ma=86400'],
    ['envoy-gateway port 9443', { gateway: 'envoy-gateway', port: 9443 }, 'h3=":9443"; ma=86400'],
    ['envoy-gateway explicit clear: false', { gateway: 'envoy-gateway', altSvc: { clear: false } }, 'h3=":443"; ma=86400'],
  ])('%s -> altSvcValue', (_label, options, value) => {
    const result = listener(options);
    expect(result.altSvcValue).toBe(value);
    // automatic implementations: kube-http3 attaches nothing itself
    const vs = result.resources.find((r) => r.role === 'virtual-service');
    if (vs) expect((vs.manifest.spec as { http: object[] }).http[0]).not.toHaveProperty('headers');
    const route = result.resources.find((r) => r.role === 'route');
    if (route) expect((route.manifest.spec as { rules: object[] }).rules[0]).not.toHaveProperty('filters');
  });

  test.each<[string, 'istio' | 'envoy-gateway', string]>([
    ['istio', 'istio', ISTIO_SOURCE],
    ['envoy-gateway', 'envoy-gateway', EG_SOURCE],
  ])('%s: maxAgeSeconds other than 86400 is refused', (_label, gw, source) => {
    const error = errorOf(() => listener({ gateway: gw, port: 8443, altSvc: { maxAgeSeconds: 3600 } }));
    expect(error.prop).toBe('altSvc.maxAgeSeconds');
    expect(error.value).toBe(3600);
    expect(error.message).toBe(
      `altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "${gw}": ${source}, ` +
        'so clients would receive h3=":8443"; ma=86400, not h3=":8443"; ma=3600; ' +
        'remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
    );
  });

  test.each<[string, 'istio' | 'envoy-gateway', string]>([
    ['istio', 'istio', ISTIO_SOURCE],
    ['envoy-gateway', 'envoy-gateway', EG_SOURCE],
  ])('%s: altSvc false is refused', (_label, gw, source) => {
    const error = errorOf(() => listener({ gateway: gw, altSvc: false }));
    expect(error.prop).toBe('altSvc');
    expect(error.message).toBe(
      `altSvc false cannot be combined with gateway.implementation "${gw}": ${source}, so it cannot serve HTTP/3 without advertising it; ` +
        'remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
    );
  });
});

// discovery.md A.5.1/A.5.6: roll back with Alt-Svc: clear (alone); B: an HTTPS record with h3 would keep sending
// clients to QUIC. gateways.md §1: no UDP Service port = no QUIC listener; §2: no ClientTrafficPolicy http3 = no QUIC
describe('withdrawing with { clear: true }', () => {
  test('istio: no UDP port on the Service, alt-svc: clear set on the VirtualService', () => {
    const result = gateway({ altSvc: { clear: true } });
    expect(result.altSvcValue).toBe('clear');
    expect(byRole(result, 'virtual-service').spec).toStrictEqual({
      hosts: ['shop.example.org'],
      gateways: ['default/shop'],
      http: [
        {
          route: [{ destination: { host: 'shop.default.svc.cluster.local', port: { number: 8080 } } }],
          headers: { response: { set: { 'alt-svc': 'clear' } } },
        },
      ],
    });
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.connectionMigration).toEqual({ status: FindingStatus.NOT_APPLICABLE, detail: 'HTTP/3 is withdrawn' });
    expect(result.report.udpHealthCheck).toEqual({
      status: FindingStatus.NOT_APPLICABLE,
      detail: 'HTTP/3 is withdrawn: no UDP port is exposed',
    });
    // one port per Service: no strategic-merge collapse to warn about
    expect(result.report.notes.map((n) => n.topic)).not.toContain('apply-server-side');
  });

  test('istio two-services: only the TCP Service', () => {
    const result = gateway({ altSvc: { clear: true }, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service-tcp']);
    expect(result.serviceNames).toEqual(['shop-tcp']);
  });

  test('envoy-gateway: no ClientTrafficPolicy, alt-svc: clear set by the HTTPRoute', () => {
    const result = gateway({ gateway: 'envoy-gateway', altSvc: { clear: true } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route']);
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      {
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }],
      },
    ]);
    expect(result.report.notes.find((n) => n.topic === 'envoy-gateway-service')?.message).toBe(
      'Envoy Gateway generates the load-balancer Service (in its own namespace) with https-443 on TCP only while HTTP/3 is withdrawn',
    );
  });

  test.each<[string, 'istio' | 'envoy-gateway']>([
    ['istio', 'istio'],
    ['envoy-gateway', 'envoy-gateway'],
  ])('%s: the DNS record drops h3 and discovery says no', (_label, gw) => {
    const result = gateway({ gateway: gw, altSvc: { clear: true } });
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h2']);
    expect(result.report.discovery.status).toBe(FindingStatus.NO);
  });

  test('an explicit h2-only alpn is accepted', () => {
    const result = gateway({ altSvc: { clear: true }, dns: { alpn: ['h2', 'http/1.1'] } });
    expect(result.httpsRecords.map((r) => r.rdataText)).toEqual(['1 . alpn=h2,http/1.1']);
  });

  test('an explicit alpn with h3 is refused', () => {
    const error = errorOf(() => gateway({ altSvc: { clear: true }, dns: { alpn: ['h3', 'h2'] } }));
    expect(error.prop).toBe('dns.alpn');
    expect(error.message).toBe(
      'dns.alpn ["h3","h2"] cannot be combined with altSvc.clear true: HTTP/3 is being withdrawn, and an HTTPS record with h3 ' +
        'would keep sending clients to QUIC; drop "h3" from alpn (or remove alpn to get ["h2"])',
    );
  });

  test('clear with a max age is refused (RFC 7838: clear is the whole value)', () => {
    const error = errorOf(() => listener({ altSvc: { clear: true, maxAgeSeconds: 86400 } }));
    expect(error.prop).toBe('altSvc.maxAgeSeconds');
    expect(error.message).toBe(
      'altSvc.maxAgeSeconds 86400 cannot be combined with altSvc.clear true: a clear value carries no max age ' +
        '(RFC 7838: clear must be the whole value); remove maxAgeSeconds while withdrawing',
    );
  });
});

// discovery.md B.6: every record checked by BIND and dnspython, wire bytes compared
oracleTest('named-checkzone', 'dnspython')('every HTTPS record of this file is accepted by named-checkzone and encodes as dnspython does', () => {
  requireOracle('named-checkzone');
  requireOracle('dnspython');
  expect(records.length).toBeGreaterThan(0);
  const checked = namedCheckzone('example.org', [...records.map((r) => r.text), 'shop.example.org. 300 IN A 192.0.2.10']);
  expect(checked.output).not.toMatch(/error|not loaded/i);
  expect(checked.ok).toBe(true);
  expect(dnspythonBatch(records.map((r) => r.rdataText))).toEqual(records.map((r) => ({ ok: true, hex: r.wireHex, text: expect.any(String) })));
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

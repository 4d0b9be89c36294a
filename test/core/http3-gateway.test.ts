import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import type { HttpsRecord } from '../../lib/core/https-dns-record';
import { FindingStatus } from '../../lib/core/report';
import { ArtifactTool } from '../../lib/core/types';
import { dnspythonBatch, namedCheckzone, oracleTest, requireOracle } from '../helpers/dns-oracles';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();
const records: HttpsRecord[] = [];

const BASE = {
  name: 'shop',
  hostnames: ['shop.example.org', 'www.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
};

function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({ ...BASE, ...options } as unknown as Http3GatewayOptions);
  collector.add(result.resources.map((r) => r.manifest));
  records.push(...result.httpsRecords);
  return result;
}

const { YES, NO, PARTIAL, NOT_APPLICABLE } = FindingStatus;
const ISTIO = 'the Istio ingress gateway pods (Envoy) in istio-system, selected by {"istio":"ingressgateway"}';
const EG = 'the Envoy Gateway proxy pods (Envoy)';
const ISTIO_ARTIFACTS = ['shop.istio-operator.yaml', 'shop.istiod-values.yaml', 'shop.istio-gateway-values.yaml', 'shop.https-records.zone'];
const METALLB = { name: 'metallb', address: '192.0.2.10' };
const METALLB_PAIR = { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' };
const AWS_LBC = { name: 'aws-lbc', scheme: 'internet-facing' };

interface Row {
  readonly roles: readonly string[];
  readonly services: readonly string[];
  readonly artifacts: readonly string[];
  readonly terminator: string;
  readonly clientIp: FindingStatus;
  readonly udpHealthCheck: FindingStatus;
  readonly notes: readonly string[];
}

// gateways.md §1 (Istio: Gateway + VirtualService + kube-http3's Service + istiod setting), §2 (Envoy Gateway: Gateway +
// HTTPRoute + ClientTrafficPolicy, EnvoyProxy when the Service shape differs), loadbalancers.md §8/§12/§1.2/§16 (what each
// provider preserves), discovery.md §0 (Alt-Svc + HTTPS record)
describe('every implementation on every provider', () => {
  test.each<[string, string, unknown, Row]>([
    ['istio on generic', 'istio', 'generic', {
      roles: ['gateway', 'virtual-service', 'service', 'certificate'],
      services: ['shop'],
      artifacts: ISTIO_ARTIFACTS,
      terminator: ISTIO,
      clientIp: PARTIAL,
      udpHealthCheck: PARTIAL,
      notes: ['apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['istio on kind', 'istio', 'kind', {
      roles: ['gateway', 'virtual-service', 'service', 'certificate'],
      services: ['shop'],
      artifacts: ISTIO_ARTIFACTS,
      terminator: ISTIO,
      clientIp: NO,
      udpHealthCheck: PARTIAL,
      notes: ['apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['istio on metallb', 'istio', METALLB, {
      roles: ['gateway', 'virtual-service', 'service', 'certificate'],
      services: ['shop'],
      artifacts: ISTIO_ARTIFACTS,
      terminator: ISTIO,
      clientIp: YES,
      udpHealthCheck: NOT_APPLICABLE,
      notes: ['apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['istio on metallb two-services', 'istio', METALLB_PAIR, {
      roles: ['gateway', 'virtual-service', 'service-tcp', 'service-udp', 'certificate'],
      services: ['shop-tcp', 'shop-udp'],
      artifacts: ISTIO_ARTIFACTS,
      terminator: ISTIO,
      clientIp: YES,
      udpHealthCheck: NOT_APPLICABLE,
      notes: ['metallb-shared-ip', 'istio-quic-setting', 'istio-single-load-balancer', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['istio on aws-lbc', 'istio', AWS_LBC, {
      roles: ['gateway', 'virtual-service', 'service', 'certificate'],
      services: ['shop'],
      artifacts: ISTIO_ARTIFACTS,
      terminator: ISTIO,
      clientIp: YES,
      udpHealthCheck: PARTIAL,
      notes: [
        'udp-idle-timeout',
        'aws-lbc-immutable',
        'apply-server-side',
        'istio-quic-setting',
        'istio-single-load-balancer',
        'tls-cert-manager',
        'https-record-upgrades-http',
      ],
    }],
    ['envoy-gateway on generic', 'envoy-gateway', 'generic', {
      roles: ['gateway', 'route', 'client-traffic-policy', 'certificate'],
      services: [],
      artifacts: ['shop.https-records.zone'],
      terminator: EG,
      clientIp: PARTIAL,
      udpHealthCheck: PARTIAL,
      notes: ['envoy-gateway-service', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['envoy-gateway on kind', 'envoy-gateway', 'kind', {
      roles: ['gateway', 'route', 'client-traffic-policy', 'certificate'],
      services: [],
      artifacts: ['shop.https-records.zone'],
      terminator: EG,
      clientIp: NO,
      udpHealthCheck: PARTIAL,
      notes: ['envoy-gateway-service', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['envoy-gateway on metallb', 'envoy-gateway', METALLB, {
      roles: ['gateway', 'route', 'client-traffic-policy', 'envoy-proxy', 'certificate'],
      services: [],
      artifacts: ['shop.https-records.zone'],
      terminator: EG,
      clientIp: YES,
      udpHealthCheck: NOT_APPLICABLE,
      notes: ['envoy-gateway-service', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
    ['envoy-gateway on aws-lbc', 'envoy-gateway', AWS_LBC, {
      roles: ['gateway', 'route', 'client-traffic-policy', 'envoy-proxy', 'certificate'],
      services: [],
      artifacts: ['shop.https-records.zone'],
      terminator: EG,
      clientIp: YES,
      udpHealthCheck: PARTIAL,
      notes: ['udp-idle-timeout', 'aws-lbc-immutable', 'envoy-gateway-service', 'tls-cert-manager', 'https-record-upgrades-http'],
    }],
  ])('%s', (_label, implementation, provider, row) => {
    const result = gateway({ gateway: implementation, provider });
    expect(result.resources.map((r) => r.role)).toEqual(row.roles);
    // exactly one primary resource: the gateway object
    expect(result.resources.filter((r) => r.primary).map((r) => r.role)).toEqual(['gateway']);
    expect(result.serviceNames).toEqual(row.services);
    expect(result.artifacts.map((a) => a.fileName)).toEqual(row.artifacts);
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.httpsRecords.map((r) => r.text)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(result.tlsSecretName).toBe('shop-tls');
    expect(result.report.quicTerminatedBy).toBe(row.terminator);
    expect(result.report.clientIp.status).toBe(row.clientIp);
    expect(result.report.connectionMigration.status).toBe(NO);
    expect(result.report.udpHealthCheck.status).toBe(row.udpHealthCheck);
    expect(result.report.tcpFallback.status).toBe(YES);
    expect(result.report.discovery.status).toBe(YES);
    expect(result.report.notes.map((n) => n.topic)).toEqual(row.notes);
  });
});

describe('one spec, consistent parts', () => {
  test('istio on port 8443: the server, the Service, Alt-Svc and the record all use 8443', () => {
    const result = gateway({ gateway: 'istio', port: 8443, hostnames: ['shop.example.org'] });
    const [gw, , service] = result.resources.map((r) => r.manifest);
    expect((gw.spec as { servers: Array<{ port: object }> }).servers[0].port).toStrictEqual({ number: 8443, name: 'https', protocol: 'HTTPS' });
    expect((service.spec as { ports: Array<{ port: number }> }).ports.map((p) => p.port)).toEqual([8443, 8443]);
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(result.httpsRecords.map((r) => r.owner)).toEqual(['_8443._https.shop.example.org.']);
  });

  test('envoy-gateway: the Certificate covers the listener hostnames and writes the referenced Secret', () => {
    const result = gateway({ gateway: 'envoy-gateway', namespace: 'web' });
    const byRole = Object.fromEntries(result.resources.map((r) => [r.role, r.manifest]));
    expect(byRole.certificate.spec).toStrictEqual({
      secretName: 'shop-tls',
      dnsNames: ['shop.example.org', 'www.example.org'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect((byRole.gateway.spec as { listeners: Array<{ tls: object }> }).listeners[0].tls).toStrictEqual({
      mode: 'Terminate',
      certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }],
    });
    expect((byRole.route.spec as { hostnames: string[] }).hostnames).toEqual(['shop.example.org', 'www.example.org']);
    expect(result.resources.every((r) => r.manifest.metadata.namespace === 'web')).toBe(true);
    expect(result.tlsSecretNamespace).toBe('web');
  });

  test('the zone artifact is a zone file', () => {
    const result = gateway({ gateway: 'envoy-gateway' });
    expect(result.artifacts.map((a) => [a.fileName, a.tool, a.content])).toEqual([
      [
        'shop.https-records.zone',
        ArtifactTool.ZONE_FILE,
        'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\nwww.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n',
      ],
    ]);
  });

  test('discovery joins the Alt-Svc and the DNS findings', () => {
    const result = gateway({ gateway: 'istio', dns: { ttlSeconds: 3600 } });
    expect(result.report.discovery).toEqual({
      status: YES,
      detail:
        'Alt-Svc h3=":443"; ma=86400 is added by the implementation (istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route of a ' +
        'server that has a QUIC listener (ma is hard-coded)); the HTTPS record offers alpn=h3,h2 with a 3600 s TTL: clients that read it can ' +
        'start with HTTP/3 on the first connection',
    });
  });

  test('an h2-only record next to an advertised h3: discovery is partial', () => {
    const result = gateway({ gateway: 'envoy-gateway', dns: { alpn: ['h2'] } });
    expect(result.report.discovery.status).toBe(PARTIAL);
  });

  test('dns: false keeps the Alt-Svc status and says the first connection is TCP', () => {
    const result = gateway({ gateway: 'envoy-gateway', dns: false });
    expect(result.report.discovery).toEqual({
      status: YES,
      detail:
        'Alt-Svc h3=":443"; ma=86400 is added by the implementation (Envoy Gateway appends alt-svc: h3=":<listener port>"; ma=86400 to every ' +
        'route of an HTTP/3 listener (ma is hard-coded)); no HTTPS record (dns: false): the first connection always goes over TCP',
    });
    expect(result.httpsRecords).toEqual([]);
  });

  test('withdrawing: every part turns HTTP/3 off together', () => {
    const result = gateway({ gateway: 'istio', altSvc: { clear: true } });
    expect(result.altSvcValue).toBe('clear');
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service', 'certificate']);
    expect((result.resources[2].manifest.spec as { ports: Array<{ protocol: string }> }).ports.map((p) => p.protocol)).toEqual(['TCP']);
    expect(result.httpsRecords.map((r) => r.rdataText)).toEqual(['1 . alpn=h2', '1 . alpn=h2']);
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.discovery.status).toBe(NO);
  });

  test('same props, same output (deterministic)', () => {
    const options = { gateway: 'envoy-gateway', provider: AWS_LBC, backend: { service: 'shop', port: 8080, namespace: 'apps' } };
    expect(JSON.stringify(gateway(options))).toBe(JSON.stringify(gateway(options)));
  });
});

oracleTest('named-checkzone', 'dnspython')('every HTTPS record of this file is accepted by named-checkzone and encodes as dnspython does', () => {
  requireOracle('named-checkzone');
  requireOracle('dnspython');
  expect(records.length).toBeGreaterThan(0);
  const checked = namedCheckzone('example.org', [
    ...records.map((r) => r.text),
    'shop.example.org. 300 IN A 192.0.2.10',
    'www.example.org. 300 IN A 192.0.2.10',
  ]);
  expect(checked.ok).toBe(true);
  expect(dnspythonBatch(records.map((r) => r.rdataText)).map((r) => (r.ok ? r.hex : r.error))).toEqual(records.map((r) => r.wireHex));
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus } from '../../lib/core/report';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tlsSecretName: 'shop-cert',
};

function listener(options: Record<string, unknown>) {
  const result = synthesizeQuicListener({ ...BASE, ...options } as QuicListenerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

const { YES, NO, PARTIAL, NOT_APPLICABLE } = FindingStatus;
const ISTIO = 'the Istio ingress gateway pods (Envoy) in istio-system, selected by {"istio":"ingressgateway"}';
const EG = 'the Envoy Gateway proxy pods (Envoy)';

// gateways.md §1 (kube-http3 creates the Service with the UDP port for Istio) and §2 (the Envoy Gateway controller
// generates it, shaped by EnvoyProxy); loadbalancers.md §16 for what the provider preserves
describe('composition per implementation and provider', () => {
  test.each<[string, Record<string, unknown>, string[], string[], string, FindingStatus, FindingStatus, string[]]>([
    [
      'istio on generic',
      { gateway: 'istio' },
      ['gateway', 'virtual-service', 'service'],
      ['shop'],
      ISTIO,
      PARTIAL,
      PARTIAL,
      ['apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer'],
    ],
    [
      'istio on metallb two-services',
      { gateway: 'istio', provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } },
      ['gateway', 'virtual-service', 'service-tcp', 'service-udp'],
      ['shop-tcp', 'shop-udp'],
      ISTIO,
      YES,
      NOT_APPLICABLE,
      ['metallb-shared-ip', 'istio-quic-setting', 'istio-single-load-balancer'],
    ],
    [
      'istio on aws-lbc',
      { gateway: 'istio', provider: { name: 'aws-lbc', scheme: 'internet-facing' } },
      ['gateway', 'virtual-service', 'service'],
      ['shop'],
      ISTIO,
      YES,
      PARTIAL,
      ['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer'],
    ],
    [
      'envoy-gateway on kind',
      { gateway: 'envoy-gateway', provider: 'kind' },
      ['gateway', 'route', 'client-traffic-policy'],
      [],
      EG,
      NO,
      PARTIAL,
      ['envoy-gateway-service'],
    ],
    [
      'envoy-gateway on aws-lbc',
      { gateway: 'envoy-gateway', provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' }, externalTrafficPolicy: 'Cluster' },
      ['gateway', 'route', 'client-traffic-policy', 'envoy-proxy'],
      [],
      EG,
      NO,
      PARTIAL,
      ['udp-idle-timeout', 'aws-lbc-immutable', 'envoy-gateway-service'],
    ],
  ])('%s', (_label, options, roles, serviceNames, terminator, clientIp, udpHealthCheck, topics) => {
    const result = listener(options);
    expect(result.resources.map((r) => r.role)).toEqual(roles);
    expect(result.serviceNames).toEqual(serviceNames);
    expect(result.report.quicTerminatedBy).toBe(terminator);
    expect(result.report.clientIp.status).toBe(clientIp);
    expect(result.report.connectionMigration.status).toBe(NO);
    expect(result.report.udpHealthCheck.status).toBe(udpHealthCheck);
    expect(result.report.tcpFallback.status).toBe(YES);
    expect(result.report.discovery.status).toBe(YES);
    expect(result.report.notes.map((n) => n.topic)).toEqual(topics);
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });
});

describe('the TLS Secret is referenced, never created', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['istio', { gateway: 'istio' }, 'istio-system'],
    ['istio in its own namespace', { gateway: { implementation: 'istio', namespace: 'istio-ingress' } }, 'istio-ingress'],
    ['envoy-gateway', { gateway: 'envoy-gateway', namespace: 'web' }, 'web'],
  ])('%s', (_label, options, secretNamespace) => {
    const result = listener({ ...options, tlsSecretName: 'shop.example.org-tls' });
    expect(result.resources.map((r) => r.manifest.kind)).not.toContain('Secret');
    expect(result.tlsSecretNamespace).toBe(secretNamespace);
    expect(JSON.stringify(result.resources[0].manifest.spec)).toContain('"shop.example.org-tls"');
    // a listener alone publishes no DNS record and writes no TLS note
    expect(result.report.notes.map((n) => n.topic).filter((t) => t.startsWith('tls-') || t.startsWith('https-record'))).toEqual([]);
  });
});

describe('labels and traffic policy', () => {
  test.each<[string, string]>([
    ['istio', 'istio'],
    ['envoy-gateway', 'envoy-gateway'],
  ])('%s: extra labels on every object', (_label, gw) => {
    const result = listener({ gateway: gw, labels: { team: 'shop' }, externalTrafficPolicy: 'Cluster' });
    for (const { manifest } of result.resources) {
      expect(manifest.metadata.labels).toStrictEqual({
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/managed-by': 'kube-http3',
        team: 'shop',
      });
    }
  });

  test('istio: externalTrafficPolicy on kube-http3 Service', () => {
    const result = listener({ gateway: 'istio', externalTrafficPolicy: 'Cluster' });
    expect((result.resources[2].manifest.spec as { externalTrafficPolicy: string }).externalTrafficPolicy).toBe('Cluster');
    expect(result.report.clientIp.status).toBe(NO);
  });

  test('envoy-gateway: externalTrafficPolicy through the EnvoyProxy', () => {
    const result = listener({ gateway: 'envoy-gateway', externalTrafficPolicy: 'Cluster' });
    const envoyProxy = result.resources.find((r) => r.role === 'envoy-proxy');
    expect(envoyProxy?.manifest.spec).toStrictEqual({
      provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' } } },
    });
  });
});

test('same props, same output (deterministic)', () => {
  const options = { gateway: 'istio', provider: { name: 'metallb', address: '192.0.2.10' }, hostnames: ['b.example.org', 'a.example.org'] };
  expect(JSON.stringify(listener(options))).toBe(JSON.stringify(listener(options)));
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

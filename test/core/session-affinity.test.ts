/**
 * Session affinity for stateful clients behind QUIC (issue: consistent hashing on a header or cookie where the
 * implementation has it; client-IP affinity breaks when a QUIC connection migrates). Facts: gateways.md §0.4
 * (5-tuple hashing breaks migration), Istio DestinationRule consistentHash, Envoy Gateway BackendTrafficPolicy
 * loadBalancer.consistentHash (CRD schemas in shared/schemas).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  namespace: 'web',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080, namespace: 'apps' },
  gateway: 'istio',
  tlsSecretName: 'shop-cert',
};

function listener(options: Partial<QuicListenerOptions>) {
  const result = synthesizeQuicListener({ ...BASE, ...options } as QuicListenerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

function manifest(result: ReturnType<typeof listener>, role: string) {
  return result.resources.find((r) => r.role === role)?.manifest;
}

const LABELS = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' };

describe('istio: DestinationRule consistentHash on the backend host', () => {
  test.each([
    [{ type: 'header', name: 'x-session-id' } as const, { httpHeaderName: 'x-session-id' }],
    [{ type: 'cookie', name: 'session' } as const, { httpCookie: { name: 'session', ttl: '3600s' } }],
    [{ type: 'cookie', name: 'session', ttlSeconds: 600 } as const, { httpCookie: { name: 'session', ttl: '600s' } }],
    [{ type: 'source-ip' } as const, { useSourceIp: true }],
  ])('%j', (sessionAffinity, consistentHash) => {
    const result = listener({ sessionAffinity });
    expect(manifest(result, 'destination-rule')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      // the backend's namespace: istiod finds it there for gateway pods in istio-system
      metadata: { name: 'shop', namespace: 'apps', labels: LABELS },
      spec: { host: 'shop.apps.svc.cluster.local', trafficPolicy: { loadBalancer: { consistentHash } } },
    });
  });

  test('no affinity, no DestinationRule', () => {
    expect(manifest(listener({}), 'destination-rule')).toBeUndefined();
  });
});

describe('envoy-gateway: BackendTrafficPolicy consistentHash on the HTTPRoute', () => {
  test.each([
    [{ type: 'header', name: 'x-session-id' } as const, { type: 'Headers', headers: [{ name: 'x-session-id' }] }],
    [{ type: 'cookie', name: 'session', ttlSeconds: 60 } as const, { type: 'Cookie', cookie: { name: 'session', ttl: '60s' } }],
    [{ type: 'source-ip' } as const, { type: 'SourceIP' }],
  ])('%j', (sessionAffinity, consistentHash) => {
    const result = listener({ gateway: 'envoy-gateway', sessionAffinity });
    expect(manifest(result, 'backend-traffic-policy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'shop' }],
        loadBalancer: { type: 'ConsistentHash', consistentHash },
      },
    });
  });
});

describe('the report says what survives a QUIC migration', () => {
  test('source-ip is a warning: it breaks when the connection migrates', () => {
    const notes = listener({ sessionAffinity: { type: 'source-ip' } }).report.notes.filter((n) => n.topic.startsWith('session-affinity'));
    expect(notes).toEqual([
      {
        severity: 'warning',
        topic: 'session-affinity-source-ip',
        message:
          'affinity on the client IP breaks when a QUIC connection migrates (a phone moving from Wi-Fi to cellular, NAT rebinding): the client then lands on another backend pod; key affinity on a header or cookie instead',
      },
    ]);
  });

  test('a header survives the address change', () => {
    const notes = listener({ sessionAffinity: { type: 'header', name: 'x-user' } }).report.notes.filter((n) => n.topic === 'session-affinity');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toBe(
      'affinity on the header "x-user" survives a client address change: a migrated QUIC connection may still reach another gateway pod and reconnect, but the header brings it back to the same backend pod',
    );
  });
});

describe('bad affinity', () => {
  test.each([
    [{ type: 'ip' }, 'sessionAffinity.type', 'sessionAffinity.type must be one of "header", "cookie", "source-ip", got "ip"'],
    [{ type: 'header' }, 'sessionAffinity.name', 'sessionAffinity.name must be a non-empty string without surrounding whitespace, got undefined'],
    [{ type: 'header', name: 'X-Session' }, 'sessionAffinity.name', 'sessionAffinity.name must be a lowercase HTTP header name (a token, e.g. "x-session-id"), got "X-Session"'],
    [{ type: 'cookie', name: 'a b' }, 'sessionAffinity.name', 'sessionAffinity.name must be a cookie name (an HTTP token, e.g. "session"), got "a b"'],
    [{ type: 'cookie', name: 's', ttlSeconds: 0 }, 'sessionAffinity.ttlSeconds', 'sessionAffinity.ttlSeconds must be an integer between 1 and 2147483647, got 0'],
    [{ type: 'source-ip', name: 'x' }, 'sessionAffinity.name', 'sessionAffinity.name is not a known field (got "x"); the fields of sessionAffinity are: type'],
    ['cookie', 'sessionAffinity', 'sessionAffinity must be an object: { type: "header", name } | { type: "cookie", name, ttlSeconds? } | { type: "source-ip" }, got "cookie"'],
  ])('%j', (sessionAffinity, prop, message) => {
    let error: unknown;
    try {
      synthesizeQuicListener({ ...BASE, sessionAffinity } as unknown as QuicListenerOptions);
    } catch (e) {
      error = e;
    }
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect((error as Http3ConfigError).prop).toBe(prop);
    expect((error as Http3ConfigError).message).toBe(message);
  });
});

test('every manifest above passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});

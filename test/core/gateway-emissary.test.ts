/**
 * The `emissary` implementation against the facts of gateways.md §4 and loadbalancers.md §15 (Emissary docs):
 * an HTTPS Listener plus a second Listener on the same port with protocolStack [TLS, HTTP, UDP], a Host per
 * hostname (TLS Secret, ALPN, no ACME), a Mapping per hostname to the backend, kube-http3's Service with the UDP
 * port Emissary does not add, and the hard-coded Alt-Svc on port 443.
 */
import { renderArtifact } from '../../lib/core/artifacts';
import { synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool, type KubeManifest } from '../../lib/core/types';
import { makeCertificate } from '../helpers/certs';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'emissary',
  tlsSecretName: 'shop-cert',
};

/** synthesize a QUIC listener over BASE and collect its manifests */
function listener(options: Partial<QuicListenerOptions> | Record<string, unknown> = {}) {
  const result = synthesizeQuicListener({ ...BASE, ...options } as QuicListenerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

/** the manifest with the role */
function byRole(result: { resources: ReadonlyArray<{ role: string; manifest: KubeManifest }> }, role: string): KubeManifest {
  const found = result.resources.find((r) => r.role === role);
  if (!found) throw new Error(`no resource with role ${role}: ${result.resources.map((r) => r.role).join(', ')}`);
  return found.manifest;
}

/** the error thrown by fn, asserted to be a Http3ConfigError */
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
const EMISSARY_SELECTOR = { 'app.kubernetes.io/name': 'emissary-ingress', 'app.kubernetes.io/instance': 'emissary-ingress' };
const ALT_SVC = 'h3=":443"; ma=86400, h3-29=":443"; ma=86400';

/** a Listener as gateways.md §4 "Minimal config" shows it, kube-http3 names and labels */
function listenerManifest(name: string, protocol: object, options: { namespace?: string; port?: number; extra?: object } = {}): KubeManifest {
  return {
    apiVersion: 'getambassador.io/v3alpha1',
    kind: 'Listener',
    metadata: { name, namespace: options.namespace ?? 'emissary', labels: LABELS },
    spec: {
      port: options.port ?? 8443,
      ...protocol,
      securityModel: 'XFP',
      hostBinding: { namespace: { from: 'ALL' } },
      ...options.extra,
    },
  };
}

const HTTPS_LISTENER = { protocol: 'HTTPS' };
const QUIC_LISTENER = { protocolStack: ['TLS', 'HTTP', 'UDP'] };

describe('emissary: the default shape', () => {
  test('Host, Mapping, both Listeners and the Service with the UDP port, exactly', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['host', true],
      ['mapping', false],
      ['https-listener', false],
      ['quic-listener', false],
      ['service', false],
    ]);
    expect(byRole(result, 'host')).toStrictEqual({
      apiVersion: 'getambassador.io/v3alpha1',
      kind: 'Host',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        hostname: 'shop.example.org',
        acmeProvider: { authority: 'none' },
        tlsSecret: { name: 'shop-cert' },
        tls: { alpn_protocols: 'h2,http/1.1' },
      },
    });
    expect(byRole(result, 'mapping')).toStrictEqual({
      apiVersion: 'getambassador.io/v3alpha1',
      kind: 'Mapping',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: { hostname: 'shop.example.org', prefix: '/', service: 'shop.default:8080' },
    });
    expect(byRole(result, 'https-listener')).toStrictEqual(listenerManifest('shop-https', HTTPS_LISTENER));
    // protocolStack order matters: UDP last, HTTP required (crd_listener.go, irlistener.py)
    expect(byRole(result, 'quic-listener')).toStrictEqual(listenerManifest('shop-quic', QUIC_LISTENER));
    // the Emissary docs' Service: 443/TCP and 443/UDP to 8443, in Emissary's namespace, selecting the chart's pods
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'emissary', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: EMISSARY_SELECTOR,
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.tlsSecretNamespace).toBe('default');
    expect(result.altSvcValue).toBe(ALT_SVC);
  });

  test('the Helm values artifact makes the chart Service a ClusterIP, exactly', () => {
    const result = listener({ gateway: { implementation: 'emissary', namespace: 'edge' } });
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([['shop.emissary-ingress-values.yaml', ArtifactTool.HELM]]);
    expect(renderArtifact(result.artifacts[0])).toBe(
      [
        '# apply with: helm upgrade <release> <emissary-ingress chart> -n edge --reuse-values -f <this file> ' +
          "(kube-http3's Service replaces the chart's as the load balancer; " +
          'remove LoadBalancer-only settings such as loadBalancerClass from your values)',
        'service:',
        '  type: ClusterIP',
        '',
      ].join('\n'),
    );
  });

  test('one Host and one Mapping per hostname, the first one primary', () => {
    const result = listener({ hostnames: ['shop.example.org', '*.shop.example.org', 'www.example.org'] });
    expect(result.resources.map((r) => [r.role, r.manifest.metadata.name, r.primary === true])).toEqual([
      ['host', 'shop', true],
      ['host-1', 'shop-1', false],
      ['host-2', 'shop-2', false],
      ['mapping', 'shop', false],
      ['mapping-1', 'shop-1', false],
      ['mapping-2', 'shop-2', false],
      ['https-listener', 'shop-https', false],
      ['quic-listener', 'shop-quic', false],
      ['service', 'shop', false],
    ]);
    // Host.spec.hostname and Mapping.spec.hostname hold one DNS glob each (crds.yaml)
    expect((byRole(result, 'host-1').spec as { hostname: string }).hostname).toBe('*.shop.example.org');
    expect(byRole(result, 'mapping-2').spec).toStrictEqual({ hostname: 'www.example.org', prefix: '/', service: 'shop.default:8080' });
  });

  test('report: who terminates QUIC, TCP fallback and the notes', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe(
      'the Emissary-ingress pods (Envoy) in emissary, selected by ' +
        '{"app.kubernetes.io/name":"emissary-ingress","app.kubernetes.io/instance":"emissary-ingress"}',
    );
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS Listener keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.discovery).toEqual({
      status: FindingStatus.YES,
      detail: `Alt-Svc ${ALT_SVC} is added by the implementation ` +
        `(Emissary adds the hard-coded alt-svc: ${ALT_SVC} to every virtual host of the TCP Listener that shares the QUIC Listener's port)`,
    });
    expect(report.notes.map((n) => [n.severity, n.topic])).toEqual([
      [NoteSeverity.WARNING, 'apply-server-side'],
      [NoteSeverity.WARNING, 'emissary-listeners'],
      [NoteSeverity.INFO, 'emissary-listener-scope'],
      [NoteSeverity.WARNING, 'emissary-single-load-balancer'],
    ]);
    expect(report.notes.slice(1).map((n) => n.message)).toEqual([
      'Emissary keeps one Listener per protocol, address and port: remove any other Listener on port 8443 (e.g. emissary-ingress-https-listener ' +
        "from the quick start, or the chart's createDefaultListeners), or set gateway.httpsListener to false; otherwise Emissary reports " +
        '"Duplicate listener" and keeps the one it read first',
      'Listeners belong to the whole Emissary installation: the QUIC Listener on port 8443 serves, and its TCP twin advertises ' +
        `${ALT_SVC} for, every Host bound to that port, not only these hostnames; the value is hard-coded, including the obsolete draft h3-29`,
      "point DNS at kube-http3's Service emissary/shop (do not give it the name of the chart's Service); the chart's own Service must not stay a " +
        'second LoadBalancer (the Helm values make it ClusterIP, which also stops exposing port 80): Emissary advertises HTTP/3 on every TCP ' +
        'response of the Listener, so clients that reached an address without 443/UDP would try QUIC in vain',
    ]);
  });
});

describe('emissary: options', () => {
  test('namespace, selector, targetPort and ambassadorId; a backend in another namespace', () => {
    const result = listener({
      namespace: 'web',
      backend: { service: 'store', port: 80, namespace: 'apps' },
      gateway: { implementation: 'emissary', namespace: 'ambassador', selector: { app: 'edge' }, targetPort: 9443, ambassadorId: 'public' },
    });
    const id = { ambassador_id: ['public'] };
    const where = { namespace: 'ambassador', port: 9443, extra: id };
    expect(byRole(result, 'https-listener')).toStrictEqual(listenerManifest('shop-https', HTTPS_LISTENER, where));
    expect(byRole(result, 'quic-listener')).toStrictEqual(listenerManifest('shop-quic', QUIC_LISTENER, where));
    expect(byRole(result, 'host')).toStrictEqual({
      apiVersion: 'getambassador.io/v3alpha1',
      kind: 'Host',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        hostname: 'shop.example.org',
        acmeProvider: { authority: 'none' },
        tlsSecret: { name: 'shop-cert' },
        tls: { alpn_protocols: 'h2,http/1.1' },
        ambassador_id: ['public'],
      },
    });
    // Emissary resolves <service>.<namespace> across namespaces: no grant needed
    expect(byRole(result, 'mapping').spec).toStrictEqual({
      hostname: 'shop.example.org',
      prefix: '/',
      service: 'store.apps:80',
      ambassador_id: ['public'],
    });
    expect(byRole(result, 'service').metadata.namespace).toBe('ambassador');
    expect(byRole(result, 'service').spec).toMatchObject({
      selector: { app: 'edge' },
      ports: [
        { name: 'https', port: 443, targetPort: 9443, protocol: 'TCP' },
        { name: 'http3', port: 443, targetPort: 9443, protocol: 'UDP' },
      ],
    });
    expect(result.tlsSecretNamespace).toBe('web');
    expect(result.report.quicTerminatedBy).toBe('the Emissary-ingress pods (Envoy) in ambassador, selected by {"app":"edge"}');
  });

  // gateways.md §0.6 and §4: the docs suggest min_tls_version v1.3, which also drops TLS 1.2 on TCP; never by default
  test.each<[string | undefined, object, string[]]>([
    [undefined, { alpn_protocols: 'h2,http/1.1' }, []],
    ['v1.2', { alpn_protocols: 'h2,http/1.1', min_tls_version: 'v1.2' }, []],
    ['v1.3', { alpn_protocols: 'h2,http/1.1', min_tls_version: 'v1.3' }, ['emissary-min-tls-version']],
  ])('minTlsVersion %s', (minTlsVersion, tls, extraTopics) => {
    const result = listener({ gateway: { implementation: 'emissary', ...(minTlsVersion ? { minTlsVersion } : {}) } });
    expect((byRole(result, 'host').spec as { tls: object }).tls).toStrictEqual(tls);
    const topics = result.report.notes.map((n) => n.topic);
    expect(topics.filter((t) => t === 'emissary-min-tls-version')).toEqual(extraTopics);
    if (extraTopics.length > 0) {
      expect(result.report.notes.find((n) => n.topic === 'emissary-min-tls-version')).toEqual({
        severity: NoteSeverity.WARNING,
        topic: 'emissary-min-tls-version',
        message: "the Host's min_tls_version v1.3 also applies to the HTTPS Listener: clients limited to TLS 1.2 can no longer connect over " +
          'HTTP/1.1 or HTTP/2; QUIC does not need it (it always runs TLS 1.3)',
      });
    }
  });

  test('httpsListener false: only the QUIC Listener, and the report relies on your HTTPS Listener', () => {
    const result = listener({ namespace: 'web', gateway: { implementation: 'emissary', httpsListener: false } });
    expect(result.resources.map((r) => r.role)).toEqual(['host', 'mapping', 'quic-listener', 'service']);
    expect(result.report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'your HTTPS Listener on 8443 keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(result.report.notes.find((n) => n.topic === 'emissary-listeners')?.message).toBe(
      'kube-http3 renders no HTTPS Listener: Alt-Svc appears only if your Listener with protocol HTTPS on port 8443 (default bind address) ' +
        'exists and binds the Hosts in namespace web',
    );
  });

  test('httpsListener true given explicitly is the default shape', () => {
    const result = listener({ gateway: { implementation: 'emissary', httpsListener: true } });
    expect(result.resources.map((r) => r.role)).toEqual(['host', 'mapping', 'https-listener', 'quic-listener', 'service']);
  });

  // gateways.md §4 Other facts: HTTP/3 since Emissary 3.0.0 (PR #4246, Envoy 1.22)
  test.each<[string, boolean]>([
    ['2.5.1', false],
    ['v2.0.0', false],
    ['3.0', true],
    ['3.0.0', true],
    ['v4.1.0', true],
  ])('version %s accepted: %s', (version, accepted) => {
    const run = () => listener({ gateway: { implementation: 'emissary', version } });
    if (accepted) {
      expect(run().resources.map((r) => r.role)).toEqual(['host', 'mapping', 'https-listener', 'quic-listener', 'service']);
      return;
    }
    const error = errorOf(run);
    expect(error.prop).toBe('gateway.version');
    expect(error.message).toBe(
      `gateway.version ${JSON.stringify(version)} has no HTTP/3: UDP Listeners (protocolStack [TLS, HTTP, UDP]) arrived in Emissary 3.0.0 ` +
        'with Envoy 1.22 (emissary #4246); upgrade Emissary to 3.0.0 or later',
    );
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['minTlsVersion v1.1', { minTlsVersion: 'v1.1' }, 'gateway.minTlsVersion', 'gateway.minTlsVersion must be one of "v1.2", "v1.3", got "v1.1"'],
    [
      'an empty selector',
      { selector: {} },
      'gateway.selector',
      'gateway.selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods',
    ],
    ['targetPort 0', { targetPort: 0 }, 'gateway.targetPort', 'gateway.targetPort must be an integer between 1 and 65535, got 0'],
    [
      'an uppercase namespace',
      { namespace: 'Emissary' },
      'gateway.namespace',
      'gateway.namespace must be a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit), ' +
        'got "Emissary"',
    ],
    ['httpsListener "yes"', { httpsListener: 'yes' }, 'gateway.httpsListener', 'gateway.httpsListener must be true or false, got "yes"'],
    [
      'an empty ambassadorId',
      { ambassadorId: '' },
      'gateway.ambassadorId',
      'gateway.ambassadorId must be a non-empty string without surrounding whitespace, got ""',
    ],
    [
      'an unknown field',
      { tlsMode: 'SIMPLE' },
      'gateway.tlsMode',
      'gateway.tlsMode is not a known field (got "SIMPLE"); the fields of gateway are: ambassadorId, httpsListener, implementation, minTlsVersion, ' +
        'namespace, selector, targetPort, version',
    ],
  ])('bad option: %s', (_title, options, prop, message) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'emissary', ...options } }));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

// gateways.md §4 Alt-Svc and Pitfalls: hard-coded h3=":443"; ma=86400, h3-29=":443"; ma=86400, whatever the Service port
describe('emissary: Alt-Svc', () => {
  const PORT_REASON =
    'cannot be combined with gateway.implementation "emissary": Emissary hard-codes alt-svc: h3=":443"; ma=86400, h3-29=":443"; ma=86400 ' +
    '(envoy/v3/v3listener.py), so clients would look for HTTP/3 on 443/UDP, not on 8443/UDP; ' +
    'use port 443 (the Service still maps it to any targetPort)';

  test('a client-facing port other than 443 is refused', () => {
    const error = errorOf(() => listener({ port: 8443 }));
    expect(error.prop).toBe('port');
    expect(error.value).toBe(8443);
    expect(error.message).toBe(`port 8443 ${PORT_REASON}`);
  });

  test('AltSvcPolicy with emissary: the fixed value, and the same refusal for another port', () => {
    const policy = synthesizeAltSvcPolicy({ gateway: 'emissary' });
    expect(policy.value).toBe(ALT_SVC);
    expect(policy.attachment).toBe('automatic');
    expect(policy.httpRouteFilter).toBeUndefined();
    expect(errorOf(() => synthesizeAltSvcPolicy({ gateway: 'emissary', port: 8443 })).message).toBe(`port 8443 ${PORT_REASON}`);
  });

  test('maxAgeSeconds 86400 is what Emissary emits; another max age is refused', () => {
    expect(listener({ altSvc: { maxAgeSeconds: 86400 } }).altSvcValue).toBe(ALT_SVC);
    const error = errorOf(() => listener({ altSvc: { maxAgeSeconds: 3600 } }));
    expect(error.prop).toBe('altSvc.maxAgeSeconds');
    expect(error.message).toBe(
      'altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "emissary": Emissary adds the hard-coded alt-svc: ' +
        `${ALT_SVC} to every virtual host of the TCP Listener that shares the QUIC Listener's port, so clients would receive ${ALT_SVC}, ` +
        'not h3=":443"; ma=3600; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
    );
  });

  test('altSvc false is refused: Emissary advertises by itself', () => {
    const error = errorOf(() => listener({ altSvc: false }));
    expect(error.prop).toBe('altSvc');
    expect(error.message).toBe(
      'altSvc false cannot be combined with gateway.implementation "emissary": Emissary adds the hard-coded alt-svc: ' +
        `${ALT_SVC} to every virtual host of the TCP Listener that shares the QUIC Listener's port, so it cannot serve HTTP/3 without advertising ` +
        'it; remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
    );
  });

  test('withdraw: no QUIC Listener, no UDP port, alt-svc: clear on every Mapping', () => {
    const result = listener({ hostnames: ['shop.example.org', 'www.example.org'], altSvc: { clear: true } });
    expect(result.resources.map((r) => r.role)).toEqual(['host', 'host-1', 'mapping', 'mapping-1', 'https-listener', 'service']);
    const clear = { 'alt-svc': { value: 'clear', append: false } };
    expect(byRole(result, 'mapping').spec).toStrictEqual({
      hostname: 'shop.example.org',
      prefix: '/',
      service: 'shop.default:8080',
      add_response_headers: clear,
    });
    expect((byRole(result, 'mapping-1').spec as { add_response_headers: object }).add_response_headers).toStrictEqual(clear);
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(result.altSvcValue).toBe('clear');
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.notes.map((n) => n.topic)).toEqual(['emissary-listeners', 'emissary-single-load-balancer']);
  });

  test('withdraw with httpsListener false: only the Hosts and Mappings', () => {
    const result = listener({ gateway: { implementation: 'emissary', httpsListener: false }, altSvc: { clear: true } });
    expect(result.resources.map((r) => r.role)).toEqual(['host', 'mapping', 'service']);
  });
});

// Emissary docs topics/running/load-balancer.md: ring_hash with cookie, header or source_ip needs an endpoint resolver;
// irhttpmapping.py validate_load_balancer: exactly policy + one key
describe('emissary: session affinity on the Mapping', () => {
  test.each([
    [{ type: 'header', name: 'x-session-id' } as const, { policy: 'ring_hash', header: 'x-session-id' }],
    [{ type: 'cookie', name: 'session' } as const, { policy: 'ring_hash', cookie: { name: 'session', ttl: '3600s' } }],
    [{ type: 'cookie', name: 'session', ttlSeconds: 60 } as const, { policy: 'ring_hash', cookie: { name: 'session', ttl: '60s' } }],
    [{ type: 'source-ip' } as const, { policy: 'ring_hash', source_ip: true }],
  ])('%j', (sessionAffinity, loadBalancer) => {
    const result = listener({ sessionAffinity });
    expect(byRole(result, 'mapping').spec).toStrictEqual({
      hostname: 'shop.example.org',
      prefix: '/',
      service: 'shop.default:8080',
      resolver: 'kubernetes-endpoint',
      load_balancer: loadBalancer,
    });
    expect(result.report.notes.find((n) => n.topic === 'emissary-endpoint-resolver')).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'emissary-endpoint-resolver',
      message: "session affinity uses Emissary's built-in kubernetes-endpoint resolver (ring_hash needs endpoint routing): with " +
        'AMBASSADOR_DISABLE_ENDPOINTS set, Emissary falls back to its default load balancing and the affinity is lost',
    });
  });

  test('affinity and withdrawal together on one Mapping', () => {
    const result = listener({ sessionAffinity: { type: 'source-ip' }, altSvc: { clear: true } });
    expect(byRole(result, 'mapping').spec).toStrictEqual({
      hostname: 'shop.example.org',
      prefix: '/',
      service: 'shop.default:8080',
      resolver: 'kubernetes-endpoint',
      load_balancer: { policy: 'ring_hash', source_ip: true },
      add_response_headers: { 'alt-svc': { value: 'clear', append: false } },
    });
  });
});

// loadBalancers.md §17: kube-http3 creates Emissary's Service, so every provider shape works, two Services included
describe('emissary: providers shape kube-http3\'s Service in Emissary\'s namespace', () => {
  const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
  test.each<[string, Partial<QuicListenerOptions>, Array<[string, string, object | undefined]>]>([
    ['generic', { provider: 'generic' }, [['service', 'shop', undefined]]],
    ['kind', { provider: 'kind' }, [['service', 'shop', undefined]]],
    [
      'metallb single',
      { provider: { name: 'metallb', address: '192.0.2.10' } },
      [['service', 'shop', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }]],
    ],
    [
      'metallb two-services',
      { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } },
      [
        ['service-tcp', 'shop-tcp', { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop' }],
        ['service-udp', 'shop-udp', { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop' }],
      ],
    ],
    [
      'aws-lbc',
      { provider: { name: 'aws-lbc', scheme: 'internet-facing' } },
      [[
        'service',
        'shop',
        {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'ip',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        },
      ]],
    ],
  ])('%s', (_title, options, services) => {
    const result = listener(options);
    const serviceResources = result.resources.filter((r) => r.manifest.kind === 'Service');
    expect(serviceResources.map((r) => [r.role, r.manifest.metadata.name, r.manifest.metadata.annotations])).toEqual(services);
    for (const { manifest } of serviceResources) {
      expect(manifest.metadata.namespace).toBe('emissary');
      expect((manifest.spec as { selector: object }).selector).toStrictEqual(EMISSARY_SELECTOR);
    }
    expect(result.serviceNames).toEqual(services.map(([, name]) => name));
    expect(result.altSvcValue).toBe(ALT_SVC);
  });
});

describe('emissary: Http3Gateway', () => {
  test('a PEM certificate becomes a Secret beside the Host', async () => {
    const pem = await makeCertificate({ dnsNames: ['shop.example.org'] });
    const result = synthesizeHttp3Gateway({
      name: 'shop',
      namespace: 'web',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'emissary',
      provider: { name: 'metallb', address: '192.0.2.10' },
      tls: { certificate: pem.certificate, privateKey: pem.privateKey },
    });
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => [r.role, r.manifest.kind, r.manifest.metadata.namespace])).toEqual([
      ['host', 'Host', 'web'],
      ['mapping', 'Mapping', 'web'],
      ['https-listener', 'Listener', 'emissary'],
      ['quic-listener', 'Listener', 'emissary'],
      ['service', 'Service', 'emissary'],
      ['tls-secret', 'Secret', 'web'],
    ]);
    expect((byRole(result, 'host').spec as { tlsSecret: object }).tlsSecret).toStrictEqual({ name: 'shop-tls' });
    expect(result.tlsSecretName).toBe('shop-tls');
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
  });

  test('a cert-manager Certificate in the Host namespace', () => {
    const result = synthesizeHttp3Gateway({
      name: 'shop',
      namespace: 'web',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: { implementation: 'emissary', minTlsVersion: 'v1.3' },
      tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
      altSvc: { clear: true },
      dns: false,
    });
    collector.add(result.resources.map((r) => r.manifest));
    expect(byRole(result, 'certificate').metadata.namespace).toBe('web');
    expect(result.resources.map((r) => r.role)).toEqual(['host', 'host-1', 'mapping', 'mapping-1', 'https-listener', 'service', 'certificate']);
    expect(result.httpsRecords).toEqual([]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

/**
 * `passthrough`: backends that terminate TLS and QUIC themselves, behind the load-balancer Service(s) kube-http3
 * shapes with the provider (gateways.md §0; loadbalancers.md §16, §17). No gateway object, no route: the
 * application sends the Alt-Svc value kube-http3 computes.
 */
import { AltSvcAttachment, synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { passthroughGateway } from '../../lib/gateways/passthrough';
import { makeCertificate, type PemPair } from '../helpers/certs';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const PASSTHROUGH = { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 } as const;

const BASE: QuicListenerOptions = {
  name: 'shop-edge',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 443 },
  gateway: PASSTHROUGH,
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

const LABELS = { 'app.kubernetes.io/instance': 'shop-edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };
const AWS = 'service.beta.kubernetes.io/aws-load-balancer';

/** a LoadBalancer Service selecting the backend pods */
function service(name: string, ports: object[], annotations?: Record<string, string>, etp = 'Local'): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop', labels: LABELS, ...(annotations ? { annotations } : {}) },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: etp, selector: { app: 'shop' }, ports },
  };
}

describe('passthrough: the Service(s) to the pods', () => {
  test('generic: one Service with TCP and UDP to the pods, nothing else', () => {
    const result = listener();
    expect(result.resources.map((r) => r.role)).toEqual(['service']);
    expect(byRole(result, 'service')).toStrictEqual(service('shop-edge', [TCP, UDP]));
    expect(result.serviceNames).toEqual(['shop-edge']);
    expect(result.artifacts).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('shop');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  // the provider shapes the Service(s) exactly as for any kube-http3 Service (loadbalancers.md §17)
  test.each<[string, unknown, KubeManifest[]]>([
    ['kind', 'kind', [service('shop-edge', [TCP, UDP])]],
    [
      'metallb single',
      { name: 'metallb', address: '192.0.2.10' },
      [service('shop-edge', [TCP, UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10' })],
    ],
    [
      'metallb two-services',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
      [
        service('shop-edge-tcp', [TCP], { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop-edge' }),
        service('shop-edge-udp', [UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop-edge' }),
      ],
    ],
    [
      'aws-lbc',
      { name: 'aws-lbc', scheme: 'internet-facing' },
      [
        service('shop-edge', [TCP, UDP], {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'ip',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        }),
      ],
    ],
  ])('provider %s', (_title, provider, services) => {
    const result = listener({ provider });
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(services);
    expect(result.serviceNames).toEqual(services.map((s) => s.metadata.name));
  });

  test('port 8443, targetPort 443, externalTrafficPolicy Cluster', () => {
    const result = listener({ port: 8443, externalTrafficPolicy: 'Cluster', gateway: { ...PASSTHROUGH, targetPort: 443 } });
    expect(byRole(result, 'service')).toStrictEqual(service('shop-edge', [
      { name: 'https', port: 8443, targetPort: 443, protocol: 'TCP' },
      { name: 'http3', port: 8443, targetPort: 443, protocol: 'UDP' },
    ], undefined, 'Cluster'));
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
  });

  // udpPortMayDiffer: the pods send whatever Alt-Svc kube-http3 computes, so QUIC may live on another Service port
  test('a provider that moves UDP to another port (linode udpPort 8443): the application advertises that port', () => {
    const result = listener({ provider: { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true } });
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([TCP, { ...UDP, port: 8443 }]);
    expect(result.udpPort).toBe(8443);
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(result.report.notes.find((n) => n.topic === 'passthrough-alt-svc')?.message).toBe(
      'your application must send Alt-Svc: h3=":8443"; ma=86400 on every response (over TCP too, where clients learn it): '
        + 'kube-http3 cannot attach it',
    );
  });

  test('nodePort is pinned on both ports', () => {
    const result = listener({ nodePort: 30443 });
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { ...TCP, nodePort: 30443 },
      { ...UDP, nodePort: 30443 },
    ]);
  });

  test('the default namespace: backend and gateway in "default"', () => {
    const result = synthesizeQuicListener({
      name: 'shop-edge',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 443 },
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
    });
    collector.add(result.resources.map((r) => r.manifest));
    expect(byRole(result, 'service').metadata.namespace).toBe('default');
    expect(result.tlsSecretNamespace).toBe('default');
  });
});

describe('passthrough: withdraw', () => {
  test('altSvc.clear: the UDP port closes, the application answers Alt-Svc: clear', () => {
    const result = listener({ altSvc: { clear: true } });
    expect(byRole(result, 'service')).toStrictEqual(service('shop-edge', [TCP]));
    expect(result.altSvcValue).toBe('clear');
    expect(result.quic).toBe(false);
    expect(result.report.discovery).toEqual({
      status: FindingStatus.NO,
      detail:
        'withdrawing: the QUIC listener is off and responses must carry Alt-Svc: clear (your application sends it on every response), so '
        + 'clients that cached h3 forget it on their next response over TCP; remove altSvc.clear once the previous max age has run out',
    });
    expect(result.report.notes.map((n) => n.topic)).toEqual([
      'passthrough-no-http',
      'passthrough-backend-service',
      'passthrough-alt-svc',
      'passthrough-tls-in-pods',
    ]);
    expect(result.report.notes.find((n) => n.topic === 'passthrough-alt-svc')).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'passthrough-alt-svc',
      message: 'HTTP/3 is withdrawn and 443/UDP is closed: your application must answer with Alt-Svc: clear until the max age it advertised before '
        + 'has run out',
    });
  });

  test('two Services: the UDP one goes away', () => {
    const result = listener({ altSvc: { clear: true }, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.resources.map((r) => r.role)).toEqual(['service-tcp']);
    expect(result.serviceNames).toEqual(['shop-edge-tcp']);
  });
});

describe('passthrough: report and Alt-Svc', () => {
  test('the pods terminate QUIC; nothing in between sees HTTP', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe('your backend pods in shop selected by {"app":"shop"}: they terminate TLS and QUIC themselves on 8443/UDP');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.PARTIAL,
      detail: 'the Service also carries 443/TCP to the same pods on 8443: clients without UDP fall back only if the pods serve HTTPS over TCP '
        + 'there too',
    });
    // client IP, migration and health checks are the provider's findings (generic here)
    expect(report.clientIp.status).toBe(FindingStatus.PARTIAL);
    expect(report.connectionMigration.status).toBe(FindingStatus.NO);
    expect(report.discovery).toEqual({
      status: FindingStatus.PARTIAL,
      detail: 'the backends must send Alt-Svc h3=":443"; ma=86400 themselves (your application sends it on every response): kube-http3 cannot '
        + 'attach it',
    });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'apply-server-side',
        message:
          'apply the Service with kubectl apply --server-side (or kubectl replace): client-side kubectl apply, Helm upgrades and kustomize '
          + 'strategic-merge patches merge Service ports by number and silently drop one of 443/TCP and 443/UDP',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'passthrough-no-http',
        message:
          'nothing between the client and your pods sees HTTP: kube-http3 renders no route, so there is no routing by hostname or path, '
          + 'no header manipulation and no TLS termination; the hostnames only feed discovery (Alt-Svc, HTTPS records) and the certificate',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'passthrough-backend-service',
        message: 'the load-balancer Service selects the pods directly: the backend Service shop/shop (port 443) is not on the data path',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'passthrough-alt-svc',
        message: 'your application must send Alt-Svc: h3=":443"; ma=86400 on every response (over TCP too, where clients learn it): kube-http3 '
          + 'cannot attach it',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'passthrough-quic-server',
        message:
          'your QUIC server faces the L4 load balancer directly: it picks a pod from the UDP 5-tuple, so announce disable_active_migration '
          + 'unless something routes on connection IDs (RFC 9000 §5.2.3), and send keep-alive PINGs more often than every 30 seconds '
          + '(RFC 9000 §10.1.2; load balancers drop idle UDP flows after as little as 120 seconds)',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'passthrough-tls-in-pods',
        message:
          'your pods hold the certificate: browsers use HTTP/3 only with a publicly trusted certificate covering every hostname, which '
          + 'kube-http3 cannot check here',
      },
    ]);
  });

  test('the provider\'s findings stay (aws-lbc keeps the client IP)', () => {
    const { report } = listener({ provider: { name: 'aws-lbc', scheme: 'internet-facing' } });
    expect(report.clientIp).toEqual({
      status: FindingStatus.YES,
      detail: 'the NLB always preserves the client IP on UDP and TCP_UDP target groups, and ip targets are the pods themselves',
    });
  });

  test('the max age follows altSvc.maxAgeSeconds; altSvc false: nothing to send', () => {
    const long = listener({ altSvc: { maxAgeSeconds: 2592000 } });
    expect(long.altSvcValue).toBe('h3=":443"; ma=2592000');
    expect(long.report.notes.find((n) => n.topic === 'passthrough-alt-svc')?.message).toBe(
      'your application must send Alt-Svc: h3=":443"; ma=2592000 on every response (over TCP too, where clients learn it): kube-http3 cannot '
        + 'attach it',
    );
    const none = listener({ altSvc: false });
    expect(none.altSvcValue).toBeUndefined();
    expect(none.report.notes.map((n) => n.topic)).not.toContain('passthrough-alt-svc');
  });

  test('AltSvcPolicy: computed, attached by nobody', () => {
    const policy = synthesizeAltSvcPolicy({ gateway: { ...PASSTHROUGH }, maxAgeSeconds: 3600 });
    expect(policy.value).toBe('h3=":443"; ma=3600');
    expect(policy.attachment).toBe(AltSvcAttachment.NONE);
  });

  test('support row and plug-in facts', () => {
    const options = passthroughGateway.parse({ selector: { app: 'shop' }, targetPort: 8443 }, 'gateway');
    expect(options).toEqual({ implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 });
    expect(passthroughGateway.serviceOwner(options)).toBe('kube-http3');
    expect(passthroughGateway.workload!(options, 'gateway', { service: 'shop', port: 443, namespace: 'apps' })).toEqual({ namespace: 'apps', selector: { app: 'shop' }, targetPort: 8443 });
    expect(passthroughGateway.tlsKinds(options)).toEqual(['none', 'secret']);
    expect(passthroughGateway.sessionAffinity).toEqual([]);
    expect(passthroughGateway.support).toEqual({
      howEnabled: 'nothing in a gateway: the load-balancer Service carries the port over TCP and UDP straight to pods that terminate TLS and QUIC',
      autoUdpPort: 'no: kube-http3 creates the Service with both ports',
      autoAltSvc: 'no: your application sends it (kube-http3 computes the value)',
      caveats: 'no HTTP in between: no routing by host or path, no header manipulation; certificates and their renewal stay with the pods',
    });
  });
});

describe('passthrough: refusals', () => {
  test.each<[string, Record<string, unknown>, string, unknown, string]>([
    [
      'no selector',
      { implementation: 'passthrough', targetPort: 8443 },
      'gateway.selector',
      undefined,
      'gateway.selector must be a non-empty map of pod labels, got undefined; gateway.selector is required',
    ],
    [
      'a selector that is no label map',
      { ...PASSTHROUGH, selector: { app: 'a b' } },
      'gateway.selector["app"]',
      'a b',
      'gateway.selector["app"] must be a label value (at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric, or '
        + 'empty), got "a b"',
    ],
    [
      'no targetPort',
      { implementation: 'passthrough', selector: { app: 'shop' } },
      'gateway.targetPort',
      undefined,
      'gateway.targetPort must be the pods\' port for HTTPS and HTTP/3, got undefined; gateway.targetPort is required',
    ],
    [
      'targetPort 70000',
      { ...PASSTHROUGH, targetPort: 70000 },
      'gateway.targetPort',
      70000,
      'gateway.targetPort must be an integer between 1 and 65535, got 70000',
    ],
  ])('options: %s', (_title, gateway, prop, value, message) => {
    const error = errorOf(() => listener({ gateway }));
    expect(error.prop).toBe(prop);
    expect(error.value).toEqual(value);
    expect(error.message).toBe(message);
  });

  test('the Service goes to the backend\'s namespace: a gateway namespace option is refused as unknown', () => {
    const error = errorOf(() => listener({ gateway: { ...PASSTHROUGH, namespace: 'edge' } }));
    expect(error.prop).toBe('gateway.namespace');
    expect(error.message).toBe(
      'gateway.namespace is not a known field (got "edge"); the fields of gateway are: implementation, selector, targetPort',
    );
  });

  test.each<[string, unknown, string]>([
    ['generic', undefined, 'shop'],
    ['metallb two-services', { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' }, 'shop-udp'],
  ])('a Service named like the backend is refused (%s)', (_title, provider, backendService) => {
    const error = errorOf(() => listener({ name: 'shop', backend: { service: backendService, port: 443 }, ...(provider ? { provider } : {}) }));
    expect(error.prop).toBe('name');
    expect(error.message).toBe(
      `name "shop" cannot be combined with backend.service ${JSON.stringify(backendService)}: the load-balancer Service ${backendService} that `
        + 'kube-http3 creates in shop would replace the backend Service of the same name; give the construct another name (the name prop)',
    );
  });

  test('a load-balancer certificate is refused: TLS stays with the pods', () => {
    const error = errorOf(() => listener({ loadBalancerCertificateId: 'abc' }));
    expect(error.prop).toBe('loadBalancerCertificateId');
    expect(error.message).toBe(
      'loadBalancerCertificateId "abc" cannot be combined with gateway.implementation "passthrough": passthrough terminates TLS in the cluster, '
        + 'not at the load balancer; give tls as nothing (the backends terminate TLS); or { secretName } for an existing Secret, '
        + '{ certificate, privateKey } as PEM, or { certManager: { issuer } }',
    );
  });

  // kube-http3's Service carries no sessionAffinity field: ClientIP affinity would need the core's Service renderer
  test.each([{ type: 'source-ip' }, { type: 'header', name: 'x-session' }])('sessionAffinity $type is refused', (sessionAffinity) => {
    const error = errorOf(() => listener({ sessionAffinity }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      `sessionAffinity.type ${JSON.stringify(sessionAffinity.type)} cannot be combined with gateway.implementation "passthrough": `
        + 'kube-http3 has no session affinity for passthrough; remove sessionAffinity, or choose an implementation that has it',
    );
  });
});

describe('passthrough: Http3Gateway and TLS', () => {
  let pem: PemPair;
  beforeAll(async () => {
    pem = await makeCertificate({ dnsNames: ['shop.example.org'] });
  });

  const props = (options: Partial<Http3GatewayOptions>): Http3GatewayOptions => ({
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 443 },
    gateway: PASSTHROUGH,
    ...options,
  });

  test('no tls: the pods hold the certificate; nothing to create', () => {
    const result = synthesizeHttp3Gateway(props({}));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['service']);
    expect(result.tlsSecretName).toBeUndefined();
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
  });

  test('cert-manager: the Certificate is issued into the pods\' namespace, only for the pods to mount', () => {
    const tls = { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' as const }, secretName: 'shop-tls' };
    const result = synthesizeHttp3Gateway(props({ tls }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['service', 'certificate']);
    expect(byRole(result, 'certificate')).toStrictEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop-edge', namespace: 'shop', labels: LABELS },
      spec: {
        secretName: 'shop-tls',
        dnsNames: ['shop.example.org'],
        issuerRef: { name: 'letsencrypt-dns', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    expect(result.tlsSecretName).toBe('shop-tls');
    expect(result.report.notes.find((n) => n.topic === 'passthrough-tls-secret')).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'passthrough-tls-secret',
      message:
        'the Secret shop/shop-tls is only for your pods: nothing in the path references it; mount it (tls.crt, tls.key) into the pods and '
        + 'reload it when it is renewed',
    });
    expect(result.report.notes.map((n) => n.topic)).not.toContain('passthrough-tls-in-pods');
  });

  test('PEM: the Secret in the pods\' namespace', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { certificate: pem.certificate, privateKey: pem.privateKey } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['service', 'tls-secret']);
    expect(byRole(result, 'tls-secret').metadata).toStrictEqual({ name: 'shop-edge-tls', namespace: 'shop', labels: LABELS });
  });

  test('tls.loadBalancerCertificateId is refused', () => {
    const error = errorOf(() => synthesizeHttp3Gateway(props({ tls: { loadBalancerCertificateId: 'abc' } })));
    expect(error.prop).toBe('tls.loadBalancerCertificateId');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

/**
 * `gke-gateway`: the Gateway and HTTPRoute GKE turns into a global (or classic) external Application Load
 * Balancer, whose Google Front Ends terminate HTTP/3 and add Alt-Svc (gateways.md §5.9; discovery.md §A.3).
 */
import { synthesizeAltSvcPolicy, AltSvcAttachment } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { gkeGateway } from '../../lib/gateways/gke-gateway';
import { makeCertificate, type PemPair } from '../helpers/certs';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'store',
  namespace: 'store',
  hostnames: ['store.example.org'],
  backend: { service: 'store', port: 8080 },
  gateway: 'gke-gateway',
  tlsSecretName: 'store-tls',
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

const LABELS = { 'app.kubernetes.io/instance': 'store', 'app.kubernetes.io/managed-by': 'kube-http3' };
const GFE_ALT_SVC = 'h3=":443"; ma=2592000, h3-29=":443"; ma=2592000';
const ALT_SVC_SOURCE =
  'the Google Front End adds alt-svc: h3=":443"; ma=2592000,h3-29=":443"; ma=2592000 to responses by itself (ma is Google\'s, not configurable)';
const SECRET_TLS = { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'store-tls' }] };
const HTTP3_CLASSES = ['gke-l7-global-external-managed', 'gke-l7-global-external-managed-mc', 'gke-l7-gxlb', 'gke-l7-gxlb-mc'];

/** a Gateway of the class with one HTTPS listener */
function gatewayManifest(gatewayClassName: string, tls: object, hostname: string | null = 'store.example.org'): KubeManifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'store', namespace: 'store', labels: LABELS },
    spec: {
      gatewayClassName,
      listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, ...(hostname ? { hostname } : {}), tls }],
    },
  };
}

describe('gke-gateway: Gateway and HTTPRoute', () => {
  test('default class: the Gateway with the Secret and the HTTPRoute, exactly; no Service, no artifact', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['gateway', true],
      ['route', false],
    ]);
    expect(byRole(result, 'gateway')).toStrictEqual(gatewayManifest('gke-l7-global-external-managed', SECRET_TLS));
    expect(byRole(result, 'route')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'store', namespace: 'store', labels: LABELS },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'store', sectionName: 'https' }],
        hostnames: ['store.example.org'],
        // no Alt-Svc filter: the Google Front End adds it
        rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'store', port: 8080 }] }],
      },
    });
    expect(result.serviceNames).toEqual([]);
    expect(result.artifacts).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('store');
    expect(result.altSvcValue).toBe(GFE_ALT_SVC);
    expect(result.quic).toBe(true);
  });

  test.each(['gke-l7-global-external-managed', 'gke-l7-gxlb'])('single-cluster class %s routes to the Service', (gatewayClassName) => {
    const result = listener({ gateway: { implementation: 'gke-gateway', gatewayClassName } });
    expect(byRole(result, 'gateway')).toStrictEqual(gatewayManifest(gatewayClassName, SECRET_TLS));
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: '', kind: 'Service', name: 'store', port: 8080 }] },
    ]);
  });

  // GKE multi-cluster Gateways route to the ServiceImport (net.gke.io) of the exported Service
  const MULTI_CLUSTER = ['gke-l7-global-external-managed-mc', 'gke-l7-gxlb-mc'];
  test.each(MULTI_CLUSTER)('multi-cluster class %s routes to the ServiceImport, with pre-shared certificates', (gatewayClassName) => {
    const result = listener({
      gateway: { implementation: 'gke-gateway', gatewayClassName },
      tlsSecretName: undefined,
      loadBalancerCertificateId: 'store-cert',
    });
    expect(byRole(result, 'gateway')).toStrictEqual(
      gatewayManifest(gatewayClassName, { mode: 'Terminate', options: { 'networking.gke.io/pre-shared-certs': 'store-cert' } }),
    );
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'store', port: 8080 }] },
    ]);
    expect(result.report.notes.find((n) => n.topic === 'gke-multi-cluster')).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'gke-multi-cluster',
      message:
        `the multi-cluster class ${gatewayClassName} routes to the ServiceImport store/store (net.gke.io): export the Service with a ServiceExport `
        + 'in every member cluster, and apply these objects to the fleet\'s config cluster',
    });
  });

  test('a backend in another namespace gets a ReferenceGrant (to the ServiceImport for multi-cluster classes)', () => {
    const backend = { service: 'store', port: 8080, namespace: 'apps' };
    const single = listener({ backend });
    expect(single.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'reference-grant']);
    expect((byRole(single, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: '', kind: 'Service', name: 'store', namespace: 'apps', port: 8080 }] },
    ]);
    expect(byRole(single, 'reference-grant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'store-store', namespace: 'apps', labels: LABELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'store' }],
        to: [{ group: '', kind: 'Service', name: 'store' }],
      },
    });
    const multi = listener({
      backend,
      gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-global-external-managed-mc' },
      tlsSecretName: undefined,
      loadBalancerCertificateId: 'store-cert',
    });
    expect((byRole(multi, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'store', namespace: 'apps', port: 8080 }] },
    ]);
    expect((byRole(multi, 'reference-grant').spec as { to: object[] }).to).toStrictEqual([
      { group: 'net.gke.io', kind: 'ServiceImport', name: 'store' },
    ]);
  });

  test('pre-shared certificates on a single-cluster class: tls.options instead of certificateRefs', () => {
    const result = listener({ tlsSecretName: undefined, loadBalancerCertificateId: 'store-cert,store-cert-ecdsa' });
    expect(byRole(result, 'gateway')).toStrictEqual(
      gatewayManifest('gke-l7-global-external-managed', {
        mode: 'Terminate',
        options: { 'networking.gke.io/pre-shared-certs': 'store-cert,store-cert-ecdsa' },
      }),
    );
    expect(result.tlsSecretNamespace).toBe('store');
    expect(result.report.notes.find((n) => n.topic === 'gke-pre-shared-certificate')?.message).toBe(
      'the listener names the Compute Engine SSL certificate(s) "store-cert,store-cert-ecdsa" in networking.gke.io/pre-shared-certs '
        + '(comma-separated names): create them in the project first (gcloud compute ssl-certificates create)',
    );
  });

  test('several hostnames: no listener hostname, the HTTPRoute selects them', () => {
    const result = listener({ hostnames: ['store.example.org', '*.store.example.org'] });
    expect(byRole(result, 'gateway')).toStrictEqual(gatewayManifest('gke-l7-global-external-managed', SECRET_TLS, null));
    expect((byRole(result, 'route').spec as { hostnames: string[] }).hostnames).toEqual(['store.example.org', '*.store.example.org']);
  });

  test('labels go on every object', () => {
    const result = listener({ labels: { team: 'web' } });
    for (const r of result.resources) expect(r.manifest.metadata.labels).toStrictEqual({ ...LABELS, team: 'web' });
  });
});

describe('gke-gateway: report', () => {
  test('the Google Front End terminates QUIC; no UDP in the cluster; client IP in X-Forwarded-For', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe(
      'the Google Front Ends of the global external Application Load Balancer that GKE creates from the Gateway '
        + '(class gke-l7-global-external-managed); the cluster receives HTTP/1.1 or HTTP/2 only',
    );
    expect(report.clientIp).toEqual({
      status: FindingStatus.PARTIAL,
      detail: 'the load balancer terminates every connection: backends see a Google Front End address, the client IP arrives in the '
        + 'X-Forwarded-For header',
    });
    expect(report.connectionMigration).toEqual({
      status: FindingStatus.PARTIAL,
      detail:
        'QUIC ends at the Google Front End, so no in-cluster 5-tuple hashing breaks it; whether the Google Front End supports connection migration '
          + 'is Google\'s (unverified)',
    });
    expect(report.udpHealthCheck).toEqual({
      status: FindingStatus.NOT_APPLICABLE,
      detail: 'no UDP reaches the cluster: the load balancer health-checks the backends over HTTP',
    });
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.discovery).toEqual({
      status: FindingStatus.YES,
      detail: `Alt-Svc ${GFE_ALT_SVC} is added by the implementation (${ALT_SVC_SOURCE})`,
    });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'gke-edge-terminates-quic',
        message:
          'the Google Front End terminates TLS and QUIC: the cluster has no UDP Service or port, backends receive HTTP/1.1 or HTTP/2 '
          + 'and find the client IP in X-Forwarded-For',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'gke-quic-override',
        message:
          'HTTP/3 is on because the target HTTPS proxy GKE creates keeps quicOverride NONE (Google manages QUIC, on for global external '
          + 'Application Load Balancers since 2022); no GKE Gateway field sets it. To force it: gcloud compute target-https-proxies update NAME '
          + '--quic-override=ENABLE (NAME from gcloud compute target-https-proxies list); whether GKE keeps such an out-of-band change when it '
          + 'reconciles the Gateway is unverified',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'gke-alt-svc-max-age',
        message:
          `the Google Front End sends Alt-Svc ${GFE_ALT_SVC} (on the wire without the space after the comma): clients ignore the draft h3-29 and `
          + 'remember h3 for 30 days, which kube-http3 cannot shorten; to withdraw HTTP/3 run '
          + 'gcloud compute target-https-proxies update NAME --quic-override=DISABLE '
          + '(clients that cached h3 then fall back to TCP after a failed QUIC attempt)',
      },
    ]);
  });

  test('the classic class names the classic load balancer', () => {
    const { report } = listener({ gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-gxlb' } });
    expect(report.quicTerminatedBy).toBe(
      'the Google Front Ends of the classic external Application Load Balancer that GKE creates from the Gateway '
        + '(class gke-l7-gxlb); the cluster receives HTTP/1.1 or HTTP/2 only',
    );
  });

  test('support row and plug-in facts', () => {
    expect(gkeGateway.serviceOwner({ implementation: 'gke-gateway', gatewayClassName: 'gke-l7-gxlb' })).toBe('none');
    expect(gkeGateway.tlsKinds({ implementation: 'gke-gateway', gatewayClassName: 'gke-l7-gxlb' })).toEqual(['secret', 'load-balancer']);
    expect(gkeGateway.sessionAffinity).toEqual([]);
    expect(gkeGateway.workload).toBeUndefined();
    expect(gkeGateway.support).toEqual({
      howEnabled:
        'nothing in Kubernetes: GKE creates a global or classic external Application Load Balancer from the Gateway and its Google Front Ends '
        + 'terminate HTTP/3 (target HTTPS proxy `quicOverride` NONE, the default: on at Google\'s discretion)',
      autoUdpPort: 'n/a: QUIC ends at Google\'s edge, no UDP Service',
      autoAltSvc: 'yes (Google Front End): `h3=":443"; ma=2592000,h3-29=":443"; ma=2592000`',
      caveats:
        'global and classic external classes only; port 443 only; withdrawn only outside Kubernetes (`--quic-override=DISABLE`); '
        + 'client IP in X-Forwarded-For',
    });
  });
});

describe('gke-gateway: Alt-Svc', () => {
  test('AltSvcPolicy: the GFE value, added automatically (h3-29 allowed because the GFE hard-codes it)', () => {
    const policy = synthesizeAltSvcPolicy({ gateway: 'gke-gateway' });
    expect(policy.value).toBe(GFE_ALT_SVC);
    expect(policy.attachment).toBe(AltSvcAttachment.AUTOMATIC);
    expect(policy.httpRouteFilter).toBeUndefined();
  });

  test('maxAgeSeconds equal to what the GFE sends is accepted', () => {
    expect(listener({ altSvc: { maxAgeSeconds: 2592000 } }).altSvcValue).toBe(GFE_ALT_SVC);
  });

  test('another maxAgeSeconds is refused', () => {
    const error = errorOf(() => listener({ altSvc: { maxAgeSeconds: 3600 } }));
    expect(error.prop).toBe('altSvc.maxAgeSeconds');
    expect(error.message).toBe(
      `altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "gke-gateway": ${ALT_SVC_SOURCE}, so clients would receive `
        + `${GFE_ALT_SVC}, not h3=":443"; ma=3600; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)`,
    );
  });

  test('altSvc false is refused: the GFE advertises by itself', () => {
    const error = errorOf(() => listener({ altSvc: false }));
    expect(error.prop).toBe('altSvc');
    expect(error.message).toBe(
      `altSvc false cannot be combined with gateway.implementation "gke-gateway": ${ALT_SVC_SOURCE}, so it cannot serve HTTP/3 without advertising `
        + `it; `
        + 'remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
    );
  });

  // withdraw: quicOverride is not reachable from Kubernetes (gateways.md §5.9 "No Kubernetes-side control")
  test('altSvc.clear is refused, with the gcloud command', () => {
    const error = errorOf(() => listener({ altSvc: { clear: true } }));
    expect(error.prop).toBe('altSvc.clear');
    expect(error.value).toBe(true);
    expect(error.message).toBe(
      'altSvc.clear true cannot be combined with gateway.implementation "gke-gateway": HTTP/3 at Google\'s edge is switched by the target '
        + 'HTTPS proxy\'s quicOverride, which no GKE Gateway API field exposes, and the Google Front End keeps adding its own Alt-Svc as long '
        + 'as QUIC is on; withdraw it outside Kubernetes with gcloud compute target-https-proxies update NAME --quic-override=DISABLE '
        + '(NAME from gcloud compute target-https-proxies list), then remove altSvc.clear',
    );
  });

  test.each([8443, 80])('port %i is refused: the GFE advertises 443', (port) => {
    const error = errorOf(() => listener({ port }));
    expect(error.prop).toBe('port');
    expect(error.value).toBe(port);
    expect(error.message).toBe(
      `port ${port} cannot carry HTTP/3 with gateway.implementation "gke-gateway": ${ALT_SVC_SOURCE}, so clients would try QUIC on 443, `
        + `not on ${port}; use port 443 (the default)`,
    );
  });
});

describe('gke-gateway: refusals', () => {
  const CLASS_LIST = HTTP3_CLASSES.map((c) => JSON.stringify(c)).join(', ');

  // gateways.md §5.9 "Which load balancers support it": regional external and internal ALBs have no QUIC
  test.each<[string, string]>([
    ['gke-l7-regional-external-managed', 'a regional external Application Load Balancer'],
    ['gke-l7-regional-external-managed-mc', 'a regional external Application Load Balancer (multi-cluster)'],
    ['gke-l7-rilb', 'a regional internal Application Load Balancer'],
    ['gke-l7-rilb-mc', 'a regional internal Application Load Balancer (multi-cluster)'],
    ['gke-l7-cross-regional-internal-managed-mc', 'a cross-region internal Application Load Balancer (multi-cluster)'],
  ])('class %s is refused', (gatewayClassName, loadBalancer) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'gke-gateway', gatewayClassName } }));
    expect(error.prop).toBe('gateway.gatewayClassName');
    expect(error.value).toBe(gatewayClassName);
    expect(error.message).toBe(
      `gateway.gatewayClassName ${JSON.stringify(gatewayClassName)} creates ${loadBalancer}, which has no HTTP/3: Google Cloud terminates QUIC `
        + `only on global and classic external Application Load Balancers; use ${CLASS_LIST}, or run a QUIC-capable gateway `
        + '(e.g. "envoy-gateway" or "istio") behind a mixed TCP+UDP load-balancer Service',
    );
  });

  test.each<[unknown, string]>([
    ['eg', `gateway.gatewayClassName must be one of ${CLASS_LIST} (the GKE classes with HTTP/3), got "eg"`],
    [42, 'gateway.gatewayClassName must be a non-empty string without surrounding whitespace, got 42'],
  ])('class %p is invalid', (gatewayClassName, message) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'gke-gateway', gatewayClassName } }));
    expect(error.prop).toBe('gateway.gatewayClassName');
    expect(error.message).toBe(message);
  });

  test('an unknown option is refused', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'gke-gateway', quicOverride: 'ENABLE' } }));
    expect(error.prop).toBe('gateway.quicOverride');
    expect(error.message).toBe(
      'gateway.quicOverride is not a known field (got "ENABLE"); the fields of gateway are: gatewayClassName, implementation',
    );
  });

  test('multi-cluster classes refuse a Secret (conservative: GKE documents Secrets for single-cluster Gateways)', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-gxlb-mc' } }));
    expect(error.prop).toBe('gateway.gatewayClassName');
    expect(error.message).toBe(
      'gateway.gatewayClassName "gke-l7-gxlb-mc" cannot terminate TLS with the Kubernetes Secret "store-tls": multi-cluster Gateways take '
        + 'certificates Google Cloud holds (pre-shared SSL certificates), not Secrets; give tls as { loadBalancerCertificateId: '
        + '"<Compute Engine SSL certificate name>" }, or use a single-cluster class',
    );
  });

  // GKE creates the load balancer from the Gateway: no provider can shape anything
  test.each<[string, unknown]>([
    ['kind', 'kind'],
    ['metallb', { name: 'metallb', address: '192.0.2.10' }],
    ['metallb', { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' }],
    ['aws-lbc', { name: 'aws-lbc', scheme: 'internet-facing' }],
  ])('provider %s is refused', (name, provider) => {
    const error = errorOf(() => listener({ provider }));
    expect(error.prop).toBe('provider.name');
    expect(error.value).toBe(name);
    expect(error.message).toBe(
      `provider.name ${JSON.stringify(name)} cannot be combined with gateway.implementation "gke-gateway": GKE creates the Google Cloud load `
        + `balancer `
        + 'from the Gateway itself, so kube-http3 creates no Service for a provider to shape; remove provider (the default "generic" is right for '
        + 'GKE Gateways)',
    );
  });

  test('the generic provider is accepted, by name too', () => {
    expect(listener({ provider: 'generic' }).resources.map((r) => r.role)).toEqual(['gateway', 'route']);
    expect(listener({ provider: { name: 'generic' } }).resources.map((r) => r.role)).toEqual(['gateway', 'route']);
  });

  test.each<[string, Record<string, unknown>, string, unknown, string]>([
    [
      'annotations',
      { provider: { name: 'generic', annotations: { 'example.com/team': 'web' } } },
      'provider.annotations',
      { 'example.com/team': 'web' },
      'provider.annotations {"example.com/team":"web"} has nothing to annotate with gateway.implementation "gke-gateway": GKE creates the Google '
        + 'Cloud '
        + 'load balancer from the Gateway itself, so kube-http3 creates no Service; remove provider.annotations (load-balancer settings go into '
        + 'GKE policies such as GCPGatewayPolicy and GCPBackendPolicy)',
    ],
    [
      'loadBalancerClass',
      { provider: { name: 'generic', loadBalancerClass: 'networking.gke.io/l4-regional-external' } },
      'provider.loadBalancerClass',
      'networking.gke.io/l4-regional-external',
      'provider.loadBalancerClass "networking.gke.io/l4-regional-external" has no Service to apply to with gateway.implementation "gke-gateway": '
        + 'GKE creates the Google Cloud load balancer from the Gateway itself, so kube-http3 creates no Service; remove provider.loadBalancerClass '
        + '(the gatewayClassName selects the load balancer)',
    ],
    [
      'externalTrafficPolicy Cluster',
      { externalTrafficPolicy: 'Cluster' },
      'externalTrafficPolicy',
      'Cluster',
      'externalTrafficPolicy "Cluster" has no Service to apply to with gateway.implementation "gke-gateway": GKE creates the Google Cloud load '
        + 'balancer from the Gateway itself, so kube-http3 creates no Service; remove externalTrafficPolicy (the client IP arrives in '
        + 'X-Forwarded-For)',
    ],
    [
      'nodePort',
      { nodePort: 30443 },
      'nodePort',
      30443,
      'nodePort 30443 cannot be combined with gateway.implementation "gke-gateway": it needs no UDP Service; remove nodePort',
    ],
  ])('Service settings are refused, never dropped: %s', (_title, options, prop, value, message) => {
    const error = errorOf(() => listener(options));
    expect(error.prop).toBe(prop);
    expect(error.value).toEqual(value);
    expect(error.message).toBe(message);
  });

  // GCPBackendPolicy (networking.gke.io) has session affinity, but the strict validator does not know that CRD
  test.each([
    { type: 'source-ip' },
    { type: 'header', name: 'x-session' },
    { type: 'cookie', name: 'session' },
  ])('sessionAffinity $type is refused', (sessionAffinity) => {
    const error = errorOf(() => listener({ sessionAffinity }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      `sessionAffinity.type ${JSON.stringify(sessionAffinity.type)} cannot be combined with gateway.implementation "gke-gateway": `
        + 'kube-http3 has no session affinity for gke-gateway; remove sessionAffinity, or choose an implementation that has it',
    );
  });

  test('QuicListener needs a Secret or a pre-shared certificate', () => {
    const error = errorOf(() => listener({ tlsSecretName: undefined }));
    expect(error.prop).toBe('tlsSecretName');
    expect(error.message).toBe(
      'tlsSecretName must be the name of a kubernetes.io/tls Secret, got undefined; tlsSecretName is required for gke-gateway',
    );
  });
});

describe('gke-gateway: Http3Gateway', () => {
  let pem: PemPair;
  beforeAll(async () => {
    pem = await makeCertificate({ dnsNames: ['store.example.org'] });
  });

  const props = (options: Partial<Http3GatewayOptions>): Http3GatewayOptions => ({
    name: 'store',
    namespace: 'store',
    hostnames: ['store.example.org'],
    backend: { service: 'store', port: 8080 },
    gateway: 'gke-gateway',
    ...options,
  });

  test('cert-manager: the Certificate in the Gateway namespace, the HTTPS record for 443', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'certificate']);
    expect(byRole(result, 'certificate')).toStrictEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'store', namespace: 'store', labels: LABELS },
      spec: {
        secretName: 'store-tls',
        dnsNames: ['store.example.org'],
        issuerRef: { name: 'letsencrypt-dns', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    expect(byRole(result, 'gateway')).toStrictEqual(gatewayManifest('gke-l7-global-external-managed', SECRET_TLS));
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['store.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(result.tlsSecretName).toBe('store-tls');
    expect(result.altSvcValue).toBe(GFE_ALT_SVC);
  });

  test('PEM: the Secret the listener references', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { certificate: pem.certificate, privateKey: pem.privateKey } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'tls-secret']);
    expect(byRole(result, 'tls-secret').metadata).toStrictEqual({ name: 'store-tls', namespace: 'store', labels: LABELS });
  });

  test('a pre-shared certificate: nothing to create, and no tlsSecretName', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { loadBalancerCertificateId: 'store-cert' } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route']);
    expect(result.tlsSecretName).toBeUndefined();
    expect(result.report.notes.map((n) => n.topic)).toEqual([
      'gke-edge-terminates-quic',
      'gke-quic-override',
      'gke-alt-svc-max-age',
      'gke-pre-shared-certificate',
      'tls-load-balancer-certificate',
      'https-record-upgrades-http',
    ]);
  });

  test('no tls is refused with the forms GKE accepts', () => {
    const error = errorOf(() => synthesizeHttp3Gateway(props({})));
    expect(error.prop).toBe('tls');
    expect(error.message).toBe(
      'tls must be an object: { secretName } for an existing Secret, { certificate, privateKey } as PEM, or { certManager: { issuer } }; '
        + 'or { loadBalancerCertificateId } for a certificate the load balancer holds, got undefined',
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

/**
 * The `gke` provider. Facts: loadbalancers.md §2 (mixed Services on the backend-service L4 load balancer with
 * `loadBalancerClass: networking.gke.io/l4-regional-external`: Preview from 1.34.1-gke.2190000 on new clusters, GA
 * from 1.36.2-gke.1498000, internal with `networking.gke.io/l4-regional-internal` and GKE subsetting; the class from
 * 1.33.1-gke.1779000; the legacy target-pool load balancer rejects mixed Services; fallback: two Services on one
 * reserved regional static IP, by name in `networking.gke.io/load-balancer-ip-addresses` or by address in
 * `spec.loadBalancerIP`; HTTP health checks on 10256 / healthCheckNodePort; 5-tuple hashing), §0.2, §16, §17, §18;
 * ingress-gce `pkg/l4/annotations/*`, `pkg/l4/address/to_use.go` (acbcf5d6); GKE "LoadBalancer Service parameters"
 * (`cloud.google.com/l4-rbs` from 1.25.5).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { compareGkeVersions, gkeProvider } from '../../lib/providers/gke';
import { MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

/** synthesize the load balancer on the provider and collect its manifests */
function lb(provider: unknown, extra: Partial<MixedProtocolLoadBalancerOptions> = {}) {
  const result = synthesizeMixedProtocolLoadBalancer({
    name: 'edge',
    namespace: 'web',
    selector: { app: 'edge' },
    port: 443,
    targetPort: 8443,
    provider: provider as MixedProtocolLoadBalancerOptions['provider'],
    ...extra,
  });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

const GATEWAY_BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
};

/** synthesize an Http3Gateway on the provider and collect its manifests */
function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({ ...GATEWAY_BASE, ...options } as unknown as Http3GatewayOptions);
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

const EXTERNAL = 'networking.gke.io/l4-regional-external';
const INTERNAL = 'networking.gke.io/l4-regional-internal';
const STATIC_IP = 'networking.gke.io/load-balancer-ip-addresses';
const RBS = 'cloud.google.com/l4-rbs';
const WEIGHTED = 'networking.gke.io/weighted-load-balancing';
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
// loadbalancers.md §0.5 / §17.1: same port, same numeric targetPort
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** an expected Service; `spec` adds loadBalancerClass or loadBalancerIP */
function service(name: string, ports: object[], annotations?: Record<string, string>, spec: Record<string, string> = {}, policy = 'Local') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels: LABELS, ...(annotations ? { annotations } : {}) },
    spec: { type: 'LoadBalancer', ...spec, externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const { YES, NO, PARTIAL } = FindingStatus;

// §2 (a): one mixed Service with the class (the class is what selects the backend-service L4 controller; §0.2 the
// legacy cloud controller ignores Services with a class); §2 (b): two Services on one reserved address
describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['default: one mixed Service with the external class (GA version assumed)', { name: 'gke' }, {}, [
      service('edge', [TCP, UDP], undefined, { loadBalancerClass: EXTERNAL }),
    ]],
    ['a reserved address by name on the mixed Service', { name: 'gke', staticIpName: 'edge-ipv4' }, {}, [
      service('edge', [TCP, UDP], { [STATIC_IP]: 'edge-ipv4' }, { loadBalancerClass: EXTERNAL }),
    ]],
    ['Preview version 1.34.1-gke.2190000: the same mixed Service', { name: 'gke', version: '1.34.1-gke.2190000' }, {}, [
      service('edge', [TCP, UDP], undefined, { loadBalancerClass: EXTERNAL }),
    ]],
    ['internal on GA: the internal class', { name: 'gke', scheme: 'internal', version: 'v1.36.2-gke.1498000' }, {}, [
      service('edge', [TCP, UDP], undefined, { loadBalancerClass: INTERNAL }),
    ]],
    ['internal with a reserved internal address', { name: 'gke', scheme: 'internal', staticIpName: 'edge-internal' }, {}, [
      service('edge', [TCP, UDP], { [STATIC_IP]: 'edge-internal' }, { loadBalancerClass: INTERNAL }),
    ]],
    ['externalTrafficPolicy Cluster', { name: 'gke' }, { externalTrafficPolicy: 'Cluster' }, [
      service('edge', [TCP, UDP], undefined, { loadBalancerClass: EXTERNAL }, 'Cluster'),
    ]],
    ['two Services with the class (>= 1.33.1-gke.1779000) on one named address',
      { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip', version: '1.33.1-gke.1779000' }, {}, [
        service('edge-tcp', [TCP], { [STATIC_IP]: 'edge-ip' }, { loadBalancerClass: EXTERNAL }),
        service('edge-udp', [UDP], { [STATIC_IP]: 'edge-ip' }, { loadBalancerClass: EXTERNAL }),
      ]],
    ['two Services before the class: the l4-rbs annotation (reference §2 (b) YAML)',
      { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip', version: '1.33.1-gke.1778999' }, {}, [
        service('edge-tcp', [TCP], { [RBS]: 'enabled', [STATIC_IP]: 'edge-ip' }),
        service('edge-udp', [UDP], { [RBS]: 'enabled', [STATIC_IP]: 'edge-ip' }),
      ]],
    ['two Services at the first l4-rbs version 1.25.5',
      { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip', version: '1.25.5' }, {}, [
      service('edge-tcp', [TCP], { [RBS]: 'enabled', [STATIC_IP]: 'edge-ip' }),
      service('edge-udp', [UDP], { [RBS]: 'enabled', [STATIC_IP]: 'edge-ip' }),
    ]],
    ['legacy target pool: two Services with spec.loadBalancerIP, no class, no annotation',
      { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: '203.0.113.7', version: '1.29.0-gke.1381000' },
      { externalTrafficPolicy: 'Cluster' }, [
        service('edge-tcp', [TCP], undefined, { loadBalancerIP: '203.0.113.7' }, 'Cluster'),
        service('edge-udp', [UDP], undefined, { loadBalancerIP: '203.0.113.7' }, 'Cluster'),
      ]],
    ['user annotations join the provider keys on both Services',
      { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip', annotations: { [WEIGHTED]: 'pods-per-node' } },
      {}, [
        service('edge-tcp', [TCP], { [STATIC_IP]: 'edge-ip', [WEIGHTED]: 'pods-per-node' }, { loadBalancerClass: EXTERNAL }),
        service('edge-udp', [UDP], { [STATIC_IP]: 'edge-ip', [WEIGHTED]: 'pods-per-node' }, { loadBalancerClass: EXTERNAL }),
      ]],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 1 ? MixedProtocolLayout.SINGLE_SERVICE : MixedProtocolLayout.TWO_SERVICES);
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual(
      expected.length === 1 ? [['service', true]] : [['service-tcp', true], ['service-udp', false]],
    );
  });

  test('nodePort pinning passes through (the passthrough load balancer forwards to the Service port, not a nodePort)', () => {
    const result = lb({ name: 'gke' }, { nodePort: 30443 });
    expect((result.resources[0].manifest.spec as { ports: unknown[] }).ports).toEqual([
      { ...TCP, nodePort: 30443 },
      { ...UDP, nodePort: 30443 },
    ]);
  });
});

// §2 (a) versions, §2 (b) what each load balancer reads, §17.2
describe('refusals', () => {
  const TWO = { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip' };
  test.each<[string, unknown, string, string]>([
    [
      'one Service before the Preview',
      { name: 'gke', version: '1.33.9-gke.1000' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "single-service" cannot be combined with provider.version "1.33.9-gke.1000": GKE carries TCP and UDP in one Service '
        + 'from 1.34.1-gke.2190000 (Preview, clusters created on that version or later; GA 1.36.2-gke.1498000), and older versions reject it '
        + '(LoadBalancerMixedProtocolNotSupported); set mixedProtocol "two-services" with staticIpName (a reserved regional static IP both Services '
        + 'use), or upgrade the cluster',
    ],
    [
      'one Service one build before the Preview',
      { name: 'gke', version: '1.34.1-gke.2189999' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "single-service" cannot be combined with provider.version "1.34.1-gke.2189999": GKE carries TCP and UDP in one Service '
        + 'from 1.34.1-gke.2190000 (Preview, clusters created on that version or later; GA 1.36.2-gke.1498000), and older versions reject it '
        + '(LoadBalancerMixedProtocolNotSupported); set mixedProtocol "two-services" with staticIpName (a reserved regional static IP both Services '
        + 'use), or upgrade the cluster',
    ],
    [
      'a version without the build counts as build 0 (conservative)',
      { name: 'gke', version: '1.34.1' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "single-service" cannot be combined with provider.version "1.34.1": GKE carries TCP and UDP in one Service '
        + 'from 1.34.1-gke.2190000 (Preview, clusters created on that version or later; GA 1.36.2-gke.1498000), and older versions reject it '
        + '(LoadBalancerMixedProtocolNotSupported); set mixedProtocol "two-services" with staticIpName (a reserved regional static IP both Services '
        + 'use), or upgrade the cluster',
    ],
    [
      'an internal mixed Service before the GA',
      { name: 'gke', scheme: 'internal', version: '1.35.0-gke.1000' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "single-service" cannot be combined with provider.version "1.35.0-gke.1000": internal mixed-protocol Services arrived '
        + 'with the GA in 1.36.2-gke.1498000; upgrade the cluster to 1.36.2-gke.1498000 or later, or expose an external Service',
    ],
    [
      'two internal Services',
      { ...TWO, scheme: 'internal' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "two-services" cannot be combined with provider.scheme "internal": kube-http3 shares one address between two Services '
        + 'only for external load balancers (internal address sharing is not covered by its reference); use one mixed internal Service '
        + '(mixedProtocol "single-service", GKE 1.36.2-gke.1498000 or later), or scheme "external"',
    ],
    [
      'two Services without the address name',
      { name: 'gke', mixedProtocol: 'two-services' },
      'provider.staticIpName',
      'provider.staticIpName must be the name of a reserved regional static IPv4 address when mixedProtocol is "two-services", got undefined; '
        + 'without it the two Services get two different ephemeral addresses',
    ],
    [
      'backend-service before l4-rbs (1.25.5)',
      { ...TWO, version: '1.25.4-gke.1000' },
      'provider.networkLoadBalancer',
      'provider.networkLoadBalancer "backend-service" cannot be combined with provider.version "1.25.4-gke.1000": backend-service external load '
        + 'balancers for Services arrived in GKE 1.25.5 (cloud.google.com/l4-rbs); set networkLoadBalancer "target-pool" with address, or upgrade '
        + 'the cluster',
    ],
    [
      'an address on a backend-service load balancer',
      { name: 'gke', address: '203.0.113.7' },
      'provider.networkLoadBalancer',
      'provider.networkLoadBalancer "backend-service" cannot be combined with provider.address "203.0.113.7": backend-service load balancers take a '
        + 'reserved address by name (networking.gke.io/load-balancer-ip-addresses); give the reserved address\'s name as staticIpName, or set '
        + 'networkLoadBalancer "target-pool"',
    ],
    [
      'one Service on the target pool',
      { name: 'gke', networkLoadBalancer: 'target-pool', address: '203.0.113.7' },
      'provider.networkLoadBalancer',
      'provider.networkLoadBalancer "target-pool" cannot be combined with provider.mixedProtocol "single-service": the legacy target-pool load '
        + 'balancer rejects a Service with TCP and UDP ports (LoadBalancerMixedProtocolNotSupported, "mixed protocol is not supported for '
        + 'LoadBalancer"); set mixedProtocol "two-services" with address (the reserved static IP both Services request)',
    ],
    [
      'an internal target pool',
      { name: 'gke', networkLoadBalancer: 'target-pool', scheme: 'internal', mixedProtocol: 'two-services', address: '10.0.0.7' },
      'provider.networkLoadBalancer',
      'provider.networkLoadBalancer "target-pool" cannot be combined with provider.scheme "internal": target-pool load balancers are external only; '
        + 'remove networkLoadBalancer (internal Services are backend-service based)',
    ],
    [
      'an address name on the target pool',
      { ...TWO, networkLoadBalancer: 'target-pool', address: '203.0.113.7' },
      'provider.networkLoadBalancer',
      'provider.networkLoadBalancer "target-pool" cannot be combined with provider.staticIpName "edge-ip": '
        + 'networking.gke.io/load-balancer-ip-addresses is read by GKE\'s backend-service (L4) controllers; how the legacy target-pool '
        + 'controller treats it is not verified; give the reserved address itself as address (spec.loadBalancerIP), or use networkLoadBalancer '
        + '"backend-service"',
    ],
    [
      'the target pool without an address',
      { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool' },
      'provider.address',
      'provider.address must be the reserved regional static IPv4 address when networkLoadBalancer is "target-pool", got undefined; without it the '
        + 'two Services get two different ephemeral addresses',
    ],
    [
      'an IPv6 address',
      { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: '2001:db8::7' },
      'provider.address',
      'provider.address must be an IPv4 address, got "2001:db8::7"',
    ],
    [
      'an address name that is no Compute Engine name',
      { name: 'gke', staticIpName: 'Edge_IP' },
      'provider.staticIpName',
      'provider.staticIpName must be a DNS-1035 label (at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter '
        + 'or digit), got "Edge_IP"',
    ],
    [
      'a version GKE does not write',
      { name: 'gke', version: '1.34-gke.1' },
      'provider.version',
      'provider.version must be a GKE version such as "1.34.1-gke.2190000" (or "1.34.1", read as build 0), got "1.34-gke.1"',
    ],
    [
      'an unknown scheme',
      { name: 'gke', scheme: 'public' },
      'provider.scheme',
      'provider.scheme must be one of "external", "internal", got "public"',
    ],
    [
      'an unknown field',
      { name: 'gke', loadBalancerClass: EXTERNAL },
      'provider.loadBalancerClass',
      `provider.loadBalancerClass is not a known field (got "${EXTERNAL}"); the fields of provider are: address, annotations, mixedProtocol, name, `
        + 'networkLoadBalancer, scheme, staticIpName, version',
    ],
    [
      'a user annotation over the provider\'s address name',
      { name: 'gke', staticIpName: 'edge-ip', annotations: { [STATIC_IP]: 'other-ip' } },
      `provider.annotations["${STATIC_IP}"]`,
      `provider.annotations["${STATIC_IP}"] "other-ip" would override what the gke provider sets itself ("edge-ip"); remove it, or use the provider `
        + 'option that controls it',
    ],
  ])('%s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test.each<[string, boolean]>([
    ['1.34.0-gke.9999999', false],
    ['1.34.1-gke.2189999', false],
    ['1.34.1-gke.2190000', true],
    ['1.34.2', true],
    ['1.35', true],
    ['v1.36.2-gke.1498000', true],
  ])('external mixed Service on %s accepted: %s (§2 (a) Preview boundary)', (version, accepted) => {
    const run = () => lb({ name: 'gke', version });
    if (accepted) expect(run().resources).toHaveLength(1);
    else expect(errorOf(run).prop).toBe('provider.mixedProtocol');
  });

  test('GKE versions compare by major, minor, patch, then build', () => {
    expect(compareGkeVersions('1.34.1-gke.2190000', '1.34.1-gke.2189999')).toBeGreaterThan(0);
    expect(compareGkeVersions('1.34.1', '1.34.1-gke.1')).toBeLessThan(0);
    expect(compareGkeVersions('1.35', '1.34.9-gke.9')).toBeGreaterThan(0);
    expect(compareGkeVersions('1.36.2-gke.1498000', '1.36.2-gke.1498000')).toBe(0);
  });
});

// §2 (c) HTTP health checks on 10256 / healthCheckNodePort, §2 (d) passthrough with 5-tuple hashing, §16
describe('report', () => {
  test.each<[string, unknown, 'Local' | 'Cluster', FindingStatus, string[]]>([
    ['mixed, GA, Local', { name: 'gke' }, 'Local', YES, ['gke-mixed-protocol', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    ['mixed, GA, Cluster', { name: 'gke' }, 'Cluster', NO, ['gke-mixed-protocol', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'mixed in the Preview range, with an address name',
      { name: 'gke', version: '1.35.3-gke.100', staticIpName: 'edge-ip' },
      'Local',
      YES,
      ['gke-mixed-protocol-preview', 'gke-mixed-protocol', 'gke-static-ip', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'internal mixed',
      { name: 'gke', scheme: 'internal' },
      'Local',
      YES,
      ['gke-mixed-protocol', 'gke-subsetting', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services by name (no server-side apply note: one port per Service)',
      { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip' },
      'Local',
      YES,
      ['gke-shared-ip', 'gke-static-ip', 'udp-idle-timeout', 'quic-migration'],
    ],
    [
      'two Services on the target pool',
      { name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: '203.0.113.7' },
      'Cluster',
      NO,
      ['gke-shared-ip', 'udp-idle-timeout', 'quic-migration'],
    ],
  ])('%s', (_label, provider, policy, clientIp, topics) => {
    const { report } = lb(provider, { externalTrafficPolicy: policy });
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(PARTIAL);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('Local: the client IP, the health check on healthCheckNodePort, no connection-ID routing', () => {
    const { report } = lb({ name: 'gke' });
    expect(report.clientIp.detail).toBe(
      'the passthrough load balancer delivers packets with the client\'s source address (direct server return) and externalTrafficPolicy Local '
        + 'keeps kube-proxy from source-NATing',
    );
    expect(report.connectionMigration.detail).toBe(
      'the passthrough load balancer picks a node per 5-tuple (consistent hashing with connection tracking, no QUIC connection-ID awareness) and '
        + 'kube-proxy picks a pod per flow: a client whose address changes reaches another node or pod and reconnects',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'GKE health-checks the nodes over HTTP on healthCheckNodePort, which reports ready endpoints on the node for both protocols; no UDP probe is '
        + 'needed, and QUIC itself is never probed',
    );
  });

  test('Cluster: kube-proxy port 10256 and source NAT', () => {
    const { report } = lb({ name: 'gke' }, { externalTrafficPolicy: 'Cluster' });
    expect(report.clientIp.detail).toBe('externalTrafficPolicy Cluster makes kube-proxy source-NAT the packets; set externalTrafficPolicy Local');
    expect(report.udpHealthCheck.detail).toBe(
      'GKE health-checks the nodes over HTTP on kube-proxy\'s port 10256 (node health, not the endpoints); QUIC itself is never probed',
    );
  });

  test('notes: the mixed-protocol requirements, the Preview, the reserved address, idle timeouts and migration', () => {
    const { report } = lb({ name: 'gke', version: '1.34.1-gke.2190000', staticIpName: 'edge-ip' }, { port: 8443 });
    const byTopic = Object.fromEntries(report.notes.map((n) => [n.topic, n]));
    expect(byTopic['gke-mixed-protocol-preview']).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'gke-mixed-protocol-preview',
      message: 'before 1.36.2-gke.1498000 mixed-protocol Services are a Preview that works only on clusters created on 1.34.1-gke.2190000 or later, '
        + 'for external IPv4 Services: on a cluster upgraded from an older version use mixedProtocol "two-services"',
    });
    expect(byTopic['gke-mixed-protocol']).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'gke-mixed-protocol',
      message: 'one Service with 8443/TCP and 8443/UDP needs the HttpLoadBalancing add-on and a Service created with loadBalancerClass '
        + `${EXTERNAL} (the field is immutable: delete and recreate a Service that carries the gke.networking.io/l4-netlb-v1 or l4-ilb-v1 `
        + 'finalizer); GKE builds L3 forwarding rules that send all traffic for the address to the nodes and filters it with firewall rules it '
        + 'manages at priorities 999 (allow) and 1000 (deny)',
    });
    expect(byTopic['gke-static-ip']).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'gke-static-ip',
      message: 'reserve the regional static address named in staticIpName in the cluster\'s region before creating the Service: GKE skips a name it '
        + 'cannot find and gives the load balancer an ephemeral address',
    });
    expect(byTopic['udp-idle-timeout'].severity).toBe(NoteSeverity.WARNING);
    expect(byTopic['udp-idle-timeout'].message).toContain('(unverified), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default');
    expect(byTopic['udp-idle-timeout'].message).toContain('RFC 9000 §10.1.2');
    expect(byTopic['quic-migration'].message).toContain('neither Istio nor Envoy Gateway exposes the setting');
  });

  test('two Services: both request one address, and a missing reservation splits them', () => {
    const named = lb({ name: 'gke', mixedProtocol: 'two-services', staticIpName: 'edge-ip' }).report.notes;
    expect(named.find((n) => n.topic === 'gke-shared-ip')?.message).toBe(
      `both Services name the reserved address in ${STATIC_IP}, and share it only while both keep that name`,
    );
    expect(named.find((n) => n.topic === 'gke-static-ip')?.message).toBe(
      'reserve the regional static address named in staticIpName in the cluster\'s region before creating the Services: GKE skips a name it cannot '
        + 'find and gives the load balancer an ephemeral address, so the two Services would end up on different addresses',
    );
    const pinned = lb({ name: 'gke', mixedProtocol: 'two-services', networkLoadBalancer: 'target-pool', address: '203.0.113.7' }).report.notes;
    expect(pinned.find((n) => n.topic === 'gke-shared-ip')?.message).toBe(
      'both Services request the address with spec.loadBalancerIP (deprecated upstream since Kubernetes 1.24, still honoured): reserve it as a '
        + 'regional static external address in the cluster\'s region first; GKE no longer recommends target-pool load balancers',
    );
  });

  test('the support row', () => {
    expect(gkeProvider.support).toEqual({
      mixedService: `yes with \`loadBalancerClass: ${EXTERNAL}\` (backend-service based): Preview from 1.34.1-gke.2190000 on new clusters (external `
        + 'IPv4), GA from 1.36.2-gke.1498000; the legacy target-pool load balancer: no',
      workaround: 'older clusters: two Services on one reserved regional static IP',
      ipSharing: `backend-service: \`${STATIC_IP}: <address name>\`; target-pool: \`spec.loadBalancerIP: <address>\``,
      caveats: 'loadBalancerClass is immutable (recreate Services that carry the legacy l4-netlb-v1/l4-ilb-v1 finalizers); internal mixed Services '
        + 'need GA and GKE subsetting; flows are hashed per 5-tuple',
    });
  });
});

describe('with gateway implementations', () => {
  test('istio: kube-http3 creates the mixed Service with the class in istio-system', () => {
    const result = gateway({ gateway: 'istio', provider: { name: 'gke', staticIpName: 'shop-ipv4' } });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: { [STATIC_IP]: 'shop-ipv4' },
      },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: EXTERNAL,
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(result.report.clientIp.status).toBe(YES);
    expect(result.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['gke-mixed-protocol', 'gke-static-ip', 'apply-server-side']));
  });

  test('istio: two Services on the reserved address, both selecting the gateway pods', () => {
    const result = gateway({
      gateway: 'istio',
      provider: { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'shop-ipv4', version: '1.30.5-gke.1000' },
    });
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    for (const role of ['service-tcp', 'service-udp']) {
      const svc = byRole(result, role);
      expect(svc.metadata.annotations).toEqual({ [RBS]: 'enabled', [STATIC_IP]: 'shop-ipv4' });
      expect((svc.spec as { selector: unknown }).selector).toEqual({ istio: 'ingressgateway' });
      expect('loadBalancerClass' in (svc.spec as object)).toBe(false);
    }
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('envoy-gateway: the class and the address name go into EnvoyProxy envoyService', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'gke', staticIpName: 'shop-ipv4' }, externalTrafficPolicy: 'Cluster' });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'envoy-proxy']);
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { [STATIC_IP]: 'shop-ipv4' },
            loadBalancerClass: EXTERNAL,
            externalTrafficPolicy: 'Cluster',
          },
        },
      },
    });
    expect(result.serviceNames).toEqual([]);
    expect(result.report.clientIp.status).toBe(NO);
  });

  test('envoy-gateway: the internal class', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'gke', scheme: 'internal' } });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: { envoyService: { type: 'LoadBalancer', loadBalancerClass: INTERNAL, externalTrafficPolicy: 'Local' } },
      },
    });
  });

  test('envoy-gateway cannot carry two Services (refused by the implementation)', () => {
    const provider = { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'shop-ipv4' };
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one '
        + 'mixed Service',
    );
  });

  test('envoy-gateway on a cluster without mixed Services: the provider refuses first and points to two Services', () => {
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider: { name: 'gke', version: '1.33.5-gke.1000' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toContain('set mixedProtocol "two-services" with staticIpName');
  });

  test('withdrawing HTTP/3 keeps the TCP Service and the address', () => {
    const provider = { name: 'gke', mixedProtocol: 'two-services', staticIpName: 'shop-ipv4' };
    const result = gateway({ gateway: 'istio', provider, altSvc: { clear: true } });
    expect(result.serviceNames).toEqual(['shop-tcp']);
    expect(byRole(result, 'service-tcp').metadata.annotations).toEqual({ [STATIC_IP]: 'shop-ipv4' });
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

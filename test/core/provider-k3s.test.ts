/**
 * The `k3s` provider (ServiceLB / klipper-lb). Facts: loadbalancers.md §11 (one mixed Service: svclb containers
 * lb-tcp-443 and lb-udp-443 with hostPorts; two Services on the same node addresses without a key; klipper-lb
 * MASQUERADEs, so the client IP is lost; Cilium kube-proxy replacement hostPort regression cilium/cilium #41426, fixed by
 * PR #41521), §0.2 (class unset: ServiceLB is a k8s.io/cloud-provider LoadBalancer), §16, §17, §18; k3s-io/k3s
 * pkg/cloudprovider/servicelb.go (the lbpool *label*).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { k3sProvider } from '../../lib/providers/k3s';
import { MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

/** synthesize the load balancer with the provider and collect its manifests */
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

/** synthesize an Http3Gateway with the provider and collect its manifests */
function gateway(implementation: 'istio' | 'envoy-gateway', provider: unknown, extra: Partial<Http3GatewayOptions> = {}) {
  const result = synthesizeHttp3Gateway({
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: implementation,
    provider: provider as Http3GatewayOptions['provider'],
    tls: { secretName: 'shop-cert' },
    ...extra,
  });
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

const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** an expected Service (never a loadBalancerClass, never an annotation from the provider) */
function service(name: string, ports: object[], policy = 'Local', labels: Record<string, string> = LABELS) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const POOL = 'svccontroller.k3s.cattle.io/lbpool';

// §11 (a)(b): one mixed Service, or two without a key; §0.2: no class
describe('k3s Service shapes', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['shorthand: one mixed Service', 'k3s', {}, [service('edge', [TCP, UDP])]],
    ['object, Cluster', { name: 'k3s' }, { externalTrafficPolicy: 'Cluster' }, [service('edge', [TCP, UDP], 'Cluster')]],
    ['explicit single-service', { name: 'k3s', mixedProtocol: 'single-service' }, {}, [service('edge', [TCP, UDP])]],
    ['two Services, no key', { name: 'k3s', mixedProtocol: 'two-services' }, {}, [service('edge-tcp', [TCP]), service('edge-udp', [UDP])]],
    [
      'node pool through the labels prop',
      'k3s',
      { labels: { [POOL]: 'edge' } },
      [service('edge', [TCP, UDP], 'Local', { ...LABELS, [POOL]: 'edge' })],
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 2 ? MixedProtocolLayout.TWO_SERVICES : MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.shape.loadBalancerClass).toBeUndefined();
  });

  test('user annotations (ServiceLB tolerations) pass through', () => {
    const tolerations = '[{"key":"edge","operator":"Exists","effect":"NoSchedule"}]';
    const result = lb({ name: 'k3s', annotations: { 'svccontroller.k3s.cattle.io/tolerations': tolerations } });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ 'svccontroller.k3s.cattle.io/tolerations': tolerations });
  });
});

describe('k3s refusals', () => {
  test.each<[string, unknown, string, string]>([
    [
      'the node-pool label as an annotation',
      { name: 'k3s', annotations: { [POOL]: 'edge' } },
      'provider.annotations["svccontroller.k3s.cattle.io/lbpool"]',
      'provider.annotations["svccontroller.k3s.cattle.io/lbpool"] "edge" is read from the Service\'s labels, not its annotations (k3s '
        + 'pkg/cloudprovider/servicelb.go), so ServiceLB would ignore it: set it with the labels prop of the construct instead; remove it',
    ],
    [
      'an unknown layout',
      { name: 'k3s', mixedProtocol: 'split' },
      'provider.mixedProtocol',
      'provider.mixedProtocol must be one of "single-service", "two-services", got "split"',
    ],
    [
      'a class (ServiceLB would ignore the Service)',
      { name: 'k3s', loadBalancerClass: 'k3s.io/servicelb' },
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "k3s.io/servicelb"); the fields of provider are: annotations, mixedProtocol, name',
    ],
  ])('%s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

// §11 (c)(d), §16: masquerade, no health checks, 5-tuple; hostPorts on every node
describe('k3s report', () => {
  const { NO, NOT_APPLICABLE } = FindingStatus;
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string[]]>([
    ['Local', 'k3s', {}, ['k3s-host-ports', 'cilium-host-port', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'Cluster',
      'k3s',
      { externalTrafficPolicy: 'Cluster' },
      ['k3s-host-ports', 'cilium-host-port', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services',
      { name: 'k3s', mixedProtocol: 'two-services' },
      {},
      ['k3s-host-ports', 'cilium-host-port', 'k3s-two-services', 'udp-idle-timeout', 'quic-migration'],
    ],
  ])('%s', (_label, provider, extra, topics) => {
    const { report } = lb(provider, extra);
    // klipper-lb MASQUERADEs whatever the traffic policy
    expect(report.clientIp.status).toBe(NO);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(NOT_APPLICABLE);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('findings and notes in full (port 8443)', () => {
    const { report } = lb('k3s', { port: 8443 });
    expect(report.clientIp).toEqual({
      status: NO,
      detail: 'klipper-lb DNATs the packets and masquerades them (k3s-io/klipper-lb entry), so the gateway sees the svclb pod\'s address whatever '
        + 'the traffic policy; for the client IP use another load balancer (MetalLB, kube-vip, Cilium) with externalTrafficPolicy Local',
    });
    expect(report.udpHealthCheck).toEqual({
      status: NOT_APPLICABLE,
      detail: 'no load balancer health-checks anything: clients connect to node addresses, and the Service lists only nodes with a ready svclb pod '
        + 'and a ready gateway pod (externalTrafficPolicy Local)',
    });
    expect(report.notes.slice(0, 2)).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'k3s-host-ports',
        message: 'ServiceLB takes 8443/TCP and 8443/UDP as hostPorts on every node it runs on, so no other ServiceLB Service may use them there: '
          + 'k3s\'s bundled Traefik already holds 80 and 443/TCP on every node (start k3s with --disable=traefik), or separate the two with node '
          + 'pools (the Service label svccontroller.k3s.cattle.io/lbpool); otherwise the svclb pods stay Pending',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'cilium-host-port',
        message: 'on Cilium with kube-proxy replacement from v1.18.1, a pod\'s hostPorts work for one protocol per port number (cilium/cilium '
          + '#41426), so one of lb-tcp-8443 and lb-udp-8443 stops working: use a Cilium release with the fix (PR #41521)',
      },
    ]);
  });

  test('the support row', () => {
    expect(k3sProvider.support).toEqual({
      mixedService: 'yes: the svclb DaemonSet gets one hostPort container per port and protocol (`lb-tcp-443`, `lb-udp-443`)',
      workaround: 'one Service (two also land on the same node addresses); loadBalancerClass left unset',
      ipSharing: 'none needed: every ServiceLB Service answers on the node addresses',
      caveats: 'klipper-lb masquerades, so the gateway never sees the client IP; the port must be free on the nodes (the bundled Traefik holds 80 '
        + 'and 443/TCP); Cilium kube-proxy replacement 1.18.1+ without PR #41521 serves one protocol per hostPort',
    });
  });
});

describe('k3s with the gateways', () => {
  test('istio: the mixed Service next to the gateway pods, no annotations, no class', () => {
    const result = gateway('istio', 'k3s');
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.report.clientIp.status).toBe(FindingStatus.NO);
  });

  test('istio: two Services', () => {
    expect(gateway('istio', { name: 'k3s', mixedProtocol: 'two-services' }).serviceNames).toEqual(['shop-tcp', 'shop-udp']);
  });

  test('envoy-gateway: Envoy Gateway defaults already match (no EnvoyProxy) with Local', () => {
    const result = gateway('envoy-gateway', 'k3s');
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
    expect(result.report.notes.map((n) => n.topic)).toContain('k3s-host-ports');
  });

  test('envoy-gateway: Cluster goes into an EnvoyProxy', () => {
    const result = gateway('envoy-gateway', 'k3s', { externalTrafficPolicy: 'Cluster' });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' } } },
    });
  });

  test('envoy-gateway refuses two Services', () => {
    const error = errorOf(() => gateway('envoy-gateway', { name: 'k3s', mixedProtocol: 'two-services' }));
    expect(error.prop).toBe('provider.mixedProtocol');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

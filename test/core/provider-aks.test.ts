/**
 * The `aks` provider. Facts: loadbalancers.md §3 (one mixed Service from Kubernetes 1.24, rules per port and protocol;
 * two Services sharing one public IP through `azure-pip-name` (v1.24+) or `azure-load-balancer-ipv4` (v1.21+), plus
 * `azure-load-balancer-resource-group` when the public IP lives elsewhere; the DNS label on one Service only; health
 * probes: Local = HTTP on healthCheckNodePort, Cluster + UDP = no probe, `port_{port}_*` keyed by port number;
 * `azure-load-balancer-tcp-idle-timeout` TCP only; loadBalancerClass unset), §0.2, §16, §17, §18;
 * kubernetes-sigs/cloud-provider-azure `pkg/consts/consts.go`, `pkg/provider/azure_loadbalancer.go` `getExpectedLBRules`,
 * `pkg/provider/azure_loadbalancer_healthprobe.go` (7b31c76c), docs `content/en/topics/{shared-ip,loadbalancer}.md` (a1534ef2).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { aksProvider } from '../../lib/providers/aks';
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

const A = 'service.beta.kubernetes.io';
const PIP = `${A}/azure-pip-name`;
const IPV4 = `${A}/azure-load-balancer-ipv4`;
const RG = `${A}/azure-load-balancer-resource-group`;
const DNS = `${A}/azure-dns-label-name`;
const INTERNAL = `${A}/azure-load-balancer-internal`;
const IDLE = `${A}/azure-load-balancer-tcp-idle-timeout`;
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
// loadbalancers.md §0.5 / §17.1: same port, same numeric targetPort
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** an expected Service: never a loadBalancerClass (§3 (e), §0.2: cloud-provider-azure skips Services with a class) */
function service(name: string, ports: object[], annotations?: Record<string, string>, policy = 'Local') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels: LABELS, ...(annotations ? { annotations } : {}) },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const { YES, NO, PARTIAL } = FindingStatus;

// §3 (a) one mixed Service; §3 (b) two Services on one public IP, DNS label on one only
describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['default: one mixed Service, no annotation', { name: 'aks' }, {}, [service('edge', [TCP, UDP])]],
    ['one mixed Service on a static public IP with a DNS label', { name: 'aks', pipName: 'edge-pip', dnsLabelName: 'shop-edge' }, {}, [
      service('edge', [TCP, UDP], { [PIP]: 'edge-pip', [DNS]: 'shop-edge' }),
    ]],
    ['one mixed Service by address, public IP in another resource group', { name: 'aks', address: '20.50.60.70', resourceGroup: 'net-rg' }, {}, [
      service('edge', [TCP, UDP], { [IPV4]: '20.50.60.70', [RG]: 'net-rg' }),
    ]],
    ['internal, any private address', { name: 'aks', internal: true }, { externalTrafficPolicy: 'Cluster' }, [
      service('edge', [TCP, UDP], { [INTERNAL]: 'true' }, 'Cluster'),
    ]],
    ['Kubernetes 1.24: one mixed Service', { name: 'aks', kubernetesVersion: '1.24' }, {}, [service('edge', [TCP, UDP])]],
    ['two Services on one public IP by name, the DNS label on the TCP one only',
      { name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', dnsLabelName: 'shop-edge', resourceGroup: 'net-rg' }, {}, [
        service('edge-tcp', [TCP], { [PIP]: 'edge-pip', [RG]: 'net-rg', [DNS]: 'shop-edge' }),
        service('edge-udp', [UDP], { [PIP]: 'edge-pip', [RG]: 'net-rg' }),
      ]],
    ['two Services on one address (v1.21+)', { name: 'aks', mixedProtocol: 'two-services', address: '20.50.60.70', kubernetesVersion: '1.21' }, {}, [
      service('edge-tcp', [TCP], { [IPV4]: '20.50.60.70' }),
      service('edge-udp', [UDP], { [IPV4]: '20.50.60.70' }),
    ]],
    ['two internal Services on one private address', { name: 'aks', mixedProtocol: 'two-services', internal: true, address: '10.240.0.50' },
      { externalTrafficPolicy: 'Cluster' }, [
        service('edge-tcp', [TCP], { [INTERNAL]: 'true', [IPV4]: '10.240.0.50' }, 'Cluster'),
        service('edge-udp', [UDP], { [INTERNAL]: 'true', [IPV4]: '10.240.0.50' }, 'Cluster'),
      ]],
    ['user annotations (the TCP idle timeout) join the provider keys', { name: 'aks', annotations: { [IDLE]: '30' } }, {}, [
      service('edge', [TCP, UDP], { [IDLE]: '30' }),
    ]],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 1 ? MixedProtocolLayout.SINGLE_SERVICE : MixedProtocolLayout.TWO_SERVICES);
    expect(result.shape.loadBalancerClass).toBeUndefined();
    expect(result.shape.loadBalancerIP).toBeUndefined();
  });

  test('roles: the TCP Service is the primary one', () => {
    const result = lb({ name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip' });
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['service-tcp', true], ['service-udp', false]]);
  });

  test('a Pulumi-style placeholder passes as the public IP name and the address (checked again at deployment)', () => {
    const placeholder = '{{kube-http3:input:0}}';
    expect(lb({ name: 'aks', pipName: placeholder }).resources[0].manifest.metadata.annotations).toEqual({ [PIP]: placeholder });
    expect(lb({ name: 'aks', address: placeholder }).resources[0].manifest.metadata.annotations).toEqual({ [IPV4]: placeholder });
  });
});

describe('refusals', () => {
  test.each<[string, unknown, string, string]>([
    [
      'one mixed Service before Kubernetes 1.24 (§0.1, §3 (a))',
      { name: 'aks', kubernetesVersion: '1.23' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "single-service" cannot be combined with provider.kubernetesVersion "1.23": a LoadBalancer Service may mix TCP and UDP '
        + 'from Kubernetes 1.24, where MixedProtocolLBService is on by default (AKS 1.20 did not enable it, Azure/AKS#2193); set mixedProtocol '
        + '"two-services" with address (a pre-created public IP both Services share), or upgrade the cluster',
    ],
    [
      'two Services sharing by name before v1.24',
      { name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', kubernetesVersion: '1.23' },
      'provider.kubernetesVersion',
      'provider.kubernetesVersion "1.23" cannot be combined with provider.pipName "edge-pip": Services share a public IP by name from '
        + 'cloud-provider-azure v1.24; give the public IP\'s address as address instead (v1.21+), or upgrade the cluster',
    ],
    [
      'the address annotation before v1.21',
      { name: 'aks', mixedProtocol: 'two-services', address: '20.50.60.70', kubernetesVersion: 'v1.20.15' },
      'provider.kubernetesVersion',
      'provider.kubernetesVersion "v1.20.15" cannot be combined with provider.address "20.50.60.70": the azure-load-balancer-ipv4 annotation arrived '
        + 'in cloud-provider-azure v1.21; upgrade the cluster',
    ],
    [
      'two Services without a shared address',
      { name: 'aks', mixedProtocol: 'two-services' },
      'provider.pipName',
      'provider.pipName must be the name of a pre-created public IP (or give its IPv4 address as address) when mixedProtocol is "two-services", '
        + 'got undefined; without it each Service gets its own address',
    ],
    [
      'two internal Services without a shared address',
      { name: 'aks', mixedProtocol: 'two-services', internal: true },
      'provider.address',
      'provider.address must be the private IPv4 address both Services share when mixedProtocol is "two-services" and internal is true, got '
        + 'undefined; without it each Service gets its own address',
    ],
    [
      'both a name and an address',
      { name: 'aks', pipName: 'edge-pip', address: '20.50.60.70' },
      'provider.address',
      'provider.address "20.50.60.70" cannot be combined with provider.pipName "edge-pip": both pin the load balancer\'s address; give the public '
        + 'IP either by name (pipName) or by address (address)',
    ],
    [
      'a public IP name on an internal load balancer',
      { name: 'aks', internal: true, pipName: 'edge-pip' },
      'provider.internal',
      'provider.internal true cannot be combined with provider.pipName "edge-pip": an internal load balancer has no public IP; give the private '
        + 'address as address, or remove internal',
    ],
    [
      'a resource group on an internal load balancer',
      { name: 'aks', internal: true, address: '10.240.0.50', resourceGroup: 'net-rg' },
      'provider.internal',
      'provider.internal true cannot be combined with provider.resourceGroup "net-rg": resourceGroup names the resource group of a public IP, and an '
        + 'internal load balancer has none; remove resourceGroup, or remove internal',
    ],
    [
      'a DNS label on an internal load balancer',
      { name: 'aks', internal: true, dnsLabelName: 'shop-edge' },
      'provider.internal',
      'provider.internal true cannot be combined with provider.dnsLabelName "shop-edge": the DNS label belongs to a public IP, and an internal load '
        + 'balancer has none; remove dnsLabelName, or remove internal',
    ],
    [
      'a resource group without a pre-created public IP',
      { name: 'aks', resourceGroup: 'net-rg' },
      'provider.resourceGroup',
      'provider.resourceGroup must be set only together with pipName or address, got "net-rg"; it tells the cloud provider where the pre-created '
        + 'public IP lives',
    ],
    [
      'an IPv6 address (azure-load-balancer-ipv4 takes IPv4)',
      { name: 'aks', address: '2001:db8::50' },
      'provider.address',
      'provider.address must be an IPv4 address, got "2001:db8::50"',
    ],
    [
      'a public IP name Azure refuses',
      { name: 'aks', pipName: 'edge-pip.' },
      'provider.pipName',
      'provider.pipName must be an Azure public IP name (1-80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a '
        + 'letter, digit or "_"), got "edge-pip."',
    ],
    [
      'a DNS label Azure refuses',
      { name: 'aks', dnsLabelName: 'Shop' },
      'provider.dnsLabelName',
      'provider.dnsLabelName must be an Azure DNS label (3-63 lowercase letters, digits and "-", starting with a letter and ending with a letter or '
        + 'digit), got "Shop"',
    ],
    [
      'a resource group Azure refuses',
      { name: 'aks', pipName: 'edge-pip', resourceGroup: 'net-rg.' },
      'provider.resourceGroup',
      'provider.resourceGroup must be an Azure resource group name (1-90 letters, digits, "_", "-", "." or parentheses, not ending with "."), got '
        + '"net-rg."',
    ],
    [
      'a version that is not one',
      { name: 'aks', kubernetesVersion: 'latest' },
      'provider.kubernetesVersion',
      'provider.kubernetesVersion must be a version such as "1.30" or "0.14.9", got "latest"',
    ],
    [
      'a loadBalancerClass is not an option (cloud-provider-azure would ignore the Service)',
      { name: 'aks', loadBalancerClass: 'example.com/lb' },
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "example.com/lb"); the fields of provider are: address, annotations, dnsLabelName, '
        + 'internal, kubernetesVersion, mixedProtocol, name, pipName, resourceGroup',
    ],
    [
      'a user annotation over the shared public IP',
      { name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', annotations: { [PIP]: 'other-pip' } },
      `provider.annotations["${PIP}"]`,
      `provider.annotations["${PIP}"] "other-pip" would override what the aks provider sets itself ("edge-pip"); remove it, or use the provider `
        + 'option that controls it',
    ],
    [
      'a user annotation over the TCP Service\'s DNS label',
      { name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', dnsLabelName: 'shop-edge', annotations: { [DNS]: 'other' } },
      `provider.annotations["${DNS}"]`,
      `provider.annotations["${DNS}"] "other" would override what the aks provider sets itself ("shop-edge"); remove it, or use the provider option `
        + 'that controls it',
    ],
  ])('%s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

// §3 (c) health probes, (d) TCP idle timeout and 5-tuple distribution, §16
describe('report', () => {
  test.each<[string, unknown, 'Local' | 'Cluster', FindingStatus, FindingStatus, string[]]>([
    ['mixed, Local', { name: 'aks' }, 'Local', YES, PARTIAL, ['aks-health-probe', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'mixed, Cluster: the UDP rule has no probe',
      { name: 'aks' },
      'Cluster',
      NO,
      NO,
      ['aks-health-probe', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services by name, public IP elsewhere',
      { name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', resourceGroup: 'net-rg' },
      'Local',
      YES,
      PARTIAL,
      ['aks-health-probe', 'aks-shared-ip', 'aks-resource-group', 'udp-idle-timeout', 'quic-migration'],
    ],
  ])('%s', (_label, provider, policy, clientIp, udpHealthCheck, topics) => {
    const { report } = lb(provider, { externalTrafficPolicy: policy });
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(udpHealthCheck);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('the health-probe caveats name the port', () => {
    const { report } = lb({ name: 'aks' }, { port: 8443 });
    expect(report.notes[0]).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'aks-health-probe',
      message: 'health probes: with externalTrafficPolicy Local the TCP and the UDP rule both use the HTTP probe on healthCheckNodePort; with '
        + 'Cluster the TCP rule gets a TCP probe on its nodePort (by default) and the UDP rule none, unless the cloud provider runs with '
        + 'clusterServiceLoadBalancerHealthProbeMode "shared" (v1.28.5+, one probe of kube-proxy for both). The per-port annotations are keyed by '
        + 'port number only: port_8443_no_lb_rule and port_8443_no_probe_rule reach 8443/TCP and 8443/UDP alike, and port_8443_health-probe_* '
        + 'reshape the probe of the TCP rule only (cloud-provider-azure never builds a probe for a UDP port)',
    });
  });

  test('Cluster: the UDP health-check finding says what to change', () => {
    const { report } = lb({ name: 'aks' }, { externalTrafficPolicy: 'Cluster' });
    expect(report.udpHealthCheck.detail).toBe(
      'with externalTrafficPolicy Cluster the UDP rule has no health probe, so UDP keeps reaching nodes the TCP probe marks down; set '
        + 'externalTrafficPolicy Local (or run the cloud provider with clusterServiceLoadBalancerHealthProbeMode "shared")',
    );
    expect(report.clientIp.detail).toBe('externalTrafficPolicy Cluster makes kube-proxy source-NAT the packets; set externalTrafficPolicy Local');
  });

  test('Local: the client IP, the shared probe, no connection-ID routing', () => {
    const { report } = lb({ name: 'aks' });
    expect(report.clientIp.detail).toBe(
      'the Azure load balancer passes packets through with floating IP (the client\'s source address reaches the node) and externalTrafficPolicy '
        + 'Local keeps kube-proxy from source-NATing',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'the UDP rule shares the HTTP probe on healthCheckNodePort, which reports ready endpoints on the node; QUIC itself is never probed',
    );
    expect(report.connectionMigration.detail).toBe(
      'the Azure load balancer distributes flows by 5-tuple (cloud-provider-azure does not use the Quic rule protocol) and kube-proxy picks a pod '
        + 'per flow: a client whose address changes reaches another node or pod and reconnects',
    );
  });

  test('the TCP idle timeout applies to the TCP rule only, with or without the annotation', () => {
    const plain = lb({ name: 'aks' }).report.notes.find((n) => n.topic === 'udp-idle-timeout');
    expect(plain?.severity).toBe(NoteSeverity.WARNING);
    expect(plain?.message.startsWith(
      'azure-load-balancer-tcp-idle-timeout (4 to 100 minutes, default 4) applies to the TCP rule only (the Azure API uses a rule\'s '
        + 'idleTimeoutInMinutes only for TCP), and the reference gives no idle timeout for the UDP rule\'s flows (unverified), while Envoy (in Istio, Envoy Gateway and Emissary) keeps '
        + 'an idle QUIC connection for 300 s by default; keep QUIC keep-alives',
    )).toBe(true);
    const set = lb({ name: 'aks', annotations: { [IDLE]: '30' } }).report.notes.find((n) => n.topic === 'udp-idle-timeout');
    expect(set?.message).toMatch(/^azure-load-balancer-tcp-idle-timeout 30 minutes applies to the TCP rule only \(/);
  });

  test('two Services: the shared public IP must exist first, and the DNS label owner is not tagged on a static public IP', () => {
    const byName = lb({ name: 'aks', mixedProtocol: 'two-services', pipName: 'edge-pip', dnsLabelName: 'shop-edge' }).report.notes;
    expect(byName.find((n) => n.topic === 'aks-shared-ip')?.message).toBe(
      'both Services use the public IP named in pipName, which must exist before they are created (cloud-provider-azure reports an error for an '
        + 'address without a pre-allocated public IP); only the TCP Service sets the DNS label, and a static public IP is not tagged with the '
        + 'Service that owns the label (tag it k8s-azure-dns-label-service=<namespace>/<service> yourself to keep other Services off it)',
    );
    const byAddress = lb({ name: 'aks', mixedProtocol: 'two-services', address: '20.50.60.70' }).report.notes;
    expect(byAddress.find((n) => n.topic === 'aks-shared-ip')?.message).toBe(
      'both Services use the public IP address given as address, which must exist before they are created (cloud-provider-azure reports an error '
        + 'for an address without a pre-allocated public IP)',
    );
  });

  test('a public IP in another resource group needs permissions', () => {
    const notes = lb({ name: 'aks', pipName: 'edge-pip', resourceGroup: 'net-rg' }).report.notes;
    expect(notes.find((n) => n.topic === 'aks-resource-group')).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'aks-resource-group',
      message: 'the cluster identity needs permission to use the public IP in the resource group given as resourceGroup (e.g. Network Contributor '
        + 'on it)',
    });
  });

  test('the support row', () => {
    expect(aksProvider.support).toEqual({
      mixedService: 'yes (Kubernetes >= 1.24): one load-balancing rule per port and protocol (`<prefix>-TCP-443`, `<prefix>-UDP-443`)',
      workaround: 'one Service; or two Services on one pre-created public IP',
      ipSharing: '`service.beta.kubernetes.io/azure-pip-name` (v1.24+) or `service.beta.kubernetes.io/azure-load-balancer-ipv4` (v1.21+), plus '
        + '`azure-load-balancer-resource-group` when the public IP lives elsewhere; `azure-dns-label-name` on one Service only',
      caveats: 'externalTrafficPolicy Cluster leaves the UDP rule without a health probe; `port_443_*` probe and rule annotations are keyed by port '
        + 'number and reach both protocols; `azure-load-balancer-tcp-idle-timeout` applies to TCP only',
    });
  });
});

describe('with gateway implementations', () => {
  test('istio: two Services sharing the public IP in istio-system, the DNS label on the TCP one', () => {
    const result = gateway({
      gateway: 'istio',
      provider: { name: 'aks', mixedProtocol: 'two-services', pipName: 'shop-pip', dnsLabelName: 'shop-example' },
    });
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    const labels = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' };
    expect(byRole(result, 'service-tcp')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop-tcp', namespace: 'istio-system', labels, annotations: { [PIP]: 'shop-pip', [DNS]: 'shop-example' } },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }],
      },
    });
    expect(byRole(result, 'service-udp')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop-udp', namespace: 'istio-system', labels, annotations: { [PIP]: 'shop-pip' } },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [{ name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' }],
      },
    });
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['aks-shared-ip', 'aks-health-probe']));
  });

  test('istio: one mixed Service', () => {
    const result = gateway({ gateway: 'istio', provider: { name: 'aks', pipName: 'shop-pip' } });
    expect(result.serviceNames).toEqual(['shop']);
    expect((byRole(result, 'service').spec as { ports: unknown[] }).ports).toHaveLength(2);
  });

  test('envoy-gateway: the annotations go into EnvoyProxy envoyService, without a class', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'aks', pipName: 'shop-pip', resourceGroup: 'net-rg' } });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: { type: 'LoadBalancer', annotations: { [PIP]: 'shop-pip', [RG]: 'net-rg' }, externalTrafficPolicy: 'Local' },
        },
      },
    });
  });

  test('envoy-gateway with the provider defaults needs no EnvoyProxy (Envoy Gateway\'s own Service already fits)', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: 'aks' as never });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
  });

  test('envoy-gateway cannot carry two Services (refused by the implementation)', () => {
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider: { name: 'aks', mixedProtocol: 'two-services', pipName: 'shop-pip' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toContain('Envoy Gateway generates exactly one Service per Gateway');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

/**
 * The `oci` provider. Facts: loadbalancers.md §7 (NLB `oci.oraclecloud.com/load-balancer-type: "nlb"` → one TCP_AND_UDP
 * listener and backend set built from the first port; the flexible LB has no UDP; UDP needs security-list management mode
 * "None" or NSG rule management; backend-policy FIVE_TUPLE / THREE_TUPLE / TWO_TUPLE; is-preserve-source only with Local;
 * UDP idle timeout 120 s, not settable by annotation; loadBalancerClass unset), §0.3 (spec.loadBalancerIP honoured), §0.4
 * (nodePort pinning), §16-§18; oracle/oci-cloud-controller-manager `pkg/cloudprovider/providers/oci/load_balancer_spec.go`,
 * `load_balancer_util.go`, `load_balancer.go`, `docs/load-balancer-annotations.md`.
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { ociProvider } from '../../lib/providers/oci';
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

/** synthesize an Http3Gateway on the provider and collect its manifests */
function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({
    name: 'shop',
    namespace: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    tls: { secretName: 'shop-tls' },
    ...options,
  } as unknown as Http3GatewayOptions);
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

const NLB = 'oci-network-load-balancer.oraclecloud.com';
const TYPE = 'oci.oraclecloud.com/load-balancer-type';
const SL = `${NLB}/security-list-management-mode`;
const RULES = 'oci.oraclecloud.com/security-rule-management-mode';
const POLICY = `${NLB}/backend-policy`;
const PRESERVE = `${NLB}/is-preserve-source`;
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
// §0.5: same port, same numeric targetPort (the TCP_AND_UDP backend set is built from the first port)
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** the one mixed Service: no loadBalancerClass (§7 (e)) */
function service(annotations: Record<string, string>, spec: Record<string, unknown> = {}, ports: object[] = [TCP, UDP]) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'edge', namespace: 'web', labels: LABELS, annotations },
    spec: { type: 'LoadBalancer', ...spec, externalTrafficPolicy: 'Local', selector: { app: 'edge' }, ports },
  };
}

const DEFAULTS = { [TYPE]: 'nlb', [SL]: 'None', [POLICY]: 'FIVE_TUPLE', [PRESERVE]: 'true' };

describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object]>([
    ['defaults: NLB, security lists unmanaged, FIVE_TUPLE, source preserved (Local)', { name: 'oci' }, {}, service(DEFAULTS)],
    ['explicit nlb', { name: 'oci', loadBalancerType: 'nlb' }, {}, service(DEFAULTS)],
    ['TWO_TUPLE (§7 (d))', { name: 'oci', backendPolicy: 'TWO_TUPLE' }, {}, service({ ...DEFAULTS, [POLICY]: 'TWO_TUPLE' })],
    ['THREE_TUPLE', { name: 'oci', backendPolicy: 'THREE_TUPLE' }, {}, service({ ...DEFAULTS, [POLICY]: 'THREE_TUPLE' })],
    [
      'NSG rule management',
      { name: 'oci', securityRules: 'nsg' },
      {},
      service({ [TYPE]: 'nlb', [SL]: 'None', [RULES]: 'NSG', [POLICY]: 'FIVE_TUPLE', [PRESERVE]: 'true' }),
    ],
    ['preserveSource false with Local', { name: 'oci', preserveSource: false }, {}, service({ ...DEFAULTS, [PRESERVE]: 'false' })],
    ['preserveSource true with Local', { name: 'oci', preserveSource: true }, {}, service(DEFAULTS)],
    ['reserved public IP → spec.loadBalancerIP '
      + '(§0.3)', { name: 'oci', reservedIp: '203.0.113.7' }, {}, service(DEFAULTS, { loadBalancerIP: '203.0.113.7' })],
    [
      'nodePort pinned for both ports (§0.4: one backend set on the first port\'s nodePort)',
      { name: 'oci' },
      { nodePort: 31443 },
      service(DEFAULTS, {}, [{ ...TCP, nodePort: 31443 }, { ...UDP, nodePort: 31443 }]),
    ],
    [
      'user annotations merged after the provider keys',
      { name: 'oci', annotations: { [`${NLB}/internal`]: 'false', [`${NLB}/health-check-interval`]: '10000' } },
      {},
      service({ ...DEFAULTS, [`${NLB}/internal`]: 'false', [`${NLB}/health-check-interval`]: '10000' }),
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual([expected]);
    expect(result.serviceNames).toEqual(['edge']);
    expect(result.shape.layout).toBe(MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.shape.loadBalancerClass).toBeUndefined();
  });

  test('externalTrafficPolicy Cluster: no is-preserve-source (the cloud controller refuses it)', () => {
    const result = lb({ name: 'oci' }, { externalTrafficPolicy: 'Cluster' });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ [TYPE]: 'nlb', [SL]: 'None', [POLICY]: 'FIVE_TUPLE' });
    expect((result.resources[0].manifest.spec as { externalTrafficPolicy: string }).externalTrafficPolicy).toBe('Cluster');
  });
});

describe('refusals', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string, string]>([
    [
      'the flexible load balancer (§7 (a): no UDP)',
      { name: 'oci', loadBalancerType: 'lb' },
      {},
      'provider.loadBalancerType',
      'provider.loadBalancerType "lb" cannot carry HTTP/3: the flexible OCI load balancer has no UDP (the cloud controller refuses it: "OCI load '
        + 'balancers do not support UDP"); use loadBalancerType "nlb" (the default): the Network Load Balancer carries TCP and UDP on one '
        + 'port as one TCP_AND_UDP listener',
    ],
    [
      'an unknown load-balancer type',
      { name: 'oci', loadBalancerType: 'NLB' },
      {},
      'provider.loadBalancerType',
      'provider.loadBalancerType must be one of "nlb", got "NLB"',
    ],
    [
      'an unknown backend policy',
      { name: 'oci', backendPolicy: 'SOURCE_IP' },
      {},
      'provider.backendPolicy',
      'provider.backendPolicy must be one of "FIVE_TUPLE", "THREE_TUPLE", "TWO_TUPLE", got "SOURCE_IP"',
    ],
    [
      'an unknown security-rule mode',
      { name: 'oci', securityRules: 'all' },
      {},
      'provider.securityRules',
      'provider.securityRules must be one of "none", "nsg", got "all"',
    ],
    [
      'preserveSource with Cluster (is-preserve-source only with Local)',
      { name: 'oci', preserveSource: true },
      { externalTrafficPolicy: 'Cluster' },
      'provider.preserveSource',
      'provider.preserveSource true cannot be combined with externalTrafficPolicy "Cluster": the cloud controller refuses is-preserve-source '
        + 'with externalTrafficPolicy Cluster (kube-proxy source-NATs anyway); remove preserveSource, or set externalTrafficPolicy "Local"',
    ],
    [
      'preserveSource not a boolean',
      { name: 'oci', preserveSource: 'yes' },
      {},
      'provider.preserveSource',
      'provider.preserveSource must be true or false, got "yes"',
    ],
    [
      'an IPv6 reserved IP',
      { name: 'oci', reservedIp: '2001:db8::7' },
      {},
      'provider.reservedIp',
      'provider.reservedIp must be an IPv4 address, got "2001:db8::7"',
    ],
    [
      'the load-balancer type through annotations',
      { name: 'oci', annotations: { [TYPE]: 'lb' } },
      {},
      `provider.annotations["${TYPE}"]`,
      `provider.annotations["${TYPE}"] "lb" would override what the oci provider sets itself ("nlb"); remove it, or use the provider option that `
        + 'controls it',
    ],
    [
      'the security-list mode through annotations',
      { name: 'oci', annotations: { [SL]: 'All' } },
      {},
      `provider.annotations["${SL}"]`,
      `provider.annotations["${SL}"] "All" would override what the oci provider sets itself ("None"); remove it, or use the provider option that `
        + 'controls it',
    ],
    [
      'PROXY protocol v2 on the NLB listeners',
      { name: 'oci', annotations: { [`${NLB}/is-ppv2-enabled`]: 'true' } },
      {},
      `provider.annotations["${NLB}/is-ppv2-enabled"]`,
      `provider.annotations["${NLB}/is-ppv2-enabled"] "true" turns on PROXY protocol v2 on every NLB listener, the TCP_AND_UDP one included: the `
        + 'gateway kube-http3 configures does not expect PROXY headers, and Envoy has no PROXY protocol for UDP; the NLB keeps the client IP '
        + 'without it (preserveSource, externalTrafficPolicy "Local"); remove it',
    ],
    [
      'security-rule management through annotations',
      { name: 'oci', annotations: { [RULES]: 'SL-All' } },
      {},
      `provider.annotations["${RULES}"]`,
      `provider.annotations["${RULES}"] "SL-All" kube-http3 sets it from provider.securityRules: "SL-All" and "SL-Frontend" make the cloud `
        + 'controller manage security lists, which it refuses for UDP; remove it',
    ],
    [
      'is-preserve-source through annotations, even with Cluster',
      { name: 'oci', annotations: { [PRESERVE]: 'false' } },
      { externalTrafficPolicy: 'Cluster' },
      `provider.annotations["${PRESERVE}"]`,
      `provider.annotations["${PRESERVE}"] "false" kube-http3 sets it from provider.preserveSource, and only with externalTrafficPolicy Local `
        + '(the cloud controller refuses it with Cluster); remove it',
    ],
    [
      'loadBalancerClass is not an option (§0.2)',
      { name: 'oci', loadBalancerClass: 'example.com/lb' },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "example.com/lb"); the fields of provider are: annotations, backendPolicy, '
        + 'loadBalancerType, name, preserveSource, reservedIp, securityRules',
    ],
  ])('%s', (_label, provider, extra, prop, message) => {
    const error = errorOf(() => lb(provider, extra));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

const { YES, NO, PARTIAL } = FindingStatus;

// §7 (c) health checks on kube-proxy, (d) source preservation, hashing and idle timeouts, §16
describe('report', () => {
  test.each<[string, unknown, 'Local' | 'Cluster', FindingStatus, FindingStatus]>([
    ['FIVE_TUPLE, Local', { name: 'oci' }, 'Local', YES, NO],
    ['FIVE_TUPLE, Cluster', { name: 'oci' }, 'Cluster', NO, NO],
    ['TWO_TUPLE, Local', { name: 'oci', backendPolicy: 'TWO_TUPLE' }, 'Local', YES, PARTIAL],
    ['THREE_TUPLE, Local', { name: 'oci', backendPolicy: 'THREE_TUPLE' }, 'Local', YES, PARTIAL],
    ['preserveSource false', { name: 'oci', preserveSource: false }, 'Local', NO, NO],
  ])('%s', (_label, provider, policy, clientIp, migration) => {
    const { report } = lb(provider, { externalTrafficPolicy: policy });
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(migration);
    expect(report.udpHealthCheck.status).toBe(PARTIAL);
    expect(report.notes.map((n) => n.topic)).toEqual([
      'oci-same-node-port',
      'udp-idle-timeout',
      'oci-security-rules',
      'quic-migration',
      'apply-server-side',
    ]);
  });

  test('findings in detail', () => {
    const { report } = lb({ name: 'oci' });
    expect(report.clientIp.detail).toBe(
      'the NLB passes packets through with the client\'s source address (is-preserve-source true) and externalTrafficPolicy Local keeps '
        + 'kube-proxy from source-NATing',
    );
    expect(report.connectionMigration.detail).toBe(
      'the NLB hashes each UDP flow on its 5-tuple (backend-policy FIVE_TUPLE): a client whose address or port changes can reach another node '
        + 'and pod, which does not know the connection, and reconnects; backendPolicy "TWO_TUPLE" keeps it on one node across NAT rebinding',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'the TCP_AND_UDP backend set is health-checked over HTTP on kube-proxy (/healthz on the healthCheckNodePort: nodes with a ready gateway '
        + 'pod), one check for both protocols; QUIC itself is never probed',
    );
  });

  test('TWO_TUPLE keeps a client on one node across port rebinding, not across an address change', () => {
    const { report } = lb({ name: 'oci', backendPolicy: 'TWO_TUPLE' });
    expect(report.connectionMigration.detail).toBe(
      'backend-policy TWO_TUPLE hashes on the client address, not its port: a client whose source port changes (NAT rebinding) stays on the same '
        + 'node, but a new address (Wi-Fi to cellular) can land elsewhere, and kube-proxy picks a pod per 5-tuple, so the connection survives '
        + 'port rebinding only with one gateway pod per node',
    );
  });

  test('the UDP idle timeout: 120 s, not settable by annotation (§7 (d), §16)', () => {
    const { report } = lb({ name: 'oci' });
    expect(report.notes.find((n) => n.topic === 'udp-idle-timeout')).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'udp-idle-timeout',
      message:
        'the NLB forgets an idle UDP flow after 120 s by default (TCP: 360 s), and no Service annotation changes it (only the OCI CLI or API: '
        + 'oci nlb listener update --udp-idle-timeout), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default; keep QUIC keep-alives '
        + '(PING) or the QUIC idle timeout under the smallest UDP timeout on the path: RFC 9000 §10.1.2 finds that sending every 30 seconds '
        + 'keeps most middleboxes from losing the flow',
    });
  });

  test.each<[string, number | undefined, string]>([
    [
      'allocated',
      undefined,
      'the NLB forwards 443/TCP and 443/UDP to the nodePort of the first port (one TCP_AND_UDP backend set): the API server gives both ports the '
        + 'same nodePort when the Service is created with both, but a UDP port added to an existing Service gets another one; then pin nodePort '
        + 'to the TCP port\'s nodePort, or recreate the Service',
    ],
    [
      'pinned',
      31443,
      'the NLB forwards 443/TCP and 443/UDP to the nodePort of the first port (one TCP_AND_UDP backend set): both are pinned to nodePort 31443',
    ],
  ])('the same-nodePort note (§0.4), nodePort %s', (_label, nodePort, message) => {
    const { report } = lb({ name: 'oci' }, nodePort === undefined ? {} : { nodePort });
    expect(report.notes[0]).toEqual({ severity: NoteSeverity.WARNING, topic: 'oci-same-node-port', message });
  });

  test.each<[string, 'none' | 'nsg', NoteSeverity, string]>([
    [
      'none',
      'none',
      NoteSeverity.WARNING,
      'the cloud controller manages no security rules (security-list-management-mode None, the only security-list mode it accepts with UDP): '
        + 'allow 443/TCP and 443/UDP from clients to the NLB, and the nodePort (TCP and UDP) and the health-check port from the NLB to the '
        + 'nodes, in your security lists or NSGs; or set securityRules "nsg"',
    ],
    [
      'nsg',
      'nsg',
      NoteSeverity.INFO,
      'the cloud controller manages network security group rules for the NLB (security-rule-management-mode NSG); security lists stay unmanaged '
        + '(security-list-management-mode None, the only mode it accepts with UDP)',
    ],
  ])('the security-rules note: %s', (_label, securityRules, severity, message) => {
    const { report } = lb({ name: 'oci', securityRules });
    expect(report.notes.find((n) => n.topic === 'oci-security-rules')).toEqual({ severity, topic: 'oci-security-rules', message });
  });

  test('a reserved IP adds its note', () => {
    const { report } = lb({ name: 'oci', reservedIp: '203.0.113.7' });
    expect(report.notes.find((n) => n.topic === 'oci-reserved-ip')?.message).toBe(
      'the reserved public IP (spec.loadBalancerIP) is attached when the NLB is created and cannot be used by an internal NLB',
    );
  });

  test('Cluster and preserveSource false say what to change', () => {
    expect(lb({ name: 'oci' }, { externalTrafficPolicy: 'Cluster' }).report.clientIp.detail).toBe(
      'externalTrafficPolicy Cluster: the NLB does not preserve the source and kube-proxy source-NATs; set externalTrafficPolicy Local',
    );
    expect(lb({ name: 'oci', preserveSource: false }).report.clientIp.detail).toBe(
      'preserveSource false: the NLB rewrites the source address; remove preserveSource (OCI\'s default keeps it)',
    );
  });

  test('the support row', () => {
    expect(ociProvider.support).toEqual({
      mixedService: 'yes, with the Network Load Balancer (`oci.oraclecloud.com/load-balancer-type: "nlb"`): one TCP_AND_UDP listener; the '
        + 'flexible load balancer has no UDP (refused)',
      workaround: 'one Service on an NLB with security-list management mode `None` (or NSG rule management); same nodePort for both protocols',
      ipSharing: 'n/a (one NLB; `spec.loadBalancerIP` pins a reserved public IP)',
      caveats: 'the TCP_AND_UDP backend set uses the first port\'s nodePort (pin it when adding UDP to an existing Service); UDP idle timeout '
        + '120 s, not settable by annotation; PROXY protocol v2 refused',
    });
  });
});

describe('with gateway implementations', () => {
  test('istio: kube-http3 creates the NLB Service selecting the gateway pods, nodePort pinned', () => {
    const result = gateway({ gateway: 'istio', provider: { name: 'oci', backendPolicy: 'TWO_TUPLE', reservedIp: '203.0.113.7' }, nodePort: 30443 });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: { ...DEFAULTS, [POLICY]: 'TWO_TUPLE' },
      },
      spec: {
        type: 'LoadBalancer',
        loadBalancerIP: '203.0.113.7',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30443 },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP', nodePort: 30443 },
        ],
      },
    });
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.report.clientIp.status).toBe(YES);
    expect(result.report.connectionMigration.status).toBe(PARTIAL);
  });

  test('envoy-gateway: the annotations and the reserved IP go into EnvoyProxy envoyService', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'oci', securityRules: 'nsg', reservedIp: '203.0.113.7' } });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { [TYPE]: 'nlb', [SL]: 'None', [RULES]: 'NSG', [POLICY]: 'FIVE_TUPLE', [PRESERVE]: 'true' },
            loadBalancerIP: '203.0.113.7',
            externalTrafficPolicy: 'Local',
          },
        },
      },
    });
    // the controller allocates the nodePorts (§0.4): the same one only if it creates the Service with both ports
    expect(result.report.notes.find((n) => n.topic === 'oci-same-node-port')?.message).toBe(
      'the NLB forwards 443/TCP and 443/UDP to the nodePort of the first port (one TCP_AND_UDP backend set): the gateway controller creates the '
        + 'Service; if it adds the UDP port to a Service that exists already (HTTP/3 turned on later), the API server gives that port another '
        + 'nodePort and UDP reaches no listener: check that both ports share one nodePort, and recreate the Service if they do not',
    );
  });

  test('envoy-gateway: nodePort cannot be pinned (its controller creates the Service)', () => {
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider: { name: 'oci' }, nodePort: 30443 }));
    expect(error.message).toBe(
      'nodePort 30443 cannot be combined with gateway.implementation "envoy-gateway": its controller creates the Service and allocates the '
        + 'nodePorts; remove nodePort',
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

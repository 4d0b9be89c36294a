/**
 * The `aws-lbc` provider's opt-in QUIC listener (`quic: true`) and what stays as it was without it. Facts:
 * loadbalancers.md §1.2 (d) (`aws-load-balancer-quic-enabled-ports` upgrades TCP_UDP to TCP_QUIC from LBC v2.15.0; ip
 * targets only; `aws-load-balancer-disable-nlb-sg: "true"` at creation; no dualstack; no other UDP/TCP_UDP listener;
 * namespace label `elbv2.k8s.aws/quic-server-id-inject=enabled`, pod annotation
 * `service.beta.kubernetes.io/aws-load-balancer-quic-enabled-containers`, env `AWS_LBC_QUIC_SERVER_ID`), §1.2 (c)
 * (health checks TCP on the traffic port; UDP never), §16; gateways.md §5.10 (Istio, Envoy Gateway and Traefik do
 * not generate QUIC-LB connection IDs); aws-load-balancer-controller `docs/guide/service/annotations.md`
 * (#healthcheck-protocol, #nlb-quic-enabled), `docs/guide/use_cases/quic/index.md`, `pkg/annotations/constants.go`
 * (absent in v2.14.1, present in v2.15.0), `pkg/backend/endpoint_types.go` (HEAD 225f4456).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { AWS_LBC_QUIC_SINCE, awsLbcProvider, requiresQuicServerIds } from '../../lib/providers/aws-lbc';
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

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** the TCP_UDP annotations (§1.2 (a)) */
const TCP_UDP = (scheme: string, targetType = 'ip') => ({
  [`${AWS}-type`]: 'external',
  [`${AWS}-nlb-target-type`]: targetType,
  [`${AWS}-scheme`]: scheme,
  [`${AWS}-enable-tcp-udp-listener`]: 'true',
});

/** the TCP_QUIC additions (§1.2 (d); health check written out, docs #healthcheck-protocol) */
const QUIC = (port: number) => ({
  [`${AWS}-quic-enabled-ports`]: String(port),
  [`${AWS}-disable-nlb-sg`]: 'true',
  [`${AWS}-ip-address-type`]: 'ipv4',
  [`${AWS}-healthcheck-protocol`]: 'TCP',
  [`${AWS}-healthcheck-port`]: 'traffic-port',
});

/** the one mixed Service (no loadBalancerClass: the type annotation selects the controller) */
function service(annotations: Record<string, string>, policy = 'Local', ports: object[] = [TCP, UDP]) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'edge', namespace: 'web', labels: LABELS, annotations },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const { YES, NO, PARTIAL } = FindingStatus;

describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object]>([
    [
      'quic false is the TCP_UDP listener, unchanged',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: false },
      {},
      service(TCP_UDP('internet-facing')),
    ],
    ['quic: the TCP_QUIC annotations on top', { name: 'aws-lbc', scheme: 'internet-facing', quic: true }, {}, service({
      ...TCP_UDP('internet-facing'),
      ...QUIC(443),
    })],
    ['quic on port 8443, internal, Cluster, explicit ip targets, the first QUIC release',
      { name: 'aws-lbc', scheme: 'internal', targetType: 'ip', version: AWS_LBC_QUIC_SINCE, quic: true },
      { port: 8443, externalTrafficPolicy: 'Cluster' },
      service({ ...TCP_UDP('internal'), ...QUIC(8443) }, 'Cluster', [{ ...TCP, port: 8443 }, { ...UDP, port: 8443 }])],
    ['quic with user annotations (subnets, EIPs) merged after the provider keys',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, annotations: { [`${AWS}-subnets`]: 'subnet-a,subnet-b' } },
      {},
      service({ ...TCP_UDP('internet-facing'), ...QUIC(443), [`${AWS}-subnets`]: 'subnet-a,subnet-b' })],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual([expected]);
    expect(result.shape.loadBalancerClass).toBeUndefined();
  });

  test('requiresQuicServerIds tells a QUIC shape from a TCP_UDP one (for a core check)', () => {
    expect(requiresQuicServerIds(lb({ name: 'aws-lbc', scheme: 'internet-facing', quic: true }).shape)).toBe(true);
    expect(requiresQuicServerIds(lb({ name: 'aws-lbc', scheme: 'internet-facing' }).shape)).toBe(false);
    expect(requiresQuicServerIds(lb('generic').shape)).toBe(false);
  });
});

describe('refusals', () => {
  test.each<[string, unknown, string, string]>([
    [
      'before v2.15.0',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, version: '2.14.1' },
      'provider.quic',
      'provider.quic true cannot be combined with provider.version "2.14.1": the QUIC listener annotation (aws-load-balancer-quic-enabled-ports) '
        + 'arrived in v2.15.0; older controllers ignore it and keep a TCP_UDP listener; upgrade the controller to v2.15.0 or later, or remove quic',
    ],
    [
      'before v2.13.0 the TCP_UDP refusal comes first',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, version: '2.12.0' },
      'provider.version',
      'provider.version "2.12.0" cannot put 443/TCP and 443/UDP on one NLB: the TCP_UDP listener annotation arrived in v2.13.0, and older releases '
        + 'keep only one of two ports with the same number (aws-load-balancer-controller #4405); upgrade the controller to v2.13.0 or later',
    ],
    [
      'instance targets',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, targetType: 'instance' },
      'provider.quic',
      'provider.quic true cannot be combined with provider.targetType "instance": the controller gives QUIC server IDs only to ip targets (instance '
        + 'targets do not support QUIC, pkg/backend/endpoint_types.go); set targetType "ip" (the default), or remove quic',
    ],
    [
      'a dualstack NLB through the annotations',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, annotations: { [`${AWS}-ip-address-type`]: 'dualstack' } },
      `provider.annotations["${AWS}-ip-address-type"]`,
      `provider.annotations["${AWS}-ip-address-type"] "dualstack" would override what the aws-lbc provider sets itself ("ipv4"); remove it, or use `
        + 'the provider option that controls it',
    ],
    [
      'NLB security groups through the annotations',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, annotations: { [`${AWS}-disable-nlb-sg`]: 'false' } },
      `provider.annotations["${AWS}-disable-nlb-sg"]`,
      `provider.annotations["${AWS}-disable-nlb-sg"] "false" would override what the aws-lbc provider sets itself ("true"); remove it, or use the `
        + 'provider option that controls it',
    ],
    [
      'an HTTP health check through the annotations',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: true, annotations: { [`${AWS}-healthcheck-protocol`]: 'HTTP' } },
      `provider.annotations["${AWS}-healthcheck-protocol"]`,
      `provider.annotations["${AWS}-healthcheck-protocol"] "HTTP" would override what the aws-lbc provider sets itself ("TCP"); remove it, or `
        + 'use the provider option that controls it',
    ],
    [
      'quic that is not a boolean',
      { name: 'aws-lbc', scheme: 'internet-facing', quic: 'yes' },
      'provider.quic',
      'provider.quic must be true or false, got "yes"',
    ],
  ])('%s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test.each<[string, boolean]>([
    ['2.14.1', false],
    ['v2.14.0', false],
    ['2.15.0', true],
    ['2.15', true],
    ['3.5.0', true],
  ])('quic on controller %s accepted: %s', (version, accepted) => {
    const run = () => lb({ name: 'aws-lbc', scheme: 'internet-facing', quic: true, version });
    if (accepted) expect(run().resources).toHaveLength(1);
    else expect(errorOf(run).prop).toBe('provider.quic');
  });
});

describe('report', () => {
  test('quic: connection-ID routing, conditional on server IDs in the pods\' connection IDs', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing', quic: true }, { externalTrafficPolicy: 'Cluster' });
    expect(report.clientIp).toEqual({
      status: YES,
      detail: 'the NLB always preserves the client IP on QUIC and TCP_QUIC target groups, and ip targets are the pods themselves',
    });
    expect(report.connectionMigration).toEqual({
      status: PARTIAL,
      detail: 'the TCP_QUIC listener routes by the server ID in the connection ID, so a connection survives the client\'s address changing, but only '
        + 'when the pods encode the NLB-assigned server ID into their connection IDs (QUIC-LB); otherwise connections break',
    });
    expect(report.udpHealthCheck).toEqual({
      status: PARTIAL,
      detail: 'the NLB health check is TCP on the traffic port (set explicitly): it passes while the pod listens on TCP at the same port, and QUIC '
        + 'itself is never probed (the NLB cannot health-check UDP or QUIC)',
    });
    expect(report.notes.map((n) => n.topic)).toEqual([
      'aws-lbc-quic-server-id',
      'aws-lbc-quic-constraints',
      'udp-idle-timeout',
      'aws-lbc-immutable',
      'apply-server-side',
    ]);
  });

  test('quic: the server-ID requirement comes first, a warning naming the label, the annotation, the variable and the proxies without it', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing', quic: true });
    expect(report.notes[0]).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'aws-lbc-quic-server-id',
      message: 'the NLB QUIC listener routes every QUIC packet by the server ID inside its connection ID: each pod must put the server ID the NLB '
        + 'assigned it into every connection ID it issues. Label the namespace elbv2.k8s.aws/quic-server-id-inject=enabled, annotate the pod '
        + 'template with service.beta.kubernetes.io/aws-load-balancer-quic-enabled-containers: <container>, and make that container\'s QUIC '
        + 'server read AWS_LBC_QUIC_SERVER_ID (e.g. Envoy\'s envoy.quic.connection_id_generator.quic_lb). Istio, Envoy Gateway and Traefik do not '
        + 'generate such connection IDs: behind them this listener breaks QUIC connections, so use quic only with the passthrough implementation '
        + 'and a QUIC-LB-aware server',
    });
    expect(report.notes[1]).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'aws-lbc-quic-constraints',
      message: 'a QUIC listener needs an NLB created without security groups (aws-load-balancer-disable-nlb-sg cannot be changed later) and not '
        + 'dualstack, and allows no other UDP, TCP_UDP or QUIC listener on the same NLB: create the Service with these annotations, do not add them '
        + 'to an existing one, and keep its ipFamilyPolicy SingleStack IPv4',
    });
    expect(report.notes[2].message).toMatch(/^the idle timeout of NLB QUIC flows is not in the reference \(UDP flows: 120 s, fixed\)/);
  });

  test('without quic the report is the TCP_UDP one (5-tuple hashing, fixed 120 s UDP idle timeout)', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing', quic: false });
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.notes.map((n) => n.topic)).toEqual(['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side']);
  });
});

describe('with gateway implementations', () => {
  test('envoy-gateway generates the Service: quic is refused (its proxy does not encode server IDs)', () => {
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider: { name: 'aws-lbc', scheme: 'internet-facing', quic: true } }));
    expect(error.prop).toBe('provider.quic');
    expect(error.message).toBe(
      'provider.quic true breaks HTTP/3 behind a gateway whose controller generates the load-balancer Service (Envoy Gateway, Istio\'s automated '
        + 'Gateway API deployment, Traefik\'s Helm chart): their proxies do not put the server ID the NLB assigns into their QUIC connection IDs, '
        + 'and the NLB QUIC listener routes by it; remove quic: the TCP_UDP listener carries QUIC to any proxy',
    );
  });

  test('envoy-gateway without quic keeps the TCP_UDP annotations in EnvoyProxy', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'aws-lbc', scheme: 'internet-facing' } });
    expect((byRole(result, 'envoy-proxy').spec as { provider: { kubernetes: { envoyService: { annotations: unknown } } } })
      .provider.kubernetes.envoyService.annotations).toEqual(TCP_UDP('internet-facing'));
  });

  test('istio (kube-http3 creates the Service): refused by the core, since Istio\'s proxies do not encode server IDs', () => {
    let error: unknown;
    try {
      gateway({ gateway: 'istio', provider: { name: 'aws-lbc', scheme: 'internet-facing', quic: true } });
    } catch (e) {
      error = e;
    }
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect((error as Http3ConfigError).prop).toBe('provider.name');
    expect((error as Http3ConfigError).message).toBe(
      'provider.name "aws-lbc" cannot be combined with gateway.implementation "istio": the load balancer routes QUIC by server IDs that the QUIC '
        + 'servers must put into their connection IDs, and istio\'s proxies do not: connections would break as soon as a client\'s packets reach '
        + 'another target; use the plain TCP_UDP listener (remove the provider\'s QUIC mode), or serve QUIC from backends that generate the server '
        + 'IDs (implementation "passthrough")',
    );
  });

  test('passthrough (pods that terminate QUIC): the QUIC listener on the backend pods\' Service', () => {
    const result = gateway({
      name: 'shop-edge',
      backend: { service: 'shop', port: 8443 },
      tls: undefined,
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      provider: { name: 'aws-lbc', scheme: 'internet-facing', quic: true },
    });
    const svc = byRole(result, 'service');
    expect(svc.metadata.namespace).toBe('shop');
    expect(svc.metadata.annotations).toEqual({ ...TCP_UDP('internet-facing'), ...QUIC(443) });
    expect((svc.spec as { selector: unknown }).selector).toEqual({ app: 'shop' });
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.report.notes[0].topic).toBe('aws-lbc-quic-server-id');
  });

  test('withdrawing HTTP/3 with quic keeps the annotations on the TCP-only Service', () => {
    const result = gateway({
      name: 'shop-edge',
      backend: { service: 'shop', port: 8443 },
      tls: undefined,
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      provider: { name: 'aws-lbc', scheme: 'internet-facing', quic: true },
      altSvc: { clear: true },
    });
    expect((byRole(result, 'service').spec as { ports: unknown[] }).ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
  });
});

test('the support row names the opt-in QUIC listener and keeps the TCP_UDP facts', () => {
  expect(awsLbcProvider.support).toEqual({
    mixedService: 'yes, from v2.13.0, with `aws-load-balancer-enable-tcp-udp-listener: "true"` (one TCP_UDP listener)',
    workaround: 'the TCP_UDP annotation; without it one of the two ports is silently dropped. Opt-in `quic: true`: a TCP_QUIC listener that routes '
      + 'by QUIC connection ID (v2.15.0+, ip targets, pods that put the NLB-assigned server ID into their connection IDs)',
    ipSharing: 'n/a (one NLB)',
    caveats: 'NLB UDP idle timeout is fixed at 120 s; TLS certificates never apply to TCP_UDP listeners (pods terminate TLS and QUIC)',
  });
  expect(awsLbcProvider.fields).toEqual(['scheme', 'targetType', 'version', 'quic']);
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});

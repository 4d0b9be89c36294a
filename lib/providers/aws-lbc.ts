/**
 * `aws-lbc`: the AWS Load Balancer Controller, provisioning a Network Load Balancer. Since v2.13.0 the
 * annotation `aws-load-balancer-enable-tcp-udp-listener: "true"` merges 443/TCP and 443/UDP into one
 * TCP_UDP listener; without it the controller keys listeners by port and silently drops one of the two.
 *
 * Opt-in QUIC mode (`quic: true`, loadbalancers.md §1.2 (d), gateways.md §5.10): from v2.15.0 the annotation
 * `aws-load-balancer-quic-enabled-ports` upgrades the TCP_UDP listener to TCP_QUIC, which routes QUIC packets
 * by the server ID the NLB assigned to each target and the target put into its connection IDs (QUIC-LB), so a
 * connection survives the client's address changing. It needs ip targets, no NLB security group
 * (`aws-load-balancer-disable-nlb-sg`), an IPv4 (not dualstack) NLB, no other UDP/TCP_UDP listener on the NLB,
 * and servers that encode the server ID (aws-load-balancer-controller `docs/guide/use_cases/quic/index.md`,
 * `pkg/service/model_build_listener.go` `buildListenerSpec`, `pkg/backend/endpoint_types.go`).
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportContribution, type ReportNote } from '../core/report';
import { compareVersions, readBoolean, readEnum, readVersion } from '../core/validate';
import { udpIdleTimeoutNote } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions, type ServiceShape } from './provider';

/** the AWS Load Balancer Controller release assumed when `version` is not given (the newest known to the reference) */
export const AWS_LBC_DEFAULT_VERSION = '3.5.0';
/** the first release with the TCP_UDP listener annotation */
export const AWS_LBC_TCP_UDP_SINCE = '2.13.0';
/** the first release with `aws-load-balancer-quic-enabled-ports` (absent from v2.14.1's pkg/annotations/constants.go, present in v2.15.0's) */
export const AWS_LBC_QUIC_SINCE = '2.15.0';

const PREFIX = 'service.beta.kubernetes.io/aws-load-balancer';

/** the annotation that upgrades the UDP side of a port to QUIC (TCP_UDP to TCP_QUIC) */
export const AWS_LBC_QUIC_PORTS_ANNOTATION = `${PREFIX}-quic-enabled-ports`;
/** the namespace label that lets the controller's webhook inject QUIC server IDs into pods */
export const AWS_LBC_QUIC_NAMESPACE_LABEL = 'elbv2.k8s.aws/quic-server-id-inject';
/** the pod-template annotation naming the containers that receive the server ID */
export const AWS_LBC_QUIC_CONTAINERS_ANNOTATION = `${PREFIX}-quic-enabled-containers`;
/** the environment variable the webhook injects (controller flag `--quic-environment-variable-name`) */
export const AWS_LBC_QUIC_SERVER_ID_ENV = 'AWS_LBC_QUIC_SERVER_ID';

/**
 * True when the shape asks the NLB for a QUIC listener, whose targets must put their server ID into the QUIC
 * connection IDs they issue (for checks outside the provider, which knows neither the gateway implementation nor
 * its pods).
 */
export function requiresQuicServerIds(shape: ServiceShape): boolean {
  return shape.requiresQuicServerIds === true;
}

/** options of the `aws-lbc` provider */
export interface AwsLbcProviderOptions extends ProviderBaseOptions {
  readonly name: 'aws-lbc';
  /**
   * `internet-facing` for a public endpoint, or `internal`. Required: the controller's own default is
   * `internal`, which browsers on the internet cannot reach.
   */
  readonly scheme: 'internet-facing' | 'internal';
  /**
   * NLB target type: `ip` registers the pods (the client IP reaches them whatever the traffic policy),
   * `instance` registers the nodes on the Service's nodePort.
   *
   * @default 'ip'
   */
  readonly targetType?: 'ip' | 'instance';
  /**
   * The controller version running in the cluster (releases before 2.13.0 cannot merge TCP and UDP on one port).
   *
   * @default '3.5.0'
   */
  readonly version?: string;
  /**
   * Ask for a QUIC-aware TCP_QUIC listener instead of TCP_UDP (controller v2.15.0 or later, ip targets): the NLB
   * then routes QUIC by the server ID in the connection ID, so connections survive client address changes, but
   * only if the pods put the server ID the NLB assigned them into every connection ID they issue. Istio, Envoy
   * Gateway and Traefik do not, and connections through them break: use it with the `passthrough` implementation
   * and a QUIC-LB-aware server (the report says what the pods need).
   *
   * @default false
   */
  readonly quic?: boolean;
}

type Parsed = AwsLbcProviderOptions & { readonly targetType: 'ip' | 'instance'; readonly version: string; readonly quic: boolean };

/** the note of both listener kinds: the controller reads the load-balancer type only when it creates the Service */
const IMMUTABLE_NOTE: ReportNote = note(
  NoteSeverity.INFO,
  'aws-lbc-immutable',
  'the aws-load-balancer-type annotation is read when the Service is created; set it from the start, do not add it to an existing Service',
);

/** the `aws-lbc` provider: one NLB with a TCP_UDP listener, or (opt-in) a QUIC-aware TCP_QUIC listener */
export const awsLbcProvider: InfrastructureProvider<'aws-lbc', Parsed> = {
  name: 'aws-lbc',
  title: 'AWS Load Balancer Controller, NLB',
  support: {
    mixedService: 'yes, from v2.13.0, with `aws-load-balancer-enable-tcp-udp-listener: "true"` (one TCP_UDP listener)',
    workaround: 'the TCP_UDP annotation; without it one of the two ports is silently dropped. Opt-in `quic: true`: a TCP_QUIC listener that routes '
      + 'by QUIC connection ID (v2.15.0+, ip targets, pods that put the NLB-assigned server ID into their connection IDs)',
    ipSharing: 'n/a (one NLB)',
    caveats: 'NLB UDP idle timeout is fixed at 120 s; TLS certificates never apply to TCP_UDP listeners (pods terminate TLS and QUIC)',
  },
  fields: ['scheme', 'targetType', 'version', 'quic'],
  parse(raw, path) {
    if (raw.scheme === undefined) {
      throw Http3ConfigError.invalid(
        `${path}.scheme`,
        undefined,
        '"internet-facing" or "internal"',
        'the controller defaults to "internal", which clients on the internet cannot reach, so kube-http3 asks',
      );
    }
    const version = readVersion(raw.version, `${path}.version`, AWS_LBC_DEFAULT_VERSION);
    if (compareVersions(version, AWS_LBC_TCP_UDP_SINCE) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'cannot put 443/TCP and 443/UDP on one NLB: the TCP_UDP listener annotation arrived in v2.13.0, and older releases keep only one of two ports with the same number (aws-load-balancer-controller #4405)',
        'upgrade the controller to v2.13.0 or later',
      );
    }
    const scheme = readEnum(raw.scheme, `${path}.scheme`, ['internet-facing', 'internal'] as const);
    const targetType = readEnum(raw.targetType, `${path}.targetType`, ['ip', 'instance'] as const, 'ip');
    const quic = readBoolean(raw.quic, `${path}.quic`, false);
    if (quic && compareVersions(version, AWS_LBC_QUIC_SINCE) < 0) {
      throw Http3ConfigError.conflict(
        `${path}.quic`,
        true,
        `${path}.version`,
        raw.version,
        'the QUIC listener annotation (aws-load-balancer-quic-enabled-ports) arrived in v2.15.0; older controllers ignore it and keep a '
          + 'TCP_UDP listener',
        'upgrade the controller to v2.15.0 or later, or remove quic',
      );
    }
    if (quic && targetType === 'instance') {
      throw Http3ConfigError.conflict(
        `${path}.quic`,
        true,
        `${path}.targetType`,
        targetType,
        'the controller gives QUIC server IDs only to ip targets (instance targets do not support QUIC, pkg/backend/endpoint_types.go)',
        'set targetType "ip" (the default), or remove quic',
      );
    }
    return { name: 'aws-lbc', scheme, targetType, version, quic };
  },
  shape(options, request, path) {
    const annotations: Record<string, string> = {
      [`${PREFIX}-type`]: 'external',
      [`${PREFIX}-nlb-target-type`]: options.targetType,
      [`${PREFIX}-scheme`]: options.scheme,
      [`${PREFIX}-enable-tcp-udp-listener`]: 'true',
    };
    if (options.quic) {
      if (request.controllerOwned) {
        throw Http3ConfigError.refused(
          `${path}.quic`,
          true,
          'breaks HTTP/3 behind a gateway whose controller generates the load-balancer Service (Envoy Gateway, Istio\'s automated Gateway '
            + 'API deployment, Traefik\'s Helm chart): their proxies do not put the server ID the NLB assigns into their QUIC connection IDs, '
            + 'and the NLB QUIC listener routes by it',
          'remove quic: the TCP_UDP listener carries QUIC to any proxy',
        );
      }
      // loadbalancers.md §1.2 (d): TCP_UDP becomes TCP_QUIC; QUIC needs an NLB without security groups and without dualstack
      annotations[AWS_LBC_QUIC_PORTS_ANNOTATION] = String(request.port);
      annotations[`${PREFIX}-disable-nlb-sg`] = 'true';
      annotations[`${PREFIX}-ip-address-type`] = 'ipv4';
      // the controller's default for ip targets, written out: a TCP probe on the port the pods serve HTTPS and QUIC on (health
      // checks cannot use UDP; docs/guide/service/annotations.md #healthcheck-protocol). The docs' "do not use tcp with Local"
      // concerns instance targets, whose Local default is HTTP on healthCheckNodePort; ip targets always get the TCP default
      // (pkg/service/model_build_target_group.go buildTargetGroupHealthCheckConfig, HEAD 225f4456)
      annotations[`${PREFIX}-healthcheck-protocol`] = 'TCP';
      annotations[`${PREFIX}-healthcheck-port`] = 'traffic-port';
    }
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations,
      externalTrafficPolicy: request.externalTrafficPolicy,
      ...(options.quic ? { requiresQuicServerIds: true } : {}),
    };
  },
  report(options, shape) {
    if (options.quic) return quicReport();
    const ipTargets = options.targetType === 'ip';
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    return {
      clientIp: ipTargets || local
        ? finding(
          FindingStatus.YES,
          `the NLB always preserves the client IP on UDP and TCP_UDP target groups, and ${ipTargets ? 'ip targets are the pods themselves' : 'externalTrafficPolicy Local keeps kube-proxy from source-NATing'}`,
        )
        : finding(
          FindingStatus.NO,
          'instance targets with externalTrafficPolicy Cluster: kube-proxy source-NATs the packets on the node; use targetType "ip" or externalTrafficPolicy Local',
        ),
      connectionMigration: finding(
        FindingStatus.NO,
        'a TCP_UDP listener hashes UDP flows by 5-tuple; a client whose address changes can reach another target and must reconnect (only NLB QUIC listeners route by connection ID, and they need server-ID-aware targets)',
      ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        ipTargets || !local
          ? 'the NLB health check is TCP on the traffic port: it passes while the pod listens on TCP at the same port, and UDP itself is never probed (the NLB cannot health-check UDP)'
          : 'instance targets with externalTrafficPolicy Local are checked over HTTP on healthCheckNodePort (endpoint readiness); UDP itself is never probed',
      ),
      notes: [
        note(
          NoteSeverity.WARNING,
          'udp-idle-timeout',
          'the NLB forgets an idle UDP flow after 120 s (fixed), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default: a connection idle for more than 120 s may be rehashed to another target; keep QUIC keep-alives or the idle timeout under 120 s',
        ),
        IMMUTABLE_NOTE,
      ],
    };
  },
};

/** the report of the TCP_QUIC listener (`quic: true`, ip targets) */
function quicReport(): ReportContribution {
  const notes: ReportNote[] = [
    note(
      NoteSeverity.WARNING,
      'aws-lbc-quic-server-id',
      'the NLB QUIC listener routes every QUIC packet by the server ID inside its connection ID: each pod must put the server ID the NLB assigned it '
        + `into every connection ID it issues. Label the namespace ${AWS_LBC_QUIC_NAMESPACE_LABEL}=enabled, annotate the pod template with `
        + `${AWS_LBC_QUIC_CONTAINERS_ANNOTATION}: <container>, and make that container's QUIC server read ${AWS_LBC_QUIC_SERVER_ID_ENV} `
        + '(e.g. Envoy\'s envoy.quic.connection_id_generator.quic_lb). Istio, Envoy Gateway and Traefik do not generate such connection IDs: '
        + 'behind them this listener breaks QUIC connections, so use quic only with the passthrough implementation and a QUIC-LB-aware server',
    ),
    note(
      NoteSeverity.WARNING,
      'aws-lbc-quic-constraints',
      'a QUIC listener needs an NLB created without security groups (aws-load-balancer-disable-nlb-sg cannot be changed later) and not dualstack, '
        + 'and allows no other UDP, TCP_UDP or QUIC listener on the same NLB: create the Service with these annotations, do not add them to an '
        + 'existing one, and keep its ipFamilyPolicy SingleStack IPv4',
    ),
    udpIdleTimeoutNote(NoteSeverity.WARNING, 'the idle timeout of NLB QUIC flows is not in the reference (UDP flows: 120 s, fixed)'),
    IMMUTABLE_NOTE,
  ];
  return {
    clientIp: finding(
      FindingStatus.YES,
      'the NLB always preserves the client IP on QUIC and TCP_QUIC target groups, and ip targets are the pods themselves',
    ),
    connectionMigration: finding(
      FindingStatus.PARTIAL,
      'the TCP_QUIC listener routes by the server ID in the connection ID, so a connection survives the client\'s address changing, but only when '
        + 'the pods encode the NLB-assigned server ID into their connection IDs (QUIC-LB); otherwise connections break',
    ),
    udpHealthCheck: finding(
      FindingStatus.PARTIAL,
      'the NLB health check is TCP on the traffic port (set explicitly): it passes while the pod listens on TCP at the same port, and QUIC itself '
        + 'is never probed (the NLB cannot health-check UDP or QUIC)',
    ),
    notes,
  };
}

/**
 * `aws-lbc`: the AWS Load Balancer Controller, provisioning a Network Load Balancer. Since v2.13.0 the
 * annotation `aws-load-balancer-enable-tcp-udp-listener: "true"` merges 443/TCP and 443/UDP into one
 * TCP_UDP listener; without it the controller keys listeners by port and silently drops one of the two.
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note } from '../core/report';
import { compareVersions, readEnum, readVersion } from '../core/validate';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

/** the AWS Load Balancer Controller release assumed when `version` is not given (the newest known to the reference) */
export const AWS_LBC_DEFAULT_VERSION = '3.5.0';
/** the first release with the TCP_UDP listener annotation */
export const AWS_LBC_TCP_UDP_SINCE = '2.13.0';

const PREFIX = 'service.beta.kubernetes.io/aws-load-balancer';

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
}

type Parsed = AwsLbcProviderOptions & { readonly targetType: 'ip' | 'instance'; readonly version: string };

export const awsLbcProvider: InfrastructureProvider<'aws-lbc', Parsed> = {
  name: 'aws-lbc',
  title: 'AWS Load Balancer Controller, NLB',
  support: {
    mixedService: 'yes, from v2.13.0, with `aws-load-balancer-enable-tcp-udp-listener: "true"` (one TCP_UDP listener)',
    workaround: 'the TCP_UDP annotation; without it one of the two ports is silently dropped',
    ipSharing: 'n/a (one NLB)',
    caveats: 'NLB UDP idle timeout is fixed at 120 s; TLS certificates never apply to TCP_UDP listeners (pods terminate TLS and QUIC)',
  },
  fields: ['scheme', 'targetType', 'version'],
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
    return {
      name: 'aws-lbc',
      scheme: readEnum(raw.scheme, `${path}.scheme`, ['internet-facing', 'internal'] as const),
      targetType: readEnum(raw.targetType, `${path}.targetType`, ['ip', 'instance'] as const, 'ip'),
      version,
    };
  },
  shape(options, request) {
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations: {
        [`${PREFIX}-type`]: 'external',
        [`${PREFIX}-nlb-target-type`]: options.targetType,
        [`${PREFIX}-scheme`]: options.scheme,
        [`${PREFIX}-enable-tcp-udp-listener`]: 'true',
      },
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
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
          'the NLB forgets an idle UDP flow after 120 s (fixed), while Envoy keeps an idle QUIC connection for 300 s by default: a connection idle for more than 120 s may be rehashed to another target; keep QUIC keep-alives or the idle timeout under 120 s',
        ),
        note(
          NoteSeverity.INFO,
          'aws-lbc-immutable',
          'the aws-load-balancer-type annotation is read when the Service is created; set it from the start, do not add it to an existing Service',
        ),
      ],
    };
  },
};

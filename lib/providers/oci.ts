/**
 * `oci`: Oracle Cloud Infrastructure (OKE and self-managed clusters), through the OCI cloud controller's Network
 * Load Balancer.
 *
 * With `oci.oraclecloud.com/load-balancer-type: "nlb"` one Service carries 443/TCP and 443/UDP: ports of the same
 * number become one listener and one backend set of protocol `TCP_AND_UDP` (loadbalancers.md §7 (a);
 * oracle/oci-cloud-controller-manager `pkg/cloudprovider/providers/oci/load_balancer_spec.go`
 * `getListenersNetworkLoadBalancer`, `getBackendSetNamePortMap`). The backend set is built from the first of the two
 * ports, so both protocols go to the first port's nodePort (§0.4, §0.5). The flexible load balancer (`lb`, the
 * controller's default) has no UDP ("OCI load balancers do not support UDP", `load_balancer_util.go`
 * `validateProtocols`), and the controller refuses UDP unless the NLB security-list management mode is `None`.
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { readBoolean, readEnum, readIp } from '../core/validate';
import { quicMigrationNote, udpIdleTimeoutNote } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

const NLB = 'oci-network-load-balancer.oraclecloud.com';

/** the annotations kube-http3 sets on the Service (docs/load-balancer-annotations.md) */
export const OCI_ANNOTATIONS = {
  loadBalancerType: 'oci.oraclecloud.com/load-balancer-type',
  securityListManagementMode: `${NLB}/security-list-management-mode`,
  securityRuleManagementMode: 'oci.oraclecloud.com/security-rule-management-mode',
  backendPolicy: `${NLB}/backend-policy`,
  isPreserveSource: `${NLB}/is-preserve-source`,
} as const;

/** how the NLB's backend set hashes flows to nodes (wire values of the backend-policy annotation) */
export type OciBackendPolicy = 'FIVE_TUPLE' | 'THREE_TUPLE' | 'TWO_TUPLE';

/** options of the `oci` provider */
export interface OciProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'oci';
  /**
   * The OCI load balancer: `nlb`, the Network Load Balancer (pass-through, TCP_AND_UDP). The flexible load
   * balancer (`lb`, the cloud controller's default) has no UDP and is refused.
   *
   * @default 'nlb'
   */
  readonly loadBalancerType?: 'nlb';
  /**
   * Who manages the security rules for the NLB: `none` (security-list management mode None, the only security-list
   * mode the cloud controller accepts with UDP: you open the ports in your security lists or NSGs), or `nsg` (the
   * cloud controller manages network security group rules: security-rule-management-mode NSG).
   *
   * @default 'none'
   */
  readonly securityRules?: 'none' | 'nsg';
  /**
   * How the NLB hashes flows to nodes: `FIVE_TUPLE` (source and destination address and port, protocol),
   * `THREE_TUPLE` (addresses and protocol) or `TWO_TUPLE` (addresses). The last two keep a QUIC client on one
   * node when its source port changes (NAT rebinding); `TWO_TUPLE` also keeps its TCP and UDP flows together.
   *
   * @default 'FIVE_TUPLE'
   */
  readonly backendPolicy?: OciBackendPolicy;
  /**
   * Whether the NLB keeps the client's source address (`is-preserve-source`). Only with externalTrafficPolicy
   * Local: the cloud controller refuses the annotation with Cluster.
   *
   * @default - true with externalTrafficPolicy Local (OCI's default); unset with Cluster
   */
  readonly preserveSource?: boolean;
  /**
   * A reserved public IPv4 address for the NLB (`spec.loadBalancerIP`, read when the load balancer is created; not
   * for an internal NLB).
   *
   * @default - an ephemeral public address
   */
  readonly reservedIp?: S;
}

type Parsed = OciProviderOptions & { readonly securityRules: 'none' | 'nsg'; readonly backendPolicy: OciBackendPolicy };

const PRESERVE_SOURCE_REASON = 'kube-http3 sets it from provider.preserveSource, and only with externalTrafficPolicy Local (the cloud controller '
  + 'refuses it with Cluster)';

export const ociProvider: InfrastructureProvider<'oci', Parsed> = {
  name: 'oci',
  title: 'Oracle Cloud Infrastructure Network Load Balancer',
  support: {
    mixedService: 'yes, with the Network Load Balancer (`oci.oraclecloud.com/load-balancer-type: "nlb"`): one TCP_AND_UDP listener; the flexible '
      + 'load balancer has no UDP (refused)',
    workaround: 'one Service on an NLB with security-list management mode `None` (or NSG rule management); same nodePort for both protocols',
    ipSharing: 'n/a (one NLB; `spec.loadBalancerIP` pins a reserved public IP)',
    caveats: 'the TCP_AND_UDP backend set uses the first port\'s nodePort (pin it when adding UDP to an existing Service); UDP idle timeout 120 s, '
      + 'not settable by annotation; PROXY protocol v2 refused',
  },
  fields: ['loadBalancerType', 'securityRules', 'backendPolicy', 'preserveSource', 'reservedIp'],
  forbiddenAnnotations: [
    {
      key: `${NLB}/is-ppv2-enabled`,
      reason: 'turns on PROXY protocol v2 on every NLB listener, the TCP_AND_UDP one included: the gateway kube-http3 configures does not '
        + 'expect PROXY headers, and Envoy has no PROXY protocol for UDP; the NLB keeps the client IP without it (preserveSource, '
        + 'externalTrafficPolicy "Local")',
    },
    {
      key: OCI_ANNOTATIONS.securityRuleManagementMode,
      reason: 'kube-http3 sets it from provider.securityRules: "SL-All" and "SL-Frontend" make the cloud controller manage security lists, '
        + 'which it refuses for UDP',
    },
    { key: OCI_ANNOTATIONS.isPreserveSource, reason: PRESERVE_SOURCE_REASON },
  ],
  parse(raw, path) {
    if (raw.loadBalancerType === 'lb') {
      throw Http3ConfigError.refused(
        `${path}.loadBalancerType`,
        raw.loadBalancerType,
        'cannot carry HTTP/3: the flexible OCI load balancer has no UDP (the cloud controller refuses it: "OCI load balancers do not support UDP")',
        'use loadBalancerType "nlb" (the default): the Network Load Balancer carries TCP and UDP on one port as one TCP_AND_UDP listener',
      );
    }
    readEnum(raw.loadBalancerType, `${path}.loadBalancerType`, ['nlb'] as const, 'nlb');
    return {
      name: 'oci',
      loadBalancerType: 'nlb',
      securityRules: readEnum(raw.securityRules, `${path}.securityRules`, ['none', 'nsg'] as const, 'none'),
      backendPolicy: readEnum(raw.backendPolicy, `${path}.backendPolicy`, ['FIVE_TUPLE', 'THREE_TUPLE', 'TWO_TUPLE'] as const, 'FIVE_TUPLE'),
      preserveSource: raw.preserveSource === undefined ? undefined : readBoolean(raw.preserveSource, `${path}.preserveSource`, true),
      reservedIp: raw.reservedIp === undefined ? undefined : readIp(raw.reservedIp, `${path}.reservedIp`, 4),
    };
  },
  shape(options, request, path) {
    const local = request.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    if (!local && options.preserveSource !== undefined) {
      throw Http3ConfigError.conflict(
        `${path}.preserveSource`,
        options.preserveSource,
        'externalTrafficPolicy',
        request.externalTrafficPolicy,
        'the cloud controller refuses is-preserve-source with externalTrafficPolicy Cluster (kube-proxy source-NATs anyway)',
        'remove preserveSource, or set externalTrafficPolicy "Local"',
      );
    }
    const annotations: Record<string, string> = {
      [OCI_ANNOTATIONS.loadBalancerType]: 'nlb',
      [OCI_ANNOTATIONS.securityListManagementMode]: 'None',
    };
    if (options.securityRules === 'nsg') annotations[OCI_ANNOTATIONS.securityRuleManagementMode] = 'NSG';
    annotations[OCI_ANNOTATIONS.backendPolicy] = options.backendPolicy;
    if (local) annotations[OCI_ANNOTATIONS.isPreserveSource] = String(options.preserveSource ?? true);
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations,
      ...(options.reservedIp !== undefined ? { loadBalancerIP: options.reservedIp } : {}),
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape, request) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const preserved = local && options.preserveSource !== false;
    const probed = local
      ? '/healthz on the healthCheckNodePort: nodes with a ready gateway pod'
      : '/healthz on 10256: every node with a healthy kube-proxy';
    const notes: ReportNote[] = [
      note(
        NoteSeverity.WARNING,
        'oci-same-node-port',
        `the NLB forwards ${request.port}/TCP and ${request.port}/UDP to the nodePort of the first port (one TCP_AND_UDP backend set): `
          + (request.nodePort !== undefined
            ? `both are pinned to nodePort ${request.nodePort}`
            : request.controllerOwned
              ? 'the gateway controller creates the Service; if it adds the UDP port to a Service that exists already (HTTP/3 turned on later), '
                + 'the API server gives that port another nodePort and UDP reaches no listener: check that both ports share one nodePort, and '
                + 'recreate the Service if they do not'
              : 'the API server gives both ports the same nodePort when the Service is created with both, but a UDP port added to an existing '
                + 'Service gets another one; then pin nodePort to the TCP port\'s nodePort, or recreate the Service'),
      ),
      udpIdleTimeoutNote(
        NoteSeverity.WARNING,
        'the NLB forgets an idle UDP flow after 120 s by default (TCP: 360 s), and no Service annotation changes it (only the OCI CLI or API: '
          + 'oci nlb listener update --udp-idle-timeout)',
      ),
      options.securityRules === 'nsg'
        ? note(
          NoteSeverity.INFO,
          'oci-security-rules',
          'the cloud controller manages network security group rules for the NLB (security-rule-management-mode NSG); security lists stay unmanaged '
            + '(security-list-management-mode None, the only mode it accepts with UDP)',
        )
        : note(
          NoteSeverity.WARNING,
          'oci-security-rules',
          `the cloud controller manages no security rules (security-list-management-mode None, the only security-list mode it accepts with UDP): `
            + `allow ${request.port}/TCP and ${request.port}/UDP from clients to the NLB, and the nodePort (TCP and UDP) and the health-check `
            + 'port from the NLB to the nodes, in your security lists or NSGs; or set securityRules "nsg"',
        ),
      quicMigrationNote(),
    ];
    if (options.reservedIp !== undefined) {
      notes.push(note(
        NoteSeverity.INFO,
        'oci-reserved-ip',
        'the reserved public IP (spec.loadBalancerIP) is attached when the NLB is created and cannot be used by an internal NLB',
      ));
    }
    return {
      clientIp: preserved
        ? finding(
          FindingStatus.YES,
          'the NLB passes packets through with the client\'s source address (is-preserve-source true) and externalTrafficPolicy Local keeps '
            + 'kube-proxy from source-NATing',
        )
        : local
          ? finding(FindingStatus.NO, 'preserveSource false: the NLB rewrites the source address; remove preserveSource (OCI\'s default keeps it)')
          : finding(FindingStatus.NO, 'externalTrafficPolicy Cluster: the NLB does not preserve the source and kube-proxy source-NATs; set '
            + 'externalTrafficPolicy Local'),
      connectionMigration: options.backendPolicy === 'FIVE_TUPLE'
        ? finding(
          FindingStatus.NO,
          'the NLB hashes each UDP flow on its 5-tuple (backend-policy FIVE_TUPLE): a client whose address or port changes can reach another '
            + 'node and pod, which does not know the connection, and reconnects; backendPolicy "TWO_TUPLE" keeps it on one node across NAT rebinding',
        )
        : finding(
          FindingStatus.PARTIAL,
          `backend-policy ${options.backendPolicy} hashes on the client address, not its port: a client whose source port changes (NAT `
            + 'rebinding) stays on the same node, but a new address (Wi-Fi to cellular) can land elsewhere, and kube-proxy picks a pod per '
            + '5-tuple, so the connection survives port rebinding only with one gateway pod per node',
        ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        `the TCP_AND_UDP backend set is health-checked over HTTP on kube-proxy (${probed}), one check for both protocols; `
          + 'QUIC itself is never probed',
      ),
      notes,
    };
  },
};

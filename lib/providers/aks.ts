/**
 * `aks`: Azure Kubernetes Service and any cluster running cloud-provider-azure, with the Azure Standard Load
 * Balancer (loadbalancers.md §3, §16, §17, §18).
 *
 * - One mixed Service (default, Kubernetes >= 1.24 where MixedProtocolLBService is on): cloud-provider-azure builds
 *   one load-balancing rule per port and protocol (`<prefix>-TCP-443`, `<prefix>-UDP-443`,
 *   `pkg/provider/azure_standard.go` `getLoadBalancerRuleName`).
 * - Two Services sharing one address ("supported since v1.20.0", docs `content/en/topics/shared-ip.md`): both name
 *   the same pre-allocated public IP with `azure-pip-name` (v1.24+) or the same address with
 *   `azure-load-balancer-ipv4` (v1.21+); `azure-load-balancer-resource-group` when the public IP lives outside the
 *   node resource group; the DNS label (`azure-dns-label-name`) can be owned by one Service only.
 * - `loadBalancerClass` stays unset: cloud-provider-azure ignores Services that set one (§0.2).
 *
 * Health probes (docs `content/en/topics/loadbalancer.md` "Custom Load Balancer health probe", and
 * `pkg/provider/azure_loadbalancer.go` `getExpectedLBRules`, `pkg/provider/azure_loadbalancer_healthprobe.go`
 * `buildHealthProbeRulesForPort` at 7b31c76c): with `externalTrafficPolicy: Local` every rule, the UDP one
 * included, uses the HTTP probe on healthCheckNodePort; with `Cluster` the TCP rule gets a TCP probe on its nodePort
 * and the UDP rule gets none. Floating IP (the default) keeps the Service port as the backend port, so no nodePort
 * is shared between the two protocols.
 */
import { Http3ConfigError } from '../core/errors';
import { isPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { compareVersions, readBoolean, readIp, readVersion } from '../core/validate';
import { clusterSourceNatFinding, udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

/** the Kubernetes version where MixedProtocolLBService is on by default (beta), so one Service may mix TCP and UDP */
export const AKS_MIXED_PROTOCOL_SINCE = '1.24';
/** the first cloud-provider-azure version where Services share a public IP by naming it (`azure-pip-name`) */
export const AKS_PIP_NAME_SHARING_SINCE = '1.24';
/** the first cloud-provider-azure version with `azure-load-balancer-ipv4` */
export const AKS_IPV4_ANNOTATION_SINCE = '1.21';

const PREFIX = 'service.beta.kubernetes.io';
/** the annotation naming a pre-created public IP */
export const AKS_PIP_NAME_ANNOTATION = `${PREFIX}/azure-pip-name`;
/** the annotation giving the load balancer's IPv4 address (replaces `spec.loadBalancerIP`) */
export const AKS_IPV4_ANNOTATION = `${PREFIX}/azure-load-balancer-ipv4`;
/** the annotation naming the resource group of a public IP outside the node resource group */
export const AKS_RESOURCE_GROUP_ANNOTATION = `${PREFIX}/azure-load-balancer-resource-group`;
/** the annotation setting the DNS label of the public IP */
export const AKS_DNS_LABEL_ANNOTATION = `${PREFIX}/azure-dns-label-name`;
/** the annotation asking for an internal load balancer */
export const AKS_INTERNAL_ANNOTATION = `${PREFIX}/azure-load-balancer-internal`;
/** the annotation setting the idle timeout of the TCP rules, in minutes */
export const AKS_TCP_IDLE_TIMEOUT_ANNOTATION = `${PREFIX}/azure-load-balancer-tcp-idle-timeout`;

/** options of the `aks` provider; `S` is the type of the address leaves (`pulumi.Input<string>` in the Pulumi adapter) */
export interface AksProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'aks';
  /**
   * The Kubernetes version of the cluster (cloud-provider-azure follows it). One mixed Service needs 1.24 or
   * later; sharing a public IP by name needs 1.24, by address 1.21.
   *
   * @default - 1.24 or later (no version check)
   */
  readonly kubernetesVersion?: string;
  /**
   * One mixed Service, or two Services (`<name>-tcp`, `<name>-udp`) sharing one address through `pipName` or
   * `address`.
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * An internal load balancer (a private address of the cluster's virtual network,
   * `azure-load-balancer-internal: "true"`).
   *
   * @default false
   */
  readonly internal?: boolean;
  /**
   * The name of a pre-created Standard public IP (`azure-pip-name`). Give this or `address` with `two-services`.
   *
   * @default - none
   */
  readonly pipName?: S;
  /**
   * The IPv4 address of a pre-created public IP, or the private address of an internal load balancer
   * (`azure-load-balancer-ipv4`). Give this or `pipName` with `two-services`.
   *
   * @default - none
   */
  readonly address?: S;
  /**
   * The resource group of the public IP, when it is not the node resource group
   * (`azure-load-balancer-resource-group`). The cluster identity needs permission on it.
   *
   * @default - the node resource group
   */
  readonly resourceGroup?: S;
  /**
   * The DNS label of the public IP (`azure-dns-label-name`: `<label>.<region>.cloudapp.azure.com`). With
   * `two-services` it goes on the TCP Service only: one Service may own the label of a shared public IP.
   *
   * @default - none
   */
  readonly dnsLabelName?: string;
}

type Parsed = AksProviderOptions & { readonly mixedProtocol: MixedProtocol; readonly internal: boolean };

// Azure naming rules (learn.microsoft.com "Naming rules and restrictions for Azure resources", Microsoft.Network and
// Microsoft.Resources): public IP names 1-80 alphanumerics, "_", "." and "-", starting with an alphanumeric and ending
// with an alphanumeric or "_"; resource groups 1-90 letters, digits, "_", "-", "." and parentheses, not ending with ".";
// public IP DNS labels 3-63 lowercase letters, digits and "-", starting with a letter, ending with a letter or digit
const PIP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;
const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Read a string against a pattern. A placeholder passes where the option is a leaf that may be a pulumi Input (the
 * Pulumi adapter runs the same check on the resolved value); elsewhere it fails, and the adapter says the prop must be plain.
 */
function readPattern(value: unknown, path: string, pattern: RegExp, expected: string, input = true): string {
  if (input && isPlaceholder(value)) return value as string;
  if (typeof value !== 'string' || !pattern.test(value)) throw Http3ConfigError.invalid(path, value, expected);
  return value;
}

/** the `aks` provider: one mixed Service, or two Services sharing one pre-created public IP (cloud-provider-azure) */
export const aksProvider: InfrastructureProvider<'aks', Parsed> = {
  name: 'aks',
  title: 'Azure Kubernetes Service (cloud-provider-azure, Standard Load Balancer)',
  support: {
    mixedService: 'yes (Kubernetes >= 1.24): one load-balancing rule per port and protocol (`<prefix>-TCP-443`, `<prefix>-UDP-443`)',
    workaround: 'one Service; or two Services on one pre-created public IP',
    ipSharing: '`service.beta.kubernetes.io/azure-pip-name` (v1.24+) or `service.beta.kubernetes.io/azure-load-balancer-ipv4` (v1.21+), plus '
      + '`azure-load-balancer-resource-group` when the public IP lives elsewhere; `azure-dns-label-name` on one Service only',
    caveats: 'externalTrafficPolicy Cluster leaves the UDP rule without a health probe; `port_443_*` probe and rule annotations are keyed by port '
      + 'number and reach both protocols; `azure-load-balancer-tcp-idle-timeout` applies to TCP only',
  },
  fields: ['kubernetesVersion', 'mixedProtocol', 'internal', 'pipName', 'address', 'resourceGroup', 'dnsLabelName'],
  parse(raw, path) {
    const mixedProtocol = readMixedProtocol(raw, path);
    const internal = readBoolean(raw.internal, `${path}.internal`, false);
    const kubernetesVersion = raw.kubernetesVersion === undefined ? undefined : readVersion(raw.kubernetesVersion, `${path}.kubernetesVersion`, '');
    const pipName = raw.pipName === undefined
      ? undefined
      : readPattern(raw.pipName, `${path}.pipName`, PIP_NAME, 'an Azure public IP name (1-80 letters, digits, "_", "." or "-", starting with a '
        + 'letter or digit and ending with a letter, digit or "_")');
    const address = raw.address === undefined ? undefined : readIp(raw.address, `${path}.address`, 4);
    const resourceGroup = raw.resourceGroup === undefined
      ? undefined
      : readPattern(raw.resourceGroup, `${path}.resourceGroup`, RESOURCE_GROUP, 'an Azure resource group name (1-90 letters, digits, "_", "-", "." '
        + 'or parentheses, not ending with ".")');
    const dnsLabelName = raw.dnsLabelName === undefined
      ? undefined
      : readPattern(raw.dnsLabelName, `${path}.dnsLabelName`, DNS_LABEL, 'an Azure DNS label (3-63 lowercase letters, digits and "-", starting with '
        + 'a letter and ending with a letter or digit)', false);
    const parsed: Parsed = { name: 'aks', kubernetesVersion, mixedProtocol, internal, pipName, address, resourceGroup, dnsLabelName };
    checkAddressing(parsed, raw, path);
    if (kubernetesVersion !== undefined) checkVersion(parsed, raw, path);
    return parsed;
  },
  shape(options, request) {
    const annotations: Record<string, string> = {};
    if (options.internal) annotations[AKS_INTERNAL_ANNOTATION] = 'true';
    if (options.pipName !== undefined) annotations[AKS_PIP_NAME_ANNOTATION] = options.pipName;
    if (options.address !== undefined) annotations[AKS_IPV4_ANNOTATION] = options.address;
    if (options.resourceGroup !== undefined) annotations[AKS_RESOURCE_GROUP_ANNOTATION] = options.resourceGroup;
    const twoServices = options.mixedProtocol === 'two-services';
    const dnsLabel = options.dnsLabelName !== undefined ? { [AKS_DNS_LABEL_ANNOTATION]: options.dnsLabelName } : undefined;
    if (dnsLabel && !twoServices) Object.assign(annotations, dnsLabel);
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      ...(dnsLabel && twoServices ? { tcpAnnotations: dnsLabel } : {}),
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape, request) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const twoServices = options.mixedProtocol === 'two-services';
    const port = request.port;
    const notes: ReportNote[] = [
      note(
        NoteSeverity.INFO,
        'aks-health-probe',
        'health probes: with externalTrafficPolicy Local the TCP and the UDP rule both use the HTTP probe on healthCheckNodePort; with Cluster '
          + 'the TCP rule gets a TCP probe on its nodePort (by default) and the UDP rule none, unless the cloud provider runs with '
          + 'clusterServiceLoadBalancerHealthProbeMode "shared" (v1.28.5+, one probe of kube-proxy for both). The per-port annotations are keyed by '
          + `port number only: port_${port}_no_lb_rule and port_${port}_no_probe_rule reach ${port}/TCP and ${port}/UDP alike, and `
          + `port_${port}_health-probe_* reshape the probe of the TCP rule only (cloud-provider-azure never builds a probe for a UDP port)`,
      ),
    ];
    if (twoServices) {
      // leaf values (names, addresses) may be placeholders of pulumi Inputs: the report names the options, not their values
      const shared = options.pipName !== undefined ? 'the public IP named in pipName' : 'the public IP address given as address';
      notes.push(note(
        NoteSeverity.INFO,
        'aks-shared-ip',
        `both Services use ${shared}, which must exist before they are created (cloud-provider-azure reports an error for an address without a `
          + 'pre-allocated public IP)'
          + (options.dnsLabelName !== undefined
            ? '; only the TCP Service sets the DNS label, and a static public IP is not tagged with the Service that owns the label (tag it '
              + 'k8s-azure-dns-label-service=<namespace>/<service> yourself to keep other Services off it)'
            : ''),
      ));
    }
    if (options.resourceGroup !== undefined) {
      notes.push(note(
        NoteSeverity.WARNING,
        'aks-resource-group',
        'the cluster identity needs permission to use the public IP in the resource group given as resourceGroup (e.g. Network Contributor on it)',
      ));
    }
    const tcpIdleTimeout = shape.annotations[AKS_TCP_IDLE_TIMEOUT_ANNOTATION];
    notes.push(...udpFlowNotes(
      NoteSeverity.WARNING,
      (tcpIdleTimeout !== undefined
        ? `azure-load-balancer-tcp-idle-timeout ${tcpIdleTimeout} minutes applies to the TCP rule only`
        : 'azure-load-balancer-tcp-idle-timeout (4 to 100 minutes, default 4) applies to the TCP rule only')
        + ' (the Azure API uses a rule\'s idleTimeoutInMinutes only for TCP), and the reference gives no idle timeout for the UDP rule\'s flows '
        + '(unverified)',
    ));
    return {
      clientIp: local
        ? finding(
          FindingStatus.YES,
          'the Azure load balancer passes packets through with floating IP (the client\'s source address reaches the node) and externalTrafficPolicy '
            + 'Local keeps kube-proxy from source-NATing',
        )
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'the Azure load balancer distributes flows by 5-tuple (cloud-provider-azure does not use the Quic rule protocol) and kube-proxy picks a pod '
          + 'per flow: a client whose address changes reaches another node or pod and reconnects',
      ),
      udpHealthCheck: local
        ? finding(
          FindingStatus.PARTIAL,
          'the UDP rule shares the HTTP probe on healthCheckNodePort, which reports ready endpoints on the node; QUIC itself is never probed',
        )
        : finding(
          FindingStatus.NO,
          'with externalTrafficPolicy Cluster the UDP rule has no health probe, so UDP keeps reaching nodes the TCP probe marks down; set '
            + 'externalTrafficPolicy Local (or run the cloud provider with clusterServiceLoadBalancerHealthProbeMode "shared")',
        ),
      notes,
    };
  },
};

/** check how the address is given: one of pipName and address, public-IP options only for a public load balancer */
function checkAddressing(options: Parsed, raw: Readonly<Record<string, unknown>>, path: string): void {
  if (options.pipName !== undefined && options.address !== undefined) {
    throw Http3ConfigError.conflict(
      `${path}.address`,
      raw.address,
      `${path}.pipName`,
      raw.pipName,
      'both pin the load balancer\'s address',
      'give the public IP either by name (pipName) or by address (address)',
    );
  }
  if (options.internal) {
    for (const [field, what] of [
      ['pipName', 'an internal load balancer has no public IP'],
      ['resourceGroup', 'resourceGroup names the resource group of a public IP, and an internal load balancer has none'],
      ['dnsLabelName', 'the DNS label belongs to a public IP, and an internal load balancer has none'],
    ] as const) {
      if (raw[field] !== undefined) {
        // the plain option is the error's prop: a leaf may be a pulumi Input, whose placeholder the Pulumi adapter would report as "must be plain"
        throw Http3ConfigError.conflict(
          `${path}.internal`,
          true,
          `${path}.${field}`,
          raw[field],
          what,
          field === 'pipName' ? 'give the private address as address, or remove internal' : `remove ${field}, or remove internal`,
        );
      }
    }
  }
  if (options.resourceGroup !== undefined && options.pipName === undefined && options.address === undefined) {
    throw Http3ConfigError.invalid(
      `${path}.resourceGroup`,
      raw.resourceGroup,
      'set only together with pipName or address',
      'it tells the cloud provider where the pre-created public IP lives',
    );
  }
  if (options.mixedProtocol === 'two-services' && options.pipName === undefined && options.address === undefined) {
    throw options.internal
      ? Http3ConfigError.invalid(
        `${path}.address`,
        undefined,
        'the private IPv4 address both Services share when mixedProtocol is "two-services" and internal is true',
        'without it each Service gets its own address',
      )
      : Http3ConfigError.invalid(
        `${path}.pipName`,
        undefined,
        'the name of a pre-created public IP (or give its IPv4 address as address) when mixedProtocol is "two-services"',
        'without it each Service gets its own address',
      );
  }
}

/** check what the Kubernetes version can carry */
function checkVersion(options: Parsed, raw: Readonly<Record<string, unknown>>, path: string): void {
  const version = options.kubernetesVersion!;
  if (options.mixedProtocol === 'single-service' && compareVersions(version, AKS_MIXED_PROTOCOL_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.mixedProtocol`,
      'single-service',
      `${path}.kubernetesVersion`,
      raw.kubernetesVersion,
      'a LoadBalancer Service may mix TCP and UDP from Kubernetes 1.24, where MixedProtocolLBService is on by default (AKS 1.20 did not enable it, '
        + 'Azure/AKS#2193)',
      'set mixedProtocol "two-services" with address (a pre-created public IP both Services share), or upgrade the cluster',
    );
  }
  if (options.pipName !== undefined && options.mixedProtocol === 'two-services' && compareVersions(version, AKS_PIP_NAME_SHARING_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.kubernetesVersion`,
      raw.kubernetesVersion,
      `${path}.pipName`,
      raw.pipName,
      'Services share a public IP by name from cloud-provider-azure v1.24',
      'give the public IP\'s address as address instead (v1.21+), or upgrade the cluster',
    );
  }
  if (options.address !== undefined && compareVersions(version, AKS_IPV4_ANNOTATION_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.kubernetesVersion`,
      raw.kubernetesVersion,
      `${path}.address`,
      raw.address,
      'the azure-load-balancer-ipv4 annotation arrived in cloud-provider-azure v1.21',
      'upgrade the cluster',
    );
  }
}

/**
 * `gke`: Google Kubernetes Engine passthrough Network Load Balancers (loadbalancers.md §2, §16, §17, §18).
 *
 * - One mixed Service (default): the backend-service-based (RBS) L4 load balancer selected with
 *   `spec.loadBalancerClass: networking.gke.io/l4-regional-external` carries 443/TCP and 443/UDP on one address
 *   from GKE 1.34.1-gke.2190000 (Preview: clusters created on that version or later, external IPv4 only) and GA
 *   from 1.36.2-gke.1498000 (external and internal; internal with `networking.gke.io/l4-regional-internal` and
 *   GKE subsetting). GKE docs how-to/mixed-protocol-lb (both revisions cited in the reference).
 * - Two Services on one reserved regional static IP (older clusters): RBS Services name the reserved address in
 *   `networking.gke.io/load-balancer-ip-addresses` (ingress-gce `pkg/l4/annotations/l4_static_address.go`,
 *   `pkg/l4/address/to_use.go`); legacy target-pool Services, which reject mixed protocols
 *   (`LoadBalancerMixedProtocolNotSupported`), pin the address itself with `spec.loadBalancerIP` (Emissary
 *   `howtos/http3-gke.md`).
 *
 * The load balancer is a passthrough (direct server return): the client IP reaches the nodes, health checks are
 * HTTP against kube-proxy (10256, or healthCheckNodePort with Local), and flows are hashed per 5-tuple with
 * connection tracking, with no QUIC connection-ID awareness (§2 (c), (d)).
 */
import { Http3ConfigError } from '../core/errors';
import { isPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { compareVersions, readDns1035Label, readEnum, readIp } from '../core/validate';
import { clusterSourceNatFinding, udpFlowNotes } from './_quic';
import {
  ExternalTrafficPolicy,
  InfrastructureProvider,
  MixedProtocol,
  MixedProtocolLayout,
  ProviderBaseOptions,
  layoutOf,
  readMixedProtocol,
} from './provider';

/** GA of mixed-protocol LoadBalancer Services on GKE: external and internal, IPv4, IPv6 and dual-stack */
export const GKE_MIXED_PROTOCOL_GA = '1.36.2-gke.1498000';
/** Preview of mixed-protocol LoadBalancer Services: clusters created on this version or later, external IPv4 only */
export const GKE_MIXED_PROTOCOL_PREVIEW = '1.34.1-gke.2190000';
/** the first GKE version that honours `loadBalancerClass: networking.gke.io/l4-regional-external` (GKE "About LoadBalancer Services") */
export const GKE_L4_CLASS_SINCE = '1.33.1-gke.1779000';
/** the first GKE version with the `cloud.google.com/l4-rbs: "enabled"` annotation (GKE "LoadBalancer Service parameters") */
export const GKE_RBS_ANNOTATION_SINCE = '1.25.5';
/** the GKE version assumed when `version` is not given (the GA of mixed-protocol Services) */
export const GKE_DEFAULT_VERSION = GKE_MIXED_PROTOCOL_GA;

/** the class of the backend-service-based external passthrough Network Load Balancer */
export const GKE_EXTERNAL_CLASS = 'networking.gke.io/l4-regional-external';
/** the class of the internal passthrough Network Load Balancer */
export const GKE_INTERNAL_CLASS = 'networking.gke.io/l4-regional-internal';
/** the annotation naming reserved regional static addresses (at most one IPv4 and one IPv6 name) */
export const GKE_STATIC_IP_ANNOTATION = 'networking.gke.io/load-balancer-ip-addresses';
/** the annotation that makes an external Service backend-service based on any supported GKE version */
export const GKE_RBS_ANNOTATION = 'cloud.google.com/l4-rbs';

/** options of the `gke` provider; `S` is the type of the address leaves (`pulumi.Input<string>` in the Pulumi adapter) */
export interface GkeProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'gke';
  /**
   * The GKE version of the cluster, e.g. `1.35.0-gke.1234000` (a version without the `-gke.N` build counts as build
   * 0). It decides whether one Service can carry both protocols (Preview from 1.34.1-gke.2190000 on clusters
   * created on that version or later, GA from 1.36.2-gke.1498000) and how the two Services of the fallback select
   * the backend-service load balancer (the class from 1.33.1-gke.1779000, the `cloud.google.com/l4-rbs` annotation
   * before).
   *
   * @default '1.36.2-gke.1498000'
   */
  readonly version?: string;
  /**
   * `external` for an internet-facing address, or `internal` for an address in the VPC (one mixed Service only,
   * from GKE 1.36.2-gke.1498000, with GKE subsetting enabled on the cluster).
   *
   * @default 'external'
   */
  readonly scheme?: 'external' | 'internal';
  /**
   * One mixed Service, or two Services (`<name>-tcp`, `<name>-udp`) sharing one reserved regional static IP, for
   * clusters without mixed-protocol support.
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * Which external passthrough Network Load Balancer builds the Services: `backend-service` (what GKE recommends,
   * and the only one that carries a mixed Service) or the legacy `target-pool` one (two Services pinned with
   * `spec.loadBalancerIP`).
   *
   * @default 'backend-service'
   */
  readonly networkLoadBalancer?: 'backend-service' | 'target-pool';
  /**
   * The name of a reserved regional static IPv4 address in the cluster's region
   * (`networking.gke.io/load-balancer-ip-addresses`), for backend-service load balancers. Required with
   * `two-services`: it is what makes both Services use one address.
   *
   * @default - an ephemeral address (single-service only)
   */
  readonly staticIpName?: S;
  /**
   * The reserved static IPv4 address itself, for `target-pool` load balancers (`spec.loadBalancerIP` on both
   * Services). Required with `target-pool`.
   *
   * @default - none
   */
  readonly address?: S;
}

type Parsed = GkeProviderOptions & {
  readonly version: string;
  readonly scheme: 'external' | 'internal';
  readonly mixedProtocol: MixedProtocol;
  readonly networkLoadBalancer: 'backend-service' | 'target-pool';
};

const GKE_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+)(?:-gke\.(\d+))?)?$/;

/** read a GKE version such as `1.34.1-gke.2190000` (a leading `v` is accepted and dropped) */
export function readGkeVersion(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !GKE_VERSION.test(value)) {
    throw Http3ConfigError.invalid(path, value, 'a GKE version such as "1.34.1-gke.2190000" (or "1.34.1", read as build 0)');
  }
  return value.replace(/^v/, '');
}

/**
 * Compare GKE versions: major, minor, patch, then the `-gke.N` build (missing parts count as 0). The build is
 * compared as a fourth dotted part: `1.34.1-gke.2190000` as `1.34.1.2190000`.
 */
export function compareGkeVersions(a: string, b: string): number {
  const dotted = (v: string) => v.replace(/^v/, '').replace('-gke.', '.');
  return compareVersions(dotted(a), dotted(b));
}

/** read a leaf that may be a placeholder (a pulumi.Input resolved at deployment, where the same reader runs again) */
function leaf(value: unknown, read: () => string): string {
  return isPlaceholder(value) ? (value as string) : read();
}

/** the `gke` provider: one mixed Service on the backend-service L4 load balancer, or two Services on one reserved regional IP */
export const gkeProvider: InfrastructureProvider<'gke', Parsed> = {
  name: 'gke',
  title: 'Google Kubernetes Engine, passthrough Network Load Balancer',
  support: {
    mixedService: `yes with \`loadBalancerClass: ${GKE_EXTERNAL_CLASS}\` (backend-service based): Preview from ${GKE_MIXED_PROTOCOL_PREVIEW} `
      + `on new clusters (external IPv4), GA from ${GKE_MIXED_PROTOCOL_GA}; the legacy target-pool load balancer: no`,
    workaround: 'older clusters: two Services on one reserved regional static IP',
    ipSharing: `backend-service: \`${GKE_STATIC_IP_ANNOTATION}: <address name>\`; target-pool: \`spec.loadBalancerIP: <address>\``,
    caveats: 'loadBalancerClass is immutable (recreate Services that carry the legacy l4-netlb-v1/l4-ilb-v1 finalizers); internal mixed Services '
      + 'need GA and GKE subsetting; flows are hashed per 5-tuple',
  },
  fields: ['version', 'scheme', 'mixedProtocol', 'networkLoadBalancer', 'staticIpName', 'address'],
  parse(raw, path) {
    const version = readGkeVersion(raw.version, `${path}.version`, GKE_DEFAULT_VERSION);
    const scheme = readEnum(raw.scheme, `${path}.scheme`, ['external', 'internal'] as const, 'external');
    const mixedProtocol = readMixedProtocol(raw, path);
    const networkLoadBalancer = readEnum(
      raw.networkLoadBalancer,
      `${path}.networkLoadBalancer`,
      ['backend-service', 'target-pool'] as const,
      'backend-service',
    );
    const staticIpName = raw.staticIpName === undefined
      ? undefined
      : leaf(raw.staticIpName, () => readDns1035Label(raw.staticIpName, `${path}.staticIpName`));
    const address = raw.address === undefined ? undefined : readIp(raw.address, `${path}.address`, 4);
    const parsed: Parsed = { name: 'gke', version, scheme, mixedProtocol, networkLoadBalancer, staticIpName, address };
    if (networkLoadBalancer === 'target-pool') checkTargetPool(parsed, raw, path);
    else checkBackendService(parsed, raw, path);
    return parsed;
  },
  shape(options, request) {
    const annotations: Record<string, string> = {};
    if (options.networkLoadBalancer === 'target-pool') {
      // loadbalancers.md §2 (b): the legacy controller reads spec.loadBalancerIP; no class (§0.2), no annotation
      return {
        layout: MixedProtocolLayout.TWO_SERVICES,
        annotations,
        loadBalancerIP: options.address,
        externalTrafficPolicy: request.externalTrafficPolicy,
      };
    }
    const twoServices = options.mixedProtocol === 'two-services';
    let loadBalancerClass: string | undefined = options.scheme === 'internal' ? GKE_INTERNAL_CLASS : GKE_EXTERNAL_CLASS;
    if (twoServices && compareGkeVersions(options.version, GKE_L4_CLASS_SINCE) < 0) {
      // the class is not honoured yet: the annotation selects the backend-service load balancer (reference §2 (b) YAML)
      loadBalancerClass = undefined;
      annotations[GKE_RBS_ANNOTATION] = 'enabled';
    }
    if (options.staticIpName !== undefined) annotations[GKE_STATIC_IP_ANNOTATION] = options.staticIpName;
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      loadBalancerClass,
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape, request) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const twoServices = options.mixedProtocol === 'two-services';
    const notes: ReportNote[] = [];
    if (!twoServices) {
      if (compareGkeVersions(options.version, GKE_MIXED_PROTOCOL_GA) < 0) {
        notes.push(note(
          NoteSeverity.WARNING,
          'gke-mixed-protocol-preview',
          `before ${GKE_MIXED_PROTOCOL_GA} mixed-protocol Services are a Preview that works only on clusters created on `
            + `${GKE_MIXED_PROTOCOL_PREVIEW} or later, for external IPv4 Services: on a cluster upgraded from an older version use mixedProtocol `
            + '"two-services"',
        ));
      }
      notes.push(note(
        NoteSeverity.INFO,
        'gke-mixed-protocol',
        `one Service with ${request.port}/TCP and ${request.port}/UDP needs the HttpLoadBalancing add-on and a Service created with `
          + `loadBalancerClass ${shape.loadBalancerClass} (the field is immutable: delete and recreate a Service that carries the `
          + 'gke.networking.io/l4-netlb-v1 or l4-ilb-v1 finalizer); GKE builds L3 forwarding rules that send all traffic for the address to the '
          + 'nodes and filters it with firewall rules it manages at priorities 999 (allow) and 1000 (deny)',
      ));
      if (options.scheme === 'internal') {
        notes.push(note(
          NoteSeverity.WARNING,
          'gke-subsetting',
          // GKE "Create an internal load balancer": subsetting cannot be disabled once it has been enabled
          'an internal mixed-protocol Service needs GKE subsetting enabled on the cluster (it cannot be disabled once enabled)',
        ));
      }
    } else {
      notes.push(note(
        NoteSeverity.INFO,
        'gke-shared-ip',
        options.networkLoadBalancer === 'target-pool'
          ? 'both Services request the address with spec.loadBalancerIP (deprecated upstream since Kubernetes 1.24, still honoured): reserve it as a '
            + 'regional static external address in the cluster\'s region first; GKE no longer recommends target-pool load balancers'
          : `both Services name the reserved address in ${GKE_STATIC_IP_ANNOTATION}, and share it only while both keep that name`,
      ));
    }
    if (options.staticIpName !== undefined) {
      notes.push(note(
        NoteSeverity.WARNING,
        'gke-static-ip',
        `reserve the regional static address named in staticIpName in the cluster's region before creating the Service${twoServices ? 's' : ''}: `
          + 'GKE skips a name it cannot find and gives the load balancer an ephemeral address'
          + (twoServices ? ', so the two Services would end up on different addresses' : ''),
      ));
    }
    notes.push(...udpFlowNotes(
      NoteSeverity.WARNING,
      'the reference gives no idle timeout for UDP flows through a GKE passthrough load balancer\'s connection tracking (unverified)',
    ));
    return {
      clientIp: local
        ? finding(
          FindingStatus.YES,
          'the passthrough load balancer delivers packets with the client\'s source address (direct server return) and externalTrafficPolicy Local '
            + 'keeps kube-proxy from source-NATing',
        )
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'the passthrough load balancer picks a node per 5-tuple (consistent hashing with connection tracking, no QUIC connection-ID awareness) and '
          + 'kube-proxy picks a pod per flow: a client whose address changes reaches another node or pod and reconnects',
      ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        local
          ? 'GKE health-checks the nodes over HTTP on healthCheckNodePort, which reports ready endpoints on the node for both protocols; no UDP '
            + 'probe is needed, and QUIC itself is never probed'
          : 'GKE health-checks the nodes over HTTP on kube-proxy\'s port 10256 (node health, not the endpoints); QUIC itself is never probed',
      ),
      notes,
    };
  },
};

/** the checks of a legacy target-pool load balancer: external, two Services, a pinned address */
function checkTargetPool(options: Parsed, raw: Readonly<Record<string, unknown>>, path: string): void {
  if (options.scheme === 'internal') {
    throw Http3ConfigError.conflict(
      `${path}.networkLoadBalancer`,
      'target-pool',
      `${path}.scheme`,
      'internal',
      'target-pool load balancers are external only',
      'remove networkLoadBalancer (internal Services are backend-service based)',
    );
  }
  if (options.mixedProtocol === 'single-service') {
    throw Http3ConfigError.conflict(
      `${path}.networkLoadBalancer`,
      'target-pool',
      `${path}.mixedProtocol`,
      'single-service',
      'the legacy target-pool load balancer rejects a Service with TCP and UDP ports (LoadBalancerMixedProtocolNotSupported, "mixed protocol is '
        + 'not supported for LoadBalancer")',
      'set mixedProtocol "two-services" with address (the reserved static IP both Services request)',
    );
  }
  if (raw.staticIpName !== undefined) {
    // the plain option is the error's prop: a leaf may be a pulumi Input, whose placeholder the Pulumi adapter would report as "must be plain"
    throw Http3ConfigError.conflict(
      `${path}.networkLoadBalancer`,
      'target-pool',
      `${path}.staticIpName`,
      raw.staticIpName,
      `${GKE_STATIC_IP_ANNOTATION} is read by GKE's backend-service (L4) controllers; how the legacy target-pool controller treats it is `
        + 'not verified',
      'give the reserved address itself as address (spec.loadBalancerIP), or use networkLoadBalancer "backend-service"',
    );
  }
  if (options.address === undefined) {
    throw Http3ConfigError.invalid(
      `${path}.address`,
      undefined,
      'the reserved regional static IPv4 address when networkLoadBalancer is "target-pool"',
      'without it the two Services get two different ephemeral addresses',
    );
  }
}

/** the checks of a backend-service load balancer: versions with mixed-protocol support, a named address for two Services */
function checkBackendService(options: Parsed, raw: Readonly<Record<string, unknown>>, path: string): void {
  if (raw.address !== undefined) {
    throw Http3ConfigError.conflict(
      `${path}.networkLoadBalancer`,
      'backend-service',
      `${path}.address`,
      raw.address,
      `backend-service load balancers take a reserved address by name (${GKE_STATIC_IP_ANNOTATION})`,
      'give the reserved address\'s name as staticIpName, or set networkLoadBalancer "target-pool"',
    );
  }
  if (options.mixedProtocol === 'single-service') {
    const since = options.scheme === 'internal' ? GKE_MIXED_PROTOCOL_GA : GKE_MIXED_PROTOCOL_PREVIEW;
    if (compareGkeVersions(options.version, since) < 0) {
      throw Http3ConfigError.conflict(
        `${path}.mixedProtocol`,
        'single-service',
        `${path}.version`,
        options.version,
        options.scheme === 'internal'
          ? `internal mixed-protocol Services arrived with the GA in ${GKE_MIXED_PROTOCOL_GA}`
          : `GKE carries TCP and UDP in one Service from ${GKE_MIXED_PROTOCOL_PREVIEW} (Preview, clusters created on that version or later; GA `
            + `${GKE_MIXED_PROTOCOL_GA}), and older versions reject it (LoadBalancerMixedProtocolNotSupported)`,
        options.scheme === 'internal'
          ? `upgrade the cluster to ${GKE_MIXED_PROTOCOL_GA} or later, or expose an external Service`
          : 'set mixedProtocol "two-services" with staticIpName (a reserved regional static IP both Services use), or upgrade the cluster',
      );
    }
    return;
  }
  if (options.scheme === 'internal') {
    throw Http3ConfigError.conflict(
      `${path}.mixedProtocol`,
      'two-services',
      `${path}.scheme`,
      'internal',
      'kube-http3 shares one address between two Services only for external load balancers (internal address sharing is not covered by its '
        + 'reference)',
      `use one mixed internal Service (mixedProtocol "single-service", GKE ${GKE_MIXED_PROTOCOL_GA} or later), or scheme "external"`,
    );
  }
  if (compareGkeVersions(options.version, GKE_RBS_ANNOTATION_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.networkLoadBalancer`,
      'backend-service',
      `${path}.version`,
      options.version,
      `backend-service external load balancers for Services arrived in GKE ${GKE_RBS_ANNOTATION_SINCE} (${GKE_RBS_ANNOTATION})`,
      'set networkLoadBalancer "target-pool" with address, or upgrade the cluster',
    );
  }
  if (options.staticIpName === undefined) {
    throw Http3ConfigError.invalid(
      `${path}.staticIpName`,
      undefined,
      'the name of a reserved regional static IPv4 address when mixedProtocol is "two-services"',
      'without it the two Services get two different ephemeral addresses',
    );
  }
}

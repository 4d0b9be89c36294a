/**
 * `digitalocean`: DigitalOcean Kubernetes (DOKS), load balancers created by the DigitalOcean cloud controller.
 *
 * One Service carries 443/TCP and 443/UDP (loadbalancers.md §4 (a)): UDP rules since cloud controller v0.1.37,
 * and the "cannot share port between TCP and UDP" validation was removed in v0.1.41 (commit 73333e6a). The
 * controller builds one forwarding rule per Service port (digitalocean/digitalocean-cloud-controller-manager
 * `cloud-controller-manager/do/loadbalancers.go`):
 * - `REGIONAL_NETWORK` (pass-through, the documented default since v0.1.61; the controller's default is configurable
 *   with `DEFAULT_LB_TYPE`): `buildRegionalNetworkForwardingRule` forwards tcp and udp to the Service port on the
 *   nodes, and `firewall_controller.go` opens the Service's ports on the nodes to every source, so packets reach the
 *   nodes with the client's address;
 * - `REGIONAL` (a proxy): `buildForwardingRules` forwards a tcp rule to the TCP nodePort and a udp rule to the UDP
 *   nodePort; the gateway sees the load balancer's address on both.
 * kube-http3 sets `service.beta.kubernetes.io/do-loadbalancer-type` explicitly, so the cluster's default cannot
 * change what is built. Each Service gets its own load balancer: two Services never share an address (§4 (b)).
 *
 * HTTP/3 terminated by the load balancer itself (REGIONAL, a certificate held by DigitalOcean) is another
 * implementation: `gateway.implementation: 'digitalocean-load-balancer'` (lib/gateways/digitalocean-load-balancer.ts).
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { compareVersions, readEnum, readVersion } from '../core/validate';
import { clusterSourceNatFinding, udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

/** the cloud controller release assumed when `version` is not given (the newest known to the reference) */
export const DIGITALOCEAN_DEFAULT_VERSION = '0.1.68';
/** the first cloud controller release that accepts TCP and UDP on the same port number in one Service */
export const DIGITALOCEAN_SAME_PORT_SINCE = '0.1.41';
/** the first cloud controller release that reads `do-loadbalancer-type` (older ones build REGIONAL load balancers) */
export const DIGITALOCEAN_TYPE_ANNOTATION_SINCE = '0.1.51';

/** the prefix of the DigitalOcean cloud controller's Service annotations */
const PREFIX = 'service.beta.kubernetes.io/do-loadbalancer-';

/** the annotation that selects the load-balancer type */
export const DIGITALOCEAN_TYPE_ANNOTATION = `${PREFIX}type`;

/** the DigitalOcean load-balancer types (wire values of `do-loadbalancer-type`) */
export type DigitaloceanLoadBalancerType = 'REGIONAL_NETWORK' | 'REGIONAL';

/** options of the `digitalocean` provider */
export interface DigitaloceanProviderOptions extends ProviderBaseOptions {
  readonly name: 'digitalocean';
  /**
   * The load-balancer type: `REGIONAL_NETWORK` passes packets through to the nodes (the client IP reaches the
   * gateway with externalTrafficPolicy Local); `REGIONAL` proxies TCP and UDP (the gateway sees the load
   * balancer's address). The type is fixed when the load balancer is created.
   *
   * @default 'REGIONAL_NETWORK'
   */
  readonly type?: DigitaloceanLoadBalancerType;
  /**
   * One mixed Service, the only layout DigitalOcean can carry on one address (`two-services` is refused: each
   * Service gets its own load balancer and address).
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service';
  /**
   * The DigitalOcean cloud controller version of the cluster (DOKS upgrades it with the cluster): releases before
   * 0.1.41 refuse TCP and UDP on one port, releases before 0.1.51 ignore the type annotation.
   *
   * @default '0.1.68'
   */
  readonly version?: string;
}

type Parsed = DigitaloceanProviderOptions & { readonly type: DigitaloceanLoadBalancerType; readonly version: string };

/** why the HTTP/3 and TLS rules of a REGIONAL load balancer are not for this provider */
const LB_TERMINATION =
  'kube-http3 builds plain tcp and udp rules that pass TLS and QUIC through to the gateway; for HTTP/3 terminated by the load balancer use '
  + 'gateway.implementation "digitalocean-load-balancer" with provider "generic"';

/**
 * Annotations users may not add through `provider.annotations`, with the reason (cloud controller
 * `do/loadbalancers.go` `buildForwardingRules`, `docs/controllers/services/annotations.md`).
 */
const FORBIDDEN: ReadonlyArray<{ readonly key: string; readonly reason: string }> = [
  {
    key: `${PREFIX}protocol`,
    reason: `sets the protocol of every TCP rule: http, https, http2 or http3 make the load balancer terminate the TCP port while QUIC passes `
      + `through; ${LB_TERMINATION}`,
  },
  { key: `${PREFIX}tls-ports`, reason: `turns the TCP port into an HTTPS rule terminated by the load balancer; ${LB_TERMINATION}` },
  { key: `${PREFIX}http2-ports`, reason: `turns the TCP port into an HTTP/2 rule terminated by the load balancer; ${LB_TERMINATION}` },
  { key: `${PREFIX}http-ports`, reason: `turns the TCP port into a plain HTTP rule; ${LB_TERMINATION}` },
  {
    key: `${PREFIX}http3-port`,
    reason: `adds the load balancer's own HTTP/3 rule on the port the gateway's QUIC listener serves; ${LB_TERMINATION}`,
  },
  {
    key: `${PREFIX}certificate-id`,
    reason: 'makes 443 an HTTPS rule terminated by the load balancer (the cloud controller assumes 443 for HTTPS when a certificate is set); '
      + LB_TERMINATION,
  },
  {
    key: `${PREFIX}certificate-name`,
    reason: 'makes 443 an HTTPS rule terminated by the load balancer (the cloud controller assumes 443 for HTTPS when a certificate is set); '
      + LB_TERMINATION,
  },
  {
    key: `${PREFIX}tls-passthrough`,
    reason: 'makes 443 an HTTPS passthrough rule of a REGIONAL load balancer (REGIONAL_NETWORK ignores it); the tcp rule kube-http3 relies on '
      + 'already passes TLS through',
  },
  {
    key: `${PREFIX}enable-proxy-protocol`,
    reason: 'turns on PROXY protocol v1, which exists for TCP only: a REGIONAL load balancer then prepends headers that the gateway kube-http3 '
      + 'configures does not expect (its TLS handshakes would fail), and QUIC cannot carry them; keep the client IP with type "REGIONAL_NETWORK" '
      + 'and externalTrafficPolicy "Local"',
  },
];

export const digitaloceanProvider: InfrastructureProvider<'digitalocean', Parsed> = {
  name: 'digitalocean',
  title: 'DigitalOcean (DOKS) load balancer, pass-through or proxy',
  support: {
    mixedService: 'yes, from cloud controller v0.1.41 (UDP since v0.1.37), with `do-loadbalancer-type` set explicitly',
    workaround: 'one Service with plain tcp and udp rules: `REGIONAL_NETWORK` (pass-through, default) or `REGIONAL` (proxy); for HTTP/3 '
      + 'terminated by the load balancer use the `digitalocean-load-balancer` implementation',
    ipSharing: 'none: one load balancer per Service (two Services are refused)',
    caveats: 'the type is fixed at creation; health checks are HTTP to kube-proxy (a UDP port is refused as health-check port); REGIONAL hides the '
      + 'client IP (PROXY protocol is TCP-only); REGIONAL_NETWORK needs nodes with public IPv4',
  },
  fields: ['type', 'mixedProtocol', 'version'],
  forbiddenAnnotations: FORBIDDEN,
  parse(raw, path) {
    const version = readVersion(raw.version, `${path}.version`, DIGITALOCEAN_DEFAULT_VERSION);
    if (compareVersions(version, DIGITALOCEAN_SAME_PORT_SINCE) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'cannot carry TCP and UDP on the same port in one Service: before v0.1.41 the DigitalOcean cloud controller refuses it ("cannot share port '
          + 'between TCP and UDP", removed by commit 73333e6a), and before v0.1.37 it has no UDP at all',
        'upgrade the cloud controller to v0.1.41 or later (DOKS upgrades it with the cluster)',
      );
    }
    if (raw.mixedProtocol === 'two-services') {
      throw Http3ConfigError.refused(
        `${path}.mixedProtocol`,
        raw.mixedProtocol,
        'cannot share one address: the DigitalOcean cloud controller gives every Service its own load balancer (do-loadbalancer-ip only pins a BYOIP '
          + 'address of one load balancer), so the TCP and the UDP Service would get different addresses',
        'remove mixedProtocol: one Service carries TCP and UDP on the same port on DigitalOcean',
      );
    }
    readEnum(raw.mixedProtocol, `${path}.mixedProtocol`, ['single-service'] as const, 'single-service');
    const type = readEnum(raw.type, `${path}.type`, ['REGIONAL_NETWORK', 'REGIONAL'] as const, 'REGIONAL_NETWORK');
    if (type === 'REGIONAL_NETWORK' && compareVersions(version, DIGITALOCEAN_TYPE_ANNOTATION_SINCE) < 0) {
      throw Http3ConfigError.conflict(
        `${path}.type`,
        type,
        `${path}.version`,
        raw.version,
        'the do-loadbalancer-type annotation arrived in v0.1.51; older cloud controllers ignore it and build a REGIONAL (proxy) load balancer',
        'upgrade the cloud controller to v0.1.51 or later, or set type "REGIONAL"',
      );
    }
    return { name: 'digitalocean', type, mixedProtocol: 'single-service', version };
  },
  shape(options, request) {
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations: { [DIGITALOCEAN_TYPE_ANNOTATION]: options.type },
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const passThrough = options.type === 'REGIONAL_NETWORK';
    const probed = local ? 'the healthCheckNodePort: nodes with a ready gateway pod' : 'port 10256: every node with a healthy kube-proxy';
    const notes: ReportNote[] = [
      note(
        NoteSeverity.INFO,
        'digitalocean-type-fixed',
        `the load balancer is built as ${options.type} when it is created: the cloud controller writes the existing load balancer's type back into `
          + 'do-loadbalancer-type (retrieveAndAnnotateLoadBalancer), so a later change has no effect; recreate the Service to switch types',
      ),
    ];
    if (passThrough) {
      notes.push(note(
        NoteSeverity.INFO,
        'digitalocean-public-nodes',
        'an EXTERNAL REGIONAL_NETWORK load balancer only registers nodes that have a public IPv4 address (cloud controller docs/getting-started.md): '
          + 'on a cluster of private-only nodes use type "REGIONAL" or do-loadbalancer-network "INTERNAL"',
      ));
    }
    notes.push(
      ...udpFlowNotes(NoteSeverity.WARNING, 'DigitalOcean documents no idle timeout for UDP flows through its load balancers (unverified)'),
      note(
        NoteSeverity.INFO,
        'digitalocean-load-balancer-alternative',
        'for HTTP/3 terminated by the DigitalOcean load balancer itself (type REGIONAL, a certificate held by DigitalOcean, plain HTTP to the pods) '
          + 'use gateway.implementation "digitalocean-load-balancer" with provider "generic" instead of a QUIC listener in the cluster',
      ),
    );
    return {
      clientIp: !passThrough
        ? finding(
          FindingStatus.NO,
          'a REGIONAL load balancer is a proxy: the gateway sees the load balancer\'s address on TCP and UDP (PROXY protocol is v1, TCP only, '
            + 'and kube-http3 does not configure gateways for it); use type "REGIONAL_NETWORK" with externalTrafficPolicy "Local"',
        )
        : local
          ? finding(
            FindingStatus.YES,
            'the REGIONAL_NETWORK load balancer passes packets through to the nodes (the cloud controller opens the Service ports on the nodes '
              + 'to every source) and externalTrafficPolicy Local keeps kube-proxy from source-NATing',
          )
          : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        passThrough
          ? 'the load balancer and kube-proxy pick a node and a pod per UDP flow (DigitalOcean documents no connection-ID routing): a client '
            + 'whose address changes (NAT rebinding, Wi-Fi to cellular) can reach another pod, which does not know the connection, and reconnects'
          : 'the REGIONAL load balancer proxies each client UDP flow to a node (DigitalOcean documents no connection-ID routing): a client whose '
            + 'address changes starts a new flow, which can reach another node or pod, and reconnects',
      ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        `one load-balancer health check covers the TCP and the UDP rule: HTTP /healthz on kube-proxy (${probed}); QUIC itself is never probed, `
          + 'and with do-loadbalancer-override-health-check the check port must be a TCP port (the cloud controller refuses a UDP one)',
      ),
      notes,
    };
  },
};

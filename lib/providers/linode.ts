/**
 * `linode`: Linode / Akamai Cloud (LKE), NodeBalancers created by the Linode cloud controller.
 *
 * A NodeBalancer can carry UDP (premium NodeBalancers only: Akamai techdocs "Configuration options for
 * NodeBalancers"), but not on the port number of a TCP config of the same Service: the cloud controller matches
 * existing NodeBalancer configs by port number only (linode/linode-cloud-controller-manager `cloud/linode/loadbalancers.go`
 * `nbc.Port == int(port.Port)`, and `deleteUnusedConfigs` likewise), so 443/TCP and 443/UDP would address one config
 * (loadbalancers.md §5 (a)). The only verified shape puts UDP on another port, which the core then advertises in
 * Alt-Svc (the Service's UDP port moves with `ServiceShape.udpPort`; implementations that cannot serve QUIC on another
 * port are refused; the HTTPS record, which names one port for every protocol, drops h3). Chrome ignores an Alt-Svc
 * alternative on a port >= 1024 for an origin on a port < 1024 (discovery.md A.3), so that shape needs the user's
 * explicit acknowledgement.
 *
 * Every `linode-loadbalancer-default-*` annotation applies to the UDP config too; the protocol one overrides the
 * Service port's protocol (`loadbalancers_helpers.go` `getPortProtocol`: `port-<N>` JSON > `default-protocol` >
 * ServicePort protocol), and the cloud controller refuses PROXY protocol on a UDP config (`getPortProxyProtocol`).
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { readBoolean, readPort } from '../core/validate';
import { udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

const PREFIX = 'service.beta.kubernetes.io/linode-loadbalancer-';

/** the annotation that selects a premium NodeBalancer, the only type with UDP configs */
export const LINODE_NODEBALANCER_TYPE_ANNOTATION = `${PREFIX}nodebalancer-type`;

/** Chrome ignores Alt-Svc alternatives on this port or above for origins below it (net/http/http_stream_factory_job_controller.cc) */
const CHROME_USER_PORT_THRESHOLD = 1024;

/** options of the `linode` provider */
export interface LinodeProviderOptions extends ProviderBaseOptions {
  readonly name: 'linode';
  /**
   * The client-facing UDP port of HTTP/3, different from the HTTPS port: the Linode cloud controller matches
   * NodeBalancer configs by port number only, so HTTPS and HTTP/3 cannot share one. The UDP Service port and the
   * Alt-Svc advertisement follow it; the HTTPS record then offers h2 only.
   */
  readonly udpPort: number;
  /**
   * Acknowledge that Chrome ignores HTTP/3 here: it never uses an Alt-Svc alternative on a port of 1024 or above
   * for a site on a port below 1024 (e.g. `h3=":8443"` for a site on 443). Required for such a `udpPort`.
   *
   * @default false
   */
  readonly acceptChromeIgnoresH3?: boolean;
}

type Parsed = LinodeProviderOptions & { readonly acceptChromeIgnoresH3: boolean };

/** true when Chrome ignores an h3 alternative on `udpPort` for an origin on `port` */
function chromeIgnoresAlternative(port: number, udpPort: number): boolean {
  return port < CHROME_USER_PORT_THRESHOLD && udpPort >= CHROME_USER_PORT_THRESHOLD;
}

const SAME_PORT_REASON =
  'the Linode cloud controller matches NodeBalancer configs by port number only (cloud/linode/loadbalancers.go), so a TCP and a UDP port with the '
  + 'same number address one config and one protocol overwrites the other';

export const linodeProvider: InfrastructureProvider<'linode', Parsed> = {
  name: 'linode',
  title: 'Linode / Akamai NodeBalancer (premium)',
  support: {
    mixedService: 'no for the same port: the cloud controller keys NodeBalancer configs by port number; UDP configs need a premium NodeBalancer',
    workaround: 'HTTP/3 on another UDP port (`udpPort`, e.g. 8443) of a premium NodeBalancer, advertised in Alt-Svc; refused unless you accept that '
      + 'Chrome ignores h3 on a port >= 1024 for a site on 443',
    ipSharing: 'none: one NodeBalancer per Service',
    caveats: 'a proxy: no client IP over UDP (PROXY protocol is refused on UDP); no UDP health check by default (`check-type` none); never set '
      + '`default-protocol` or `port-443` on the Service',
  },
  fields: ['udpPort', 'acceptChromeIgnoresH3'],
  forbiddenAnnotations: [
    {
      key: `${PREFIX}default-protocol`,
      reason: 'overrides the protocol of every Service port without its own port-<N> annotation, the UDP port included (a NodeBalancer config takes '
        + 'port-<N> protocol, then default-protocol, then the Service port\'s protocol), so the UDP config would stop being UDP',
    },
    {
      key: `${PREFIX}port-443`,
      reason: 'sets the NodeBalancer config of port 443, which the cloud controller matches by port number only: a protocol there overrides the '
        + 'Service port\'s, and an https protocol makes the NodeBalancer terminate TLS in front of the gateway',
    },
    {
      key: `${PREFIX}default-proxy-protocol`,
      reason: 'applies to the UDP config too, and the cloud controller refuses any PROXY protocol on UDP ("proxy protocol is not supported for '
        + 'UDP"), failing the whole Service',
    },
    {
      key: `${PREFIX}proxy-protocol`,
      reason: 'is the deprecated form of default-proxy-protocol: it applies to the UDP config too, and the cloud controller refuses any PROXY '
        + 'protocol on UDP, failing the whole Service',
    },
  ],
  parse(raw, path) {
    if (raw.udpPort === undefined) {
      throw Http3ConfigError.invalid(
        `${path}.udpPort`,
        undefined,
        'a UDP port number other than the HTTPS port',
        `${SAME_PORT_REASON}; HTTP/3 needs its own UDP port on a Linode NodeBalancer`,
      );
    }
    return {
      name: 'linode',
      udpPort: readPort(raw.udpPort, `${path}.udpPort`),
      acceptChromeIgnoresH3: readBoolean(raw.acceptChromeIgnoresH3, `${path}.acceptChromeIgnoresH3`, false),
    };
  },
  shape(options, request, path) {
    if (options.udpPort === request.port) {
      throw Http3ConfigError.refused(
        `${path}.udpPort`,
        options.udpPort,
        `cannot carry HTTP/3 on the HTTPS port: ${SAME_PORT_REASON}`,
        'pick another UDP port, or use a provider that carries TCP and UDP on one port',
      );
    }
    if (chromeIgnoresAlternative(request.port, options.udpPort) && !options.acceptChromeIgnoresH3) {
      throw Http3ConfigError.refused(
        `${path}.udpPort`,
        options.udpPort,
        'leaves HTTP/3 unused by Chrome: Chrome ignores an Alt-Svc alternative on a port of 1024 or above for a site on a port below '
          + `1024 (here ${request.port})`,
        'set provider.acceptChromeIgnoresH3: true to deploy it anyway for other clients, pick a UDP port below 1024, or use a provider that carries '
          + `TCP and UDP on ${request.port}`,
      );
    }
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations: { [LINODE_NODEBALANCER_TYPE_ANNOTATION]: 'premium' },
      externalTrafficPolicy: request.externalTrafficPolicy,
      udpPort: options.udpPort,
    };
  },
  report(options, shape, request) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const chromeIgnores = chromeIgnoresAlternative(request.port, options.udpPort);
    const notes: ReportNote[] = [
      note(
        chromeIgnores ? NoteSeverity.WARNING : NoteSeverity.INFO,
        'linode-udp-port',
        `HTTP/3 is on ${options.udpPort}/UDP while HTTPS is on ${request.port}/TCP (two NodeBalancer configs): `
          + `Alt-Svc advertises h3 on ${options.udpPort}`
          + (chromeIgnores
            ? `, which Chrome ignores for a site on ${request.port} (acceptChromeIgnoresH3)`
            : '')
          + ', and an HTTPS record, which names one port for every protocol, cannot offer it',
      ),
      note(
        NoteSeverity.INFO,
        'linode-premium',
        `kube-http3 sets ${LINODE_NODEBALANCER_TYPE_ANNOTATION}: premium: UDP configs exist only on premium NodeBalancers (Akamai techdocs)`,
      ),
    ];
    if (local) {
      notes.push(note(
        NoteSeverity.WARNING,
        'linode-local-udp',
        'externalTrafficPolicy Local keeps no client IP behind a NodeBalancer (a proxy), and its UDP config has no health check by default: it '
          + 'keeps sending datagrams to nodes without a gateway pod, which drop them; set externalTrafficPolicy "Cluster" unless a gateway pod '
          + 'runs on every node, or configure check-type and udp-check-port',
      ));
    }
    notes.push(...udpFlowNotes(NoteSeverity.WARNING, 'Akamai documents no idle timeout for UDP flows through a NodeBalancer (unverified)'));
    return {
      clientIp: finding(
        FindingStatus.NO,
        'the NodeBalancer is a proxy: the gateway sees the NodeBalancer\'s address; PROXY protocol could carry the client on TCP only (the cloud '
          + 'controller refuses it on UDP), and kube-http3 does not configure gateways for it',
      ),
      connectionMigration: finding(
        FindingStatus.NO,
        'the NodeBalancer proxies each client UDP flow to a node (Akamai documents no connection-ID routing): a client whose address changes '
          + 'starts a new flow, which can reach another node or pod, and reconnects',
      ),
      udpHealthCheck: finding(
        FindingStatus.NO,
        'the UDP config has no active health check by default (check-type none for UDP) and passive checks are off for UDP: a node that stops '
          + 'serving QUIC keeps receiving datagrams; check-type (applies to the TCP config too) and udp-check-port (default 80) in '
          + 'provider.annotations set an active check',
      ),
      notes,
    };
  },
};

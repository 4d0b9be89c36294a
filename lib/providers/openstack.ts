/**
 * `openstack`: OpenStack Octavia load balancers created by openstack-cloud-controller-manager (OCCM).
 *
 * OCCM keys listeners by protocol and port (`listenerKey`), so one Service with 443/TCP and 443/UDP gets two
 * listeners on one load balancer (loadbalancers.md §13 (a)), each with its own pool whose members are the nodes on
 * that port's nodePort. The trap is the listener protocol: `getListenerProtocol` turns every port, the UDP one
 * included, into TERMINATED_HTTPS when a TLS container is set (annotation, or `default-tls-container-ref` in OCCM's
 * configuration) and into HTTP with `x-forwarded-for`; `proxy-protocol` gives every pool the PROXY protocol. Those
 * are refused, and kube-http3 sets the TLS annotation to "" because an empty annotation overrides the configuration
 * default (`getStringFromServiceAnnotation`: "annotationValue can be empty, it is working as designed").
 *
 * Two Services share one load balancer by naming it in `loadbalancer.openstack.org/load-balancer-id` (Octavia tags,
 * API 2.5+; at most `max-shared-lb` Services, default 2; never internal; §13 (b)). The id exists only once the load
 * balancer does, so the user provides it: kube-http3 puts it on both Services, which then join a load balancer
 * created outside the cluster (with its floating IP already attached: a Service that does not own the load balancer
 * cannot attach one, `ensureFloatingIP`), or the one OCCM created for an existing `<name>-tcp` Service (whose own
 * annotation already holds that id). A load balancer created outside the cluster is not deleted with the Services.
 *
 * Sources: loadbalancers.md §0.2, §0.7, §13, §16-§18; kubernetes/cloud-provider-openstack (HEAD c453fb7c)
 * `pkg/openstack/loadbalancer.go` (`getListenerProtocol`, `ensureOctaviaPool`, `buildMonitorCreateOpts`,
 * `canUseHTTPMonitor`, `makeSvcConf`, `ensureFloatingIP`), `pkg/util/openstack/loadbalancer.go` (HTTP monitors on
 * UDP pools from Octavia API 2.16, never with ovn), `docs/openstack-cloud-controller-manager/
 * expose-applications-using-loadbalancer-type-service.md` and `using-openstack-cloud-controller-manager.md`.
 */
import { Http3ConfigError } from '../core/errors';
import { isPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { readBoolean, readString } from '../core/validate';
import { clusterSourceNatFinding, udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

const PREFIX = 'loadbalancer.openstack.org/';

/** the annotation naming the Octavia load balancer a Service uses (written by OCCM, or set to join an existing one) */
export const OPENSTACK_LOAD_BALANCER_ID = `${PREFIX}load-balancer-id`;
/** the TLS container annotation, which turns every listener into TERMINATED_HTTPS */
export const OPENSTACK_TLS_CONTAINER_REF = `${PREFIX}default-tls-container-ref`;
/** the annotation that turns the health monitor of every pool on or off */
export const OPENSTACK_ENABLE_HEALTH_MONITOR = `${PREFIX}enable-health-monitor`;
/** the annotation selecting a `[LoadBalancerClass "<name>"]` section of OCCM's configuration */
export const OPENSTACK_CONFIG_CLASS = `${PREFIX}class`;
/** the annotation that keeps the load balancer without a floating IP */
export const OPENSTACK_INTERNAL = 'service.beta.kubernetes.io/openstack-internal-load-balancer';

/** options of the `openstack` provider; `S` is the type of the load-balancer id (the Pulumi adapter widens it to an Input) */
export interface OpenstackProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'openstack';
  /**
   * One mixed Service (two listeners on one Octavia load balancer), or two Services joining the load balancer
   * `loadBalancerId` names.
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * The id (UUID) of an existing Octavia load balancer the Service(s) join (`loadbalancer.openstack.org/load-balancer-id`):
   * one created outside the cluster with its floating IP attached, or the one OCCM created for an existing
   * `<name>-tcp` Service. Required with `two-services`. Never change it after the Services exist.
   *
   * @default - OCCM creates a load balancer for the Service
   */
  readonly loadBalancerId?: S;
  /**
   * A `[LoadBalancerClass "<name>"]` section of OCCM's configuration (`loadbalancer.openstack.org/class`: floating
   * network and subnets). Not `spec.loadBalancerClass`, which stays unset: OCCM ignores Services that set it.
   *
   * @default - OCCM's [LoadBalancer] settings
   */
  readonly configClass?: string;
  /**
   * `true` keeps the load balancer without a floating IP (`service.beta.kubernetes.io/openstack-internal-load-balancer`).
   * OCCM never shares an internal load balancer, so `two-services` refuses it.
   *
   * @default - OCCM's `internal-lb` setting (false unless configured)
   */
  readonly internal?: boolean;
}

type Parsed = Omit<OpenstackProviderOptions, 'annotations'> & { readonly mixedProtocol: MixedProtocol };

/** what the listener-protocol annotations do to a Service that carries UDP */
const EVERY_LISTENER =
  'the UDP one included (getListenerProtocol, cloud-provider-openstack pkg/openstack/loadbalancer.go), so QUIC never reaches the gateway';

/** the `openstack` provider: OpenStack Octavia through openstack-cloud-controller-manager */
export const openstackProvider: InfrastructureProvider<'openstack', Parsed> = {
  name: 'openstack',
  title: 'OpenStack Octavia (openstack-cloud-controller-manager)',
  support: {
    mixedService: 'yes: one Octavia listener per protocol and port',
    workaround: 'one Service, never with the TLS, X-Forwarded-For or PROXY annotations (they turn the UDP listener into TERMINATED_HTTPS or HTTP, or '
      + 'its pool into PROXY); or two Services joining one existing load balancer by id',
    ipSharing: '`loadbalancer.openstack.org/load-balancer-id` (Octavia tags, API 2.5+; `max-shared-lb` default 2; never internal)',
    caveats: 'UDP pools get UDP-CONNECT monitors unless Octavia has HTTP monitors on UDP pools (API 2.16+, not ovn); the amphora provider proxies '
      + 'TCP, so HTTPS loses the client IP',
  },
  fields: ['mixedProtocol', 'loadBalancerId', 'configClass', 'internal'],
  forbiddenAnnotations: [
    {
      key: OPENSTACK_TLS_CONTAINER_REF,
      reason: `makes OCCM create every listener of the Service as TERMINATED_HTTPS, ${EVERY_LISTENER}, which terminates TLS itself`,
    },
    {
      key: `${PREFIX}x-forwarded-for`,
      reason: `makes OCCM create every listener of the Service as HTTP, ${EVERY_LISTENER}; keep the client IP with externalTrafficPolicy `
        + '"Local" instead',
    },
    {
      key: `${PREFIX}proxy-protocol`,
      reason: 'gives every pool of the Service the PROXY protocol, the UDP one included (ensureOctaviaPool), though Octavia\'s PROXY protocol is '
        + 'TCP-only ("only available with TCP services") and the gateway\'s QUIC listener cannot read PROXY headers',
    },
    {
      key: OPENSTACK_INTERNAL,
      reason: 'is set through provider.internal, which kube-http3 checks against two Services sharing one load balancer (OCCM never shares an '
        + 'internal one) and against provider.configClass',
    },
  ],
  parse(raw, path) {
    const mixedProtocol = readMixedProtocol(raw, path);
    const loadBalancerId = raw.loadBalancerId === undefined ? undefined : readUuid(raw.loadBalancerId, `${path}.loadBalancerId`);
    const internal = raw.internal === undefined ? undefined : readBoolean(raw.internal, `${path}.internal`, false);
    const configClass = raw.configClass === undefined ? undefined : readString(raw.configClass, `${path}.configClass`);
    if (mixedProtocol === 'two-services' && loadBalancerId === undefined) {
      throw Http3ConfigError.invalid(
        `${path}.loadBalancerId`,
        undefined,
        'the id of the Octavia load balancer both Services join when mixedProtocol is "two-services"',
        'without it OCCM creates one load balancer, with its own address, per Service; create the load balancer (with its floating IP) first, or use '
          + 'one mixed Service (mixedProtocol "single-service")',
      );
    }
    if (mixedProtocol === 'two-services' && internal === true) {
      throw Http3ConfigError.conflict(
        `${path}.internal`,
        true,
        `${path}.mixedProtocol`,
        mixedProtocol,
        'OCCM refuses to share an internal load balancer ("internal Service cannot share a load balancer")',
        'remove internal, or use one mixed Service (mixedProtocol "single-service")',
      );
    }
    if (internal === true && configClass !== undefined) {
      throw Http3ConfigError.conflict(
        `${path}.configClass`,
        configClass,
        `${path}.internal`,
        true,
        'OCCM reads the class (floating network and subnets) only for a load balancer with a floating IP, so it would be ignored',
        'remove configClass, or internal',
      );
    }
    return { name: 'openstack', mixedProtocol, loadBalancerId, configClass, internal };
  },
  shape(options, request) {
    const annotations: Record<string, string> = {
      // an empty annotation overrides a default-tls-container-ref in OCCM's configuration
      [OPENSTACK_TLS_CONTAINER_REF]: '',
    };
    if (request.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL) annotations[OPENSTACK_ENABLE_HEALTH_MONITOR] = 'true';
    if (options.configClass !== undefined) annotations[OPENSTACK_CONFIG_CLASS] = options.configClass;
    if (options.internal !== undefined) annotations[OPENSTACK_INTERNAL] = String(options.internal);
    if (options.loadBalancerId !== undefined) annotations[OPENSTACK_LOAD_BALANCER_ID] = options.loadBalancerId;
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const notes: ReportNote[] = [
      note(
        NoteSeverity.INFO,
        'openstack-tls-container',
        `kube-http3 sets ${OPENSTACK_TLS_CONTAINER_REF} to "" so that a default-tls-container-ref in OCCM's [LoadBalancer] configuration cannot `
          + 'turn the listeners, the UDP one included, into TERMINATED_HTTPS (an empty annotation overrides the configuration)',
      ),
    ];
    if (options.loadBalancerId !== undefined) {
      notes.push(note(
        NoteSeverity.WARNING,
        'openstack-shared-load-balancer',
        `the Service${options.mixedProtocol === 'two-services' ? 's join' : ' joins'} an existing Octavia load balancer: it must be ACTIVE and, `
          + 'unless OCCM created it for this Service, already carry its floating IP (a Service that does not own the load balancer cannot attach '
          + 'one); '
          + 'Octavia must support tags (API 2.5+), at most max-shared-lb Services (default 2) may share it, none of them internal; OCCM ignores the '
          + 'load-balancer settings (class, subnets, flavor) of a Service that joins; never change the id afterwards',
      ));
    }
    notes.push(...udpFlowNotes(
      NoteSeverity.WARNING,
      'OCCM documents no idle timeout for Octavia UDP listeners (unverified) and gives TCP listeners a 50 s client inactivity timeout by default '
        + '(timeout-client-data; not with the ovn provider)',
    ));
    return {
      clientIp: local
        ? finding(
          FindingStatus.PARTIAL,
          'Octavia forwards UDP without a proxy (amphora: keepalived LVS; ovn: OVN load balancer) and externalTrafficPolicy Local keeps kube-proxy '
            + 'from source-NATing, so QUIC should reach the gateway with the client address (not verified for amphora UDP listeners); HTTPS over TCP '
            + 'through the amphora provider is proxied by HAProxy and loses it (the PROXY protocol is TCP-only and refused here)',
        )
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'Octavia picks a node per UDP flow (the pool\'s lb-method) and kube-proxy picks a gateway pod: a client whose address changes can reach '
          + 'another pod and must reconnect',
      ),
      udpHealthCheck: local
        ? finding(
          FindingStatus.PARTIAL,
          'externalTrafficPolicy Local needs a health monitor, so kube-http3 turns it on (enable-health-monitor "true"): OCCM checks each pool over '
            + 'HTTP /healthz on healthCheckNodePort where Octavia supports HTTP monitors on UDP pools (API 2.16+, never the ovn provider); otherwise '
            + 'the UDP pool gets a UDP-CONNECT monitor, which cannot tell nodes without a gateway pod (they drop QUIC silently)',
        )
        : finding(
          FindingStatus.NO,
          'OCCM creates health monitors only with create-monitor in its configuration (off by default) or enable-health-monitor "true"; the UDP '
            + 'pool\'s monitor is then UDP-CONNECT, which notices only ICMP port-unreachable',
        ),
      notes,
    };
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** read an Octavia load-balancer id: a lowercase UUID (a placeholder is checked again once resolved) */
function readUuid(value: unknown, path: string): string {
  if (isPlaceholder(value)) return value as string;
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw Http3ConfigError.invalid(
      path,
      value,
      'an Octavia load-balancer id (a lowercase UUID such as "2b224530-9414-4302-8163-5abebdcdc84f")',
      'openstack loadbalancer list shows it, and OCCM writes it into the load-balancer-id annotation of the Service that owns the load balancer',
    );
  }
  return value;
}

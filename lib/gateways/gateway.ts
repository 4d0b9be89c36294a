/**
 * The gateway plug-in interface: a gateway implementation decides how its data plane is told to accept QUIC
 * on the listener port (listener, policy, control-plane setting), how traffic is routed to the backend, how
 * it advertises HTTP/3 (Alt-Svc), who creates the load-balancer Service, and what it cannot do.
 *
 * Adding an implementation is adding one file that exports a `GatewayImplementation` and one line in
 * registry.ts.
 */
import type { AltSvcAlternative } from '../core/alt-svc-codec';
import { Http3ConfigError } from '../core/errors';
import type { ReportContribution } from '../core/report';
import type { SessionAffinity, SessionAffinityType } from '../core/session-affinity';
import type { Artifact, StringMap, SynthesizedResource } from '../core/types';
import { MixedProtocolLayout, type ServiceShape } from '../providers/provider';

/** where traffic for the hostnames goes */
export interface BackendRef {
  /** the Service name */
  readonly service: string;
  /** the Service port */
  readonly port: number;
  readonly namespace: string;
}

/** the certificate the listener terminates TLS with */
export type ListenerTls =
  | {
    /** a `kubernetes.io/tls` Secret */
    readonly kind: 'secret';
    readonly secretName: string;
  }
  | {
    /** a certificate held by the load balancer (e.g. a DigitalOcean certificate ID) */
    readonly kind: 'load-balancer';
    readonly certificateId: string;
  }
  | {
    /** none: the backends terminate TLS themselves (passthrough) */
    readonly kind: 'none';
  };

/** who creates the load-balancer Service carrying the listener port */
export type ServiceOwner =
  /** kube-http3, from the provider's shape, selecting the implementation's workload() */
  | 'kube-http3'
  /** the implementation's controller or chart, from the provider's shape handed to render() */
  | 'controller'
  /** nobody: the implementation needs no UDP Service (the load balancer itself terminates QUIC) or renders its own */
  | 'none';

/** everything a gateway renders from, validated */
export interface ListenerModel {
  /** the construct name: the name of the gateway and route objects */
  readonly name: string;
  /** the namespace of the gateway and route objects */
  readonly namespace: string;
  /** the hostnames served (placeholders possible, never duplicated) */
  readonly hostnames: readonly string[];
  /** the client-facing port of HTTPS over TCP (and of HTTP/3 over UDP, unless udpPort differs) */
  readonly port: number;
  /** the client-facing port of HTTP/3 over UDP: `port`, unless the provider moves UDP (only where udpPortMayDiffer) */
  readonly udpPort: number;
  readonly backend: BackendRef;
  /** the certificate the listener terminates TLS with (one of the kinds the implementation's tlsKinds() accepts) */
  readonly tls: ListenerTls;
  /** labels on every object */
  readonly labels: StringMap;
  /** the Alt-Svc response header to add on every route, when the implementation does not emit one itself */
  readonly altSvcHeader?: string;
  /**
   * The Alt-Svc max age the policy chose, for implementations whose emitted max age is configured by kube-http3
   * (`configurableMaxAge`); undefined when nothing is advertised.
   */
  readonly altSvcMaxAgeSeconds?: number;
  /** session affinity to render (always one of the types the implementation lists in `sessionAffinity`) */
  readonly sessionAffinity?: SessionAffinity;
  /** the provider name, for implementations that work only with some providers */
  readonly providerName: string;
  /** whether QUIC is on; false while HTTP/3 is withdrawn (`altSvc.clear`): render the TCP side only */
  readonly quic: boolean;
  /** the shape the provider chose for the load-balancer Service(s) */
  readonly serviceShape: ServiceShape;
  /** the prop path of the provider, for errors about the shape */
  readonly providerPath: string;
}

/** how an implementation advertises HTTP/3 to clients */
export type AltSvcEmission =
  | {
    /**
     * The implementation adds Alt-Svc to responses by itself. Its max age is fixed, unless `configurableMaxAge`
     * says that render() writes the policy's max age (`ListenerModel.altSvcMaxAgeSeconds`) into its configuration.
     */
    readonly kind: 'automatic';
    /** what it advertises (with the fixed max age, when it is fixed) */
    readonly alternatives: readonly AltSvcAlternative[];
    /** where that behaviour comes from (for error messages and the report) */
    readonly source: string;
    /** the alternatives include draft versions (`h3-29`) that the implementation hard-codes */
    readonly allowDraftVersions?: boolean;
    /** kube-http3 sets the max age in the implementation's configuration */
    readonly configurableMaxAge?: boolean;
  }
  | {
    /**
     * The backends answer clients themselves (passthrough): they must send the Alt-Svc value, which kube-http3
     * computes and reports but cannot attach.
     */
    readonly kind: 'backend';
    /** what the backends must do, e.g. `your application sends it on every response` */
    readonly via: string;
  }
  | {
    /** kube-http3 must attach the header (`ListenerModel.altSvcHeader`) to the routes it renders */
    readonly kind: 'attached';
    /** how it is attached, e.g. `HTTPRoute ResponseHeaderModifier filter` */
    readonly via: string;
  };

/**
 * The emission of an implementation that adds `h3=":<port>"` by itself with a hard-coded max age (86400 seconds
 * unless given); `source` says where that behaviour comes from.
 */
export function automaticH3Emission(port: number, source: string, maxAgeSeconds = 86400): AltSvcEmission {
  return { kind: 'automatic', alternatives: [{ protocolId: 'h3', port, maxAgeSeconds }], source };
}

/**
 * Refuse the provider's two-Services layout where one Service must carry the TCP and the UDP port together: `prop`
 * and `value` name the setting that rules two Services out, `reason` says why, and `alternative` is another way
 * out besides a single mixed Service.
 */
export function requireSingleService(model: ListenerModel, prop: string, value: unknown, reason: string, alternative?: string): void {
  if (model.serviceShape.layout !== MixedProtocolLayout.TWO_SERVICES) return;
  throw Http3ConfigError.conflict(
    `${model.providerPath}.mixedProtocol`,
    MixedProtocolLayout.TWO_SERVICES,
    prop,
    value,
    reason,
    'use mixedProtocol "single-service" on a provider that carries one mixed Service' + (alternative !== undefined ? `, ${alternative}` : ''),
  );
}

/** the pods serving the listener, for implementations whose load-balancer Service kube-http3 creates */
export interface GatewayWorkload {
  readonly namespace: string;
  readonly selector: StringMap;
  /** the pods' port for both TCP and UDP */
  readonly targetPort: number;
}

/** what an implementation renders */
export interface GatewayRendering {
  readonly resources: readonly SynthesizedResource[];
  readonly artifacts: readonly Artifact[];
  readonly report: ReportContribution;
}

/** one row of the README support table */
export interface GatewaySupport {
  readonly howEnabled: string;
  readonly autoUdpPort: string;
  readonly autoAltSvc: string;
  readonly caveats: string;
}

/** a gateway implementation plug-in */
export interface GatewayImplementation<N extends string = string, O extends { readonly implementation: N } = { readonly implementation: N }> {
  /** the `gateway.implementation` users write */
  readonly implementation: N;
  /** human-readable name */
  readonly title: string;
  readonly support: GatewaySupport;
  /** the option fields accepted besides `implementation` */
  readonly fields: readonly string[];
  /** read and check the options (`raw` has only known fields); `path` is the prop path, e.g. `gateway` */
  parse(raw: Readonly<Record<string, unknown>>, path: string): O;
  /** who creates the load-balancer Service carrying the listener port */
  serviceOwner(options: O): ServiceOwner;
  /** the proxy pods, for `serviceOwner() === 'kube-http3'` (`backend` for implementations whose pods are the backend's) */
  workload?(options: O, path: string, backend: BackendRef): GatewayWorkload;
  /** the kinds of TLS the listener accepts, first the preferred one */
  tlsKinds(options: O): ReadonlyArray<ListenerTls['kind']>;
  /**
   * The namespace the TLS Secret must live in for the listener (or the backend pods) to use it.
   *
   * @default - the listener's namespace
   */
  tlsSecretNamespace?(options: O, namespace: string, backend: BackendRef): string;
  /** the session affinity types render() supports (empty: none) */
  readonly sessionAffinity: readonly SessionAffinityType[];
  /**
   * Whether QUIC can be served and advertised on another client-facing port than HTTPS (a provider that cannot
   * carry both protocols on one port number); altSvc() then receives that UDP port.
   *
   * @default false
   */
  readonly udpPortMayDiffer?: boolean;
  /**
   * Whether the QUIC servers put a load-balancer-assigned server ID into their connection IDs (QUIC-LB), as a
   * load balancer that routes QUIC by connection ID needs (ServiceShape.requiresQuicServerIds).
   *
   * @default false
   */
  readonly generatesQuicServerIds?: boolean;
  /** how the implementation advertises HTTP/3 when clients reach QUIC on this (UDP) port */
  altSvc(options: O, port: number): AltSvcEmission;
  /** render the listener, the route and the settings that turn QUIC on; throws Http3ConfigError for what cannot work */
  render(options: O, model: ListenerModel, path: string): GatewayRendering;
}

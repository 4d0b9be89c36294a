/**
 * The gateway plug-in interface: a gateway implementation decides how its data plane is told to accept QUIC
 * on the listener port (listener, policy, control-plane setting), how traffic is routed to the backend, how
 * it advertises HTTP/3 (Alt-Svc), who creates the load-balancer Service, and what it cannot do.
 *
 * Adding an implementation is adding one file that exports a `GatewayImplementation` and one line in
 * registry.ts.
 */
import type { AltSvcAlternative } from '../core/alt-svc-codec';
import type { ReportContribution } from '../core/report';
import type { Artifact, StringMap, SynthesizedResource } from '../core/types';
import type { ServiceShape } from '../providers/provider';

/** where traffic for the hostnames goes */
export interface BackendRef {
  /** the Service name */
  readonly service: string;
  /** the Service port */
  readonly port: number;
  readonly namespace: string;
}

/** everything a gateway renders from, validated */
export interface ListenerModel {
  /** the construct name: the name of the gateway and route objects */
  readonly name: string;
  /** the namespace of the gateway and route objects */
  readonly namespace: string;
  /** the hostnames served (placeholders possible, never duplicated) */
  readonly hostnames: readonly string[];
  /** the client-facing port, the same for TCP (HTTPS) and UDP (HTTP/3) */
  readonly port: number;
  readonly backend: BackendRef;
  /** the name of the `kubernetes.io/tls` Secret the listener terminates TLS with */
  readonly tlsSecretName: string;
  /** labels on every object */
  readonly labels: StringMap;
  /** the Alt-Svc response header to add on every route, when the implementation does not emit one itself */
  readonly altSvcHeader?: string;
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
    /** the implementation adds Alt-Svc to responses by itself, with a value users cannot change */
    readonly kind: 'automatic';
    readonly alternatives: readonly AltSvcAlternative[];
    /** where that behaviour comes from (for error messages and the report) */
    readonly source: string;
  }
  | {
    /** kube-http3 must attach the header (`ListenerModel.altSvcHeader`) to the routes it renders */
    readonly kind: 'attached';
    /** how it is attached, e.g. `HTTPRoute ResponseHeaderModifier filter` */
    readonly via: string;
  };

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
  /**
   * Who creates the load-balancer Service: `kube-http3` (from the provider shape, selecting `workload()`)
   * or `controller` (the implementation's controller generates it; the shape is handed to it).
   */
  readonly serviceOwner: 'kube-http3' | 'controller';
  /** the proxy pods, for `serviceOwner: 'kube-http3'` */
  workload?(options: O, path: string): GatewayWorkload;
  /** the namespace the TLS Secret must live in for the listener to use it */
  tlsSecretNamespace(options: O, namespace: string): string;
  /** how the implementation advertises HTTP/3 on this port */
  altSvc(options: O, port: number): AltSvcEmission;
  /** render the listener, the route and the settings that turn QUIC on; throws Http3ConfigError for what cannot work */
  render(options: O, model: ListenerModel, path: string): GatewayRendering;
}

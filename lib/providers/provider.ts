/**
 * The provider plug-in interface: an infrastructure provider decides how the load-balancer Service(s) that
 * carry one port over TCP and UDP must look on that infrastructure (one mixed Service or two Services
 * sharing an address, which annotations, which loadBalancerClass), refuses what it cannot carry, and says
 * what the result preserves.
 *
 * Adding a provider is adding one file that exports an `InfrastructureProvider` and one line in registry.ts.
 */
import type { ReportContribution } from '../core/report';
import type { StringMap } from '../core/types';
import { readEnum } from '../core/validate';

/** how the Service(s) carry TCP and UDP on the same port */
export enum MixedProtocolLayout {
  /** one LoadBalancer Service with both the TCP and the UDP port (needs MixedProtocolLBService support from the provider) */
  SINGLE_SERVICE = 'single-service',
  /** two LoadBalancer Services, `<name>-tcp` and `<name>-udp`, sharing one address through provider annotations */
  TWO_SERVICES = 'two-services',
}

/** the `mixedProtocol` option of providers that can build either layout */
export type MixedProtocol = 'single-service' | 'two-services';

/** read the `mixedProtocol` option of `raw` (the provider options at `path`): one mixed Service unless two Services are asked for */
export function readMixedProtocol(raw: Readonly<Record<string, unknown>>, path: string): MixedProtocol {
  return readEnum(raw.mixedProtocol, `${path}.mixedProtocol`, ['single-service', 'two-services'] as const, 'single-service');
}

/** the Service layout of a `mixedProtocol` option */
export function layoutOf(mixedProtocol: MixedProtocol): MixedProtocolLayout {
  return mixedProtocol === 'two-services' ? MixedProtocolLayout.TWO_SERVICES : MixedProtocolLayout.SINGLE_SERVICE;
}

/** the Service traffic policy for external traffic (a Kubernetes wire value) */
export enum ExternalTrafficPolicy {
  /** route only to endpoints on the node that received the traffic: keeps the client source IP */
  LOCAL = 'Local',
  /** route to any endpoint: kube-proxy source-NATs, so the client IP is lost */
  CLUSTER = 'Cluster',
}

/** what the core asks a provider to shape */
export interface ServiceRequest {
  /** the base name (the Service name for one Service; `<name>-tcp`/`<name>-udp` for two) */
  readonly name: string;
  readonly namespace: string;
  /** the client-facing port, for TCP and UDP */
  readonly port: number;
  /** the pods' port, the same number for TCP and UDP */
  readonly targetPort: number;
  readonly externalTrafficPolicy: ExternalTrafficPolicy;
  /** true when a gateway controller (not kube-http3) creates the Service from this shape */
  readonly controllerOwned: boolean;
  /** the nodePort pinned for both TCP and UDP (undefined: the API server allocates, the same one for both on create) */
  readonly nodePort?: number;
}

/** how the Service(s) must look on the provider */
export interface ServiceShape {
  readonly layout: MixedProtocolLayout;
  /** annotations on every Service */
  readonly annotations: StringMap;
  /** annotations only on the TCP Service (two-services layout) */
  readonly tcpAnnotations?: StringMap;
  /** annotations only on the UDP Service (two-services layout) */
  readonly udpAnnotations?: StringMap;
  /** `spec.loadBalancerClass`, only where the provider's controller honours it (the field is immutable) */
  readonly loadBalancerClass?: string;
  /** `spec.loadBalancerIP` (deprecated upstream; only where the provider still needs it) */
  readonly loadBalancerIP?: string;
  readonly externalTrafficPolicy: ExternalTrafficPolicy;
  /**
   * The port the UDP side uses, for a provider that cannot carry UDP on the TCP port number (the Service's
   * UDP port and the Alt-Svc advertisement follow it).
   *
   * @default - the same port as TCP
   */
  readonly udpPort?: number;
  /**
   * The load balancer routes QUIC by the server ID it assigns to each target, which the QUIC servers must put
   * into every connection ID they issue (QUIC-LB): only implementations that do (`generatesQuicServerIds`) can
   * sit behind it.
   *
   * @default false
   */
  readonly requiresQuicServerIds?: boolean;
}

/** one row of the README provider table */
export interface ProviderSupport {
  /** can one Service carry TCP and UDP on the same port */
  readonly mixedService: string;
  /** what kube-http3 does about it */
  readonly workaround: string;
  /** how two Services share one address, if they must */
  readonly ipSharing: string;
  readonly caveats: string;
}

/** the fields every provider accepts */
export interface ProviderBaseOptions {
  /**
   * Extra annotations for the Service(s), e.g. subnets or reserved addresses of your load balancer. Keys the
   * provider sets itself cannot be overridden here (that would undo the workaround it exists for).
   *
   * @default - none
   */
  readonly annotations?: StringMap;
}

/** an infrastructure provider plug-in */
export interface InfrastructureProvider<N extends string = string, O extends { readonly name: N } = { readonly name: N }> {
  /** the `provider.name` users write */
  readonly name: N;
  /** human-readable name, e.g. `AWS Load Balancer Controller (NLB)` */
  readonly title: string;
  /** the README table row */
  readonly support: ProviderSupport;
  /** the option fields accepted besides `name` (anything else is refused as unknown) */
  readonly fields: readonly string[];
  /** read and check the provider options (`raw` already has only known fields); `path` is the prop path, e.g. `provider` */
  parse(raw: Readonly<Record<string, unknown>>, path: string): O;
  /** decide the Service shape, or throw Http3ConfigError for what the provider cannot carry */
  shape(options: O, request: ServiceRequest, path: string): ServiceShape;
  /** what the shape preserves: client IP, connection migration, UDP health checks, notes */
  report(options: O, shape: ServiceShape, request: ServiceRequest): ReportContribution;
  /**
   * Annotations users must never add through `provider.annotations`, with the reason (e.g. keys that turn
   * every port, the UDP one included, into TLS or HTTP).
   */
  readonly forbiddenAnnotations?: ReadonlyArray<{ readonly key: string; readonly reason: string }>;
}

/**
 * QuicListener: the gateway-implementation side. Everything that makes the data plane accept QUIC on the
 * listener port and route it to the backend: the implementation's listener, route and settings, plus the
 * load-balancer Service carrying the port over UDP (created by kube-http3, or shaped for the
 * implementation's controller), and the Alt-Svc decision.
 */
import type { BackendRef, ListenerModel, ListenerTls } from '../gateways/gateway';
import { resolveGateway, type GatewayImplementationName, type GatewayOptions, type ResolvedGateway } from '../gateways/registry';
import type { ServiceRequest } from '../providers/provider';
import { resolveProvider, shapeServices, type ProviderOptions, type ProviderShorthand, type ResolvedProvider } from '../providers/registry';
import { checkAdvertisedPortsCarried, resolveAltSvc, type AltSvcDecision, type AltSvcOptions } from './alt-svc-policy';
import { readHostnames } from './https-dns-record';
import { Http3ConfigError } from './errors';
import { readExternalTrafficPolicy, readNodePort, renderLoadBalancer } from './mixed-protocol-load-balancer';
import { commonLabels, DEFAULT_NAMESPACE, HTTPS_PORT, readName } from './naming';
import { FindingStatus, finding, mergeReport, type ReportContribution } from './report';
import { readSessionAffinity, sessionAffinityNotes, type SessionAffinity, type SessionAffinityOptions } from './session-affinity';
import { resolveTlsReference } from './tls';
import type { StringMap, SynthesizedResource, Synthesis } from './types';
import { readDns1035Label, readDns1123Label, readLabels, readObject, readPort } from './validate';

/** where the gateway routes traffic */
export interface BackendOptions {
  /** the backend Service's name */
  readonly service: string;
  /** the backend Service's port */
  readonly port: number;
  /**
   * The backend Service's namespace (a ReferenceGrant is added where the implementation needs one).
   *
   * @default - the namespace of the gateway objects
   */
  readonly namespace?: string;
}

/** the props shared by QuicListener and Http3Gateway */
export interface ListenerOptions<S = string> {
  /**
   * The name of the objects kube-http3 creates (a DNS-1035 label of at most 59 characters).
   *
   * @default - cdk8s: derived from the construct path; Pulumi: the resource name
   */
  readonly name?: string;
  /**
   * The namespace of the gateway and route objects (the implementation may need some objects elsewhere, e.g.
   * Istio's TLS Secret and Service go with its gateway pods).
   *
   * @default 'default'
   */
  readonly namespace?: string;
  /** the hostnames served over HTTPS and HTTP/3 */
  readonly hostnames: readonly S[];
  /**
   * The client-facing port, for HTTPS on TCP and HTTP/3 on UDP alike.
   *
   * @default 443
   */
  readonly port?: number;
  /** where traffic goes */
  readonly backend: BackendOptions;
  /** the gateway implementation, e.g. `{ implementation: 'envoy-gateway' }` or `'istio'` */
  readonly gateway: GatewayOptions | GatewayImplementationName;
  /**
   * The infrastructure provider that shapes the load-balancer Service(s).
   *
   * @default 'generic'
   */
  readonly provider?: ProviderOptions<S> | ProviderShorthand;
  /**
   * `Local` keeps the client IP; `Cluster` hides it behind kube-proxy's source NAT.
   *
   * @default 'Local'
   */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /**
   * How HTTP/3 is advertised with the Alt-Svc header; `false` advertises nothing (refused where the
   * implementation advertises by itself), `{ clear: true }` withdraws.
   *
   * @default { maxAgeSeconds: 86400 }
   */
  readonly altSvc?: AltSvcOptions | false;
  /**
   * Pin the nodePort of both the TCP and the UDP port of the Service(s) kube-http3 creates (see
   * MixedProtocolLoadBalancer).
   *
   * @default - the API server allocates one
   */
  readonly nodePort?: number;
  /**
   * Keep each client on one backend pod (stateful clients): consistent hashing on a header or a cookie, which
   * survives QUIC connection migration, or on the source IP, which does not.
   *
   * @default - none
   */
  readonly sessionAffinity?: SessionAffinityOptions;
  /**
   * Extra labels on every object.
   *
   * @default - none
   */
  readonly labels?: StringMap;
}

/** options of the QuicListener construct */
export interface QuicListenerOptions<S = string> extends ListenerOptions<S> {
  /**
   * The `kubernetes.io/tls` Secret the listener terminates TLS with (in the namespace the implementation
   * reads it from). Give this or `loadBalancerCertificateId`, as the implementation requires.
   *
   * @default - none (only for implementations that do not terminate TLS)
   */
  readonly tlsSecretName?: string;
  /**
   * The certificate the load balancer terminates TLS with, for implementations where the load balancer
   * terminates TLS and QUIC.
   *
   * @default - none
   */
  readonly loadBalancerCertificateId?: string;
}

/** the result of QuicListener */
export interface QuicListenerSynthesis extends Synthesis {
  /** the Alt-Svc value clients receive, undefined when nothing is advertised */
  readonly altSvcValue?: string;
  /** the load-balancer Services kube-http3 creates (none where the implementation's controller creates it) */
  readonly serviceNames: readonly string[];
  /** the namespace TLS Secrets must be in for this implementation */
  readonly tlsSecretNamespace: string;
  /** whether QUIC is on (false while HTTP/3 is withdrawn) */
  readonly quic: boolean;
  /** the client-facing port of HTTP/3 over UDP (the listener port, unless the provider moves UDP) */
  readonly udpPort: number;
}

/** the listener props, read and checked */
export interface ListenerInputs {
  readonly name: string;
  readonly namespace: string;
  readonly hostnames: readonly string[];
  readonly port: number;
  readonly backend: BackendRef;
  readonly gateway: ResolvedGateway;
  readonly provider: ResolvedProvider;
  readonly externalTrafficPolicy: ServiceRequest['externalTrafficPolicy'];
  readonly labels: StringMap;
  /** the `altSvc` prop as given: decided in renderListener, once the provider has said which port carries UDP */
  readonly altSvc: unknown;
  readonly sessionAffinity?: SessionAffinity;
  readonly nodePort?: number;
}

/** the fields of ListenerOptions */
export const LISTENER_FIELDS = [
  'name',
  'namespace',
  'hostnames',
  'port',
  'backend',
  'gateway',
  'provider',
  'externalTrafficPolicy',
  'altSvc',
  'sessionAffinity',
  'nodePort',
  'labels',
] as const;

/** where each named load-balancer Service sits in `resources`, in the order of the names (for the adapters) */
export function serviceIndexes(resources: readonly SynthesizedResource[], names: readonly string[]): number[] {
  return names.map((name) => resources.findIndex((r) => r.manifest.kind === 'Service' && r.manifest.metadata.name === name));
}

/** read the listener props of QuicListener or Http3Gateway */
export function readListenerInputs(o: Readonly<Record<string, unknown>>): ListenerInputs {
  const name = readName(o.name, 'name');
  const namespace = readDns1123Label(o.namespace, 'namespace', DEFAULT_NAMESPACE);
  const hostnames = readHostnames(o.hostnames, 'hostnames');
  const port = readPort(o.port, 'port', HTTPS_PORT);
  const b = readObject(o.backend, 'backend', ['service', 'port', 'namespace']);
  const backend: BackendRef = {
    service: readDns1035Label(b.service, 'backend.service'),
    port: readPort(b.port, 'backend.port'),
    namespace: readDns1123Label(b.namespace, 'backend.namespace', namespace),
  };
  const gateway = resolveGateway(o.gateway, 'gateway');
  const provider = resolveProvider(o.provider, 'provider');
  const externalTrafficPolicy = readExternalTrafficPolicy(o.externalTrafficPolicy, 'externalTrafficPolicy');
  const labels = { ...commonLabels(name), ...readLabels(o.labels, 'labels') };
  const altSvc = o.altSvc;
  const sessionAffinity = readSessionAffinity(o.sessionAffinity, 'sessionAffinity', gateway.gateway.sessionAffinity, gateway.gateway.implementation);
  const nodePort = readNodePort(o.nodePort, 'nodePort');
  return { name, namespace, hostnames, port, backend, gateway, provider, externalTrafficPolicy, labels, altSvc, sessionAffinity, nodePort };
}

/** synthesize the QUIC listener side on its own, with an existing TLS Secret */
export function synthesizeQuicListener(options: QuicListenerOptions): QuicListenerSynthesis {
  const o = readObject(options, '', [...LISTENER_FIELDS, 'tlsSecretName', 'loadBalancerCertificateId']);
  const inputs = readListenerInputs(o);
  const tls = resolveTlsReference(o.tlsSecretName, o.loadBalancerCertificateId, {
    accepted: inputs.gateway.gateway.tlsKinds(inputs.gateway.options),
    implementation: inputs.gateway.gateway.implementation,
  });
  return renderListener(inputs, tls);
}

/** the namespace the implementation reads TLS Secrets from */
export function tlsSecretNamespace(inputs: ListenerInputs): string {
  const { gateway, options } = inputs.gateway;
  return gateway.tlsSecretNamespace?.(options, inputs.namespace, inputs.backend) ?? inputs.namespace;
}

/** render the listener: the implementation's objects and the load-balancer Service(s) or their shape */
export function renderListener(inputs: ListenerInputs, tls: ListenerTls): QuicListenerSynthesis {
  const { gateway, provider } = inputs;
  const implementation = gateway.gateway;
  const owner = implementation.serviceOwner(gateway.options);
  const workload = owner === 'kube-http3' ? implementation.workload!(gateway.options, 'gateway', inputs.backend) : undefined;
  const request: ServiceRequest = {
    name: inputs.name,
    namespace: workload?.namespace ?? inputs.namespace,
    port: inputs.port,
    targetPort: workload?.targetPort ?? inputs.port,
    externalTrafficPolicy: inputs.externalTrafficPolicy,
    controllerOwned: owner === 'controller',
    nodePort: inputs.nodePort,
  };
  if (owner !== 'kube-http3' && inputs.nodePort !== undefined) {
    throw Http3ConfigError.conflict(
      'nodePort',
      inputs.nodePort,
      'gateway.implementation',
      implementation.implementation,
      owner === 'controller' ? 'its controller creates the Service and allocates the nodePorts' : 'it needs no UDP Service',
      'remove nodePort',
    );
  }
  const shape = shapeServices(provider, request, 'provider');
  if (shape.requiresQuicServerIds && !implementation.generatesQuicServerIds) {
    throw Http3ConfigError.conflict(
      'provider.name',
      provider.provider.name,
      'gateway.implementation',
      implementation.implementation,
      `the load balancer routes QUIC by server IDs that the QUIC servers must put into their connection IDs, and ${implementation.implementation}'s `
        + 'proxies do not: connections would break as soon as a client\'s packets reach another target',
      'use the plain TCP_UDP listener (remove the provider\'s QUIC mode), or serve QUIC from backends that generate the server IDs (implementation "passthrough")',
    );
  }
  const udpPort = shape.udpPort ?? inputs.port;
  if (udpPort !== inputs.port && !implementation.udpPortMayDiffer) {
    throw Http3ConfigError.conflict(
      'provider.name',
      provider.provider.name,
      'gateway.implementation',
      implementation.implementation,
      `the provider carries UDP on port ${udpPort}, not ${inputs.port}, while ${implementation.implementation} listens for QUIC and advertises h3 on its HTTPS port`,
      'use an implementation that can serve QUIC on another port (see the support table), or a provider that carries both protocols on one port',
    );
  }
  const altSvc: AltSvcDecision = resolveAltSvc(inputs.altSvc, 'altSvc', {
    port: udpPort,
    emission: implementation.altSvc(gateway.options, udpPort),
    implementation: implementation.implementation,
  });
  let lbResources: readonly SynthesizedResource[] = [];
  let lbReport: ReportContribution;
  if (workload) {
    const lb = renderLoadBalancer(provider, request, workload.selector, inputs.labels, 'provider', { udp: altSvc.quic, shape });
    lbResources = lb.resources.map((r) => ({ role: r.role, manifest: r.manifest }));
    // the safety net of correct-by-construction: what is advertised is what the Services carry over UDP
    if (altSvc.quic) checkAdvertisedPortsCarried(altSvc.value, udpPortsOf(lbResources), 'altSvc');
    lbReport = lb.report;
  } else {
    // with no UDP Service at all, the provider's findings about UDP do not apply: the implementation reports instead
    lbReport = owner === 'controller' ? provider.provider.report(provider.options, shape, request) : {};
  }
  const model: ListenerModel = {
    name: inputs.name,
    namespace: inputs.namespace,
    hostnames: inputs.hostnames,
    port: inputs.port,
    udpPort,
    backend: inputs.backend,
    tls,
    labels: inputs.labels,
    altSvcHeader: altSvc.header,
    altSvcMaxAgeSeconds: altSvc.maxAgeSeconds,
    quic: altSvc.quic,
    sessionAffinity: inputs.sessionAffinity,
    serviceShape: shape,
    providerPath: 'provider',
    providerName: provider.provider.name,
  };
  const rendering = implementation.render(gateway.options, model, 'gateway');
  const withdrawn: ReportContribution | undefined = altSvc.quic
    ? undefined
    : {
      quicTerminatedBy: 'nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)',
      connectionMigration: finding(FindingStatus.NOT_APPLICABLE, 'HTTP/3 is withdrawn'),
      udpHealthCheck: finding(FindingStatus.NOT_APPLICABLE, 'HTTP/3 is withdrawn: no UDP port is exposed'),
    };
  const resources = [...rendering.resources, ...lbResources];
  return {
    resources,
    artifacts: [...rendering.artifacts],
    report: mergeReport(lbReport, rendering.report, altSvc.report, withdrawn, { notes: sessionAffinityNotes(inputs.sessionAffinity) }),
    altSvcValue: altSvc.value,
    // the load-balancer Services: kube-http3's, and those an implementation renders itself (serviceOwner 'none')
    serviceNames: resources
      .filter((r) => r.manifest.kind === 'Service' && (r.manifest.spec as { type?: string } | undefined)?.type === 'LoadBalancer')
      .map((r) => r.manifest.metadata.name),
    tlsSecretNamespace: tlsSecretNamespace(inputs),
    quic: altSvc.quic,
    udpPort,
  };
}

/** the ports the Services carry over UDP */
function udpPortsOf(resources: readonly SynthesizedResource[]): number[] {
  return resources.flatMap((r) => {
    const ports = (r.manifest.spec as { ports?: Array<{ port: number; protocol?: string }> } | undefined)?.ports ?? [];
    return ports.filter((p) => p.protocol === 'UDP').map((p) => p.port);
  });
}

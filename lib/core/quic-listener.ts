/**
 * QuicListener: the gateway-implementation side. Everything that makes the data plane accept QUIC on the
 * listener port and route it to the backend: the implementation's listener, route and settings, plus the
 * load-balancer Service carrying the port over UDP (created by kube-http3, or shaped for the
 * implementation's controller), and the Alt-Svc decision.
 */
import type { BackendRef, ListenerModel } from '../gateways/gateway';
import { resolveGateway, type GatewayImplementationName, type GatewayOptions, type ResolvedGateway } from '../gateways/registry';
import type { ServiceRequest } from '../providers/provider';
import { resolveProvider, shapeServices, type ProviderOptions, type ProviderShorthand, type ResolvedProvider } from '../providers/registry';
import { resolveAltSvc, type AltSvcDecision, type AltSvcOptions } from './alt-svc-policy';
import { readHostnames } from './https-dns-record';
import { readExternalTrafficPolicy, renderLoadBalancer } from './mixed-protocol-load-balancer';
import { commonLabels, DEFAULT_NAMESPACE, HTTPS_PORT, readName } from './naming';
import { FindingStatus, finding, mergeReport, type ReportContribution } from './report';
import type { Artifact, StringMap, SynthesizedResource, Synthesis } from './types';
import { readDns1035Label, readDns1123Label, readDns1123Subdomain, readLabels, readObject, readPort } from './validate';

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
   * Extra labels on every object.
   *
   * @default - none
   */
  readonly labels?: StringMap;
}

/** options of the QuicListener construct */
export interface QuicListenerOptions<S = string> extends ListenerOptions<S> {
  /** the `kubernetes.io/tls` Secret the listener terminates TLS with (in the namespace the implementation reads it from) */
  readonly tlsSecretName: string;
}

/** the result of QuicListener */
export interface QuicListenerSynthesis extends Synthesis {
  /** the Alt-Svc value clients receive, undefined when nothing is advertised */
  readonly altSvcValue?: string;
  /** the load-balancer Services kube-http3 creates (none where the implementation's controller creates it) */
  readonly serviceNames: readonly string[];
  /** the namespace TLS Secrets must be in for this implementation */
  readonly tlsSecretNamespace: string;
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
  readonly altSvc: AltSvcDecision;
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
  'labels',
] as const;

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
  const altSvc = resolveAltSvc(o.altSvc, 'altSvc', {
    port,
    emission: gateway.gateway.altSvc(gateway.options, port),
    implementation: gateway.gateway.implementation,
  });
  return { name, namespace, hostnames, port, backend, gateway, provider, externalTrafficPolicy, labels, altSvc };
}

/** synthesize the QUIC listener side on its own, with an existing TLS Secret */
export function synthesizeQuicListener(options: QuicListenerOptions): QuicListenerSynthesis {
  const o = readObject(options, '', [...LISTENER_FIELDS, 'tlsSecretName']);
  const inputs = readListenerInputs(o);
  return renderListener(inputs, readDns1123Subdomain(o.tlsSecretName, 'tlsSecretName'));
}

/** the namespace the implementation reads TLS Secrets from */
export function tlsSecretNamespace(inputs: ListenerInputs): string {
  return inputs.gateway.gateway.tlsSecretNamespace(inputs.gateway.options, inputs.namespace);
}

/** render the listener: the implementation's objects and the load-balancer Service(s) or their shape */
export function renderListener(inputs: ListenerInputs, tlsSecretName: string): QuicListenerSynthesis {
  const { gateway, provider, altSvc } = inputs;
  const implementation = gateway.gateway;
  let lbResources: readonly SynthesizedResource[] = [];
  let lbReport: ReportContribution;
  let request: ServiceRequest;
  let shape;
  if (implementation.serviceOwner === 'kube-http3') {
    const workload = implementation.workload!(gateway.options, 'gateway');
    request = {
      name: inputs.name,
      namespace: workload.namespace,
      port: inputs.port,
      targetPort: workload.targetPort,
      externalTrafficPolicy: inputs.externalTrafficPolicy,
      controllerOwned: false,
    };
    const lb = renderLoadBalancer(provider, request, workload.selector, inputs.labels, 'provider', { udp: altSvc.quic });
    lbResources = lb.resources.map((r) => ({ role: r.role, manifest: r.manifest }));
    lbReport = lb.report;
    shape = lb.shape;
  } else {
    request = {
      name: inputs.name,
      namespace: inputs.namespace,
      port: inputs.port,
      targetPort: inputs.port,
      externalTrafficPolicy: inputs.externalTrafficPolicy,
      controllerOwned: true,
    };
    shape = shapeServices(provider, request, 'provider');
    lbReport = provider.provider.report(provider.options, shape, request);
  }
  const model: ListenerModel = {
    name: inputs.name,
    namespace: inputs.namespace,
    hostnames: inputs.hostnames,
    port: inputs.port,
    backend: inputs.backend,
    tlsSecretName,
    labels: inputs.labels,
    altSvcHeader: altSvc.header,
    quic: altSvc.quic,
    serviceShape: shape,
    providerPath: 'provider',
  };
  const rendering = implementation.render(gateway.options, model, 'gateway');
  const withdrawn: ReportContribution | undefined = altSvc.quic
    ? undefined
    : {
      quicTerminatedBy: 'nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)',
      connectionMigration: finding(FindingStatus.NOT_APPLICABLE, 'HTTP/3 is withdrawn'),
      udpHealthCheck: finding(FindingStatus.NOT_APPLICABLE, 'HTTP/3 is withdrawn: no UDP port is exposed'),
    };
  const artifacts: Artifact[] = [...rendering.artifacts];
  return {
    resources: [...rendering.resources, ...lbResources],
    artifacts,
    report: mergeReport(lbReport, rendering.report, altSvc.report, withdrawn),
    altSvcValue: altSvc.value,
    serviceNames: lbResources.map((r) => r.manifest.metadata.name),
    tlsSecretNamespace: tlsSecretNamespace(inputs),
  };
}

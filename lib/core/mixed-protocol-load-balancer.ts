/**
 * MixedProtocolLoadBalancer: the Service (or Service pair) exposing one port over TCP and UDP, shaped by an
 * infrastructure provider.
 */
import {
  ExternalTrafficPolicy,
  MixedProtocolLayout,
  type ServiceRequest,
  type ServiceShape,
} from '../providers/provider';
import { resolveProvider, shapeServices, type ProviderOptions, type ProviderShorthand, type ResolvedProvider } from '../providers/registry';
import { Http3ConfigError } from './errors';
import { mergeReport, NoteSeverity, note, type ReportContribution } from './report';
import type { KubeManifest, StringMap, SynthesizedResource, Synthesis } from './types';
import { commonLabels, DEFAULT_NAMESPACE, HTTPS_PORT, readName } from './naming';
import { isPlainObject, readDns1123Label, readEnum, readInteger, readLabels, readObject, readPort } from './validate';

/** the Service port names kube-http3 emits for the two protocols */
export const TCP_PORT_NAME = 'https';
export const UDP_PORT_NAME = 'http3';

/** options of MixedProtocolLoadBalancer, shared by the cdk8s props and the Pulumi args */
export interface MixedProtocolLoadBalancerOptions<S = string> {
  /**
   * The Service name (with two Services: the base of `<name>-tcp` and `<name>-udp`), a DNS-1035 label of at
   * most 59 characters.
   *
   * @default - cdk8s: derived from the construct path; Pulumi: the resource name
   */
  readonly name?: string;
  /**
   * The namespace of the Service(s): the namespace of the pods they select.
   *
   * @default 'default'
   */
  readonly namespace?: string;
  /** the labels of the pods that serve HTTPS on TCP and HTTP/3 on UDP */
  readonly selector: StringMap;
  /**
   * The client-facing port, for both TCP and UDP.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * The pods' port, the same number for TCP and UDP (a numeric target port: named ones resolve by name and
   * protocol, and the AWS and OCI NLBs build one target group from the first port).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
  /**
   * The infrastructure provider that shapes the Service(s).
   *
   * @default 'generic'
   */
  readonly provider?: ProviderOptions<S> | ProviderShorthand;
  /**
   * `Local` keeps the client IP (kube-proxy does not source-NAT) and adds a healthCheckNodePort; `Cluster`
   * spreads evenly but hides the client.
   *
   * @default 'Local'
   */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /**
   * Pin the nodePort of both the TCP and the UDP port to this number. Needed when a load balancer forwards
   * both protocols to one nodePort (instance targets, OCI NLB, a hand-made NLB) and the Service already
   * exists: on update the API server gives a newly added UDP port a different nodePort.
   *
   * @default - the API server allocates one (the same for both ports when the Service is created with both)
   */
  readonly nodePort?: number;
  /**
   * Extra labels on the Service(s).
   *
   * @default - none
   */
  readonly labels?: StringMap;
}

/** the result of MixedProtocolLoadBalancer */
export interface MixedProtocolLoadBalancerSynthesis extends Synthesis {
  /** the Service names, TCP one first */
  readonly serviceNames: readonly string[];
  /** the shape the provider chose */
  readonly shape: ServiceShape;
}

const FIELDS = ['name', 'namespace', 'selector', 'port', 'targetPort', 'provider', 'externalTrafficPolicy', 'nodePort', 'labels'];

/** synthesize the load-balancer Service(s) */
export function synthesizeMixedProtocolLoadBalancer(options: MixedProtocolLoadBalancerOptions): MixedProtocolLoadBalancerSynthesis {
  const o = readObject(options, '', FIELDS);
  const name = readName(o.name, 'name');
  const namespace = readDns1123Label(o.namespace, 'namespace', DEFAULT_NAMESPACE);
  const selector = readSelector(o.selector, 'selector');
  const port = readPort(o.port, 'port', HTTPS_PORT);
  const request: ServiceRequest = {
    name,
    namespace,
    port,
    targetPort: readPort(o.targetPort, 'targetPort', port),
    externalTrafficPolicy: readExternalTrafficPolicy(o.externalTrafficPolicy, 'externalTrafficPolicy'),
    controllerOwned: false,
    nodePort: readNodePort(o.nodePort, 'nodePort'),
  };
  const provider = resolveProvider(o.provider, 'provider');
  return renderLoadBalancer(provider, request, selector, { ...commonLabels(name), ...readLabels(o.labels, 'labels') }, 'provider');
}

/** read `externalTrafficPolicy` */
export function readExternalTrafficPolicy(value: unknown, path: string): ExternalTrafficPolicy {
  return readEnum(value, path, [ExternalTrafficPolicy.LOCAL, ExternalTrafficPolicy.CLUSTER], ExternalTrafficPolicy.LOCAL);
}

/** the default --service-node-port-range of the API server */
export const NODE_PORT_RANGE = [30000, 32767] as const;

/** read a nodePort to pin (undefined: allocated by the API server) */
export function readNodePort(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  return readInteger(value, path, NODE_PORT_RANGE[0], NODE_PORT_RANGE[1]);
}

/** read a pod selector: a non-empty label map */
export function readSelector(value: unknown, path: string): StringMap {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty map of pod labels', 'a Service without a selector reaches no pods');
  }
  return readLabels(value, path);
}

/**
 * Shape the Service(s) with the provider and render them. Used by MixedProtocolLoadBalancer and by
 * QuicListener for implementations whose load-balancer Service kube-http3 creates.
 */
export function renderLoadBalancer(
  provider: ResolvedProvider,
  request: ServiceRequest,
  selector: StringMap,
  labels: StringMap,
  providerPath: string,
  options: { readonly udp?: boolean; readonly shape?: ServiceShape } = {},
): MixedProtocolLoadBalancerSynthesis {
  const shape = options.shape ?? shapeServices(provider, request, providerPath);
  const udp = options.udp ?? true;
  const pinned = request.nodePort !== undefined ? { nodePort: request.nodePort } : {};
  const ports = {
    tcp: { name: TCP_PORT_NAME, port: request.port, targetPort: request.targetPort, protocol: 'TCP', ...pinned },
    udp: { name: UDP_PORT_NAME, port: shape.udpPort ?? request.port, targetPort: request.targetPort, protocol: 'UDP', ...pinned },
  };
  const service = (name: string, annotations: StringMap, servicePorts: object[]): KubeManifest => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: request.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      type: 'LoadBalancer',
      ...(shape.loadBalancerClass !== undefined ? { loadBalancerClass: shape.loadBalancerClass } : {}),
      ...(shape.loadBalancerIP !== undefined ? { loadBalancerIP: shape.loadBalancerIP } : {}),
      externalTrafficPolicy: shape.externalTrafficPolicy,
      selector,
      ports: servicePorts,
    },
  });
  let resources: SynthesizedResource[];
  const notes = [];
  if (shape.layout === MixedProtocolLayout.SINGLE_SERVICE) {
    resources = [{ role: 'service', primary: true, manifest: service(request.name, shape.annotations, udp ? [ports.tcp, ports.udp] : [ports.tcp]) }];
    if (udp && ports.udp.port === ports.tcp.port) notes.push(note(
      NoteSeverity.WARNING,
      'apply-server-side',
      `apply the Service with kubectl apply --server-side (or kubectl replace): client-side kubectl apply, Helm upgrades and kustomize strategic-merge patches merge Service ports by number and silently drop one of ${request.port}/TCP and ${request.port}/UDP`,
    ));
  } else {
    resources = [
      {
        role: 'service-tcp',
        primary: true,
        manifest: service(`${request.name}-tcp`, { ...shape.annotations, ...shape.tcpAnnotations }, [ports.tcp]),
      },
    ];
    if (udp) {
      resources.push({ role: 'service-udp', manifest: service(`${request.name}-udp`, { ...shape.annotations, ...shape.udpAnnotations }, [ports.udp]) });
    }
  }
  const providerReport: ReportContribution = provider.provider.report(provider.options, shape, request);
  return {
    resources,
    artifacts: [],
    report: mergeReport(providerReport, { notes }),
    serviceNames: resources.map((r) => r.manifest.metadata.name),
    shape,
  };
}

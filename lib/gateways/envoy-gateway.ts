/**
 * `envoy-gateway`: Envoy Gateway (gateway.envoyproxy.io) through the Gateway API.
 *
 * HTTP/3 is a `ClientTrafficPolicy` with `spec.http3: {}` targeting the Gateway's HTTPS listener. The
 * controller then adds the UDP Service port itself (`<port name>-h3`, same port) and Envoy advertises
 * `alt-svc: h3=":<listener port>"; ma=86400` on every route. The controller generates the load-balancer
 * Service, so the provider's shape (annotations, class, traffic policy) goes into an `EnvoyProxy` referenced
 * from the Gateway's `spec.infrastructure.parametersRef`.
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { SessionAffinity } from '../core/session-affinity';
import type { KubeManifest, SynthesizedResource } from '../core/types';
import { compareVersions, readBoolean, readDns1123Subdomain, readVersion } from '../core/validate';
import { ExternalTrafficPolicy, type ServiceShape } from '../providers/provider';
import { automaticH3Emission, requireSingleService, type GatewayImplementation, type ListenerModel } from './gateway';
import {
  altSvcResponseHeaders,
  gatewayApiGateway,
  gatewayApiHttpRoute,
  referenceGrantResources,
  GATEWAY_API_GROUP,
  HTTPS_LISTENER_NAME,
} from './gateway-api';

/** the Envoy Gateway release assumed when `version` is not given */
export const ENVOY_GATEWAY_DEFAULT_VERSION = '1.9.0';
/** Alt-Svc advertised the container port (10443) instead of the listener port before v1.1.0 (#2882, fixed by #2886) */
export const ENVOY_GATEWAY_ALT_SVC_FIXED = '1.1.0';
/** the QUIC listener carried a TLS inspector Envoy rejects before v1.5.0 (#5005, #5671) */
export const ENVOY_GATEWAY_TLS_INSPECTOR_FIXED = '1.5.0';
/** the same fix, cherry-picked to the 1.3 line */
export const ENVOY_GATEWAY_TLS_INSPECTOR_FIXED_1_3 = '1.3.3';

const EG_GROUP = 'gateway.envoyproxy.io';

/** options of the `envoy-gateway` implementation */
export interface EnvoyGatewayOptions {
  readonly implementation: 'envoy-gateway';
  /**
   * The GatewayClass the Gateway belongs to.
   *
   * @default 'eg'
   */
  readonly gatewayClassName?: string;
  /**
   * The Envoy Gateway version in the cluster (HTTP/3 needs v1.1.0 or later: earlier releases advertise the
   * container port in Alt-Svc).
   *
   * @default '1.9.0'
   */
  readonly version?: string;
  /**
   * Accept the PROXY protocol on the listener. Refused together with HTTP/3: Envoy has no PROXY protocol
   * for UDP and rejects the QUIC listener, while TCP keeps advertising h3.
   *
   * @default false
   */
  readonly proxyProtocol?: boolean;
}

type Parsed = Required<Omit<EnvoyGatewayOptions, 'proxyProtocol'>>;

const ALT_SVC_SOURCE = 'Envoy Gateway appends alt-svc: h3=":<listener port>"; ma=86400 to every route of an HTTP/3 listener (ma is hard-coded)';

export const envoyGateway: GatewayImplementation<'envoy-gateway', Parsed> = {
  implementation: 'envoy-gateway',
  title: 'Envoy Gateway',
  support: {
    howEnabled: '`ClientTrafficPolicy` (gateway.envoyproxy.io/v1alpha1) `spec.http3: {}` targeting the HTTPS listener',
    autoUdpPort: 'yes: `<port name>-h3` UDP on the generated Service',
    autoAltSvc: 'yes: `h3=":<listener port>"; ma=86400`',
    caveats: 'never with PROXY protocol (QUIC listener rejected); the generated Service is one mixed Service, shaped through EnvoyProxy',
  },
  fields: ['gatewayClassName', 'version', 'proxyProtocol'],
  serviceOwner: () => 'controller',
  tlsKinds: () => ['secret'],
  sessionAffinity: ['header', 'cookie', 'source-ip'],
  parse(raw, path) {
    const version = readVersion(raw.version, `${path}.version`, ENVOY_GATEWAY_DEFAULT_VERSION);
    if (compareVersions(version, ENVOY_GATEWAY_ALT_SVC_FIXED) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'advertises the wrong port: before v1.1.0 Envoy Gateway put the container port (10443) into Alt-Svc (envoyproxy/gateway #2882), so browsers never reach HTTP/3',
        'upgrade Envoy Gateway to v1.1.0 or later',
      );
    }
    if (readBoolean(raw.proxyProtocol, `${path}.proxyProtocol`, false)) {
      throw Http3ConfigError.refused(
        `${path}.proxyProtocol`,
        true,
        'breaks HTTP/3: Envoy has no PROXY protocol listener filter for UDP and NACKs the QUIC listener, while TCP keeps working and keeps advertising h3 (envoyproxy/gateway #9798)',
        'turn proxyProtocol off and keep the client IP with externalTrafficPolicy "Local" on a pass-through load balancer',
      );
    }
    return {
      implementation: 'envoy-gateway',
      gatewayClassName: raw.gatewayClassName === undefined ? 'eg' : readDns1123Subdomain(raw.gatewayClassName, `${path}.gatewayClassName`),
      version,
    };
  },
  altSvc(_options, port) {
    return automaticH3Emission(port, ALT_SVC_SOURCE);
  },
  render(options, model, path) {
    requireSingleService(
      model,
      `${path}.implementation`,
      'envoy-gateway',
      'Envoy Gateway generates exactly one Service per Gateway, with the TCP and the UDP port together',
    );
    const envoyProxy = renderEnvoyProxy(model.name, model.namespace, model.labels, model.serviceShape);
    const resources: SynthesizedResource[] = [
      {
        role: 'gateway',
        primary: true,
        manifest: gatewayApiGateway(model, options.gatewayClassName, {
          parametersRef: envoyProxy ? { group: EG_GROUP, kind: 'EnvoyProxy', name: model.name } : undefined,
        }),
      },
      { role: 'route', manifest: gatewayApiHttpRoute(model, altSvcResponseHeaders(model)) },
    ];
    if (model.quic) {
      resources.push({
        role: 'client-traffic-policy',
        manifest: {
          apiVersion: `${EG_GROUP}/v1alpha1`,
          kind: 'ClientTrafficPolicy',
          metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
          spec: {
            targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: model.name, sectionName: HTTPS_LISTENER_NAME }],
            http3: {},
          },
        },
      });
    }
    if (envoyProxy) resources.push({ role: 'envoy-proxy', manifest: envoyProxy });
    if (model.sessionAffinity) {
      resources.push({ role: 'backend-traffic-policy', manifest: envoyBackendTrafficPolicy(model, model.sessionAffinity) });
    }
    resources.push(...referenceGrantResources(model));
    const notes: ReportNote[] = [
      note(
        NoteSeverity.INFO,
        'envoy-gateway-service',
        model.quic
          ? `Envoy Gateway generates the load-balancer Service (in its own namespace) with https-${model.port} on TCP and https-${model.port}-h3 on UDP, both port ${model.port}`
          : `Envoy Gateway generates the load-balancer Service (in its own namespace) with https-${model.port} on TCP only while HTTP/3 is withdrawn`,
      ),
    ];
    if (model.quic && hasTlsInspectorBug(options.version)) {
      notes.push(note(
        NoteSeverity.WARNING,
        'envoy-gateway-tls-inspector',
        'before v1.5.0 (v1.3.3 for the 1.3 line) the QUIC listener carried a TLS inspector that Envoy rejects (envoyproxy/gateway #5005): upgrade, or HTTP/3 stays off while Alt-Svc is advertised',
      ));
    }
    return {
      resources,
      artifacts: [],
      report: {
        quicTerminatedBy: 'the Envoy Gateway proxy pods (Envoy)',
        tcpFallback: finding(FindingStatus.YES, `the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
        notes,
      },
    };
  },
};

/** whether the version still puts a TLS inspector on the QUIC listener (fixed in v1.5.0 and v1.3.3; the 1.4 line is not known to have the fix) */
function hasTlsInspectorBug(version: string): boolean {
  if (compareVersions(version, ENVOY_GATEWAY_TLS_INSPECTOR_FIXED) >= 0) return false;
  const in13 = compareVersions(version, '1.3.0') >= 0 && compareVersions(version, '1.4.0') < 0;
  return !(in13 && compareVersions(version, ENVOY_GATEWAY_TLS_INSPECTOR_FIXED_1_3) >= 0);
}

/**
 * The EnvoyProxy carrying the provider's Service shape, or undefined when Envoy Gateway's defaults already
 * match it (type LoadBalancer, externalTrafficPolicy Local, no annotations, no class).
 */
function renderEnvoyProxy(name: string, namespace: string, labels: Readonly<Record<string, string>>, shape: ServiceShape): KubeManifest | undefined {
  const annotations = Object.keys(shape.annotations).length > 0 ? shape.annotations : undefined;
  const needed =
    annotations !== undefined ||
    shape.loadBalancerClass !== undefined ||
    shape.loadBalancerIP !== undefined ||
    shape.externalTrafficPolicy !== ExternalTrafficPolicy.LOCAL;
  if (!needed) return undefined;
  return {
    apiVersion: `${EG_GROUP}/v1alpha1`,
    kind: 'EnvoyProxy',
    metadata: { name, namespace, labels },
    spec: {
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            ...(annotations ? { annotations } : {}),
            ...(shape.loadBalancerClass !== undefined ? { loadBalancerClass: shape.loadBalancerClass } : {}),
            ...(shape.loadBalancerIP !== undefined ? { loadBalancerIP: shape.loadBalancerIP } : {}),
            externalTrafficPolicy: shape.externalTrafficPolicy,
          },
        },
      },
    },
  };
}

/** the BackendTrafficPolicy that keeps each client on one backend pod (consistent hashing on the route) */
function envoyBackendTrafficPolicy(model: ListenerModel, affinity: SessionAffinity): KubeManifest {
  const consistentHash =
    affinity.type === 'header'
      ? { type: 'Headers', headers: [{ name: affinity.name }] }
      : affinity.type === 'cookie'
        ? { type: 'Cookie', cookie: { name: affinity.name, ttl: `${affinity.ttlSeconds}s` } }
        : { type: 'SourceIP' };
  return {
    apiVersion: `${EG_GROUP}/v1alpha1`,
    kind: 'BackendTrafficPolicy',
    metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
    spec: {
      targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: model.name }],
      loadBalancer: { type: 'ConsistentHash', consistentHash },
    },
  };
}

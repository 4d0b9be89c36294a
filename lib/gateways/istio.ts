/**
 * `istio`: Istio's classic API (networking.istio.io Gateway + VirtualService) on an ingress gateway
 * deployment.
 *
 * HTTP/3 is one istiod setting, `PILOT_ENABLE_QUIC_LISTENERS="true"` (experimental since 1.12, mesh-wide):
 * istiod then mirrors every eligible server (protocol HTTPS, TLS not passthrough) as a QUIC listener, but
 * only if a Service selecting the gateway pods has a UDP port with the same number as the server port, and
 * it logs nothing when there is none. kube-http3 therefore creates that Service itself (443/TCP + 443/UDP,
 * shaped by the provider) and renders the istiod setting as the istioctl overlay and Helm values users
 * apply. Istio adds `alt-svc: h3=":<server port>"; ma=86400` to every route by itself.
 */
import { yamlArtifact } from '../core/artifacts';
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note } from '../core/report';
import type { SessionAffinity } from '../core/session-affinity';
import { ArtifactTool, type Artifact, type KubeManifest, type StringMap, type SynthesizedResource } from '../core/types';
import { compareVersions, readDns1123Label, readEnum, readLabels, readPort, readVersion } from '../core/validate';
import { automaticH3Emission, type GatewayImplementation, type ListenerModel } from './gateway';
import { tlsSecretName } from './gateway-api';

/** the Istio release assumed when `version` is not given */
export const ISTIO_DEFAULT_VERSION = '1.30';
/** the first Istio release with PILOT_ENABLE_QUIC_LISTENERS (PR #33817) */
export const ISTIO_QUIC_SINCE = '1.12';

/** the istiod environment variable that turns QUIC listeners on */
export const ISTIO_QUIC_ENV = 'PILOT_ENABLE_QUIC_LISTENERS';

/** the server TLS modes of networking.istio.io Gateways */
export type IstioTlsMode = 'SIMPLE' | 'MUTUAL' | 'OPTIONAL_MUTUAL' | 'ISTIO_MUTUAL' | 'PASSTHROUGH' | 'AUTO_PASSTHROUGH';

/** options of the `istio` implementation (classic networking.istio.io API) */
export interface IstioGatewayOptions {
  readonly implementation: 'istio';
  /**
   * The namespace of the ingress gateway pods. The load-balancer Service and the TLS Secret
   * (`credentialName`) are created there.
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The labels of the ingress gateway pods (the Gateway's `selector` and the Service's selector).
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: StringMap;
  /**
   * The port the gateway pods listen on for the server (TCP and UDP alike). istioctl's
   * `istio-ingressgateway` maps 443 to 8443; with the istio/gateway Helm chart and its Service disabled,
   * any port works as long as it is this one.
   *
   * @default 8443
   */
  readonly targetPort?: number;
  /**
   * The server TLS mode. Only SIMPLE can serve HTTP/3: Istio does not request client certificates on QUIC
   * (MUTUAL, OPTIONAL_MUTUAL and ISTIO_MUTUAL would be silently unenforced) and passthrough servers get no
   * QUIC listener.
   *
   * @default 'SIMPLE'
   */
  readonly tlsMode?: IstioTlsMode;
  /**
   * The Istio version in the cluster (QUIC listeners exist from 1.12).
   *
   * @default '1.30'
   */
  readonly version?: string;
  /**
   * The ingress gateway component in the istioctl overlay whose own Service kube-http3 turns into a ClusterIP
   * (kube-http3's Service replaces it as the load balancer).
   *
   * @default 'istio-ingressgateway'
   */
  readonly ingressGatewayName?: string;
}

type Parsed = Required<IstioGatewayOptions>;

const TLS_MODES: readonly IstioTlsMode[] = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'ISTIO_MUTUAL', 'PASSTHROUGH', 'AUTO_PASSTHROUGH'];

const ALT_SVC_SOURCE = 'istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route of a server that has a QUIC listener (ma is hard-coded)';

export const istioGateway: GatewayImplementation<'istio', Parsed> = {
  implementation: 'istio',
  title: 'Istio, classic API (Gateway + VirtualService)',
  support: {
    howEnabled: 'istiod env `PILOT_ENABLE_QUIC_LISTENERS="true"` (istioctl overlay / Helm values) and a gateway Service with 443/UDP next to 443/TCP; server `protocol: HTTPS`, TLS SIMPLE',
    autoUdpPort: 'no: kube-http3 creates the Service with both ports',
    autoAltSvc: 'yes: `h3=":<server port>"; ma=86400`',
    caveats: 'experimental since 1.12 and mesh-wide; client certificates are not enforced over QUIC (MUTUAL refused)',
  },
  fields: ['namespace', 'selector', 'targetPort', 'tlsMode', 'version', 'ingressGatewayName'],
  serviceOwner: () => 'kube-http3',
  tlsKinds: () => ['secret'],
  sessionAffinity: ['header', 'cookie', 'source-ip'],
  parse(raw, path) {
    const version = readIstioVersion(raw.version, `${path}.version`, ISTIO_DEFAULT_VERSION);
    const tlsMode = readEnum(raw.tlsMode, `${path}.tlsMode`, TLS_MODES, 'SIMPLE');
    if (tlsMode === 'MUTUAL' || tlsMode === 'OPTIONAL_MUTUAL' || tlsMode === 'ISTIO_MUTUAL') {
      throw Http3ConfigError.refused(
        `${path}.tlsMode`,
        tlsMode,
        'cannot be enforced over HTTP/3: istiod builds QUIC listeners with RequireClientCertificate=false (envoyproxy/envoy #23809), so a client without a certificate would reach the server over QUIC',
        'use tlsMode "SIMPLE" with HTTP/3, or serve this host without HTTP/3',
      );
    }
    if (tlsMode !== 'SIMPLE') {
      throw Http3ConfigError.refused(
        `${path}.tlsMode`,
        tlsMode,
        'cannot serve HTTP/3: Istio generates QUIC listeners only for servers that terminate TLS, never for passthrough',
        'use tlsMode "SIMPLE" so the gateway terminates TLS, or let the backend terminate QUIC itself',
      );
    }
    return {
      implementation: 'istio',
      namespace: readDns1123Label(raw.namespace, `${path}.namespace`, 'istio-system'),
      selector: raw.selector === undefined ? { istio: 'ingressgateway' } : readLabels(raw.selector, `${path}.selector`),
      targetPort: readPort(raw.targetPort, `${path}.targetPort`, 8443),
      tlsMode,
      version,
      ingressGatewayName: readDns1123Label(raw.ingressGatewayName, `${path}.ingressGatewayName`, 'istio-ingressgateway'),
    };
  },
  workload(options) {
    return { namespace: options.namespace, selector: options.selector, targetPort: options.targetPort };
  },
  tlsSecretNamespace(options) {
    return options.namespace;
  },
  altSvc(_options, port) {
    return automaticH3Emission(port, ALT_SVC_SOURCE);
  },
  render(options, model) {
    const gateway = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
      spec: {
        selector: options.selector,
        servers: [
          {
            port: { number: model.port, name: 'https', protocol: 'HTTPS' },
            hosts: [...model.hostnames],
            tls: { mode: options.tlsMode, credentialName: tlsSecretName(model) },
          },
        ],
      },
    };
    const route = {
      destination: {
        host: clusterLocalHost(model.backend.service, model.backend.namespace),
        port: { number: model.backend.port },
      },
    };
    const virtualService = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
      spec: {
        hosts: [...model.hostnames],
        gateways: [`${model.namespace}/${model.name}`],
        http: [
          {
            route: [route],
            ...(model.altSvcHeader !== undefined ? { headers: { response: { set: { 'alt-svc': model.altSvcHeader } } } } : {}),
          },
        ],
      },
    };
    const resources: SynthesizedResource[] = [
      { role: 'gateway', primary: true, manifest: gateway },
      { role: 'virtual-service', manifest: virtualService },
    ];
    if (model.sessionAffinity) resources.push({ role: 'destination-rule', manifest: istioDestinationRule(model, model.sessionAffinity) });
    return {
      resources,
      artifacts: [
        ...istiodQuicArtifacts(model.name, {
          purpose: 'turns QUIC listeners on and stops the default ingress gateway Service from being a second load balancer',
          components: {
            ingressGateways: [
              { name: options.ingressGatewayName, namespace: options.namespace, enabled: true, k8s: { service: { type: 'ClusterIP' } } },
            ],
          },
        }),
        istioGatewayChartValues(model.name, 'helm upgrade', options.namespace),
      ],
      report: {
        quicTerminatedBy: `the Istio ingress gateway pods (Envoy) in ${options.namespace}, selected by ${JSON.stringify(options.selector)}`,
        tcpFallback: finding(FindingStatus.YES, `the same server keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
        notes: [
          note(
            NoteSeverity.WARNING,
            'istio-quic-setting',
            `QUIC listeners appear only after istiod runs with ${ISTIO_QUIC_ENV}="true" (apply the istioctl overlay or the istiod Helm values); the setting is experimental and applies to every gateway in the mesh that has a matching UDP port`,
          ),
          note(
            NoteSeverity.WARNING,
            'istio-single-load-balancer',
            `point DNS at kube-http3's Service; the gateway's own Service must not stay a LoadBalancer (the artifacts make it ClusterIP, or remove it for the istio/gateway chart): istiod advertises h3 on every route as soon as any Service selecting the pods has ${model.port}/UDP, so clients reaching an address without UDP would try QUIC in vain`,
          ),
        ],
      },
    };
  },
};

/**
 * Read the Istio version and refuse releases without QUIC listeners (before 1.12). Shared by `istio` and
 * `istio-gateway-api`.
 */
export function readIstioVersion(value: unknown, path: string, defaultVersion: string): string {
  const version = readVersion(value, path, defaultVersion);
  if (compareVersions(version, ISTIO_QUIC_SINCE) < 0) {
    throw Http3ConfigError.refused(
      path,
      value,
      `has no QUIC listeners: ${ISTIO_QUIC_ENV} arrived in Istio 1.12 (istio #33817)`,
      'upgrade Istio to 1.12 or later',
    );
  }
  return version;
}

/** the cluster-local DNS name of a Service, as Istio names hosts */
export function clusterLocalHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/**
 * The istio/gateway chart values that turn the chart's own Service off (kube-http3's Service replaces it), applied
 * with `helmCommand` in `namespace`. Shared by `istio` and `istio-gateway-api`.
 */
export function istioGatewayChartValues(name: string, helmCommand: string, namespace: string): Artifact {
  return yamlArtifact(
    `${name}.istio-gateway-values.yaml`,
    ArtifactTool.HELM,
    `apply with: ${helmCommand} <release> istio/gateway -n ${namespace} --reuse-values -f <this file> (kube-http3's Service replaces the chart's)`,
    { service: { type: 'None' } },
  );
}

/**
 * The istiod setting that turns QUIC listeners on (`PILOT_ENABLE_QUIC_LISTENERS="true"`, gateways.md §1
 * "Classic API"), as the two artifacts users apply it with: an istioctl IstioOperator overlay
 * (`spec.values.pilot.env`) and istiod Helm values (`pilot.env`; the chart copies `.pilot.*` to the root,
 * templates/zzy_descope_legacy.yaml). The value is the string "true" (Istio 1.12.3 fixed Helm emitting an
 * invalid env for booleans). Shared by `istio` and `istio-gateway-api`.
 *
 * @param name the construct name, the prefix of the file names
 * @param overlay what the IstioOperator overlay does besides the env (`purpose`, in its header) and its extra
 * `spec.components`
 */
export function istiodQuicArtifacts(
  name: string,
  overlay: { readonly purpose?: string; readonly components?: Readonly<Record<string, unknown>> } = {},
): Artifact[] {
  const env = { [ISTIO_QUIC_ENV]: 'true' };
  return [
    yamlArtifact(
      `${name}.istio-operator.yaml`,
      ArtifactTool.ISTIOCTL,
      `apply with: istioctl install -f <this file> (merge into your IstioOperator overlay): ${overlay.purpose ?? 'turns QUIC listeners on'}`,
      {
        apiVersion: 'install.istio.io/v1alpha1',
        kind: 'IstioOperator',
        spec: { values: { pilot: { env } }, ...(overlay.components ? { components: overlay.components } : {}) },
      },
    ),
    yamlArtifact(
      `${name}.istiod-values.yaml`,
      ArtifactTool.HELM,
      `apply with: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f <this file> (istiod restarts with ${ISTIO_QUIC_ENV})`,
      { pilot: { env } },
    ),
  ];
}

/**
 * The DestinationRule that keeps each client on one backend pod: consistent hashing at the gateway on a
 * header, a cookie or the source IP (networking.istio.io/v1 `trafficPolicy.loadBalancer.consistentHash`), for
 * the backend Service's host. Istio applies it to the gateway pods when it lives in their namespace or in the
 * backend's. Shared by `istio` and `istio-gateway-api`.
 */
export function istioDestinationRule(model: ListenerModel, affinity: SessionAffinity): KubeManifest {
  const consistentHash =
    affinity.type === 'header'
      ? { httpHeaderName: affinity.name }
      : affinity.type === 'cookie'
        ? { httpCookie: { name: affinity.name, ttl: `${affinity.ttlSeconds}s` } }
        : { useSourceIp: true };
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    // in the backend's namespace: istiod looks a proxy's DestinationRules up in the proxy's namespace, then in the
    // service's, then in the root namespace, so the listener's namespace would miss gateway pods living elsewhere
    metadata: { name: model.name, namespace: model.backend.namespace, labels: model.labels },
    spec: {
      host: clusterLocalHost(model.backend.service, model.backend.namespace),
      trafficPolicy: { loadBalancer: { consistentHash } },
    },
  };
}

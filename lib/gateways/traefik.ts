/**
 * `traefik`: Traefik Proxy v3, routing through IngressRoute (traefik.io/v1alpha1) or the Gateway API.
 *
 * HTTP/3 is static configuration of a TCP entryPoint, `entryPoints.<ep>.http3.advertisedPort` (gateways.md §3,
 * `traefik/traefik:pkg/config/static/entrypoints.go` `HTTP3Config`): Traefik then also binds UDP on the
 * entryPoint port and quic-go adds `alt-svc: h3=":<advertisedPort>"; ma=2592000` to every HTTPS response of
 * the entryPoint, whatever the provider (IngressRoute, Ingress, Gateway API). Left empty, advertisedPort
 * defaults to the listen port (8443 with the Helm chart), so Alt-Svc names a port the load balancer does not
 * carry and HTTP/3 never starts: kube-http3 always sets it to the client-facing UDP port (which may differ from the
 * HTTPS port where the provider moves UDP: Traefik still listens on the entryPoint port, only Alt-Svc follows).
 *
 * Static configuration is not a Kubernetes object, so it goes to artifacts: with `install: 'helm'` the Helm
 * values of the traefik/traefik chart (which then creates the load-balancer Service, shaped by the provider:
 * `service.single`, annotations, `service.spec`); with `install: 'manifests'` the `traefik.yml` entryPoints
 * block and the equivalent CLI flags, and kube-http3 creates the Service(s) selecting the Traefik pods.
 */
import type { Scalar } from 'yaml';
import { doubleQuoted, yamlArtifact } from '../core/artifacts';
import { Http3ConfigError } from '../core/errors';
import { containsPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { SessionAffinity } from '../core/session-affinity';
import { ArtifactTool, type Artifact, type KubeManifest, type StringMap, type SynthesizedResource } from '../core/types';
import {
  compareVersions,
  readDns1123Label,
  readDns1123Subdomain,
  readEnum,
  readLabels,
  readPort,
  readVersion,
} from '../core/validate';
import { MixedProtocolLayout, type ServiceShape } from '../providers/provider';
import { automaticH3Emission, type GatewayImplementation, type ListenerModel } from './gateway';
import { altSvcResponseHeaders, gatewayApiResources, tlsSecretName } from './gateway-api';

/** the Traefik release assumed when `version` is not given: the v3 line of the reference (gateways.md §3, v3.7.x) */
export const TRAEFIK_DEFAULT_VERSION = '3.7';
/** HTTP/3 is GA from v3.0; v2 needed `experimental.http3`, which v3 refuses to start with (gateways.md §3 Versions) */
export const TRAEFIK_HTTP3_GA = '3.0';
/** the Gateway API provider is no longer experimental from v3.1 (traefik/traefik docs/content/migration/v3.md "v3.0 to v3.1") */
export const TRAEFIK_GATEWAY_API_GA = '3.1';
/** IngressRoute `services[].strategy: hrw` (client-IP hashing) is in the CRDs from v3.6 (traefik-helm-chart 20faec3e) */
export const TRAEFIK_HRW_SINCE = '3.6';
/** the traefik/traefik chart release assumed when `chartVersion` is not given (loadbalancers.md §15, a8a66d00) */
export const TRAEFIK_CHART_DEFAULT_VERSION = '41.3.0';
/** the first chart deploying Traefik v3 without passing `--experimental.http3=true` (traefik-helm-chart 536059db, v28.0.0) */
export const TRAEFIK_CHART_V3_SINCE = '28.0.0';
/** the chart turns the Gateway API provider on with `providers.kubernetesGateway.enabled` from v29.0.0 (traefik-helm-chart 2eb640a4) */
export const TRAEFIK_CHART_GATEWAY_PROVIDER_SINCE = '29.0.0';
/** the chart moved `ports.<ep>.tls` to `ports.<ep>.http.tls` in v39.0.0 (traefik-helm-chart 266ff0e4, gateways.md §3 Pitfalls) */
export const TRAEFIK_CHART_HTTP_TLS_SINCE = '39.0.0';
/** the max age quic-go writes into Alt-Svc (`generateAltSvcHeader`, gateways.md §3): 30 days, not configurable */
export const TRAEFIK_ALT_SVC_MAX_AGE_SECONDS = 2592000;
/** the labels the traefik/traefik chart puts on its pods, used as the default selector with `install: 'manifests'` */
export const TRAEFIK_DEFAULT_SELECTOR: StringMap = { 'app.kubernetes.io/name': 'traefik' };

/** the longest entryPoint name the chart keeps distinct: it truncates `<ep>-http3` to 15 characters (`traefik.portname`) */
const MAX_HELM_ENTRY_POINT_LENGTH = 13;
const ENTRY_POINT_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const TRAEFIK_GROUP = 'traefik.io';

/** how Traefik is installed, which decides who creates the load-balancer Service and what the artifacts are */
export type TraefikInstall = 'helm' | 'manifests';

/** how traffic is routed to the backend */
export type TraefikRouting = 'ingressroute' | 'gateway-api';

/**
 * Options of the `traefik` implementation (Traefik Proxy v3). The v2 form `experimental.http3` is refused:
 * Traefik v3 does not start with it.
 */
export interface TraefikGatewayOptions {
  readonly implementation: 'traefik';
  /**
   * How Traefik is installed. `helm`: the traefik/traefik chart creates the load-balancer Service; kube-http3
   * renders the chart values (entryPoint with HTTP/3, the provider's Service shape). `manifests`: your own
   * Traefik Deployment (or the chart with `service.enabled: false`); kube-http3 creates the Service(s)
   * selecting the Traefik pods and renders the static configuration as `traefik.yml` and as CLI flags.
   *
   * @default 'helm'
   */
  readonly install?: TraefikInstall;
  /**
   * How routes are declared: an IngressRoute (traefik.io/v1alpha1) on the entryPoint, or a Gateway API Gateway
   * and HTTPRoute (the Gateway listener port is then the entryPoint port, not the client-facing port).
   *
   * @default 'ingressroute'
   */
  readonly routing?: TraefikRouting;
  /**
   * The name of the TCP entryPoint that serves HTTPS and HTTP/3 (lowercase letters, digits and "-"; with Helm at
   * most 13 characters, because the chart truncates the UDP port name `<entryPoint>-http3` to 15).
   *
   * @default 'websecure'
   */
  readonly entryPoint?: string;
  /**
   * The entryPoint port: the Traefik container port for both TCP and UDP (the chart's `ports.<ep>.port`).
   *
   * @default 8443
   */
  readonly entryPointPort?: number;
  /**
   * The port Traefik writes into Alt-Svc (`http3.advertisedPort`). It must be the client-facing port: anything
   * else is refused, because clients would try QUIC on a port the load balancer does not carry.
   *
   * @default - the client-facing port
   */
  readonly advertisedPort?: number;
  /**
   * The namespace of the Traefik pods (the Helm release namespace; with `manifests`, where kube-http3 creates
   * the load-balancer Service).
   *
   * @default 'traefik'
   */
  readonly namespace?: string;
  /**
   * The labels of the Traefik pods, for the Service kube-http3 creates (`install: 'manifests'` only).
   *
   * @default { 'app.kubernetes.io/name': 'traefik' }
   */
  readonly selector?: StringMap;
  /**
   * The GatewayClass of the Gateway (`routing: 'gateway-api'` only); the chart creates `traefik` with
   * controllerName `traefik.io/gateway-controller` once the Gateway API provider is on.
   *
   * @default 'traefik'
   */
  readonly gatewayClassName?: string;
  /**
   * The Traefik version in the cluster: v3 only (HTTP/3 is GA from v3.0; the Gateway API provider from v3.1;
   * client-IP affinity from v3.6).
   *
   * @default '3.7'
   */
  readonly version?: string;
  /**
   * The traefik/traefik Helm chart version (`install: 'helm'` only): from 28.0.0 (the first chart for Traefik
   * v3); before 39.0.0 the entryPoint TLS setting is `ports.<ep>.tls`, from 39.0.0 `ports.<ep>.http.tls`.
   *
   * @default '41.3.0'
   */
  readonly chartVersion?: string;
}

/** the options, read and checked */
interface Parsed {
  readonly implementation: 'traefik';
  readonly install: TraefikInstall;
  readonly routing: TraefikRouting;
  readonly entryPoint: string;
  readonly entryPointPort: number;
  readonly advertisedPort?: number;
  readonly namespace: string;
  readonly selector: StringMap;
  readonly gatewayClassName: string;
  readonly version: string;
  readonly chartVersion: string;
  /** the prop path of the options, for errors raised after parsing */
  readonly path: string;
}

const ALT_SVC_SOURCE = 'Traefik (quic-go) adds alt-svc: h3=":<http3.advertisedPort>"; ma=2592000 to every HTTPS response of an HTTP/3 entryPoint '
  + '(ma is hard-coded in quic-go)';

/** the `traefik` implementation: entryPoint HTTP/3 as Helm values or static configuration, routes as IngressRoute or Gateway API */
export const traefikGateway: GatewayImplementation<'traefik', Parsed> = {
  implementation: 'traefik',
  title: 'Traefik Proxy v3',
  support: {
    howEnabled: 'entryPoint `http3.advertisedPort` in the static configuration (`traefik.yml` or `--entryPoints.<ep>.http3.advertisedPort`); '
      + 'Helm: `ports.<ep>.http3.enabled` + `.advertisedPort`; routes through IngressRoute or Gateway API, TLS routers only',
    autoUdpPort: 'Helm chart: yes (`<ep>-http3` UDP; `service.single` true = one mixed Service, false = a separate `-udp` Service); '
      + 'plain manifests: kube-http3 creates the Service',
    autoAltSvc: 'yes: `h3=":<advertisedPort>"; ma=2592000` (kube-http3 sets advertisedPort to the client port)',
    caveats: 'v3 only (the v2 `experimental.http3` form is refused); an unset advertisedPort advertises the entryPoint port (8443); '
      + '`helm upgrade` can drop one of 443/TCP and 443/UDP on a single Service (traefik-helm-chart #982)',
  },
  fields: [
    'install',
    'routing',
    'entryPoint',
    'entryPointPort',
    'advertisedPort',
    'namespace',
    'selector',
    'gatewayClassName',
    'version',
    'chartVersion',
    // accepted only to refuse it with the reason: users migrating from v2 write it
    'experimental',
  ],
  sessionAffinity: ['cookie', 'source-ip'],
  tlsKinds: () => ['secret'],
  // advertisedPort is independent of the listen port, and the chart puts the UDP Service port on http3.advertisedPort
  // (`exposedPort = http3.advertisedPort || exposedPort`, loadbalancers.md §15): QUIC can be reached on another port
  udpPortMayDiffer: true,
  serviceOwner: (options) => (options.install === 'helm' ? 'controller' : 'kube-http3'),
  parse(raw, path) {
    if (raw.experimental !== undefined) {
      throw Http3ConfigError.refused(
        `${path}.experimental`,
        raw.experimental,
        'is the Traefik v2 form (experimental.http3): Traefik v3 made HTTP/3 GA, removed the option and does not start with it '
          + '(traefik/traefik docs/content/migrate/v2-to-v3-details.md)',
        'remove it: kube-http3 turns HTTP/3 on with entryPoints.<entryPoint>.http3.advertisedPort',
      );
    }
    const version = readVersion(raw.version, `${path}.version`, TRAEFIK_DEFAULT_VERSION);
    if (compareVersions(version, TRAEFIK_HTTP3_GA) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'is Traefik v2, where HTTP/3 is experimental and needs experimental.http3, which Traefik v3 removed and refuses to start with '
          + '(traefik/traefik docs/content/migrate/v2-to-v3-details.md); kube-http3 renders the v3 configuration only',
        'upgrade Traefik to v3',
      );
    }
    if (compareVersions(version, '4.0') >= 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'is newer than the Traefik v3 line kube-http3 was checked against (v3.7: entryPoints.<entryPoint>.http3.advertisedPort)',
        'use Traefik v3, or check that your release still reads entryPoints.<entryPoint>.http3.advertisedPort '
          + 'and set version to the v3 release it matches',
      );
    }
    const install = readEnum(raw.install, `${path}.install`, ['helm', 'manifests'] as const, 'helm');
    const routing = readEnum(raw.routing, `${path}.routing`, ['ingressroute', 'gateway-api'] as const, 'ingressroute');
    if (routing === 'gateway-api' && compareVersions(version, TRAEFIK_GATEWAY_API_GA) < 0) {
      throw Http3ConfigError.conflict(
        `${path}.routing`,
        routing,
        `${path}.version`,
        raw.version,
        'Traefik v3.0 runs the Gateway API provider only as an experimental feature (experimental.kubernetesgateway); it is GA from v3.1 '
          + '(traefik/traefik docs/content/migration/v3.md)',
        'upgrade Traefik to v3.1 or later, or use routing "ingressroute"',
      );
    }
    const entryPoint = readEntryPoint(raw.entryPoint, `${path}.entryPoint`, install);
    const entryPointPort = readPort(raw.entryPointPort, `${path}.entryPointPort`, 8443);
    const advertisedPort = raw.advertisedPort === undefined ? undefined : readPort(raw.advertisedPort, `${path}.advertisedPort`);
    const namespace = readDns1123Label(raw.namespace, `${path}.namespace`, 'traefik');
    if (raw.selector !== undefined && install === 'helm') {
      throw Http3ConfigError.conflict(
        `${path}.selector`,
        raw.selector,
        `${path}.install`,
        install,
        "the chart's Service selects the pods the chart deploys, so kube-http3 has no Service to put a selector on",
        'remove selector, or use install "manifests" for a Traefik whose load-balancer Service kube-http3 creates',
      );
    }
    const selector = raw.selector === undefined ? TRAEFIK_DEFAULT_SELECTOR : readSelector(raw.selector, `${path}.selector`);
    if (raw.gatewayClassName !== undefined && routing !== 'gateway-api') {
      throw Http3ConfigError.conflict(
        `${path}.gatewayClassName`,
        raw.gatewayClassName,
        `${path}.routing`,
        routing,
        'an IngressRoute has no GatewayClass',
        'remove gatewayClassName, or use routing "gateway-api"',
      );
    }
    const gatewayClassName = raw.gatewayClassName === undefined ? 'traefik' : readDns1123Subdomain(raw.gatewayClassName, `${path}.gatewayClassName`);
    if (raw.chartVersion !== undefined && install !== 'helm') {
      throw Http3ConfigError.conflict(
        `${path}.chartVersion`,
        raw.chartVersion,
        `${path}.install`,
        install,
        'kube-http3 renders Helm values only with install "helm"',
        'remove chartVersion, or use install "helm"',
      );
    }
    const chartVersion = readVersion(raw.chartVersion, `${path}.chartVersion`, TRAEFIK_CHART_DEFAULT_VERSION);
    if (compareVersions(chartVersion, TRAEFIK_CHART_V3_SINCE) < 0) {
      throw Http3ConfigError.refused(
        `${path}.chartVersion`,
        raw.chartVersion,
        'is a traefik/traefik chart for Traefik v2: with ports.<entryPoint>.http3.enabled it passes --experimental.http3=true, '
          + 'which Traefik v3 does not start with (the v3 charts begin at 28.0.0)',
        'upgrade the chart to 28.0.0 or later (41.3.0 ships Traefik v3.7)',
      );
    }
    if (routing === 'gateway-api' && install === 'helm' && compareVersions(chartVersion, TRAEFIK_CHART_GATEWAY_PROVIDER_SINCE) < 0) {
      throw Http3ConfigError.conflict(
        `${path}.routing`,
        routing,
        `${path}.chartVersion`,
        raw.chartVersion,
        'the chart turns the Traefik Gateway API provider on with providers.kubernetesGateway.enabled from 29.0.0 '
          + '(traefik-helm-chart 2eb640a4); 28.x has only the experimental switch of Traefik v3.0',
        'upgrade the chart to 29.0.0 or later, or use routing "ingressroute"',
      );
    }
    return {
      implementation: 'traefik',
      install,
      routing,
      entryPoint,
      entryPointPort,
      advertisedPort,
      namespace,
      selector,
      gatewayClassName,
      version,
      chartVersion,
      path,
    };
  },
  workload(options) {
    return { namespace: options.namespace, selector: options.selector, targetPort: options.entryPointPort };
  },
  tlsSecretNamespace(_options, namespace) {
    // IngressRoute tls.secretName and Gateway certificateRefs both read the Secret from the route's own namespace
    return namespace;
  },
  altSvc(options, port) {
    if (options.advertisedPort !== undefined && options.advertisedPort !== port) {
      throw Http3ConfigError.conflict(
        `${options.path}.advertisedPort`,
        options.advertisedPort,
        'port',
        port,
        `Traefik writes advertisedPort into Alt-Svc, so clients would receive h3=":${options.advertisedPort}"; ma=${TRAEFIK_ALT_SVC_MAX_AGE_SECONDS} `
          + `and try QUIC on ${options.advertisedPort}/UDP, while the load balancer carries HTTP/3 on ${port}/UDP: HTTP/3 silently never starts `
          + '(the Traefik "Alt-Svc advertises 8443" pitfall)',
        `remove advertisedPort (kube-http3 sets it to the UDP port the load balancer carries) or set it to ${port}`,
      );
    }
    return automaticH3Emission(port, ALT_SVC_SOURCE, TRAEFIK_ALT_SVC_MAX_AGE_SECONDS);
  },
  render(options, model) {
    if (model.sessionAffinity) checkSessionAffinity(options, model.sessionAffinity);
    const crossNamespace = options.routing === 'ingressroute' && model.backend.namespace !== model.namespace;
    const resources = options.routing === 'ingressroute'
      ? ingressRouteResources(options, model, crossNamespace)
      : gatewayApiResources(model, options.gatewayClassName, {
        listenerPort: options.entryPointPort,
        responseHeaders: altSvcResponseHeaders(model),
      });
    const artifacts: Artifact[] = options.install === 'helm'
      ? [helmValues(options, model, crossNamespace)]
      : staticConfiguration(options, model, crossNamespace);
    return {
      resources,
      artifacts,
      report: {
        quicTerminatedBy: `the Traefik pods in ${options.namespace} (entryPoint ${options.entryPoint}, ${options.entryPointPort}/UDP)`,
        tcpFallback: finding(
          FindingStatus.YES,
          `the ${options.entryPoint} entryPoint keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`,
        ),
        notes: traefikNotes(options, model, crossNamespace),
      },
    };
  },
};

/** read the entryPoint name (it becomes a CLI flag segment and, with Helm, Service and container port names) */
function readEntryPoint(value: unknown, path: string, install: TraefikInstall): string {
  if (value === undefined) return 'websecure';
  const max = install === 'helm' ? MAX_HELM_ENTRY_POINT_LENGTH : 63;
  if (typeof value !== 'string' || value.length > max || !ENTRY_POINT_NAME.test(value)) {
    throw Http3ConfigError.invalid(
      path,
      value,
      `an entryPoint name of at most ${max} lowercase letters, digits and "-", starting with a letter and ending with a letter or digit`,
      install === 'helm'
        ? 'the chart truncates the UDP port name <entryPoint>-http3 to 15 characters, so a longer name collides with the TCP port name'
        : undefined,
    );
  }
  return value;
}

/** read the Traefik pods' selector: a non-empty label map */
function readSelector(value: unknown, path: string): StringMap {
  const labels = readLabels(value, path);
  if (Object.keys(labels).length === 0) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty map of pod labels', 'a Service without a selector reaches no pods');
  }
  return labels;
}

/** refuse the affinity Traefik cannot render for these options */
function checkSessionAffinity(options: Parsed, affinity: SessionAffinity): void {
  if (options.routing === 'gateway-api') {
    throw Http3ConfigError.conflict(
      'sessionAffinity.type',
      affinity.type,
      `${options.path}.routing`,
      options.routing,
      "Traefik's Gateway API provider has no sticky sessions or client-IP hashing for HTTPRoute backends (it reads only nativeLB and "
        + 'nodePortLB from Service annotations, and does not implement sessionPersistence)',
      'use routing "ingressroute", which carries sticky cookies and the hrw strategy, or remove sessionAffinity',
    );
  }
  if (affinity.type === 'source-ip' && compareVersions(options.version, TRAEFIK_HRW_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      'sessionAffinity.type',
      affinity.type,
      `${options.path}.version`,
      options.version,
      'client-IP hashing is the IngressRoute strategy hrw (highest random weight), which arrived in Traefik v3.6',
      'upgrade Traefik to v3.6 or later, or use type "cookie"',
    );
  }
}

/** the IngressRoute rule matching the hostnames: Host() for names, HostRegexp() for one-label wildcards */
function hostRule(hostnames: readonly string[]): string {
  return hostnames
    .map((h) => (h.startsWith('*.') ? `HostRegexp(\`^[a-z0-9-]+${h.slice(1).replace(/\./g, '\\.')}$\`)` : `Host(\`${h}\`)`))
    .join(' || ');
}

/** the IngressRoute on the entryPoint, and the Middleware carrying the Alt-Svc header kube-http3 must attach (withdrawing) */
function ingressRouteResources(options: Parsed, model: ListenerModel, crossNamespace: boolean): SynthesizedResource[] {
  const middlewareName = `${model.name}-alt-svc`;
  const affinity = model.sessionAffinity;
  const service = {
    name: model.backend.service,
    ...(crossNamespace ? { namespace: model.backend.namespace } : {}),
    port: model.backend.port,
    ...(affinity?.type === 'cookie' ? { sticky: { cookie: { name: affinity.name, maxAge: affinity.ttlSeconds } } } : {}),
    ...(affinity?.type === 'source-ip' ? { strategy: 'hrw' } : {}),
  };
  const resources: SynthesizedResource[] = [
    {
      role: 'ingress-route',
      primary: true,
      manifest: {
        apiVersion: `${TRAEFIK_GROUP}/v1alpha1`,
        kind: 'IngressRoute',
        metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
        spec: {
          entryPoints: [options.entryPoint],
          routes: [
            {
              match: hostRule(model.hostnames),
              kind: 'Rule',
              services: [service],
              ...(model.altSvcHeader !== undefined ? { middlewares: [{ name: middlewareName }] } : {}),
            },
          ],
          tls: { secretName: tlsSecretName(model) },
        },
      },
    },
  ];
  if (model.altSvcHeader !== undefined) {
    resources.push({ role: 'middleware', manifest: altSvcMiddleware(middlewareName, model) });
  }
  return resources;
}

/** the Traefik Middleware that sets the Alt-Svc response header */
function altSvcMiddleware(name: string, model: ListenerModel): KubeManifest {
  return {
    apiVersion: `${TRAEFIK_GROUP}/v1alpha1`,
    kind: 'Middleware',
    metadata: { name, namespace: model.namespace, labels: model.labels },
    spec: { headers: { customResponseHeaders: { 'alt-svc': model.altSvcHeader! } } },
  };
}

/** the chart values that turn HTTP/3 on for the entryPoint (off while withdrawing) and shape the chart's Service */
function helmValues(options: Parsed, model: ListenerModel, crossNamespace: boolean): Artifact {
  const tls = { enabled: true };
  const entryPoint = {
    port: options.entryPointPort,
    exposedPort: model.port,
    expose: { default: true },
    protocol: 'TCP',
    ...(compareVersions(options.chartVersion, TRAEFIK_CHART_HTTP_TLS_SINCE) >= 0 ? { http: { tls } } : { tls }),
    http3: model.quic ? { enabled: true, advertisedPort: model.udpPort } : { enabled: false },
  };
  const providers = options.routing === 'ingressroute'
    ? { kubernetesCRD: { enabled: true, ...(crossNamespace ? { allowCrossNamespace: true } : {}) } }
    : { kubernetesGateway: { enabled: true } };
  const shape = model.serviceShape;
  const twoServices = shape.layout === MixedProtocolLayout.TWO_SERVICES;
  // values double-quoted: annotations are strings whatever they look like, and a value known only at deployment (a Pulumi
  // Input, rendered here as a placeholder that YAML must quote) then gives the same file text as the plain value
  const nonEmpty = (key: string, map: StringMap | undefined): Record<string, Record<string, Scalar<string>>> =>
    map !== undefined && Object.keys(map).length > 0
      ? { [key]: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, doubleQuoted(v)])) }
      : {};
  const service = {
    single: !twoServices,
    ...nonEmpty('annotations', shape.annotations),
    ...(twoServices ? nonEmpty('annotationsTCP', shape.tcpAnnotations) : {}),
    ...(twoServices ? nonEmpty('annotationsUDP', shape.udpAnnotations) : {}),
    spec: serviceSpec(shape),
  };
  return yamlArtifact(
    `${model.name}.traefik-values.yaml`,
    ArtifactTool.HELM,
    `apply with: helm upgrade --install <release> traefik/traefik --namespace ${options.namespace} --version ${options.chartVersion} `
      + `-f <this file> (merge into your values; Traefik restarts with the new entryPoint configuration)`,
    { ports: { [options.entryPoint]: entryPoint }, service, providers },
  );
}

/** the chart's `service.spec` from the provider's shape */
function serviceSpec(shape: ServiceShape): Record<string, string | Scalar<string>> {
  return {
    type: 'LoadBalancer',
    ...(shape.loadBalancerClass !== undefined ? { loadBalancerClass: shape.loadBalancerClass } : {}),
    // an address may be known only at deployment: quoted for the same reason as the annotations
    ...(shape.loadBalancerIP !== undefined ? { loadBalancerIP: doubleQuoted(shape.loadBalancerIP) } : {}),
    externalTrafficPolicy: shape.externalTrafficPolicy,
  };
}

/** the static configuration for a Traefik kube-http3 does not install: the traefik.yml block and the same as CLI flags */
function staticConfiguration(options: Parsed, model: ListenerModel, crossNamespace: boolean): Artifact[] {
  const ep = options.entryPoint;
  const file = {
    entryPoints: {
      [ep]: {
        // quoted, as Traefik's documentation writes it: a plain scalar starting with ":" is not read alike by every YAML parser
        address: doubleQuoted(`:${options.entryPointPort}`),
        http: { tls: {} },
        ...(model.quic ? { http3: { advertisedPort: model.udpPort } } : {}),
      },
    },
    providers: options.routing === 'ingressroute'
      ? { kubernetesCRD: crossNamespace ? { allowCrossNamespace: true } : {} }
      : { kubernetesGateway: {} },
  };
  const flags = [
    `--entryPoints.${ep}.address=:${options.entryPointPort}`,
    `--entryPoints.${ep}.http.tls=true`,
    ...(model.quic ? [`--entryPoints.${ep}.http3`, `--entryPoints.${ep}.http3.advertisedPort=${model.udpPort}`] : []),
    ...(options.routing === 'ingressroute'
      ? ['--providers.kubernetescrd', ...(crossNamespace ? ['--providers.kubernetescrd.allowCrossNamespace=true'] : [])]
      : ['--providers.kubernetesgateway']),
  ];
  return [
    yamlArtifact(
      `${model.name}.traefik.yml`,
      ArtifactTool.PROXY_CONFIG,
      'apply with: merge into the Traefik static configuration file (traefik.yml) and restart Traefik; '
        + `or use ${model.name}.traefik-args.yaml instead (Traefik reads one static configuration source)`,
      file,
    ),
    yamlArtifact(
      `${model.name}.traefik-args.yaml`,
      ArtifactTool.PROXY_CONFIG,
      'apply with: add to the args of the Traefik container (Helm chart: additionalArguments) and restart Traefik; '
        + `the CLI form of ${model.name}.traefik.yml`,
      flags,
    ),
  ];
}

/** what a platform engineer must know about this Traefik configuration */
function traefikNotes(options: Parsed, model: ListenerModel, crossNamespace: boolean): ReportNote[] {
  const ep = options.entryPoint;
  const helm = options.install === 'helm';
  const twoServices = model.serviceShape.layout === MixedProtocolLayout.TWO_SERVICES;
  const notes: ReportNote[] = [];
  const apply = helm
    ? `the Helm values (${model.name}.traefik-values.yaml)`
    : `the static configuration (${model.name}.traefik.yml or ${model.name}.traefik-args.yaml)`;
  notes.push(note(
    NoteSeverity.WARNING,
    'traefik-static-config',
    model.quic
      ? `HTTP/3 is static configuration of the ${ep} entryPoint: it starts only once Traefik runs with ${apply}, which sets `
        + `http3.advertisedPort=${model.udpPort}`
        + (model.udpPort === options.entryPointPort
          ? ''
          : `; left unset, Traefik advertises its entryPoint port (h3=":${options.entryPointPort}") and HTTP/3 never starts`)
      : `HTTP/3 stays off only once Traefik runs with ${apply}, which have no http3 on the ${ep} entryPoint`,
  ));
  if (helm) {
    notes.push(note(
      NoteSeverity.INFO,
      'traefik-service',
      !model.quic
        ? `the chart creates the load-balancer Service <release fullname> in ${options.namespace} with ${ep} ${model.port}/TCP only `
          + 'while HTTP/3 is withdrawn'
        : twoServices
          ? `the chart creates two load-balancer Services in ${options.namespace}: <release fullname> with ${ep} ${model.port}/TCP and `
            + `<release fullname>-udp with ${ep}-http3 ${model.udpPort}/UDP (service.single: false)`
          : `the chart creates one load-balancer Service <release fullname> in ${options.namespace} with ${ep} ${model.port}/TCP and `
            + `${ep}-http3 ${model.udpPort}/UDP (service.single: true)`,
    ));
    // the merge key is the port number: only a Service with both protocols on one number is at risk
    if (!twoServices && model.udpPort === model.port) {
      notes.push(note(
        NoteSeverity.WARNING,
        'traefik-helm-upgrade',
        `helm upgrade patches the chart's single Service with a strategic merge keyed by port number only, so adding or removing `
          + `${model.port}/UDP next to ${model.port}/TCP can silently drop one of them (traefik-helm-chart #982): use two Services where `
          + 'the provider can share one address (mixedProtocol "two-services" renders service.single: false), or install "manifests" with '
          + "the chart's service.enabled: false so kube-http3's Service is applied with kubectl apply --server-side; after every upgrade, "
          + `check that the Service still lists ${model.port}/TCP and ${model.port}/UDP`,
      ));
    }
  }
  if (model.quic) {
    notes.push(note(
      NoteSeverity.INFO,
      'traefik-alt-svc-max-age',
      `Traefik advertises ma=${TRAEFIK_ALT_SVC_MAX_AGE_SECONDS} (30 days, fixed by quic-go): a client that cached h3 keeps trying it that long; `
        + 'to roll back, withdraw with altSvc: { clear: true }, which turns HTTP/3 off and answers Alt-Svc: clear',
    ));
  }
  notes.push(note(
    NoteSeverity.INFO,
    'traefik-tls-routers',
    options.routing === 'ingressroute'
      ? `only routers with TLS serve HTTP/3: the IngressRoute terminates TLS with the Secret ${model.namespace}/${tlsSecretName(model)} `
        + `on the ${ep} entryPoint`
      : `only routers with TLS serve HTTP/3: the Gateway's HTTPS listener terminates TLS with the Secret ${model.namespace}/${tlsSecretName(model)}`,
  ));
  if (options.routing === 'gateway-api') {
    notes.push(note(
      NoteSeverity.INFO,
      'traefik-gateway-listener-port',
      `the Gateway listener port is the entryPoint port ${options.entryPointPort}, not ${model.port}: Traefik maps listeners to entryPoints `
        + `by port; the GatewayClass ${options.gatewayClassName} must exist with controllerName traefik.io/gateway-controller`
        + (helm ? ' (the chart creates it with the Gateway API provider on)' : ''),
    ));
  }
  if (crossNamespace) {
    notes.push(note(
      NoteSeverity.WARNING,
      'traefik-cross-namespace',
      `the IngressRoute in ${model.namespace} routes to the Service ${model.backend.namespace}/${model.backend.service}: Traefik ignores such `
        + 'references unless the CRD provider runs with allowCrossNamespace, which the artifacts turn on for every IngressRoute in the cluster; '
        + `to avoid it, create the IngressRoute in ${model.backend.namespace} (namespace: ${JSON.stringify(model.backend.namespace)})`,
    ));
  }
  if (model.sessionAffinity?.type === 'cookie') {
    notes.push(note(
      NoteSeverity.INFO,
      'traefik-sticky-cookie',
      `Traefik sets the sticky cookie ${JSON.stringify(model.sessionAffinity.name)} (maxAge ${model.sessionAffinity.ttlSeconds} s) and sends `
        + 'a client back to the backend pod it names; it works only while Traefik balances the pods itself (nativeLB off, the default)',
    ));
  }
  if (options.routing === 'ingressroute' && model.hostnames.some((h) => containsPlaceholder(h))) {
    notes.push(note(
      NoteSeverity.INFO,
      'traefik-hostname-input',
      'hostnames known only at deployment are matched with Host(); a wildcard hostname needs HostRegexp(), '
        + 'so pass wildcard hostnames as plain strings',
    ));
  }
  return notes;
}

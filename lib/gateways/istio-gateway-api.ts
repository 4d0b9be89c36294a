/**
 * `istio-gateway-api`: Istio through the Kubernetes Gateway API (gateway.networking.k8s.io Gateway with
 * `gatewayClassName: istio` + HTTPRoute).
 *
 * HTTP/3 is the same istiod setting as with the classic API, `PILOT_ENABLE_QUIC_LISTENERS="true"`
 * (experimental, mesh-wide; rendered as the istioctl overlay and the istiod Helm values): istiod then mirrors
 * every listener with `protocol: HTTPS` and `tls.mode: Terminate` as a QUIC listener, provided the gateway's
 * Service has a UDP port with the listener's number, and adds `alt-svc: h3=":<listener port>"; ma=86400` to
 * its routes (gateways.md §1 Mechanism). Who creates that Service depends on the Istio version:
 *
 * - **Istio >= 1.31** (PR #60717; the newest line in the reference's snapshot, 1.31.0-rc.0 of Aug 2026):
 *   Istio deploys the gateway itself (Deployment and Service `<gateway>-<class>` in the Gateway's namespace)
 *   and, while the setting is on, adds a `<listener>-quic` UDP port next to every HTTPS listener's TCP port.
 *   kube-http3 hands the provider's Service shape to Istio: annotations through the Gateway's
 *   `spec.infrastructure.annotations`, `loadBalancerClass` / `loadBalancerIP` / `externalTrafficPolicy`
 *   through a ConfigMap `service:` overlay referenced from `spec.infrastructure.parametersRef`.
 * - **Istio <= 1.30**: the Service Istio deploys is TCP-only, and a UDP port patched in through the
 *   ConfigMap overlay collapses into the TCP one (Istio applies overlays with strategic merge, whose merge
 *   key for Service ports is the number alone: gateways.md §0.2, §1). kube-http3 therefore uses Istio's
 *   manual deployment: it creates the Service with both ports (selecting the pods of the istio/gateway Helm
 *   chart, whose own Service the Helm values artifact turns off) and points the Gateway at it with one
 *   `Hostname` address, so Istio deploys nothing.
 */
import { stringify } from 'yaml';
import { Http3ConfigError } from '../core/errors';
import { isPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { StringMap, SynthesizedResource } from '../core/types';
import { compareVersions, readDns1123Label, readDns1123Subdomain, readLabels, readPort } from '../core/validate';
import { ExternalTrafficPolicy, type ServiceShape } from '../providers/provider';
import { automaticH3Emission, requireSingleService, type GatewayImplementation, type GatewayRendering, type ListenerModel } from './gateway';
import { altSvcResponseHeaders, gatewayApiGateway, gatewayApiHttpRoute, referenceGrantResources, type GatewayAddress } from './gateway-api';
import {
  ISTIO_QUIC_ENV,
  clusterLocalHost,
  istioDestinationRule,
  istioGatewayChartValues,
  istiodQuicArtifacts,
  readIstioVersion,
} from './istio';

/**
 * The Istio release assumed when `version` is not given: the newest line in the reference's snapshot
 * (istio/istio@86c9f01, Aug 2026, tag 1.31.0-rc.0). Set `version` to "1.30" or older for a cluster on an
 * earlier release: those get the manual deployment instead.
 */
export const ISTIO_GATEWAY_API_DEFAULT_VERSION = '1.31';
/** the first Istio release whose generated gateway Service gets the `<listener>-quic` UDP port (PR #60717, not backported to 1.30) */
export const ISTIO_GATEWAY_API_QUIC_PORT_SINCE = '1.31';

/** options of the `istio-gateway-api` implementation (Kubernetes Gateway API, class `istio`) */
export interface IstioGatewayApiOptions {
  readonly implementation: 'istio-gateway-api';
  /**
   * The Istio version in the cluster; it decides what kube-http3 renders:
   *
   * - `1.31` and later: Istio deploys the gateway (Deployment and Service `<name>-<gatewayClassName>` in the
   *   Gateway's namespace) and adds the `<listener>-quic` UDP port itself; kube-http3 passes the provider's
   *   Service shape through `spec.infrastructure` (annotations, and a ConfigMap overlay for
   *   loadBalancerClass, loadBalancerIP and externalTrafficPolicy). No per-gateway withdraw (`altSvc.clear`).
   * - `1.12` to `1.30`: manual deployment. kube-http3 creates the Service with both ports, selecting the
   *   pods of the istio/gateway Helm chart (`namespace`, `selector`, `targetPort` below), and the Gateway
   *   points at it through `spec.addresses`.
   * - before `1.12`: refused (no QUIC listeners).
   *
   * @default '1.31' (the newest line when kube-http3's reference was taken, then at 1.31.0-rc.0)
   */
  readonly version?: string;
  /**
   * The GatewayClass of the Gateway (one whose controller is Istio's, `istio.io/gateway-controller`).
   *
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * Istio 1.30 and older only: the namespace of the gateway pods (the istio/gateway Helm chart's release
   * namespace). It must be the namespace of the Gateway (the listener `namespace`): istiod serves a Gateway
   * API Secret only to gateway pods in the Gateway's own namespace, and binds the Gateway only to a Service
   * there.
   *
   * @default 'istio-ingress' (the namespace of Istio's gateway installation guide)
   */
  readonly namespace?: string;
  /**
   * Istio 1.30 and older only: the labels of the gateway pods, the selector of kube-http3's Service. The
   * istio/gateway chart labels its pods `app: <release>` and `istio: <release without "istio-">`.
   *
   * @default { istio: 'ingressgateway' } (the chart installed as release "istio-ingressgateway", as Istio's guide does)
   */
  readonly selector?: StringMap;
  /**
   * Istio 1.30 and older only: the port the gateway pods listen on, for TCP and UDP alike (istiod binds the
   * listener to the targetPort of the Service port with the listener's number). The istio/gateway chart lets
   * its pods bind ports below 1024.
   *
   * @default 443 (the targetPort of the chart's own `https` Service port)
   */
  readonly targetPort?: number;
}

/** how kube-http3 deploys the gateway for the version */
type Deployment =
  | { readonly mode: 'automated' }
  | { readonly mode: 'manual'; readonly namespace: string; readonly selector: StringMap; readonly targetPort: number };

type Parsed = {
  readonly implementation: 'istio-gateway-api';
  readonly version: string;
  /** true when `version` was not given (the report then says what an older cluster needs) */
  readonly versionAssumed: boolean;
  readonly gatewayClassName: string;
  readonly deployment: Deployment;
};

const MANUAL_FIELDS = ['namespace', 'selector', 'targetPort'] as const;

/** the most annotations `spec.infrastructure.annotations` holds, and the longest value (Gateway API v1.6.1 CRD) */
const MAX_INFRASTRUCTURE_ANNOTATIONS = 16;
const MAX_INFRASTRUCTURE_ANNOTATION_VALUE = 4096;
/** annotation keys Istio never copies to the Service it generates (deploymentcontroller.go translateInfraMeta, kube-gateway.yaml omit) */
const DROPPED_ANNOTATION_PREFIX = 'gateway.networking.k8s.io/';
const OMITTED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'gateway.istio.io/name-override',
  'gateway.istio.io/service-account',
  'gateway.istio.io/controller-version',
];

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const ALT_SVC_SOURCE =
  'istiod adds alt-svc: h3=":<listener port>"; ma=86400 to every route of an HTTPS listener that has a QUIC listener (ma is hard-coded)';

/**
 * The `istio-gateway-api` implementation: Istio through the Kubernetes Gateway API, automated deployment from
 * Istio 1.31 on, manual deployment (kube-http3's Service) up to Istio 1.30.
 */
export const istioGatewayApi: GatewayImplementation<'istio-gateway-api', Parsed> = {
  implementation: 'istio-gateway-api',
  title: 'Istio, Kubernetes Gateway API (Gateway + HTTPRoute)',
  support: {
    howEnabled:
      'istiod env `PILOT_ENABLE_QUIC_LISTENERS="true"` (istioctl overlay / Helm values); Gateway listener `protocol: HTTPS`, ' +
      '`tls.mode: Terminate`',
    autoUdpPort:
      'Istio >= 1.31: yes, `<listener>-quic` UDP on the generated Service (shaped through `spec.infrastructure`); ' +
      '<= 1.30: no, kube-http3 creates the Service and the Gateway uses it through `spec.addresses` (manual deployment)',
    autoAltSvc: 'yes: `h3=":<listener port>"; ma=86400`',
    caveats:
      'experimental and mesh-wide; one Service per Gateway (two-services refused); >= 1.31: no per-gateway withdraw; ' +
      '<= 1.30: istio/gateway chart pods in the Gateway namespace',
  },
  fields: ['version', 'gatewayClassName', ...MANUAL_FIELDS],
  tlsKinds: () => ['secret'],
  sessionAffinity: ['header', 'cookie', 'source-ip'],
  parse(raw, path) {
    const version = readIstioVersion(raw.version, `${path}.version`, ISTIO_GATEWAY_API_DEFAULT_VERSION);
    const gatewayClassName = raw.gatewayClassName === undefined ? 'istio' : readDns1123Subdomain(raw.gatewayClassName, `${path}.gatewayClassName`);
    if (compareVersions(version, ISTIO_GATEWAY_API_QUIC_PORT_SINCE) >= 0) {
      for (const field of MANUAL_FIELDS) {
        if (raw[field] === undefined) continue;
        throw Http3ConfigError.conflict(
          `${path}.${field}`,
          raw[field],
          `${path}.version`,
          version,
          'from Istio 1.31 on, Istio deploys the gateway pods and their Service itself, in the Gateway\'s namespace',
          `remove ${path}.${field} (it describes the istio/gateway chart pods of the manual deployment kube-http3 uses for Istio 1.30 and older)`,
        );
      }
      const versionAssumed = raw.version === undefined;
      return { implementation: 'istio-gateway-api', version, versionAssumed, gatewayClassName, deployment: { mode: 'automated' } };
    }
    return {
      implementation: 'istio-gateway-api',
      version,
      versionAssumed: false,
      gatewayClassName,
      deployment: {
        mode: 'manual',
        namespace: readDns1123Label(raw.namespace, `${path}.namespace`, 'istio-ingress'),
        selector: raw.selector === undefined ? { istio: 'ingressgateway' } : readLabels(raw.selector, `${path}.selector`),
        targetPort: readPort(raw.targetPort, `${path}.targetPort`, 443),
      },
    };
  },
  serviceOwner: (options) => (options.deployment.mode === 'manual' ? 'kube-http3' : 'controller'),
  workload(options) {
    const deployment = options.deployment;
    if (deployment.mode !== 'manual') throw new Error('kube-http3 bug: Istio deploys the gateway pods from 1.31 on');
    return { namespace: deployment.namespace, selector: deployment.selector, targetPort: deployment.targetPort };
  },
  altSvc(_options, port) {
    return automaticH3Emission(port, ALT_SVC_SOURCE);
  },
  render(options, model, path) {
    // >= 1.31: kube-gateway.yaml renders one Service per Gateway; <= 1.30: gatewaycommon/gateway_utils.go (IsManaged) lists
    // "Multiple hostname/IP" addresses as not supported, so one Service must carry both ports
    requireSingleService(
      model,
      `${path}.implementation`,
      'istio-gateway-api',
      options.deployment.mode === 'manual'
        ? 'the Gateway reaches its pods through exactly one Service (one Hostname address in spec.addresses: Istio does not support several), ' +
          'so that Service must carry the TCP and the UDP port together'
        : `from Istio 1.31 on, Istio generates exactly one Service per Gateway (${generatedServiceName(model, options)}), ` +
          'with the TCP and the UDP port together',
    );
    return options.deployment.mode === 'manual'
      ? renderManual(options, options.deployment, model, path)
      : renderAutomated(options, model, path);
  },
};

/** the Service (and Deployment) name Istio generates for a Gateway: `<gateway>-<class>` (gatewaycommon/gateway_utils.go GetDefaultName) */
function generatedServiceName(model: ListenerModel, options: Parsed): string {
  return `${model.name}-${options.gatewayClassName}`;
}

/** the objects shared by both deployments: the route, the session affinity and the cross-namespace grant */
function routeResources(model: ListenerModel): SynthesizedResource[] {
  const resources: SynthesizedResource[] = [
    { role: 'route', manifest: gatewayApiHttpRoute(model, altSvcResponseHeaders(model)) },
  ];
  // the DestinationRule lives in the Gateway's namespace, which is the gateway pods' namespace in both deployments,
  // and Istio reads DestinationRules of the proxy's namespace first (pilot/pkg/model/push_context.go destinationRule)
  if (model.sessionAffinity) resources.push({ role: 'destination-rule', manifest: istioDestinationRule(model, model.sessionAffinity) });
  resources.push(...referenceGrantResources(model));
  return resources;
}

/** the note on the istiod setting: what it turns on, in the mesh, for the deployment */
function quicSettingNote(model: ListenerModel, deployment: Deployment): ReportNote {
  const scope = deployment.mode === 'automated'
    ? 'from Istio 1.31 on it also adds a <listener>-quic UDP port to the Service Istio generates for every Gateway with an HTTPS listener, ' +
      'in the whole mesh'
    : `it applies to every gateway in the mesh whose Service has a UDP port with an HTTPS listener's number (${model.port} here)`;
  return note(
    NoteSeverity.WARNING,
    'istio-quic-setting',
    `QUIC listeners appear only after istiod runs with ${ISTIO_QUIC_ENV}="true" (apply the istioctl overlay or the istiod Helm values); ` +
      `the setting is experimental and ${scope}`,
  );
}

/**
 * Istio >= 1.31: the Gateway Istio deploys itself. Istio renders the Service from its kube-gateway.yaml
 * template (type LoadBalancer, ports status-port 15021/TCP, `<listener>` and `<listener>-quic` on the
 * listener port, no externalTrafficPolicy) and applies it server-side; the metadata comes from the Gateway's
 * `spec.infrastructure.annotations` (which replace copying the Gateway's own annotations) and labels, and a
 * ConfigMap named by `spec.infrastructure.parametersRef` overlays it with strategic merge (key `service`;
 * pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go render/applyOverlay/extractServicePorts).
 */
function renderAutomated(options: Parsed, model: ListenerModel, path: string): GatewayRendering {
  const serviceName = generatedServiceName(model, options);
  if (serviceName.length > 63 || !DNS1035_LABEL.test(serviceName)) {
    throw Http3ConfigError.invalid(
      'name',
      model.name,
      `a name that leaves room for Istio's generated Service name "<name>-${options.gatewayClassName}" (a DNS-1035 label of at most 63 characters)`,
      `Istio would generate ${JSON.stringify(serviceName)}; shorten the name` +
        (options.gatewayClassName.includes('.') ? ' or use a gatewayClassName without dots' : ''),
    );
  }
  if (!model.quic) {
    throw Http3ConfigError.conflict(
      'altSvc.clear',
      true,
      `${path}.version`,
      options.version,
      `HTTP/3 cannot be withdrawn from one Gateway Istio deploys: ${ISTIO_QUIC_ENV} is mesh-wide, and while it is on Istio 1.31 adds the ` +
        '<listener>-quic UDP port to the generated Service of every Gateway with an HTTPS listener and appends alt-svc: h3 to its routes, ' +
        'so neither the QUIC listener nor the advertisement can be turned off here (and an alt-svc: clear header would only be sent next to h3)',
      `remove altSvc.clear; to withdraw HTTP/3, set ${ISTIO_QUIC_ENV} to "false" in istiod ` +
        '(every Gateway in the mesh loses HTTP/3 and istiod stops advertising it), ' +
        'and keep serving HTTPS on TCP until the cached max age of 86400 s has run out',
    );
  }
  const annotations = infrastructureAnnotations(model.serviceShape, model.providerPath);
  const overlay = serviceOverlay(model.serviceShape);
  const parametersName = `${model.name}-istio-parameters`;
  const resources: SynthesizedResource[] = [
    {
      role: 'gateway',
      primary: true,
      manifest: gatewayApiGateway(model, options.gatewayClassName, {
        infrastructureAnnotations: annotations,
        parametersRef: overlay ? { group: '', kind: 'ConfigMap', name: parametersName } : undefined,
      }),
    },
    ...routeResources(model),
  ];
  if (overlay) {
    resources.push({
      role: 'gateway-parameters',
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: parametersName, namespace: model.namespace, labels: model.labels },
        data: { service: stringify({ spec: overlay }, { lineWidth: 0 }) },
      },
    });
  }
  const notes: ReportNote[] = [
    quicSettingNote(model, options.deployment),
    note(
      NoteSeverity.INFO,
      'istio-generated-service',
      `Istio deploys the gateway and generates the LoadBalancer Service ${model.namespace}/${serviceName} with status-port 15021/TCP, ` +
        `https ${model.port}/TCP and https-quic ${model.port}/UDP (the UDP port only while ${ISTIO_QUIC_ENV} is on), and applies it server-side, ` +
        `so both ${model.port} ports survive updates`,
    ),
  ];
  if (options.versionAssumed) {
    notes.push(note(
      NoteSeverity.WARNING,
      'istio-version',
      'Istio adds the UDP port only from 1.31 on (istio #60717): on Istio 1.30 or older, set gateway.version so kube-http3 deploys ' +
        'the Service itself, or the generated Service stays TCP-only and HTTP/3 never starts while nothing is logged',
    ));
  }
  if (annotations) {
    notes.push(note(
      NoteSeverity.INFO,
      'istio-infrastructure-annotations',
      `the provider's Service annotations go into the Gateway's spec.infrastructure.annotations: Istio copies them onto every object it generates ` +
        '(Service, Deployment and its pods, ServiceAccount), instead of the Gateway\'s own annotations',
    ));
  }
  if (overlay) {
    notes.push(note(
      NoteSeverity.WARNING,
      'istio-service-overlay',
      `the ConfigMap ${parametersName} (spec.infrastructure.parametersRef) sets ${Object.keys(overlay).join(', ')} on the generated Service: ` +
        'apply it with the Gateway (Istio deploys nothing for the Gateway while it is missing), and do not edit it to add ports ' +
        '(Istio merges it with strategic merge, which collapses ports that share a number)' +
        (overlay.loadBalancerClass !== undefined ? '; loadBalancerClass cannot change once the Service exists' : ''),
    ));
  }
  return {
    resources,
    artifacts: istiodQuicArtifacts(model.name),
    report: {
      quicTerminatedBy: `the gateway pods (Envoy) Istio deploys for the Gateway: ${model.namespace}/${serviceName}`,
      tcpFallback: finding(FindingStatus.YES, `the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
      notes,
    },
  };
}

/**
 * The provider's annotations as `spec.infrastructure.annotations`, or undefined when there are none; refuses
 * what the Gateway cannot hold or Istio would not copy to the Service.
 */
function infrastructureAnnotations(shape: ServiceShape, providerPath: string): StringMap | undefined {
  const entries = Object.entries(shape.annotations);
  if (entries.length === 0) return undefined;
  if (entries.length > MAX_INFRASTRUCTURE_ANNOTATIONS) {
    throw Http3ConfigError.refused(
      `${providerPath}.annotations`,
      shape.annotations,
      `would give the Service ${entries.length} annotations, but the Gateway's spec.infrastructure.annotations, ` +
        'which carries them to the Service Istio generates, ' +
        `holds at most ${MAX_INFRASTRUCTURE_ANNOTATIONS} (Gateway API v1.6.1)`,
      `remove annotations until the provider's and yours add up to ${MAX_INFRASTRUCTURE_ANNOTATIONS}`,
    );
  }
  for (const [key, value] of entries) {
    const prop = `${providerPath}.annotations[${JSON.stringify(key)}]`;
    if (key.startsWith(DROPPED_ANNOTATION_PREFIX) || OMITTED_ANNOTATIONS.includes(key)) {
      throw Http3ConfigError.refused(
        prop,
        value,
        'cannot reach the Service Istio generates: Istio ' +
          (key.startsWith(DROPPED_ANNOTATION_PREFIX)
            ? `drops infrastructure annotations under ${DROPPED_ANNOTATION_PREFIX}`
            : 'leaves this key off the objects it generates'),
        'remove it',
      );
    }
    if (!isPlaceholder(value) && value.length > MAX_INFRASTRUCTURE_ANNOTATION_VALUE) {
      throw Http3ConfigError.refused(
        prop,
        value,
        `is ${value.length} characters long, but a Gateway infrastructure annotation holds at most ` +
          `${MAX_INFRASTRUCTURE_ANNOTATION_VALUE} (Gateway API v1.6.1)`,
        'shorten it',
      );
    }
  }
  return shape.annotations;
}

/**
 * The `spec` fields the ConfigMap overlay sets on the generated Service, or undefined when Istio's template
 * already matches the shape (no class, no address, externalTrafficPolicy Cluster, the Kubernetes default for
 * a Service that does not set it). Only scalar fields: strategic merge keeps them as given.
 */
function serviceOverlay(shape: ServiceShape): Record<string, string> | undefined {
  const overlay: Record<string, string> = {};
  if (shape.loadBalancerClass !== undefined) overlay.loadBalancerClass = shape.loadBalancerClass;
  if (shape.loadBalancerIP !== undefined) overlay.loadBalancerIP = shape.loadBalancerIP;
  if (Object.keys(overlay).length === 0 && shape.externalTrafficPolicy === ExternalTrafficPolicy.CLUSTER) return undefined;
  overlay.externalTrafficPolicy = shape.externalTrafficPolicy;
  return overlay;
}

/**
 * Istio <= 1.30: manual deployment. The Gateway names kube-http3's Service as its one `Hostname` address, which
 * makes Istio treat it as unmanaged (gatewaycommon/gateway_utils.go IsManaged; ENABLE_GATEWAY_API_MANUAL_DEPLOYMENT,
 * on by default) and bind it to the pods behind that Service (gateway/conversion.go extractGatewayServices). The
 * Service must be in the Gateway's namespace (model/push_context.go mergeGateways), and so must the pods for
 * istiod to serve them the Secret (model/gateway.go identityVerified, xds/sds.go filterAuthorizedResources).
 */
function renderManual(
  options: Parsed,
  deployment: Extract<Deployment, { mode: 'manual' }>,
  model: ListenerModel,
  path: string,
): GatewayRendering {
  if (deployment.namespace !== model.namespace) {
    throw Http3ConfigError.conflict(
      `${path}.namespace`,
      deployment.namespace,
      'namespace',
      model.namespace,
      'with a manually deployed gateway, istiod binds the Gateway only to a Service in its own namespace and serves the TLS Secret ' +
        'only to gateway pods in that namespace (Istio 1.30 pilot/pkg/model/push_context.go mergeGateways, pilot/pkg/xds/sds.go), ' +
        'so the Gateway, its Secret, kube-http3\'s Service and the istio/gateway chart pods share one namespace',
      `set namespace to ${JSON.stringify(deployment.namespace)}, or install the istio/gateway chart in ${JSON.stringify(model.namespace)} ` +
        `and set ${path}.namespace to it`,
    );
  }
  const serviceName = model.name;
  const address: GatewayAddress = { type: 'Hostname', value: clusterLocalHost(serviceName, model.namespace) };
  const resources: SynthesizedResource[] = [
    { role: 'gateway', primary: true, manifest: gatewayApiGateway(model, options.gatewayClassName, { addresses: [address] }) },
    ...routeResources(model),
  ];
  const notes: ReportNote[] = [
    quicSettingNote(model, deployment),
    note(
      NoteSeverity.WARNING,
      'istio-manual-deployment',
      `Istio ${options.version} generates a TCP-only Service for a Gateway it deploys (istio #58247), so the Gateway uses kube-http3's Service ` +
        `${model.namespace}/${serviceName} (spec.addresses Hostname ${address.value}) and Istio deploys nothing: install the istio/gateway chart ` +
        `in ${model.namespace} with the Helm values artifact (its own Service turned off) ` +
        `so that its pods carry ${JSON.stringify(deployment.selector)}, ` +
        'and keep the Gateway listener and the Service ports in step yourself',
    ),
  ];
  return {
    resources,
    artifacts: [
      ...istiodQuicArtifacts(model.name),
      istioGatewayChartValues(model.name, 'helm upgrade --install', model.namespace),
    ],
    report: {
      quicTerminatedBy: `the istio/gateway chart pods (Envoy) in ${model.namespace}, selected by ${JSON.stringify(deployment.selector)}`,
      tcpFallback: finding(FindingStatus.YES, `the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
      notes,
    },
  };
}

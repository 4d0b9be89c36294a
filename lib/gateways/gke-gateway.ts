/**
 * `gke-gateway`: the GKE Gateway controller with a global (or classic) external Application Load Balancer.
 *
 * HTTP/3 is terminated at Google's edge, by the Google Front Ends (GFE) of the load balancer GKE creates from
 * the Gateway; the cluster only receives HTTP/1.1 or HTTP/2, so no UDP Service is involved and there is nothing
 * to turn on in Kubernetes (gateways.md §5.9). The switch is the target HTTPS proxy's `quicOverride`
 * (`NONE | ENABLE | DISABLE`, default NONE: "Google manages whether QUIC is used", on for global external
 * Application Load Balancers since 2022), which no GKE Gateway API field exposes (GCPGatewayPolicy has only
 * sslPolicy, allowGlobalAccess and region). Only the global and classic external classes have HTTP/3: regional
 * external and internal Application Load Balancers have no QUIC (Google Cloud load-balancing/docs/features).
 *
 * kube-http3 renders the Gateway (one HTTPS listener) and the HTTPRoute; the GFE adds
 * `alt-svc: h3=":443"; ma=2592000,h3-29=":443"; ma=2592000` by itself (discovery.md §A.3 "Servers / proxies").
 */
import { formatAltSvc, type AltSvcAlternative } from '../core/alt-svc-codec';
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { readString } from '../core/validate';
import { ExternalTrafficPolicy } from '../providers/provider';
import type { GatewayImplementation, ListenerModel } from './gateway';
import { gatewayApiResources, type BackendKind, type GatewayListenerTls } from './gateway-api';

/** the GatewayClasses whose load balancer terminates HTTP/3 at Google's edge (gateways.md §5.9) */
export const GKE_HTTP3_GATEWAY_CLASSES = [
  'gke-l7-global-external-managed',
  'gke-l7-global-external-managed-mc',
  'gke-l7-gxlb',
  'gke-l7-gxlb-mc',
] as const;

/** a GKE GatewayClass with HTTP/3 */
export type GkeHttp3GatewayClassName = (typeof GKE_HTTP3_GATEWAY_CLASSES)[number];

/** the GatewayClass used when none is given */
export const GKE_DEFAULT_GATEWAY_CLASS: GkeHttp3GatewayClassName = 'gke-l7-global-external-managed';

/** the GKE GatewayClasses without HTTP/3, with the load balancer each one creates (gateways.md §5.9) */
export const GKE_GATEWAY_CLASSES_WITHOUT_HTTP3: Readonly<Record<string, string>> = {
  'gke-l7-regional-external-managed': 'a regional external Application Load Balancer',
  'gke-l7-regional-external-managed-mc': 'a regional external Application Load Balancer (multi-cluster)',
  'gke-l7-rilb': 'a regional internal Application Load Balancer',
  'gke-l7-rilb-mc': 'a regional internal Application Load Balancer (multi-cluster)',
  'gke-l7-cross-regional-internal-managed-mc': 'a cross-region internal Application Load Balancer (multi-cluster)',
};

/** the only port the GFE advertises HTTP/3 on */
export const GKE_HTTP3_PORT = 443;

/** the max age the GFE advertises, 30 days (discovery.md §A.3: captured GFE headers, still in 2026) */
export const GKE_ALT_SVC_MAX_AGE_SECONDS = 2592000;

/** the Alt-Svc alternatives the GFE sends, as captured: h3 and the draft h3-29, both on 443 for 30 days */
export const GKE_ALT_SVC_ALTERNATIVES: readonly AltSvcAlternative[] = [
  { protocolId: 'h3', port: GKE_HTTP3_PORT, maxAgeSeconds: GKE_ALT_SVC_MAX_AGE_SECONDS },
  { protocolId: 'h3-29', port: GKE_HTTP3_PORT, maxAgeSeconds: GKE_ALT_SVC_MAX_AGE_SECONDS },
];

/** the Gateway TLS option naming Compute Engine SSL certificates (pre-shared certificates) */
export const GKE_PRE_SHARED_CERTS_OPTION = 'networking.gke.io/pre-shared-certs';

/** the API group of the multi-cluster Services a multi-cluster Gateway routes to */
export const GKE_MULTI_CLUSTER_SERVICE_GROUP = 'net.gke.io';

/** the backend of a multi-cluster Gateway's HTTPRoute: the ServiceImport of the exported Service */
const SERVICE_IMPORT_BACKEND: BackendKind = { group: GKE_MULTI_CLUSTER_SERVICE_GROUP, kind: 'ServiceImport' };

/** the gcloud command that withdraws HTTP/3 at Google's edge */
export const GKE_QUIC_DISABLE_COMMAND = 'gcloud compute target-https-proxies update NAME --quic-override=DISABLE';

/** options of the `gke-gateway` implementation */
export interface GkeGatewayOptions {
  readonly implementation: 'gke-gateway';
  /**
   * The GatewayClass: one whose load balancer has HTTP/3, the global external Application Load Balancer
   * (`gke-l7-global-external-managed`, `-mc` for multi-cluster) or the classic one (`gke-l7-gxlb`, `gke-l7-gxlb-mc`).
   * Regional and internal classes are refused: their load balancers have no QUIC.
   *
   * @default 'gke-l7-global-external-managed'
   */
  readonly gatewayClassName?: GkeHttp3GatewayClassName;
}

type Parsed = Required<GkeGatewayOptions>;

const ALT_SVC_SOURCE =
  'the Google Front End adds alt-svc: h3=":443"; ma=2592000,h3-29=":443"; ma=2592000 to responses by itself (ma is Google\'s, not configurable)';

const CLASS_LIST = GKE_HTTP3_GATEWAY_CLASSES.map((c) => JSON.stringify(c)).join(', ');

/** true for the multi-cluster classes, which route to ServiceImports */
function isMultiCluster(gatewayClassName: string): boolean {
  return gatewayClassName.endsWith('-mc');
}

/** the load balancer a class creates, for the report */
function loadBalancerTitle(gatewayClassName: string): string {
  const classic = gatewayClassName.startsWith('gke-l7-gxlb');
  return `${classic ? 'classic' : 'global'} external Application Load Balancer${isMultiCluster(gatewayClassName) ? ' (multi-cluster)' : ''}`;
}

/** the `gke-gateway` implementation: HTTP/3 terminated by the Google Front Ends of the load balancer GKE creates from the Gateway */
export const gkeGateway: GatewayImplementation<'gke-gateway', Parsed> = {
  implementation: 'gke-gateway',
  title: 'GKE Gateway (Google Cloud external Application Load Balancer)',
  support: {
    howEnabled:
      'nothing in Kubernetes: GKE creates a global or classic external Application Load Balancer from the Gateway and its Google Front Ends '
      + 'terminate HTTP/3 (target HTTPS proxy `quicOverride` NONE, the default: on at Google\'s discretion)',
    autoUdpPort: 'n/a: QUIC ends at Google\'s edge, no UDP Service',
    autoAltSvc: 'yes (Google Front End): `h3=":443"; ma=2592000,h3-29=":443"; ma=2592000`',
    caveats:
      'global and classic external classes only; port 443 only; withdrawn only outside Kubernetes (`--quic-override=DISABLE`); '
      + 'client IP in X-Forwarded-For',
  },
  fields: ['gatewayClassName'],
  serviceOwner: () => 'none',
  tlsKinds: () => ['secret', 'load-balancer'],
  sessionAffinity: [],
  parse(raw, path) {
    const prop = `${path}.gatewayClassName`;
    const gatewayClassName = raw.gatewayClassName === undefined ? GKE_DEFAULT_GATEWAY_CLASS : readString(raw.gatewayClassName, prop);
    const withoutHttp3 = GKE_GATEWAY_CLASSES_WITHOUT_HTTP3[gatewayClassName];
    if (withoutHttp3 !== undefined) {
      throw Http3ConfigError.refused(
        prop,
        gatewayClassName,
        `creates ${withoutHttp3}, which has no HTTP/3: Google Cloud terminates QUIC only on global and classic external Application Load Balancers`,
        `use ${CLASS_LIST}, or run a QUIC-capable gateway (e.g. "envoy-gateway" or "istio") behind a mixed TCP+UDP load-balancer Service`,
      );
    }
    if (!(GKE_HTTP3_GATEWAY_CLASSES as readonly string[]).includes(gatewayClassName)) {
      throw Http3ConfigError.invalid(prop, gatewayClassName, `one of ${CLASS_LIST} (the GKE classes with HTTP/3)`);
    }
    return { implementation: 'gke-gateway', gatewayClassName: gatewayClassName as GkeHttp3GatewayClassName };
  },
  altSvc(_options, port) {
    if (port !== GKE_HTTP3_PORT) {
      throw Http3ConfigError.refused(
        'port',
        port,
        `cannot carry HTTP/3 with gateway.implementation "gke-gateway": ${ALT_SVC_SOURCE}, so clients would try QUIC on 443, not on ${port}`,
        'use port 443 (the default)',
      );
    }
    return { kind: 'automatic', alternatives: GKE_ALT_SVC_ALTERNATIVES, source: ALT_SVC_SOURCE, allowDraftVersions: true };
  },
  render(options, model, path) {
    checkNoService(model, path);
    if (!model.quic) {
      throw Http3ConfigError.conflict(
        'altSvc.clear',
        true,
        `${path}.implementation`,
        'gke-gateway',
        'HTTP/3 at Google\'s edge is switched by the target HTTPS proxy\'s quicOverride, which no GKE Gateway API field exposes, '
          + 'and the Google Front End keeps adding its own Alt-Svc as long as QUIC is on',
        `withdraw it outside Kubernetes with ${GKE_QUIC_DISABLE_COMMAND} (NAME from gcloud compute target-https-proxies list), `
          + 'then remove altSvc.clear',
      );
    }
    const multiCluster = isMultiCluster(options.gatewayClassName);
    if (multiCluster && model.tls.kind === 'secret') {
      // gateways.md is silent here; GKE's Gateway security docs list Secrets for single-cluster Gateways only (unverified
      // in the stored copies), so the conservative choice is the certificate kind every class takes
      throw Http3ConfigError.refused(
        `${path}.gatewayClassName`,
        options.gatewayClassName,
        `cannot terminate TLS with the Kubernetes Secret ${JSON.stringify(model.tls.secretName)}: multi-cluster Gateways take certificates `
          + 'Google Cloud holds (pre-shared SSL certificates), not Secrets',
        'give tls as { loadBalancerCertificateId: "<Compute Engine SSL certificate name>" }, or use a single-cluster class',
      );
    }
    const resources = gatewayApiResources(model, options.gatewayClassName, {
      listenerTls: model.tls.kind === 'secret' ? undefined : preSharedCertificateTls(model),
      backend: multiCluster ? SERVICE_IMPORT_BACKEND : undefined,
    });
    return {
      resources,
      artifacts: [],
      report: {
        quicTerminatedBy:
          `the Google Front Ends of the ${loadBalancerTitle(options.gatewayClassName)} that GKE creates from the Gateway `
          + `(class ${options.gatewayClassName}); the cluster receives HTTP/1.1 or HTTP/2 only`,
        clientIp: finding(
          FindingStatus.PARTIAL,
          'the load balancer terminates every connection: backends see a Google Front End address, the client IP arrives in the '
            + 'X-Forwarded-For header',
        ),
        connectionMigration: finding(
          FindingStatus.PARTIAL,
          'QUIC ends at the Google Front End, so no in-cluster 5-tuple hashing breaks it; whether the Google Front End supports connection '
            + 'migration is Google\'s (unverified)',
        ),
        udpHealthCheck: finding(FindingStatus.NOT_APPLICABLE, 'no UDP reaches the cluster: the load balancer health-checks the backends over HTTP'),
        tcpFallback: finding(FindingStatus.YES, `the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
        notes: gkeNotes(options, model),
      },
    };
  },
};

/**
 * Refuse what would be silently dropped because no Service exists: another provider than `generic` (GKE
 * creates the load balancer from the Gateway), and the generic provider's Service settings.
 */
function checkNoService(model: ListenerModel, path: string): void {
  const reason = 'GKE creates the Google Cloud load balancer from the Gateway itself, so kube-http3 creates no Service';
  if (model.providerName !== 'generic') {
    throw Http3ConfigError.conflict(
      `${model.providerPath}.name`,
      model.providerName,
      `${path}.implementation`,
      'gke-gateway',
      `${reason} for a provider to shape`,
      'remove provider (the default "generic" is right for GKE Gateways)',
    );
  }
  const shape = model.serviceShape;
  if (Object.keys(shape.annotations).length > 0) {
    throw Http3ConfigError.refused(
      `${model.providerPath}.annotations`,
      shape.annotations,
      `has nothing to annotate with gateway.implementation "gke-gateway": ${reason}`,
      'remove provider.annotations (load-balancer settings go into GKE policies such as GCPGatewayPolicy and GCPBackendPolicy)',
    );
  }
  if (shape.loadBalancerClass !== undefined) {
    throw Http3ConfigError.refused(
      `${model.providerPath}.loadBalancerClass`,
      shape.loadBalancerClass,
      `has no Service to apply to with gateway.implementation "gke-gateway": ${reason}`,
      'remove provider.loadBalancerClass (the gatewayClassName selects the load balancer)',
    );
  }
  if (shape.externalTrafficPolicy !== ExternalTrafficPolicy.LOCAL) {
    throw Http3ConfigError.refused(
      'externalTrafficPolicy',
      shape.externalTrafficPolicy,
      `has no Service to apply to with gateway.implementation "gke-gateway": ${reason}`,
      'remove externalTrafficPolicy (the client IP arrives in X-Forwarded-For)',
    );
  }
}

/**
 * The listener TLS for Compute Engine SSL certificates held by Google Cloud: it names them in the
 * `networking.gke.io/pre-shared-certs` TLS option instead of referencing a Secret (the GKE form of Gateway API's
 * "certificates from other places"; GoogleCloudPlatform/gke-networking-recipes gateway/ examples). The rest of the
 * Gateway is the shared Gateway API shape.
 */
function preSharedCertificateTls(model: ListenerModel): GatewayListenerTls {
  if (model.tls.kind !== 'load-balancer') {
    throw new Error(`kube-http3 bug: a ${model.tls.kind} certificate reached the pre-shared certificate listener`);
  }
  return { mode: 'Terminate', options: { [GKE_PRE_SHARED_CERTS_OPTION]: model.tls.certificateId } };
}

/** what a platform engineer must know about HTTP/3 at Google's edge */
function gkeNotes(options: Parsed, model: ListenerModel): ReportNote[] {
  const emitted = formatAltSvc({ alternatives: GKE_ALT_SVC_ALTERNATIVES }, 'altSvc', { allowDraftVersions: true });
  const notes: ReportNote[] = [
    note(
      NoteSeverity.INFO,
      'gke-edge-terminates-quic',
      'the Google Front End terminates TLS and QUIC: the cluster has no UDP Service or port, backends receive HTTP/1.1 or HTTP/2 '
        + 'and find the client IP in X-Forwarded-For',
    ),
    note(
      NoteSeverity.INFO,
      'gke-quic-override',
      'HTTP/3 is on because the target HTTPS proxy GKE creates keeps quicOverride NONE (Google manages QUIC, on for global external '
        + 'Application Load Balancers since 2022); no GKE Gateway field sets it. To force it: gcloud compute target-https-proxies update NAME '
        + '--quic-override=ENABLE (NAME from gcloud compute target-https-proxies list); whether GKE keeps such an out-of-band change when it '
        + 'reconciles the Gateway is unverified',
    ),
    note(
      NoteSeverity.WARNING,
      'gke-alt-svc-max-age',
      `the Google Front End sends Alt-Svc ${emitted} (on the wire without the space after the comma): clients ignore the draft h3-29 and `
        + `remember h3 for 30 days, which kube-http3 cannot shorten; to withdraw HTTP/3 run ${GKE_QUIC_DISABLE_COMMAND} `
        + '(clients that cached h3 then fall back to TCP after a failed QUIC attempt)',
    ),
  ];
  if (model.tls.kind === 'load-balancer') {
    notes.push(note(
      NoteSeverity.INFO,
      'gke-pre-shared-certificate',
      `the listener names the Compute Engine SSL certificate(s) ${JSON.stringify(model.tls.certificateId)} in ${GKE_PRE_SHARED_CERTS_OPTION} `
        + '(comma-separated names): create them in the project first (gcloud compute ssl-certificates create)',
    ));
  }
  if (isMultiCluster(options.gatewayClassName)) {
    notes.push(note(
      NoteSeverity.INFO,
      'gke-multi-cluster',
      `the multi-cluster class ${options.gatewayClassName} routes to the ServiceImport ${model.backend.namespace}/${model.backend.service} `
        + '(net.gke.io): export the Service with a ServiceExport in every member cluster, and apply these objects to the fleet\'s config cluster',
    ));
  }
  return notes;
}

/**
 * `emissary`: Emissary-ingress (getambassador.io/v3alpha1 Listener, Host and Mapping).
 *
 * HTTP/3 is a second `Listener` on the port of the HTTPS Listener, with `protocolStack: [TLS, HTTP, UDP]`
 * (in that order, UDP last). When a TCP Listener shares the QUIC Listener's address and port, Emissary marks
 * it `http3_enabled` and adds a hard-coded `alt-svc: h3=":443"; ma=86400, h3-29=":443"; ma=86400` to every
 * virtual host on it, whatever port clients really use, so only port 443 can work. Emissary does not add the
 * UDP Service port: kube-http3 creates the load-balancer Service (443/TCP + 443/UDP, shaped by the provider)
 * selecting the Emissary pods. Facts: gateways.md §4, loadbalancers.md §15 (Emissary docs), read upstream in
 * emissary-ingress/emissary@3ebe0f4 (v4.1.0): python/ambassador/src/ambassador/{ir/ir.py,ir/irlistener.py,
 * envoy/v3/v3listener.py,envoy/v3/v3route.py,ir/irserviceresolver.py}, charts/emissary-ingress/{values.yaml,
 * templates/_helpers.tpl,templates/service.yaml}; datawire/ambassador-docs@7d7a611
 * docs/emissary/latest/topics/running/{http3.md,host-crd.md,load-balancer.md}.
 */
import { yamlArtifact } from '../core/artifacts';
import { Http3ConfigError } from '../core/errors';
import { readSelector } from '../core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { SessionAffinity } from '../core/session-affinity';
import { ArtifactTool, type KubeManifest, type StringMap, type SynthesizedResource } from '../core/types';
import { compareVersions, readBoolean, readDns1123Label, readEnum, readPort, readString, readVersion } from '../core/validate';
import type { GatewayImplementation, ListenerModel } from './gateway';
import { tlsSecretName } from './gateway-api';

/** the Emissary release assumed when `version` is not given (the release of the CRD schemas kube-http3 validates against) */
export const EMISSARY_DEFAULT_VERSION = '4.1.0';
/** the first Emissary release with UDP Listeners (Envoy 1.22; docs/releaseNotes.yml "Downstream HTTP/3 support") */
export const EMISSARY_HTTP3_SINCE = '3.0.0';
/** the only client-facing port Emissary can advertise: its Alt-Svc value is hard-coded (envoy/v3/v3listener.py) */
export const EMISSARY_ALT_SVC_PORT = 443;

const API_VERSION = 'getambassador.io/v3alpha1';

/** the endpoint resolver Emissary always defines (ir/irserviceresolver.py): ring_hash needs endpoint routing */
const ENDPOINT_RESOLVER = 'kubernetes-endpoint';

/** the ALPN list of Emissary's HTTP/3 docs for the Host's TLS context (topics/running/http3.md) */
const HOST_ALPN = 'h2,http/1.1';

/** the minimum TLS versions kube-http3 lets you set on the Host (Envoy's default minimum is TLS 1.2) */
export type EmissaryMinTlsVersion = 'v1.2' | 'v1.3';

/** options of the `emissary` implementation */
export interface EmissaryGatewayOptions {
  readonly implementation: 'emissary';
  /**
   * The namespace of the Emissary pods. The Listeners and the load-balancer Service are created there (the
   * Hosts and Mappings go to the listener's namespace, with the TLS Secret).
   *
   * @default 'emissary'
   */
  readonly namespace?: string;
  /**
   * The labels of the Emissary pods (the load-balancer Service's selector). The default is what the
   * emissary-ingress chart puts on its pods for the release `emissary-ingress`.
   *
   * @default { 'app.kubernetes.io/name': 'emissary-ingress', 'app.kubernetes.io/instance': 'emissary-ingress' }
   */
  readonly selector?: StringMap;
  /**
   * The port Emissary listens on inside the pods, for TCP and UDP alike: the port of both Listeners and the
   * Service's targetPort (the chart maps 443 to 8443).
   *
   * @default 8443
   */
  readonly targetPort?: number;
  /**
   * The Emissary version in the cluster (UDP Listeners exist from 3.0.0).
   *
   * @default '4.1.0'
   */
  readonly version?: string;
  /**
   * Render the HTTPS (TCP) Listener on `targetPort`. Set it to false when a Listener with protocol HTTPS on that
   * port already exists (e.g. from the quick start): Emissary keeps one Listener per protocol and port.
   *
   * @default true
   */
  readonly httpsListener?: boolean;
  /**
   * The Host's `tls.min_tls_version`. Emissary's HTTP/3 docs suggest `v1.3`, but the Host's TLS context also
   * serves the TCP Listener, so `v1.3` drops TLS 1.2 clients from HTTP/1.1 and HTTP/2; QUIC needs no setting
   * (it always runs TLS 1.3).
   *
   * @default - unset: Envoy's default minimum, TLS 1.2
   */
  readonly minTlsVersion?: EmissaryMinTlsVersion;
  /**
   * The `ambassador_id` of the Emissary installation that must read the Listeners, Hosts and Mappings (its
   * `AMBASSADOR_ID` environment variable).
   *
   * @default - none: the installation with the default id
   */
  readonly ambassadorId?: string;
}

type Parsed = Required<Omit<EmissaryGatewayOptions, 'minTlsVersion' | 'ambassadorId'>> &
  Pick<EmissaryGatewayOptions, 'minTlsVersion' | 'ambassadorId'>;

const ALT_SVC_VALUE = 'h3=":443"; ma=86400, h3-29=":443"; ma=86400';
const ALT_SVC_SOURCE =
  `Emissary adds the hard-coded alt-svc: ${ALT_SVC_VALUE} to every virtual host of the TCP Listener that shares the QUIC Listener's port`;

/**
 * The `emissary` implementation: Hosts and Mappings beside the TLS Secret, an HTTPS and a QUIC Listener in Emissary's
 * namespace, and kube-http3's load-balancer Service selecting the Emissary pods.
 */
export const emissaryGateway: GatewayImplementation<'emissary', Parsed> = {
  implementation: 'emissary',
  title: 'Emissary-ingress (Listener, Host, Mapping)',
  support: {
    howEnabled: 'a second `Listener` (getambassador.io/v3alpha1) on the HTTPS Listener\'s port with `protocolStack: [TLS, HTTP, UDP]`',
    autoUdpPort: 'no: kube-http3 creates the Service with both ports',
    autoAltSvc: 'yes, only with a same-port TCP Listener: hard-coded `h3=":443"; ma=86400, h3-29=":443"; ma=86400`',
    caveats:
      'client port 443 only (Alt-Svc hard-codes it); the Listeners serve every Host on the port; ' +
      '`min_tls_version: v1.3` (docs) drops TLS 1.2 on TCP',
  },
  fields: ['namespace', 'selector', 'targetPort', 'version', 'httpsListener', 'minTlsVersion', 'ambassadorId'],
  serviceOwner: () => 'kube-http3',
  tlsKinds: () => ['secret'],
  sessionAffinity: ['header', 'cookie', 'source-ip'],
  parse(raw, path) {
    const version = readVersion(raw.version, `${path}.version`, EMISSARY_DEFAULT_VERSION);
    if (compareVersions(version, EMISSARY_HTTP3_SINCE) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'has no HTTP/3: UDP Listeners (protocolStack [TLS, HTTP, UDP]) arrived in Emissary 3.0.0 with Envoy 1.22 (emissary #4246)',
        'upgrade Emissary to 3.0.0 or later',
      );
    }
    return {
      implementation: 'emissary',
      namespace: readDns1123Label(raw.namespace, `${path}.namespace`, 'emissary'),
      selector: raw.selector === undefined
        ? { 'app.kubernetes.io/name': 'emissary-ingress', 'app.kubernetes.io/instance': 'emissary-ingress' }
        : readSelector(raw.selector, `${path}.selector`),
      targetPort: readPort(raw.targetPort, `${path}.targetPort`, 8443),
      version,
      httpsListener: readBoolean(raw.httpsListener, `${path}.httpsListener`, true),
      minTlsVersion: raw.minTlsVersion === undefined ? undefined : readEnum(raw.minTlsVersion, `${path}.minTlsVersion`, ['v1.2', 'v1.3'] as const),
      ambassadorId: raw.ambassadorId === undefined ? undefined : readString(raw.ambassadorId, `${path}.ambassadorId`),
    };
  },
  workload(options) {
    return { namespace: options.namespace, selector: options.selector, targetPort: options.targetPort };
  },
  tlsSecretNamespace(_options, namespace) {
    // Host.spec.tlsSecret is read from the Host's namespace
    return namespace;
  },
  altSvc(_options, port) {
    if (port !== EMISSARY_ALT_SVC_PORT) {
      throw Http3ConfigError.conflict(
        'port',
        port,
        'gateway.implementation',
        'emissary',
        `Emissary hard-codes alt-svc: ${ALT_SVC_VALUE} (envoy/v3/v3listener.py), so clients would look for HTTP/3 on 443/UDP, not on ${port}/UDP`,
        'use port 443 (the Service still maps it to any targetPort)',
      );
    }
    return {
      kind: 'automatic',
      alternatives: [
        { protocolId: 'h3', port, maxAgeSeconds: 86400 },
        { protocolId: 'h3-29', port, maxAgeSeconds: 86400 },
      ],
      source: ALT_SVC_SOURCE,
      allowDraftVersions: true,
    };
  },
  render(options, model) {
    // every Host first, then every Mapping
    const hosts: SynthesizedResource[] = [];
    const mappings: SynthesizedResource[] = [];
    model.hostnames.forEach((hostname, index) => {
      const suffix = index === 0 ? '' : `-${index}`;
      const name = `${model.name}${suffix}`;
      hosts.push({ role: `host${suffix}`, primary: index === 0, manifest: emissaryHost(options, model, hostname, name) });
      mappings.push({ role: `mapping${suffix}`, manifest: emissaryMapping(options, model, hostname, name) });
    });
    const resources = [...hosts, ...mappings];
    if (options.httpsListener) {
      resources.push({ role: 'https-listener', manifest: emissaryListener(options, model, `${model.name}-https`, { protocol: 'HTTPS' }) });
    }
    if (model.quic) {
      resources.push({
        role: 'quic-listener',
        manifest: emissaryListener(options, model, `${model.name}-quic`, { protocolStack: ['TLS', 'HTTP', 'UDP'] }),
      });
    }
    return {
      resources,
      artifacts: [
        yamlArtifact(
          `${model.name}.emissary-ingress-values.yaml`,
          ArtifactTool.HELM,
          `apply with: helm upgrade <release> <emissary-ingress chart> -n ${options.namespace} --reuse-values -f <this file> ` +
            "(kube-http3's Service replaces the chart's as the load balancer; " +
            'remove LoadBalancer-only settings such as loadBalancerClass from your values)',
          { service: { type: 'ClusterIP' } },
        ),
      ],
      report: {
        quicTerminatedBy: `the Emissary-ingress pods (Envoy) in ${options.namespace}, selected by ${JSON.stringify(options.selector)}`,
        tcpFallback: finding(
          FindingStatus.YES,
          options.httpsListener
            ? `the HTTPS Listener keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`
            : `your HTTPS Listener on ${options.targetPort} keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`,
        ),
        notes: emissaryNotes(options, model),
      },
    };
  },
};

/** the report notes: Listener scope and duplicates, the single load balancer, TLS version, affinity */
function emissaryNotes(options: Parsed, model: ListenerModel): ReportNote[] {
  const notes: ReportNote[] = [];
  notes.push(note(
    NoteSeverity.WARNING,
    'emissary-listeners',
    options.httpsListener
      ? `Emissary keeps one Listener per protocol, address and port: remove any other Listener on port ${options.targetPort} ` +
        '(e.g. emissary-ingress-https-listener from the quick start, or the chart\'s createDefaultListeners), or set gateway.httpsListener ' +
        'to false; otherwise Emissary reports "Duplicate listener" and keeps the one it read first'
      : `kube-http3 renders no HTTPS Listener: Alt-Svc appears only if your Listener with protocol HTTPS on port ${options.targetPort} ` +
        `(default bind address) exists and binds the Hosts in namespace ${model.namespace}`,
  ));
  if (model.quic) {
    notes.push(note(
      NoteSeverity.INFO,
      'emissary-listener-scope',
      `Listeners belong to the whole Emissary installation: the QUIC Listener on port ${options.targetPort} serves, and its TCP twin advertises ` +
        `${ALT_SVC_VALUE} for, every Host bound to that port, not only these hostnames; the value is hard-coded, including the obsolete draft h3-29`,
    ));
  }
  notes.push(note(
    NoteSeverity.WARNING,
    'emissary-single-load-balancer',
    `point DNS at kube-http3's Service ${options.namespace}/${model.name} (do not give it the name of the chart's Service); ` +
      "the chart's own Service must not stay a second LoadBalancer (the Helm values make it ClusterIP, which also stops exposing port 80): " +
      'Emissary advertises HTTP/3 on every TCP response of the Listener, ' +
      `so clients that reached an address without ${model.port}/UDP would try QUIC in vain`,
  ));
  if (options.minTlsVersion === 'v1.3') {
    notes.push(note(
      NoteSeverity.WARNING,
      'emissary-min-tls-version',
      "the Host's min_tls_version v1.3 also applies to the HTTPS Listener: " +
        'clients limited to TLS 1.2 can no longer connect over HTTP/1.1 or HTTP/2; QUIC does not need it (it always runs TLS 1.3)',
    ));
  }
  if (model.sessionAffinity) {
    notes.push(note(
      NoteSeverity.INFO,
      'emissary-endpoint-resolver',
      `session affinity uses Emissary's built-in ${ENDPOINT_RESOLVER} resolver (ring_hash needs endpoint routing): ` +
        'with AMBASSADOR_DISABLE_ENDPOINTS set, Emissary falls back to its default load balancing and the affinity is lost',
    ));
  }
  return notes;
}

/** the ambassador_id field, when the installation has one */
function ambassadorId(options: Parsed): { ambassador_id?: string[] } {
  return options.ambassadorId === undefined ? {} : { ambassador_id: [options.ambassadorId] };
}

/** a Listener on the pods' port, binding Hosts of every namespace (as Emissary's HTTP/3 docs do) */
function emissaryListener(
  options: Parsed,
  model: ListenerModel,
  name: string,
  protocol: { readonly protocol: string } | { readonly protocolStack: readonly string[] },
): KubeManifest {
  return {
    apiVersion: API_VERSION,
    kind: 'Listener',
    metadata: { name, namespace: options.namespace, labels: model.labels },
    spec: {
      port: options.targetPort,
      ...protocol,
      securityModel: 'XFP',
      hostBinding: { namespace: { from: 'ALL' } },
      ...ambassadorId(options),
    },
  };
}

/** the Host of one hostname: TLS from the Secret, no ACME (the certificate comes from kube-http3 or cert-manager) */
function emissaryHost(options: Parsed, model: ListenerModel, hostname: string, name: string): KubeManifest {
  return {
    apiVersion: API_VERSION,
    kind: 'Host',
    metadata: { name, namespace: model.namespace, labels: model.labels },
    spec: {
      hostname,
      acmeProvider: { authority: 'none' },
      tlsSecret: { name: tlsSecretName(model) },
      tls: {
        alpn_protocols: HOST_ALPN,
        ...(options.minTlsVersion !== undefined ? { min_tls_version: options.minTlsVersion } : {}),
      },
      ...ambassadorId(options),
    },
  };
}

/** the Mapping of one hostname to the backend, with the affinity and the withdraw header where needed */
function emissaryMapping(options: Parsed, model: ListenerModel, hostname: string, name: string): KubeManifest {
  const { backend } = model;
  return {
    apiVersion: API_VERSION,
    kind: 'Mapping',
    metadata: { name, namespace: model.namespace, labels: model.labels },
    spec: {
      hostname,
      prefix: '/',
      service: `${backend.service}.${backend.namespace}:${backend.port}`,
      ...(model.sessionAffinity ? { resolver: ENDPOINT_RESOLVER, load_balancer: emissaryLoadBalancer(model.sessionAffinity) } : {}),
      // append false: replace any alt-svc the backend sends
      ...(model.altSvcHeader !== undefined ? { add_response_headers: { 'alt-svc': { value: model.altSvcHeader, append: false } } } : {}),
      ...ambassadorId(options),
    },
  };
}

/** the Mapping load_balancer: ring_hash with exactly one key (irhttpmapping.py validate_load_balancer) */
function emissaryLoadBalancer(affinity: SessionAffinity): Record<string, unknown> {
  if (affinity.type === 'header') return { policy: 'ring_hash', header: affinity.name };
  if (affinity.type === 'cookie') return { policy: 'ring_hash', cookie: { name: affinity.name, ttl: `${affinity.ttlSeconds}s` } };
  return { policy: 'ring_hash', source_ip: true };
}

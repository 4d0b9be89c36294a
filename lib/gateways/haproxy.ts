/**
 * `haproxy`: the HAProxy Kubernetes Ingress Controller (haproxytech/kubernetes-ingress), routing with a
 * networking.k8s.io/v1 Ingress.
 *
 * QUIC is on by default since v1.11.0: the controller adds `quic4@`/`quic6@` binds (ALPN h3) to its HTTPS
 * frontend as long as the controller ConfigMap key `ssl-certificate` (or `--default-ssl-certificate`) names an
 * existing TLS Secret and `--disable-quic` is absent, and sets `alt-svc: h3=":<--quic-announce-port>";ma=<quic-
 * alt-svc-max-age>;` on every response. The announce port defaults to the HTTPS bind port (8443), which is wrong
 * behind a load balancer on 443, so kube-http3 always sets it to the client-facing port, and writes the policy's
 * max age into `quic-alt-svc-max-age` (the controller's own default is 60 seconds).
 *
 * Two ways to run the controller: `install: 'helm'` (the haproxytech/kubernetes-ingress chart creates the Service,
 * with its quic UDP port, from Helm values kube-http3 writes), or `install: 'manifests'` (kube-http3 creates the
 * Service selecting the controller pods and the controller ConfigMap, and lists the flags to run it with).
 *
 * Facts: gateways.md §5.5, read upstream in haproxytech/kubernetes-ingress@fc12067: pkg/handler/quic.go,
 * pkg/controller/handler.go, pkg/utils/flags.go, pkg/annotations/common/main.go, pkg/annotations/ingress/reqSetHdr.go,
 * pkg/annotations/service/loadbalance.go, pkg/service/service.go, pkg/haproxy/env/defaults.go, main.go,
 * documentation/{controller.md,annotations.md,ingressclass.md}, deploy/haproxy-ingress.yaml; and in
 * haproxytech/helm-charts@c5edba1 (chart 1.52.1, app 3.2.12): kubernetes-ingress/{values.yaml,README.md,
 * templates/_podspec.tpl,templates/controller-service.yaml,templates/controller-configmap.yaml,
 * templates/controller-ingressclass.yaml,templates/_helpers.tpl}.
 */
import { doubleQuoted, yamlArtifact } from '../core/artifacts';
import { Http3ConfigError } from '../core/errors';
import { readSelector } from '../core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { SessionAffinity } from '../core/session-affinity';
import { ArtifactTool, type Artifact, type KubeManifest, type StringMap, type SynthesizedResource } from '../core/types';
import { compareVersions, readDns1123Label, readDns1123Subdomain, readEnum, readPort, readVersion } from '../core/validate';
import type { ServiceShape } from '../providers/provider';
import { requireSingleService, type GatewayImplementation, type ListenerModel } from './gateway';
import { tlsSecretName } from './gateway-api';

/** the controller release assumed when `version` is not given (the app version of chart 1.52.1) */
export const HAPROXY_DEFAULT_VERSION = '3.2.12';
/** the first controller release with QUIC binds (commits 67f36664 "add quic support", c0dfcae0 --quic-bind-port) */
export const HAPROXY_QUIC_SINCE = '1.11.0';

/** the annotation prefix of the controller (documentation/annotations.md: haproxy.org, haproxy.com and ingress.kubernetes.io are equivalent) */
const ANNOTATION_PREFIX = 'haproxy.org';

/** how the controller is installed */
export type HaproxyInstall = 'helm' | 'manifests';

/** options of the `haproxy` implementation */
export interface HaproxyGatewayOptions {
  readonly implementation: 'haproxy';
  /**
   * How the controller runs. `helm`: the haproxytech/kubernetes-ingress chart creates the load-balancer Service
   * (with its `quic` UDP port) and the controller ConfigMap from the Helm values kube-http3 writes (an artifact).
   * `manifests`: kube-http3 creates the Service selecting the controller pods and the controller ConfigMap, and
   * writes the controller flags to an artifact, for controllers you deploy yourself.
   *
   * @default 'helm'
   */
  readonly install?: HaproxyInstall;
  /**
   * The Ingress's `ingressClassName`: an IngressClass pointing at this controller (the chart creates `haproxy`).
   *
   * @default 'haproxy'
   */
  readonly ingressClassName?: string;
  /**
   * The controller version in the cluster (QUIC exists from v1.11.0).
   *
   * @default '3.2.12'
   */
  readonly version?: string;
  /**
   * The namespace of the controller pods and of its ConfigMap (`install: 'manifests'` only; the load-balancer
   * Service is created there).
   *
   * @default 'haproxy-controller'
   */
  readonly namespace?: string;
  /**
   * The labels of the controller pods (`install: 'manifests'` only): the Service's selector. The default is what
   * haproxytech's deploy/haproxy-ingress.yaml puts on its pods.
   *
   * @default { run: 'haproxy-ingress' }
   */
  readonly selector?: StringMap;
  /**
   * The name of the controller ConfigMap, the one its `--configmap` flag names (`install: 'manifests'` only).
   *
   * @default 'haproxy-kubernetes-ingress'
   */
  readonly configMapName?: string;
  /**
   * The controller's `--https-bind-port`, which kube-http3 also makes its `--quic-bind-port` and the Service's
   * targetPort for TCP and UDP (`install: 'manifests'` only).
   *
   * @default 8443
   */
  readonly httpsBindPort?: number;
}

type Parsed = Required<HaproxyGatewayOptions>;

/** the fields that describe a controller kube-http3 wires itself, refused with the chart */
const MANIFESTS_ONLY = ['namespace', 'selector', 'configMapName', 'httpsBindPort'] as const;

const ALT_SVC_SOURCE =
  'the HAProxy Kubernetes Ingress Controller sets alt-svc: h3=":<--quic-announce-port>";ma=<quic-alt-svc-max-age>; ' +
  'on every response of its HTTPS frontend';

/**
 * The `haproxy` implementation: an Ingress, plus the controller settings that turn QUIC on and make Alt-Svc advertise
 * the client port, as Helm values for the chart or as a ConfigMap, a Service and controller flags.
 */
export const haproxyGateway: GatewayImplementation<'haproxy', Parsed> = {
  implementation: 'haproxy',
  title: 'HAProxy Kubernetes Ingress Controller (haproxytech)',
  support: {
    howEnabled:
      'on by default (v1.11+) once the controller ConfigMap key `ssl-certificate` names the TLS Secret; ' +
      '`--quic-announce-port` set to the client port; Ingress for routing',
    autoUdpPort: 'Helm chart: yes (`controller.service.enablePorts.quic`); manifests: no, kube-http3 creates the Service with both ports',
    autoAltSvc: 'yes: `h3=":<announce port>";ma=<quic-alt-svc-max-age>;` (kube-http3 sets both)',
    caveats:
      'Ingress backends in the Ingress namespace only; no cookie affinity from an Ingress; ' +
      'legacy AWS load balancers cannot mix TCP and UDP (use aws-lbc); `ssl-certificate` becomes the controller-wide default certificate',
  },
  fields: ['install', 'ingressClassName', 'version', ...MANIFESTS_ONLY],
  serviceOwner: (options) => (options.install === 'helm' ? 'controller' : 'kube-http3'),
  tlsKinds: () => ['secret'],
  sessionAffinity: ['header', 'source-ip'],
  parse(raw, path) {
    const version = readVersion(raw.version, `${path}.version`, HAPROXY_DEFAULT_VERSION);
    if (compareVersions(version, HAPROXY_QUIC_SINCE) < 0) {
      throw Http3ConfigError.refused(
        `${path}.version`,
        raw.version,
        'has no QUIC: the controller added QUIC binds and --quic-announce-port in v1.11.0',
        'upgrade the HAProxy Kubernetes Ingress Controller to v1.11.0 or later',
      );
    }
    const install = readEnum(raw.install, `${path}.install`, ['helm', 'manifests'] as const, 'helm');
    if (install === 'helm') {
      for (const field of MANIFESTS_ONLY) {
        if (raw[field] === undefined) continue;
        throw Http3ConfigError.conflict(
          `${path}.${field}`,
          raw[field],
          `${path}.install`,
          'helm',
          'it describes a controller kube-http3 wires itself; ' +
            'with the chart, the chart creates the Service, the ConfigMap and the flags in the release namespace',
          `remove ${field}, or set install "manifests"`,
        );
      }
    }
    return {
      implementation: 'haproxy',
      install,
      ingressClassName: raw.ingressClassName === undefined ? 'haproxy' : readDns1123Subdomain(raw.ingressClassName, `${path}.ingressClassName`),
      version,
      namespace: readDns1123Label(raw.namespace, `${path}.namespace`, 'haproxy-controller'),
      selector: raw.selector === undefined ? { run: 'haproxy-ingress' } : readSelector(raw.selector, `${path}.selector`),
      configMapName: raw.configMapName === undefined
        ? 'haproxy-kubernetes-ingress'
        : readDns1123Subdomain(raw.configMapName, `${path}.configMapName`),
      httpsBindPort: readPort(raw.httpsBindPort, `${path}.httpsBindPort`, 8443),
    };
  },
  workload(options) {
    return { namespace: options.namespace, selector: options.selector, targetPort: options.httpsBindPort };
  },
  tlsSecretNamespace(_options, namespace) {
    // the Ingress's tls[].secretName is read from the Ingress's namespace; ssl-certificate names it as <namespace>/<name>
    return namespace;
  },
  altSvc(_options, port) {
    // the max age is configurable (quic-alt-svc-max-age); 60 is the controller's default (pkg/annotations/common/main.go)
    return { kind: 'automatic', alternatives: [{ protocolId: 'h3', port, maxAgeSeconds: 60 }], source: ALT_SVC_SOURCE, configurableMaxAge: true };
  },
  render(options, model, path) {
    if (model.backend.namespace !== model.namespace) {
      throw Http3ConfigError.conflict(
        'backend.namespace',
        model.backend.namespace,
        `${path}.implementation`,
        'haproxy',
        `an Ingress routes only to Services in its own namespace (${model.namespace}): networking.k8s.io/v1 Ingress backends have no namespace`,
        `set namespace to ${JSON.stringify(model.backend.namespace)} so the Ingress lives beside the backend, or leave backend.namespace out`,
      );
    }
    if (options.install === 'helm') {
      requireSingleService(
        model,
        `${path}.install`,
        'helm',
        'the haproxytech/kubernetes-ingress chart renders one Service, with the https (TCP) and quic (UDP) ports together',
        'or install "manifests" so kube-http3 creates the two Services',
      );
    }
    const secretName = tlsSecretName(model);
    const sslCertificate = `${model.namespace}/${secretName}`;
    const loadBalance = model.sessionAffinity ? balance(model.sessionAffinity) : undefined;
    const config: Record<string, string> = { 'ssl-certificate': sslCertificate };
    if (model.quic && model.altSvcMaxAgeSeconds !== undefined) config['quic-alt-svc-max-age'] = String(model.altSvcMaxAgeSeconds);
    const resources: SynthesizedResource[] = [
      { role: 'ingress', primary: true, manifest: haproxyIngress(options, model, secretName, loadBalance) },
    ];
    let artifacts: Artifact[];
    if (options.install === 'helm') {
      artifacts = [
        yamlArtifact(
          `${model.name}.kubernetes-ingress-values.yaml`,
          ArtifactTool.HELM,
          'apply with: helm upgrade <release> haproxytech/kubernetes-ingress -n <release namespace> --reuse-values -f <this file> ' +
            `(${model.quic ? 'QUIC on, Alt-Svc advertising the client port' : 'QUIC off while HTTP/3 is withdrawn'})`,
          helmValues(model, config),
        ),
      ];
    } else {
      resources.push({
        role: 'controller-config',
        manifest: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: options.configMapName, namespace: options.namespace, labels: model.labels },
          data: config,
        },
      });
      artifacts = [
        yamlArtifact(
          `${model.name}.haproxy-ingress-args.yaml`,
          ArtifactTool.PROXY_CONFIG,
          'add these flags to the args of the haproxytech/kubernetes-ingress controller container ' +
            `(its Deployment or DaemonSet in ${options.namespace})`,
          { args: controllerArgs(options, model) },
        ),
      ];
    }
    return {
      resources,
      artifacts,
      report: {
        quicTerminatedBy: options.install === 'helm'
          ? 'the HAProxy Kubernetes Ingress Controller pods of the Helm release (HAProxy, with limited-quic)'
          : 'the HAProxy Kubernetes Ingress Controller pods (HAProxy, with limited-quic) ' +
            `in ${options.namespace}, selected by ${JSON.stringify(options.selector)}`,
        tcpFallback: finding(FindingStatus.YES, `the HTTPS frontend keeps serving HTTP/1.1 and HTTP/2 over TLS on ${model.port}/TCP`),
        notes: haproxyNotes(options, model, sslCertificate, loadBalance),
      },
    };
  },
};

/**
 * The Ingress: TLS for every hostname with the Secret, one rule per hostname to the backend, the affinity (the balance
 * algorithm `loadBalance`) and the withdraw header as annotations.
 */
function haproxyIngress(options: Parsed, model: ListenerModel, secretName: string, loadBalance: string | undefined): KubeManifest {
  const annotations: Record<string, string> = {};
  if (loadBalance !== undefined) annotations[`${ANNOTATION_PREFIX}/load-balance`] = loadBalance;
  // "<header> <value>": the controller quotes the value (pkg/annotations/ingress/reqSetHdr.go)
  if (model.altSvcHeader !== undefined) annotations[`${ANNOTATION_PREFIX}/response-set-header`] = `alt-svc ${model.altSvcHeader}`;
  // a fresh object per rule: shared references would become YAML aliases
  const backend = () => ({ service: { name: model.backend.service, port: { number: model.backend.port } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: model.name,
      namespace: model.namespace,
      labels: model.labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ingressClassName: options.ingressClassName,
      tls: [{ hosts: [...model.hostnames], secretName }],
      rules: model.hostnames.map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend() }] } })),
    },
  };
}

/** the backend balance algorithm that keeps a client on one pod (documentation/annotations.md load-balance) */
function balance(affinity: SessionAffinity): string {
  if (affinity.type === 'header') return `hdr(${affinity.name})`;
  // readSessionAffinity only lets the types of haproxyGateway.sessionAffinity through
  if (affinity.type === 'source-ip') return 'source';
  throw new Error(`kube-http3 bug: ${affinity.type} affinity reached the haproxy implementation`);
}

/**
 * The chart values: the controller ConfigMap, the Service shape and the QUIC port (or --disable-quic while withdrawing:
 * enablePorts.quic false only drops the chart's quic flags, and the controller keeps QUIC on by default). The announce
 * port is set twice on purpose: `controller.quic.announcePort` exists from chart 1.50.0, and older charts derive
 * `--quic-announce-port` from `controller.service.ports.https` (git history of kubernetes-ingress/values.yaml).
 */
function helmValues(model: ListenerModel, config: StringMap): Record<string, unknown> {
  return {
    controller: {
      config,
      ...(model.quic ? { quic: { announcePort: model.port } } : { extraArgs: ['--disable-quic'] }),
      service: { ...chartService(model.serviceShape), ports: { https: model.port }, enablePorts: { quic: model.quic } },
    },
  };
}

/**
 * The provider's shape as controller.service values (the chart sets loadBalancerIP and loadBalancerClass only on
 * LoadBalancer). Values that may be Pulumi Inputs (annotation values such as a MetalLB address, the class, the IP)
 * are written double-quoted: a placeholder always needs quotes in YAML, so quoting them always keeps the file the
 * same whether the value was known at synthesis (cdk8s) or put back by the Pulumi adapter.
 */
function chartService(shape: ServiceShape): Record<string, unknown> {
  const annotations = Object.fromEntries(Object.entries(shape.annotations).map(([key, value]) => [key, doubleQuoted(value)]));
  return {
    type: 'LoadBalancer',
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(shape.loadBalancerClass !== undefined ? { loadBalancerClass: doubleQuoted(shape.loadBalancerClass) } : {}),
    ...(shape.loadBalancerIP !== undefined ? { loadBalancerIP: doubleQuoted(shape.loadBalancerIP) } : {}),
    externalTrafficPolicy: shape.externalTrafficPolicy,
  };
}

/** the flags of a controller kube-http3 wires itself (documentation/controller.md) */
function controllerArgs(options: Parsed, model: ListenerModel): string[] {
  const args = [`--configmap=${options.namespace}/${options.configMapName}`, `--https-bind-port=${options.httpsBindPort}`];
  if (model.quic) args.push(`--quic-bind-port=${options.httpsBindPort}`, `--quic-announce-port=${model.port}`);
  else args.push('--disable-quic');
  return args;
}

/** the report notes (`loadBalance`: the balance algorithm of the session affinity, if any) */
function haproxyNotes(options: Parsed, model: ListenerModel, sslCertificate: string, loadBalance: string | undefined): ReportNote[] {
  const notes: ReportNote[] = [];
  notes.push(note(
    NoteSeverity.WARNING,
    'haproxy-default-certificate',
    model.quic
      ? 'the controller creates its QUIC binds only while the ConfigMap key ssl-certificate names an existing TLS Secret: ' +
        `kube-http3 sets it to ${sslCertificate}, ` +
        'which also makes it the controller-wide default certificate (served to TLS clients whose SNI matches no Ingress)'
      : `kube-http3 keeps the ConfigMap key ssl-certificate at ${sslCertificate} (the controller-wide default certificate); ` +
        '--disable-quic keeps the controller from creating QUIC binds and from advertising h3',
  ));
  if (model.quic && model.altSvcMaxAgeSeconds !== undefined) {
    notes.push(note(
      NoteSeverity.INFO,
      'haproxy-alt-svc-format',
      `clients receive alt-svc: h3=":${model.port}";ma=${model.altSvcMaxAgeSeconds}; ` +
        '(HAProxy\'s spelling: no space and a trailing ";", pkg/handler/quic.go), ' +
        `the same alternative as h3=":${model.port}"; ma=${model.altSvcMaxAgeSeconds}; ` +
        'RFC 7838\'s grammar has no trailing ";" (unverified: whether every client tolerates it); ' +
        'the controller adds the header only once the ssl-certificate Secret exists',
    ));
  }
  notes.push(note(
    NoteSeverity.INFO,
    'haproxy-ingress-class',
    `the Ingress has ingressClassName ${JSON.stringify(options.ingressClassName)}: an IngressClass of that name must point at this controller ` +
      '(the chart creates controller.ingressClassResource.name, "haproxy" by default)',
  ));
  if (options.install === 'helm') {
    notes.push(note(
      NoteSeverity.WARNING,
      'haproxy-chart-ports',
      'the chart\'s Service also carries http (80), stat (1024) and admin (6060) by default, and on a LoadBalancer they are public: set ' +
        'controller.service.enablePorts.stat and .admin to false unless you mean to expose them',
    ));
    if (model.quic) {
      notes.push(note(
        NoteSeverity.WARNING,
        'haproxy-helm-upgrade',
        'helm upgrade patches the Service with a strategic merge keyed on the port number: ' +
          `when an existing release gains the quic port (${model.port}/UDP next to ${model.port}/TCP), one of the two can be dropped silently; ` +
          "check the Service's ports after the upgrade, and recreate the Service if one is missing",
      ));
    } else {
      notes.push(note(
        NoteSeverity.WARNING,
        'haproxy-helm-extra-args',
        'controller.extraArgs is a list, which helm replaces as a whole: add your own flags next to --disable-quic; ' +
          'when you turn HTTP/3 back on, remove --disable-quic from it (helm upgrade --reuse-values keeps it)',
      ));
    }
  } else {
    notes.push(note(
      NoteSeverity.WARNING,
      'haproxy-controller-flags',
      model.quic
        ? `run the controller with the flags of ${model.name}.haproxy-ingress-args.yaml: ` +
          `without --quic-announce-port=${model.port} it advertises its bind port ${options.httpsBindPort} in Alt-Svc, which clients cannot reach`
        : `run the controller with the flags of ${model.name}.haproxy-ingress-args.yaml: ` +
          'without --disable-quic it keeps advertising h3 while no UDP port reaches it',
    ));
    notes.push(note(
      NoteSeverity.WARNING,
      'haproxy-configmap',
      `kube-http3 writes its keys into the controller ConfigMap ${options.namespace}/${options.configMapName}: ` +
        "apply it server-side so the keys other managers own stay, and keep in mind that deleting kube-http3's objects deletes that ConfigMap",
    ));
  }
  if (loadBalance !== undefined) {
    notes.push(note(
      NoteSeverity.INFO,
      'haproxy-load-balance',
      `affinity is the backend's balance ${loadBalance} (${ANNOTATION_PREFIX}/load-balance on the Ingress): ` +
        "HAProxy's default map-based hash remaps most clients when a backend pod comes or goes, " +
        'and a load-balance annotation on the backend Service takes precedence over the Ingress',
    ));
  }
  return notes;
}

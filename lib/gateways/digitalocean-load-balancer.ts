/**
 * `digitalocean-load-balancer`: HTTP/3 terminated by a DigitalOcean load balancer (type REGIONAL).
 *
 * The load balancer terminates TLS and QUIC itself with a certificate DigitalOcean holds and forwards plain HTTP
 * to the Service's nodePort (loadbalancers.md §4 (a) and §16; digitalocean/digitalocean-cloud-controller-manager
 * `cloud-controller-manager/do/loadbalancers.go` `buildHTTP3ForwardingRule`: entry protocol http3 with the
 * certificate, target protocol http to the nodePort of the Service port numbered like the HTTP/3 port). So the
 * Service stays TCP-only and kube-http3 creates it itself, selecting the pods that serve plain HTTP, with the
 * annotations of `docs/controllers/services/annotations.md` and `docs/controllers/services/examples/http3-with-http2.yml`:
 * - `service.beta.kubernetes.io/do-loadbalancer-type: REGIONAL`: REGIONAL_NETWORK (the documented default) builds
 *   plain TCP/UDP pass-through rules and ignores every HTTP annotation (`buildRegionalNetworkForwardingRule`);
 * - `service.beta.kubernetes.io/do-loadbalancer-certificate-id`: required for HTTP/3 ("certificate ID is required for
 *   HTTP3"), and TLS passthrough is refused with it ("TLS passthrough is not allowed to be used in conjunction with HTTP3");
 * - `service.beta.kubernetes.io/do-loadbalancer-http2-ports` (or `-tls-ports`) on the port: the HTTP/3 port must share
 *   its number with an HTTP/2 or HTTPS rule, which clients reach first over TCP;
 * - `service.beta.kubernetes.io/do-loadbalancer-http3-port`: one port, not a list.
 */
import { formatAltSvc } from '../core/alt-svc-codec';
import { Http3ConfigError } from '../core/errors';
import { readSelector, TCP_PORT_NAME } from '../core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { KubeManifest, StringMap } from '../core/types';
import { readDns1123Label, readEnum, readPort, required } from '../core/validate';
import type { GatewayImplementation, ListenerModel } from './gateway';

/** the prefix of the DigitalOcean cloud controller's Service annotations */
export const DO_ANNOTATION_PREFIX = 'service.beta.kubernetes.io/do-loadbalancer-';

/** the annotations kube-http3 sets on the DigitalOcean load-balancer Service */
export const DO_ANNOTATIONS = {
  type: `${DO_ANNOTATION_PREFIX}type`,
  certificateId: `${DO_ANNOTATION_PREFIX}certificate-id`,
  http2Ports: `${DO_ANNOTATION_PREFIX}http2-ports`,
  tlsPorts: `${DO_ANNOTATION_PREFIX}tls-ports`,
  http3Port: `${DO_ANNOTATION_PREFIX}http3-port`,
} as const;

/**
 * Annotations the provider's `annotations` may not set, with the reason: those kube-http3 sets, and those that
 * break HTTP/3 on the load balancer (cloud controller `do/loadbalancers.go`, `docs/controllers/services/annotations.md`).
 */
const RESERVED_ANNOTATIONS: Readonly<Record<string, string>> = {
  [DO_ANNOTATIONS.type]: 'kube-http3 sets REGIONAL: only REGIONAL load balancers terminate HTTP/3',
  [DO_ANNOTATIONS.certificateId]: 'kube-http3 sets it from the tls prop',
  [`${DO_ANNOTATION_PREFIX}certificate-name`]: 'the certificate-id kube-http3 sets from the tls prop takes precedence over it',
  [DO_ANNOTATIONS.http2Ports]: 'kube-http3 sets the TCP rule of the port from gateway.tcpProtocol',
  [DO_ANNOTATIONS.tlsPorts]: 'kube-http3 sets the TCP rule of the port from gateway.tcpProtocol',
  [DO_ANNOTATIONS.http3Port]: 'kube-http3 sets it from the port while HTTP/3 is on, and leaves it out while it is withdrawn',
  [`${DO_ANNOTATION_PREFIX}tls-passthrough`]: 'the cloud controller refuses TLS passthrough together with HTTP/3',
};

/**
 * The providers this implementation works with. The load balancer is created by DigitalOcean's cloud controller
 * from the Service kube-http3 renders here, so the provider only contributes annotations: `generic` (its
 * `annotations` are passed through, minus RESERVED_ANNOTATIONS). Hook for the `digitalocean` provider: it shapes
 * pass-through tcp/udp rules for a gateway in the cluster (it sets `do-loadbalancer-type` itself and forbids the
 * HTTP/3 annotations), so it is refused below; to accept it, add its name here once it can shape a REGIONAL
 * load balancer without the keys this implementation sets; its other annotations are then merged like generic's.
 */
const SUPPORTED_PROVIDERS: readonly string[] = ['generic'];

/** the TCP rule that shares the port with the HTTP/3 rule */
export type DigitaloceanTcpProtocol = 'http2' | 'https';

/** options of the `digitalocean-load-balancer` implementation */
export interface DigitaloceanLoadBalancerGatewayOptions {
  readonly implementation: 'digitalocean-load-balancer';
  /** the labels of the pods that serve plain HTTP (the load balancer terminates TLS and QUIC in front of them) */
  readonly selector: StringMap;
  /** the pods' plain-HTTP port (the Service's targetPort) */
  readonly targetPort: number;
  /**
   * The namespace of the pods, where the load-balancer Service is created.
   *
   * @default - the backend's namespace
   */
  readonly namespace?: string;
  /**
   * The TCP rule on the same port, which clients reach first and fall back to: `http2` (as in the cloud controller's
   * examples/http3-with-http2.yml) or `https`; the cloud controller needs one of them on the HTTP/3 port.
   *
   * @default 'http2'
   */
  readonly tcpProtocol?: DigitaloceanTcpProtocol;
}

interface Parsed {
  readonly implementation: 'digitalocean-load-balancer';
  readonly selector: StringMap;
  readonly targetPort: number;
  readonly namespace?: string;
  readonly tcpProtocol: DigitaloceanTcpProtocol;
}

/** the `digitalocean-load-balancer` implementation: HTTP/3 terminated by a REGIONAL DigitalOcean load balancer */
export const digitaloceanLoadBalancerGateway: GatewayImplementation<'digitalocean-load-balancer', Parsed> = {
  implementation: 'digitalocean-load-balancer',
  title: 'DigitalOcean load balancer (REGIONAL, terminates HTTP/3)',
  support: {
    howEnabled:
      'annotations on one TCP-only LoadBalancer Service kube-http3 creates: `do-loadbalancer-type: REGIONAL`, `do-loadbalancer-http3-port`, '
      + '`do-loadbalancer-certificate-id` and `do-loadbalancer-http2-ports` on the same port',
    autoUdpPort: 'n/a: the load balancer terminates QUIC, the Service stays TCP-only',
    autoAltSvc: 'not documented: your application sends it (kube-http3 computes the value)',
    caveats:
      'REGIONAL load balancers only; pods receive plain HTTP, client IP in X-Forwarded-For; no session affinity (sticky sessions pin nodes, '
      + 'not pods)',
  },
  fields: ['selector', 'targetPort', 'namespace', 'tcpProtocol'],
  serviceOwner: () => 'none',
  tlsKinds: () => ['load-balancer'],
  sessionAffinity: [],
  parse(raw, path) {
    const selectorProp = `${path}.selector`;
    const targetPortProp = `${path}.targetPort`;
    return {
      implementation: 'digitalocean-load-balancer',
      selector: readSelector(required(raw.selector, selectorProp, 'a non-empty map of pod labels'), selectorProp),
      targetPort: readPort(required(raw.targetPort, targetPortProp, 'the pods\' plain-HTTP port'), targetPortProp),
      namespace: raw.namespace === undefined ? undefined : readDns1123Label(raw.namespace, `${path}.namespace`),
      tcpProtocol: readEnum(raw.tcpProtocol, `${path}.tcpProtocol`, ['http2', 'https'] as const, 'http2'),
    };
  },
  altSvc() {
    // DigitalOcean documents no Alt-Svc from its load balancer (unverified either way): the conservative contract is
    // that the application sends the value kube-http3 computes, which passes through the TCP rule to clients
    return {
      kind: 'backend',
      via: 'your application sends it on every response; the DigitalOcean load balancer is not documented to add Alt-Svc',
    };
  },
  render(options, model, path) {
    if (model.providerName === 'digitalocean') {
      throw Http3ConfigError.conflict(
        `${model.providerPath}.name`,
        model.providerName,
        `${path}.implementation`,
        'digitalocean-load-balancer',
        'the digitalocean provider builds plain tcp and udp rules that pass TLS and QUIC through to a gateway in the cluster, while this '
          + 'implementation has the load balancer terminate them',
        'use provider "generic" (the default): the Service this implementation renders carries the DigitalOcean annotations itself',
      );
    }
    if (!SUPPORTED_PROVIDERS.includes(model.providerName)) {
      throw Http3ConfigError.conflict(
        `${model.providerPath}.name`,
        model.providerName,
        `${path}.implementation`,
        'digitalocean-load-balancer',
        'the DigitalOcean load balancer is created by DigitalOcean\'s cloud controller from the Service kube-http3 renders, '
          + 'and terminates HTTP/3 itself; another provider would shape a different load balancer',
        `use provider ${SUPPORTED_PROVIDERS.map((p) => JSON.stringify(p)).join(' or ')} (the default) on a DigitalOcean Kubernetes cluster`,
      );
    }
    const shape = model.serviceShape;
    if (shape.loadBalancerClass !== undefined) {
      throw Http3ConfigError.refused(
        `${model.providerPath}.loadBalancerClass`,
        shape.loadBalancerClass,
        'would make DigitalOcean\'s cloud controller ignore the Service: controllers built on k8s.io/cloud-provider skip every Service with '
          + 'a loadBalancerClass',
        'remove provider.loadBalancerClass',
      );
    }
    for (const [key, value] of Object.entries(shape.annotations)) {
      const reason = RESERVED_ANNOTATIONS[key];
      if (reason !== undefined) {
        throw Http3ConfigError.refused(
          `${model.providerPath}.annotations[${JSON.stringify(key)}]`,
          value,
          `cannot be set with gateway.implementation "digitalocean-load-balancer": ${reason}`,
          'remove it',
        );
      }
    }
    if (model.tls.kind !== 'load-balancer') throw new Error(`kube-http3 bug: a ${model.tls.kind} certificate reached the DigitalOcean load balancer`);
    const namespace = options.namespace ?? model.backend.namespace;
    if (namespace === model.backend.namespace && model.name === model.backend.service) {
      throw Http3ConfigError.conflict(
        'name',
        model.name,
        'backend.service',
        model.backend.service,
        `the load-balancer Service kube-http3 creates in ${namespace} would replace the backend Service of the same name`,
        'give the construct another name (the name prop)',
      );
    }
    const port = String(model.port);
    const annotations: Record<string, string> = {
      [DO_ANNOTATIONS.type]: 'REGIONAL',
      [DO_ANNOTATIONS.certificateId]: model.tls.certificateId,
      [options.tcpProtocol === 'http2' ? DO_ANNOTATIONS.http2Ports : DO_ANNOTATIONS.tlsPorts]: port,
      ...(model.quic ? { [DO_ANNOTATIONS.http3Port]: port } : {}),
      ...shape.annotations,
    };
    const service: KubeManifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: model.name, namespace, labels: model.labels, annotations },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: shape.externalTrafficPolicy,
        selector: options.selector,
        ports: [{ name: TCP_PORT_NAME, port: model.port, targetPort: options.targetPort, protocol: 'TCP' }],
      },
    };
    const rule = options.tcpProtocol === 'http2' ? 'HTTP/2' : 'HTTPS';
    return {
      resources: [{ role: 'service', primary: true, manifest: service }],
      artifacts: [],
      report: {
        quicTerminatedBy:
          `the DigitalOcean load balancer (type REGIONAL) with the certificate ${model.tls.certificateId}; it forwards plain HTTP to the pods `
          + `in ${namespace} selected by ${JSON.stringify(options.selector)}, port ${options.targetPort}`,
        clientIp: finding(
          FindingStatus.PARTIAL,
          'the load balancer terminates every connection: pods see its address; the client IP arrives in X-Forwarded-For, which DigitalOcean '
            + 'documents for HTTP rules and HTTPS rules with a certificate (for the HTTP/3 rule unverified)',
        ),
        connectionMigration: finding(
          FindingStatus.PARTIAL,
          'QUIC ends at the load balancer, so no in-cluster 5-tuple hashing breaks it; whether the DigitalOcean load balancer supports '
            + 'connection migration is not documented (unverified)',
        ),
        udpHealthCheck: finding(
          FindingStatus.NOT_APPLICABLE,
          'no UDP reaches the cluster: the load balancer health-checks kube-proxy over HTTP (/healthz on 10256, or the healthCheckNodePort '
            + 'with externalTrafficPolicy Local)',
        ),
        tcpFallback: finding(FindingStatus.YES, `the ${rule} rule keeps serving HTTPS on ${model.port}/TCP`),
        notes: digitaloceanNotes(options, model, namespace),
      },
    };
  },
};

/** what a platform engineer must know about HTTP/3 on a DigitalOcean load balancer */
function digitaloceanNotes(options: Parsed, model: ListenerModel, namespace: string): ReportNote[] {
  const notes: ReportNote[] = [
    note(
      NoteSeverity.INFO,
      'digitalocean-regional',
      'the Service sets do-loadbalancer-type REGIONAL: only REGIONAL (proxy) load balancers have HTTP/3 rules; a REGIONAL_NETWORK '
        + '(pass-through, the documented default) load balancer builds plain TCP/UDP rules and ignores do-loadbalancer-http3-port',
    ),
    note(
      NoteSeverity.INFO,
      'digitalocean-plain-http-backend',
      `the pods receive plain HTTP on ${options.targetPort} (X-Forwarded-Proto tells them the client used HTTPS): TLS and QUIC end at the `
        + `load balancer; the Service ${namespace}/${model.name} replaces the backend ${model.backend.namespace}/${model.backend.service} `
        + 'on the data path',
    ),
  ];
  if (model.quic && model.altSvcMaxAgeSeconds !== undefined) {
    const value = formatAltSvc({ alternatives: [{ protocolId: 'h3', port: model.udpPort, maxAgeSeconds: model.altSvcMaxAgeSeconds }] }, 'altSvc');
    notes.push(note(
      NoteSeverity.WARNING,
      'digitalocean-alt-svc',
      `kube-http3 found no documentation that the DigitalOcean load balancer adds Alt-Svc: your application must send Alt-Svc: ${value} `
        + 'on its responses (they reach clients through the TCP rule); check with curl -sI whether the load balancer adds one too, '
        + 'and if it does, stop sending yours so that clients do not receive the alternative twice',
    ));
  }
  if (!model.quic) {
    notes.push(note(
      NoteSeverity.WARNING,
      'digitalocean-alt-svc',
      'HTTP/3 is withdrawn: the Service has no do-loadbalancer-http3-port, and your application must answer with Alt-Svc: clear until the '
        + 'max age it advertised before has run out',
    ));
  }
  notes.push(note(
    NoteSeverity.INFO,
    'digitalocean-certificate',
    'a Let\'s Encrypt certificate managed by DigitalOcean gets a new ID at every renewal: the cloud controller then keeps the load '
      + 'balancer\'s renewed certificate while the annotation names the old one (same certificate name) or a deleted one; update the ID '
      + 'in your props when you next deploy',
  ));
  return notes;
}

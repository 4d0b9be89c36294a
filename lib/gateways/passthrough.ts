/**
 * `passthrough`: backends that terminate TLS and QUIC themselves (an HTTP/3 server in the pods: Caddy, nginx
 * with its QUIC module, an application on quic-go, ...), reached through a plain L4 load balancer.
 *
 * kube-http3 renders no gateway object: the load-balancer Service (the port over TCP and UDP, shaped by the
 * provider, gateways.md §0.1 and loadbalancers.md §17) selects the backend pods directly. Nothing between the
 * client and the pods speaks HTTP, so there is no routing by hostname or path, no header manipulation and no TLS
 * termination; the pods must send the Alt-Svc value kube-http3 computes themselves, and withdrawing HTTP/3 closes
 * the UDP port while the pods answer `Alt-Svc: clear`.
 *
 * Not offered: a Gateway API UDPRoute (with a TLSRoute for the TCP side). It needs a Gateway implementation that
 * serves a UDP and a TLS-passthrough listener on the same port number, which Gateway API leaves
 * implementation-dependent (gateways.md §0 "Listener compatibility"), and the provider's Service shape would have
 * to reach that implementation's controller.
 */
import { formatAltSvc } from '../core/alt-svc-codec';
import { Http3ConfigError } from '../core/errors';
import { readSelector } from '../core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import type { StringMap } from '../core/types';
import { MixedProtocolLayout } from '../providers/provider';
import { readPort, required } from '../core/validate';
import type { GatewayImplementation, ListenerModel } from './gateway';

/** options of the `passthrough` implementation */
export interface PassthroughGatewayOptions {
  readonly implementation: 'passthrough';
  /** the labels of the backend pods, which terminate TLS and QUIC themselves */
  readonly selector: StringMap;
  /**
   * The pods' port for HTTPS over TCP and HTTP/3 over UDP alike (the Service's targetPort). The load-balancer
   * Service is created in the backend's namespace (`backend.namespace`), since it selects the backend pods.
   */
  readonly targetPort: number;
}

type Parsed = Required<PassthroughGatewayOptions>;

/** the `passthrough` implementation: an L4 load balancer straight to backends that terminate TLS and QUIC */
export const passthroughGateway: GatewayImplementation<'passthrough', Parsed> = {
  implementation: 'passthrough',
  title: 'Passthrough to backends that terminate QUIC',
  support: {
    howEnabled: 'nothing in a gateway: the load-balancer Service carries the port over TCP and UDP straight to pods that terminate TLS and QUIC',
    autoUdpPort: 'no: kube-http3 creates the Service with both ports',
    autoAltSvc: 'no: your application sends it (kube-http3 computes the value)',
    caveats: 'no HTTP in between: no routing by host or path, no header manipulation; certificates and their renewal stay with the pods',
  },
  fields: ['selector', 'targetPort'],
  serviceOwner: () => 'kube-http3',
  tlsKinds: () => ['none', 'secret'],
  sessionAffinity: [],
  // the pods send whatever Alt-Svc kube-http3 computes, so QUIC may be reached on another port than HTTPS
  udpPortMayDiffer: true,
  // the pods run the QUIC server themselves, so they can put the load balancer's server ID into their connection IDs
  generatesQuicServerIds: true,
  parse(raw, path) {
    const selectorProp = `${path}.selector`;
    const targetPortProp = `${path}.targetPort`;
    return {
      implementation: 'passthrough',
      selector: readSelector(required(raw.selector, selectorProp, 'a non-empty map of pod labels'), selectorProp),
      targetPort: readPort(required(raw.targetPort, targetPortProp, 'the pods\' port for HTTPS and HTTP/3'), targetPortProp),
    };
  },
  workload(options, _path, backend) {
    return { namespace: backend.namespace, selector: options.selector, targetPort: options.targetPort };
  },
  tlsSecretNamespace(_options, _namespace, backend) {
    return backend.namespace;
  },
  altSvc() {
    return { kind: 'backend', via: 'your application sends it on every response' };
  },
  render(options, model) {
    const serviceNames = model.serviceShape.layout === MixedProtocolLayout.TWO_SERVICES ? [`${model.name}-tcp`, `${model.name}-udp`] : [model.name];
    if (serviceNames.includes(model.backend.service)) {
      throw Http3ConfigError.conflict(
        'name',
        model.name,
        'backend.service',
        model.backend.service,
        `the load-balancer Service ${model.backend.service} that kube-http3 creates in ${model.backend.namespace} would replace the backend `
          + 'Service of the same name',
        'give the construct another name (the name prop)',
      );
    }
    return {
      resources: [],
      artifacts: [],
      report: {
        quicTerminatedBy:
          `your backend pods in ${model.backend.namespace} selected by ${JSON.stringify(options.selector)}: they terminate TLS and QUIC themselves `
          + `on ${options.targetPort}/UDP`,
        tcpFallback: finding(
          FindingStatus.PARTIAL,
          `the Service also carries ${model.port}/TCP to the same pods on ${options.targetPort}: clients without UDP fall back only if the pods `
            + 'serve HTTPS over TCP there too',
        ),
        notes: passthroughNotes(model),
      },
    };
  },
};

/** what a platform engineer must know when the backends terminate QUIC */
function passthroughNotes(model: ListenerModel): ReportNote[] {
  const notes: ReportNote[] = [
    note(
      NoteSeverity.WARNING,
      'passthrough-no-http',
      'nothing between the client and your pods sees HTTP: kube-http3 renders no route, so there is no routing by hostname or path, '
        + 'no header manipulation and no TLS termination; the hostnames only feed discovery (Alt-Svc, HTTPS records) and the certificate',
    ),
    note(
      NoteSeverity.INFO,
      'passthrough-backend-service',
      `the load-balancer Service selects the pods directly: the backend Service ${model.backend.namespace}/${model.backend.service} `
        + `(port ${model.backend.port}) is not on the data path`,
    ),
  ];
  if (!model.quic) {
    notes.push(note(
      NoteSeverity.WARNING,
      'passthrough-alt-svc',
      `HTTP/3 is withdrawn and ${model.udpPort}/UDP is closed: your application must answer with Alt-Svc: clear until the max age it `
        + 'advertised before has run out',
    ));
  } else if (model.altSvcMaxAgeSeconds !== undefined) {
    const value = formatAltSvc({ alternatives: [{ protocolId: 'h3', port: model.udpPort, maxAgeSeconds: model.altSvcMaxAgeSeconds }] }, 'altSvc');
    notes.push(note(
      NoteSeverity.WARNING,
      'passthrough-alt-svc',
      `your application must send Alt-Svc: ${value} on every response (over TCP too, where clients learn it): kube-http3 cannot attach it`,
    ));
  }
  if (model.quic) {
    notes.push(note(
      NoteSeverity.INFO,
      'passthrough-quic-server',
      'your QUIC server faces the L4 load balancer directly: it picks a pod from the UDP 5-tuple, so announce disable_active_migration '
        + 'unless something routes on connection IDs (RFC 9000 §5.2.3), and send keep-alive PINGs more often than every 30 seconds '
        + '(RFC 9000 §10.1.2; load balancers drop idle UDP flows after as little as 120 seconds)',
    ));
  }
  notes.push(model.tls.kind === 'secret'
    ? note(
      NoteSeverity.INFO,
      'passthrough-tls-secret',
      `the Secret ${model.backend.namespace}/${model.tls.secretName} is only for your pods: nothing in the path references it; mount it `
        + '(tls.crt, tls.key) into the pods and reload it when it is renewed',
    )
    : note(
      NoteSeverity.INFO,
      'passthrough-tls-in-pods',
      'your pods hold the certificate: browsers use HTTP/3 only with a publicly trusted certificate covering every hostname, which '
        + 'kube-http3 cannot check here',
    ));
  return notes;
}

/**
 * Http3Gateway: the one-stop construct. Composes TLS, the QUIC listener with its load-balancer Service(s)
 * (MixedProtocolLoadBalancer), the Alt-Svc policy and the HTTPS DNS record from one spec, so that the UDP
 * port, the listener, the advertised port, the DNS record and the certificate cannot disagree.
 */
import { Http3ConfigError } from './errors';
import type { DnsPulumiResource } from '../dns-providers/dns-provider';
import { HTTPS_RECORD_FIELDS, renderHttpsRecords, type HttpsRecord, type HttpsRecordOptions } from './https-dns-record';
import { LISTENER_FIELDS, readListenerInputs, renderListener, tlsSecretNamespace, type ListenerOptions, type QuicListenerSynthesis } from './quic-listener';
import { FindingStatus, finding, mergeReport, type ReportFinding, type Http3Report } from './report';
import { resolveTls, type TlsOptions } from './tls';
import { isPlainObject, readObject } from './validate';

/** options of Http3Gateway, shared by the cdk8s props and the Pulumi args */
export interface Http3GatewayOptions<S = string> extends ListenerOptions<S> {
  /**
   * The certificate: `{ secretName }` (existing Secret), `{ certificate, privateKey }` (PEM),
   * `{ certManager: { issuer } }`, or `{ loadBalancerCertificateId }` where the load balancer terminates TLS.
   *
   * @default - none: only for implementations where the backends terminate TLS (passthrough)
   */
  readonly tls?: TlsOptions<S>;
  /**
   * The DNS HTTPS record (RFC 9460) for each hostname; `false` for none.
   *
   * @default { ttlSeconds: 300 }
   */
  readonly dns?: HttpsRecordOptions<S> | false;
}

/** the result of Http3Gateway */
export interface Http3GatewaySynthesis extends QuicListenerSynthesis {
  /** the Secret the listener terminates TLS with (undefined when the load balancer or the backends terminate TLS) */
  readonly tlsSecretName?: string;
  /** the HTTPS records (empty with `dns: false`) */
  readonly httpsRecords: readonly HttpsRecord[];
  /** the DNS provider resources the Pulumi adapter creates (none without `dns.provider`) */
  readonly dnsResources: readonly DnsPulumiResource[];
  /** the role of the Service whose status address becomes the records' hints (`dns.hintsFromLoadBalancer`) */
  readonly addressHintsFrom?: string;
}

/** how validity of a PEM certificate is checked */
export interface SynthesisContext {
  /**
   * The moment certificate validity is checked against.
   *
   * @default - now
   */
  readonly now?: Date;
}

/** synthesize everything HTTP/3 takes for the hostnames */
export function synthesizeHttp3Gateway(options: Http3GatewayOptions, context: SynthesisContext = {}): Http3GatewaySynthesis {
  const o = readObject(options, '', [...LISTENER_FIELDS, 'tls', 'dns']);
  const inputs = readListenerInputs(o);
  const tls = resolveTls(o.tls, 'tls', {
    name: inputs.name,
    namespace: tlsSecretNamespace(inputs),
    hostnames: inputs.hostnames,
    labels: inputs.labels,
    now: context.now ?? new Date(),
    accepted: inputs.gateway.gateway.tlsKinds(inputs.gateway.options),
    implementation: inputs.gateway.gateway.implementation,
  });
  if (o.dns !== undefined && o.dns !== false && !isPlainObject(o.dns)) {
    const fields = [...HTTPS_RECORD_FIELDS].sort().join(', ');
    throw Http3ConfigError.invalid('dns', o.dns, `false (no HTTPS record), or an object with the fields ${fields}`);
  }
  const listener = renderListener(inputs, tls.listener);
  const dns = o.dns === false
    ? undefined
    : renderHttpsRecords(inputs.name, inputs.hostnames, inputs.port, o.dns ?? {}, 'dns', {
      quic: listener.quic,
      udpPort: listener.udpPort,
      // the first load-balancer Service (the TCP one of a pair): its status address, for hintsFromLoadBalancer
      loadBalancerServiceRole: listener.resources.find((r) => r.manifest.metadata.name === listener.serviceNames[0] && r.manifest.kind === 'Service')?.role,
    });
  const report: Http3Report = mergeReport(listener.report, { notes: tls.notes }, dns?.report);
  return {
    resources: [...listener.resources, ...tls.resources],
    artifacts: [...listener.artifacts, ...(dns?.artifacts ?? [])],
    report: { ...report, discovery: combineDiscovery(listener.report.discovery, dns?.report.discovery) },
    altSvcValue: listener.altSvcValue,
    serviceNames: listener.serviceNames,
    tlsSecretNamespace: listener.tlsSecretNamespace,
    tlsSecretName: tls.listener.kind === 'secret' ? tls.listener.secretName : undefined,
    quic: listener.quic,
    udpPort: listener.udpPort,
    httpsRecords: dns?.records ?? [],
    dnsResources: dns?.dnsResources ?? [],
    ...(dns?.addressHintsFrom !== undefined ? { addressHintsFrom: dns.addressHintsFrom } : {}),
  };
}

/** one discovery finding from the Alt-Svc one and the DNS one */
function combineDiscovery(altSvc: ReportFinding, dns: ReportFinding | undefined): ReportFinding {
  if (!dns) {
    return finding(altSvc.status, `${altSvc.detail}; no HTTPS record (dns: false): the first connection always goes over TCP`);
  }
  const statuses = new Set([altSvc.status, dns.status]);
  const status = statuses.size === 1 ? altSvc.status : statuses.has(FindingStatus.YES) ? FindingStatus.PARTIAL : FindingStatus.NO;
  return finding(status, `${altSvc.detail}; ${dns.detail}`);
}

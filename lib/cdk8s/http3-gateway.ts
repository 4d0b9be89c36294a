/**
 * Http3Gateway for cdk8s: everything HTTP/3 takes for a set of hostnames, as ApiObjects.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Http3ConfigError } from '../core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions, type Http3GatewaySynthesis } from '../core/http3-gateway';
import type { HttpsRecord } from '../core/https-dns-record';
import type { Http3Report } from '../core/report';
import type { Artifact } from '../core/types';
import { addSynthesis, defaultName, servicesOf } from './_manifests';

/** props of Http3Gateway (cdk8s) */
export interface Http3GatewayProps extends Http3GatewayOptions {}

/**
 * Define everything HTTP/3 takes for a set of hostnames: the load-balancer Service(s) carrying the port over
 * TCP and UDP, the gateway implementation's QUIC listener and route, the TLS Secret or Certificate, the
 * Alt-Svc header and the DNS HTTPS record.
 *
 * The primary child (`Resource`) is the gateway object; other children are named after their role
 * (`Service`, `ServiceUdp`, `Route`, `TlsSecret`, ...). Artifacts for other tools (istioctl, Helm, zone
 * files) are written by `writeArtifacts(app)` after `app.synth()`.
 */
export class Http3Gateway extends Construct {
  /** the name of the objects created */
  public readonly name: string;
  /** every object created, in order */
  public readonly apiObjects: readonly ApiObject[];
  /** the load-balancer Services kube-http3 creates (none when the implementation's controller creates it) */
  public readonly services: readonly ApiObject[];
  /** the Alt-Svc value clients receive, e.g. `h3=":443"; ma=86400` (undefined when nothing is advertised) */
  public readonly altSvcValue?: string;
  /** the HTTPS records, one per hostname (empty with `dns: false`) */
  public readonly httpsRecords: readonly HttpsRecord[];
  /** the HTTPS records as zone-file text, one line per hostname (undefined with `dns: false`) */
  public readonly httpsRecord?: string;
  /** the Secret the listener terminates TLS with (undefined when the load balancer or the backends terminate TLS) */
  public readonly tlsSecretName?: string;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** files applied with other tools than kubectl */
  public readonly artifacts: readonly Artifact[];
  /** the whole core output */
  public readonly synthesis: Http3GatewaySynthesis;

  public constructor(scope: Construct, id: string, props: Http3GatewayProps) {
    super(scope, id);
    this.name = props.name ?? defaultName(this);
    this.synthesis = synthesizeHttp3Gateway({ ...props, name: this.name });
    if (this.synthesis.addressHintsFrom !== undefined) {
      throw new Http3ConfigError(
        'dns.hintsFromLoadBalancer',
        true,
        'dns.hintsFromLoadBalancer true needs the load balancer\'s address, which only the Pulumi components read at deployment; in cdk8s pass dns.ipv4hint / dns.ipv6hint',
      );
    }
    this.apiObjects = addSynthesis(this, this.synthesis);
    this.services = servicesOf(this.synthesis, this.apiObjects, this.synthesis.serviceNames);
    this.altSvcValue = this.synthesis.altSvcValue;
    this.httpsRecords = this.synthesis.httpsRecords;
    this.httpsRecord = this.httpsRecords.length > 0 ? this.httpsRecords.map((r) => r.text).join('\n') : undefined;
    this.tlsSecretName = this.synthesis.tlsSecretName;
    this.report = this.synthesis.report;
    this.artifacts = this.synthesis.artifacts;
  }
}

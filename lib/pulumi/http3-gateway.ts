/**
 * Http3Gateway for Pulumi: everything HTTP/3 takes for a set of hostnames, as child resources.
 */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../core/http3-gateway';
import type { Http3Report } from '../core/report';
import { restoreOutput, runCore } from './_inputs';
import { artifactsOutput, createResources, servicesOf } from './_resources';

/**
 * Args of Http3Gateway (Pulumi): the same options as the cdk8s props. Leaf values (hostnames, certificate
 * and key PEM, addresses) may be `pulumi.Input`; structural values (implementation, provider, ports,
 * namespaces) are plain, because they decide which resources exist.
 */
export interface Http3GatewayArgs extends Http3GatewayOptions<pulumi.Input<string>> {}

/**
 * Define everything HTTP/3 takes for a set of hostnames: the load-balancer Service(s) carrying the port over
 * TCP and UDP, the gateway implementation's QUIC listener and route, the TLS Secret or Certificate, the
 * Alt-Svc header and the DNS HTTPS record. Children are named `${name}-<role>`.
 */
export class Http3Gateway extends pulumi.ComponentResource {
  /** every Kubernetes resource created, in order */
  public readonly resources: readonly pulumi.CustomResource[];
  /** the load-balancer Services kube-http3 creates (none when the implementation's controller creates it) */
  public readonly services: readonly k8s.core.v1.Service[];
  /** the Alt-Svc value clients receive, e.g. `h3=":443"; ma=86400` (undefined when nothing is advertised) */
  public readonly altSvcValue: pulumi.Output<string | undefined>;
  /** the HTTPS records as zone-file lines, one per hostname (empty with `dns: false`) */
  public readonly httpsRecords: pulumi.Output<string[]>;
  /** the Secret the listener terminates TLS with (undefined when the load balancer or the backends terminate TLS) */
  public readonly tlsSecretName: pulumi.Output<string | undefined>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** files applied with other tools than kubectl, by file name */
  public readonly artifacts: pulumi.Output<Record<string, string>>;

  public constructor(name: string, args: Http3GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:Http3Gateway', name, {}, opts);
    const { result, checked } = runCore({ ...args, name: args.name ?? name }, (a) => synthesizeHttp3Gateway(a as Http3GatewayOptions));
    this.resources = createResources(this, name, result.resources, checked);
    this.services = servicesOf(result.resources, this.resources, result.serviceNames);
    this.altSvcValue = pulumi.output(result.altSvcValue);
    this.httpsRecords = restoreOutput(result.httpsRecords.map((r) => r.text), checked.inputs);
    this.tlsSecretName = pulumi.output(result.tlsSecretName);
    this.report = result.report;
    this.artifacts = artifactsOutput(result.artifacts, checked);
    this.registerOutputs({
      altSvcValue: this.altSvcValue,
      httpsRecords: this.httpsRecords,
      tlsSecretName: this.tlsSecretName,
      artifacts: this.artifacts,
    });
  }
}

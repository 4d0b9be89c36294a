/**
 * Http3Gateway for Pulumi: everything HTTP/3 takes for a set of hostnames, as child resources.
 */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { synthesizeHttp3Gateway, type Http3GatewayOptions, type Http3GatewaySynthesis } from '../core/http3-gateway';
import { withLoadBalancerHints } from '../core/https-dns-record';
import type { Http3Report } from '../core/report';
import { restoreOutput, runCore, synthesizeAtDeployment } from './_inputs';
import { artifactsOutput, createDnsResources, createResources, servicesOf } from './_resources';

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
  /** the DNS records created at the DNS provider (none without `dns.provider`) */
  public readonly dnsRecords: readonly pulumi.CustomResource[];

  public constructor(name: string, args: Http3GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:Http3Gateway', name, {}, opts);
    const synthesize = (a: Http3GatewayArgs): Http3GatewaySynthesis => synthesizeHttp3Gateway(a as Http3GatewayOptions);
    const { result, checked, extracted } = runCore({ ...args, name: args.name ?? name }, synthesize);
    this.resources = createResources(this, name, result.resources, checked);
    this.services = servicesOf(result.resources, this.resources, result.serviceNames);
    this.altSvcValue = pulumi.output(result.altSvcValue);
    // dns.hintsFromLoadBalancer: the records depend on the address the Service gets, so the core runs again then
    let atDeployment: pulumi.Output<Http3GatewaySynthesis> | undefined;
    if (result.addressHintsFrom !== undefined) {
      const service = this.resources[result.resources.findIndex((r) => r.role === result.addressHintsFrom)] as k8s.core.v1.Service;
      const addresses = service.status.apply((status) => (status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip));
      atDeployment = synthesizeAtDeployment(extracted, addresses, withLoadBalancerHints, synthesize);
    }
    this.httpsRecords = atDeployment
      ? atDeployment.apply((r) => r.httpsRecords.map((record) => record.text))
      : restoreOutput(result.httpsRecords.map((r) => r.text), checked.inputs);
    this.tlsSecretName = pulumi.output(result.tlsSecretName);
    this.report = result.report;
    this.artifacts = artifactsOutput(result.artifacts, checked);
    this.dnsRecords = createDnsResources(this, name, result.dnsResources, checked, atDeployment?.apply((r) => r.dnsResources));
    this.registerOutputs({
      altSvcValue: this.altSvcValue,
      httpsRecords: this.httpsRecords,
      tlsSecretName: this.tlsSecretName,
      artifacts: this.artifacts,
    });
  }
}

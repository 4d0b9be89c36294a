/**
 * QuicListener for Pulumi: the gateway implementation's QUIC listener, route and settings, with the
 * load-balancer Service(s), for an existing TLS Secret.
 */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { synthesizeQuicListener, type QuicListenerOptions } from '../core/quic-listener';
import type { Http3Report } from '../core/report';
import { runCore } from './_inputs';
import { artifactsOutput, createResources, servicesOf } from './_resources';

/** args of QuicListener (Pulumi): leaf values (hostnames, addresses) may be `pulumi.Input` */
export interface QuicListenerArgs extends QuicListenerOptions<pulumi.Input<string>> {}

/**
 * Define what makes a gateway implementation accept QUIC on the listener port and route it to the backend:
 * its listener, route and settings, plus the load-balancer Service(s) carrying the port over UDP.
 */
export class QuicListener extends pulumi.ComponentResource {
  /** every Kubernetes resource created, in order */
  public readonly resources: readonly pulumi.CustomResource[];
  /** the load-balancer Services kube-http3 creates (none when the implementation's controller creates it) */
  public readonly services: readonly k8s.core.v1.Service[];
  /** the Alt-Svc value clients receive (undefined when nothing is advertised) */
  public readonly altSvcValue: pulumi.Output<string | undefined>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** files applied with other tools than kubectl, by file name */
  public readonly artifacts: pulumi.Output<Record<string, string>>;

  public constructor(name: string, args: QuicListenerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:QuicListener', name, {}, opts);
    const { result, checked } = runCore({ ...args, name: args.name ?? name }, (a) => synthesizeQuicListener(a as QuicListenerOptions));
    this.resources = createResources(this, name, result.resources, checked);
    this.services = servicesOf(result.resources, this.resources, result.serviceNames);
    this.altSvcValue = pulumi.output(result.altSvcValue);
    this.report = result.report;
    this.artifacts = artifactsOutput(result.artifacts, checked);
    this.registerOutputs({ altSvcValue: this.altSvcValue, artifacts: this.artifacts });
  }
}

/**
 * MixedProtocolLoadBalancer for Pulumi: the Service (or Service pair) exposing one port over TCP and UDP.
 */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../core/mixed-protocol-load-balancer';
import type { Http3Report } from '../core/report';
import { runCore } from './_inputs';
import { createResources } from './_resources';

/** args of MixedProtocolLoadBalancer (Pulumi): leaf values (addresses) may be `pulumi.Input` */
export interface MixedProtocolLoadBalancerArgs extends MixedProtocolLoadBalancerOptions<pulumi.Input<string>> {}

/**
 * Define the LoadBalancer Service(s) that expose one port over TCP and UDP on the chosen provider, with its
 * annotations and address-sharing workarounds. Children are named `${name}-service` (or `-service-tcp` and
 * `-service-udp`).
 */
export class MixedProtocolLoadBalancer extends pulumi.ComponentResource {
  /** the Services, the TCP (or mixed) one first */
  public readonly services: readonly k8s.core.v1.Service[];
  /** the Service names */
  public readonly serviceNames: pulumi.Output<string[]>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;

  public constructor(name: string, args: MixedProtocolLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:MixedProtocolLoadBalancer', name, {}, opts);
    const { result, checked } = runCore(
      { ...args, name: args.name ?? name },
      (a) => synthesizeMixedProtocolLoadBalancer(a as MixedProtocolLoadBalancerOptions),
    );
    this.services = createResources(this, name, result.resources, checked) as k8s.core.v1.Service[];
    this.serviceNames = pulumi.output([...result.serviceNames]);
    this.report = result.report;
    this.registerOutputs({ serviceNames: this.serviceNames });
  }
}

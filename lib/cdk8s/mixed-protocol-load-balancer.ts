/**
 * MixedProtocolLoadBalancer for cdk8s: the Service (or Service pair) exposing one port over TCP and UDP.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  synthesizeMixedProtocolLoadBalancer,
  type MixedProtocolLoadBalancerOptions,
  type MixedProtocolLoadBalancerSynthesis,
} from '../core/mixed-protocol-load-balancer';
import type { Http3Report } from '../core/report';
import { addSynthesis, defaultName } from './_manifests';

/** props of MixedProtocolLoadBalancer (cdk8s) */
export interface MixedProtocolLoadBalancerProps extends MixedProtocolLoadBalancerOptions {}

/**
 * Define the LoadBalancer Service(s) that expose one port over TCP and UDP on the chosen provider, with its
 * annotations and address-sharing workarounds. The primary child (`Resource`) is the (TCP) Service.
 */
export class MixedProtocolLoadBalancer extends Construct {
  /** the Service name (the base name with two Services) */
  public readonly name: string;
  /** the Services, the TCP (or mixed) one first */
  public readonly services: readonly ApiObject[];
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** the whole core output */
  public readonly synthesis: MixedProtocolLoadBalancerSynthesis;

  public constructor(scope: Construct, id: string, props: MixedProtocolLoadBalancerProps) {
    super(scope, id);
    this.name = props.name ?? defaultName(this);
    this.synthesis = synthesizeMixedProtocolLoadBalancer({ ...props, name: this.name });
    this.services = addSynthesis(this, this.synthesis);
    this.report = this.synthesis.report;
  }
}

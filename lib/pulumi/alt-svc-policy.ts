/**
 * AltSvcPolicy for Pulumi: the Alt-Svc value and how it is attached for an implementation.
 */
import * as pulumi from '@pulumi/pulumi';
import { synthesizeAltSvcPolicy, type AltSvcAttachment, type AltSvcPolicyOptions } from '../core/alt-svc-policy';
import type { Http3Report } from '../core/report';
import { runCore } from './_inputs';

/** args of AltSvcPolicy (Pulumi) */
export interface AltSvcPolicyArgs extends AltSvcPolicyOptions {}

/**
 * Define an Alt-Svc policy: the value clients receive, whether the implementation emits it by itself (then
 * the policy is checked against it) or it must be attached, and ready-made header fragments. Creates no
 * Kubernetes resources.
 */
export class AltSvcPolicy extends pulumi.ComponentResource {
  /** the Alt-Svc value clients receive (undefined when nothing is advertised) */
  public readonly value: pulumi.Output<string | undefined>;
  /** how the value reaches responses */
  public readonly attachment: AltSvcAttachment;
  /** a Gateway API HTTPRoute filter that sets the header (when it must be attached) */
  public readonly httpRouteFilter?: Readonly<Record<string, unknown>>;
  /** an Istio VirtualService `headers` block that sets the header (when it must be attached) */
  public readonly virtualServiceHeaders?: Readonly<Record<string, unknown>>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;

  public constructor(name: string, args: AltSvcPolicyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:AltSvcPolicy', name, {}, opts);
    // every prop here decides the value: runCore refuses an Output with the same message as the other components
    const { result } = runCore(args, (a) => synthesizeAltSvcPolicy(a));
    this.value = pulumi.output(result.value);
    this.attachment = result.attachment;
    this.httpRouteFilter = result.httpRouteFilter;
    this.virtualServiceHeaders = result.virtualServiceHeaders;
    this.report = result.report;
    this.registerOutputs({ value: this.value });
  }
}

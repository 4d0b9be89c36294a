/**
 * AltSvcPolicy for cdk8s: the Alt-Svc value and how it is attached for an implementation.
 */
import { Construct } from 'constructs';
import { synthesizeAltSvcPolicy, type AltSvcAttachment, type AltSvcPolicyOptions, type AltSvcPolicySynthesis } from '../core/alt-svc-policy';
import type { Http3Report } from '../core/report';

/** props of AltSvcPolicy (cdk8s) */
export interface AltSvcPolicyProps extends AltSvcPolicyOptions {}

/**
 * Define an Alt-Svc policy: the value clients receive (`h3=":443"; ma=86400`, or `clear`), whether the
 * implementation emits it by itself (then the policy is checked against it) or it must be attached, and
 * ready-made header fragments for your own routes. Creates no Kubernetes objects.
 */
export class AltSvcPolicy extends Construct {
  /** the Alt-Svc value clients receive (undefined when nothing is advertised) */
  public readonly value?: string;
  /** how the value reaches responses */
  public readonly attachment: AltSvcAttachment;
  /** a Gateway API HTTPRoute filter that sets the header (when it must be attached) */
  public readonly httpRouteFilter?: Readonly<Record<string, unknown>>;
  /** an Istio VirtualService `headers` block that sets the header (when it must be attached) */
  public readonly virtualServiceHeaders?: Readonly<Record<string, unknown>>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** the whole core output */
  public readonly synthesis: AltSvcPolicySynthesis;

  public constructor(scope: Construct, id: string, props: AltSvcPolicyProps = {}) {
    super(scope, id);
    this.synthesis = synthesizeAltSvcPolicy(props);
    this.value = this.synthesis.value;
    this.attachment = this.synthesis.attachment;
    this.httpRouteFilter = this.synthesis.httpRouteFilter;
    this.virtualServiceHeaders = this.synthesis.virtualServiceHeaders;
    this.report = this.synthesis.report;
  }
}

/**
 * `aws`: the in-tree / out-of-tree AWS cloud provider (kubernetes/cloud-provider-aws), which builds a Classic or
 * Network Load Balancer for a Service of type LoadBalancer. It cannot carry HTTP/3, so every use is refused with
 * the way out (loadbalancers.md §1.1, §16, §17.3, §18):
 *
 * - one mixed Service: `EnsureLoadBalancer` calls `checkMixedProtocol`, which fails with "mixed protocol is not
 *   supported for LoadBalancer" (cloud-provider-aws `pkg/providers/v1/aws.go`, HEAD 63ec440c);
 * - two Services: each gets its own NLB with its own DNS name and addresses, so no address carries both 443/TCP
 *   and 443/UDP, and `Alt-Svc: h3=":443"` would send browsers to an address without UDP (loadbalancers.md §16
 *   "Alt-Svc");
 * - what works instead: the AWS Load Balancer Controller >= v2.13.0 (provider `aws-lbc`, one NLB with a TCP_UDP
 *   listener, §1.2), or a NodePort Service whose TCP and UDP ports share one nodePort behind an NLB created by hand
 *   with a TCP_UDP listener and target group and a TCP health check on that nodePort (Emissary `howtos/http3-eks.md`,
 *   Traefik's "HTTP/3 on AWS EKS"; §1.1 (b), §15).
 */
import type { ProviderBaseOptions } from './provider';
import { refusedProvider } from './refused';

/** options of the `aws` provider: none, because every use is refused */
export interface AwsProviderOptions extends ProviderBaseOptions {
  readonly name: 'aws';
}

/** the error the cloud provider reports for a Service with TCP and UDP ports (cloud-provider-aws `checkMixedProtocol`) */
export const AWS_MIXED_PROTOCOL_ERROR = 'mixed protocol is not supported for LoadBalancer';

/** the `aws` provider: refuses every use, naming the AWS Load Balancer Controller and the NodePort + hand-made NLB alternative */
export const awsProvider = refusedProvider<AwsProviderOptions>({
  name: 'aws',
  title: 'AWS cloud provider (in-tree / cloud-provider-aws), CLB or NLB',
  support: {
    mixedService: `no: the cloud provider rejects it ("${AWS_MIXED_PROTOCOL_ERROR}")`,
    workaround: 'refused: use provider "aws-lbc" (AWS Load Balancer Controller >= v2.13.0), or a NodePort Service with one pinned nodePort for '
      + 'TCP and UDP behind an NLB with a TCP_UDP listener that you create yourself',
    ipSharing: 'none: two Services get two NLBs with different DNS names and addresses',
    caveats: 'a Classic Load Balancer carries TCP only; a UDP-only NLB Service with externalTrafficPolicy Cluster fails its default TCP health '
      + 'check',
  },
  reason: 'cannot carry HTTP/3: the AWS cloud provider (in-tree or cloud-provider-aws) rejects a LoadBalancer Service with TCP and UDP ports '
    + `("${AWS_MIXED_PROTOCOL_ERROR}"), and two Services get two NLBs with different addresses, so no address would serve 443/TCP and 443/UDP `
    + 'together and Alt-Svc would send browsers to an address without UDP',
  alternative: 'install the AWS Load Balancer Controller v2.13.0 or later and use provider "aws-lbc" (one NLB with a TCP_UDP listener), or create '
    + 'yourself a NodePort Service whose TCP and UDP ports share one pinned nodePort and an NLB with a TCP_UDP listener and target group on that '
    + 'nodePort (TCP health check)',
});

/**
 * `generic`: any load-balancer implementation that accepts one Service with TCP and UDP on the same port
 * (Kubernetes >= 1.26 has MixedProtocolLBService on by default; the provider must implement it too).
 */
import { FindingStatus, finding } from '../core/report';
import { readString } from '../core/validate';
import { clusterSourceNatFinding } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

/** options of the `generic` provider */
export interface GenericProviderOptions extends ProviderBaseOptions {
  readonly name: 'generic';
  /**
   * `spec.loadBalancerClass`, to select a non-default load-balancer implementation. The field is immutable
   * after creation, and cloud controllers ignore every Service that sets a class.
   *
   * @default - unset: the cluster's default implementation
   */
  readonly loadBalancerClass?: string;
}

export const genericProvider: InfrastructureProvider<'generic', GenericProviderOptions> = {
  name: 'generic',
  title: 'any implementation with mixed-protocol LoadBalancer support',
  support: {
    mixedService: 'yes, where the implementation supports MixedProtocolLBService (GA in Kubernetes 1.26)',
    workaround: 'one Service, 443/TCP and 443/UDP, same numeric targetPort',
    ipSharing: 'n/a (one Service)',
    caveats: 'API acceptance is not provider support: an implementation may drop the UDP port silently',
  },
  fields: ['loadBalancerClass'],
  parse(raw, path) {
    return {
      name: 'generic',
      loadBalancerClass: raw.loadBalancerClass === undefined ? undefined : readString(raw.loadBalancerClass, `${path}.loadBalancerClass`),
    };
  },
  shape(options, request) {
    return {
      layout: MixedProtocolLayout.SINGLE_SERVICE,
      annotations: {},
      loadBalancerClass: options.loadBalancerClass,
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(_options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    return {
      clientIp: local
        ? finding(
          FindingStatus.PARTIAL,
          'externalTrafficPolicy Local keeps the client IP through kube-proxy; whether the load balancer itself passes it through depends on the implementation',
        )
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'an L4 load balancer and kube-proxy pick a backend from the UDP 5-tuple; when a client address changes (NAT rebinding, Wi-Fi to cellular) its packets can reach another pod, which does not know the connection, and the client reconnects',
      ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        local
          ? 'with externalTrafficPolicy Local, load balancers that probe kube-proxy healthCheckNodePort see which nodes have ready endpoints; no implementation probes QUIC itself'
          : 'depends on the implementation; none probes QUIC itself',
      ),
    };
  },
};

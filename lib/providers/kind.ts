/**
 * `kind`: kind clusters with cloud-provider-kind, which runs one Envoy container per LoadBalancer Service
 * with one listener per port and protocol (UDP through Envoy's udp_proxy).
 */
import { FindingStatus, finding } from '../core/report';
import { InfrastructureProvider, MixedProtocolLayout, ProviderBaseOptions } from './provider';

/** options of the `kind` provider (cloud-provider-kind) */
export interface KindProviderOptions extends ProviderBaseOptions {
  readonly name: 'kind';
}

export const kindProvider: InfrastructureProvider<'kind', KindProviderOptions> = {
  name: 'kind',
  title: 'kind with cloud-provider-kind',
  support: {
    mixedService: 'yes: one Envoy listener per port and protocol',
    workaround: 'one Service; loadBalancerClass left unset (cloud-provider-kind uses the upstream service controller)',
    ipSharing: 'none across Services (one container and one IP per Service)',
    caveats: 'Envoy proxies the flows, so pods see the proxy address, not the client',
  },
  fields: [],
  parse() {
    return { name: 'kind' };
  },
  shape(_options, request) {
    return { layout: MixedProtocolLayout.SINGLE_SERVICE, annotations: {}, externalTrafficPolicy: request.externalTrafficPolicy };
  },
  report() {
    return {
      clientIp: finding(FindingStatus.NO, 'cloud-provider-kind proxies TCP and UDP through Envoy (ipMode Proxy): pods see the proxy address'),
      connectionMigration: finding(
        FindingStatus.NO,
        "cloud-provider-kind's Envoy udp_proxy and kube-proxy map flows by 5-tuple; a client whose address changes reaches a new flow and reconnects",
      ),
      udpHealthCheck: finding(
        FindingStatus.PARTIAL,
        'cloud-provider-kind checks kube-proxy over HTTP (port 10256, or healthCheckNodePort with Local): endpoint readiness, not the UDP path',
      ),
    };
  },
};

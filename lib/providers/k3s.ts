/**
 * `k3s`: k3s's built-in ServiceLB (klipper-lb).
 *
 * For every LoadBalancer Service the ServiceLB controller runs a DaemonSet `svclb-<service>-<uid>` in kube-system
 * with one container per Service port, named `lb-<protocol>-<port>`, that takes the port as a hostPort of that
 * protocol and forwards it with iptables (k3s-io/k3s `pkg/cloudprovider/servicelb.go` `newDaemonSet`). So one
 * mixed Service gets `lb-tcp-443` and `lb-udp-443` side by side, and the Service's addresses are the node
 * addresses (ExternalIP if any node has one, else InternalIP; with externalTrafficPolicy Local only nodes with a
 * ready endpoint). Two Services also work and land on the same node addresses, with no key (loadbalancers.md §11).
 *
 * klipper-lb DNATs and then MASQUERADEs (k3s-io/klipper-lb `entry`), so the gateway never sees the client address.
 * ServiceLB implements the k8s.io/cloud-provider LoadBalancer interface (`pkg/cloudprovider/loadbalancer.go`),
 * whose service controller ignores Services that set a loadBalancerClass (loadbalancers.md §0.2): the class stays
 * unset.
 *
 * Node pools: once any node carries the label `svccontroller.k3s.cattle.io/enablelb`, the DaemonSet runs only on nodes
 * with `enablelb=true`, and the Service *label* `svccontroller.k3s.cattle.io/lbpool=<pool>` narrows it to nodes with
 * that pool label too (`newDaemonSet`; docs.k3s.io networking-services "Controlling ServiceLB Node Selection"). A provider
 * shapes annotations only, so set the label with the construct's `labels` prop; as an annotation ServiceLB ignores it,
 * which is refused.
 */
import { FindingStatus, NoteSeverity, finding, note } from '../core/report';
import { udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

/** the Service label that puts a Service into a ServiceLB node pool */
export const K3S_LB_POOL_LABEL = 'svccontroller.k3s.cattle.io/lbpool';

/** options of the `k3s` provider */
export interface K3sProviderOptions extends ProviderBaseOptions {
  readonly name: 'k3s';
  /**
   * One mixed Service, or two Services (ServiceLB answers both on the same node addresses, no sharing key needed).
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
}

type Parsed = Omit<K3sProviderOptions, 'annotations'> & { readonly mixedProtocol: MixedProtocol };

/** the `k3s` provider: k3s ServiceLB (klipper-lb) on the node addresses */
export const k3sProvider: InfrastructureProvider<'k3s', Parsed> = {
  name: 'k3s',
  title: 'k3s ServiceLB (klipper-lb)',
  support: {
    mixedService: 'yes: the svclb DaemonSet gets one hostPort container per port and protocol (`lb-tcp-443`, `lb-udp-443`)',
    workaround: 'one Service (two also land on the same node addresses); loadBalancerClass left unset',
    ipSharing: 'none needed: every ServiceLB Service answers on the node addresses',
    caveats: 'klipper-lb masquerades, so the gateway never sees the client IP; the port must be free on the nodes (the bundled Traefik holds 80 and '
      + '443/TCP); Cilium kube-proxy replacement 1.18.1+ without PR #41521 serves one protocol per hostPort',
  },
  fields: ['mixedProtocol'],
  forbiddenAnnotations: [
    {
      key: K3S_LB_POOL_LABEL,
      reason: 'is read from the Service\'s labels, not its annotations (k3s pkg/cloudprovider/servicelb.go), so ServiceLB would ignore it: set it '
        + 'with the labels prop of the construct instead',
    },
  ],
  parse(raw, path) {
    return { name: 'k3s', mixedProtocol: readMixedProtocol(raw, path) };
  },
  shape(options, request) {
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations: {},
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape, request) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const port = request.port;
    return {
      clientIp: finding(
        FindingStatus.NO,
        'klipper-lb DNATs the packets and masquerades them (k3s-io/klipper-lb entry), so the gateway sees the svclb pod\'s address whatever the '
          + 'traffic policy; for the client IP use another load balancer (MetalLB, kube-vip, Cilium) with externalTrafficPolicy Local',
      ),
      connectionMigration: finding(
        FindingStatus.NO,
        'clients reach one node address, and the node picks a gateway pod per UDP flow: a client whose address changes can reach another pod and '
          + 'must reconnect',
      ),
      udpHealthCheck: finding(
        FindingStatus.NOT_APPLICABLE,
        'no load balancer health-checks anything: clients connect to node addresses, and the Service lists only nodes with a ready svclb pod'
          + (local ? ' and a ready gateway pod (externalTrafficPolicy Local)' : ''),
      ),
      notes: [
        note(
          NoteSeverity.WARNING,
          'k3s-host-ports',
          `ServiceLB takes ${port}/TCP and ${port}/UDP as hostPorts on every node it runs on, so no other ServiceLB Service may use them there: `
            + 'k3s\'s bundled Traefik already holds 80 and 443/TCP on every node (start k3s with --disable=traefik), or separate the two with node '
            + `pools (the Service label ${K3S_LB_POOL_LABEL}); otherwise the svclb pods stay Pending`,
        ),
        note(
          NoteSeverity.INFO,
          'cilium-host-port',
          'on Cilium with kube-proxy replacement from v1.18.1, a pod\'s hostPorts work for one protocol per port number (cilium/cilium #41426), so '
            + `one of lb-tcp-${port} and lb-udp-${port} stops working: use a Cilium release with the fix (PR #41521)`,
        ),
        ...(options.mixedProtocol === 'two-services'
          ? [note(
            NoteSeverity.INFO,
            'k3s-two-services',
            'ServiceLB answers both Services on the same node addresses (their TCP and UDP hostPorts do not clash): no sharing key is needed',
          )]
          : []),
        ...udpFlowNotes(
          NoteSeverity.INFO,
          'no load balancer sits in front, but connection tracking and NAT on the path (klipper-lb\'s and kube-proxy\'s included) forget idle UDP '
            + 'flows',
        ),
      ],
    };
  },
};

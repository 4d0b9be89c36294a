/**
 * `hetzner`: Hetzner Cloud load balancers (hcloud-cloud-controller-manager). Refused for every use.
 *
 * A Hetzner Cloud load balancer has no UDP: the cloud controller skips every Service port whose protocol is not TCP
 * with a Warning event `UnsupportedProtocolConfigured` ("configured unsupported Hetzner Cloud load balancer protocol
 * ...", hetznercloud/hcloud-cloud-controller-manager `internal/hcops/load_balancer.go`), and
 * `load-balancer.hetzner.cloud/protocol` takes only `tcp`, `http` or `https` (`docs/reference/load_balancer_annotations.md`).
 * A mixed Service therefore gets an address with 443/TCP only while Alt-Svc would advertise h3 (loadbalancers.md §6).
 * There is no provider-side workaround; another L4 path on Hetzner IPs (MetalLB or kube-vip, §8 and §10) is
 * unverified on Hetzner Cloud.
 */
import type { ProviderBaseOptions } from './provider';
import { refusedProvider } from './refused';

/** options of the `hetzner` provider (every use is refused: the Hetzner Cloud load balancer has no UDP) */
export interface HetznerProviderOptions extends ProviderBaseOptions {
  readonly name: 'hetzner';
}

/** the `hetzner` provider: refuses every use (no UDP), naming other L4 paths for the UDP port */
export const hetznerProvider = refusedProvider<HetznerProviderOptions>({
  name: 'hetzner',
  title: 'Hetzner Cloud load balancer',
  support: {
    mixedService: 'no: no UDP at all; the cloud controller skips UDP ports with a Warning event `UnsupportedProtocolConfigured`',
    workaround: 'none in the cloud controller: refused; use another L4 path for the UDP port (MetalLB or kube-vip on Hetzner IPs: unverified)',
    ipSharing: 'n/a',
    caveats: 'a mixed Service would get an address with its TCP port only while Alt-Svc advertises h3',
  },
  reason: 'cannot carry HTTP/3: the Hetzner Cloud load balancer has no UDP (hcloud-cloud-controller-manager skips every UDP Service port with a '
    + 'Warning event UnsupportedProtocolConfigured, and load-balancer.hetzner.cloud/protocol takes only tcp, http or https), so the UDP port '
    + 'would be missing while Alt-Svc advertises h3',
  alternative: 'expose the UDP port on another L4 path, e.g. provider "metallb" or "kube-vip" announcing Hetzner IPs routed to your nodes (not '
    + 'verified on Hetzner Cloud), or serve this host over HTTPS without HTTP/3',
});

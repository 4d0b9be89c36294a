/**
 * `cilium`: Cilium LB-IPAM, announced by Cilium's L2 announcements (ARP) or its BGP control plane.
 *
 * LB-IPAM only allocates the address; the eBPF datapath forwards both protocols, so one mixed Service works and is
 * the preferred shape (loadbalancers.md §9 (a)). Two Services can share one address with a sharing key only where
 * LB-IPAM tells TCP from UDP on the same port: PR #34691 (cilium/cilium, fixes #34677) made the compatibility check
 * protocol-aware when protocol differentiation is on; before that, or with it off, LB-IPAM silently gives the second
 * Service another address (cilium/cilium #39172). The first release with #34691 is 1.17 by merge date, not verified
 * against release notes (§9 (b)), so kube-http3 splits only when the user states such a version.
 *
 * Sources: loadbalancers.md §0.2, §0.3, §9, §16-§18; cilium/cilium `Documentation/network/lb-ipam.rst` (classes,
 * `lbipam.cilium.io/ips`, sharing keys, cross-namespace sharing), `Documentation/network/l2-announcements.rst`
 * (leases, "incompatible with the externalTrafficPolicy: Local"), `pkg/annotation/k8s.go` (the `io.cilium/lb-ipam-*`
 * aliases), `operator/pkg/lbipam/service_store.go` (`isCompatible`).
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { compareVersions, readBoolean, readDns1123Label, readIp, readString, readVersion } from '../core/validate';
import { KEEP_ALIVE_ADVICE, quicMigrationNote } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

/** the first Cilium release that reads the `lbipam.cilium.io/*` keys (up to 1.15: `io.cilium/lb-ipam-*`, cilium/cilium #30692) */
export const CILIUM_LBIPAM_KEYS_SINCE = '1.16';
/**
 * The first Cilium release whose LB-IPAM lets a TCP and a UDP Service with the same port share an address
 * (cilium/cilium PR #34691, with protocol differentiation on). 1.17 by merge date; unverified against release notes.
 */
export const CILIUM_PROTOCOL_SHARING_SINCE = '1.17';
/** the release that removed `--bpf-lb-proto-diff`: protocol differentiation can no longer be turned off (upgrade.rst) */
export const CILIUM_PROTOCOL_DIFFERENTIATION_FLAG_REMOVED = '1.19';
/** the class announced by Cilium's L2 announcements */
export const CILIUM_L2_ANNOUNCER_CLASS = 'io.cilium/l2-announcer';
/** the class announced by Cilium's BGP control plane */
export const CILIUM_BGP_CONTROL_PLANE_CLASS = 'io.cilium/bgp-control-plane';

/** the `spec.loadBalancerClass` values Cilium's LB-IPAM serves (it ignores a Service with any other class entirely) */
export type CiliumLoadBalancerClass = typeof CILIUM_L2_ANNOUNCER_CLASS | typeof CILIUM_BGP_CONTROL_PLANE_CLASS;

/** options of the `cilium` provider; `S` is the type of the address (the Pulumi adapter widens it to an Input) */
export interface CiliumProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'cilium';
  /**
   * The Cilium version running in the cluster. It decides the annotation names (`lbipam.cilium.io/` from 1.16,
   * `io.cilium/lb-ipam-` up to 1.15), and `mixedProtocol: 'two-services'` needs it stated (1.17 or later).
   *
   * @default - not stated: `lbipam.cilium.io/` keys, and two Services are refused
   */
  readonly version?: string;
  /**
   * `spec.loadBalancerClass`: `io.cilium/l2-announcer` (L2 announcements) or `io.cilium/bgp-control-plane` (BGP
   * control plane). Unset, LB-IPAM still allocates and any Cilium announcer whose policy selects the Service
   * announces it. The field is immutable after creation.
   *
   * @default - unset
   */
  readonly loadBalancerClass?: CiliumLoadBalancerClass;
  /**
   * One mixed Service, or two Services sharing one address through a sharing key (only on a stated Cilium 1.17 or
   * later with protocol differentiation on).
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * The address to request from LB-IPAM (`lbipam.cilium.io/ips`; up to 1.15 `io.cilium/lb-ipam-ips`). It must lie
   * in a CiliumLoadBalancerIPPool that selects the Service.
   *
   * @default - any address of a matching pool
   */
  readonly address?: S;
  /**
   * The `lbipam.cilium.io/sharing-key` of the two Services (`two-services` only). To share the address of one mixed
   * Service with other Services, add the key through `annotations`.
   *
   * @default - the Service base name
   */
  readonly sharingKey?: string;
  /**
   * Namespaces whose Services may share the address too (`lbipam.cilium.io/sharing-cross-namespace`, `two-services`
   * only; `['*']` for every namespace). Those Services need the same key and must list this namespace.
   *
   * @default - only Services of this namespace
   */
  readonly sharingCrossNamespace?: readonly string[];
  /**
   * Whether Cilium's datapath tells TCP from UDP on one port (Helm `loadBalancer.protocolDifferentiation.enabled`,
   * agent `--bpf-lb-proto-diff`, from 1.17). Two Services need it: state `true` on 1.17 and 1.18; from 1.19 the
   * flag is gone and it is always on.
   *
   * @default - not stated (always on from 1.19)
   */
  readonly protocolDifferentiation?: boolean;
}

type Parsed = Omit<CiliumProviderOptions, 'annotations'> & { readonly mixedProtocol: MixedProtocol };

/** why a same-port TCP/UDP pair cannot share an address without protocol-aware LB-IPAM */
const SECOND_IP =
  'LB-IPAM lets a TCP and a UDP Service with the same port share an address only from the release with cilium/cilium PR #34691 (1.17 by merge '
  + 'date, unverified) and with protocol differentiation on; otherwise it silently gives the second Service another address (cilium/cilium #39172)';

/** the `cilium` provider: Cilium LB-IPAM announced by L2 announcements or the BGP control plane */
export const ciliumProvider: InfrastructureProvider<'cilium', Parsed> = {
  name: 'cilium',
  title: 'Cilium LB-IPAM with L2 announcements or the BGP control plane',
  support: {
    mixedService: 'yes: LB-IPAM allocates one address per Service and the eBPF datapath forwards both protocols',
    workaround: 'one Service (class `io.cilium/l2-announcer`, `io.cilium/bgp-control-plane` or unset); two Services only on a stated Cilium 1.17+ '
      + 'with protocol differentiation on',
    ipSharing: '`lbipam.cilium.io/sharing-key` (+ `lbipam.cilium.io/ips`, `lbipam.cilium.io/sharing-cross-namespace`); up to 1.15 '
      + '`io.cilium/lb-ipam-*`',
    caveats: 'no load-balancer health checks; L2 announcements are refused with externalTrafficPolicy Local (the lease holder may run no gateway '
      + 'pod); without protocol-aware LB-IPAM a same-port TCP/UDP pair gets two addresses (cilium/cilium #39172)',
  },
  fields: ['version', 'loadBalancerClass', 'mixedProtocol', 'address', 'sharingKey', 'sharingCrossNamespace', 'protocolDifferentiation'],
  parse(raw, path) {
    const version = raw.version === undefined ? undefined : readVersion(raw.version, `${path}.version`, '');
    const mixedProtocol = readMixedProtocol(raw, path);
    const protocolDifferentiation =
      raw.protocolDifferentiation === undefined ? undefined : readBoolean(raw.protocolDifferentiation, `${path}.protocolDifferentiation`, false);
    if (version !== undefined && protocolDifferentiation !== undefined) checkProtocolDifferentiation(version, protocolDifferentiation, path);
    if (mixedProtocol === 'two-services') checkTwoServices(version, protocolDifferentiation, path);
    for (const field of ['sharingKey', 'sharingCrossNamespace'] as const) {
      if (mixedProtocol === 'single-service' && raw[field] !== undefined) {
        throw Http3ConfigError.conflict(
          `${path}.${field}`,
          raw[field],
          `${path}.mixedProtocol`,
          mixedProtocol,
          'a sharing key only joins the two Services of mixedProtocol "two-services" on one address',
          `remove ${field} (to share the address of the mixed Service with other Services, set lbipam.cilium.io/sharing-key through `
            + `${path}.annotations), or set mixedProtocol to "two-services"`,
        );
      }
    }
    return {
      name: 'cilium',
      version,
      loadBalancerClass: readClass(raw.loadBalancerClass, `${path}.loadBalancerClass`),
      mixedProtocol,
      address: raw.address === undefined ? undefined : readIp(raw.address, `${path}.address`),
      sharingKey: raw.sharingKey === undefined ? undefined : readString(raw.sharingKey, `${path}.sharingKey`),
      sharingCrossNamespace: readNamespaces(raw.sharingCrossNamespace, `${path}.sharingCrossNamespace`),
      protocolDifferentiation,
    };
  },
  shape(options, request, path) {
    if (options.loadBalancerClass === CILIUM_L2_ANNOUNCER_CLASS && request.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL) {
      throw Http3ConfigError.conflict(
        `${path}.loadBalancerClass`,
        CILIUM_L2_ANNOUNCER_CLASS,
        'externalTrafficPolicy',
        ExternalTrafficPolicy.LOCAL,
        'Cilium L2 announcements ignore the traffic policy, so the node that holds the address may run no gateway pod and drop the traffic '
          + '(Cilium docs, l2-announcements.rst "Limitations")',
        'set externalTrafficPolicy "Cluster", or announce the address over BGP with loadBalancerClass "io.cilium/bgp-control-plane"',
      );
    }
    const legacy = options.version !== undefined && compareVersions(options.version, CILIUM_LBIPAM_KEYS_SINCE) < 0;
    const annotations: Record<string, string> = {};
    if (options.address !== undefined) annotations[legacy ? 'io.cilium/lb-ipam-ips' : 'lbipam.cilium.io/ips'] = options.address;
    const twoServices = options.mixedProtocol === 'two-services';
    if (twoServices) {
      // two Services need 1.17 or later (checked in parse), so the lbipam.cilium.io/ keys apply
      annotations['lbipam.cilium.io/sharing-key'] = options.sharingKey ?? request.name;
      if (options.sharingCrossNamespace) annotations['lbipam.cilium.io/sharing-cross-namespace'] = options.sharingCrossNamespace.join(',');
    }
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      loadBalancerClass: options.loadBalancerClass,
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const l2 = options.loadBalancerClass === CILIUM_L2_ANNOUNCER_CLASS;
    const bgp = options.loadBalancerClass === CILIUM_BGP_CONTROL_PLANE_CLASS;
    const notes: ReportNote[] = [
      note(
        NoteSeverity.INFO,
        'cilium-ip-pool',
        'LB-IPAM allocates only from a CiliumLoadBalancerIPPool whose serviceSelector matches the Service (it stays pending without one)'
          + (options.address !== undefined ? ', and the requested address must lie in that pool' : ''),
      ),
    ];
    if (l2) {
      notes.push(note(
        NoteSeverity.INFO,
        'cilium-l2-announcer',
        'one node, the holder of the Service\'s Lease (cilium-l2announce-<namespace>-<service>), answers ARP for the address and carries all its '
          + 'traffic; L2 announcements need the kube-proxy replacement and a CiliumL2AnnouncementPolicy with loadBalancerIPs: true selecting the '
          + 'Service',
      ));
    } else if (!bgp && local) {
      notes.push(note(
        NoteSeverity.WARNING,
        'cilium-l2-local',
        'if a CiliumL2AnnouncementPolicy selects this Service, the node announcing it may run no gateway pod and drop the traffic (L2 announcements '
          + 'are incompatible with externalTrafficPolicy Local): announce it over BGP (loadBalancerClass "io.cilium/bgp-control-plane"), or use L2 '
          + 'with externalTrafficPolicy "Cluster"',
      ));
    }
    if (options.mixedProtocol === 'two-services') {
      notes.push(note(
        NoteSeverity.INFO,
        'cilium-shared-ip',
        'the two Services share one address only while they keep the same sharing key, namespace, externalTrafficPolicy and, with Local, identical '
          + 'selectors (LB-IPAM isCompatible); otherwise LB-IPAM silently gives the second one another address (cilium/cilium #39172)'
          + (l2 ? '; L2 announcements hold one Lease per Service, so the two may be announced from different nodes (each forwards both protocols '
            + 'under externalTrafficPolicy Cluster)' : ''),
      ));
    } else if (
      options.protocolDifferentiation === false
      || (options.version !== undefined && compareVersions(options.version, CILIUM_PROTOCOL_SHARING_SINCE) < 0)
    ) {
      notes.push(note(
        NoteSeverity.INFO,
        'cilium-protocol-differentiation',
        'without protocol differentiation the datapath keeps one service entry for the port whatever the protocol (cilium/cilium #9207): harmless '
          + 'here, because TCP and UDP go to the same pods and port',
      ));
    }
    notes.push(
      note(
        NoteSeverity.INFO,
        'udp-idle-timeout',
        'no load balancer sits in front, but connection tracking and NAT on the path (Cilium\'s included) forget idle UDP flows, while Envoy keeps '
          + `an idle QUIC connection for 300 s by default; ${KEEP_ALIVE_ADVICE}`,
      ),
      quicMigrationNote(),
    );
    return {
      clientIp: local
        ? finding(
          FindingStatus.YES,
          'Cilium only announces the address and externalTrafficPolicy Local keeps the packets from being source-NATed'
            + (bgp ? ' (the BGP control plane withdraws the route of a node without a ready gateway pod)' : ''),
        )
        : finding(
          FindingStatus.PARTIAL,
          'with externalTrafficPolicy Cluster, kube-proxy or Cilium\'s kube-proxy replacement in its default loadBalancer.mode "snat" source-NATs '
            + 'packets it forwards to a gateway pod on another node; loadBalancer.mode "dsr" keeps the client address ("hybrid" only for TCP, so '
            + 'QUIC is still source-NATed)',
        ),
      connectionMigration: finding(
        FindingStatus.NO,
        `${l2 ? 'one node answers for the address' : bgp ? 'routers spread flows over the nodes by ECMP' : 'one node (L2) or the routers (BGP ECMP) '
          + 'pick the node'} and the node picks a gateway pod per UDP flow: a client whose address changes can reach another pod and must reconnect`
          + (l2 ? '' : '; a node leaving the ECMP set breaks the flows it carried'),
      ),
      udpHealthCheck: finding(FindingStatus.NOT_APPLICABLE, `Cilium runs no load-balancer health checks: ${announcement(l2, bgp, local)}`),
      notes,
    };
  },
};

/** how the address is announced and moved, for the health-check finding */
function announcement(l2: boolean, bgp: boolean, local: boolean): string {
  const onlyReady = local ? ' (with externalTrafficPolicy Local only from nodes with a ready gateway pod)' : '';
  if (l2) return 'the L2 lease moves the address when its holder fails (10-20 s with the default lease settings)';
  if (bgp) return `BGP advertises the address from the selected nodes${onlyReady}`;
  return `the L2 lease moves the address when its holder fails, BGP advertises it from the selected nodes${onlyReady}`;
}

/** refuse a protocolDifferentiation the stated version cannot have */
function checkProtocolDifferentiation(version: string, value: boolean, path: string): void {
  if (value && compareVersions(version, CILIUM_PROTOCOL_SHARING_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.protocolDifferentiation`,
      value,
      `${path}.version`,
      version,
      'Cilium\'s datapath tells TCP from UDP on one port only from 1.17 (cilium/cilium #33434, by merge date)',
      'remove protocolDifferentiation, or upgrade Cilium',
    );
  }
  if (!value && compareVersions(version, CILIUM_PROTOCOL_DIFFERENTIATION_FLAG_REMOVED) >= 0) {
    throw Http3ConfigError.conflict(
      `${path}.protocolDifferentiation`,
      value,
      `${path}.version`,
      version,
      'Cilium 1.19 removed the --bpf-lb-proto-diff flag: protocol differentiation is always on',
      'remove protocolDifferentiation',
    );
  }
}

/** refuse two Services where LB-IPAM would give them two addresses */
function checkTwoServices(version: string | undefined, protocolDifferentiation: boolean | undefined, path: string): void {
  if (version === undefined) {
    throw Http3ConfigError.invalid(
      `${path}.version`,
      undefined,
      'the Cilium version (1.17 or later) when mixedProtocol is "two-services"',
      `${SECOND_IP}; state the version, or use one mixed Service (mixedProtocol "single-service")`,
    );
  }
  if (compareVersions(version, CILIUM_PROTOCOL_SHARING_SINCE) < 0) {
    throw Http3ConfigError.conflict(
      `${path}.mixedProtocol`,
      'two-services',
      `${path}.version`,
      version,
      SECOND_IP,
      'use one mixed Service (mixedProtocol "single-service"), or upgrade Cilium to 1.17 or later',
    );
  }
  if (compareVersions(version, CILIUM_PROTOCOL_DIFFERENTIATION_FLAG_REMOVED) < 0 && protocolDifferentiation !== true) {
    throw Http3ConfigError.invalid(
      `${path}.protocolDifferentiation`,
      protocolDifferentiation,
      'true when mixedProtocol is "two-services" on Cilium 1.17 or 1.18',
      `${SECOND_IP}; turn it on (Helm loadBalancer.protocolDifferentiation.enabled, agent --bpf-lb-proto-diff) and state `
        + 'protocolDifferentiation: true, or use one mixed Service (mixedProtocol "single-service")',
    );
  }
}

/** read the class: only the two classes LB-IPAM serves */
function readClass(value: unknown, path: string): CiliumLoadBalancerClass | undefined {
  if (value === undefined) return undefined;
  const allowed = [CILIUM_L2_ANNOUNCER_CLASS, CILIUM_BGP_CONTROL_PLANE_CLASS] as const;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw Http3ConfigError.invalid(
      path,
      value,
      `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      'Cilium\'s LB-IPAM ignores a Service with any other class entirely (lb-ipam.rst); leave it unset to let any Cilium announcer announce it',
    );
  }
  return value as CiliumLoadBalancerClass;
}

/** read the namespaces allowed to share the address: DNS-1123 labels, or `*` alone */
function readNamespaces(value: unknown, path: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty list of namespaces, or ["*"] for every namespace');
  }
  if (value.includes('*')) {
    if (value.length > 1) throw Http3ConfigError.invalid(path, value, 'a non-empty list of namespaces, or ["*"] alone for every namespace');
    return ['*'];
  }
  return value.map((ns, i) => readDns1123Label(ns, `${path}[${i}]`));
}

/**
 * @internal report texts shared by the providers: those whose load balancers pick a backend per UDP flow
 * (loadbalancers.md §16) say what clients lose when their address changes and how to keep idle QUIC connections
 * alive through middleboxes that forget UDP flows; those behind kube-proxy say what externalTrafficPolicy Cluster
 * does to the client address.
 */
import { FindingStatus, NoteSeverity, finding, note, type ReportFinding, type ReportNote } from '../core/report';

/**
 * The note about QUIC connection migration behind a load balancer that routes by address: RFC 9000 §5.2.3 asks
 * such servers to send `disable_active_migration`; Envoy's QUIC listener can (`send_disable_active_migration`),
 * but neither Istio nor Envoy Gateway exposes the setting.
 */
export function quicMigrationNote(): ReportNote {
  return note(
    NoteSeverity.INFO,
    'quic-migration',
    'RFC 9000 §5.2.3 asks a server behind a load balancer that routes by address to send the disable_active_migration transport '
      + 'parameter, so that clients do not migrate on purpose; Envoy\'s QUIC listener can send it (send_disable_active_migration), but '
      + 'neither Istio nor Envoy Gateway exposes the setting: a client that migrates anyway reconnects (over 0-RTT where it can)',
  );
}

/** the advice that closes every UDP idle-timeout note: RFC 9000 §10.1.2 */
export const KEEP_ALIVE_ADVICE =
  'keep QUIC keep-alives (PING) or the QUIC idle timeout under the smallest UDP timeout on the path: RFC 9000 §10.1.2 finds that '
  + 'sending every 30 seconds keeps most middleboxes from losing the flow';

/**
 * The `udp-idle-timeout` note: what the path does to idle UDP flows (`pathFact`), against Envoy's default idle
 * timeout of QUIC connections, then the keep-alive advice.
 */
export function udpIdleTimeoutNote(severity: NoteSeverity, pathFact: string): ReportNote {
  return note(
    severity,
    'udp-idle-timeout',
    `${pathFact}, while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default; ${KEEP_ALIVE_ADVICE}`,
  );
}

/** the two notes about UDP flows through a load balancer: the idle timeout (`udpIdleTimeoutNote`), then connection migration */
export function udpFlowNotes(severity: NoteSeverity, pathFact: string): ReportNote[] {
  return [udpIdleTimeoutNote(severity, pathFact), quicMigrationNote()];
}

/** the client-IP finding of externalTrafficPolicy Cluster behind kube-proxy */
export function clusterSourceNatFinding(): ReportFinding {
  return finding(FindingStatus.NO, 'externalTrafficPolicy Cluster makes kube-proxy source-NAT the packets; set externalTrafficPolicy Local');
}

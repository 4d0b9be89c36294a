/**
 * AltSvcPolicy: the `Alt-Svc` value clients receive and how it gets onto responses for the chosen
 * implementation: automatically (the implementation emits it: kube-http3 checks that it agrees with the
 * policy) or attached by kube-http3 as a response header on the routes it renders.
 *
 * The advertised port is always the client-facing port the load balancer carries over UDP (never a
 * container port), and the value always follows the strict rules of the codec (no `ma=0`, numbers
 * unquoted, `h3` only, `clear` alone).
 */
import { resolveGateway, type GatewayOptions, type GatewayImplementationName } from '../gateways/registry';
import type { AltSvcEmission } from '../gateways/gateway';
import { DEFAULT_ALT_SVC_MAX_AGE_SECONDS, formatAltSvc, MAX_ALT_SVC_MAX_AGE_SECONDS, parseAltSvc } from './alt-svc-codec';
import { Http3ConfigError } from './errors';
import { HTTPS_PORT } from './naming';
import { FindingStatus, finding, mergeReport, NoteSeverity, note, type ReportContribution, type ReportNote } from './report';
import type { Synthesis } from './types';
import { isPlainObject, join, readBoolean, readInteger, readObject, readPort } from './validate';

/** the `altSvc` prop of Http3Gateway and QuicListener */
export interface AltSvcOptions {
  /**
   * `ma`: how long clients remember that HTTP/3 is available, in seconds. Start low (300-3600) while rolling
   * out: a client that cached a broken alternative keeps trying it until `ma` runs out.
   *
   * @default 86400
   */
  readonly maxAgeSeconds?: number;
  /**
   * Withdraw HTTP/3: turn the QUIC listener off and answer with `Alt-Svc: clear`, so clients that cached
   * the alternative forget it (the HTTPS record then advertises no h3 either). Use it to roll back.
   *
   * @default false
   */
  readonly clear?: boolean;
  /**
   * Step through a staged rollout by changing this one prop: the index of the stage in `rolloutStages`, whose
   * max age is advertised. Raise it once HTTP/3 has served well at the current stage; a client that cached a
   * broken alternative retries QUIC for at most the stage's max age.
   *
   * @default - no staged rollout (`maxAgeSeconds`)
   */
  readonly rolloutStage?: number;
  /**
   * The max ages of the rollout stages, in seconds, increasing.
   *
   * @default [300, 3600, 86400]
   */
  readonly rolloutStages?: readonly number[];
}

/** the max ages of the default rollout stages: 5 minutes, 1 hour, 1 day */
export const DEFAULT_ROLLOUT_STAGES: readonly number[] = [300, 3600, 86400];

/** options of the AltSvcPolicy construct */
export interface AltSvcPolicyOptions extends AltSvcOptions {
  /**
   * The client-facing port, which the load balancer carries over UDP.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * The gateway implementation that serves the origin: decides whether it emits Alt-Svc itself (then the
   * policy must agree with it) or whether the header must be attached.
   *
   * @default - none: only the value is computed, attach it yourself
   */
  readonly gateway?: GatewayOptions | GatewayImplementationName;
  /**
   * The ports your load balancer carries over UDP: the policy refuses to advertise h3 on any other (clients
   * would try QUIC there, fail, and mark HTTP/3 broken for minutes to days).
   *
   * @default - not checked
   */
  readonly udpPorts?: readonly number[];
}

/**
 * Refuse an Alt-Svc value that advertises h3 (on the origin's host) on a port the load balancer does not carry
 * over UDP: Chrome then tries QUIC, fails, and marks the alternative broken (5 minutes up to 2 days).
 */
export function checkAdvertisedPortsCarried(value: string | undefined, udpPorts: readonly number[], path: string): void {
  if (value === undefined) return;
  const parsed = parseAltSvc(value, path, { allowDraftVersions: true });
  if (parsed.clear) return;
  for (const alternative of parsed.alternatives) {
    if (alternative.host !== undefined || !alternative.protocolId.startsWith('h3') || udpPorts.includes(alternative.port)) continue;
    throw Http3ConfigError.refused(
      path,
      value,
      `advertises ${alternative.protocolId} on port ${alternative.port}, which the load balancer does not carry over UDP (UDP ports: ${udpPorts.length > 0 ? udpPorts.join(', ') : 'none'})`,
      'clients would try QUIC there, fail and mark HTTP/3 broken; advertise a port the load balancer carries over UDP, or carry this one',
    );
  }
}

/** how the Alt-Svc value reaches responses */
export enum AltSvcAttachment {
  /** the implementation adds it by itself */
  AUTOMATIC = 'automatic',
  /** kube-http3 adds it as a response header on the routes it renders */
  RESPONSE_HEADER = 'response-header',
  /** nothing is advertised */
  NONE = 'none',
}

/** the decision: what clients receive and how */
export interface AltSvcDecision {
  /** the Alt-Svc value clients receive (`h3=":443"; ma=86400`, or `clear`), undefined when nothing is advertised */
  readonly value?: string;
  readonly attachment: AltSvcAttachment;
  /** whether the QUIC listener stays on (false while withdrawing) */
  readonly quic: boolean;
  /** the max age advertised (undefined when nothing is, or while withdrawing) */
  readonly maxAgeSeconds?: number;
  /** the value kube-http3 must attach (set only for AltSvcAttachment.RESPONSE_HEADER) */
  readonly header?: string;
  readonly report: ReportContribution;
}

/** the result of AltSvcPolicy */
export interface AltSvcPolicySynthesis extends Synthesis {
  /** the Alt-Svc value clients receive, undefined when nothing is advertised */
  readonly value?: string;
  readonly attachment: AltSvcAttachment;
  /** a Gateway API HTTPRoute filter that sets the header, for your own routes */
  readonly httpRouteFilter?: Readonly<Record<string, unknown>>;
  /** an Istio VirtualService `http[].headers` block that sets the header, for your own routes */
  readonly virtualServiceHeaders?: Readonly<Record<string, unknown>>;
}

/**
 * Decide the Alt-Svc for one listener: `raw` is the `altSvc` prop (`undefined` for the default, `false`
 * for "do not advertise", or options), `emission` how the implementation advertises by itself.
 */
export function resolveAltSvc(
  raw: unknown,
  path: string,
  context: { readonly port: number; readonly emission?: AltSvcEmission; readonly implementation?: string },
): AltSvcDecision {
  const { port, emission } = context;
  const implementationProp = 'gateway.implementation';
  const maxAgeProp = join(path, 'maxAgeSeconds');
  if (raw === false) {
    if (emission?.kind === 'automatic') {
      throw Http3ConfigError.conflict(
        path,
        false,
        implementationProp,
        context.implementation,
        `${emission.source}, so it cannot serve HTTP/3 without advertising it`,
        `remove ${path}: false, or use ${path}: { clear: true } to turn HTTP/3 off and withdraw it`,
      );
    }
    return {
      attachment: AltSvcAttachment.NONE,
      quic: true,
      report: {
        discovery: finding(FindingStatus.PARTIAL, 'Alt-Svc is not advertised: only clients that read the HTTPS record (or are told otherwise) try HTTP/3'),
      },
    };
  }
  if (raw !== undefined && !isPlainObject(raw)) {
    throw Http3ConfigError.invalid(path, raw, 'false (advertise nothing), or an object with the fields clear, maxAgeSeconds, rolloutStage, rolloutStages');
  }
  const o = readObject(raw ?? {}, path, ['maxAgeSeconds', 'clear', 'rolloutStage', 'rolloutStages']);
  const clear = readBoolean(o.clear, join(path, 'clear'), false);
  const rollout = readRollout(o, path);
  if (clear) {
    if (rollout) {
      throw Http3ConfigError.conflict(
        join(path, 'rolloutStage'),
        o.rolloutStage,
        join(path, 'clear'),
        true,
        'withdrawing advertises no max age',
        'remove rolloutStage while withdrawing, and start the rollout again from stage 0 afterwards',
      );
    }
    if (o.maxAgeSeconds !== undefined) {
      throw Http3ConfigError.conflict(
        maxAgeProp,
        o.maxAgeSeconds,
        join(path, 'clear'),
        true,
        'a clear value carries no max age (RFC 7838: clear must be the whole value)',
        'remove maxAgeSeconds while withdrawing',
      );
    }
    const value = formatAltSvc({ clear: true }, path);
    // kube-http3 attaches the header through the implementation's routes, except where the backends answer themselves
    const attaches = emission !== undefined && emission.kind !== 'backend';
    return {
      value,
      attachment: attaches ? AltSvcAttachment.RESPONSE_HEADER : AltSvcAttachment.NONE,
      quic: false,
      header: attaches ? value : undefined,
      report: {
        discovery: finding(
          FindingStatus.NO,
          `withdrawing: the QUIC listener is off and responses ${emission?.kind === 'backend' ? `must carry Alt-Svc: clear (${emission.via})` : 'carry Alt-Svc: clear'}, so clients that cached h3 forget it on their next response over TCP; remove ${join(path, 'clear')} once the previous max age has run out`,
        ),
      },
    };
  }
  if (o.maxAgeSeconds === 0) {
    throw Http3ConfigError.invalid(
      maxAgeProp,
      0,
      `an integer between 1 and ${MAX_ALT_SVC_MAX_AGE_SECONDS}`,
      `ma=0 makes Chrome drop the whole header; to withdraw HTTP/3, set ${join(path, 'clear')}: true`,
    );
  }
  if (rollout && o.maxAgeSeconds !== undefined) {
    throw Http3ConfigError.conflict(
      maxAgeProp,
      o.maxAgeSeconds,
      join(path, 'rolloutStage'),
      o.rolloutStage,
      'the rollout stage decides the max age',
      'remove maxAgeSeconds (set the stages with rolloutStages), or remove rolloutStage',
    );
  }
  const requested = rollout?.maxAgeSeconds ?? (o.maxAgeSeconds === undefined ? undefined : readInteger(o.maxAgeSeconds, maxAgeProp, 1, MAX_ALT_SVC_MAX_AGE_SECONDS));
  const requestedProp = rollout ? join(path, 'rolloutStage') : maxAgeProp;
  const requestedValue = rollout ? o.rolloutStage : o.maxAgeSeconds;
  // an implementation with a fixed max age sets the default; elsewhere it is the RFC's 86400
  const fixed = emission?.kind === 'automatic' && !emission.configurableMaxAge ? emission.alternatives[0]?.maxAgeSeconds : undefined;
  const maxAgeSeconds = requested ?? fixed ?? DEFAULT_ALT_SVC_MAX_AGE_SECONDS;
  const value = formatAltSvc({ alternatives: [{ protocolId: 'h3', port, maxAgeSeconds }] }, path);
  const notes = rollout ? [rollout.note] : [];
  if (maxAgeSeconds > 2592000) {
    notes.push(note(NoteSeverity.WARNING, 'alt-svc-long-max-age', `ma=${maxAgeSeconds} is longer than 30 days: Firefox stores expiry as a 32-bit time, and a long ma keeps clients on a broken alternative`));
  }
  if (emission?.kind === 'automatic') {
    const alternatives = emission.configurableMaxAge
      ? emission.alternatives.map((a) => ({ ...a, maxAgeSeconds }))
      : emission.alternatives;
    const emitted = formatAltSvc({ alternatives }, path, { allowDraftVersions: emission.allowDraftVersions });
    if (!emission.configurableMaxAge && requested !== undefined && requested !== fixed) {
      throw Http3ConfigError.conflict(
        requestedProp,
        requestedValue,
        implementationProp,
        context.implementation,
        `${emission.source}, so clients would receive ${emitted}, not ${value}`,
        rollout
          ? 'a staged rollout needs an implementation whose max age kube-http3 sets (haproxy) or backends that send Alt-Svc themselves '
            + `(passthrough); with ${context.implementation}, stage the rollout with a short HTTPS record TTL, or remove rolloutStage`
          : `remove ${maxAgeProp} (or set it to what the implementation emits)`,
      );
    }
    return {
      value: emitted,
      attachment: AltSvcAttachment.AUTOMATIC,
      quic: true,
      maxAgeSeconds,
      report: mergeReport({ notes }, {
        discovery: finding(FindingStatus.YES, `Alt-Svc ${emitted} is added by the implementation (${emission.source})`),
      }),
    };
  }
  if (emission?.kind === 'backend') {
    return {
      value,
      attachment: AltSvcAttachment.NONE,
      quic: true,
      maxAgeSeconds,
      report: {
        discovery: finding(FindingStatus.PARTIAL, `the backends must send Alt-Svc ${value} themselves (${emission.via}): kube-http3 cannot attach it`),
        notes,
      },
    };
  }
  return {
    value,
    attachment: emission ? AltSvcAttachment.RESPONSE_HEADER : AltSvcAttachment.NONE,
    quic: true,
    maxAgeSeconds,
    header: emission ? value : undefined,
    report: {
      discovery: finding(
        emission ? FindingStatus.YES : FindingStatus.PARTIAL,
        emission ? `Alt-Svc ${value} is attached by kube-http3 (${emission.via})` : `Alt-Svc ${value} is computed but not attached: add it to your responses`,
      ),
      notes,
    },
  };
}

/** synthesize the Alt-Svc policy on its own: the value, how it is attached, and ready-made header fragments */
export function synthesizeAltSvcPolicy(options: AltSvcPolicyOptions = {}): AltSvcPolicySynthesis {
  const policyFields = ['maxAgeSeconds', 'clear', 'rolloutStage', 'rolloutStages'];
  const o = readObject(options, '', ['port', 'gateway', 'udpPorts', ...policyFields]);
  const port = readPort(o.port, 'port', HTTPS_PORT);
  const udpPorts = o.udpPorts === undefined ? undefined : readPorts(o.udpPorts, 'udpPorts');
  const gateway = o.gateway === undefined ? undefined : resolveGateway(o.gateway, 'gateway');
  const decision = resolveAltSvc(
    Object.fromEntries(policyFields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]])),
    '',
    { port, emission: gateway?.gateway.altSvc(gateway.options, port), implementation: gateway?.gateway.implementation },
  );
  if (udpPorts) checkAdvertisedPortsCarried(decision.value, udpPorts, 'udpPorts');
  const header = decision.value;
  return {
    resources: [],
    artifacts: [],
    report: mergeReport(decision.report),
    value: decision.value,
    attachment: decision.attachment,
    httpRouteFilter: header === undefined || decision.attachment === AltSvcAttachment.AUTOMATIC
      ? undefined
      : { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: header }] } },
    virtualServiceHeaders: header === undefined || decision.attachment === AltSvcAttachment.AUTOMATIC
      ? undefined
      : { response: { set: { 'alt-svc': header } } },
  };
}

function readPorts(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) throw Http3ConfigError.invalid(path, value, 'a list of port numbers, e.g. [443]');
  return value.map((p, i) => readPort(p, `${path}[${i}]`));
}

/** the rollout stage the props select, with its report note (undefined without rolloutStage) */
function readRollout(o: Record<string, unknown>, path: string): { readonly maxAgeSeconds: number; readonly note: ReportNote } | undefined {
  const stagesProp = join(path, 'rolloutStages');
  if (o.rolloutStage === undefined) {
    if (o.rolloutStages !== undefined) {
      throw Http3ConfigError.invalid(join(path, 'rolloutStage'), undefined, 'the index of the current stage', 'rolloutStages needs rolloutStage');
    }
    return undefined;
  }
  let stages = DEFAULT_ROLLOUT_STAGES;
  if (o.rolloutStages !== undefined) {
    if (!Array.isArray(o.rolloutStages) || o.rolloutStages.length === 0) {
      throw Http3ConfigError.invalid(stagesProp, o.rolloutStages, 'a non-empty list of max ages in seconds, increasing, e.g. [300, 3600, 86400]');
    }
    stages = o.rolloutStages.map((v, i) => readInteger(v, `${stagesProp}[${i}]`, 1, MAX_ALT_SVC_MAX_AGE_SECONDS));
    stages.forEach((v, i) => {
      if (i > 0 && v <= stages[i - 1]) {
        throw Http3ConfigError.invalid(`${stagesProp}[${i}]`, v, `more than the stage before (${stages[i - 1]})`, 'each stage advertises a longer max age');
      }
    });
  }
  const stage = readInteger(o.rolloutStage, join(path, 'rolloutStage'), 0, stages.length - 1);
  const maxAgeSeconds = stages[stage];
  const last = stage === stages.length - 1;
  const text = last
    ? `rollout stage ${stage + 1} of ${stages.length} (ma=${maxAgeSeconds} s): the rollout is complete`
    : `rollout stage ${stage + 1} of ${stages.length} (ma=${maxAgeSeconds} s): a client that cached a broken alternative retries QUIC for at most `
      + `${maxAgeSeconds} s; once HTTP/3 has served well at this stage, set ${join(path, 'rolloutStage')} to ${stage + 1} (ma=${stages[stage + 1]} s)`;
  return { maxAgeSeconds, note: note(NoteSeverity.INFO, 'alt-svc-rollout', text) };
}

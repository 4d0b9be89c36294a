/**
 * HttpsDnsRecord for cdk8s: the RFC 9460 HTTPS records as text and as a zone-file artifact.
 */
import { Construct } from 'constructs';
import { synthesizeHttpsDnsRecord, type HttpsDnsRecordOptions, type HttpsDnsRecordSynthesis, type HttpsRecord } from '../core/https-dns-record';
import type { Http3Report } from '../core/report';
import type { Artifact } from '../core/types';
import { addSynthesis, defaultName } from './_manifests';

/** props of HttpsDnsRecord (cdk8s) */
export interface HttpsDnsRecordProps extends HttpsDnsRecordOptions {}

/**
 * Define the DNS HTTPS records (RFC 9460) that let clients use HTTP/3 on the first connection. Creates no
 * Kubernetes objects: the zone fragment is written by `writeArtifacts(app)`.
 */
export class HttpsDnsRecord extends Construct {
  /** the name prefixing the zone artifact */
  public readonly name: string;
  /** one record per hostname */
  public readonly records: readonly HttpsRecord[];
  /** the records as zone-file lines */
  public readonly zoneFragment: string;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** the zone-file artifact */
  public readonly artifacts: readonly Artifact[];
  /** the whole core output */
  public readonly synthesis: HttpsDnsRecordSynthesis;

  public constructor(scope: Construct, id: string, props: HttpsDnsRecordProps) {
    super(scope, id);
    this.name = props.name ?? defaultName(this);
    this.synthesis = synthesizeHttpsDnsRecord({ ...props, name: this.name });
    addSynthesis(this, this.synthesis);
    this.records = this.synthesis.records;
    this.zoneFragment = this.synthesis.zoneFragment;
    this.report = this.synthesis.report;
    this.artifacts = this.synthesis.artifacts;
  }
}

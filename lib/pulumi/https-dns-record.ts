/**
 * HttpsDnsRecord for Pulumi: the RFC 9460 HTTPS records as text, and as records at the DNS provider.
 */
import * as pulumi from '@pulumi/pulumi';
import { synthesizeHttpsDnsRecord, type HttpsDnsRecordOptions } from '../core/https-dns-record';
import type { Http3Report } from '../core/report';
import { restoreOutput, runCore } from './_inputs';
import { artifactsOutput, createDnsResources } from './_resources';

/** args of HttpsDnsRecord (Pulumi): hostnames and address hints may be `pulumi.Input` */
export interface HttpsDnsRecordArgs extends HttpsDnsRecordOptions<pulumi.Input<string>> {}

/**
 * Define the DNS HTTPS records (RFC 9460) that let clients use HTTP/3 on the first connection, created at the
 * DNS provider when `provider` is set (Cloudflare, Route 53 or Google Cloud DNS; their Pulumi package is an
 * optional peer dependency).
 */
export class HttpsDnsRecord extends pulumi.ComponentResource {
  /** the records as zone-file lines, one per hostname */
  public readonly records: pulumi.Output<string[]>;
  /** the RDATA of each record, e.g. `1 . alpn=h3,h2` (what Route 53 and Cloud DNS take) */
  public readonly rdata: pulumi.Output<string[]>;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** the zone-file artifact and the DNS provider payload, by file name */
  public readonly artifacts: pulumi.Output<Record<string, string>>;
  /** the DNS records created at the DNS provider (none without `provider`) */
  public readonly dnsRecords: readonly pulumi.CustomResource[];

  public constructor(name: string, args: HttpsDnsRecordArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-http3:index:HttpsDnsRecord', name, {}, opts);
    const { result, checked } = runCore({ ...args, name: args.name ?? name }, (a) => synthesizeHttpsDnsRecord(a as HttpsDnsRecordOptions));
    this.records = restoreOutput(result.records.map((r) => r.text), checked.inputs);
    this.rdata = restoreOutput(result.records.map((r) => r.rdataText), checked.inputs);
    this.report = result.report;
    this.artifacts = artifactsOutput(result.artifacts, checked);
    this.dnsRecords = createDnsResources(this, name, result.dnsResources, checked);
    this.registerOutputs({ records: this.records, rdata: this.rdata, artifacts: this.artifacts });
  }
}

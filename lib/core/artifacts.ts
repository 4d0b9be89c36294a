/**
 * Artifacts: files applied with other tools than kubectl (istioctl overlays, Helm values, zone files, DNS
 * API payloads), each starting with one comment line that says which tool applies it.
 */
import { Scalar, stringify } from 'yaml';
import { Artifact, ArtifactTool } from './types';

/** define a YAML artifact (Helm values, istioctl overlays, proxy static config) */
export function yamlArtifact(fileName: string, tool: ArtifactTool, header: string, data: unknown): Artifact {
  return { fileName, tool, header, content: stringify(data, { lineWidth: 0 }) };
}

/**
 * A string a YAML artifact writes double-quoted: for values that may be known only at deployment (a Pulumi Input,
 * rendered as a placeholder that YAML must quote), so the file text is the same either way.
 */
export function doubleQuoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** the full file text: the header as a comment line (`;` for zone files, `#` otherwise), then the body */
export function renderArtifact(artifact: Artifact): string {
  if (artifact.fileName.endsWith('.json')) {
    // JSON has no comments: the header travels as a "$comment" member, which the DNS APIs ignore
    return artifact.content.endsWith('\n') ? artifact.content : `${artifact.content}\n`;
  }
  const comment = artifact.tool === ArtifactTool.ZONE_FILE ? ';' : '#';
  const body = artifact.content.endsWith('\n') ? artifact.content : `${artifact.content}\n`;
  return `${comment} ${artifact.header}\n${body}`;
}

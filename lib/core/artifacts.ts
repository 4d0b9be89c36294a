/**
 * Artifacts: files applied with other tools than kubectl (istioctl overlays, Helm values, zone files, DNS
 * API payloads), each starting with one comment line that says which tool applies it.
 */
import { stringify } from 'yaml';
import { Artifact, ArtifactTool } from './types';

/** define a YAML artifact (Helm values, istioctl overlays, proxy static config) */
export function yamlArtifact(fileName: string, tool: ArtifactTool, header: string, data: unknown): Artifact {
  return { fileName, tool, header, content: stringify(data, { lineWidth: 0 }) };
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

// Reads YAML manifests the way kubectl does: a file may hold several documents separated by `---`; empty
// documents are skipped.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

export async function readYamlDocuments(path: string): Promise<unknown[]> {
  const docs = parseAllDocuments(await readFile(path, 'utf8'));
  return docs.map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
}

// CLI: `node packages/api/dist/generate-crds.js <dir>` writes the CRD YAML files into <dir>.
import { writeCrdFiles } from './crd-files.js';

const dir = process.argv[2];
if (dir === undefined || dir === '') {
  process.stderr.write('usage: generate-crds <output directory>\n');
  process.exitCode = 2;
} else {
  try {
    for (const path of await writeCrdFiles(dir)) process.stdout.write(`wrote ${path}\n`);
  } catch (error) {
    process.stderr.write(`generate-crds: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

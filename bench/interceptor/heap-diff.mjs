// Live objects added per held request between two heap snapshots (from mem-probe.mjs with SNAP=1), grouped by
// constructor: `node bench/interceptor/heap-diff.mjs base.heapsnapshot peak.heapsnapshot <N> [rows]`.
import fs from 'node:fs';

function aggregate(file) {
  const s = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const type = types[s.nodes[i + ti]];
    const raw = s.strings[s.nodes[i + ni]];
    const name = type === 'object' ? raw : type === 'closure' ? `closure ${raw}` : `(${type})`;
    const e = out.get(name) ?? { n: 0, size: 0 };
    e.n++;
    e.size += s.nodes[i + si];
    out.set(name, e);
  }
  return out;
}
const [baseFile, peakFile, n, rows = '40'] = process.argv.slice(2);
const base = aggregate(baseFile);
const peak = aggregate(peakFile);
const N = Number(n);
const diff = [...peak].map(([k, v]) => {
  const b = base.get(k) ?? { n: 0, size: 0 };
  return { name: k, count: (v.n - b.n) / N, bytes: (v.size - b.size) / N };
});
diff.sort((a, b) => b.bytes - a.bytes);
console.log(`live bytes per held request: ${diff.reduce((a, d) => a + d.bytes, 0).toFixed(0)}`);
for (const d of diff.slice(0, Number(rows)))
  console.log(`${d.bytes.toFixed(0).padStart(6)} ${d.count.toFixed(2).padStart(6)}  ${d.name}`);

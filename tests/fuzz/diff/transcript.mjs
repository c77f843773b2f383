// Compares two fuzz-exec transcripts. A transcript is a header (module valid/invalid,
// instantiation) and one block per exported function, from its `call` line up to the next.
// Blocks must be equal until one side's block says `inconclusive` (stack overflow or fuel):
// from there on the engines' states may differ, so the rest is not compared.

function blocks(lines) {
  const out = [[]];
  for (const line of lines) {
    if (line.startsWith('call ')) out.push([]);
    out[out.length - 1].push(line);
  }
  return out;  // out[0] is the header
}

// { verdict: 'same' | 'inconclusive' | 'mismatch', calls: blocks compared equal,
//   detail: the first difference, for a mismatch }
export function compareTranscripts(a, b) {
  const ba = blocks(a);
  const bb = blocks(b);
  const n = Math.max(ba.length, bb.length);
  for (let i = 0; i < n; ++i) {
    const x = ba[i] ?? [];
    const y = bb[i] ?? [];
    if (i > 0 && (x.includes('inconclusive') || y.includes('inconclusive'))) {
      return { verdict: 'inconclusive', calls: i - 1 };
    }
    const len = Math.max(x.length, y.length);
    for (let k = 0; k < len; ++k) {
      if (x[k] !== y[k]) {
        const where = i === 0 ? 'header' : x[0] ?? y[0];
        return {
          verdict: 'mismatch',
          calls: Math.max(i - 1, 0),
          detail: `${where}: "${x[k] ?? '(nothing)'}" vs "${y[k] ?? '(nothing)'}"`,
        };
      }
    }
  }
  return { verdict: 'same', calls: n - 1 };
}

// Reference sentence embeddings in Node.js, a port of ../shared/tools/reference/embed.py for machines
// without Python onnxruntime: ONNX Runtime (onnxruntime-node) and the tokenizer of transformers.js,
// both independent of Tandem's Java stack (ONNX Runtime Java + DJL's Rust tokenizers).
//
//   node embed.mjs --model MODEL.onnx --tokenizer TOKENIZER.json --pooling cls|mean \
//        --input ID_TAB_TEXT.tsv --out VECTORS.tsv [--max-length 512]
//
// Like embed.py: texts one at a time (no padding), truncation to max-length tokens, CLS or mean
// pooling over the tokens, L2 normalisation. Output: one line per item, "id<TAB>v1 v2 ...".
import fs from 'node:fs';
import readline from 'node:readline';
import * as ort from 'onnxruntime-node';
import { PreTrainedTokenizer } from '@huggingface/transformers';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['model', 'tokenizer', 'pooling', 'input', 'out']) {
  if (!args[k]) { console.error(`--${k} is required`); process.exit(2); }
}
if (!['cls', 'mean'].includes(args.pooling)) { console.error(`--pooling (${args.pooling}) must be cls or mean`); process.exit(2); }
const maxLength = Number(args['max-length'] ?? 512);

const tokenizer = new PreTrainedTokenizer(JSON.parse(fs.readFileSync(args.tokenizer, 'utf8')),
  { model_max_length: maxLength });
const session = await ort.InferenceSession.create(args.model, { executionProviders: ['cpu'], intraOpNumThreads: 2 });
const out = fs.createWriteStream(args.out);
const t0 = performance.now();
let n = 0;
const rl = readline.createInterface({ input: fs.createReadStream(args.input, 'utf8'), crlfDelay: Infinity });
for await (const line of rl) {
  if (!line) continue;
  const tab = line.indexOf('\t');
  const id = tab < 0 ? line : line.slice(0, tab);
  const text = tab < 0 ? '' : line.slice(tab + 1);
  const enc = tokenizer(text, { truncation: true, max_length: maxLength });
  const ids = Array.from(enc.input_ids.data, BigInt);
  const len = ids.length;
  const feed = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [1, len]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(enc.attention_mask.data, BigInt), [1, len]),
  };
  if (session.inputNames.includes('token_type_ids')) {
    const types = enc.token_type_ids ? BigInt64Array.from(enc.token_type_ids.data, BigInt) : new BigInt64Array(len);
    feed.token_type_ids = new ort.Tensor('int64', types, [1, len]);
  }
  const result = await session.run(feed);
  const hidden = result[session.outputNames[0]];
  const dim = hidden.dims[2];
  const v = new Float64Array(dim);
  if (args.pooling === 'cls') {
    for (let k = 0; k < dim; k++) v[k] = hidden.data[k];
  } else {
    for (let t = 0; t < len; t++) for (let k = 0; k < dim; k++) v[k] += hidden.data[t * dim + k];
    for (let k = 0; k < dim; k++) v[k] /= len;
  }
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += v[k] * v[k];
  norm = Math.sqrt(norm);
  out.write(id + '\t' + Array.from(v, x => (x / norm).toPrecision(8)).join(' ') + '\n');
  n++;
}
out.end();
const secs = (performance.now() - t0) / 1000;
console.log(`embedded ${n} texts in ${secs.toFixed(1)} s (${Math.round(n / secs)}/s)`);

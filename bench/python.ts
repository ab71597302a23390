// Python benchmark: full analysis (pre-check, parse, facts, rules) of a generated 5,000-line ML
// script and of 1,000 generated files, against bare @lezer/python parsing of the same text, in one run.

import { parser } from '@lezer/python';
import { timeAnalysis } from './harness';

/** One block of typical training code: imports resolved, loads, downloads, YAML and HTTP calls. */
function block(i: number): string {
  return `
MODEL_${i} = "example-org/model-${i}"
CKPT_${i} = f"checkpoints/{MODEL_${i}}-epoch-%d.pt" % ${i}


def train_${i}(config_path, batch_size=32):
    with open(config_path) as f:
        config = yaml.safe_load(f)
    tok = AutoTokenizer.from_pretrained(MODEL_${i}, revision="86b5e0934494bd15c9632b12f734a8a67f723594")
    state = torch.load(CKPT_${i}, map_location="cpu", weights_only=True)
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    for step, batch in enumerate(loader):
        out = model(**batch)
        loss = out.loss / config["accumulate"]
        loss.backward()
    r = requests.get("https://metrics.example.com/run/{}".format(${i}), timeout=10)
    return {"loss": float(loss), "status": r.status_code}
`;
}

function generate(lines: number, seed = 0): string {
  let text = 'import torch\nimport yaml\nimport requests\nfrom torch.utils.data import DataLoader\nfrom transformers import AutoTokenizer\n';
  for (let i = seed; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

function timeParse(files: { text: string }[]): number {
  const t0 = process.hrtime.bigint();
  for (const f of files) parser.parse(f.text);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Analysis and parsing alternate round by round, so drift on the machine touches both; the medians are compared. */
async function compare(files: { rel: string; text: string }[], rounds: number) {
  const a: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await timeAnalysis(files));
    p.push(timeParse(files));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const am = median(a);
  const pm = median(p);
  return { analysisMs: +am.toFixed(1), parseMs: +pm.toFixed(1), ratio: +(am / pm).toFixed(2) };
}

export async function run(): Promise<Record<string, unknown>> {
  const big = generate(5000);
  const one = [{ rel: 'train/big.py', text: big }];
  const many = Array.from({ length: 1000 }, (_, i) => ({ rel: `pkg/mod_${i}.py`, text: generate(60, i) }));
  const results: Record<string, unknown> = {
    file5000Lines: { lines: big.split('\n').length, ...(await compare(one, 9)) },
    files1000: { files: many.length, lines: many.reduce((n, f) => n + f.text.split('\n').length, 0), ...(await compare(many, 5)) },
  };
  results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`python: ${JSON.stringify(results, null, 2)}`);
  return results;
}

"""Markdown tables from semantic_guidance.sh's results.jsonl (one JSON object per run and suite)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coco_table import load, real_image_table  # noqa: E402

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_run = {}
for r in rows:
    by_run.setdefault(r["run"], {})[r["suite"]] = r
towers = [("clip", "CLIP text tower, from scratch"), ("minilm-frozen", "MiniLM frozen + projection"),
          ("minilm-top2", "MiniLM, top 2 layers fine-tuned at lr"),
          ("minilm-top2-slow", "MiniLM, top 2 layers fine-tuned at lr × 0.01"),
          ("minilm-full-slow", "MiniLM, all layers at lr × 0.01 after 50 frozen steps")]
subsets = ["replace_obj", "replace_att", "replace_rel", "swap_obj", "swap_att", "add_obj", "add_att"]


def metric(run, suite, name):
    r = by_run.get(run, {}).get(suite)
    if not r:
        return "—"
    value = r["result"]["metrics"].get(name)
    return "—" if value is None else f"{100 * value:.1f}"


def seconds(run):
    """Training time: the sum of the logged step times (batch preparation overlaps them)."""
    path = os.path.join(os.path.dirname(sys.argv[1]), "runs", run, "metrics.jsonl")
    if not os.path.exists(path):
        return "—"
    total = sum(json.loads(line).get("step_seconds", 0) for line in open(path) if line.strip())
    return f"{total / 60:.1f} min"


world = [f"world-{f}-{t}" for f in ("sparse_caption", "caption") for t, _ in towers]
if any(w in by_run for w in world):
    print("### (a) Synthetic world (held-out split): retrieval R@1 and SugarCrepe accuracy, %\n")
    print("| captions | text tower | t2i R@1 | i2t R@1 | " + " | ".join(subsets) + " | train time |")
    print("|---|---|---|---|" + "---|" * len(subsets) + "---|")
    for field, label in (("sparse_caption", "sparse"), ("caption", "dense")):
        for t, tlabel in towers:
            run = f"world-{field}-{t}"
            if run not in by_run:
                continue
            cells = [metric(run, "retrieval", "t2i_r1"), metric(run, "retrieval", "i2t_r1")]
            cells += [metric(run, "sugarcrepe", s) for s in subsets]
            print(f"| {label} | {tlabel} | " + " | ".join(cells) + f" | {seconds(run)} |")
    print()

flickr = [f"flickr-{t}" for t, _ in towers]
if any(f in by_run for f in flickr):
    print("### (b) Flickr8k-1K (1,000 test images × 5,000 captions), %\n")
    names = ["i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10"]
    print("| text tower | " + " | ".join(n.replace("_r", " R@") for n in names) + " | rsum | train time |")
    print("|---|" + "---|" * len(names) + "---|---|")
    for t, tlabel in towers:
        run = f"flickr-{t}"
        if run not in by_run:
            continue
        cells = [metric(run, "retrieval", n) for n in names]
        rsum = by_run[run].get("retrieval", {}).get("result", {}).get("metrics", {}).get("rsum")
        print(f"| {tlabel} | " + " | ".join(cells) + f" | {'—' if rsum is None else f'{rsum:.1f}'} | {seconds(run)} |")

coco_runs = [(f"flickr-{t}", label) for t, label in towers if "sugarcrepe" in by_run.get(f"flickr-{t}", {})]
if coco_runs:
    print("\n### (b) The Flickr8k models on the real-image COCO suites (SugarCrepe cases with a local image; HierarCaps, 1,000 chains), %\n")
    print(real_image_table(load(sys.argv[1]), coco_runs, retrieval=False))

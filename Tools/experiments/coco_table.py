"""Markdown tables of real-image results (retrieval, SugarCrepe, HierarCaps) from a results.jsonl
of coco.sh or semantic_guidance.sh; `real_image_table` is shared by both."""
import json
import sys

SUBSETS = ["replace_obj", "replace_att", "replace_rel", "swap_obj", "swap_att", "add_obj", "add_att"]
RECALLS = ["i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10"]


def load(path):
    by_run = {}
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            by_run.setdefault(r["run"], {})[r["suite"]] = r
    return by_run


def cell(by_run, run, suite, name, scale=100, digits=1):
    value = by_run.get(run, {}).get(suite, {}).get("result", {}).get("metrics", {}).get(name)
    return "—" if value is None else f"{scale * value:.{digits}f}"


def real_image_table(by_run, runs, retrieval=True):
    """One row per (run, label): retrieval R@K and rsum (if `retrieval`), SugarCrepe per subset and
    the number of cases with images, HierarCaps τ_d, precision and recall (all %, τ_d as is)."""
    head = (["model"] + ([n.replace("_r", " R@") for n in RECALLS] + ["rsum"] if retrieval else [])
            + SUGAR_HEAD + ["HierarCaps τ_d", "precision", "recall"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run, label in runs:
        if run not in by_run:
            continue
        cells = [label]
        if retrieval:
            cells += [cell(by_run, run, "retrieval", n) for n in RECALLS] + [cell(by_run, run, "retrieval", "rsum", 1)]
        sugar = by_run[run].get("sugarcrepe", {}).get("result", {})
        cells += [cell(by_run, run, "sugarcrepe", s) for s in SUBSETS] + [str(sugar.get("evaluated", "—"))]
        cells += [cell(by_run, run, "hierarcaps", "tau_d", 1, 3), cell(by_run, run, "hierarcaps", "precision"),
                  cell(by_run, run, "hierarcaps", "recall")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SUGAR_HEAD = [f"SC {s}" for s in SUBSETS] + ["SC cases"]

if __name__ == "__main__":
    by_run = load(sys.argv[1])
    labels = [("coco-clip", "CLIP text tower from scratch, COCO half"),
              ("coco-minilm", "MiniLM, all layers at lr × 0.01, COCO half"),
              ("flickr-only", "MiniLM, all layers at lr × 0.01, Flickr8k only (transfer)"),
              ("flickr-then-coco", "the Flickr8k model fine-tuned on the COCO half")]
    print("### COCO held-out half (564 images), %\n")
    print(real_image_table(by_run, labels))
    seconds = {r: s["train"]["seconds"] for r, s in by_run.items() if "train" in s}
    print("\nTraining time: " + ", ".join(f"{r} {v / 60:.1f} min" for r, v in seconds.items()))

#!/usr/bin/env python3
"""Times all-MiniLM-L6-v2 in sentence-transformers (CPU, 2 threads) at batch 1 and 64 on the
sentences of Sources/loupe-bench/SentenceEncoderBench.swift, and writes sentences/s to
$LOUPE_CACHE/bench/torch_sentence_encoder.json so `make bench` can print the ratio.

Install: see Tools/fixtures/make_bert_fixtures.py. Run: `make bench-torch` (after `make setup`).
"""
import json
import os
import statistics
import time
from pathlib import Path

import torch
from sentence_transformers import SentenceTransformer

torch.set_num_threads(2)
CACHE = Path(os.environ.get("LOUPE_CACHE", Path.home() / ".cache" / "loupe"))


def sentences(count):
    colours = ["red", "blue", "green", "yellow", "black", "white", "brown", "grey"]
    things = ["dog", "cat", "horse", "bicycle", "car", "bird", "child", "boat"]
    places = ["beach", "park", "street", "river", "kitchen", "field", "garden", "station"]
    return [f"A {colours[i % 8]} {things[(i // 8) % 8]} waits near the {places[(i * 3) % 8]} on a sunny afternoon."
            for i in range(count)]


def main():
    model = SentenceTransformer(str(CACHE / "sentence-encoders" / "all-MiniLM-L6-v2"), device="cpu")
    texts = sentences(64)
    figures = {}
    for batch in (1, 64):
        inputs = texts[:batch]
        with torch.inference_mode():
            model.encode(inputs, batch_size=batch)
            samples, start = [], time.perf_counter()
            while len(samples) < (20 if batch == 1 else 3) or time.perf_counter() - start < 3:
                t0 = time.perf_counter()
                model.encode(inputs, batch_size=batch)
                samples.append(time.perf_counter() - t0)
        figures[f"bs{batch}"] = batch / statistics.median(samples)
        print(f"sentence-transformers all-MiniLM-L6-v2 batch {batch}: {figures[f'bs{batch}']:.1f} sentences/s")
    out = CACHE / "bench" / "torch_sentence_encoder.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()

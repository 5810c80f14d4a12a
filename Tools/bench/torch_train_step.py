#!/usr/bin/env python3
"""Times one InfoNCE + AdamW training step in PyTorch (CPU, 2 threads) for the two models of
`make bench`'s training table, and writes samples/s to $LOUPE_CACHE/bench/torch_train_step.json
so the Swift bench can print the ratio. Same shapes, batch sizes and token counts as
Sources/loupe-bench/TrainingBench.swift.

Install: see Tools/fixtures/make_clip_fixtures.py. Run: `make bench-torch`.
"""
import json
import os
import time

import torch
import torch.nn.functional as F
import transformers

torch.set_num_threads(2)


def model(small):
    if small:
        text = {"hidden_size": 256, "intermediate_size": 1024, "num_attention_heads": 4, "num_hidden_layers": 6,
                "hidden_act": "gelu"}
        vision = {"hidden_size": 256, "intermediate_size": 1024, "num_attention_heads": 4, "num_hidden_layers": 6,
                  "image_size": 64, "patch_size": 8, "hidden_act": "gelu"}
        return transformers.CLIPModel(transformers.CLIPConfig(text_config=text, vision_config=vision, projection_dim=256))
    return transformers.CLIPModel(transformers.CLIPConfig(text_config={"hidden_act": "quick_gelu"},
                                                          vision_config={"hidden_act": "quick_gelu"}))


def features(x):
    return x if torch.is_tensor(x) else x.pooler_output


def time_step(small, batch, tokens, size):
    m = model(small).train()
    opt = torch.optim.AdamW(m.parameters(), lr=1e-5, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.1)
    pixels = torch.randn(batch, 3, size, size)
    ids = torch.randint(300, 40000, (batch, tokens))
    ids[:, 0], ids[:, -1] = 49406, 49407
    labels = torch.arange(batch)

    def step():
        opt.zero_grad()
        img = F.normalize(features(m.get_image_features(pixel_values=pixels)), dim=-1)
        txt = F.normalize(features(m.get_text_features(input_ids=ids)), dim=-1)
        logits = m.logit_scale.exp() * img @ txt.T
        loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
        loss.backward()
        opt.step()

    step()
    times = []
    start = time.time()
    while len(times) < 3 or time.time() - start < 4:
        t = time.time()
        step()
        times.append(time.time() - t)
    times.sort()
    return batch / times[len(times) // 2]


def main():
    out = {"small": time_step(True, 64, 32, 64), "vitb32": time_step(False, 32, 77, 224)}
    cache = os.environ.get("LOUPE_CACHE", os.path.expanduser("~/.cache/loupe"))
    os.makedirs(os.path.join(cache, "bench"), exist_ok=True)
    with open(os.path.join(cache, "bench", "torch_train_step.json"), "w") as f:
        json.dump(out, f)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

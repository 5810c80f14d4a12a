"""Splits the data kit's local COCO val2017 images (coco-captions/local_images.csv) in two halves
by image id, for training on COCO without scoring on training images.

Writes, under OUT (never copying an image; paths point into the kit):
  train.jsonl             one {"image", "caption"} line per caption of the train half
  test.jsonl              one {"image", "captions"} line per image of the held-out half (retrieval)
  test-images/            symbolic links to the held-out images (SugarCrepe --images)
  hierarcaps/hierarcaps_test.csv   the HierarCaps chains of held-out images only

  python3 Tools/experiments/coco_split.py ../shared/data out/coco
"""
import csv
import json
import os
import sys

kit, out = os.path.abspath(sys.argv[1]), sys.argv[2]
os.makedirs(os.path.join(out, "test-images"), exist_ok=True)
os.makedirs(os.path.join(out, "hierarcaps"), exist_ok=True)
coco = json.load(open(os.path.join(kit, "coco-captions", "captions_val2017.json")))
captions = {}
for a in coco["annotations"]:
    captions.setdefault(a["image_id"], []).append(a["caption"].strip())
local = {}
for row in csv.DictReader(open(os.path.join(kit, "coco-captions", "local_images.csv"))):
    path = row["coco_mini_full_path"] or row["hierarcaps_256_path"]
    local[int(row["image_id"])] = os.path.join(kit, path)
ids = sorted(local)
test = set(ids[1::2])  # every other image by id: deterministic, about half
with open(os.path.join(out, "train.jsonl"), "w") as f:
    for i in ids:
        if i not in test:
            for c in captions[i]:
                f.write(json.dumps({"image": local[i], "caption": c}) + "\n")
with open(os.path.join(out, "test.jsonl"), "w") as f:
    for i in ids:
        if i in test:
            f.write(json.dumps({"image": local[i], "captions": captions[i]}) + "\n")
            link = os.path.join(out, "test-images", os.path.basename(local[i]))
            if not os.path.lexists(link):
                os.symlink(local[i], link)
source = os.path.join(kit, "coco-hierarcaps", "hierarcaps_test.csv")
with open(source, newline="") as f, open(os.path.join(out, "hierarcaps", "hierarcaps_test.csv"), "w", newline="") as g:
    reader, writer = csv.reader(f), csv.writer(g)
    header = next(reader)
    writer.writerow(header)
    url = header.index("image_url")
    kept = 0
    for row in reader:
        if int(row[url].rsplit("_", 1)[1].split(".")[0]) in test:
            writer.writerow(row)
            kept += 1
print(f"{len(ids) - len(test)} train images ({sum(len(captions[i]) for i in ids if i not in test)} pairs), "
      f"{len(test)} held-out images, {kept} HierarCaps chains held out", file=sys.stderr)

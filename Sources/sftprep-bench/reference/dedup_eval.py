#!/usr/bin/env python3
"""Scores deduplication on a labelled corpus from `sftprep-bench dedup-corpus`,
for sftprep's output and for datasketch's MinHashLSH run here on the same
corpus with the same normalisation and word 3-gram shingles.

    python3 dedup_eval.py corpus.jsonl --sftprep-kept kept.jsonl [--threshold 0.8] [--num-perm 128]

Per kind (exact, cosmetic, near): copies removed / copies. Distinct
conversations (originals and `distinct` answers to a shared prompt) wrongly
removed: must be 0. Reference tool only: never a dependency of sftprep.
"""
import argparse, json, re, sys, time, unicodedata
from collections import Counter

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("--sftprep-kept", required=True)
ap.add_argument("--threshold", type=float, default=0.8)
ap.add_argument("--num-perm", type=int, default=128)
ap.add_argument("--ngram", type=int, default=3)
a = ap.parse_args()

records = [json.loads(line) for line in open(a.corpus, encoding="utf-8")]
labels = {r["metadata"]["id"]: (r["metadata"]["kind"], r["metadata"]["cluster"]) for r in records}

def score(kept_ids, name, seconds=None):
    total, removed = Counter(), Counter()
    for rid, (kind, _) in labels.items():
        total[kind] += 1
        if rid not in kept_ids:
            removed[kind] += 1
    wrong = removed["original"] + removed["distinct"]
    parts = [f"{k} {removed[k]}/{total[k]}" for k in ("exact", "cosmetic", "near")]
    print(f"{name:<22} removed: {', '.join(parts)}; distinct wrongly removed: {wrong} "
          f"(originals {removed['original']}, shared-prompt answers {removed['distinct']})"
          + (f"; {seconds:.2f} s" if seconds is not None else ""))

sftprep_kept = {json.loads(l)["metadata"]["id"] for l in open(a.sftprep_kept, encoding="utf-8")}
score(sftprep_kept, "sftprep")

# datasketch, as most Python users run it: one MinHash of the whole text, query, insert if new.
from datasketch import MinHash, MinHashLSH
SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")

def tokens(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me"))
    text = re.sub(r"\d", "0", text)
    text = SPACELESS.sub(lambda m: " " + m.group(0) + " ", text)
    return re.findall(r"\w+", text)

def shingles(toks, n):
    if not toks:
        return []
    n = min(n, len(toks))
    return [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]

start = time.time()
lsh = MinHashLSH(threshold=a.threshold, num_perm=a.num_perm)
kept = set()
for line in open(a.corpus, encoding="utf-8"):
    r = json.loads(line)
    text = "\n".join(m.get("content") or "" for m in r["messages"])
    m = MinHash(num_perm=a.num_perm)
    m.update_batch([s.encode("utf-8") for s in shingles(tokens(text), a.ngram)])
    rid = r["metadata"]["id"]
    if lsh.query(m):
        continue
    lsh.insert(rid, m)
    kept.add(rid)
score(kept, "datasketch MinHashLSH", time.time() - start)

#!/usr/bin/env python3
"""Writes a small tekken file (256 bytes and 200 merges learnt from English support text, Mistral's
pattern and layout, 1,000 special ids first) for the tests of Mistral's chat encoding.

    python3 tiny_tekken.py OUT.json VERSION     # VERSION: v3 or v7

The file is ours (learnt here), small, and free to ship; mistral-common reads it as it reads its own."""
import base64, collections, json, sys
out, version = sys.argv[1:3]
text = ("Where is my order? It ships tomorrow. Thanks for your help, the refund is done. You are Acme support. "
        "Please check the status of the order and tell the customer when it arrives. The tool returned the result. ") * 3
words = [list(w.encode()) for w in text.replace(".", " .").split(" ") if w]
vocab = [bytes([b]) for b in range(256)]
for _ in range(200):
    pairs = collections.Counter()
    for w in words:
        for a, b in zip(w, w[1:]): pairs[(a, b)] += 1
    if not pairs: break
    (a, b), _n = pairs.most_common(1)[0]
    new = len(vocab); vocab.append(vocab[a] + vocab[b])
    for w in words:
        i = 0
        while i < len(w) - 1:
            if w[i] == a and w[i + 1] == b: w[i:i + 2] = [new]
            else: i += 1
pattern = r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
entries = [{"rank": r, "token_bytes": base64.b64encode(t).decode(), "token_str": None} for r, t in enumerate(vocab)]
json.dump({"config": {"pattern": pattern, "num_vocab_tokens": len(vocab), "default_vocab_size": 1000 + len(vocab),
                      "default_num_special_tokens": 1000, "version": version}, "vocab": entries}, open(out, "w"))
print(out, len(vocab), "tokens")

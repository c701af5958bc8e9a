#!/usr/bin/env python3
"""Side by side: `sftprep tokens --field text --ids --tokenizer T` against Hugging Face `tokenizers`.

    python3 hf_tokens_eval.py SFTPREP NAME_OR_PATH TOKENIZER_JSON [--write-golden FILE] [--speed CORPUS]

Texts: the 3,196 tiktoken golden strings of Tests/SFTPrepTests/Fixtures (scripts, emoji, digits,
whitespace, code, contractions), their NFD forms, and strings with the tokenizer's added tokens
written in them. Prints how many ids agree and the first mismatches. --write-golden stores texts and
reference ids (the repository's test vectors); --speed times both on CORPUS (JSONL with "text"),
one thread for `tokenizers` (encode per document, as the issue measures) and sftprep's whole command.
Run in a venv with `tokenizers` (pip install tokenizers); a reference tool, never a dependency."""
import json, os, subprocess, sys, time, unicodedata
from tokenizers import Tokenizer

sftprep, spec, path = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
ref = Tokenizer.from_file(path)
texts = [json.loads(l)["text"] for l in open(os.path.join(root, "Tests/SFTPrepTests/Fixtures/tokenizer-o200k_base.jsonl"), encoding="utf-8")]
texts += [unicodedata.normalize("NFD", t) for t in texts if unicodedata.normalize("NFD", t) != t][:500]
added = [a["content"] for a in json.load(open(path, encoding="utf-8"))["added_tokens"]][:20]
texts += [f"before {a} after" for a in added] + [f"{a}{a}x{a}" for a in added[:5]] + ["12345678901234567890", "3.14159 and 2,718 and ١٢٣٤٥"]
# Spaces where SentencePiece-style files (Prepend, Metaspace, lstrip/rstrip) differ from byte-level ones.
texts += [" leading space", "  two leading", "trailing ", "a  b   c", "\tTab\tseparated", "line\n line", " ", "▁already▁marked", "<0x41> literal"]
texts += [f"{a} spaced {a}  x" for a in added[:8]] + [f" {a}" for a in added[:8]] + [f"x \n{a}\n y" for a in added[:8]]
inp = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n"
out = subprocess.run([sftprep, "tokens", "--field", "text", "--ids", "--tokenizer", spec], input=inp.encode(), capture_output=True)
if out.returncode != 0: sys.exit(out.stderr.decode())
ours = [json.loads(l) for l in out.stdout.decode().splitlines()]
theirs = [ref.encode(t, add_special_tokens=False).ids for t in texts]
bad = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if a != b]
print(f"{spec}: {len(texts) - len(bad)} of {len(texts)} texts give the same ids as tokenizers")
for t, a, b in bad[:5]: print("  ", json.dumps(t)[:80], "sftprep", a[:12], "tokenizers", b[:12])
if "--write-golden" in sys.argv:
    with open(sys.argv[sys.argv.index("--write-golden") + 1], "w", encoding="utf-8") as f:
        for t, ids in zip(texts, theirs): f.write(json.dumps({"text": t, "ids": ids}, ensure_ascii=False) + "\n")
if "--speed" in sys.argv:
    corpus = sys.argv[sys.argv.index("--speed") + 1]
    docs = [json.loads(l)["text"] for l in open(corpus, encoding="utf-8")]
    t0 = time.perf_counter(); n = sum(len(ref.encode(d, add_special_tokens=False).ids) for d in docs); t1 = time.perf_counter()
    t2 = time.perf_counter(); r = subprocess.run([sftprep, "tokens", "--field", "text", "--tokenizer", spec, corpus], capture_output=True); t3 = time.perf_counter()
    m = sum(int(x) for x in r.stdout.split())
    mb = os.path.getsize(corpus) / 1e6
    print(f"speed on {len(docs):,} documents ({mb:.1f} MB): tokenizers {t1 - t0:.2f} s one thread ({n:,} tokens); sftprep tokens {t3 - t2:.2f} s whole command ({m:,} tokens); ratio {(t1 - t0) / (t3 - t2):.1f}x")

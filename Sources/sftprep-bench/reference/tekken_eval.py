#!/usr/bin/env python3
"""Side by side: `sftprep tokens --field text --ids --tokenizer TEKKEN_JSON` against mistral-common's
Tekkenizer.encode(text, bos=False, eos=False), on the tiktoken golden strings and their NFD forms.

    python3 tekken_eval.py SFTPREP TEKKEN_JSON [CORPUS]   # CORPUS (JSONL with "text") adds a speed comparison

Run in a venv with mistral-common (the real-checkers mistral venv has it); a reference tool, never a dependency."""
import json, subprocess, sys, unicodedata, os, time
from mistral_common.tokens.tokenizers.tekken import Tekkenizer
sftprep, path = sys.argv[1:3]
tok = Tekkenizer.from_file(path)
root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
texts = [json.loads(l)["text"] for l in open(root + "/Tests/SFTPrepTests/Fixtures/tokenizer-o200k_base.jsonl", encoding="utf-8")]
texts += [unicodedata.normalize("NFD", t) for t in texts if unicodedata.normalize("NFD", t) != t][:500]
texts += ["<s>[INST] hi [/INST]", "12345678901234567890", "I'm you're he's we'll"]
inp = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n"
out = subprocess.run([sftprep, "tokens", "--field", "text", "--ids", "--tokenizer", path], input=inp.encode(), capture_output=True)
if out.returncode: sys.exit(out.stderr.decode())
ours = [json.loads(l) for l in out.stdout.decode().splitlines()]
theirs = [tok.encode(t, bos=False, eos=False) for t in texts]
bad = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if a != b]
print(f"{os.path.basename(path)}: {len(texts) - len(bad)} of {len(texts)} texts give the same ids as mistral-common")
for t, a, b in bad[:5]: print("  ", json.dumps(t)[:60], a[:10], b[:10])
if len(sys.argv) > 3:
    docs = [json.loads(l)["text"] for l in open(sys.argv[3], encoding="utf-8")]
    t0 = time.perf_counter(); n = sum(len(tok.encode(d, bos=False, eos=False)) for d in docs); t1 = time.perf_counter()
    t2 = time.perf_counter(); r = subprocess.run([sftprep, "tokens", "--field", "text", "--tokenizer", path, sys.argv[3]], capture_output=True); t3 = time.perf_counter()
    print(f"speed: mistral-common {t1-t0:.2f} s ({n:,} tokens), sftprep {t3-t2:.2f} s ({sum(int(x) for x in r.stdout.split()):,} tokens)")

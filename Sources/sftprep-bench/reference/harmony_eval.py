#!/usr/bin/env python3
"""Side by side: `sftprep tokens --field text --ids --tokenizer gpt-oss` against tiktoken's o200k_harmony
`encode(text, allowed_special="all")`, on the tiktoken golden strings, their NFD forms and the harmony
special tokens written in text.

    VOCAB_DIR=DIR python3 harmony_eval.py SFTPREP    # DIR holds o200k_base.tiktoken (no download)

Run in a venv with tiktoken; a reference tool, never a dependency."""
import json, os, subprocess, sys, unicodedata
import tiktoken, tiktoken.load
vocab = os.environ["VOCAB_DIR"]
def local_read(url):
    with open(os.path.join(vocab, url.rsplit("/", 1)[-1]), "rb") as f: return f.read()
tiktoken.load.read_file = local_read
tiktoken.load.read_file_cached = lambda url, expected_hash=None: local_read(url)
enc = tiktoken.get_encoding("o200k_harmony")
root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
texts = [json.loads(l)["text"] for l in open(root + "/Tests/SFTPrepTests/Fixtures/tokenizer-o200k_base.jsonl", encoding="utf-8")]
texts += [unicodedata.normalize("NFD", t) for t in texts if unicodedata.normalize("NFD", t) != t][:500]
specials = ["<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|return|>", "<|call|>", "<|constrain|>", "<|endoftext|>", "<|startoftext|>", "<|endofprompt|>", "<|reserved_200017|>", "<|reserved_201087|>"]
texts += [f"<|start|>user<|message|>Hi {s} there<|end|>" for s in specials] + ["<|start|>assistant<|channel|>final<|message|>Done.<|return|>"]
inp = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n"
out = subprocess.run([sys.argv[1], "tokens", "--field", "text", "--ids", "--tokenizer", "gpt-oss"], input=inp.encode(), capture_output=True)
if out.returncode: sys.exit(out.stderr.decode())
ours = [json.loads(l) for l in out.stdout.decode().splitlines()]
theirs = [enc.encode(t, allowed_special="all") for t in texts]
bad = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if a != b]
print(f"gpt-oss: {len(texts) - len(bad)} of {len(texts)} texts give the same ids as tiktoken o200k_harmony")
for t, a, b in bad[:5]: print("  ", json.dumps(t)[:70], a[:10], b[:10])

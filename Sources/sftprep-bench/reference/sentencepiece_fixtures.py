#!/usr/bin/env python3
"""Writes the SentencePiece-style test fixtures: small tokenizer.json files and the ids Hugging Face
`tokenizers` gives for them.

    python3 sentencepiece_fixtures.py OUT_DIR

A BPE model is trained with `sentencepiece` (vocabulary 600, byte fallback on; and one with it off, so
unknown characters become a fused <unk>) on the repository's tiktoken golden texts, then written in the
layouts found on the Hugging Face Hub: legacy Llama/Mistral (Prepend + Replace normalizer), Metaspace
(prepend_scheme first, no split), Metaspace (always, split), Gemma's (Replace normalizer, Split " "
MergedWithPrevious), and Phi-3's (legacy, chat tokens with rstrip/lstrip). The files are ours (trained here),
small, and free to ship. Run in a venv with sentencepiece, protobuf, tokenizers and transformers; reference
tools, never dependencies."""
import io, json, os, sys, unicodedata
import sentencepiece as spm
from transformers.convert_slow_tokenizer import SentencePieceExtractor
from tokenizers import Tokenizer, AddedToken, normalizers, pre_tokenizers, decoders
from tokenizers.models import BPE

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
golden = [json.loads(l)["text"] for l in open(os.path.join(root, "Tests/SFTPrepTests/Fixtures/tokenizer-o200k_base.jsonl"), encoding="utf-8")]

def train(byte_fallback):
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter([t for t in golden if t.strip()][:2500]), model_writer=model,
        model_type="bpe", vocab_size=600, byte_fallback=byte_fallback, character_coverage=0.98,
        user_defined_symbols=[], control_symbols=["[INST]", "[/INST]"], minloglevel=2)
    path = os.path.join("/tmp", f"sp-fixture-{byte_fallback}.model")
    open(path, "wb").write(model.getvalue())
    return path

def build(model_path, layout, byte_fallback):
    ex = SentencePieceExtractor(model_path)
    kw = ex.extract(BPE)
    unk = ex.proto.pieces[ex.proto.trainer_spec.unk_id].piece
    tok = Tokenizer(BPE(vocab=kw["vocab"], merges=kw["merges"], unk_token=unk, fuse_unk=True, byte_fallback=byte_fallback))
    if layout in ("legacy", "phi3"):
        tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    elif layout == "metaspace":
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    elif layout == "metaspace-split":
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    elif layout == "gemma":
        tok.normalizer = normalizers.Replace(" ", "▁")
        tok.pre_tokenizer = pre_tokenizers.Split(" ", "merged_with_previous")
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()])
    tok.add_special_tokens([AddedToken(p.piece, normalized=False, special=True) for p in ex.proto.pieces if p.type in (2, 3)])
    if layout == "phi3":
        tok.add_special_tokens([AddedToken("<|user|>", rstrip=True, normalized=False, special=True),
                                AddedToken("<|end|>", rstrip=True, normalized=False, special=True),
                                AddedToken("<|left|>", lstrip=True, normalized=False, special=True),
                                AddedToken("<|both|>", lstrip=True, rstrip=True, normalized=False, special=True)])
    return tok

layouts = {"legacy": True, "metaspace": True, "metaspace-split": True, "gemma": True, "phi3": True, "legacy-unk": False}
models = {True: train(True), False: train(False)}
texts = golden[::3] + [unicodedata.normalize("NFD", t) for t in golden[:300] if unicodedata.normalize("NFD", t) != t][:100]
specials = ["<s>", "</s>", "[INST]", "[/INST]", "<|user|>", "<|end|>", "<|left|>", "<|both|>"]
texts += [f"before {a} after" for a in specials] + [f"{a}{a}x{a}" for a in specials] + [f"{a} spaced {a}  x" for a in specials]
texts += [f" {a}" for a in specials] + [f"x \n{a}\n y" for a in specials] + [f"  {a}  " for a in specials]
texts += [" leading space", "  two leading", "trailing ", "a  b   c", "\tTab\tseparated", "line\n line", " ", "", "▁already▁marked", "<0x41> literal",
          "中文字符和日本語のテキスト", "emoji 🙂🙃 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ǅ ǈ ǋ Ω Å", "x" * 300, "word " * 60]
os.makedirs(out, exist_ok=True)
rows = [{"text": t} for t in texts]
for layout, fallback in layouts.items():
    tok = build(models[fallback], layout, fallback)
    tok.save(os.path.join(out, f"{layout}.json"))
    for row in rows: row[layout] = tok.encode(row["text"], add_special_tokens=False).ids
with open(os.path.join(out, "golden.jsonl"), "w", encoding="utf-8") as f:
    for row in rows: f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(rows)} texts, {len(layouts)} layouts written to {out}")

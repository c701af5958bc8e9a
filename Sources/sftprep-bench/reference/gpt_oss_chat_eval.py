#!/usr/bin/env python3
"""GPT-OSS chat counts: `sftprep tokens FILE --tokenizer gpt-oss --chat-template T` against tiktoken's
o200k_harmony encoding (allowed_special="all") of the same conversations rendered by transformers' Jinja
with the GPT-OSS template T (its chat_template.jinja, e.g. llama.cpp's models/templates/openai-gpt-oss-120b.jinja).

    VOCAB_DIR=DIR python3 gpt_oss_chat_eval.py SFTPREP TEMPLATE FILE [--write-golden OUT]   # DIR holds o200k_base.tiktoken

Run in a venv with tiktoken and jinja2 (transformers' ImmutableSandboxedEnvironment settings); reference tools only."""
import json, os, subprocess, sys, datetime
import tiktoken, tiktoken.load, jinja2, jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment
vocab = os.environ["VOCAB_DIR"]
tiktoken.load.read_file_cached = lambda url, expected_hash=None: open(os.path.join(vocab, url.rsplit("/", 1)[-1]), "rb").read()
enc = tiktoken.get_encoding("o200k_harmony")
sftprep, template, data = sys.argv[1:4]
def raise_exception(m): raise jinja2.exceptions.TemplateError(m)
env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
env.filters["tojson"] = lambda x, indent=None, separators=None, sort_keys=False: json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = lambda f: datetime.date(2026, 12, 6).strftime(f)
tpl = env.from_string(open(template).read())
convs = [json.loads(l) for l in open(data, encoding="utf-8") if l.strip()]
out = subprocess.run([sftprep, "tokens", data, "--tokenizer", "gpt-oss", "--chat-template", template, "--date", "2026-12-06"], capture_output=True)
ours = [None if x == "null" else int(x) for x in out.stdout.decode().split()]
def count(c):
    msgs = []
    for m in c["messages"]:
        m = dict(m)
        if m.get("tool_calls"): m["tool_calls"] = [dict(t, function=dict(t["function"], arguments=json.loads(t["function"]["arguments"]) if isinstance(t["function"]["arguments"], str) else t["function"]["arguments"])) for t in m["tool_calls"]]
        if m.get("content") is None: m["content"] = ""
        msgs.append(m)
    try: return len(enc.encode(tpl.render(messages=msgs, tools=c.get("tools"), add_generation_prompt=False, bos_token="<|startoftext|>", eos_token="<|return|>"), allowed_special="all"))
    except Exception: return None
theirs = [count(c) for c in convs]
bad = [i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
print(f"gpt-oss: {len(convs) - len(bad)} of {len(convs)} conversations give the same count as tiktoken o200k_harmony of the rendered template")
for i in bad[:3]: print("  ", i, ours[i], theirs[i])
if "--write-golden" in sys.argv:
    with open(sys.argv[sys.argv.index("--write-golden") + 1], "w", encoding="utf-8") as f:
        for c, n in list(zip(convs, theirs))[:40]: f.write(json.dumps(dict(c, expected_tokens=n), ensure_ascii=False) + "\n")

#!/usr/bin/env python3
"""Side by side: `sftprep tokens FILE --tokenizer T` (chat counts through the model's chat template)
against transformers' `apply_chat_template(messages, tools=tools, tokenize=True, add_generation_prompt=False)`.

    python3 chat_template_eval.py SFTPREP SPEC TOKENIZER_DIR [--date YYYY-MM-DD] [--write-golden FILE] [--text]

--text also compares the rendered text (`sftprep tokens --render` against `tokenize=False`): the check of the
template interpreter alone, for a template tried with another model's tokenizer.

TOKENIZER_DIR holds tokenizer.json and tokenizer_config.json (with the chat template). The conversations
cover: no system prompt, a system prompt, several turns, tools with tool calls and results (arguments as
OpenAI's JSON strings), two calls answered by two results, non-Latin text and emoji, braces and quotes
that tojson must escape. Prints how many counts agree and the first rendered texts that differ.
Run in a venv with transformers and jinja2; a reference tool, never a dependency."""
import json, os, subprocess, sys
from transformers import PreTrainedTokenizerFast

sftprep, spec, tdir = sys.argv[1:4]
date = sys.argv[sys.argv.index("--date") + 1] if "--date" in sys.argv else None
cfg = json.load(open(tdir + "/tokenizer_config.json"))
special = lambda v: v.get("content") if isinstance(v, dict) else v
tok = PreTrainedTokenizerFast(tokenizer_file=tdir + "/tokenizer.json", bos_token=special(cfg.get("bos_token")), eos_token=special(cfg.get("eos_token")))
tok.chat_template = open(tdir + "/chat_template.jinja").read() if os.path.exists(tdir + "/chat_template.jinja") else cfg["chat_template"]
TOOLS = [{"type": "function", "function": {"name": "get_order", "description": "Look up an order \"by id\"",
          "parameters": {"type": "object", "properties": {"id": {"type": "string", "description": "Order id, e.g. {A-1}"}}, "required": ["id"]}}}]
def call(i, args): return {"id": f"call_{i}", "type": "function", "function": {"name": "get_order", "arguments": json.dumps(args)}}
U = lambda t: {"role": "user", "content": t}; A = lambda t: {"role": "assistant", "content": t}; S = lambda t: {"role": "system", "content": t}
convs = []
for i in range(40):
    convs.append({"messages": [U(f"Where is order {i}?"), A(f"Order {i} ships tomorrow.")]})
    convs.append({"messages": [S("You are Acme support. Be brief."), U(f"Refund for {i}?"), A("Done."), U("Thanks!"), A("You're welcome 😊")]})
    convs.append({"messages": [U(f"订单 {i} 在哪里？"), A("明天发货。"), U("Ça marche, merci « beaucoup »"), A("De rien !\n\n```json\n{\"ok\": true}\n```")]})
    convs.append({"messages": [U(f"Status of A-{i}?"), {"role": "assistant", "content": "", "tool_calls": [call(i, {"id": f"A-{i}"})]},
                               {"role": "tool", "tool_call_id": f"call_{i}", "content": json.dumps({"status": "shipped", "eta": i})}, A("It shipped.")], "tools": TOOLS})
    convs.append({"messages": [S("Use tools."), U("Two orders?"), {"role": "assistant", "content": "Checking both.", "tool_calls": [call(1, {"id": "x"}), call(2, {"id": "y \"q\""})]},
                               {"role": "tool", "tool_call_id": "call_1", "content": "shipped"}, {"role": "tool", "tool_call_id": "call_2", "content": "lost"},
                               A("One shipped, one lost.")], "tools": TOOLS})
src = "\n".join(json.dumps(c, ensure_ascii=False) for c in convs) + "\n"
args = [sftprep, "tokens", "-", "--tokenizer", spec] + (["--date", date] if date else [])
out = subprocess.run(args, input=src.encode(), capture_output=True)
if out.returncode not in (0, 1) or not out.stdout: sys.exit(out.stderr.decode())  # 1: some examples refused (null)
ours = [int(x) if x != "null" else None for x in out.stdout.decode().split()]
def hf_messages(c):
    msgs = []
    for m in c["messages"]:
        m = dict(m)
        if "tool_calls" in m:
            m["tool_calls"] = [dict(t, function=dict(t["function"], arguments=json.loads(t["function"]["arguments"]))) for t in m["tool_calls"]]
        msgs.append(m)
    return msgs
def ids(c):
    try:  # Hugging Face's convention, arguments as objects; a template that joins them as text gets the strings
        r = tok.apply_chat_template(hf_messages(c), tools=c.get("tools"), tokenize=True, add_generation_prompt=False)
    except Exception:
        try:
            r = tok.apply_chat_template(c["messages"], tools=c.get("tools"), tokenize=True, add_generation_prompt=False)
        except Exception:  # the template refuses the example (raise_exception): sftprep prints null
            return None
    return r["input_ids"] if hasattr(r, "keys") else r  # transformers 5 returns a BatchEncoding
theirs = [len(r) if (r := ids(c)) is not None else None for c in convs]
bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
print(f"{spec}: {len(convs) - len(bad)} of {len(convs)} conversations give the same chat token count as apply_chat_template (refused by both: {sum(1 for a, b in zip(ours, theirs) if a is None and b is None)})")
for i, a, b in bad[:3]:
    print(f"  conversation {i}: sftprep {a}, transformers {b}")
    print("  transformers rendered:", json.dumps(tok.apply_chat_template(hf_messages(convs[i]), tools=convs[i].get("tools"), tokenize=False))[:600])
if "--text" in sys.argv:
    r = subprocess.run(args + ["--render"], input=src.encode(), capture_output=True)
    our_text = [json.loads(l) for l in r.stdout.decode().splitlines()]
    def text(c):
        for m in (hf_messages(c), c["messages"]):
            try: return tok.apply_chat_template(m, tools=c.get("tools"), tokenize=False, add_generation_prompt=False)
            except Exception: pass
        return None
    their_text = [text(c) for c in convs]
    diff = [i for i, (a, b) in enumerate(zip(our_text, their_text)) if a != b]
    print(f"  rendered text: {len(convs) - len(diff)} of {len(convs)} identical to apply_chat_template(tokenize=False)")
    for i in diff[:2]: print("   ", i, json.dumps(our_text[i])[:300], "\n   ", json.dumps(their_text[i])[:300])
if "--write-golden" in sys.argv:
    with open(sys.argv[sys.argv.index("--write-golden") + 1], "w", encoding="utf-8") as f:
        for c, n in zip(convs, theirs): f.write(json.dumps(dict(c, expected_tokens=n), ensure_ascii=False) + "\n")

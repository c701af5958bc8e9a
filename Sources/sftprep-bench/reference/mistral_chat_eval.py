#!/usr/bin/env python3
"""Side by side: `sftprep tokens FILE --tokenizer TEKKEN_JSON` (chat counts) against mistral-common's
`MistralTokenizer.from_file(TEKKEN_JSON, mode=ValidationMode.finetuning).encode_chat_completion(request)`.

    python3 mistral_chat_eval.py SFTPREP TEKKEN_JSON [--write-golden FILE]

Conversations: with and without system prompts (first, in the middle, several), multi-turn, neighbouring
messages of one role, tool calls with arguments as JSON strings, tool results as JSON objects, numbers and
plain text, text with trailing spaces, CJK and emoji. Run in a venv with mistral-common; a reference tool,
never a dependency. A tekken file whose config says "version": "v7" is read as v7 by both."""
import json, subprocess, sys
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.protocol.instruct.validator import ValidationMode

sftprep, path = sys.argv[1:3]
tok = MistralTokenizer.from_file(path, mode=ValidationMode.finetuning)
TOOLS = [{"type": "function", "function": {"name": "get_order", "description": "Look up an order \"by id\"",
          "parameters": {"type": "object", "properties": {"id": {"type": "string", "description": "Order id, e.g. {A-1}"}}, "required": ["id"]}}}]
def call(i, args): return {"id": f"c{i:08d}", "type": "function", "function": {"name": "get_order", "arguments": json.dumps(args)}}
U = lambda t: {"role": "user", "content": t}; A = lambda t: {"role": "assistant", "content": t}; S = lambda t: {"role": "system", "content": t}
T = lambda i, t: {"role": "tool", "tool_call_id": f"c{i:08d}", "content": t}
convs = []
for i in range(30):
    convs.append({"messages": [U(f"Where is order {i}?"), A(f"Order {i} ships tomorrow.")]})
    convs.append({"messages": [S("You are Acme support. Be brief."), U(f"Refund for {i}?"), A("Done."), U("Thanks!"), A("You're welcome 😊  ")]})
    convs.append({"messages": [U(f"订单 {i} 在哪里？"), A("明天发货。"), U("Ça marche, merci « beaucoup »"), A("De rien !\n\n```json\n{\"ok\": true}\n```")]})
    convs.append({"messages": [U(f"Status of A-{i}?"), {"role": "assistant", "content": None, "tool_calls": [call(i, {"id": f"A-{i}"})]},
                               T(i, json.dumps({"status": "shipped", "eta": i})), A("It shipped.")], "tools": TOOLS})
    convs.append({"messages": [S("Use tools."), U("Two orders?"), {"role": "assistant", "content": None, "tool_calls": [call(1, {"id": "x"}), call(2, {"id": "y \"q\" é"})]},
                               T(1, "shipped"), T(2, "42"), A("One shipped, one lost."), U("And a third?"), A("None.")], "tools": TOOLS})
    convs.append({"messages": [U("Hello"), U("Anyone there?"), A("Yes."), A("How can I help?"), U("My order."), S("Be kind."), U(f"It is {i}."), A("Sure.")]})
    convs.append({"messages": [S("First rule."), S("Second rule."), U(f"Order {i}?"), A("On its way.")]})
    convs.append({"messages": [A("Welcome to Acme!"), U("Hi"), A("Hi there.")]})
# What mistral-common refuses: sftprep prints null for these, with the reason.
convs += [{"messages": [U("Hi"), A("Yes."), S("Be kind."), U("a"), A("b")]}, {"messages": [U("Hi"), A("Yes."), U("more")]},
          {"messages": [U("Hi"), {"role": "assistant", "content": "Checking.", "tool_calls": [call(3, {"id": "z"})]}, T(3, "ok"), A("Done.")]},
          {"messages": [U("Hi"), {"role": "assistant", "content": None, "tool_calls": [dict(call(3, {}), id="call_abc123def")]}, T(3, "ok"), A("Done.")]},
          {"messages": [U("Hi"), {"role": "assistant", "content": None, "tool_calls": [call(3, {})]}, T(3, "ok"), T(4, "extra"), A("Done.")]},
          {"messages": [U("Hi"), {"role": "assistant", "content": None, "tool_calls": [call(3, {}), call(4, {})]}, T(3, "ok"), A("Done.")]},
          {"messages": [U("Hi"), {"role": "assistant", "content": None, "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}]},
          {"messages": [A("Hello")]}, {"messages": [U("Hi"), A("")]}]
src = "\n".join(json.dumps(c, ensure_ascii=False) for c in convs) + "\n"
out = subprocess.run([sftprep, "tokens", "-", "--tokenizer", path], input=src.encode(), capture_output=True)
if out.returncode not in (0, 1) or not out.stdout: sys.exit(out.stderr.decode())
refusals = [l for l in out.stderr.decode().splitlines() if "refuses" in l]
ours = [int(x) if x != "null" else None for x in out.stdout.decode().split()]
def ids(c):
    try:
        return tok.encode_chat_completion(ChatCompletionRequest(messages=c["messages"], tools=c.get("tools"))).tokens
    except Exception as e:
        return None
theirs = [ids(c) for c in convs]
counts = [len(t) if t is not None else None for t in theirs]
bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, counts)) if a != b]
print(f"{path.split('/')[-1]} ({tok.instruct_tokenizer.tokenizer.version.value}): {len(convs) - len(bad)} of {len(convs)} conversations give the same count as mistral-common's encode_chat_completion (refused by it: {counts.count(None)})")
print("  refused by both, e.g.:", *refusals[-3:], sep="\n    ")
for i, a, b in bad[:3]: print(f"  conversation {i}: sftprep {a}, mistral-common {b}: {json.dumps(convs[i])[:300]}")
if "--write-golden" in sys.argv:
    with open(sys.argv[sys.argv.index("--write-golden") + 1], "w", encoding="utf-8") as f:
        for c, t in zip(convs, theirs): f.write(json.dumps(dict(c, ids=t), ensure_ascii=False) + "\n")

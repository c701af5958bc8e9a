#!/usr/bin/env python3
"""Side by side: each target's own checker and `sftprep validate --target T`, one rule at a time.

    python3 targets_eval.py make DIR            # writes DIR/<target>/<case>.jsonl and DIR/cases.json
    python3 targets_eval.py run DIR SFTPREP CHECK [--write-verdicts FILE]
        # runs CHECK (the "real-checkers" check script, outside this repository) and SFTPREP validate on every case;
        # prints a markdown table (rule, case, real verdict, sftprep verdict) and the disagreements;
        # --write-verdicts stores the real verdicts as the tests' expectations.
    python3 targets_eval.py nova2 DIR SFTPREP [--write-verdicts FILE]
        # Nova 2 Lite (bedrock-nova-2), which real-checkers' `check` does not cover: writes the cases to
        # DIR/bedrock-nova-2/, runs amzn-nova-forge's SFTDatasetValidator for NOVA_LITE_2 from the nova venv
        # that real-checkers' setup.sh makes (/tmp/real-checkers-venv/nova), prints rows as `run` does and
        # adds the verdicts to FILE.
    python3 targets_eval.py export DIR SFTPREP CHECK
        # writes DIR/messy.jsonl (every case above plus other shapes and broken lines), runs
        # `SFTPREP export --target T --fix` for every target and CHECK on each output; prints, per
        # target, records read, written, rejected (and whether they add up) and the real verdict.

A case is one record that exercises one rule, padded with valid records to the target's minimum file
size (Claude on Bedrock wants 32 lines, Nova 8) so that only the rule under test decides. File-level
cases (a byte-order mark, a blank line, too few lines, system prompts in some records only) are whole
files. Records are in the target's own layout (chat JSONL, Bedrock's {"system", "messages"}, Nova's
bedrock-conversation-2024, Gemini's contents/parts).
"""
import json, os, subprocess, sys

U = lambda t: {"role": "user", "content": t}
A = lambda t, **k: dict({"role": "assistant", "content": t}, **k)
S = lambda t: {"role": "system", "content": t}
TOOLS = [{"type": "function", "function": {"name": "get_order", "description": "Look up an order by id",
          "parameters": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}}]


def call(i, name="get_order", args='{"id": "42"}', typed=True):
    c = {"id": i, "function": {"name": name, "arguments": args}}
    if typed: c["type"] = "function"
    return c


def tool_turns(ids, results=None, typed=True, content_key=True):
    a = {"role": "assistant", "tool_calls": [call(i, typed=typed) for i in ids]}
    if content_key: a["content"] = ""
    res = [{"role": "tool", "tool_call_id": i, "content": '{"status": "shipped"}'} for i in (results if results is not None else ids)]
    return [U("Where are my orders?"), a] + res + [A("They shipped yesterday.")]


CHAT_CASES = {
    "valid": {"messages": [U("How do I reset my password?"), A("Use the link on the sign-in page.")]},
    "system_then_assistant": {"messages": [S("You are Acme support."), A("Hello! How can I help?")]},
    "assistant_only": {"messages": [A("Hello!")]},
    "consecutive_user": {"messages": [U("Hi"), U("Anyone there?"), A("Yes, I'm here.")]},
    "ends_with_user": {"messages": [U("Hi"), A("Hello"), U("Bye")]},
    "two_system_messages": {"messages": [S("Be brief."), S("Be kind."), U("Hi"), A("Hello")]},
    "system_not_first": {"messages": [U("Hi"), S("Be brief."), A("Hello")]},
    "tool_call_without_content_key": {"messages": tool_turns(["a1b2c3d4e"], content_key=False), "tools": TOOLS},
    "tool_call_with_empty_content": {"messages": tool_turns(["a1b2c3d4e"]), "tools": TOOLS},
    "two_calls_one_result": {"messages": tool_turns(["a1b2c3d4e", "f5g6h7i8j"], results=["a1b2c3d4e"]), "tools": TOOLS},
    "tool_without_description": {"messages": tool_turns(["a1b2c3d4e"]),
                                 "tools": [{"type": "function", "function": {"name": "get_order", "parameters": TOOLS[0]["function"]["parameters"]}}]},
    "tool_parameters_empty": {"messages": tool_turns(["a1b2c3d4e"]),
                              "tools": [{"type": "function", "function": {"name": "get_order", "description": "Look up an order", "parameters": {}}}]},
    "tool_call_without_type": {"messages": tool_turns(["a1b2c3d4e"], typed=False), "tools": TOOLS},
    "tool_call_id_long": {"messages": tool_turns(["call_abc123xyz"]), "tools": TOOLS},
    "weight_zero_assistant": {"messages": [U("Hi"), A("Hello", weight=0), U("Refund?"), A("Done, refunded.", weight=1)]},
    "weight_on_user": {"messages": [{"role": "user", "content": "Hi", "weight": 1}, A("Hello")]},
    "weight_true": {"messages": [U("Hi"), A("Hello", weight=True)]},
    "weight_float": {"messages": [U("Hi"), A("Hello", weight=1.0)]},
    "unknown_message_key": {"messages": [dict(U("Hi"), mood="happy"), A("Hello")]},
    "empty_user_content": {"messages": [U(""), A("Did you mean to send something?")]},
    "mixed_content_types": {"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}, A("Hello")]},
    "text_parts_only": {"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]},
                                     {"role": "assistant", "content": [{"type": "text", "text": "Hello"}]}]},
    "name_field": {"messages": [dict(U("Hi"), name="priya"), A("Hello Priya")]},
    "extra_top_level_key": {"messages": [U("Hi"), A("Hello")], "id": "ticket-1"},
    "reserved_human_assistant": {"messages": [U("Explain this log:\nHuman: hi\nAssistant: hello"), A("It is a greeting.")]},
    "reserved_user_bot_labels": {"messages": [U("The page says User: and Bot: before each line"), A("Those are labels.")]},
    "special_token": {"messages": [U("What is <|endoftext|>?"), A("A special token.")]},
}


def claude(rec):
    msgs = rec["messages"]
    system = "\n".join(m["content"] for m in msgs if m.get("role") == "system")
    out = {"messages": [{"role": m["role"], "content": m["content"]} for m in msgs if m.get("role") != "system"]}
    if system: out = {"system": system, **out}
    return out


def nova(rec):
    msgs = rec["messages"]
    out = {"schemaVersion": "bedrock-conversation-2024"}
    system = [m["content"] for m in msgs if m.get("role") == "system"]
    if system: out["system"] = [{"text": t} for t in system]
    out["messages"] = [{"role": m["role"], "content": [{"text": m["content"]}]} for m in msgs if m.get("role") != "system"]
    return out


def vertex(rec, snake=False):
    msgs = rec["messages"]
    out = {}
    system = [m["content"] for m in msgs if m.get("role") == "system"]
    if system: out["system_instruction" if snake else "systemInstruction"] = {"parts": [{"text": t} for t in system]}
    out["contents"] = [{"role": "model" if m["role"] == "assistant" else "user", "parts": [{"text": m["content"]}]}
                       for m in msgs if m.get("role") != "system"]
    return out


SIMPLE = ["valid", "system_then_assistant", "assistant_only", "consecutive_user", "ends_with_user", "empty_user_content",
          "reserved_human_assistant", "reserved_user_bot_labels"]

TARGETS = {
    "openai": ("chat", list(CHAT_CASES), 10),
    "together": ("chat", list(CHAT_CASES), 1),
    "mistral": ("chat", list(CHAT_CASES), 1),
    "trl": ("chat", list(CHAT_CASES), 1),
    "axolotl": ("chat", list(CHAT_CASES), 1),
    "bedrock": ("claude", SIMPLE + ["two_system_messages"], 32),
    "bedrock-nova": ("nova", SIMPLE + ["two_system_messages"], 8),
    "vertex": ("vertex", SIMPLE + ["two_system_messages"], 1),
}


def padding(n):
    return [{"messages": [U(f"Question {i}: where is my parcel?"), A(f"Answer {i}: it is on its way.")]} for i in range(n)]


def native(kind, rec):
    return {"chat": lambda r: r, "claude": claude, "nova": nova, "vertex": vertex}[kind](rec)


def make(d):
    cases = {}
    for target, (kind, names, minimum) in TARGETS.items():
        os.makedirs(os.path.join(d, target), exist_ok=True)
        files = {}
        for name in names:
            files[name] = [native(kind, CHAT_CASES[name])] + [native(kind, r) for r in padding(max(0, minimum - 1))]
        # File-level cases.
        pad = [native(kind, r) for r in padding(max(minimum, 2))]
        files["byte_order_mark"] = ("BOM", pad)
        files["blank_line"] = ("BLANK", pad)
        if minimum > 1:
            files["too_few_lines"] = [native(kind, r) for r in padding(minimum - 1)]
        if kind in ("nova", "claude", "chat"):
            with_system = {"messages": [S("You are Acme support."), U("Hi"), A("Hello")]}
            files["system_in_some_records_only"] = [native(kind, with_system)] + pad
        if kind == "vertex":
            files["system_instruction_snake_case"] = [vertex({"messages": [S("Be brief."), U("Hi"), A("Hello")]}, snake=True)] + pad
            def fc(parameters, key="parameters"):
                return {"contents": [{"role": "user", "parts": [{"text": "Where is order 42?"}]},
                                     {"role": "model", "parts": [{"functionCall": {"name": "get_order", "args": {"id": "42"}}}]},
                                     {"role": "user", "parts": [{"functionResponse": {"name": "get_order", "response": {"status": "shipped"}}}]},
                                     {"role": "model", "parts": [{"text": "It shipped yesterday."}]}],
                        "tools": [{"functionDeclarations": [{"name": "get_order", "description": "Look up an order", key: parameters}]}]}
            files["function_calling"] = [fc({"type": "OBJECT", "properties": {"id": {"type": "STRING"}}, "required": ["id"]})] + pad
            files["function_parameters_lowercase_type"] = [fc({"type": "object", "properties": {"id": {"type": "string"}}})] + pad
            files["function_parameters_json_schema"] = [fc({"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": False}, key="parametersJsonSchema")] + pad
        for name, content in files.items():
            mode, recs = content if isinstance(content, tuple) else ("", content)
            text = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"
            if mode == "BOM": text = "\ufeff" + text
            if mode == "BLANK": text = text.replace("\n", "\n\n", 1)
            open(os.path.join(d, target, name + ".jsonl"), "w", encoding="utf-8").write(text)
            cases.setdefault(target, []).append(name)
    json.dump(cases, open(os.path.join(d, "cases.json"), "w"), indent=1)


def run(d, sftprep, check, write=None):
    cases = json.load(open(os.path.join(d, "cases.json")))
    verdicts, rows, disagree = {}, [], 0
    for target, names in cases.items():
        files = [os.path.join(d, target, n + ".jsonl") for n in names]
        real = {}
        out = subprocess.run([check, target] + files, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("{"):
                r = json.loads(line); real[os.path.basename(r["file"])[:-6]] = r
        for n, f in zip(names, files):
            v = subprocess.run([sftprep, "validate", "--target", target, f, "-q"], capture_output=True, text=True)
            ours = v.returncode == 0
            theirs = real.get(n, {}).get("ok")
            verdicts.setdefault(target, {})[n] = theirs
            mark = "" if ours == theirs else "  ← disagree"
            disagree += ours != theirs
            why = (real.get(n, {}).get("why") or "").replace("|", "/")[:90]
            rows.append(f"| {target} | {n} | {'pass' if theirs else 'fail'} {why} | {'pass' if ours else 'fail'}{mark} |")
    print("| target | case | real checker | sftprep validate |\n|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{disagree} disagreements of {len(rows)} cases")
    if write: json.dump(verdicts, open(write, "w"), indent=1, sort_keys=True)


def messy_records():
    """Every case record, padding with and without system prompts and untrained last turns, other shapes."""
    recs = [json.dumps(r, ensure_ascii=False) for r in CHAT_CASES.values()]
    for i in range(40):
        m = [U(f"Question {i}: how do I change my plan?"), A(f"Answer {i}: open Settings, then Plan.")]
        if i % 3 == 0: m = [S("You are Acme's support assistant.")] + m
        if i % 5 == 0: m += [U("Thanks!"), A("You're welcome.", weight=0)]
        recs.append(json.dumps({"messages": m}))
    recs += [
        json.dumps({"conversations": [{"from": "human", "value": "ShareGPT question?"}, {"from": "gpt", "value": "ShareGPT answer."}]}),
        json.dumps({"instruction": "Translate 'thanks' to French.", "input": "", "output": "Merci."}),
        json.dumps({"messages": [U("Weather in Paris?"), {"role": "assistant", "content": None, "function_call": {"name": "get_weather", "arguments": '{"city": "Paris"}'}},
                                 {"role": "function", "name": "get_weather", "content": '{"temp": 21}'}, A("21 degrees.")],
                    "functions": [{"name": "get_weather", "description": "Weather by city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]}),
        json.dumps({"system": "Be brief.", "messages": [U("Bedrock Claude record?"), A("Yes.")]}),
        json.dumps({"schemaVersion": "bedrock-conversation-2024", "system": [{"text": "Be brief."}],
                    "messages": [{"role": "user", "content": [{"text": "Nova record?"}]}, {"role": "assistant", "content": [{"text": "Yes."}]}]}),
        json.dumps(vertex({"messages": [S("Be kind."), U("Hi Gemini"), A("Hello!")]}, snake=True)),
        json.dumps({"messages": [U("Early untrained"), A("skip me", weight=0), U("Real question"), A("Real answer.")]}),
        '{"messages": [{"role": "user", "content": "broken',
        "",
        "[1, 2, 3]",
    ]
    return recs


def export(d, sftprep, check):
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "messy.jsonl")
    recs = messy_records()
    open(src, "w", encoding="utf-8").write("\n".join(recs) + "\n")
    read = sum(1 for r in recs if r.strip())
    print(f"{read} records in {src}\n")
    print("| target | written | rejected | all accounted | real checker |\n|---|---|---|---|---|")
    for target in ["openai", "azure-openai", "together", "fireworks", "mistral", "bedrock", "bedrock-nova", "vertex", "trl", "axolotl"]:
        out, rej = os.path.join(d, f"out-{target}.jsonl"), os.path.join(d, f"rej-{target}.jsonl")
        for f in (out, rej):
            if os.path.exists(f): os.remove(f)
        subprocess.run([sftprep, "export", "--target", target, "--fix", src, "-o", out, "--rejects", rej, "-q"], capture_output=True)
        written = sum(1 for _ in open(out)) if os.path.exists(out) else 0
        rejected = sum(1 for _ in open(rej)) if os.path.exists(rej) else 0
        checker = {"azure-openai": "openai", "fireworks": None}.get(target, target)
        if checker:
            r = subprocess.run([check, checker, out], capture_output=True, text=True).stdout
            v = [json.loads(l) for l in r.splitlines() if l.startswith("{")]
            verdict = ("pass" if v and v[0]["ok"] else "FAIL " + (v[0].get("why") or "")[:100] if v else "no verdict") + f" ({checker})"
        else:
            verdict = "no public checker"
        print(f"| {target} | {written} | {rejected} | {'yes' if written + rejected == read else 'NO'} | {verdict} |")


NOVA2_FORGE = """
import json, sys, io, contextlib, warnings
warnings.filterwarnings("ignore")
from amzn_nova_forge.dataset.dataset_validator.sft_dataset_validator import SFTDatasetValidator
from amzn_nova_forge.core.enums import Model, Platform, TrainingMethod
for p in sys.argv[1:]:
    try:
        rows = [json.loads(l) for l in open(p, encoding="utf-8")]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            SFTDatasetValidator().validate(iter(rows), Model.NOVA_LITE_2, platform=Platform.BEDROCK, training_method=TrainingMethod.SFT_LORA)
        print(json.dumps({"file": p, "ok": True, "why": ""}))
    except Exception as e:
        print(json.dumps({"file": p, "ok": False, "why": " ".join(str(e).split())[:200]}))
"""


def nova2_records(i, tools=True, description=True, result_text=None):
    spec = {"name": "get_order", "inputSchema": {"json": {"type": "object", "properties": {"id": {"type": "string"}}}}}
    if description: spec["description"] = "Look up an order by id"
    if not tools:
        return {"schemaVersion": "bedrock-conversation-2024", "system": [],
                "messages": [{"role": "user", "content": [{"text": f"Question {i}: where is my parcel?"}]},
                             {"role": "assistant", "content": [{"text": f"Answer {i}: it is on its way."}]}]}
    result = {"text": result_text} if result_text else {"json": {"status": "shipped", "day": i}}
    return {"schemaVersion": "bedrock-conversation-2024", "system": [], "toolConfig": {"tools": [{"toolSpec": spec}]},
            "messages": [{"role": "user", "content": [{"text": f"Where is order {i}?"}]},
                         {"role": "assistant", "content": [{"toolUse": {"toolUseId": f"t{i}", "name": "get_order", "input": {"id": str(i)}}}]},
                         {"role": "user", "content": [{"toolResult": {"toolUseId": f"t{i}", "content": [result]}}]},
                         {"role": "assistant", "content": [{"text": f"Order {i} shipped."}]}]}


def nova2(d, sftprep, write=None):
    target = "bedrock-nova-2"
    os.makedirs(os.path.join(d, target), exist_ok=True)
    cases = {
        "valid_with_tools": [nova2_records(i) for i in range(200)],
        "valid_without_tools": [nova2_records(i, tools=False) for i in range(200)],
        "mixed_tool_use": [nova2_records(0)] + [nova2_records(i, tools=False) for i in range(1, 200)],
        "tool_without_description": [nova2_records(0, description=False)] + [nova2_records(i) for i in range(1, 200)],
        "reserved_word_in_tool_result": [nova2_records(0, result_text="Bot: shipped")] + [nova2_records(i) for i in range(1, 200)],
        "too_few_lines": [nova2_records(i) for i in range(199)],
    }
    files = []
    for name, recs in cases.items():
        f = os.path.join(d, target, name + ".jsonl")
        open(f, "w", encoding="utf-8").write("\n".join(json.dumps(r) for r in recs) + "\n")
        files.append((name, f))
    out = subprocess.run(["/tmp/real-checkers-venv/nova/bin/python", "-c", NOVA2_FORGE] + [f for _, f in files], capture_output=True, text=True).stdout
    real = {os.path.basename(r["file"])[:-6]: r for r in map(json.loads, filter(lambda l: l.startswith("{"), out.splitlines()))}
    verdicts = json.load(open(write)) if write and os.path.exists(write) else {}
    print("| target | case | real checker | sftprep validate |\n|---|---|---|---|")
    for name, f in files:
        ours = subprocess.run([sftprep, "validate", "--target", target, f, "-q"], capture_output=True).returncode == 0
        theirs = real[name]["ok"]
        verdicts.setdefault(target, {})[name] = {"real": theirs, "why": real[name]["why"][:90]} if write and isinstance(next(iter(verdicts.get("openai", {}).values()), None), dict) else theirs
        print(f"| {target} | {name} | {'pass' if theirs else 'fail'} {real[name]['why'][:90]} | {'pass' if ours else 'fail'}{'' if ours == theirs else '  ← disagree'} |")
    if write: json.dump(verdicts, open(write, "w"), indent=1, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    if sys.argv[1] == "make": make(sys.argv[2])
    elif sys.argv[1] == "run":
        w = sys.argv[sys.argv.index("--write-verdicts") + 1] if "--write-verdicts" in sys.argv else None
        run(sys.argv[2], sys.argv[3], sys.argv[4], w)
    elif sys.argv[1] == "export": export(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "nova2":
        nova2(sys.argv[2], sys.argv[3], sys.argv[sys.argv.index("--write-verdicts") + 1] if "--write-verdicts" in sys.argv else None)

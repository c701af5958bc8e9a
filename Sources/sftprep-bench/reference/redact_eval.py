#!/usr/bin/env python3
"""Builds a PII evaluation set with Faker (ten locales) and scores redaction.

    python3 redact_eval.py make eval.jsonl          # planted PII + look-alikes, labels in metadata
    sftprep redact eval.jsonl -q > redacted.jsonl
    python3 redact_eval.py score eval.jsonl redacted.jsonl [--scrubadub] [--presidio]

A planted value counts as found when it no longer appears in the redacted text;
a look-alike counts as preserved when it still does. Reference tools only: never
dependencies of sftprep.
"""
import json, random, sys, time
from collections import Counter, defaultdict

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "en_IN", "ja_JP"]
TEMPLATES = {
    "EMAIL": ["Please send the invoice to {v}.", "My e-mail is {v}, thanks!", "Contact: {v}"],
    "PHONE": ["You can call me on {v} after 5pm.", "My number is {v}.", "Phone: {v}"],
    "CREDIT_CARD": ["I paid with card {v} yesterday.", "Card number {v}, expiry next year."],
    "IBAN": ["Please refund to IBAN {v}.", "My account: {v}"],
    "US_SSN": ["For the tax form my SSN is {v}.", "SSN {v}"],
    "IP_ADDRESS": ["The login came from {v} this morning.", "Our office IP is {v}."],
    "SECRET": ["Here is the key: {v}", "I pasted my token {v} by mistake."],
}
LOOKALIKES = [
    "Order #{n} shipped on {d}.", "Ticket T-{n} was closed.", "It costs {p} € including VAT.", "Version {ver} fixes it.",
    "Tracking number 1Z{n}AA{n2}.", "Request id {uuid}.", "Commit {sha} is deployed.", "Meeting at {h}:{m} on {d}.",
    "We sold {n},000 units, up {pct}%.", "Invoice INV-{n} is attached.",
]

def secret(rng):
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    kind = rng.choice(["aws", "github", "openai", "stripe", "google", "slack", "jwt"])
    r = lambda n, cs=alnum: "".join(rng.choice(cs) for _ in range(n))
    if kind == "aws": return "AKIA" + r(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    if kind == "github": return "ghp_" + r(36)
    if kind == "openai": return "sk-proj-" + r(40)
    if kind == "stripe": return "sk_live_" + r(24)
    if kind == "google": return "AIza" + r(35, alnum + "_-")
    if kind == "slack": return "xoxb-" + r(12, "0123456789") + "-" + r(24)
    return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI" + r(20) + "In0." + r(43, alnum + "_-")

def make(path):
    from faker import Faker
    rng = random.Random(7)
    out = open(path, "w")
    n = 0
    for loc in LOCALES:
        f = Faker(loc); f.seed_instance(11)
        us = Faker("en_US"); us.seed_instance(13)
        for _ in range(60):
            for t in TEMPLATES:
                if t == "EMAIL": v = f.email()
                elif t == "PHONE": v = f.phone_number()
                elif t == "CREDIT_CARD": v = f.credit_card_number()
                elif t == "IBAN": v = f.iban() if loc not in ("en_US", "en_IN", "ja_JP") else us.iban()
                elif t == "US_SSN": v = us.ssn()
                elif t == "IP_ADDRESS": v = f.ipv4_public() if rng.random() < 0.7 else f.ipv6()
                else: v = secret(rng)
                text = rng.choice(TEMPLATES[t]).format(v=v)
                out.write(json.dumps({"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "Thanks, noted."}],
                                      "metadata": {"id": f"e{n}", "kind": "pii", "type": t, "value": v, "locale": loc}}, ensure_ascii=False) + "\n"); n += 1
    for _ in range(600):
        tmpl = rng.choice(LOOKALIKES)
        vals = dict(n=rng.randint(10000, 99999), n2=rng.randint(10**9, 10**10 - 1), d=f"2024-0{rng.randint(1,9)}-1{rng.randint(0,9)}",
                    p=f"{rng.randint(5,999)},{rng.randint(10,99)}", ver=f"{rng.randint(1,9)}.{rng.randint(0,20)}.{rng.randint(0,9)}",
                    uuid="%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48)),
                    sha="%040x" % rng.getrandbits(160), h=rng.randint(10, 23), m=rng.randint(10, 59), pct=rng.randint(2, 90))
        text = tmpl.format(**vals)
        out.write(json.dumps({"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "Thanks, noted."}],
                              "metadata": {"id": f"e{n}", "kind": "lookalike", "value": text}}) + "\n"); n += 1

def presidio_clean(texts):
    """presidio-analyzer's pattern recognizers, called directly (its AnalyzerEngine needs a spaCy
    model that cannot be downloaded offline); every span found, at any score, is replaced."""
    import logging
    logging.disable(logging.CRITICAL)
    from presidio_analyzer.predefined_recognizers import (EmailRecognizer, PhoneRecognizer, CreditCardRecognizer,
                                                          IbanRecognizer, UsSsnRecognizer, IpRecognizer)
    recs = [EmailRecognizer(), PhoneRecognizer(), CreditCardRecognizer(), IbanRecognizer(), UsSsnRecognizer(), IpRecognizer()]
    out = {}
    for key, text in texts.items():
        spans = []
        for r in recs:
            try:
                spans += [(x.start, x.end) for x in r.analyze(text, entities=r.supported_entities, nlp_artifacts=None)]
            except Exception:
                pass
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + "[PII]" + text[end:]
        out[key] = text
    return out

def score(eval_path, redacted_path, use_scrubadub, use_presidio=False):
    rows = [json.loads(l) for l in open(eval_path)]
    got = {}
    for l in open(redacted_path):
        r = json.loads(l); got[r["metadata"]["id"]] = r["messages"][0]["content"]
    def report(name, outputs, seconds=None):
        found, total = Counter(), Counter()
        kept = lk = 0
        for r in rows:
            m = r["metadata"]; text = outputs[m["id"]]
            if m["kind"] == "pii":
                total[m["type"]] += 1
                if m["value"] not in text: found[m["type"]] += 1
            else:
                lk += 1
                if text == m["value"]: kept += 1
        all_found, all_total = sum(found.values()), sum(total.values())
        per = ", ".join(f"{t} {100*found[t]/total[t]:.1f}%" for t in TEMPLATES)
        print(f"{name}: recall {100*all_found/all_total:.1f}% ({all_found}/{all_total}); {per}; look-alikes preserved {100*kept/lk:.1f}% ({kept}/{lk})"
              + (f"; {seconds:.2f} s" if seconds else ""))
    report("sftprep", got)
    if use_scrubadub:
        import scrubadub
        start = time.time()
        outs = {r["metadata"]["id"]: scrubadub.clean(r["messages"][0]["content"]) for r in rows}
        report("scrubadub (default scrubber)", outs, time.time() - start)
    if use_presidio:
        start = time.time()
        outs = presidio_clean({r["metadata"]["id"]: r["messages"][0]["content"] for r in rows})
        report("presidio-analyzer pattern recognizers", outs, time.time() - start)

if __name__ == "__main__":
    if sys.argv[1] == "make": make(sys.argv[2])
    else: score(sys.argv[2], sys.argv[3], "--scrubadub" in sys.argv, "--presidio" in sys.argv)

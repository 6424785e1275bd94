"""Write a large, valid, fictional DfE Common Transfer File (version 25) for the benchmark.

    python bench/make_ctf.py --pupils 2000 OUT.xml

Families have one child, or two (about one in ten) who share their parents' contact
records; each family has a mother and a father, sometimes separated (the father at his own
address), sometimes a grandparent too, and now and then a court order in a supplier
SuppInfo block. That gives about two distinct contacts per pupil: 2,000 pupils come with
about 4,000 contacts. Each pupil also carries attendance marks and an assessment, as real
files do, which the reader must skip. The file is written pupil by pupil, never held in
memory. Names are made up; mobiles are Ofcom's drama range (07700 900000-900999, so only
the first thousand contacts get one); emails are at example.org. The same seed always
writes the same file.
"""

import argparse
import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

FORENAMES_F = ["Amara", "Isla", "Zofia", "Aisha", "Maya", "Ruby", "Noor", "Elena", "Freya",
               "Hana", "Olivia", "Priya", "Sofia", "Leah", "Nadia", "Grace", "Iris", "Mia"]
FORENAMES_M = ["Tobi", "Kabir", "Luca", "Rayan", "Oscar", "Milo", "Yusuf", "Jonah", "Arlo",
               "Tomas", "Idris", "Finn", "Kai", "Theo", "Omar", "Ezra", "Ravi", "Sami"]
SURNAMES = ["Okafor", "Shah", "Marin", "Haque", "Brennan", "Kowalczyk", "Adeyemi", "Novak",
            "Whitfield", "Lindqvist", "Patel", "Hussain", "Ellery", "Fenwick", "Garside",
            "Moss", "Nash", "Orme", "Ibsen", "Keane", "Lowe", "Osei", "Rahman", "Silva",
            "Popescu", "Farah", "Kaur", "Begum", "Murphy", "Nowak", "Ali", "Walsh"]
STREETS = ["Larkspur Road", "Orchard Close", "Meadow Rise", "Chestnut Walk", "Mill Lane",
           "Harbour View", "Station Road", "Canal Street", "Beech Grove", "Church Lane"]
TOWNS = ["Exampleton", "Sampleford", "Testbury", "Mockley"]
LANGUAGES = (["ENG"] * 14 + ["POL", "URD", "PNJM", "BNGS", "RMN", "ARAA", "SOM", "PRSD",
                             "LIT", "GUJ", "TUR", "CHIC", "POR"])
NEEDS = ["ASD", "SLD", "PMLD", "SLCN", "MLD", "SEMH", "PD", "HI", "VI", "MSI", "SPLD"]

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <DocumentName>Common Transfer File</DocumentName>
    <CTFversion>25.0</CTFversion>
    <DateTime>2025-07-18T16:30:00</DateTime>
    <DocumentQualifier>full</DocumentQualifier>
    <SupplierID>Bridgebook benchmark</SupplierID>
    <SourceSchool>
      <LEA>823</LEA>
      <Estab>4001</Estab>
      <URN>199001</URN>
      <SchoolName>Oakleigh School</SchoolName>
      <AcademicYear>2024</AcademicYear>
    </SourceSchool>
    <DestSchool>
      <LEA>823</LEA>
      <Estab>7002</Estab>
      <URN>199002</URN>
    </DestSchool>
  </Header>
  <CTFpupilData>
"""
FOOTER = """  </CTFpupilData>
</CTfile>
"""


class _Numbers:
    """Hands out drama-range mobiles until the thousand run out."""

    def __init__(self):
        self.next = 0

    def mobile(self) -> str:
        if self.next > 999:
            return ""
        number = f"07700 900{self.next:03d}"
        self.next += 1
        return number


def _address(number: int, street: str, town: str, postcode: str, indent: str) -> str:
    return (f"{indent}<Address>\n"
            f"{indent}  <BS7666Address>\n"
            f"{indent}    <PAON>{number}</PAON>\n"
            f"{indent}    <Street>{escape(street)}</Street>\n"
            f"{indent}    <Town>{escape(town)}</Town>\n"
            f"{indent}  </BS7666Address>\n"
            f"{indent}  <PostCode>{postcode}</PostCode>\n"
            f"{indent}</Address>\n")


def _contact(order: int, person: dict, indent: str = "        ") -> str:
    inner = indent + "  "
    lines = [f"{indent}<Contact>\n",
             f"{inner}<Order>{order}</Order>\n",
             f"{inner}<Title>{person['title']}</Title>\n",
             f"{inner}<Surname>{escape(person['surname'])}</Surname>\n",
             f"{inner}<Forename>{escape(person['forename'])}</Forename>\n",
             f"{inner}<Relationship>{person['relationship']}</Relationship>\n",
             f"{inner}<Responsibility>{'true' if person['responsibility'] else 'false'}"
             f"</Responsibility>\n"]
    if person["mobile"]:
        lines += [f"{inner}<Phones>\n", f"{inner}  <Phone>\n",
                  f"{inner}    <TelephoneType>M</TelephoneType>\n",
                  f"{inner}    <PhoneNo>{person['mobile']}</PhoneNo>\n",
                  f"{inner}  </Phone>\n", f"{inner}</Phones>\n"]
    if person["email"]:
        lines.append(f"{inner}<Email>{escape(person['email'])}</Email>\n")
    if person["address"] is None:
        lines.append(f"{inner}<AddressAsPupil>true</AddressAsPupil>\n")
    else:
        lines.append(_address(*person["address"], indent=inner))
    if person["court_order"]:
        lines += [f"{inner}<SuppInfo>\n",
                  f"{inner}  <SupplierID>Bridgebook benchmark</SupplierID>\n",
                  f"{inner}  <CourtOrder>true</CourtOrder>\n",
                  f"{inner}</SuppInfo>\n"]
    lines.append(f"{indent}</Contact>\n")
    return "".join(lines)


def _pupil(rng: random.Random, index: int, surname: str, home: tuple, contacts: list) -> str:
    female = rng.random() < 0.5
    forename = rng.choice(FORENAMES_F if female else FORENAMES_M)
    upn = f"{'ABCDEFGHJKLMNPQRTUVWXYZ'[index % 23]}8234001{index:05d}"
    dob = f"{rng.randint(2008, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    needs = rng.sample(NEEDS, rng.choice((1, 1, 2, 3)))
    needs_xml = "".join(
        f"          <SENneed>\n            <SENtype>{need}</SENtype>\n"
        f"            <SENrank>{rank}</SENrank>\n          </SENneed>\n"
        for rank, need in enumerate(needs, start=1))
    marks = "".join(
        f"            <SessionDetail><Date>2025-06-{day:02d}</Date><Session>{session}"
        f"</Session><Mark>{rng.choice('/\\/\\/\\LIM')}</Mark></SessionDetail>\n"
        for day in range(2, 14) for session in ("AM", "PM"))
    return (
        "    <Pupil>\n"
        f"      <UPN>{upn}</UPN>\n"
        f"      <Surname>{escape(surname)}</Surname>\n"
        f"      <Forename>{escape(forename)}</Forename>\n"
        f"      <DOB>{dob}</DOB>\n"
        f"      <Sex>{'F' if female else 'M'}</Sex>\n"
        "      <BasicDetails>\n"
        f"        <NCyearActual>{rng.randint(1, 13)}</NCyearActual>\n"
        "        <Languages>\n"
        "          <Type>\n"
        "            <LanguageType>F</LanguageType>\n"
        f"            <Language>{rng.choice(LANGUAGES)}</Language>\n"
        "          </Type>\n"
        "        </Languages>\n"
        "        <EnrolStatus>C</EnrolStatus>\n"
        "      </BasicDetails>\n"
        "      <SENhistory>\n"
        "        <SEN>\n"
        f"          <StartDate>{rng.randint(2016, 2024)}-09-01</StartDate>\n"
        f"          <SENprovision>{'E' if rng.random() < 0.9 else 'K'}</SENprovision>\n"
        "        </SEN>\n"
        "        <SENneeds>\n"
        f"{needs_xml}"
        "        </SENneeds>\n"
        "      </SENhistory>\n"
        f"{_address(*home, indent='      ')}"
        "      <Contacts>\n"
        + "".join(_contact(order, person) for order, person in enumerate(contacts, start=1))
        + "      </Contacts>\n"
        "      <Attendance>\n"
        "        <YearData>\n"
        "          <Year>2024</Year>\n"
        "          <SessionDetails>\n"
        f"{marks}"
        "          </SessionDetails>\n"
        "        </YearData>\n"
        "      </Attendance>\n"
        "      <StageAssessments>\n"
        "        <KeyStage>\n"
        "          <Stage>KS1</Stage>\n"
        "          <StageAssessment>\n"
        "            <Locale>EN</Locale><Year>2019</Year><Subject>ENG</Subject>\n"
        "            <Method>TA</Method><Component>RD</Component>\n"
        "            <ResultStatus>R</ResultStatus><ResultQualifier>NA</ResultQualifier>\n"
        "            <Result>PKF</Result>\n"
        "          </StageAssessment>\n"
        "        </KeyStage>\n"
        "      </StageAssessments>\n"
        "    </Pupil>\n")


def write_ctf(out, pupils: int, *, seed: int = 2025) -> dict:
    """Write a CTF with ``pupils`` pupils to the text stream ``out``; return its counts."""
    rng = random.Random(seed)
    numbers = _Numbers()
    out.write(HEADER)
    written = contacts = links = family = 0
    while written < pupils:
        family += 1
        surname = rng.choice(SURNAMES)
        town = rng.choice(TOWNS)
        home = (rng.randint(1, 199), rng.choice(STREETS), town,
                f"EX{family % 90 + 1} {family % 9 + 1}{'ABDEFGHJLNPQRSTUWXYZ'[family % 20]}"
                f"{'ABDEFGHJLNPQRSTUWXYZ'[family // 20 % 20]}")
        separated = rng.random() < 0.15
        family_contacts = [
            _person(rng, "PAM", rng.choice(FORENAMES_F), surname, family, numbers,
                    title="Ms", address=None),
            _person(rng, "PAF", rng.choice(FORENAMES_M), surname, family, numbers,
                    title="Mr",
                    address=((rng.randint(1, 199), rng.choice(STREETS), town,
                              f"SF{family % 90 + 1} 2AB") if separated else None),
                    court_order=separated and rng.random() < 0.1),
        ]
        if rng.random() < 0.2:
            family_contacts.append(_person(
                rng, "REL", rng.choice(FORENAMES_F), surname, family, numbers, title="Mrs",
                address=(rng.randint(1, 199), rng.choice(STREETS), rng.choice(TOWNS),
                         f"TB{family % 90 + 1} 3CD"), responsibility=False, email=False))
        contacts += len(family_contacts)
        children = min(2 if rng.random() < 0.1 else 1, pupils - written)
        for _child in range(children):
            written += 1
            links += len(family_contacts)
            out.write(_pupil(rng, written, surname, home, family_contacts))
    out.write(FOOTER)
    return {"pupils": written, "contacts": contacts, "links": links, "families": family}


def _person(rng, relationship, forename, surname, family, numbers, *, title, address,
            responsibility=True, email=True, court_order=False) -> dict:
    return {
        "relationship": relationship, "forename": forename, "surname": surname,
        "title": title, "address": address, "responsibility": responsibility,
        "court_order": court_order, "mobile": numbers.mobile(),
        "email": (f"{forename}.{surname}.{family}@example.org".lower() if email else ""),
    }


def make_ctf(path, pupils: int, *, seed: int = 2025) -> dict:
    """Write the CTF to ``path``, streamed to disk; return its counts."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return write_ctf(out, pupils, seed=seed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write the CTF (.xml)")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    if args.pupils < 1:
        parser.error("--pupils must be at least 1")
    counts = make_ctf(args.out, args.pupils, seed=args.seed)
    print(f"Wrote {args.out}: {counts['pupils']} pupils, {counts['contacts']} contacts, "
          f"{counts['links']} links ({args.out.stat().st_size / 1e6:.1f} MB)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

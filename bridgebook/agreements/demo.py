"""The demo trust's home-school agreement, at Mapledown.

- Version 1 (last September): the NAS required statements and the school's aims.
- Its review in the spring: what parents and carers said at a coffee morning (they wanted
  it shorter, in pictures, and in their languages) and what the school council said with
  symbols (what pupils promise, in their own words), each kept with the version it shaped.
- Version 2 (published a fortnight ago by the headteacher, Daniel Okafor): every required
  statement in Mapledown's own words, its aims and values, what it expects of pupils, each
  statement with easy read and symbols; what changed, in plain words. A person checked the
  Polish translation of every text (Ana Ionescu, the EAL teacher), so the Nowak family
  reads it in checked Polish.
- Amira Hassan's separated parents sign version 2 separately: Layla in easy read (in
  Arabic), Omar as written; Amira signs by choosing the thumbs-up symbol with her class
  teacher, Hannah Price. Agnieszka Nowak signed version 1 and is shown what changed; most
  families have not signed, and nothing is different for them.
- The admissions pack: the agreement and two documents (small real PDFs made now with
  WeasyPrint: no binary file is kept in the repository), sent to the family of Andrei
  Popescu, who joined mid-year.

Writes through the actions (audited, as the school did it), except the dates, which are set
back afterwards. Idempotent: a school with an agreement is left alone.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bridgebook.agreements import actions
from bridgebook.agreements.models import (
    Agreement,
    AgreementVersion,
    Format,
    PackDelivery,
    ReviewView,
    Signature,
)
from bridgebook.core.models import School, User
from bridgebook.core.pdf import html_to_pdf
from bridgebook.people.demo.story import MAPLEDOWN
from bridgebook.people.models import Contact, Pupil
from bridgebook.reviews.schedule import add_months
from bridgebook.translation.models import ReviewRequest

HEAD = "Daniel Okafor"
COORDINATOR = "Sue Hart"
TEACHER = "Hannah Price"
REVIEWER = "Ana Ionescu"
OFFICE = "Pam Whitfield"

# (section, NAS key, text, easy read, symbols, Polish text, Polish easy read)
STATEMENTS = [
    ("aims", "collaboration",
     "Parents, carers and the school work together, each respecting what the other brings, "
     "to plan learning around each child.",
     "School and home work together. We listen to each other. We plan learning around "
     "your child.",
     ["1F46A", "1F3EB"],
     "Rodzice, opiekunowie i szkoła współpracują ze sobą, szanując wkład każdej ze stron, "
     "aby planować naukę wokół potrzeb każdego dziecka.",
     "Szkoła i dom pracują razem. Słuchamy siebie nawzajem. Planujemy naukę wokół Twojego "
     "dziecka."),
    ("aims", "",
     "We help every pupil to communicate, to be as independent as they can and to enjoy "
     "learning, in a calm and safe school.",
     "We help children to talk, sign or use symbols. We help them do things for "
     "themselves. School is calm and safe.",
     ["1F5E3", "1F60C"],
     "Pomagamy każdemu uczniowi komunikować się, być jak najbardziej samodzielnym i cieszyć "
     "się nauką w spokojnej i bezpiecznej szkole.",
     "Pomagamy dzieciom mówić, migać lub używać symboli. Pomagamy im robić rzeczy "
     "samodzielnie. Szkoła jest spokojna i bezpieczna."),
    ("aims", "",
     "We value every child and every family as they are: we treat everyone with respect "
     "and kindness, whatever their language, culture or needs.",
     "Everyone is welcome. We are kind and respectful to everyone.",
     ["1F917", "1F9D1-200D-1F91D-200D-1F9D1"],
     "Cenimy każde dziecko i każdą rodzinę takimi, jakimi są: traktujemy wszystkich z "
     "szacunkiem i życzliwością, bez względu na język, kulturę czy potrzeby.",
     "Każdy jest mile widziany. Jesteśmy dla wszystkich życzliwi i pełni szacunku."),
    ("school", "reasonable_wishes",
     "The school will try to do what parents and carers reasonably ask for their child's "
     "person-centred learning, taking into account the needs of all pupils, the staffing "
     "and services the local authority pays for, and the school's facilities.",
     "Tell us what you would like for your child. We will try to do it. Sometimes we "
     "cannot, because of other children's needs or what the school has.",
     ["1F44D", "1F64B"],
     "Szkoła postara się spełniać rozsądne prośby rodziców i opiekunów dotyczące "
     "indywidualnego podejścia do nauki ich dziecka, biorąc pod uwagę potrzeby wszystkich "
     "uczniów, personel i usługi opłacane przez samorząd oraz możliwości szkoły.",
     "Powiedz nam, czego chcesz dla swojego dziecka. Postaramy się to zrobić. Czasem nie "
     "możemy, z powodu potrzeb innych dzieci lub możliwości szkoły."),
    ("school", "understanding_procedures",
     "We will help you understand how things work at school and where to find support, and "
     "send you the papers for a meeting before it, so you have time to read them.",
     "We help you understand how school works. We send papers before meetings.",
     ["1F4DA", "1F91D"],
     "Pomożemy Ci zrozumieć, jak działa szkoła i gdzie szukać wsparcia, a dokumenty na "
     "spotkanie prześlemy przed nim, abyś miał(a) czas je przeczytać.",
     "Pomagamy Ci zrozumieć, jak działa szkoła. Wysyłamy dokumenty przed spotkaniami."),
    ("school", "reviews_and_functions",
     "We will invite you to your child's annual review and EHCP meetings, and to school "
     "events, workshops and celebrations.",
     "We invite you to meetings about your child. We invite you to school events.",
     ["1F389", "1F3EB"],
     "Zaprosimy Cię na coroczny przegląd i spotkania dotyczące planu EHCP Twojego dziecka, "
     "a także na wydarzenia szkolne, warsztaty i uroczystości.",
     "Zapraszamy Cię na spotkania o Twoim dziecku. Zapraszamy Cię na wydarzenia w szkole."),
    ("school", "respond_positively",
     "We will respond positively to what you tell us, and regularly check with families "
     "that the ways we keep in touch are working.",
     "We listen to what you tell us. We ask you if our messages work for you.",
     ["1F5E3", "1F642"],
     "Będziemy życzliwie odpowiadać na to, co nam przekazujesz, i regularnie sprawdzać z "
     "rodzinami, czy nasze sposoby kontaktu się sprawdzają.",
     "Słuchamy tego, co nam mówisz. Pytamy, czy nasze wiadomości są dla Ciebie dobre."),
    ("school", "regular_liaison",
     "We will keep in touch regularly: the home-school book, reports, home visits, "
     "workshops, reviews, parents' evenings, phone calls, support groups, coffee mornings "
     "and social events.",
     "We keep in touch with you often: the home-school book, phone calls, visits and "
     "meetings.",
     ["1F4F1", "1F3E0"],
     "Będziemy w stałym kontakcie: zeszyt dom–szkoła, raporty, wizyty domowe, warsztaty, "
     "przeglądy, wywiadówki, rozmowy telefoniczne, grupy wsparcia, spotkania przy kawie i "
     "wydarzenia towarzyskie.",
     "Często się z Tobą kontaktujemy: zeszyt dom–szkoła, telefony, wizyty i spotkania."),
    ("school", "clear_reports",
     "Written reports will be clear and free of jargon. Depending on the report, they tell "
     "you about achievements and progress, activities, health, food and drink, and any "
     "incidents or accidents.",
     "Our reports use clear words. They tell you how your child is doing.",
     ["1F4D6", "2B50"],
     "Pisemne raporty będą jasne i bez żargonu. W zależności od raportu opisują osiągnięcia "
     "i postępy, zajęcia, zdrowie, jedzenie i picie oraz ewentualne incydenty lub wypadki.",
     "Nasze raporty używają jasnych słów. Mówią, jak radzi sobie Twoje dziecko."),
    ("family", "raise_concerns",
     "Parents, carers and the school are encouraged to raise any concern with class or "
     "residential staff. You can make an appointment to meet a particular member of staff "
     "at a time that suits you both.",
     "If you are worried, tell your child's class staff. You can book a time to meet.",
     ["1F64B", "1F5E3"],
     "Zachęcamy rodziców, opiekunów i szkołę do zgłaszania wszelkich obaw pracownikom klasy "
     "lub internatu. Możesz umówić się na spotkanie z wybranym pracownikiem w dogodnym dla "
     "obu stron terminie.",
     "Jeśli coś Cię martwi, powiedz o tym pracownikom klasy Twojego dziecka. Możesz umówić "
     "się na spotkanie."),
    ("family", "no_abuse",
     "Harassment, intimidation, threatening behaviour, physical violence and other abusive "
     "conduct, including on social media such as Facebook and Twitter, will not be "
     "tolerated, and may lead to police involvement.",
     "Be polite to everyone at school, also online. Threats and hurting people are not "
     "allowed. The school may call the police.",
     ["1F44E", "1F620"],
     "Nękanie, zastraszanie, groźby, przemoc fizyczna i inne formy niewłaściwego "
     "zachowania, także w mediach społecznościowych, takich jak Facebook i Twitter, nie "
     "będą tolerowane i mogą skutkować wezwaniem policji.",
     "Bądź uprzejmy dla wszystkich w szkole, także w internecie. Groźby i krzywdzenie "
     "innych są zabronione. Szkoła może wezwać policję."),
    ("family", "",
     "Parents and carers will tell us, in the home-school book, about anything at home "
     "that may affect their child at school, such as sleep, health or medicine.",
     "Tell us about home in the home-school book: sleep, health, medicine.",
     ["1F6CF", "1F48A"],
     "Rodzice i opiekunowie będą informować nas w zeszycie dom–szkoła o wszystkim w domu, "
     "co może mieć wpływ na dziecko w szkole, na przykład o śnie, zdrowiu czy lekach.",
     "Pisz nam o domu w zeszycie dom–szkoła: o śnie, zdrowiu, lekach."),
    ("family", "",
     "Parents and carers will help their child come to school regularly, and tell the "
     "school as soon as they can when their child is ill.",
     "Your child comes to school every day. Tell us if your child is ill.",
     ["1F3EB", "1F912"],
     "Rodzice i opiekunowie pomogą dziecku regularnie chodzić do szkoły i jak najszybciej "
     "poinformują szkołę, gdy dziecko zachoruje.",
     "Twoje dziecko chodzi do szkoły codziennie. Powiedz nam, gdy dziecko jest chore."),
    ("pupil", "",
     "Pupils will try to be kind to others, and to let an adult know, in their own way, "
     "when they need help or feel upset.",
     "I am kind to others. I tell an adult when I need help.",
     ["1F917", "1F64B"],
     "Uczniowie będą starać się być życzliwi dla innych i dawać znać dorosłemu, na swój "
     "sposób, gdy potrzebują pomocy lub są zdenerwowani.",
     "Jestem miły dla innych. Mówię dorosłemu, gdy potrzebuję pomocy."),
    ("pupil", "",
     "Pupils will do their best in their learning, and take part in their therapies and "
     "activities.",
     "I try my best. I join in.",
     ["2B50", "1F3C6"],
     "Uczniowie będą starać się jak najlepiej uczyć i brać udział w terapiach i zajęciach.",
     "Staram się, jak mogę. Biorę udział w zajęciach."),
    ("pupil", "",
     "Pupils will help look after their classroom, their things and the school.",
     "I look after my things and my classroom.",
     ["1F3EB", "1F44D"],
     "Uczniowie będą pomagać dbać o swoją klasę, swoje rzeczy i szkołę.",
     "Dbam o swoje rzeczy i swoją klasę."),
]

CHANGES = ("We wrote every statement in plainer words, added an easy-read version with "
           "pictures, and added what pupils will do, in the words of the school council.")
VIEWS = [
    (ReviewView.Source.FAMILIES, 150, "Coffee morning and a short questionnaire",
     "Parents and carers said the agreement was long and hard to read, and asked for it in "
     "pictures and in their own languages. Several did not know they could ask to meet a "
     "member of staff.",
     "Every statement is shorter and has an easy-read version with symbols; the Polish "
     "translation was checked by a person; the statement on raising concerns now says how "
     "to book a meeting."),
    (ReviewView.Source.PUPILS, 140, "School council, with symbols",
     "Pupils chose the promises they wanted to make: to be kind, to tell an adult when they "
     "need help, to try their best and to look after their things.",
     "A new section, what the school expects of pupils, in their own words."),
    (ReviewView.Source.STAFF, 130, "Staff meeting",
     "Staff asked for the agreement to say how families keep them told about sleep, health "
     "and medicine.",
     "A statement on using the home-school book for news from home."),
]

WELCOME_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><style>body{{font-family:sans-serif;font-size:12pt}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""
DOCUMENTS = [
    ("Welcome to Mapledown", "Who is who, the school day, and how to reach us.",
     "<p>Welcome to Mapledown School. School starts at 8:45 and ends at 15:15. Your child's "
     "class teacher will ring you in the first week.</p><p>The office is open from 8:00 to "
     "16:30 on 020 7946 0000.</p>"),
    ("Transport, uniform and what to bring", "The minibus, the uniform, and what goes in "
     "the bag each day.",
     "<p>The local authority's minibus collects most pupils from home. Please send a spare "
     "set of clothes, a drink bottle and the home-school book each day.</p>"),
]


def _user(name: str, school) -> User | None:
    return User.objects.filter(full_name=name, staff_roles__school=school).first()


def _back(obj, **fields) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)


@transaction.atomic
def seed_demo_agreement(**_options) -> dict[str, int]:
    made = {"agreement versions": 0, "agreement signatures": 0}
    school = School.objects.filter(urn=MAPLEDOWN.urn).first()
    head, coordinator, teacher = (_user(name, school) for name in (HEAD, COORDINATOR, TEACHER))
    if school is None or None in (head, coordinator, teacher):
        return made
    if Agreement.objects.filter(school=school, versions__isnull=False).exists():
        return made
    now = timezone.now()

    # Version 1: the NAS required statements, and the aims.
    first = actions.do_start_draft(school=school, acting_user=coordinator,
                                   start_from=actions.START_NAS)
    actions.do_add_statement(version=first, acting_user=coordinator, section="aims",
                             text=STATEMENTS[1][2])
    # Published last September (set as a fixture: families were told then, not now).
    published = now - datetime.timedelta(days=290)
    _back(first, status=AgreementVersion.Status.PUBLISHED, published_by=head,
          created_at=now - datetime.timedelta(days=300), published_at=published,
          review_due=add_months(timezone.localdate(published), first.agreement.review_months))
    first.refresh_from_db()

    # Version 2: rewritten after the review, with easy read and symbols.
    second = actions.do_start_draft(school=school, acting_user=coordinator,
                                    start_from=actions.START_COPY)
    copies = {s.nas_key: s for s in second.statements.all() if s.nas_key}
    aims_copy = second.statements.filter(nas_key="").first()
    for section, key, text, easy, symbols, _pl, _pl_easy in STATEMENTS:
        statement = copies.get(key) if key else (aims_copy if text == STATEMENTS[1][2]
                                                  else None)
        if statement is not None:
            actions.do_change_statement(statement=statement, acting_user=coordinator,
                                        section=section, text=text, easy_read=easy,
                                        symbols=symbols, nas_key=key)
        else:
            actions.do_add_statement(version=second, acting_user=coordinator,
                                     section=section, text=text, easy_read=easy,
                                     symbols=symbols, nas_key=key)
    for source, days, how, summary, response in VIEWS:
        view = actions.do_record_view(school=school, acting_user=coordinator, source=source,
                                      gathered_on=(now - datetime.timedelta(days=days)).date(),
                                      how=how, summary=summary, response=response,
                                      version=second)
        _back(view, recorded_at=now - datetime.timedelta(days=days))
    actions.do_publish(version=second, acting_user=head, changes=CHANGES)
    _back(second, created_at=now - datetime.timedelta(days=120),
          published_at=now - datetime.timedelta(days=14))
    second.refresh_from_db()
    made["agreement versions"] = 2

    _check_polish(school, second)
    made["agreement signatures"] = _sign(school, first, second, teacher)
    _pack(school)
    return made


def _check_polish(school, version: AgreementVersion) -> None:
    """Ask for the Polish translation of every text of the version to be checked (through
    the action, as the school would), and approve it with the EAL teacher's Polish (written
    straight to the review rows: approving is a durable action of its own, and the demo
    loads in one transaction)."""
    reviewer = _user(REVIEWER, school) or _user(HEAD, school)
    polish = {}
    for _section, _key, text, easy, _symbols, pl, pl_easy in STATEMENTS:
        polish[text], polish[easy] = pl, pl_easy
    actions.do_ask_translation_check(version=version, acting_user=_user(COORDINATOR, school),
                                     language="pl")
    reviewed_at = timezone.now() - datetime.timedelta(days=15)
    for review in ReviewRequest.objects.filter(school=school, language="pl",
                                               ref__startswith=f"agreement:{version.pk}:"):
        ReviewRequest.objects.filter(pk=review.pk).update(
            reviewed_text=polish[review.source_text], status=ReviewRequest.Status.APPROVED,
            reviewer=reviewer, reviewed_at=reviewed_at)


def _contact(school, first: str, last: str) -> Contact | None:
    return Contact.objects.filter(first_name=first, last_name=last, school=school).first()


def _sign(school, first, second, teacher) -> int:
    amira = Pupil.objects.filter(school=school, legal_first_name="Amira",
                                 legal_last_name="Hassan").first()
    layla, omar = _contact(school, "Layla", "Hassan"), _contact(school, "Omar", "Hassan")
    signed = 0
    if amira is not None and layla is not None and omar is not None:
        now = timezone.now()
        for contact, format_, days in ((layla, Format.EASY_READ, 10), (omar, Format.TEXT, 6)):
            for signature in actions.do_sign(version=second, contact=contact, pupils=[amira],
                                             acting_user=contact.user, name=contact.full_name,
                                             language=contact.language, format_=format_):
                _back(signature, signed_at=now - datetime.timedelta(days=days))
                signed += 1
        actions.do_mark_pupil_signs(pupil=amira, acting_user=teacher, signs=True,
                                    by_symbol=True)
        signature = actions.do_pupil_sign(version=second, pupil=amira, acting_user=teacher,
                                          method=Signature.Method.SYMBOL, mark="1F44D")
        _back(signature, signed_at=now - datetime.timedelta(days=5))
        signed += 1
    agnieszka = _contact(school, "Agnieszka", "Nowak")
    if agnieszka is not None:
        children = list(Pupil.objects.filter(school=school, contact_links__contact=agnieszka))
        made = actions.do_sign(version=first, contact=agnieszka, pupils=children,
                               acting_user=agnieszka.user, name=agnieszka.full_name,
                               language="pl", format_=Format.TEXT)
        for signature in made:
            _back(signature, signed_at=timezone.now() - datetime.timedelta(days=280))
        signed += len(made)
    return signed


def _pack(school) -> None:
    office = _user(OFFICE, school) or _user(HEAD, school)
    actions.do_add_agreement_to_pack(school=school, acting_user=office)
    for title, description, body in DOCUMENTS:
        content = html_to_pdf(WELCOME_HTML.format(title=title, body=body),
                              what="The demo's admissions pack")
        upload = ContentFile(content, name="document.pdf")
        actions.do_add_pack_document(school=school, acting_user=office, title=title,
                                     description=description, upload=upload)
    andrei = Pupil.objects.filter(school=school, legal_first_name="Andrei",
                                  legal_last_name="Popescu").first()
    if andrei is not None and not PackDelivery.objects.filter(pupil=andrei).exists():
        actions.do_send_pack(pupil=andrei, acting_user=office)


"""The demo trust's home-school agreement: who wrote, published, checked and signed it, its
statements in English, easy read and Polish, what the review heard, when each step was
taken, and the admissions pack's documents. Data only; bridgebook/agreements/demo/__init__.py
writes it."""

from __future__ import annotations

from bridgebook.agreements.models import Format, ReviewView

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

# When things happened, in days before the demo is seeded.
FIRST_CREATED_DAYS_AGO = 300
FIRST_PUBLISHED_DAYS_AGO = 290           # last September
SECOND_CREATED_DAYS_AGO = 120
SECOND_PUBLISHED_DAYS_AGO = 14           # a fortnight ago
POLISH_CHECKED_DAYS_AGO = 15

# Who signs: Amira Hassan's separated parents sign version 2 separately, each in their own
# way ((first name, last name), format, days ago); Amira signs with the thumbs-up symbol.
SIGNING_PUPIL = ("Amira", "Hassan")
PARENTS_SIGNING = [
    (("Layla", "Hassan"), Format.EASY_READ, 10),
    (("Omar", "Hassan"), Format.TEXT, 6),
]
PUPIL_MARK = "1F44D"
PUPIL_SIGNED_DAYS_AGO = 5
# Agnieszka Nowak signed version 1, in Polish, for all her children.
SIGNED_FIRST = ("Agnieszka", "Nowak")
SIGNED_FIRST_LANGUAGE = "pl"
SIGNED_FIRST_DAYS_AGO = 280

# The admissions pack: its documents (title, description, body), sent to the family of the
# pupil who joined mid-year.
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
JOINED_MID_YEAR = ("Andrei", "Popescu")

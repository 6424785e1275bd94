"""The demo trust's questionnaires: which classes were sent the baseline and when, and
Agnieszka Nowak's answers about Zofia and Jakub, last term in English and this term in
Polish. Data only; bridgebook/questionnaires/demo/__init__.py writes it."""

from __future__ import annotations

import datetime

MAPLEDOWN = "100001"
CLASSES = ("Rowan", "Cedar")

# Answers by question text: a point, option labels, or words (with their language).
ZOFIA_LAST_TERM = {
    "How settled has your child been at home in the last few weeks?": 2,
    "How often does your child get very upset or distressed?": ["Once or twice a week"],
    "How does your child tell you what they want?": ["Signs and gestures",
                                                     "Pointing or taking your hand",
                                                     "Crying or shouting"],
    "How often do you understand what your child is telling you?": 3,
    "How does your child usually sleep?": ["Wakes often"],
    "What helps your child get to sleep?": "A bath and the same song every night. She "
                                           "still wakes at 3 am most nights.",
    "How does your child eat?": ["Needs some help"],
    "Are there foods or drinks your child will not have, or cannot have?": "Only soft "
                                                                           "food. No nuts.",
    "How does your child manage the toilet?": ["Wears pads or nappies"],
    "How does your child get about at home?": ["Walks on their own"],
    "What does your child enjoy?": ["Music", "Trampoline", "Going to the park"],
    "What can upset your child?": ["Loud noise", "Waiting", "Changes to the plan"],
    "What helps your child calm down when they are upset?": "A quiet room and her "
                                                            "blanket.",
    "What is important to your child now?": "Being with her brother Kuba.",
    "What is important to your family now?": "Zofia sleeping better.",
    "What would you like your child to be able to do in the future?": "Tell us what she "
                                                                      "wants with signs.",
    "How well do you feel home and school are working together?": 3,
}
ZOFIA_THIS_TERM = {
    "How settled has your child been at home in the last few weeks?": 4,
    "How often does your child get very upset or distressed?": ["Now and then"],
    "How does your child tell you what they want?": ["Talking", "Signs and gestures",
                                                     "Pointing or taking your hand"],
    "How often do you understand what your child is telling you?": 4,
    "How does your child usually sleep?": ["Wakes once or twice"],
    "What helps your child get to sleep?": "Kąpiel i ta sama piosenka co wieczór. Teraz "
                                           "budzi się dużo rzadziej.",
    "How does your child eat?": ["Needs some help"],
    "Are there foods or drinks your child will not have, or cannot have?": "Tylko miękkie "
                                                                           "jedzenie. Bez "
                                                                           "orzechów.",
    "How does your child manage the toilet?": ["Uses the toilet with help"],
    "How does your child get about at home?": ["Walks on their own"],
    "What does your child enjoy?": ["Music", "Swimming", "Trampoline", "Going to the park"],
    "What can upset your child?": ["Loud noise", "Waiting"],
    "What helps your child calm down when they are upset?": "Cichy pokój i jej kocyk.",
    "What is important to your child now?": "Być z bratem Kubą i chodzić na basen.",
    "What is important to your family now?": "Żeby Zofia mogła nam powiedzieć, czego chce.",
    "What would you like your child to be able to do in the future?": "Pokazywać znakami, "
                                                                      "czego potrzebuje, "
                                                                      "także w sklepie.",
    "How well do you feel home and school are working together?": 5,
}
# The question Agnieszka also answered by speaking this term.
SPOKEN = "What is important to your family now?"
JAKUB_LAST_TERM = {
    "How settled has your child been at home in the last few weeks?": 3,
    "How does your child tell you what they want?": ["Talking", "Pictures or symbols"],
    "How does your child usually sleep?": ["Sleeps through the night"],
    "What can upset your child?": ["Changes to the plan", "Crowds"],
    "What helps your child calm down when they are upset?": "His symbol timetable, and "
                                                            "knowing what comes next.",
}

# Who answers, and about whom.
MOTHER = ("Agnieszka", "Nowak")
ZOFIA = "Zofia"
JAKUB = "Jakub"
LAST_TERM_LANGUAGE = "en"          # with the EAL teacher's help
THIS_TERM_LANGUAGE = "pl"          # on her phone
# When: the rounds were sent this many days ago; answers came two days after, in the evening.
LAST_TERM_SENT_DAYS_AGO = 150
THIS_TERM_SENT_DAYS_AGO = 10
ANSWERED_DAYS_AFTER = 2
ANSWERED_AT = datetime.time(20, 15)

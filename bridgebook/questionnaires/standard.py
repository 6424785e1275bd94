"""The standard baseline questionnaire every school starts with, and edits.

Its topics are those of the Mapledown policy's baseline ("behaviours and abilities") and
the NAS Quality of Life questions of what is important to the pupil and the family now and
for the future. The questions are written in English, plainly (GOV.UK's reading age of 9),
and read by each family in their own language (machine translated, marked as such, the
English one tap away). Picture choices use the curated OpenMoji symbols
(bridgebook/diary/symbols.py). Stored as the school's own rows on first use, so the
wording here is English data, as staff would type it, and not marked for the interface's
translation.
"""

from bridgebook.questionnaires.models import Kind, Topic

NAME = "Baseline questionnaire"
INTRO = ("These questions help us understand your child at home, so that school and home "
         "can work together. There are no right or wrong answers. Answer what you can: "
         "you can stop at any time and come back later.")


def _options(*labels: str | tuple[str, str]) -> list[dict]:
    options = []
    for number, item in enumerate(labels, start=1):
        label, symbol = item if isinstance(item, tuple) else (item, "")
        options.append({"key": f"o{number}", "label": label, "symbol": symbol})
    return options


# (topic, kind, text, hint, extra fields)
QUESTIONS: list[tuple[str, str, str, str, dict]] = [
    (Topic.BEHAVIOUR, Kind.SCALE, "How settled has your child been at home in the last few "
     "weeks?", "", {"low_label": "Very unsettled", "high_label": "Very settled"}),
    (Topic.BEHAVIOUR, Kind.CHOICE, "How often does your child get very upset or distressed?",
     "", {"options": _options("Most days", "Once or twice a week", "Now and then",
                              "Hardly ever")}),
    (Topic.COMMUNICATION, Kind.PICTURE, "How does your child tell you what they want?",
     "Choose all that your child does.",
     {"multiple": True, "options": _options(
         ("Talking", "1F5E3"), ("Signs and gestures", "1F590"), ("Pictures or symbols",
                                                                  "1F5BC"),
         ("Pointing or taking your hand", "1F449"), ("Crying or shouting", "1F622"))}),
    (Topic.COMMUNICATION, Kind.SCALE, "How often do you understand what your child is "
     "telling you?", "", {"low_label": "Hardly ever", "high_label": "Almost always"}),
    (Topic.SLEEP, Kind.CHOICE, "How does your child usually sleep?", "",
     {"options": _options("Sleeps through the night", "Wakes once or twice",
                          "Wakes often", "Sleeps very little")}),
    (Topic.SLEEP, Kind.TEXT, "What helps your child get to sleep?", "", {}),
    (Topic.EATING, Kind.PICTURE, "How does your child eat?", "",
     {"options": _options(("Feeds themselves", "1F944"), ("Needs some help", "1F91D"),
                          ("An adult feeds them", "1F37D"))}),
    (Topic.EATING, Kind.TEXT, "Are there foods or drinks your child will not have, or "
     "cannot have?", "", {}),
    (Topic.TOILETING, Kind.CHOICE, "How does your child manage the toilet?", "",
     {"options": _options("Uses the toilet on their own", "Uses the toilet with help",
                          "Is learning to use the toilet", "Wears pads or nappies")}),
    (Topic.MOBILITY, Kind.PICTURE, "How does your child get about at home?", "",
     {"options": _options(("Walks on their own", "1F6B6"), ("Walks with help", "1F91D"),
                          ("Uses a wheelchair", "1F9D1-200D-1F9BD"))}),
    (Topic.MOBILITY, Kind.TEXT, "Is anything hard for your child to do with their body, "
     "like stairs or holding a cup?", "", {}),
    (Topic.ENJOYS, Kind.PICTURE, "What does your child enjoy?",
     "Choose all that your child enjoys.",
     {"multiple": True, "options": _options(
         ("Music", "1F3B5"), ("Swimming", "1F3CA"), ("Books", "1F4DA"), ("Tablet", "1F4F1"),
         ("Going to the park", "1F3DE"), ("Trampoline", "1F938"), ("Cooking", "1F373"),
         ("Massage", "1F486"))}),
    (Topic.ENJOYS, Kind.TEXT, "What else does your child love doing?", "", {}),
    (Topic.UPSETS, Kind.PICTURE, "What can upset your child?",
     "Choose all that upset your child.",
     {"multiple": True, "options": _options(
         ("Loud noise", "1F50A"), ("Crowds", "1F465"), ("Waiting", "23F3"),
         ("Changes to the plan", "1F504"), ("Being tired", "1F634"))}),
    (Topic.UPSETS, Kind.TEXT, "What helps your child calm down when they are upset?", "",
     {}),
    (Topic.MATTERS, Kind.TEXT, "What is important to your child now?", "", {}),
    (Topic.MATTERS, Kind.TEXT, "What is important to your family now?", "", {}),
    (Topic.MATTERS, Kind.TEXT, "What would you like your child to be able to do in the "
     "future?", "", {}),
    (Topic.MATTERS, Kind.SCALE, "How well do you feel home and school are working together?",
     "", {"low_label": "Not well", "high_label": "Very well"}),
]

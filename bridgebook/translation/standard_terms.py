"""The standard glossary every school starts with: school and SEN words families meet, each
with a plain explanation. Schools add their own and agree translations on the glossary page.
"""

STANDARD_TERMS: list[tuple[str, str]] = [
    ("EHCP", "Education, Health and Care Plan. A legal document from the local council that "
             "says what your child needs and what help they must get at school and beyond."),
    ("KPLT", "Key Priority Learning Target. One of a few important things your child is "
             "working on this term, such as asking for help or using a spoon."),
    ("PECS", "Picture Exchange Communication System. Your child gives someone a picture card "
             "to ask for something or to tell them something."),
    ("Makaton", "A way of communicating with signs and symbols used together with speech. "
                "It helps children understand and be understood."),
    ("MOVE", "A programme that helps children with physical disabilities learn to sit, stand, "
             "walk and move more, as part of everyday activities."),
    ("SALT", "Speech and Language Therapist, or speech and language therapy. The therapist "
             "helps your child with talking, understanding, communicating and sometimes "
             "eating and drinking."),
    ("SENCO", "Special Educational Needs Co-ordinator. The teacher who makes sure children "
              "with special educational needs get the right support."),
    ("SEN", "Special Educational Needs. When a child needs more or different help to learn "
            "than most children of the same age."),
    ("annual review", "A meeting held at least once a year to look at your child's EHCP: "
                      "how they are doing, and whether the plan needs to change. You are "
                      "invited and your views matter."),
    ("OT", "Occupational Therapist. Helps your child with everyday skills such as dressing, "
           "holding a pencil, sitting well and handling sensory difficulties."),
    ("physio", "Physiotherapist. Helps your child with movement, strength, balance and "
               "posture."),
    ("EAL", "English as an Additional Language. For children and families whose first "
            "language is not English."),
    ("AAC", "Augmentative and Alternative Communication. Ways to communicate other than "
            "speech, such as a talking device, a communication book or symbols."),
    ("intensive interaction", "A way of connecting with your child by copying and joining in "
                              "with their sounds and movements, to build communication and "
                              "enjoyment together."),
    ("sensory circuit", "A short set of movement activities at the start of the day to help "
                        "children feel calm, alert and ready to learn."),
    ("respite", "A short break for the family, when someone else looks after your child for a "
                "few hours or days."),
    ("PMLD", "Profound and Multiple Learning Disabilities. A child with very severe learning "
             "difficulties and other needs, such as physical or sensory disabilities."),
    ("SLD", "Severe Learning Difficulties. A child who finds learning very hard and needs a "
            "lot of support with everyday life."),
    ("local offer", "The council's list of services and support for children with special "
                    "educational needs and disabilities in your area."),
]


def ensure_standard_terms(term_model=None) -> None:
    """Add any missing standard term (idempotent). The data migration calls this with its
    historical model; tests that flush the database call it again."""
    if term_model is None:
        from bridgebook.translation.models import GlossaryTerm as term_model
    existing = set(term_model.objects.filter(school=None, trust=None).values_list("term",
                                                                                flat=True))
    term_model.objects.bulk_create([term_model(term=term, explanation=explanation)
                                    for term, explanation in STANDARD_TERMS
                                    if term not in existing])

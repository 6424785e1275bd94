"""The demo trust's concerns: Agnieszka Nowak's about Zofia, in Polish, step by step to
resolved, and Beatriz Silva's about Lucas, in Portuguese, not yet acknowledged; Mapledown's
settings. Data only; bridgebook/concerns/demo/__init__.py writes it.

When things happened is given as (school days before today, hour, minute)."""

from __future__ import annotations

from bridgebook.concerns.models import ConcernEntry

Kind = ConcernEntry.Kind

SCHOOL_URN = "100001"
COMPLAINTS_URL = "https://mapledown.example/policies/complaints-procedure"
ACKNOWLEDGE_WITHIN_DAYS = 2

# Zofia's concern -------------------------------------------------------------------------------

ZOFIA = ("Zofia", "Nowak")
ZOFIA_MOTHER = ("Agnieszka", "Nowak")
ZOFIA_CONCERN = ("Zofia od tygodnia wraca ze szkoły bardzo zmęczona i prawie nic nie je na "
                 "lunch. W domu mówi, że w jadalni jest za głośno i boli ją głowa. Czy możemy "
                 "porozmawiać o tym, jak jej pomóc?")
NOT_RESOLVED = ("Dziękuję, ale Zofia nadal prawie nic nie je w szkole i jest głodna po "
                "powrocie do domu. Chciałabym porozmawiać z kimś z kierownictwa szkoły.")
AGREED = ("Tak, teraz jest dużo lepiej. Zofia je lunch w cichej sali i opowiada o tym w "
          "domu. Dziękuję!")
ZOFIA_RAISED = (12, 19, 40)
ZOFIA_ACKNOWLEDGED = (11, 8, 20)
ZOFIA_NOT_RESOLVED = (7, 20, 15)
ZOFIA_ESCALATED = (6, 8, 40)
ZOFIA_RESOLVED = (2, 19, 0)
# Who: "teacher" (Rowan's class teacher), "leader" (the senior leader), "family" (Agnieszka).
# (kind, author, named, text, from the family, language, when)
ZOFIA_STEPS = [
    (Kind.ACKNOWLEDGED, "teacher", "teacher", "", False, "en", ZOFIA_ACKNOWLEDGED),
    (Kind.UPDATE, "teacher", None,
     "Thank you for telling us. This week a member of staff has sat next to Zofia at "
     "lunch, and she ate about half of it. I will keep an eye on how it goes.", False,
     "en", (10, 15, 30)),
    (Kind.PROPOSAL, "teacher", None,
     "Zofia will take her ear defenders to lunch and sit at the end of the table "
     "nearest the door, where it is quieter.", False, "en", (8, 16, 0)),
    (Kind.NOT_RESOLVED, "family", None, NOT_RESOLVED, True, "pl", ZOFIA_NOT_RESOLVED),
    # The teacher's reason for the senior leader is a note: Agnieszka reads only that
    # her concern is with Helen now.
    (Kind.ESCALATED, "teacher", "leader", "", False, "en", ZOFIA_ESCALATED),
    (Kind.NOTE, "teacher", None,
     "Zofia is still eating very little at lunch. Mrs Nowak would like to speak to a "
     "senior leader.", False, "en", ZOFIA_ESCALATED),
    (Kind.NOTE, "leader", None,
     "Spoke to the SENCO and to Imogen (speech and language): try the quiet room, with "
     "a familiar adult.", False, "en", (6, 10, 0)),
    (Kind.UPDATE, "leader", None,
     "I have read everything so far. I would like to meet you: I will call you to find "
     "a time this week.", False, "en", (6, 12, 0)),
    (Kind.PROPOSAL, "leader", None,
     "From Monday Zofia will eat lunch in the quiet room with two friends and Kasia "
     "Nowicka, her teaching assistant, who speaks Polish. We will write in her book "
     "each day what she ate.", False, "en", (3, 14, 0)),
    (Kind.AGREED, "family", None, AGREED, True, "pl", ZOFIA_RESOLVED),
]

# Lucas's concern, with the residential staff, not yet acknowledged -----------------------------

LUCAS = ("Lucas", "Silva")
LUCAS_MOTHER = ("Beatriz", "Silva")
LUCAS_CONCERN = ("O Lucas chega a casa à sexta-feira muito cansado e diz que não dorme bem "
                 "na residência. Podem ver se o quarto é barulhento à noite?")
LUCAS_RAISED = (4, 21, 5)

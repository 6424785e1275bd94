"""The demo book's story: the activities, what teachers and families wrote, the named
families' days, incidents and events. Data only; bridgebook/diary/demo/__init__.py writes it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from bridgebook.diary.models import Eaten, Incident, Mood
from bridgebook.diary.selectors import STICKERS

# The school's own activity list: (name, OpenMoji hexcode, done one to one rather than as
# a class). Every school in the demo trust gets it; schools edit their own afterwards.
ACTIVITIES: list[tuple[str, str, bool]] = [
    ("Swimming", "1F3CA", False),
    ("Rebound therapy", "1F938", True),
    ("Cooking", "1F373", False),
    ("Sensory room", "2728", True),
    ("Music", "1F3B5", False),
    ("Art", "1F3A8", False),
    ("Forest school", "1F332", False),
    ("PE", "26BD", False),
    ("Communication group", "1F4AC", False),
    ("Horse riding", "1F40E", True),
    ("Hydrotherapy", "1F6C1", True),
    ("Attention Autism", "1F440", False),
    ("Travel training", "1F68C", False),
    ("Gardening", "1F331", False),
    ("Library", "1F4DA", False),
    ("Yoga", "1F9D8", False),
]
ONE_TO_ONE = {name for name, _symbol, alone in ACTIVITIES if alone}
CLASS_ACTIVITIES = [name for name, _symbol, alone in ACTIVITIES if not alone]

# The book's stickers (the entry stores their codes).
STICKER_CODES = [code for code, _label in STICKERS]

MOOD_WEIGHTS = {Mood.VERY_HAPPY: 30, Mood.HAPPY: 38, Mood.OK: 22, Mood.UPSET: 8,
                Mood.VERY_UPSET: 2}
EATEN_WEIGHTS = {Eaten.ALL: 45, Eaten.MOST: 30, Eaten.SOME: 17, Eaten.NONE: 5,
                 Eaten.NOT_OFFERED: 3}

# What a teacher writes about an activity. No pronouns: the generated pupils' genders are
# not recorded, and "they" reads oddly in a note about one child.
ACTIVITY_NOTES: dict[str, list[str]] = {
    "Swimming": [
        "{name} blew bubbles in the water for the first time and came up grinning. Getting "
        "changed afterwards went smoothly with the picture sequence.",
        "{name} kicked across the width of the pool holding a float, with an adult walking "
        "alongside. A big step on from last week's stand-and-splash!",
        "{name} floated on a noodle for a count of ten and asked for 'again' at the end.",
    ],
    "Rebound therapy": [
        "On the trampoline {name} signed 'more' every time we stopped, five times in all, "
        "with lots of laughing.",
        "{name} waited for 'ready, steady...' before each bounce and then shouted 'go!'. "
        "Lovely anticipation.",
    ],
    "Cooking": [
        "We made flapjacks. {name} poured the oats and stirred with both hands; a piece is "
        "in the bag to try at home.",
        "Pizza toast today: {name} spread the tomato sauce right to the edges and chose "
        "peppers for the top.",
        "{name} peeled a satsuma without help for the fruit salad and shared it round the "
        "table.",
    ],
    "Sensory room": [
        "In the sensory room {name} followed the bubble tube lights up and down and reached "
        "out to stop the fibre-optic strands. Calm and content for the whole session.",
        "{name} chose the blue lights and the wave music, then lay on the waterbed and "
        "relaxed completely.",
    ],
    "Music": [
        "{name} chose the tambourine in music and played loud and quiet when the signs "
        "changed, laughing every time we all stopped.",
        "{name} joined in the hello song with a wave at the right moment and kept the beat "
        "on the drum.",
    ],
    "Art": [
        "{name} printed with leaves and lined them up in a row across the paper, then took "
        "the picture to show the office.",
        "Big, sweeping brush strokes from {name} today: a painting of the sea that is "
        "drying on the classroom wall.",
    ],
    "Forest school": [
        "At forest school {name} helped build a den from branches and stayed outside for "
        "the whole session, even in the drizzle.",
        "{name} found a worm under a log at forest school and carried it carefully to the "
        "flower bed.",
    ],
    "PE": [
        "In PE {name} rolled the ball to three friends by name and waited for it to come "
        "back.",
        "{name} went over the big climbing frame twice with just a hand for balance.",
    ],
    "Communication group": [
        "In communication group {name} answered 'what did you have for lunch?' with the "
        "right symbol first time.",
        "{name} asked a friend 'what's your name?' in communication group and listened "
        "for the answer.",
    ],
    "Horse riding": [
        "{name} said 'walk on' to start the pony at riding and held the reins for the "
        "whole length of the arena.",
        "{name} brushed the pony's mane after riding and gave a carrot on a flat hand.",
    ],
    "Hydrotherapy": [
        "{name} relaxed into the warm water in hydrotherapy and let the physio stretch out "
        "both arms. Much looser afterwards.",
    ],
    "Attention Autism": [
        "{name} watched the whole of the Attention Autism bucket today and took a turn "
        "with the foam when invited.",
    ],
    "Travel training": [
        "On travel training {name} tapped a bus card at the reader and found a seat without "
        "a prompt.",
    ],
    "Gardening": [
        "{name} planted bulbs in the raised bed and pressed the soil down gently on top.",
    ],
    "Library": [
        "{name} chose a book about tractors in the library and turned the pages one at a "
        "time.",
    ],
    "Yoga": [
        "{name} copied the 'tree' and 'cat' poses in yoga and lay still for the relaxation "
        "at the end.",
    ],
}
GENERAL_NOTES = [
    "{name} greeted everyone at the door this morning with a wave.",
    "{name} helped hand out the snack plates and waited patiently for a turn.",
    "{name} tidied the tray away at the end of work time without being asked.",
    "{name} sat with a friend at lunch and shared a joke with the staff.",
    "{name} used the 'now and next' board to move from play to work calmly.",
    "{name} was a great help carrying the register back to the office.",
]
ACHIEVEMENTS = [
    "Chose lunch from the photo menu without help.",
    "Waited for a turn in the group game.",
    "Signed 'finished' at the end of work time.",
    "Walked to the minibus holding a partner's hand.",
    "Traced the first letter of their name.",
    "Put on a coat with the zip started.",
    "Matched five pictures to their objects.",
    "Asked for help with a symbol card instead of leaving the table.",
    "Stayed at the table for the whole of snack time.",
    "Counted out four cups for the group.",
]
LOW_MOOD_NOTES = [
    "Unsettled after the fire alarm practice; calmed with the weighted blanket in the "
    "sensory room and joined lunch.",
    "Tired this morning and wanted to lie on the beanbag; perked up after snack.",
    "Upset when the minibus was late. A walk round the playground helped.",
    "Found the hall noisy at lunch and ate in the small dining room instead.",
]
DRINKS = ["Two cups of water and milk at snack.", "Water bottle refilled twice.",
          "Three cups of diluted squash.", "A cup of water at snack and one at lunch.",
          "Milk at snack; water with lunch."]
OTHER_ACTIVITIES = ["Walk to the park", "Bubble session", "Story massage",
                    "Shopping for the class café", ""]

FAMILY_REPLIES = [
    "Thank you! Lovely to read.",
    "Thank you for letting us know, we will talk about it at home tonight.",
    "So proud! We did the same at home.",
    "Thanks, that explains why he was so tired.",
    "That's brilliant, thank you for the update.",
]
STAFF_REPLIES = [
    "Thanks for getting back to us!",
    "Great to hear, we'll keep practising in class.",
    "Thank you, we'll keep an eye on it tomorrow.",
]
HOME_NEWS = [
    "We went to the park on Saturday and had a long go on the swings.",
    "Grandma came to visit at the weekend and we baked a cake together.",
    "A quiet weekend at home: lots of time on the trampoline in the garden.",
    "We went swimming on Sunday morning and stayed in for the whole hour.",
    "Visited cousins on Saturday; it was busy but went well with ear defenders.",
]
HOME_SLEEP = ["Slept well, 8 pm to 6 am.", "Woke twice in the night, so may be tired.",
              "Late to sleep (about 10 pm) after the visit.", ""]
ASSEMBLIES = ["Whole-school assembly: Stars of the Week", "Music assembly with visiting "
              "drummers", "Sensory story assembly", "Celebration assembly"]
CLASS_EVENTS = ["Class trip to the city farm", "Friday café for staff",
                "Visit from the fire brigade", "Bus travel training", "Sensory story: The Sea",
                "Class picnic in the park"]



# The demo book's story: what the named families and their teachers wrote -----------------
# Pupils and contacts are named (legal first name, last name) within Mapledown. ``day``
# counts back from the most recent school day in the window (0 is the latest).

# (activity it is about, or ""; the note). The latest day takes the first note.
NAMED_NOTES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("Amira", "Hassan"): [
        ("Sensory room", "Amira built the sentence 'I want + bubbles' on her PECS strip at "
         "the start of sensory time, all by herself: the first two-symbol request we have "
         "seen without a prompt. We made a real fuss of her and she beamed."),
        ("Swimming", "In swimming Amira floated on her back with a noodle for a count of "
         "ten and kept her ears in the water, which she has avoided until now. She chose "
         "the red towel afterwards."),
        ("", "Amira was upset when the bus came late and went straight to the calm corner. "
         "After ten minutes with her ear defenders she came back to the table and finished "
         "her tray work."),
        ("", "At snack Amira handed Jo the 'biscuit' symbol, and when the biscuits ran out "
         "she found 'rice cake' in her book instead. Great flexibility!"),
    ],
    ("Zofia", "Nowak"): [
        ("", "Zofia signed 'more' and 'please' together at snack and said 'bana' for "
         "banana. Kasia heard it clearly twice."),
        ("Music", "In music Zofia chose the tambourine and played it loud and soft when "
         "Marcus showed the signs. She laughed every time we all stopped."),
        ("", "Zofia walked all the way to the park gates holding a partner's hand and "
         "waited at the kerb. She collected three leaves for the nature table."),
        ("", "Zofia was tired after lunch and lay on the beanbag for a while, then joined "
         "the story and pointed to the cat on every page."),
        ("", "Zofia had a tumble in the playground this morning (the accident is written up "
         "below) but was soon back on the swings, showing everyone her plaster."),
    ],
    ("Jakub", "Nowak"): [
        ("PE", "Kuba checked his symbol timetable when PE moved to the afternoon and said "
         "'PE later, OK'. No worries at all: really proud of how he handled the change."),
        ("Cooking", "Kuba weighed out the flour for the scones and read the numbers on the "
         "scales aloud. He wants to make them at home, so the recipe is in his bag."),
        ("Forest school", "At forest school Kuba helped build a den and told Femi 'my "
         "house, no rain'. He stayed outside for the whole session."),
        ("", "Kuba had a wobble when the hall was noisy at lunch; he asked for the quiet "
         "room with his card and came back after five minutes to finish his pasta."),
    ],
    ("Andrei", "Popescu"): [
        ("Music", "Andrei chose 'music' on his eye-gaze board twice this morning and smiled "
         "widely when the guitar came out. We sang 'Row your boat' three times at his "
         "request."),
        ("Hydrotherapy", "In hydrotherapy Andrei relaxed into the water with his neck float "
         "and stretched out his arms for Claire. His hands were warm and loose afterwards."),
        ("", "Andrei pressed his yes switch to ask for another go on the resonance board "
         "and vocalised along with the drum."),
        ("", "Andrei was sleepy this morning and had his time in the standing frame later "
         "than usual. He brightened at lunch and made lots of happy sounds with Femi."),
    ],
    ("Arjun", "Sandhu"): [
        ("Travel training", "Arjun paid for his own drink in the café on travel training "
         "and said 'thank you' to the cashier. He counted his change with Gareth."),
        ("PE", "Arjun steered his chair through the cones in PE without touching one and "
         "asked to race Lucy. He won!"),
        ("Cooking", "Arjun chose the ingredients for the class curry from the photo list "
         "and stirred the onions. His verdict: 'spicy, good'."),
        ("", "In his work-experience session Arjun sorted the recycling for the school "
         "office and took the crates to the bins on his tray."),
    ],
    ("Zara", "Khan"): [
        ("Communication group", "Zara signed the whole of 'Twinkle, twinkle' in "
         "communication group and then taught a friend the sign for 'star'."),
        ("PE", "Zara's left hearing aid was whistling after PE, so we checked the tubing "
         "and changed the battery. All fine afterwards."),
        ("Art", "Zara painted a rainbow with big sweeping strokes and told Hannah 'red, "
         "yellow, blue' with signs and words."),
        ("", "Zara chose to sit with Amira at lunch and shared her grapes without being "
         "asked. A lovely friendship is growing."),
    ],
    ("Lucas", "Silva"): [
        ("Communication group", "Lucas told the class about the Victoria line in morning "
         "circle and named every station from Walthamstow to Seven Sisters, then listened "
         "to two friends' news as well."),
        ("", "We had a supply teacher this afternoon. We showed Lucas her photo at lunch and "
         "he said 'new teacher, then home time'. A calm afternoon."),
        ("", "Lucas counted the carriages on the train set in maths and wrote the numbers "
         "to 12. Neat work!"),
        ("", "Lucas found the fire alarm practice hard and covered his ears; he went out "
         "with Kasia and his ear defenders and was back to himself by lunch."),
    ],
    ("Sofía", "Ruiz"): [
        ("Sensory room", "Sofía pressed her big-mac switch to say 'more' during the bubble "
         "session, eight times! Her eye-pointing to choose between the lights and the music "
         "was very clear."),
        ("Rebound therapy", "On the trampoline Sofía lay back on the big cushion and "
         "laughed as Lucy bounced gently. Her physio stretches went well afterwards."),
        ("Sensory room", "Sofía tracked the torch across the sensory room ceiling and "
         "reached for the shiny fan. Calm and alert all morning."),
        ("", "Sofía was a little wheezy after lunch, so we sat her upright and kept an eye "
         "on her; she settled within half an hour. Nothing was given."),
    ],
    ("Rafi", "Ahmed"): [
        ("", "Rafi ate lunch in the small dining room with his ear defenders and finished "
         "all of his rice. Eating away from the noise is really working."),
        ("", "A hard moment at lunchtime (the incident is written up below), but Rafi "
         "settled in the quiet room, and this afternoon he gave Femi the 'help' picture when "
         "the jigsaw got tricky instead of pushing it away. A big step."),
        ("Art", "In art Rafi printed with leaves and lined them up carefully across the "
         "paper. He took it to show the office."),
        ("Rebound therapy", "Rafi loved the trampoline today and used his 'stop' card to "
         "end the session himself, then walked back to class calmly."),
    ],
    ("Ellie", "Turner"): [
        ("", "Ellie found her peg using the new large, high-contrast name card and hung up "
         "her coat by herself."),
        ("Music", "Ellie played the drum for the whole music session and kept the beat with "
         "Marcus for a full song."),
        ("Cooking", "In cooking Ellie smelled the cinnamon and said 'mmm', then tasted the "
         "apple crumble and asked for more!"),
        ("PE", "Ellie chose the light-up ball in PE and rolled it to three friends by "
         "name."),
    ],
    ("Kai", "Morgan"): [
        ("", "Kai asked 'who's meeting me?' at half past two and was happy when we showed "
         "him Janet's photo on his board. A smooth end to the day."),
        ("Horse riding", "Kai rode Bramble at the riding centre and said 'walk on' to start "
         "her. He held the reins by himself for the whole length of the arena."),
        ("Travel training", "Kai did the whole shopping list at the supermarket with "
         "Gareth (bread, milk and bananas) and put them on the belt himself."),
        ("", "Kai wrote his name on the class birthday card for Lucy, every letter in the "
         "right order."),
    ],
}

# The mood on named days whose note tells of a harder moment: (pupil, day) -> (mood,
# about their mood). Other named days are happy or very happy, as their notes say.
NAMED_MOODS: dict[tuple[tuple[str, str], int], tuple[int, str]] = {
    (("Amira", "Hassan"), 2): (Mood.UPSET, "Upset by the late bus; settled with her ear "
                                           "defenders in the calm corner."),
    (("Zofia", "Nowak"), 3): (Mood.OK, "Tired after lunch."),
    (("Jakub", "Nowak"), 3): (Mood.OK, "A wobble in the noisy hall at lunch."),
    (("Andrei", "Popescu"), 3): (Mood.OK, "Sleepy in the morning, brighter after lunch."),
    (("Lucas", "Silva"), 3): (Mood.UPSET, "The fire alarm practice was hard for him."),
    (("Sofía", "Ruiz"), 3): (Mood.OK, "A little wheezy after lunch, then settled."),
    (("Rafi", "Ahmed"), 1): (Mood.UPSET, "Very upset by the hand dryer at lunchtime; calm "
                                         "again by half past twelve."),
}

# Lunchtime medication given at school, as the care plan says.
MEDICATION = {("Andrei", "Popescu"): [{"name": "Sodium valproate (Epilim) 200 mg",
                                       "time": "12:30"}],
              ("Sofía", "Ruiz"): [{"name": "Glycopyrronium 1 mg", "time": "12:15"}]}
# Toileting and personal care, only where the family asked for it to be shared.
PERSONAL_CARE = {("Sofía", "Ruiz"): "Changed at 11:00 and 14:00; skin fine."}


@dataclass
class StoryIncident:
    pupil: tuple[str, str]
    day: int
    kind: str
    happened_at: datetime.time
    what_happened: str
    action_taken: str
    who_was_told: str
    first_aid: str
    acknowledged_by: tuple[str, str] | None = None


INCIDENTS = [
    StoryIncident(
        pupil=("Zofia", "Nowak"), day=4, kind=Incident.Kind.ACCIDENT,
        happened_at=datetime.time(10, 45),
        what_happened="Zofia tripped on the edge of the playground path while running to "
                      "the swings and grazed her left knee.",
        action_taken="Grace (school nurse) cleaned the graze with water and put on a "
                     "plaster. Zofia had a cuddle and was back playing within five minutes.",
        who_was_told="Mum (Agnieszka), at pick-up",
        first_aid="Grazed left knee cleaned with water and a plaster put on at 10:50.",
        acknowledged_by=("Agnieszka", "Nowak")),
    StoryIncident(
        pupil=("Rafi", "Ahmed"), day=1, kind=Incident.Kind.INCIDENT,
        happened_at=datetime.time(12, 10),
        what_happened="The hand dryer by the dining hall went off while Rafi was at the "
                      "door. He screamed, bit the back of his right hand and tried to run "
                      "out of the hall.",
        action_taken="Femi took him to the quiet room with his ear defenders and the "
                     "weighted lap pad. The skin was not broken; a cold compress for five "
                     "minutes. He was calm by 12:30 and ate his lunch in the small dining "
                     "room.",
        who_was_told="Mum (Nasreen), by phone at 13:15 with a Bengali interpreter",
        first_aid="Cold compress on the back of the right hand for five minutes; skin not "
                  "broken."),
]

# Replies on school entries: (pupil, day, [(author, text)]). An author is a contact's
# (first, last) name, or "teacher" for the pupil's class teacher.
SCHOOL_REPLIES: list[tuple[tuple[str, str], int, list[tuple[tuple[str, str] | str, str]]]] = [
    (("Amira", "Hassan"), 0, [
        (("Layla", "Hassan"), "This made me so happy. We will try the bubbles sentence at "
                              "home tonight."),
        ("teacher", "Wonderful! If you can, tell us tomorrow how it went and we'll keep "
                    "the bubbles symbol at the front of her book."),
    ]),
    (("Zofia", "Nowak"), 4, [
        (("Agnieszka", "Nowak"), "Thank you for telling me. The knee is fine, she showed "
                                 "her plaster to everyone at home."),
    ]),
    (("Lucas", "Silva"), 0, [
        (("Beatriz", "Silva"), "He told me all about it at tea time, the whole Victoria "
                               "line again!"),
    ]),
]


@dataclass
class StoryHomeEntry:
    pupil: tuple[str, str]
    by: tuple[str, str]
    when: str | int  # "weekend": the Sunday before the latest Monday; or a school day
    hour: int
    minute: int
    fields: dict
    replies: list[str] = field(default_factory=list)  # from the class teacher
    language: str = "en"     # what the family wrote it in (staff read it translated)
    shared: bool = False     # shared with the child's other household


HOME_ENTRIES = [
    StoryHomeEntry(
        pupil=("Amira", "Hassan"), by=("Layla", "Hassan"), when="weekend", hour=19,
        minute=40,
        fields={"home_news": "We went to Lordship Rec with her cousins on Saturday. Amira "
                             "stayed on the big swing for a long time and gave me the "
                             "'swing' card when she wanted more. On Sunday she helped me "
                             "make ka'ak and ate two!",
                "sleep": "Asleep at 8:30 pm, woke at 6 am.",
                "question": "Can she bring her own ear defenders from home? The new ones "
                            "have helped in the shops."},
        replies=["Thank you, Mrs Hassan! Yes please, send them in and we'll keep them on "
                 "her peg. We'll talk about the swing in morning circle; I've added a swing "
                 "symbol to Amira's board."]),
    StoryHomeEntry(
        pupil=("Lucas", "Silva"), by=("Beatriz", "Silva"), when="weekend", hour=20,
        minute=5,
        fields={"home_news": "Lucas and his dad took the train to Southend on Saturday and "
                             "rode the pier train. He has talked about it ever since.",
                "celebrate": "He ordered his own chips in the café!"},
        replies=["What a trip! Lucas found the pier on the map in circle time and told us "
                 "about the chips."]),
    StoryHomeEntry(
        pupil=("Zofia", "Nowak"), by=("Agnieszka", "Nowak"), when=2, hour=20, minute=10,
        fields={"celebrate": "Zofia signed 'more' to her babcia on a video call to Poland "
                             "last night. Babcia cried! Thank you for all the Makaton."}),
    # Sadia writes in Urdu; Zara's teacher reads it in English, the Urdu one tap away.
    StoryHomeEntry(
        pupil=("Zara", "Khan"), by=("Sadia", "Khan"), when=1, hour=19, minute=15,
        language="ur",
        fields={"home_news": "ہم نے اتوار کو پارک میں پکنک کی۔ زارا نے جھولے پر بہت مزہ "
                             "کیا اور پہلی بار اپنی باری کا انتظار کیا۔",
                "question": "کیا زارا اپنا نیا بات کرنے والا آلہ اسکول لا سکتی ہے؟"},
        replies=["Thank you, Mrs Khan. Yes, please send Zara's talking device in with "
                 "her; we'll charge it in class and use it at snack time."]),
    StoryHomeEntry(
        pupil=("Ellie", "Turner"), by=("Kerry", "Turner"), when=0, hour=7, minute=35,
        fields={"sleep": "Ellie was awake from 3 am until about 5, singing in her room. "
                         "She may be tired today.",
                "home_health": "No medicine given; she seems well otherwise."},
        replies=["Thanks for letting us know, Kerry. We'll give her a quiet start and a "
                 "rest on the beanbag if she needs it."]),
]

# (class name, or None for the whole school; day; title; description)
EVENTS: list[tuple[str | None, int, str, str]] = [
    (None, 0, "Whole-school assembly: Stars of the Week",
     "Every class chose a Star of the Week and the whole school clapped and signed 'well "
     "done' for each of them. The drumming group played us out."),
    ("Willow", 6, "Trip to the city farm",
     "We fed the goats, stroked a rabbit and listened to the pigs snoring. Everyone ate a "
     "packed lunch in the barn. Ask about the goat that tried to eat Jo's lanyard!"),
    ("Rowan", 3, "Sensory story: The Sea",
     "We felt the sand, smelled the sea salt, heard the waves on the big speaker and "
     "watched the blue lights ripple across the ceiling."),
    ("Cedar", 5, "Cedar's Friday café",
     "Cedar ran the café for staff: taking orders with symbol menus, making toast and "
     "giving change. We made £14.20 for the class trip fund."),
    ("Birch", 2, "Travel training: the 123 bus",
     "Birch caught the 123 bus to Wood Green, tapped their own cards and chose a drink in "
     "a café before coming back for lunch."),
]

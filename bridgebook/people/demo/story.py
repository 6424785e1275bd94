"""The demo trust's story: its schools, classes, staff, names, streets and needs.

Data only; bridgebook/people/demo/__init__.py builds the trust from it.
"""

import datetime

from bridgebook.core.models import Role
from bridgebook.people.codes import AreaOfNeed, CommunicationMethod, PhotoConsent
from bridgebook.people.demo.specs import SchoolSpec

# Fixed facts --------------------------------------------------------------------------------

MAPLEDOWN = SchoolSpec("100001", "Mapledown School", "202", "7001", "mapledown.example")
OAKLEIGH = SchoolSpec("100002", "Oakleigh School", "202", "7002", "oakleigh.example")
EXTRA_SCHOOL_NAMES = [
    "Ashgrove", "Brookfield", "Chestnut Grove", "Damson Park", "Elmbridge", "Foxhill",
    "Greenacre", "Hollybank", "Ivydale", "Juniper House", "Kingfisher", "Larkrise",
    "Meadowbank", "Northfield", "Orchard Vale", "Pinewood", "Queensmead", "Riverside",
]
EXTRA_LA_CODES = ["202", "204", "206", "208", "209", "210", "211", "212", "213", "303"]

# 2026/27 terms, in the pattern most English local authorities publish.
TERMS = [
    ("Autumn term", datetime.date(2026, 9, 2), datetime.date(2026, 12, 18)),
    ("Spring term", datetime.date(2027, 1, 5), datetime.date(2027, 3, 26)),
    ("Summer term", datetime.date(2027, 4, 12), datetime.date(2027, 7, 21)),
]
LESSONS = [
    ("Lesson 1", datetime.time(9, 15), datetime.time(10, 15)),
    ("Lesson 2", datetime.time(10, 30), datetime.time(11, 30)),
    ("Lesson 3", datetime.time(11, 30), datetime.time(12, 15)),
    ("Lesson 4", datetime.time(13, 15), datetime.time(14, 15)),
    ("Lesson 5", datetime.time(14, 15), datetime.time(15, 0)),
]

MAPLEDOWN_CLASSES = [("Willow", 7, 8), ("Rowan", 9, 7), ("Cedar", 11, 9), ("Birch", 13, 8)]
OAKLEIGH_CLASSES = [("Acorn", 0, 6), ("Hazel", 5, 7)]

# (name, role, job title, classes as [(class, is class teacher)])
MAPLEDOWN_STAFF = [
    ("Daniel Okafor", Role.PRINCIPAL, "Headteacher", []),
    ("Sue Hart", Role.POLICY_COORDINATOR, "Deputy head, home-school partnership coordinator",
     []),
    ("Hannah Price", Role.CLASS_TEACHER, "Class teacher, Willow", [("Willow", True)]),
    ("Marcus Reid", Role.CLASS_TEACHER, "Class teacher, Rowan", [("Rowan", True)]),
    ("Aisha Begum", Role.CLASS_TEACHER, "Class teacher, Cedar", [("Cedar", True)]),
    ("Gareth Evans", Role.CLASS_TEACHER, "Class teacher, Birch", [("Birch", True)]),
    ("Jo Clarke", Role.TEACHING_ASSISTANT, "Teaching assistant", [("Willow", False)]),
    ("Kasia Nowicka", Role.TEACHING_ASSISTANT, "Teaching assistant", [("Rowan", False)]),
    ("Femi Adeyemi", Role.TEACHING_ASSISTANT, "Teaching assistant", [("Cedar", False)]),
    ("Lucy Grant", Role.TEACHING_ASSISTANT, "Teaching assistant",
     [("Birch", False), ("Cedar", False)]),
    ("Rachel Moore", Role.SENCO, "SENCO", []),
    ("Imogen Hale", Role.SALT, "Speech and language therapist", []),
    ("Ravi Patel", Role.OT, "Occupational therapist", []),
    ("Claire Dunn", Role.PHYSIO, "Physiotherapist", []),
    ("Grace Mensah", Role.NURSE, "School nurse", []),
    ("Nadia Rahman", Role.FAMILY_SUPPORT, "Family support worker (Wednesday mornings)", []),
    ("Ana Ionescu", Role.EAL_TEACHER, "EAL teacher", []),
    ("Pam Whitfield", Role.OFFICE, "School business manager", []),
    # Deals with concerns a family's class or residential staff could not resolve.
    ("Helen Brooks", Role.SENIOR_LEADER, "Deputy headteacher (behaviour and safety)", []),
    # Mapledown boards a few pupils during the week (see RESIDENTIAL_GROUPS).
    ("Tom Fairley", Role.RESIDENTIAL, "Residential care worker, Lantern House", []),
]
# Mapledown's weekly boarding house: (name, its staff, its pupils as (first, last name)).
RESIDENTIAL_GROUPS = [
    ("Lantern House", ["Tom Fairley"], [("Zofia", "Nowak"), ("Lucas", "Silva")]),
]
OAKLEIGH_STAFF = [
    ("Owen Lloyd", Role.PRINCIPAL, "Headteacher", []),
    ("Beth Carter", Role.CLASS_TEACHER, "Class teacher, Acorn", [("Acorn", True)]),
    ("Sam Okoro", Role.CLASS_TEACHER, "Class teacher, Hazel", [("Hazel", True)]),
    ("Mia Lewis", Role.TEACHING_ASSISTANT, "Teaching assistant",
     [("Acorn", False), ("Hazel", False)]),
    ("Hollie Ward", Role.OFFICE, "Office manager", []),
]
TRUST_ADMIN = ("Tariq Aziz", "tariq.aziz@trust.example")

# Home languages of generated families, weighted roughly as in a London special school.
LANGUAGE_WEIGHTS = {"en": 45, "pl": 9, "ro": 8, "ur": 7, "pa": 6, "ar": 6, "pt": 6,
                    "bn": 5, "es": 4, "so": 4}
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    # language: (girls' and women's first names, boys' and men's, family names)
    "en": (["Olivia", "Amelia", "Isla", "Ava", "Grace", "Freya", "Lily", "Ellie", "Chloe",
            "Megan", "Sophie", "Ruby", "Holly", "Emma", "Jess", "Karen", "Louise", "Nicola"],
           ["Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Oscar", "Charlie", "Alfie",
            "Jacob", "Thomas", "Ethan", "Lewis", "Mark", "Stephen", "Paul", "Craig", "Lee"],
           ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Walker", "White", "Roberts", "Green", "Hall",
            "Wood", "Jackson", "Campbell", "Murphy", "Hughes", "Edwards", "Bennett", "Cole"]),
    "pl": (["Zofia", "Zuzanna", "Julia", "Maja", "Hanna", "Lena", "Alicja", "Oliwia", "Ewa",
            "Katarzyna", "Magdalena", "Joanna"],
           ["Jakub", "Antoni", "Jan", "Szymon", "Filip", "Franciszek", "Aleksander", "Mikołaj",
            "Tomasz", "Marek", "Paweł", "Krzysztof"],
           ["Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król",
            "Wieczorek", "Pawlak", "Michalak"]),
    "ro": (["Maria", "Elena", "Ioana", "Andreea", "Alexandra", "Ana", "Mihaela", "Gabriela"],
           ["Andrei", "Alexandru", "Ionuț", "Mihai", "Ștefan", "Gabriel", "David", "Luca"],
           ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
            "Ciobanu", "Rusu"]),
    "pa": (["Harpreet", "Simran", "Jasleen", "Navneet", "Amrit", "Manpreet", "Rajveer"],
           ["Arjun", "Gurdeep", "Manjit", "Harjit", "Jaskaran", "Ranveer", "Kulwant"],
           ["Sandhu", "Gill", "Dhillon", "Sidhu", "Grewal", "Bains", "Johal"]),
    "ur": (["Ayesha", "Fatima", "Zainab", "Sana", "Hira", "Mariam", "Iqra", "Sadia"],
           ["Muhammad", "Ali", "Hamza", "Bilal", "Usman", "Imran", "Zain", "Faisal"],
           ["Khan", "Hussain", "Akhtar", "Iqbal", "Malik", "Raza", "Butt", "Qureshi"]),
    "pt": (["Beatriz", "Mariana", "Inês", "Leonor", "Carolina", "Ana", "Sofia", "Joana"],
           ["João", "Rodrigo", "Tiago", "Miguel", "Rui", "Pedro", "Gabriel", "Diogo"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues",
            "Martins"]),
    "es": (["Lucía", "Sofía", "Martina", "Carmen", "Paula", "Valeria", "Elena"],
           ["Hugo", "Mateo", "Javier", "Pablo", "Daniel", "Alejandro", "Diego"],
           ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz"]),
    "ar": (["Layla", "Amira", "Noor", "Mariam", "Huda", "Yasmin", "Salma", "Rania"],
           ["Omar", "Yusuf", "Ahmed", "Khalid", "Karim", "Adam", "Tariq", "Sami"],
           ["Hassan", "Ibrahim", "Mahmoud", "Saleh", "Abdullah", "Mansour", "Haddad"]),
    "bn": (["Nasreen", "Rumana", "Shirin", "Tahmina", "Farzana", "Sumaiya", "Ruksana"],
           ["Rafi", "Abdul", "Saif", "Rahim", "Tanvir", "Arif", "Jamal"],
           ["Miah", "Uddin", "Rahman", "Islam", "Chowdhury", "Hoque", "Ali"]),
    "so": (["Hodan", "Amina", "Fadumo", "Sahra", "Ifrah", "Hibo"],
           ["Abdi", "Mohamed", "Hassan", "Yusuf", "Abdirahman", "Mahad"],
           ["Warsame", "Farah", "Jama", "Osman", "Hirsi", "Abdi"]),
}
STREETS = ["Maple Road", "Elm Close", "Birch Avenue", "Oak Lane", "Willow Court",
           "Station Road", "Church Street", "Park View", "Mill Lane", "Victoria Road",
           "Greenway", "Chestnut Rise", "Holly Walk", "Ferry Lane", "Albert Terrace",
           "Kingsley Road", "Linden Grove", "Meadow Way", "Rectory Lane", "Queen's Drive"]
TOWN = "London"
POSTCODE_AREAS = ["N15", "N17", "N18", "N22", "E17", "E5", "N16", "N4"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in the inward code

# Areas of need in a special school for pupils with severe and complex needs: (primary
# need, weight, secondary needs it often comes with, how such a pupil often communicates).
NEED_PROFILES = [
    (AreaOfNeed.SLD, 30, [AreaOfNeed.SLCN, AreaOfNeed.PD],
     [[CommunicationMethod.MAKATON, CommunicationMethod.SYMBOLS, CommunicationMethod.SPEECH],
      [CommunicationMethod.SPEECH, CommunicationMethod.SYMBOLS]]),
    (AreaOfNeed.ASD, 30, [AreaOfNeed.SLD, AreaOfNeed.SLCN, AreaOfNeed.SEMH],
     [[CommunicationMethod.PECS, CommunicationMethod.SYMBOLS],
      [CommunicationMethod.SPEECH, CommunicationMethod.SYMBOLS],
      [CommunicationMethod.AAC, CommunicationMethod.PECS]]),
    (AreaOfNeed.PMLD, 12, [AreaOfNeed.PD, AreaOfNeed.MSI, AreaOfNeed.VI],
     [[CommunicationMethod.GESTURE, CommunicationMethod.AAC],
      [CommunicationMethod.GESTURE, CommunicationMethod.SYMBOLS]]),
    (AreaOfNeed.SLCN, 10, [AreaOfNeed.MLD, AreaOfNeed.HI],
     [[CommunicationMethod.SPEECH, CommunicationMethod.MAKATON],
      [CommunicationMethod.AAC, CommunicationMethod.SYMBOLS]]),
    (AreaOfNeed.PD, 6, [AreaOfNeed.SLD, AreaOfNeed.VI],
     [[CommunicationMethod.SPEECH], [CommunicationMethod.AAC, CommunicationMethod.GESTURE]]),
    (AreaOfNeed.MSI, 4, [AreaOfNeed.PMLD],
     [[CommunicationMethod.GESTURE, CommunicationMethod.MAKATON]]),
    (AreaOfNeed.HI, 4, [AreaOfNeed.SLCN], [[CommunicationMethod.MAKATON,
                                            CommunicationMethod.SPEECH]]),
    (AreaOfNeed.MLD, 4, [AreaOfNeed.SEMH], [[CommunicationMethod.SPEECH]]),
]
PHOTO_WEIGHTS = {PhotoConsent.BOOK: 40, PhotoConsent.SCHOOL: 30, PhotoConsent.PUBLIC: 15,
                 PhotoConsent.NONE: 15}

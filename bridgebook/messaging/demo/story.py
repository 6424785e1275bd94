"""The demo trust's conversations: who writes about which child, in their own words, and
the answer. Data only; bridgebook/messaging/demo/__init__.py writes them."""

CONVERSATIONS = [
    # (pupil, family member who starts it, subject, their words (in their language),
    # the class teacher's answer)
    (("Amira", "Hassan"), ("Omar", "Hassan"), "Picking Amira up on Friday",
     "هل يمكنني أن آخذ أميرة من المدرسة يوم الجمعة؟ سأكون عند الباب الأمامي الساعة "
     "الثالثة والربع.",
     "Yes, of course, Mr Hassan. Come to the front office at 3:15 on Friday and we will "
     "bring Amira to you with her bag and her PECS book."),
]

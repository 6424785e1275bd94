"""Who gets a message about a pupil: entitled contacts, each their own copy, never the
restricted, one message naming every child."""

from bridgebook.messaging.recipients import households, resolve
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory


def _names(recipients):
    return sorted(r.contact.full_name for r in recipients)


def test_entitled_contacts_each_get_a_copy_and_the_restricted_none(world):
    recipients = resolve([world.pupil])
    assert _names(recipients) == ["Layla Hassan", "Omar Hassan"]
    # Separated parents live in two households: each household hears.
    assert len(households(recipients)) == 2


def test_contact_with_several_children_gets_one_message_naming_each(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", date_of_birth=world.pupil.date_of_birth
                           .replace(year=2017))
    PupilContactFactory(pupil=sibling, contact=world.parent_contact)
    recipients = resolve([world.pupil, sibling])
    layla = next(r for r in recipients if r.contact == world.parent_contact)
    assert [p.first_name for p in layla.pupils] == ["Amira", "Yusuf"]
    assert layla.children_names == "Amira and Yusuf"
    omar = next(r for r in recipients if r.contact == world.separated_contact)
    assert [p.first_name for p in omar.pupils] == ["Amira"]


def test_restricted_for_one_child_still_hears_about_a_sibling(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Mia")
    PupilContactFactory(pupil=sibling, contact=world.restricted_contact)
    recipients = resolve([world.pupil, sibling])
    rex = next(r for r in recipients if r.contact == world.restricted_contact)
    assert [p.first_name for p in rex.pupils] == ["Mia"]


def test_contact_without_responsibility_only_when_named(world):
    grandma = PupilContactFactory(pupil=world.pupil, relationship="FAM",
                                  parental_responsibility=False).contact
    assert grandma.full_name not in _names(resolve([world.pupil]))
    link = grandma.pupil_links.get()
    link.receives_information = True
    link.save(update_fields=["receives_information"])
    assert grandma.full_name in _names(resolve([world.pupil]))


def test_resolution_is_one_query(world, django_assert_num_queries):
    pupils = [world.pupil, world.pupil_b]
    for pupil in PupilFactory.create_batch(3, school=world.school, school_class=world.class_a):
        PupilContactFactory(pupil=pupil)
        pupils.append(pupil)
    with django_assert_num_queries(1):  # links with their contacts, households and pupils
        resolve(pupils)

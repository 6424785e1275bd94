"""A page per child: a family member reaches each child's page from their landing page,
and moves between its tabs (About, Book, Conversations); staff see the family's language
needs at the head of every tab."""

from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe


def test_a_parent_opens_their_childs_page_and_its_tabs(page, world, sign_in_as):
    sign_in_as(page, world.parent)
    page.goto("/")
    page.get_by_role("link", name="Amira’s page").click()
    tabs = page.get_by_role("navigation", name="Amira’s pages")
    expect(tabs.get_by_role("link", name="About")).to_have_attribute("aria-current", "page")
    check_axe(page)
    tabs.get_by_role("link", name="Book").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Hassan’s book")
    expect(page.get_by_role("navigation", name="Amira’s pages").get_by_role(
        "link", name="Book")).to_have_attribute("aria-current", "page")
    check_axe(page)
    page.get_by_role("navigation", name="Amira’s pages").get_by_role(
        "link", name="Conversations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations")
    check_axe(page)


def test_staff_see_the_familys_needs_on_every_tab(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/book/")
    needs = page.get_by_role("list", name="About this child")
    expect(needs).to_contain_text("Family needs an interpreter")
    expect(needs).to_contain_text("Arabic")
    # The staff menu shows the page is among the pupils'.
    expect(page.get_by_role("navigation", name="Pupils").get_by_role(
        "link", name="Families")).to_be_visible()
    check_axe(page)

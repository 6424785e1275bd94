from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def paginate(request, items, per_page: int = PAGE_SIZE) -> dict:
    """The requested page of ``items`` and the query string the page links keep."""
    params = request.GET.copy()
    params.pop("page", None)
    page: Page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query": params.urlencode()}

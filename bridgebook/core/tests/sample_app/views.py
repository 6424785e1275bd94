from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bridgebook.core.access import access_pupil, access_school


@login_required
def notices(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    return render(request, "sample_app/notices.html", {"title": f"Notices at {school.name}"})


@login_required
def pupil_notices(request, pk: int):
    pupil = access_pupil(request.user, pk)
    return render(request, "sample_app/notices.html",
                  {"title": f"Notices for {pupil.first_name}", "pupil": pupil})

"""Placeholder views; the people pages are being written."""
from django.http import Http404


def pupil_list(request, **kwargs):
    raise Http404


def pupil_create(request, **kwargs):
    raise Http404


def pupil_detail(request, **kwargs):
    raise Http404


def pupil_edit(request, **kwargs):
    raise Http404


def pupil_contact_add(request, **kwargs):
    raise Http404


def pupil_contact_edit(request, **kwargs):
    raise Http404


def contact_list(request, **kwargs):
    raise Http404


def contact_create(request, **kwargs):
    raise Http404


def contact_detail(request, **kwargs):
    raise Http404


def contact_edit(request, **kwargs):
    raise Http404


def class_list(request, **kwargs):
    raise Http404


def class_create(request, **kwargs):
    raise Http404


def class_detail(request, **kwargs):
    raise Http404


def class_edit(request, **kwargs):
    raise Http404


def staff_list(request, **kwargs):
    raise Http404


def staff_create(request, **kwargs):
    raise Http404


def staff_edit(request, **kwargs):
    raise Http404

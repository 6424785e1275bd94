"""Placeholder views; being written."""
from django.http import Http404


def book_pdf(request, **kwargs):
    raise Http404


def group_photo_add(request, **kwargs):
    raise Http404


def my_day(request, **kwargs):
    raise Http404


def photo(request, **kwargs):
    raise Http404


def photo_add(request, **kwargs):
    raise Http404


def symbol(request, **kwargs):
    raise Http404

"""Placeholder views; being written."""
from django.http import Http404


def activities(request, **kwargs):
    raise Http404


def class_day(request, **kwargs):
    raise Http404

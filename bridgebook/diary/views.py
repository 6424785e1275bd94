"""Placeholder views; being written."""
from django.http import Http404


def acknowledge(request, **kwargs):
    raise Http404


def book(request, **kwargs):
    raise Http404


def book_settings(request, **kwargs):
    raise Http404


def entry_detail(request, **kwargs):
    raise Http404


def entry_edit(request, **kwargs):
    raise Http404


def entry_history(request, **kwargs):
    raise Http404


def entry_new(request, **kwargs):
    raise Http404


def entry_remove(request, **kwargs):
    raise Http404


def event_detail(request, **kwargs):
    raise Http404


def event_new(request, **kwargs):
    raise Http404


def reply(request, **kwargs):
    raise Http404

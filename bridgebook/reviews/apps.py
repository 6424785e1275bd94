from django.apps import AppConfig
from django.core import checks


def check_schedule(app_configs, **kwargs) -> list:
    """A deployment's changes to the review periods name periods that exist."""
    from bridgebook.reviews.schedule import schedule

    try:
        schedule()
    except (TypeError, ValueError) as error:
        return [checks.Error(str(error), id="reviews.E001",
                             hint="See bridgebook/reviews/schedule.py for the names.")]
    return []


class ReviewsConfig(AppConfig):
    name = "bridgebook.reviews"
    label = "reviews"
    verbose_name = "Annual reviews of EHC plans"

    def ready(self):
        checks.register(check_schedule)

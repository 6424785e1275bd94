from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "bridgebook.reviews"
    label = "reviews"
    verbose_name = "Annual reviews of EHC plans"

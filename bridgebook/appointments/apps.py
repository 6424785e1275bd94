from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "bridgebook.appointments"
    label = "appointments"
    verbose_name = "Appointments and parents' evenings"

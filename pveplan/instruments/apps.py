from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "pveplan.instruments"
    verbose_name = _("Legal and policy instruments")

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, without fuzzy guesses: a new string arrives untranslated, so the
    catalogue check asks for a real translation instead of passing a near-miss."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

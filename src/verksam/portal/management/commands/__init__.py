"""``verksam demo`` and ``verksam serve``."""

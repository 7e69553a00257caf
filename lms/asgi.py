"""For an ASGI server (``uvicorn lms.asgi:application``): production settings unless told otherwise, as wsgi."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

from django.core.asgi import get_asgi_application

application = get_asgi_application()

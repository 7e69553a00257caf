"""What gunicorn loads (``gunicorn lms.wsgi``). Production settings unless DJANGO_SETTINGS_MODULE says otherwise.

Development uses ``manage.py runserver`` (``make run``), which sets lms.settings.dev before this file is read.
"""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

# The ~250 000 objects made at start-up live as long as the process: moving them out of the
# collector's reach removes the ~100 ms full collections that showed as p95 spikes in bench/dashboard.py.
gc.freeze()

"""Settings shared by every environment. Values from the environment come through ``env.py``."""

from __future__ import annotations

from celery.schedules import crontab
from kombu import Queue

from .env import (  # noqa: F401 (BASE_DIR and VAR_DIR are settings too)
    BASE_DIR,
    LOG_LEVELS,
    VAR_DIR,
    ConfigurationError,
    read_bool,
    read_choice,
    read_database,
    read_email,
    read_email_address,
    read_hosts,
    read_int,
    read_origins,
    read_path,
    read_secret_key,
    read_url,
    read_web_url,
)

DEBUG = read_bool("DEBUG", default=False)
# Required, and as strong as `check --deploy` asks, whenever DEBUG is off, whatever the settings module.
# Only lms.settings.dev with DEBUG on may do without one (it keeps a generated key under var/).
SECRET_KEY = read_secret_key("SECRET_KEY", required=not DEBUG)
ALLOWED_HOSTS = read_hosts("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = read_origins("CSRF_TRUSTED_ORIGINS", default=[])
# `manage.py load_demo` creates a superuser with a published password: only with DEBUG on (make run),
# in the test settings' throwaway database, or with its --i-know-this-is-not-production flag.
LOAD_DEMO_ALLOWED = DEBUG

INSTALLED_APPS = [
    # Our apps first so their templates override Wagtail's and Django's.
    "lms",
    "lms.organisations",
    "lms.people",
    "lms.progress",
    "lms.certification",
    "lms.reports",
    "courses",
    "grading",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: /healthz answers load-balancer probes before the HTTPS redirect and the host check.
    "lms.middleware.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": read_database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'manabi.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Japanese first, English by the language switch.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
# Every app keeps its catalogue in <app>/locale/ja (lms/locale for the shared templates).
LOCALE_PATHS: list = []
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = read_path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Files staff upload as evidence or submissions are private: they live outside MEDIA_ROOT's public URL.
PRIVATE_STORAGE_ROOT = read_path("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_CONFIG = read_email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = read_email_address("DEFAULT_FROM_EMAIL", default="manabi@localhost")

WAGTAIL_SITE_NAME = "Manabi 学び"
WAGTAILADMIN_BASE_URL = read_web_url("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
    "ipynb",
    # Lesson videos and their WebVTT captions (courses' video block).
    "mp4",
    "webm",
    "vtt",
]
# No SVG: an uploaded SVG is served as it is, and may carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# No avatars fetched from gravatar.com: municipal networks are often closed to the internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --- Certification and HR reports ---------------------------------------------------------------
CERTIFICATION_EVIDENCE_MAX_BYTES = read_int(
    "CERTIFICATION_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024, minimum=1
)
ROSTER_IMPORT_MAX_BYTES = read_int("ROSTER_IMPORT_MAX_BYTES", default=10 * 1024 * 1024, minimum=1)
ROSTER_IMPORT_MAX_ROWS = read_int("ROSTER_IMPORT_MAX_ROWS", default=50_000, minimum=1)

# --- Celery ---------------------------------------------------------------------------------------
# Embedded default: Celery's file-system broker and result store under var/, so nothing else is needed.
CELERY_FILESYSTEM_DIR = read_path("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery"))
CELERY_BROKER_URL = read_url(
    "CELERY_BROKER_URL",
    default="filesystem://",
    schemes=("filesystem", "redis", "rediss", "amqp", "amqps"),
)
_default_results = (
    f"file://{CELERY_FILESYSTEM_DIR}/results"
    if CELERY_BROKER_URL.startswith("filesystem")
    else CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith("redis")
    else "rpc://"
)
CELERY_RESULT_BACKEND = read_url(
    "CELERY_RESULT_BACKEND", default=_default_results, schemes=("file", "redis", "rediss", "rpc")
)
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": f"{CELERY_FILESYSTEM_DIR}/queue",
        "data_folder_out": f"{CELERY_FILESYSTEM_DIR}/queue",
        "control_folder": f"{CELERY_FILESYSTEM_DIR}/control",
        "processed_folder": f"{CELERY_FILESYSTEM_DIR}/processed",
        "store_processed": False,
        # Kombu polls a file-system queue once a second by default: a second of grading latency.
        "polling_interval": 0.05,
    }
    # Kombu's own file-system transport loses a message a consumer takes before it is written.
    CELERY_BROKER_TRANSPORT = "lms.broker:FilesystemTransport"
else:
    # Redis re-delivers an unacknowledged task after this many seconds; longer than any grading job.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = (Queue("default"), Queue("grading"))
CELERY_TASK_ROUTES = {"grading.tasks.*": {"queue": "grading"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = read_int("CELERY_TASK_SOFT_TIME_LIMIT", default=300, minimum=1)
CELERY_TASK_TIME_LIMIT = read_int("CELERY_TASK_TIME_LIMIT", default=360, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    # The soft limit lets a task clean up; at or past the hard limit it would never fire.
    raise ConfigurationError(
        "CELERY_TASK_SOFT_TIME_LIMIT",
        f"must be less than CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT}),"
        f" not {CELERY_TASK_SOFT_TIME_LIMIT}",
    )
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Certification expiry reminders (90, 30 and 7 days before), once a day in the morning.
    "certification-expiry-reminders": {
        "task": "certification.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Transfers entered ahead of their date move people on that date (just after midnight, JST).
    "people-apply-due-transfers": {
        "task": "people.apply_due_transfers",
        "schedule": crontab(hour=0, minute=5),
    },
    # Publishes (and unpublishes) learning pages at the times trainers scheduled, every minute.
    "courses-publish-scheduled": {"task": "courses.publish_scheduled", "schedule": 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": read_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    # Wagtail runs its search-index and reference-index updates as django-tasks, two log lines each.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

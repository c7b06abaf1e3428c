"""
Newsroom settings, read from the environment.

Development defaults need nothing: a SQLite file, a file-based cache shared by
all local worker processes, the console email backend. Production mode
(``NEWSROOM_ENV=production``) refuses to start without a real ``SECRET_KEY`` and
turns on HTTPS-only cookies, HSTS and compressed static files.

Variables: NEWSROOM_ENV, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
DATABASE_URL, REDIS_URL, MEDIA_ROOT, MEDIA_URL, MEDIA_MAX_AGE, STATIC_ROOT, SERVE_MEDIA,
MEDIA_STORAGE, S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID,
S3_SECRET_ACCESS_KEY, S3_ADDRESSING_STYLE, S3_DEFAULT_ACL, SCHEDULER_LOCK_REFRESH_SECONDS,
SCHEDULER_LOCK_TIMEOUT_SECONDS,
DATABASE_REPLICA_URL, SITEMAP_CACHE_SECONDS, AI_CRAWLERS_BLOCKED, SECURITY_CONTACT,
SECURITY_POLICY_URL,
SITE_NAME, SITE_URL, REPORTS_TO_HIDE, REPORT_HIDES_PER_DAY, SECURE_SSL_REDIRECT,
SECURE_HSTS_SECONDS, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, PURGE_HOOK, VARNISH_PURGE_URLS, PURGE_TOKEN,
FASTLY_SERVICE_ID, FASTLY_API_TOKEN, CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("NEWSROOM_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("NEWSROOM_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Production mode needs a SECRET_KEY of at least 50 random characters in the environment."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, whose default site asks staff for their second factor.
    "infra.staff.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "reversion",
    "django_prose_editor",
    "django_tasks_db",
    "crontask",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The project's rooms, from the lowest to the highest (docs/architecture.md).
    "infra",
    "search",
    "images",
    "embeds",
    "articles",
    "comments",
    "audience",
    "wire",
    "desk",
    "compliance",
    "live",
    "reader",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before WhiteNoise, so that static files carry X-Frame-Options like every response.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored reader pages for anonymous readers, before what only building a page needs.
    "infra.pagemiddleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infra.pagemiddleware.ReaderCacheHeadersMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, the first to read a POST body.
    "infra.requestlimits.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "infra.staff.sessions.StaffSessionMiddleware",
    "infra.middleware.DatabaseUnavailableMiddleware",
    # Last: turns a lockout noted during the login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# `make bench` only: a bare baseline view and SQL counts in a response header.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)
if BENCH_ENDPOINTS:
    MIDDLEWARE.insert(0, "bench.views.SQLCountMiddleware")

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reader.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name in production), SQLite by default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, its health check of a reused connection made without a round
    # trip (infra/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "infra.postgresql"
    # A database that does not answer must not hold a worker: give up connecting after
    # DB_CONNECT_TIMEOUT seconds, cancel a statement after DB_STATEMENT_TIMEOUT ms, and
    # notice a connection that died with its server (failover) within about 10 s.
    # No parallel workers by default (DB_PARALLEL_WORKERS): the site's queries read a
    # few hundred rows by index, and starting a worker process costs more than the
    # scan it would share (a filtered search at 100,000 articles: 11.6 ms with one,
    # 1.7 ms without; docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        "options": (
            f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT', '10000'))} "
            "-c max_parallel_workers_per_gather="
            f"{int(os.environ.get('DB_PARALLEL_WORKERS', '0'))}"
        ),
        # Parameters bound by the server, and the statements a connection runs again
        # and again (the long tail's two queries, the search) prepared after their
        # second run: PostgreSQL stops parsing and planning them on each request
        # (DB_PREPARED=false behind a transaction-pooling PgBouncer).
        "server_side_binding": env_bool("DB_PREPARED", True),
        "prepare_threshold": 2 if env_bool("DB_PREPARED", True) else None,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": int(os.environ.get("DB_TCP_USER_TIMEOUT", "10000")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet: any management command (makemigrations --check
    # included) must be able to open the embedded database.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the single writer work at the same time; IMMEDIATE avoids
    # "database is locked" surprises on write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# An optional read replica (infra/replica.py): the rankings, sitemaps, feeds and search
# read from it, never the pages the page cache stores as current; tests read the
# primary through it (MIRROR).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["ENGINE"] = "infra.postgresql"
DATABASE_ROUTERS = ["infra.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, through django-redis behind a circuit breaker
# (infra/sharedcache.py): a Redis outage degrades to cache misses, one warning per
# outage and process, instead of 500s or a traceback per call. Without Redis, a
# file-based cache that every local worker process shares. "local" is each process's
# own memory, where rate limits go while the shared cache is away, and where the
# site's chrome is kept rendered in each language (reader/rendered.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}
# What the production backend is given (the fault tests use it too).
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "infra.sharedcache.PipelinedClient",
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
    "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
    "CIRCUIT_SECONDS": float(os.environ.get("REDIS_CIRCUIT_SECONDS", "5")),
    # A pooled connection that died with a Redis restart is reopened once rather than
    # failing the call (and opening the circuit again) after recovery.
    "CONNECTION_POOL_KWARGS": {
        "retry": Retry(NoBackoff(), 1),
        "retry_on_error": [RedisConnectionError],
    },
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "infra.sharedcache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        },
        "local": LOCAL_CACHE,
    }
    # The breaker logs each outage once; django-redis would log a traceback per call.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "local": LOCAL_CACHE,
    }

# Background jobs (docs/jobs.md): Django's task framework, stored in the database by
# django-tasks-db (`manage.py task_worker` runs them); periodic ones are enqueued by
# django-crontask (`manage.py task_scheduler`), which holds a Redis lock when Redis is
# set so that only one scheduler runs. Mail has a queue and a worker of its own: a mail
# server that hangs holds that worker only, never the other tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}
# The scheduler's Redis lock (django-crontask; `task_scheduler` takes it again after a
# Redis restart): extended every LOCK_REFRESH_INTERVAL seconds, lost after LOCK_TIMEOUT.
CRONTASK = {
    "REDIS_URL": REDIS_URL or None,
    "LOCK_REFRESH_INTERVAL": float(os.environ.get("SCHEDULER_LOCK_REFRESH_SECONDS", "5")),
    "LOCK_TIMEOUT": float(os.environ.get("SCHEDULER_LOCK_TIMEOUT_SECONDS", "10")),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff logins (docs/security.md): django-axes counts failures in the database, per
# username and address (AXES_FAILURE_LIMIT) and per address (NEWSROOM
# "LOGIN_FAILURES_PER_ADDRESS"), and answers 429 during the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "infra.staff.logins.LoginAttemptsHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "infra.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "infra.staff.logins.lockout_response"
# Successful logins are not kept forever: the security log has them.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor authentication (django-otp): TOTP apps and single-use recovery codes.
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Le Quotidien")

# Staff sessions: the cookie never outlives the absolute lifetime (NEWSROOM
# "STAFF_SESSION_MAX_SECONDS"); infra.staff.sessions enforces it and the idle timeout.
SESSION_COOKIE_AGE = 12 * 60 * 60

# Internationalization: French first, English shipped.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Serving uploads from Django is for development and single-machine demos; a real
# deployment serves MEDIA_ROOT from the web server or object storage.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG) and os.environ.get("MEDIA_STORAGE") != "s3"
# How long browsers, the edge and a CDN may keep a media file (NEWSROOM["MEDIA_MAX_AGE"],
# seconds): a stored name never gets new content, and the files of a withdrawn
# or deleted image are purged from the edge (docs/images.md).
media_max_age = int(os.environ.get("MEDIA_MAX_AGE", str(24 * 60 * 60)))
# Uploads (originals and renditions) on the local disk by default, or in an S3 bucket
# (AWS, or any S3-compatible store) through django-storages when MEDIA_STORAGE=s3, so
# that every node sees the same files. Public, unsigned URLs under MEDIA_URL: a signed
# URL expires, and a cached page would keep pointing at it (docs/deployment.md).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
if MEDIA_STORAGE == "s3":
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    if not S3_BUCKET:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    S3_REGION = os.environ.get("S3_REGION", "") or None
    # Where readers fetch the files: a CDN or the bucket's own address.
    if "MEDIA_URL" not in os.environ:
        MEDIA_URL = (
            f"{S3_ENDPOINT_URL.rstrip('/')}/{S3_BUCKET}/"
            if S3_ENDPOINT_URL
            else f"https://{S3_BUCKET}.s3.{S3_REGION or 'us-east-1'}.amazonaws.com/"
        )
    public = urlsplit(MEDIA_URL)
    if public.scheme not in {"http", "https"} or not public.netloc:
        raise ImproperlyConfigured(
            "MEDIA_URL must be an absolute http(s) URL with MEDIA_STORAGE=s3."
        )
    MEDIA_URL = MEDIA_URL.rstrip("/") + "/"
    MEDIA_STORAGE_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": S3_ENDPOINT_URL or None,
        "region_name": S3_REGION,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        # Path-style addresses (https://endpoint/bucket/key) work with every
        # S3-compatible store; AWS accepts "virtual" too.
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
        "querystring_auth": False,
        # URLs are built from MEDIA_URL, without asking the store.
        "custom_domain": (public.netloc + public.path).rstrip("/"),
        "url_protocol": f"{public.scheme}:",
        # Like the filesystem: a name in use gets a suffix, nothing is overwritten.
        "file_overwrite": False,
        # "public-read" for stores without bucket policies; None leaves the bucket's.
        "default_acl": os.environ.get("S3_DEFAULT_ACL") or None,
        "object_parameters": {"CacheControl": f"public, max-age={media_max_age}"},
    }
    MEDIA_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    MEDIA_STORAGE_OPTIONS = {}
    MEDIA_STORAGE_BACKEND = "newsroom.storage.MediaStorage"
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND, "OPTIONS": MEDIA_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": (
            "newsroom.storage.StaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Where the original of an image withdrawn from the site (its usage rights expired)
    # is kept for the archive: never served (docs/images.md). Outside MEDIA_ROOT.
    "image_archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(
                os.environ.get("IMAGE_ARCHIVE_ROOT", BASE_DIR / "var" / "image-archive")
            ),
        },
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email (Django 6.1 MAILERS): SMTP in production (a local MTA unless EMAIL_HOST is set)
# or whenever EMAIL_HOST is set; the console in development.
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(
                    os.environ.get("EMAIL_PORT", "587" if os.environ.get("EMAIL_HOST") else "25")
                ),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <redaction@example.org>")

# Security headers, from the first request on.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_media = urlsplit(MEDIA_URL)
_media_origin = f"{_media.scheme}://{_media.netloc}" if _media.netloc else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Uploads may be served from another origin (object storage, a CDN).
    "img-src": [CSP.SELF, "data:", *([_media_origin] if _media_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Embeds in article bodies (docs/stories.md): the oEmbed providers the newsroom
# accepts. A reader's browser loads a provider's frame only once they click
# "Charger le contenu"; the CSP's frame-src lists exactly these providers' hosts.
EMBED_PROVIDERS = [
    {
        "name": "YouTube",
        "patterns": [
            r"https://(?:www\.|m\.)?youtube\.com/watch\?v=[\w-]{6,20}",
            r"https://(?:www\.)?youtube\.com/shorts/[\w-]{6,20}",
            r"https://youtu\.be/[\w-]{6,20}",
        ],
        "endpoint": "https://www.youtube.com/oembed",
        "frames": ["www.youtube.com", "www.youtube-nocookie.com"],
    },
    {
        "name": "Vimeo",
        "patterns": [r"https://(?:www\.)?vimeo\.com/\d+", r"https://player\.vimeo\.com/video/\d+"],
        "endpoint": "https://vimeo.com/api/oembed.json",
        "frames": ["player.vimeo.com"],
    },
    {
        "name": "Dailymotion",
        "patterns": [
            r"https://(?:www\.)?dailymotion\.com/video/[a-zA-Z0-9]+",
            r"https://dai\.ly/[a-zA-Z0-9]+",
        ],
        "endpoint": "https://www.dailymotion.com/services/oembed",
        "frames": ["www.dailymotion.com", "geo.dailymotion.com"],
    },
    {
        "name": "X (Twitter)",
        "patterns": [r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status/(?P<id>\d+)"],
        "endpoint": "https://publish.twitter.com/oembed",
        "frames": ["platform.twitter.com"],
        # The answer is a quote and a script: the post's own frame instead.
        "frame_url": "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
    },
    {
        "name": "Instagram",
        "patterns": [r"https://(?:www\.)?instagram\.com/(?:p|reel)/(?P<code>[\w-]+)/?"],
        # Meta's endpoint needs an app's access token (INSTAGRAM_OEMBED_TOKEN).
        "endpoint": "https://graph.facebook.com/v22.0/instagram_oembed",
        "params": {"access_token": os.environ.get("INSTAGRAM_OEMBED_TOKEN", "")},
        "frames": ["www.instagram.com"],
        "frame_url": "https://www.instagram.com/p/{code}/embed/",
    },
    {
        "name": "Bluesky",
        "patterns": [r"https://bsky\.app/profile/[\w.:-]+/post/\w+"],
        "endpoint": "https://embed.bsky.app/oembed",
        "frames": ["embed.bsky.app"],
        "frame_source": r'data-bluesky-uri="at://(?P<did>did:[\w:.-]+)/app\.bsky\.feed\.post/(?P<rkey>\w+)"',
        "frame_url": "https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{rkey}",
    },
    {
        "name": "Datawrapper",
        "patterns": [
            r"https://datawrapper\.dwcdn\.net/\w{5}(?:/\d+)?/?",
            r"https://www\.datawrapper\.de/_/\w{5}/?",
        ],
        "endpoint": "https://api.datawrapper.de/v3/oembed",
        "frames": ["datawrapper.dwcdn.net"],
    },
]
EMBED_FETCH_TIMEOUT = (3, 10)  # seconds: to connect, then between two bytes of the answer
EMBED_REFRESH_DAYS = 30  # a stored answer is fetched again when an article using it is saved
SECURE_CSP["frame-src"] = sorted(
    {host for provider in EMBED_PROVIDERS for host in provider["frames"]}
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and uptime checks probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Logins, lockouts and second factors, whatever LOG_LEVEL says (docs/security.md).
    "loggers": {"newsroom.security": {"level": "INFO"}},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The newsroom's own settings.
NEWSROOM = {
    "SITE_NAME": os.environ.get("SITE_NAME", "Le Quotidien"),
    "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
    "PUBLISHER_LOGO": "img/logo.png",
    "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", "20")),
    # Reader pages in the shared cache, and the lifetime of shared data (navigation,
    # article extras): listings and sidebars are at most this old.
    "PAGE_CACHE": env_bool("PAGE_CACHE", True),
    # What identifies the deployed code in ETags (the commit, say); by default a
    # digest of the project's code, templates, translations and packages.
    "RELEASE": os.environ.get("RELEASE", ""),
    "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", "60")),
    # What a 503 (the database unavailable) tells clients to wait before trying again.
    "RETRY_AFTER_SECONDS": int(os.environ.get("RETRY_AFTER_SECONDS", "30")),
    "DATA_CACHE_SECONDS": 60,
    # Live pages (docs/live.md): readers' pages poll a small document every
    # LIVE_POLL_SECONDS, which shared caches keep LIVE_UPDATES_SECONDS; the page shows
    # the LIVE_POSTS_SHOWN newest posts, the document the LIVE_UPDATE_POSTS newest.
    "LIVE_POLL_SECONDS": int(os.environ.get("LIVE_POLL_SECONDS", "15")),
    "LIVE_UPDATES_SECONDS": int(os.environ.get("LIVE_UPDATES_SECONDS", "5")),
    "LIVE_POSTS_SHOWN": 300,
    "LIVE_UPDATE_POSTS": 30,
    "LIVE_JSON_LD_UPDATES": 50,
    # Dotted path to a callable receiving the surrogate keys and the URLs to purge from a
    # CDN, hook(keys, urls): the ones shipped are infra.purgers.varnish, .fastly and
    # .cloudflare (docs/edge.md).
    "PURGE_HOOK": os.environ.get("PURGE_HOOK", ""),
    # The Varnish edge (deploy/varnish): its purge addresses (comma-separated, one per
    # Varnish) and the token its configuration expects in X-Purge-Token.
    "VARNISH_PURGE_URLS": os.environ.get("VARNISH_PURGE_URLS", ""),
    "PURGE_TOKEN": os.environ.get("PURGE_TOKEN", ""),
    # Fastly (purge by surrogate key) and Cloudflare (purge by cache tag).
    "FASTLY_SERVICE_ID": os.environ.get("FASTLY_SERVICE_ID", ""),
    "FASTLY_API_TOKEN": os.environ.get("FASTLY_API_TOKEN", ""),
    "FASTLY_API_URL": os.environ.get("FASTLY_API_URL", "https://api.fastly.com"),
    "CLOUDFLARE_ZONE_ID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    "CLOUDFLARE_API_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    "CLOUDFLARE_API_URL": os.environ.get(
        "CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4"
    ),
    # Media files' Cache-Control max-age (the S3 objects' and SERVE_MEDIA's responses).
    "MEDIA_MAX_AGE": media_max_age,
    # A reader 404 may stay this long in a CDN (a scheduled story's address, say).
    "NOT_FOUND_CACHE_SECONDS": int(os.environ.get("NOT_FOUND_CACHE_SECONDS", "30")),
    # Background jobs: finished task records are kept this many days, failed ones
    # longer (someone may want to read the error), sent mails' copies as long.
    "TASK_RESULTS_KEEP_DAYS": 14,
    "FAILED_TASK_RESULTS_KEEP_DAYS": 90,
    # A task still running after this long lost its worker and is queued again: longer
    # than any task takes (each of their waits is bounded: SMTP 10 s, SQL 10 s).
    "LOST_TASK_MINUTES": 15,
    "HOME_STORIES_PER_SECTION": 4,
    # The search engine (docs/search.md): the database's own full-text search by default.
    "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "search.backends.DatabaseBackend"),
    "SEARCH_PAGE_SIZE": 20,
    # Results a reader may page through; the count says "plus de 100" beyond.
    "SEARCH_MAX_RESULTS": 200,
    "NEWS_SITEMAP_HOURS": 48,
    # The sitemap index and its pages stay this long in the shared cache.
    "SITEMAP_CACHE_SECONDS": int(os.environ.get("SITEMAP_CACHE_SECONDS", "300")),
    # robots.txt: the crawlers that gather text for AI models, refused the whole site
    # (AI_CRAWLERS_BLOCKED, comma-separated, replaces the list; "none" empties it).
    # Search engines' own crawlers are not on it: the site stays in their results.
    "AI_CRAWLERS_BLOCKED": [
        name
        for name in env_list(
            "AI_CRAWLERS_BLOCKED",
            [
                "GPTBot",
                "ChatGPT-User",
                "OAI-SearchBot",
                "ClaudeBot",
                "Claude-Web",
                "anthropic-ai",
                "CCBot",
                "Google-Extended",
                "Applebot-Extended",
                "PerplexityBot",
                "Perplexity-User",
                "Bytespider",
                "Meta-ExternalAgent",
                "FacebookBot",
                "Amazonbot",
                "cohere-ai",
                "Diffbot",
                "ImagesiftBot",
                "Omgilibot",
                "Timpibot",
                "YouBot",
                "MistralAI-User",
            ],
        )
        if name.lower() != "none"
    ],
    # /.well-known/security.txt (RFC 9116): where to report a vulnerability, and how
    # long the file is valid from the day it is served.
    "SECURITY_CONTACT": env_list("SECURITY_CONTACT", ["mailto:securite@example.org"]),
    "SECURITY_POLICY_URL": os.environ.get("SECURITY_POLICY_URL", ""),
    "SECURITY_TXT_DAYS": 180,
    "FEED_SIZE": 30,
    "IMAGE_MAX_UPLOAD_BYTES": int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)),
    "IMAGE_MAX_PIXELS": int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000)),
    # Who is told, 7 days ahead, that an image's usage rights expire (docs/images.md);
    # empty: the editors (holders of images.change_used_image) with an address.
    "PHOTO_DESK_EMAIL": os.environ.get("PHOTO_DESK_EMAIL", ""),
    "IMAGE_EXPIRY_ALERT_DAYS": 7,
    # Pre-publication checks.
    "LEAD_MAX_LENGTH": 600,
    # Headlines: advice, not a wall (French dailies' run long). Past this length the
    # editor sees a warning and can still publish; the JSON-LD headline is cut at
    # JSON_LD_HEADLINE_LENGTH (what search engines show) on a word.
    "HEADLINE_ADVISED_LENGTH": 120,
    # The desk (docs/desk.md): how long browsers and the CDN keep the "Alerte"
    # banner's answer (the delay before a raised banner shows on every page), and
    # how often an open page asks again.
    "ALERT_MAX_AGE": 5,
    "ALERT_POLL_SECONDS": 30,
    "JSON_LD_HEADLINE_LENGTH": 110,
    "PREVIEW_LINK_DAYS": 3,
    # Comments: see comments/ and the moderation charter.
    "COMMENTS_OPEN_DAYS": int(os.environ.get("COMMENTS_OPEN_DAYS", "14")),
    "COMMENT_MAX_LENGTH": 3000,
    "COMMENTS_PER_PAGE": 100,
    "COMMENT_MIN_FILL_SECONDS": 3,
    "COMMENT_FORM_MAX_AGE_SECONDS": 24 * 60 * 60,
    # Per address (an IPv4 address, an IPv6 /64) and per email: 5 comments per 10 minutes.
    "COMMENT_RATE_LIMIT": (5, 10 * 60),
    "REPORT_RATE_LIMIT": (10, 10 * 60),  # reports per address (an IPv6 /64)
    # Reverse proxies in front of the site that append to X-Forwarded-For (0: none).
    "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
    # Distinct reporters (an IPv4 address or an IPv6 /64 each) that hide a comment
    # until a moderator decides, and how many comments one of them may hide a day.
    "REPORTS_TO_HIDE": int(os.environ.get("REPORTS_TO_HIDE", "3")),
    "REPORT_HIDES_PER_DAY": int(os.environ.get("REPORT_HIDES_PER_DAY", "5")),
    "IP_HASH_RETENTION_DAYS": 30,
    # Illegal-content notices (docs/compliance.md): the moderators are reminded of a
    # notice still open after NOTICE_ALERT_HOURS; past NOTICE_ESCALATION_HOURS it goes to
    # the directeur de la publication. MODERATION_ALERT_EMAIL (a shared mailbox) gets
    # every staff alert besides the moderators' own addresses.
    "NOTICE_ALERT_HOURS": int(os.environ.get("NOTICE_ALERT_HOURS", "24")),
    "NOTICE_ESCALATION_HOURS": int(os.environ.get("NOTICE_ESCALATION_HOURS", "48")),
    "MODERATION_ALERT_EMAIL": os.environ.get("MODERATION_ALERT_EMAIL", ""),
    "PUBLICATION_DIRECTOR_EMAIL": os.environ.get(
        "PUBLICATION_DIRECTOR_EMAIL", "direction@example.org"
    ),
    # The out-of-court dispute settlement body (DSA Art. 21) the decisions name, if any.
    "OUT_OF_COURT_BODY": os.environ.get("OUT_OF_COURT_BODY", ""),
    # The legal pages (mentions légales, DSA contact point, privacy notice): who
    # publishes, who answers for it, who hosts it, and where to write.
    "PUBLISHER": {
        "name": os.environ.get("PUBLISHER_NAME", "Le Quotidien SAS"),
        "legal_form": os.environ.get("PUBLISHER_LEGAL_FORM", "SAS au capital de 100 000 €"),
        "address": os.environ.get("PUBLISHER_ADDRESS", "1 rue de la Presse, 75002 Paris"),
        "registration": os.environ.get("PUBLISHER_REGISTRATION", "RCS Paris 000 000 000"),
        "phone": os.environ.get("PUBLISHER_PHONE", "+33 1 00 00 00 00"),
    },
    "PUBLICATION_DIRECTOR": os.environ.get("PUBLICATION_DIRECTOR", "Camille Directrice"),
    "HOST": {
        "name": os.environ.get("HOST_NAME", "Hébergeur SAS"),
        "address": os.environ.get("HOST_ADDRESS", "2 avenue des Serveurs, 59100 Roubaix"),
        "phone": os.environ.get("HOST_PHONE", "+33 3 00 00 00 00"),
    },
    # DSA Arts 11-12: the single point of contact for authorities and for users.
    "DSA_CONTACT_EMAIL": os.environ.get("DSA_CONTACT_EMAIL", "dsa@example.org"),
    "DSA_CONTACT_LANGUAGES": "français, anglais",
    "PRIVACY_CONTACT_EMAIL": os.environ.get("PRIVACY_CONTACT_EMAIL", "dpo@example.org"),
    # The moderation charter in force: each comment and each decision records it.
    "CHARTER_VERSION": "2026-12",
    # How long a signed link to one's own data (access, portability, erasure) stays valid.
    "DATA_LINK_HOURS": 24,
    # The publisher's size under the DSA ("micro", "small", "medium", "large"): micro
    # and small enterprises are exempt from the transparency report (Art. 15(2)),
    # which the site still produces.
    "ENTERPRISE_SIZE": os.environ.get("ENTERPRISE_SIZE", "small"),
    # How long a decision may be contested (DSA Art. 20: at least six months).
    "COMPLAINT_DAYS": 183,
    # The most comments one notice may name.
    "NOTICE_MAX_COMMENTS": 20,
    # Staff accounts (docs/security.md). A second factor for the groups below and for
    # superusers: required in production, relaxed in development unless asked for.
    "REQUIRE_2FA": env_bool("NEWSROOM_REQUIRE_2FA", PRODUCTION),
    "TWO_FACTOR_GROUPS": ["Éditeurs", "Modérateurs"],
    "RECOVERY_CODES": 10,
    # Failed logins from one address, whatever the usernames, before its cool-off.
    "LOGIN_FAILURES_PER_ADDRESS": 30,
    "STAFF_SESSION_IDLE_SECONDS": 30 * 60,
    "STAFF_SESSION_MAX_SECONDS": 12 * 60 * 60,
    "COMMENT_EMAIL_RETENTION_DAYS": 365,
    # Retention of the moderation record's personal fields (docs/compliance.md): the
    # name and text of a comment never published; a closed case's notice details,
    # contacts, snapshots and moderators' notes; the reporters' keys once decided.
    "UNPUBLISHED_COMMENT_RETENTION_DAYS": 365,
    "CASE_RECORD_RETENTION_DAYS": 365,
    "REPORTER_KEY_RETENTION_DAYS": 30,
    # Audience: see docs/audience.md.
    "AUDIENCE_READ_WINDOW_SECONDS": 30 * 60,
    "AUDIENCE_BEACON_RATE_LIMIT": (120, 10 * 60),
    "AUDIENCE_RANKING_SIZE": 5,
    "AUDIENCE_RANKING_CACHE_SECONDS": 60,
    "AUDIENCE_ROLLUP_AFTER_DAYS": 10,
    "AUDIENCE_RETENTION_DAYS": 400,
    # The wire desk: see docs/wire.md.
    "WIRE_DROP_DIR": os.environ.get("WIRE_DROP_DIR", str(BASE_DIR / "var" / "wire")),
    "WIRE_MAX_BYTES": int(os.environ.get("WIRE_MAX_BYTES", 10 * 1024 * 1024)),
    "WIRE_PICTURE_MAX_BYTES": int(os.environ.get("WIRE_PICTURE_MAX_BYTES", 15 * 1024 * 1024)),
    "WIRE_PICTURE_TIMEOUT_SECONDS": 10,
    "WIRE_RETENTION_DAYS": int(os.environ.get("WIRE_RETENTION_DAYS", "30")),
    # Priorities 1 (flash) to 3 (urgent) are highlighted on the desk.
    "WIRE_URGENT_PRIORITY": 3,
    # The section suggested for a dispatch, by the first level of its IPTC subject code.
    "WIRE_SECTION_SUBJECTS": {
        "04": "economie",
        "09": "economie",
        "11": "politique",
        "13": "tech",
        "06": "energie",
    },
    "NINJS_PAGE_SIZE": 20,
    "NINJS_USAGE_TERMS": os.environ.get(
        "NINJS_USAGE_TERMS", "Reproduction réservée aux partenaires sous contrat."
    ),
}

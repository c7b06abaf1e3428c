# The Newsroom application image: the web nodes, the task worker and the scheduler run
# it with different commands (compose.yaml, docs/deployment.md). Small (slim base, no
# compiler, no pip cache), run as an unprivileged user, static files collected here.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.12-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NEWSROOM_ENV=production \
    STATIC_ROOT=/app/var/staticfiles \
    MEDIA_ROOT=/app/var/media
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home newsroom
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Hashed, compressed static files in the image (WhiteNoise serves them): a key made for
# this step only, as production mode refuses to start without one.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
      python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media \
    && chown -R newsroom:newsroom /app/var
USER newsroom
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "newsroom.wsgi", "--config", "python:newsroom.gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN useradd --create-home --uid 10001 warstatus
# DejaVu for the share image (status/share_image.py): Pillow's own font has no Cyrillic
# and none of the Polish, Baltic or Romanian letters, which it would draw as boxes.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# Exactly the versions CI tested, and only what the site runs on: the runtime lock,
# every package pinned and hashed (the test tools are in requirements-dev.lock).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
# Left owned by root (no chown): the site's user reads the code and cannot change it;
# nothing under /app is written at run time (static files are collected here, beat
# keeps its schedule in /tmp).
COPY . .
# Settings refuse to start without these when DEBUG is off; collectstatic needs neither
# key for anything, so throwaway values that never reach the running image serve.
# The interface catalogues, compiled with polib (in the runtime lock): no gettext in the image.
RUN python -m core.catalogues
RUN DEBUG=false SECRET_KEY=collectstatic-only AUDIT_KEY=collectstatic-only-never-seals-an-entry \
    python manage.py collectstatic --noinput

USER warstatus
EXPOSE 8000
CMD ["gunicorn", "warstatus.wsgi:application"]

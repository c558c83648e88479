FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN useradd --create-home --uid 10001 warstatus
# Exactly the versions CI tested: every package pinned and hashed in the one lock.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
# Static files are collected at build time; the key is only for this step.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && chown -R warstatus:warstatus /app

USER warstatus
EXPOSE 8000
CMD ["gunicorn", "warstatus.wsgi:application"]
